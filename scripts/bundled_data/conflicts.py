"""Process: the rows each disagreement of ``disagreements.yaml`` names, and their conflict notes.

Disagreeing reports are never resolved: every row stays, and each points at the others by
record_id. A row selector must match exactly one facts row, so a changed fact stops the build
instead of leaving a stale note.
"""

from __future__ import annotations

from analysis.errors import DataValidationError

from .curated import Disagreement
from .rows import Built

NOTE_SEPARATOR = " | "  # between two notes on one row


def resolve_labels(
    built: dict[str, Built], disagreements: tuple[Disagreement, ...]
) -> dict[str, str]:
    """label -> record_id of the one facts row its ``where`` selects."""
    labels: dict[str, str] = {}
    for disagreement in disagreements:
        target = built[disagreement.table.key]
        for selected in disagreement.rows:
            matches = [
                out["record_id"]
                for fact, out in zip(target.facts, target.rows, strict=True)
                if all(fact.values[c] == v for c, v in selected.where)
            ]
            if len(matches) != 1:
                raise DataValidationError(
                    f"{selected.address}: the selector "
                    f"{selected.label!r} ({dict(selected.where)}) matches {len(matches)} rows "
                    f"of {target.table.facts_file}, not exactly one. The facts changed: update "
                    "its 'where' (or the row's label and notes) to the new values."
                )
            labels.setdefault(selected.label, matches[0])
    return labels


def fill(text: str, labels: dict[str, str]) -> str:
    """``text`` with each {label} replaced by its record_id (labels are checked on load)."""
    return text.format(**labels)


def add_conflict_notes(
    built: dict[str, Built], disagreements: tuple[Disagreement, ...], labels: dict[str, str]
) -> None:
    """Append each selected row's note to its conflict_note, in the order of the file."""
    for disagreement in disagreements:
        rows = {out["record_id"]: out for out in built[disagreement.table.key].rows}
        for selected in disagreement.rows:
            out = rows[labels[selected.label]]
            note = fill(selected.note, labels)
            out["conflict_note"] = (
                out["conflict_note"] + NOTE_SEPARATOR + note if out["conflict_note"] else note
            )
