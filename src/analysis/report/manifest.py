"""A batch's manifest (``DIR/manifest.json``), its journal, front page and overview.

Each run is kept as a :class:`~analysis.report.records.RunRecord`, written as its JSON entry
(:meth:`~analysis.report.records.RunRecord.to_json`) and read back from it. Every finished run
is appended at once, as one JSON line, to ``DIR/manifest.journal.jsonl``
(an unbuffered append: a batch killed outright loses no finished run). The full files, the
manifest (parameters, status, start, duration, outputs with sizes and SHA-256, the input
data's SHA-256, the key figures, and for failures the error and the failing cell), the front
page ``DIR/index.html`` and ``DIR/overview.csv`` (:mod:`analysis.report.frontpage`), are
rewritten atomically at most every :data:`WRITE_INTERVAL` seconds (or ten times as long as
the last full write took, so that they take about a tenth of one core at most), and always
at the end of a batch, on Ctrl-C and on SIGTERM. Once a full write has succeeded, the journal
is removed: the manifest holds all it held. :func:`read_manifest` merges the two (journal
lines win; a torn line, from a process killed while writing it, is ignored), so a killed batch
resumes from every run it finished. A write that fails (a full disk) keeps the previous files whole,
and :attr:`Manifest.write_error` names the failure (:func:`analysis.oserrors.describe`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import sys
import threading
import time
from pathlib import Path

from analysis import __version__, oserrors
from analysis.files import write_atomic
from analysis.report import frontpage
from analysis.report.batch import Plan, Run
from analysis.report.records import RunRecord, RunStatus

MANIFEST = "manifest.json"
INDEX = "index.html"
OVERVIEW = "overview.csv"
JOURNAL = "manifest.journal.jsonl"
WRITE_INTERVAL = 2.0
"""Seconds between two full writes of the manifest, front page and overview during a batch."""


def utf8(text: str) -> bytes:
    """JSON text as UTF-8 bytes. A file name that is not UTF-8 (a byte 0xFF in ``--out``) is
    held by Python as a lone surrogate (PEP 383), which UTF-8 cannot encode: it is written as
    the JSON escape ``\\udcff``, so the file stays valid UTF-8 and reading it back gives the
    very name the file system holds."""
    return text.encode("utf-8", "backslashreplace")


def read_manifest(out: Path) -> dict[str, RunRecord]:
    """Records by run id: the manifest's, updated by its journal's (a batch killed outright).
    An entry that is not a run's record (edited by hand: no id, an unknown status) is left out,
    so that run is done again."""
    entries: dict[str, RunRecord] = {}
    path = out / MANIFEST
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            for item in data.get("runs", []):
                with contextlib.suppress(ValueError):
                    record = RunRecord.from_json(item)
                    entries[record.id] = record
        except (ValueError, TypeError, AttributeError, OSError):
            print(
                f"sitrep: warning: {path} is unreadable; runs it lists will be redone",
                file=sys.stderr,
            )
    entries.update(read_journal(out / JOURNAL))
    return entries


def read_journal(path: Path) -> dict[str, RunRecord]:
    """Records by run id from a journal, later lines first; a line that is not a whole entry
    (the last one, torn by a kill) is ignored."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        said = oserrors.describe(exc, instead="")
        print(f"sitrep: warning: cannot read {path}: {said}", file=sys.stderr)
        return {}
    entries: dict[str, RunRecord] = {}
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        try:
            record = RunRecord.from_json(json.loads(line))
        except ValueError:
            continue
        entries[record.id] = record
    return entries


