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
- A run ends ok, skipped or failed; the exit status is 0 only when every run is ok or skipped.

This module keeps the main loop (:func:`run_batch`, :func:`plan_runs`); each other job has its
own module: the worker processes (:mod:`~analysis.report.worker`), the executors that run them
(:mod:`~analysis.report.executors`), the PDF finisher (:mod:`~analysis.report.finisher`),
checksums and the re-run fingerprint (:mod:`~analysis.report.fingerprint`), the manifest
(:mod:`~analysis.report.manifest`), the front page (:mod:`~analysis.report.frontpage`) and the
folder lock (:mod:`~analysis.report.lock`).
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import oserrors
from analysis.errors import ParameterError
from analysis.files import sha256_file
from analysis.report import executors, lifetime, ownership, params, staging
from analysis.report.batch import Plan, Run
from analysis.report.fingerprint import Inputs, fingerprint
from analysis.report.finisher import Finisher
from analysis.report.lock import Lock, ReportLock, report_busy
from analysis.report.manifest import Manifest, outputs_intact, read_manifest


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

    def update(self, summary: Summary, run_id: str, status: str, seconds: float) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(
                f"ok {summary.ok}, failed {summary.failed}, skipped {summary.skipped} | {run_id}",
                refresh=False,
            )
            self.bar.update(1)
        else:
            print(
                f"[{self.done}/{self.total}] {status:7} {run_id} ({seconds:.1f} s)",
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
            return _run(plan, options, out)
    finally:
        lock.release()


@dataclass
class Planned:
    """A run as the batch would treat it: ``unchanged`` holds the manifest entry it would be
    skipped with (same notebook, parameters and inputs; outputs still match), else None."""

    run: Run
    base: dict[str, Any]
    unchanged: dict[str, Any] | None


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
        base = {
            "id": run.id,
            "parameters": run.given,
            "fingerprint": fingerprint(notebook_sha, run, run_inputs, plan.formats),
            "inputs_sha256": run_inputs,
        }
        old = previous.get(run.id)
        unchanged = (
            not force
            and old
            and old.get("status") in ("ok", "skipped")
            and old.get("fingerprint") == base["fingerprint"]
            and outputs_intact(old)
        )
        planned.append(Planned(run, base, old if unchanged else None))
    return notebook_sha, planned


def _run(plan: Plan, options: Options, out: Path) -> Summary:
    clock = time.perf_counter()
    summary = Summary()
    notebook_sha, planned = plan_runs(plan, out, options.force)
    manifest = Manifest(plan, out, notebook_sha)
    progress = _Progress(len(plan.runs), options.quiet, plan.name)
    todo: list[tuple[Run, dict]] = []
    for item in planned:
        run, base = item.run, item.base
        if item.unchanged is not None:
            entry = {
                **item.unchanged,
                **base,
                "status": "skipped",
                "skipped_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
            manifest.entries[run.id] = entry
            summary.skipped += 1
            progress.update(summary, run.id, "skipped", 0.0)
            continue
        manifest.entries[run.id] = {**base, "status": "not run"}
        todo.append((run, base))
    manifest.write()
    if not todo:
        progress.close()
        summary.seconds = time.perf_counter() - clock
        return summary
    executor = (
        executors.Dask(options.workers, options.scheduler)
        if options.executor == "dask"
        else executors.Local(
            min(options.workers, len(todo)),
            plan.notebook,
            options.isolate or plan.isolate,
            plan.timeout,
        )
    )
    futures: dict[Any, tuple[Run, dict]] = {}
    locks: dict[str, ReportLock] = {}  # of the runs in flight: this process writes them
    owner = ownership.me().as_dict()
    finisher = Finisher()
    finishing = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitrep-finish")
    failed_event = threading.Event()
    record_lock = threading.Lock()

    def complete(run: Run, base: dict, record: dict) -> None:
        """In the finishing thread: print, move into place, record (one run at a time)."""
        try:
            entry = {**base, **finisher.finish(record)}
        except Exception as exc:  # the run is failed, never lost in a future nobody reads
            entry = {**base, **record, "status": "failed", "error": f"{type(exc).__name__}: {exc}"}
            entry.pop("staged", None)
            entry.pop("figures", None)  # no report states them
        with record_lock:
            held = locks.pop(run.id, None)
        if held is not None:  # earlier attempts' staging (a Dask worker killed mid-run, then
            for folder in staging.owned_by_me(out, run.id):  # retried): obsolete, and ours
                staging.remove(folder)
            held.release()
        with record_lock:
            if entry["status"] == "ok":
                summary.ok += 1
            else:
                summary.failed += 1
                summary.failures.append(f"{run.id}: {_one_line(entry.get('error', ''))}")
                failed_event.set()
            manifest.record(run, entry)
            progress.update(summary, run.id, entry["status"], entry.get("duration_s", 0))

    kill = False
    try:
        queue = list(todo)
        window = max(1, options.workers)  # runs handed out at once: one per worker
        pending: set = set()

        def submit_next() -> None:
            run, base = queue.pop(0)
            lock = ReportLock(out, run.id)
            if not lock.acquire():  # a render (or another host's batch) writes this report
                busy = report_busy(out, run.id, staging.holder(out, run.id))
                error = f"{busy} Run the batch again to do it."
                finishing.submit(complete, run, base, {"status": "failed", "error": error})
                failed_event.set()
                return
            with record_lock:
                locks[run.id] = lock
            job = {
                "id": run.id,
                "notebook": str(plan.notebook),
                "values": run.values,
                "out": str(out),
                "formats": list(plan.formats),
                "timeout": plan.timeout,
                "isolate": options.isolate or plan.isolate,
                "owner": owner,  # holds the report's lock and finishes it
            }
            futures[executor.submit(job)] = (run, base)
            pending.add(next(reversed(futures)))

        def fill() -> None:
            """Hand out runs until every worker has one (or none is left, or the batch stops)."""
            while queue and len(pending) < window:
                if failed_event.is_set() and not options.continue_on_error:
                    return
                submit_next()

        fill()
        while pending:
            future = next(iter(executor.as_completed(list(pending))))
            pending.discard(future)
            run, base = futures[future]
            try:
                record = future.result()
            except Exception as exc:  # the worker died (Dask: too often) or the future was lost
                error = f"worker lost: {type(exc).__name__}: {exc}"
                record = {"status": "failed", "error": error, "duration_s": 0}
            if record["status"] == "staged":
                staging.adopt(Path(record["staged"]["staging"]))  # kept fresh until finished
            finishing.submit(complete, run, base, record)
            if record["status"] == "failed":
                failed_event.set()
            fill()
        # Chromium is closed by the thread that started it (it dies with that thread).
        finishing.submit(finisher.close)
        finishing.shutdown(wait=True)
    except KeyboardInterrupt as exc:
        summary.interrupted = True
        summary.signal = getattr(exc, "signum", 2)
        kill = True
        executor.cancel(list(futures))
    finally:
        executor.shutdown(kill=kill)
        finishing.shutdown(wait=True, cancel_futures=True)
        finisher.close()
        if summary.interrupted:
            name = lifetime.Stopped(summary.signal).args[0]
            for run, _ in futures.values():  # started, never finished
                if manifest.entries[run.id].get("status") == "not run":
                    manifest.annotate(
                        run.id,
                        error=f"interrupted ({name}) while running; run the batch again to do it",
                    )
        with record_lock:
            stopped = dict(locks)
            locks.clear()
        for run_id, held in stopped.items():  # runs stopped in flight: their workers are gone
            for folder in staging.owned_by_me(out, run_id):
                staging.remove(folder)
            held.release()
        progress.close()
        summary.not_run = sum(1 for e in manifest.entries.values() if e["status"] == "not run")
        manifest.write()
    if manifest.write_error:
        summary.failures.append(
            f"the manifest in {out} could not be updated: {manifest.write_error}, then run the "
            "same command again (finished reports are kept and will be checked, not redone)"
        )
        summary.failed = max(summary.failed, 1)
    summary.seconds = time.perf_counter() - clock
    return summary


def _one_line(text: str) -> str:
    first = " ".join(str(text).split())
    return first if len(first) <= 200 else first[:197] + "..."
