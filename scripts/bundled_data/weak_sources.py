"""Process: which rows rest on a single weak source, from their notes.

The facts mark a row that still rests on one weak page (a mirror, an aggregator, an unverified
claim) with "single weak source" in its ``notes`` ("single weak source: wikisum.wiki."), and
the curated disagreements may say it in the ``conflict_note`` they write ("single weak source:
a TASS 'Syrian source' report (8-9 Dec), not verified"; "single weak source (a copy of Al
Jazeera's tracker)"). Each such row gets that page, as said there, in ``weak_source``; every
other row has it empty. A row that says "single weak source" without naming the page anywhere
stops the build.
"""

from __future__ import annotations

import re

from analysis.errors import DataValidationError

from .rows import Built

FLAG = "single weak source"
_NAMED = re.compile(
    r"single weak source(?::\s*(?P<said>.+?)(?:\.\s|;|\s\|\s|\.?$)|\s*\((?P<quoted>[^)]+)\))",
    re.IGNORECASE,
)
COLUMNS = ("notes", "conflict_note")  # where the flag is looked for, in this order


def weak_source(texts: list[str]) -> str | None:
    """The weak page a row rests on, as its notes name it; "" when they name none; None when
    no text says "single weak source"."""
    flagged = False
    for text in texts:
        if FLAG not in text.lower():
            continue
        flagged = True
        for match in _NAMED.finditer(text):
            said = (match.group("said") or match.group("quoted") or "").strip().rstrip(".")
            if said:
                return said
    return "" if flagged else None


def add_weak_sources(built: dict[str, Built]) -> None:
    """Fill each row's ``weak_source`` (after the conflict notes are written)."""
    for item in built.values():
        for fact, out in zip(item.facts, item.rows, strict=True):
            said = weak_source([out.get(column, "") for column in COLUMNS])
            if said == "":
                raise DataValidationError(
                    f"{item.table.facts_file} line {fact.line} ({out['record_id']}): its notes "
                    f"say {FLAG!r} without naming the page (write '{FLAG}: <site or report>')."
                )
            out["weak_source"] = said or ""