class Manifest:
    """The manifest of one batch: :meth:`record` costs one journal append, and the full files
    are written by a timer thread at most every ``interval`` seconds; :meth:`write` writes
    everything now (at the start and the end of a batch).

    A full write serialises a snapshot of the entries outside the lock that :meth:`record`
    takes, so recording a run never waits for the files of a large batch; writers take turns,
    and a snapshot older than one already written is dropped. ``write_error`` holds the last
    write's error (a full disk) until a full write of every recorded entry succeeds."""

    def __init__(
        self, plan: Plan, out: Path, notebook_sha: str, interval: float = WRITE_INTERVAL
    ) -> None:
        self.plan, self.out, self.notebook_sha = plan, out, notebook_sha
        self.interval = interval
        self.entries: dict[str, RunRecord] = {}
        self.write_error: str | None = None
        self._lock = threading.Lock()  # entries, journal, timer
        self._writing = threading.Lock()  # one full write at a time
        self._journal: int | None = None  # file descriptor, opened at the first record
        self._generation = 0  # changes recorded so far
        self._written = -1  # the generation the files on disk hold
        self._last_write = float("-inf")
        self._pause = interval  # seconds between full writes: ``interval``, or more if slow
        self._timer: threading.Timer | None = None

    def record(self, run: Run, record: RunRecord) -> None:
        """Keep ``record`` as ``run``'s, in the journal at once and in the full files soon."""
        with self._lock:
            self.entries[run.id] = record
            self._generation += 1
            self._append(record)
            if self._timer is None:  # a full write within ``interval``, in another thread
                delay = max(0.0, self._last_write + self._pause - time.monotonic())
                self._timer = threading.Timer(delay, self._deferred)
                self._timer.daemon = True
                self._timer.start()

    def annotate(self, run_id: str, **fields: object) -> None:
        """Change ``fields`` of a run's record (a new record: a snapshot being written is
        untouched)."""
        with self._lock:
            self.entries[run_id] = dataclasses.replace(self.entries[run_id], **fields)
            self._generation += 1

    def write(self) -> None:
        """Write the manifest, front page and overview now (and remove the journal)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            snapshot = self._snapshot()
        self._write(*snapshot, force=True)

    def _deferred(self) -> None:
        with self._lock:
            if self._timer is not threading.current_thread():  # a write came first
                return
            self._timer = None
            snapshot = self._snapshot()
        self._write(*snapshot)

    def _snapshot(self) -> tuple[int, list[RunRecord]]:
        runs = [self.entries[r.id] for r in self.plan.runs if r.id in self.entries]
        return self._generation, runs

    def _append(self, record: RunRecord) -> None:
        text = json.dumps(record.to_json(), ensure_ascii=False, separators=(",", ":"))
        line = utf8(text + "\n")
        size = None
        try:
            if self._journal is None:
                self._journal = os.open(
                    self.out / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666
                )
            size = os.fstat(self._journal).st_size
            view = memoryview(line)
            while view:
                view = view[os.write(self._journal, view) :]
        except OSError as exc:  # e.g. a full disk: no torn line is left for the next one
            self.write_error = oserrors.describe(exc, self.out, instead="")
            if self._journal is not None and size is not None:
                with contextlib.suppress(OSError):
                    os.ftruncate(self._journal, size)

    def _write(self, generation: int, records: list[RunRecord], force: bool = False) -> None:
        with self._writing:
            if generation <= self._written and not force:
                return  # the files already hold this state or a newer one
            started = time.monotonic()
            runs = [record.to_json() for record in records]  # the front page reads these too
            updated = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            document = {
                "batch": str(self.plan.source),
                "notebook": str(self.plan.notebook),
                "notebook_sha256": self.notebook_sha,
                "formats": list(self.plan.formats),
                "sitrep_version": __version__,
                "updated": updated,
                "counts": {
                    status.value: sum(1 for record in records if record.status is status)
                    for status in RunStatus
                },
                "runs": runs,
            }
            title = f"{self.plan.name}: {self.plan.notebook.name}"
            error = None
            try:
                text = json.dumps(document, indent=2, ensure_ascii=False)
                write_atomic(self.out / MANIFEST, utf8(text))
                shape = frontpage.layout(runs)
                page = frontpage.index_html(runs, title, updated, MANIFEST, shape)
                write_atomic(self.out / INDEX, page)
                table = frontpage.overview_csv(runs, shape)
                write_atomic(self.out / OVERVIEW, table, encoding="utf-8-sig")
            except OSError as exc:  # e.g. a full disk: the previous files stay whole
                error = oserrors.describe(exc, self.out, instead="")
            with self._lock:
                self._last_write = time.monotonic()
                # a batch's bookkeeping takes at most a tenth of one core, however large
                self._pause = max(self.interval, 10 * (self._last_write - started))
                if error is not None:
                    self.write_error = error
                    return
                self._written = max(self._written, generation)
                if self._generation == generation:  # nothing recorded since the snapshot
                    self.write_error = None
                    self._remove_journal()  # the manifest holds every entry it held

    def _remove_journal(self) -> None:
        if self._journal is not None:
            with contextlib.suppress(OSError):
                os.close(self._journal)
            self._journal = None
        with contextlib.suppress(OSError):
            (self.out / JOURNAL).unlink(missing_ok=True)
