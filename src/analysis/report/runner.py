"""``sitrep batch``: run a batch plan in parallel, keep a manifest, never lose a run.

- Workers are long-lived processes (local pool, or Dask workers): each imports the libraries
  once and keeps one warm kernel (:mod:`analysis.report.kernels`); the main process prints
  every PDF with one long-lived headless Chromium while the workers go on.
- Each run writes its outputs atomically to ``DIR/<run id>.<ext>`` (the id is derived from the
  run's parameters); a failed run keeps ``DIR/<run id>.failed.ipynb`` with the traceback.
- Every finished run is appended to a journal at once; ``DIR/manifest.json`` (parameters,
  status, start, duration, outputs with sizes and SHA-256, the input data's SHA-256, the key
  figures, and for failures the error and the failing cell), the front page
  ``DIR/index.html`` and ``DIR/overview.csv`` are rewritten atomically every two seconds at
  most, and at the end (:mod:`~analysis.report.manifest`).
- A re-run skips runs whose notebook, parameters and inputs are unchanged and whose outputs
  still match the manifest (``force`` redoes them). An interrupted batch resumes from there.
- One batch at a time per folder: a second one is refused while the first holds the lock. The
  main process also holds the lock of each report in flight
  (:class:`~analysis.report.lock.ReportLock`), so a ``sitrep render`` of the same report, here
  or on another host sharing the folder, is refused while the batch writes it, and a run whose
  report a render is writing fails with one line (run the batch again to do it).
- SIGTERM and SIGHUP stop a batch as Ctrl-C does (exit status 128 + the signal's number). If
  the main process is killed outright, its workers, their kernels and Chromium exit by
  themselves within seconds (:mod:`analysis.report.lifetime`), and the janitor of its scratch
  folder kills what is left and removes the folder (:mod:`analysis.report.scratch`); the next
  call resumes and removes the staging folders the killed one left
  (:func:`analysis.report.staging.remove_stale`: only marked folders, whose owner is gone).
- A run ends ok, skipped or failed (:class:`~analysis.report.records.RunStatus`; a run an
  interruption stopped stays "not run"); the exit status is 0 only when every run is ok or
  skipped.

This module keeps the main loop (:func:`run_batch`, :func:`plan_runs`, and the steps of one
batch in :class:`_Batch`); each other job has its own module: what is known of a run, typed
(:mod:`~analysis.report.records`), run ids (:mod:`~analysis.report.run_ids`), the worker
processes (:mod:`~analysis.report.worker`), the executors that run them
(:mod:`~analysis.report.executors`), the PDF finisher (:mod:`~analysis.report.finisher`),
checksums and the re-run fingerprint (:mod:`~analysis.report.fingerprint`), the manifest
(:mod:`~analysis.report.manifest`), the front page (:mod:`~analysis.report.frontpage`) and the
folder lock (:mod:`~analysis.report.lock`).
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import datetime as dt
import os
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import oserrors
from analysis.errors import ParameterError
from analysis.files import sha256_file
from analysis.report import executors, lifetime, ownership, params, staging
from analysis.report.batch import Plan, Run
from analysis.report.fingerprint import Inputs, fingerprint
from analysis.report.finisher import Finisher, failed
from analysis.report.lock import Lock, ReportLock, report_busy
from analysis.report.manifest import Manifest, read_manifest
from analysis.report.records import Attempt, Job, RunRecord, RunStatus

if TYPE_CHECKING:
    from analysis.report.render import Staged


@dataclass
class Options:
    out: Path
    workers: int = max(1, os.cpu_count() or 1)
    executor: str = "local"  # "local" or "dask"
    scheduler: str | None = None
    continue_on_error: bool = False
    force: bool = False
    quiet: bool = False
    isolate: bool = False  # a fresh kernel per run instead of a warm kernel reset between runs


@dataclass
class Summary:
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    not_run: int = 0
    interrupted: bool = False
    signal: int = 2  # the signal that interrupted the batch (SIGINT: Ctrl-C)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_status(self) -> int:
        if self.interrupted:
            return 128 + self.signal  # 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP
        return 1 if self.failed or self.not_run else 0


class _Progress:
    def __init__(self, total: int, quiet: bool, name: str) -> None:
        self.total, self.quiet, self.done = total, quiet, 0
        self.bar = None
        if not quiet:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=name, unit="run", dynamic_ncols=True)

    def update(self, summary: Summary, run_id: str, status: RunStatus, seconds: float) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(
                f"ok {summary.ok}, failed {summary.failed}, skipped {summary.skipped} | {run_id}",
                refresh=False,
            )
            self.bar.update(1)
        else:
            print(
                f"[{self.done}/{self.total}] {status.value:7} {run_id} ({seconds:.1f} s)",
                file=sys.stderr,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_batch(plan: Plan, options: Options) -> Summary:
    out = options.out.resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:  # checked already (outdir.check): a race, an immutable folder
        raise ParameterError(
            f"cannot write in the output folder {out}: {oserrors.describe(exc, out)}."
        ) from None
    if "pdf" in plan.formats:
        from analysis.report.export import find_browser

        find_browser()
    lock = Lock(out)
    try:
        with lifetime.stop_on_signals():
            staging.remove_stale(out)  # left by a killed batch or render
            return _Batch(plan, options, out).run()
    finally:
        lock.release()


@dataclass
class Planned:
    """A run as the batch would treat it: ``record`` is its record before it runs (not run:
    its id, parameters, fingerprint and inputs' checksums); ``unchanged`` the manifest's record
    it would be skipped with (same notebook, parameters and inputs; outputs still match), else
    None."""

    run: Run
    record: RunRecord
    unchanged: RunRecord | None


def plan_runs(plan: Plan, out: Path, force: bool = False) -> tuple[str, list[Planned]]:
    """The notebook's SHA-256 and, for every run, what a batch into ``out`` would do with it.

    Reads the inputs (for their checksums) and ``out``'s manifest, if any; writes nothing.
    """
    declared = params.notebook_parameters(plan.notebook)
    notebook_sha = sha256_file(plan.notebook)
    inputs = Inputs()
    previous = read_manifest(out)
    planned = []
    for run in plan.runs:
        run_inputs = inputs.of(run.values, declared)
        record = RunRecord(
            run.id,
            run.given,
            fingerprint=fingerprint(notebook_sha, run, run_inputs, plan.formats),
            inputs_sha256=run_inputs,
        )
        old = previous.get(run.id)
        unchanged = (
            not force
            and old is not None
            and old.status.done
            and old.fingerprint == record.fingerprint
            and old.outputs_intact()
        )
        planned.append(Planned(run, record, old if unchanged else None))
    return notebook_sha, planned


class _Batch:
    """One call of :func:`run_batch`, in named steps over the state they share: plan the skips
    (:meth:`plan_skips`), start the workers (:meth:`start`), submit runs as workers free up
    (:meth:`submit`), collect what each worker made of its run (:meth:`collect`), finish each
    run in one thread (:meth:`finish`: the PDF, the files into place) and record it
    (:meth:`record`), then shut down (:meth:`shut_down`: workers, Chromium, locks, the
    manifest's last write) and sum up (:meth:`sum_up`).

    Runs are finished and recorded in the finishing thread, one at a time, while the main
    thread collects and submits; ``_lock`` guards what both threads touch (the summary, the
    report locks held, the manifest's records and the progress bar)."""

    def __init__(self, plan: Plan, options: Options, out: Path) -> None:
        self.plan, self.options, self.out = plan, options, out
        self.clock = time.perf_counter()
        self.summary = Summary()
        self.isolate = options.isolate or plan.isolate
        self.window = max(1, options.workers)  # runs handed out at once: one per worker
        self.queue: collections.deque[tuple[Run, RunRecord]] = collections.deque()
        self.futures: dict[Any, tuple[Run, RunRecord]] = {}  # every run handed out
        self.pending: set[Any] = set()  # of those, the ones a worker still has
        self.locks: dict[str, ReportLock] = {}  # of the runs in flight: this process writes them
        self.owner = ownership.me()
        self.finisher = Finisher()
        self.stopping = threading.Event()  # a run failed: hand out no more (without -k)
        self._lock = threading.Lock()
        self.executor: executors.Local | executors.Dask | None = None
        self.finishing: cf.ThreadPoolExecutor | None = None

    def run(self) -> Summary:
        self.plan_skips()
        if not self.queue:
            self.progress.close()
            return self.sum_up()
        self.start()
        kill = False
        try:
            self.submit()
            while self.pending:
                self.collect()
                self.submit()
            # Chromium is closed by the thread that started it (it dies with that thread).
            self.finishing.submit(self.finisher.close)
            self.finishing.shutdown(wait=True)
        except KeyboardInterrupt as exc:
            self.summary.interrupted = True
            self.summary.signal = getattr(exc, "signum", 2)
            kill = True
            self.executor.cancel(list(self.futures))
        finally:
            self.shut_down(kill)
        if self.manifest.write_error:
            self.summary.failures.append(
                f"the manifest in {self.out} could not be updated: {self.manifest.write_error}, "
                "then run the same command again (finished reports are kept and will be "
                "checked, not redone)"
            )
            self.summary.failed = max(self.summary.failed, 1)
        return self.sum_up()

    def plan_skips(self) -> None:
        """Record every run unchanged since the manifest as skipped, every other as not run
        (queued), and write the manifest."""
        notebook_sha, planned = plan_runs(self.plan, self.out, self.options.force)
        self.manifest = Manifest(self.plan, self.out, notebook_sha)
        self.progress = _Progress(len(self.plan.runs), self.options.quiet, self.plan.name)
        for item in planned:
            run, record = item.run, item.record
            if item.unchanged is None:
                self.manifest.entries[run.id] = record
                self.queue.append((run, record))
                continue
            self.manifest.entries[run.id] = replace(
                item.unchanged,
                id=record.id,
                parameters=record.parameters,
                fingerprint=record.fingerprint,
                inputs_sha256=record.inputs_sha256,
                status=RunStatus.SKIPPED,
                skipped_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            )
            self.summary.skipped += 1
            self.progress.update(self.summary, run.id, RunStatus.SKIPPED, 0.0)
        self.manifest.write()

    def start(self) -> None:
        """The workers (a local pool or Dask) and the finishing thread."""
        options = self.options
        self.executor = (
            executors.Dask(options.workers, options.scheduler)
            if options.executor == "dask"
            else executors.Local(
                min(options.workers, len(self.queue)),
                self.plan.notebook,
                self.isolate,
                self.plan.timeout,
            )
        )
        self.finishing = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitrep-finish")

    def submit(self) -> None:
        """Hand out runs until every worker has one (or none is left, or the batch stops)."""
        while self.queue and len(self.pending) < self.window:
            if self.stopping.is_set() and not self.options.continue_on_error:
                return
            self._submit(*self.queue.popleft())

    def _submit(self, run: Run, record: RunRecord) -> None:
        lock = ReportLock(self.out, run.id)
        if not lock.acquire():  # a render (or another host's batch) writes this report
            busy = report_busy(self.out, run.id, staging.holder(self.out, run.id))
            refused = failed(record, f"{busy} Run the batch again to do it.")
            self.finishing.submit(self.finish, run, refused, None)
            self.stopping.set()
            return
        with self._lock:
            self.locks[run.id] = lock
        job = Job(
            id=run.id,
            notebook=str(self.plan.notebook),
            values=run.values,
            out=str(self.out),
            formats=tuple(self.plan.formats),
            timeout=self.plan.timeout,
            isolate=self.isolate,
            owner=self.owner,  # holds the report's lock and finishes it
        )
        future = self.executor.submit(job)
        self.futures[future] = (run, record)
        self.pending.add(future)

    def collect(self) -> None:
        """Wait for the next run a worker ends, and hand it to the finishing thread."""
        future = next(iter(self.executor.as_completed(list(self.pending))))
        self.pending.discard(future)
        run, record = self.futures[future]
        try:
            attempt: Attempt = future.result()
        except Exception as exc:  # the worker died (Dask: too often) or the future was lost
            attempt = Attempt(None, 0, error=f"worker lost: {type(exc).__name__}: {exc}")
        if attempt.staged is not None:
            staging.adopt(attempt.staged.staging)  # kept fresh until finished
        ran = record.attempted(attempt)
        self.finishing.submit(self.finish, run, ran, attempt.staged)
        if ran.status is RunStatus.FAILED:
            self.stopping.set()

    def finish(self, run: Run, record: RunRecord, staged: Staged | None) -> None:
        """In the finishing thread, one run at a time: print the PDF and move the files into
        place (a staged run), release the report's lock, record the run."""
        if staged is not None:
            try:
                record = self.finisher.finish(record, staged)
            except Exception as exc:  # the run is failed, never lost in a future nobody reads
                record = failed(record, f"{type(exc).__name__}: {exc}")
        with self._lock:
            held = self.locks.pop(run.id, None)
        if held is not None:  # earlier attempts' staging (a Dask worker killed mid-run, then
            for folder in staging.owned_by_me(self.out, run.id):  # retried): obsolete, and ours
                staging.remove(folder)
            held.release()
        self.record(run, record)

    def record(self, run: Run, record: RunRecord) -> None:
        """Count the finished run, keep it in the manifest, show it."""
        with self._lock:
            if record.status is RunStatus.OK:
                self.summary.ok += 1
            else:
                self.summary.failed += 1
                self.summary.failures.append(f"{run.id}: {_one_line(record.error or '')}")
                self.stopping.set()
            self.manifest.record(run, record)
            self.progress.update(self.summary, run.id, record.status, record.duration_s or 0)

    def shut_down(self, kill: bool) -> None:
        """Stop the workers (at once when interrupted), the finishing thread and Chromium; note
        the runs an interruption stopped; release the locks of runs still in flight and remove
        their staging; write the manifest."""
        self.executor.shutdown(kill=kill)
        self.finishing.shutdown(wait=True, cancel_futures=True)
        self.finisher.close()
        if self.summary.interrupted:
            name = lifetime.Stopped(self.summary.signal).args[0]
            for run, _ in self.futures.values():  # started, never finished
                if self.manifest.entries[run.id].status is RunStatus.NOT_RUN:
                    self.manifest.annotate(
                        run.id,
                        error=f"interrupted ({name}) while running; run the batch again to do it",
                    )
        with self._lock:
            stopped = dict(self.locks)
            self.locks.clear()
        for run_id, held in stopped.items():  # runs stopped in flight: their workers are gone
            for folder in staging.owned_by_me(self.out, run_id):
                staging.remove(folder)
            held.release()
        self.progress.close()
        self.summary.not_run = sum(
            1 for record in self.manifest.entries.values() if record.status is RunStatus.NOT_RUN
        )
        self.manifest.write()

    def sum_up(self) -> Summary:
        self.summary.seconds = time.perf_counter() - self.clock
        return self.summary


def _one_line(text: str) -> str:
    first = " ".join(str(text).split())
    return first if len(first) <= 200 else first[:197] + "..."
