"""What a batch knows about each run, typed: its status, the job a worker is given, what the
worker made of it, and the record the manifest keeps.

A run's life: :func:`analysis.report.runner.plan_runs` makes a :class:`RunRecord` for every run
(``not run``; ``skipped`` when it is unchanged since the manifest); a worker is handed a
:class:`Job` and gives back an :class:`Attempt` (its staged files, or its failure); the main
process finishes a staged attempt (:class:`analysis.report.finisher.Finisher`) and records the
run ``ok`` or ``failed``.

Strings stand for statuses only at the JSON boundary: :meth:`RunRecord.to_json` writes a
manifest entry (``DIR/manifest.json``, its journal) and :meth:`RunRecord.from_json` reads one
back. The entry's keys and values are the manifest's on-disk format, which users and the front
page (:mod:`analysis.report.frontpage`) read: ``id``, ``parameters``, ``fingerprint``,
``inputs_sha256``, ``started``, ``status``, ``figures``, ``advice``, ``duration_s``,
``outputs``, ``error``, ``failing_cell``, ``failed_notebook``, ``kept``, ``skipped_at``; a key
is written only when the run has a value for it. Keys this version does not know are kept as
read (:attr:`RunRecord.extra`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.files import sha256_file

if TYPE_CHECKING:
    from analysis.report.ownership import Process
    from analysis.report.render import Staged


class RunStatus(enum.StrEnum):
    """How a run stands in the manifest, in the order the front page counts them."""

    OK = "ok"
    """Finished: its reports are in place."""
    FAILED = "failed"
    """Finished without its reports: ``error`` says why (``failing_cell``, ``failed_notebook``
    and ``kept`` when the notebook or the PDF failed)."""
    SKIPPED = "skipped"
    """Unchanged since the manifest (notebook, parameters, inputs, code) and its reports intact:
    not run again, its earlier record kept."""
    NOT_RUN = "not run"
    """Planned and not finished: still waiting, in flight, or stopped (an interrupted batch
    notes why in ``error``)."""

    @property
    def done(self) -> bool:
        """Whether the run's reports are in place (a re-run may skip it)."""
        return self in (RunStatus.OK, RunStatus.SKIPPED)


class _Unset(enum.Enum):
    UNSET = "unset"


UNSET = _Unset.UNSET
"""``failing_cell`` of a run that did not fail while its notebook ran (the key is not written);
``None`` there means it failed running the notebook, but in no cell (a kernel that would not
start, an export that failed)."""


@dataclass(frozen=True)
class Output:
    """One file a run wrote, as the manifest describes it."""

    path: str
    size: int  # bytes
    sha256: str

    @classmethod
    def of(cls, path: str | Path) -> Output:
        """The file at ``path``, measured now."""
        return cls(str(path), Path(path).stat().st_size, sha256_file(Path(path)))

    def intact(self) -> bool:
        """Whether the file is still there, of the same size and content."""
        path = Path(self.path)
        if not path.exists() or path.stat().st_size != self.size:
            return False
        return sha256_file(path) == self.sha256

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "bytes": self.size, "sha256": self.sha256}

    @classmethod
    def from_json(cls, data: Any) -> Output:
        if not isinstance(data, dict):
            raise ValueError(f"an output is a mapping, not {type(data).__name__}")
        try:
            return cls(str(data["path"]), int(data["bytes"]), str(data["sha256"]))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"an output lacks or mistypes {exc}") from None


def describe_outputs(outputs: dict[str, str | Path]) -> dict[str, Output]:
    """Each file of ``outputs`` (kind -> path), measured now."""
    return {kind: Output.of(path) for kind, path in outputs.items()}


def _outputs(data: Any) -> dict[str, Output] | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ValueError("outputs are a mapping of kind to file")
    return {str(kind): Output.from_json(item) for kind, item in data.items()}


_KEYS = (
    "id",
    "parameters",
    "fingerprint",
    "inputs_sha256",
    "started",
    "status",
    "figures",
    "advice",
    "duration_s",
    "outputs",
    "error",
    "failing_cell",
    "failed_notebook",
    "kept",
    "skipped_at",
)
"""The keys of a manifest entry, in the order they are written."""


@dataclass(frozen=True)
class RunRecord:
    """One run as the manifest keeps it. Change it with :func:`dataclasses.replace`: a record
    being written by the manifest's timer thread is never changed under it."""

    id: str
    parameters: dict[str, Any]
    status: RunStatus = RunStatus.NOT_RUN
    fingerprint: str | None = None
    """What makes the run unchanged (:func:`analysis.report.fingerprint.fingerprint`)."""
    inputs_sha256: dict[str, str] | None = None
    """SHA-256 of each ``*_path`` input, by parameter."""
    started: str | None = None  # ISO time, UTC, to the second
    figures: dict[str, Any] | None = None
    """The key figures the notebook emitted (:mod:`analysis.report.figures`)."""
    advice: list[str] | None = None
    """What the notebook advised its operator (never in the report)."""
    duration_s: float | None = None
    outputs: dict[str, Output] | None = None
    error: str | None = None
    failing_cell: int | _Unset | None = UNSET
    failed_notebook: str | None = None
    kept: dict[str, Output] | None = None
    """A run whose PDF failed: its HTML and notebook, kept beside the report."""
    skipped_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys of the entry as read that this version does not know, written back as they were."""

    def to_json(self) -> dict[str, Any]:
        """The manifest entry (statuses as their text; only the keys the run has a value for)."""
        entry: dict[str, Any] = {"id": self.id, "parameters": self.parameters}
        for key, value in (
            ("fingerprint", self.fingerprint),
            ("inputs_sha256", self.inputs_sha256),
            ("started", self.started),
            ("status", self.status.value),
            ("figures", self.figures),
            ("advice", self.advice),
            ("duration_s", self.duration_s),
            ("outputs", _json_outputs(self.outputs)),
            ("error", self.error),
        ):
            if value is not None:
                entry[key] = value
        if self.failing_cell is not UNSET:
            entry["failing_cell"] = self.failing_cell
        for key, value in (
            ("failed_notebook", self.failed_notebook),
            ("kept", _json_outputs(self.kept)),
            ("skipped_at", self.skipped_at),
        ):
            if value is not None:
                entry[key] = value
        entry.update(self.extra)
        return entry

    @classmethod
    def from_json(cls, data: Any) -> RunRecord:
        """The record of a manifest entry; :class:`ValueError` for one that is not (no ``id``,
        an unknown status, an output without its size or checksum)."""
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise ValueError("a manifest entry is a mapping with an `id`")
        try:
            status = RunStatus(data.get("status"))
        except ValueError:
            raise ValueError(f"unknown status {data.get('status')!r}") from None
        parameters = data.get("parameters")
        return cls(
            id=data["id"],
            parameters=parameters if isinstance(parameters, dict) else {},
            status=status,
            fingerprint=data.get("fingerprint"),
            inputs_sha256=data.get("inputs_sha256"),
            started=data.get("started"),
            figures=data.get("figures"),
            advice=data.get("advice"),
            duration_s=data.get("duration_s"),
            outputs=_outputs(data.get("outputs")),
            error=data.get("error"),
            failing_cell=data.get("failing_cell", UNSET),
            failed_notebook=data.get("failed_notebook"),
            kept=_outputs(data.get("kept")),
            skipped_at=data.get("skipped_at"),
            extra={key: value for key, value in data.items() if key not in _KEYS},
        )

    def attempted(self, attempt: Attempt) -> RunRecord:
        """This record with what a worker made of the run: failed with its error, or not run
        yet (its files staged, for the main process to finish)."""
        return replace(
            self,
            status=RunStatus.FAILED if attempt.error is not None else self.status,
            started=attempt.started,
            figures=attempt.figures,
            advice=attempt.advice,
            duration_s=attempt.duration_s,
            error=attempt.error,
            failing_cell=attempt.failing_cell,
            failed_notebook=attempt.failed_notebook,
        )

    def outputs_intact(self) -> bool:
        """Whether the run has outputs and each is still as it was written."""
        return bool(self.outputs) and all(item.intact() for item in self.outputs.values())


def _json_outputs(outputs: dict[str, Output] | None) -> dict[str, Any] | None:
    return None if outputs is None else {kind: item.to_json() for kind, item in outputs.items()}


@dataclass(frozen=True)
class Job:
    """One run as a worker is given it (:func:`analysis.report.worker.run_job`)."""

    id: str
    notebook: str
    values: dict[str, Any]
    out: str
    formats: tuple[str, ...]
    timeout: int
    isolate: bool
    owner: Process | None = None
    """The batch's main process: it holds the report's lock and finishes the run."""


@dataclass(frozen=True)
class Attempt:
    """What a worker made of a :class:`Job`: its files staged (for the main process to print
    and move into place), or its failure (``error``). ``started`` is None for a run whose
    worker was lost."""

    started: str | None
    duration_s: float
    staged: Staged | None = None
    figures: dict[str, Any] | None = None
    advice: list[str] | None = None
    error: str | None = None
    failing_cell: int | _Unset | None = UNSET
    failed_notebook: str | None = None


__all__ = [
    "UNSET",
    "Attempt",
    "Job",
    "Output",
    "RunRecord",
    "RunStatus",
    "describe_outputs",
]
