"""``sitrep batch``: run a batch plan in parallel, keep a manifest, never lose a run.

- Workers are long-lived processes (local pool, or Dask workers): each imports the libraries
  once and keeps one warm kernel (:mod:`analysis.report.kernels`); the main process prints
  every PDF with one long-lived headless Chromium while the workers go on.
- Each run writes its outputs atomically to ``DIR/<run id>.<ext>`` (the id is derived from the
  run's parameters); a failed run keeps ``DIR/<run id>.failed.ipynb`` with the traceback.
- ``DIR/manifest.json`` is rewritten (atomically) after every run: parameters, status, start,
  duration, outputs with sizes and SHA-256, the input data's SHA-256, and for failures the
  error and the failing cell. ``DIR/index.html`` links every report.
- A re-run skips runs whose notebook, parameters and inputs are unchanged and whose outputs
  still match the manifest (``force`` redoes them). An interrupted batch resumes from there.
- One batch at a time per folder: a second one is refused while the first holds the lock.
- SIGTERM and SIGHUP stop a batch as Ctrl-C does (exit status 128 + the signal's number). If
  the main process is killed outright, its workers, their kernels and Chromium exit by
  themselves within seconds (:mod:`analysis.report.lifetime`); the next call resumes and
  removes the staging folders and browser profiles the killed one left.
- A run ends ok, skipped or failed; the exit status is 0 only when every run is ok or skipped.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import html
import json
import multiprocessing
import multiprocessing.util
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import __version__
from analysis.errors import AnalysisError, ParameterError, RenderError
from analysis.files import sha256_file, write_atomic
from analysis.parameters import is_bundled
from analysis.paths import data_dir
from analysis.report import lifetime, params, prechecks
from analysis.report.batch import Plan, Run

MANIFEST = "manifest.json"
INDEX = "index.html"
LOCK = ".sitrep-batch.lock"


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


# ---------------------------------------------------------------- the work done in a worker

_KERNEL = None


def _warm_kernel(notebook: str):
    """This worker's warm kernel, warmed up with ``notebook``'s imports when it is first made.

    A Dask worker may later serve a batch of another notebook: its kernel is reused, and any
    import that notebook adds is done once, by its first run."""
    global _KERNEL
    from analysis.report.kernels import WarmKernel, notebook_imports

    if _KERNEL is None:
        _KERNEL = WarmKernel(notebook_imports(Path(notebook)))
        multiprocessing.util.Finalize(_KERNEL, _KERNEL.discard, exitpriority=20)
    return _KERNEL


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Execute one run and stage its notebook and HTML; never raises for a failed run, so one
    failure cannot stop a worker. The PDF is printed and the files moved into place by the
    batch's main process (:meth:`Finisher.finish`), while this worker starts its next run."""
    from analysis.report.render import stage

    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    record: dict[str, Any] = {"started": started.isoformat(timespec="seconds")}
    warm = None if job.get("isolate") else _warm_kernel(job["notebook"])
    try:
        km = warm.ready() if warm is not None else None
        staged = stage(
            Path(job["notebook"]),
            job["values"],
            job["out"],
            formats=tuple(job["formats"]),
            cell_timeout=job["timeout"],
            stem=job["id"],
            km=km,
        )
        record["status"] = "staged"
        record["staged"] = {
            "notebook": str(staged.notebook),
            "parameters": staged.parameters,
            "out": str(staged.out),
            "stem": staged.stem,
            "formats": list(staged.formats),
            "staging": str(staged.staging),
            "files": {kind: str(path) for kind, path in staged.files.items()},
        }
    except AnalysisError as exc:
        if warm is not None:
            warm.discard()  # a failed run may leave the kernel dead, busy or dirty
        record["status"] = "failed"
        record["error"] = str(exc)
        record["failing_cell"] = getattr(exc, "cell", None)
        failed = getattr(exc, "failed_notebook", None)
        if failed:
            record["failed_notebook"] = str(failed)
    except Exception as exc:  # a worker must report, never die, on an unexpected error
        if warm is not None:
            warm.discard()
        record["status"] = "failed"
        record["error"] = f"{type(exc).__name__}: {exc}"
    record["duration_s"] = round(time.perf_counter() - clock, 2)
    return record


class Finisher:
    """Prints staged runs to PDF with one long-lived browser and moves their files into place.

    Runs in one thread of the batch's main process, so PDF printing overlaps the workers'
    next executions."""

    def __init__(self) -> None:
        self.browser = None

    def print_pdf(self, html_file: Path, pdf_file: Path) -> None:
        """Print with the browser; one that crashed, hung or failed to start is replaced by a
        fresh one and the PDF tried once more, and then the error is raised."""
        from analysis.report.browser import Browser

        for attempt in (1, 2):
            try:
                if self.browser is None or not self.browser.alive():
                    self.close()
                    self.browser = Browser()
                self.browser.print_pdf(html_file, pdf_file)
                return
            except RenderError:
                self.close()
                if attempt == 2:
                    raise

    def finish(self, record: dict[str, Any]) -> dict[str, Any]:
        from analysis.report.render import Staged, finalize

        if record.get("status") != "staged":
            return record
        info = record.pop("staged")
        clock = time.perf_counter()
        staged = Staged(
            notebook=Path(info["notebook"]),
            parameters=info["parameters"],
            out=Path(info["out"]),
            stem=info["stem"],
            formats=tuple(info["formats"]),
            staging=Path(info["staging"]),
            files={kind: Path(path) for kind, path in info["files"].items()},
        )
        try:
            result = finalize(staged, print_pdf=self.print_pdf)
            record["status"] = "ok"
            record["outputs"] = describe_outputs(
                {kind: str(path) for kind, path in result.outputs.items()}
            )
        except (AnalysisError, OSError) as exc:
            record["status"] = "failed"
            record["error"] = str(exc)
        except Exception as exc:  # never lose a run to an unexpected error
            record["status"] = "failed"
            record["error"] = f"finishing failed: {type(exc).__name__}: {exc}"
        finally:
            shutil.rmtree(staged.staging, ignore_errors=True)
        record["duration_s"] = round(record.get("duration_s", 0) + time.perf_counter() - clock, 2)
        return record

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.browser = None


def _warm_worker(notebook: str, isolate: bool) -> None:
    """Import the pipeline once per worker process and warm its kernel before the first run.

    The worker dies with the batch's main process, even if that is killed outright: by a
    parent-death signal, and by a watch on its parent's pid as a fallback."""
    lifetime.die_with_parent(os.getppid())
    lifetime.watch_parent()
    import analysis.report.render  # noqa: F401

    if not isolate:
        with contextlib.suppress(AnalysisError):
            _warm_kernel(notebook).ready()


# ----------------------------------------------------------------------------- checksums


class Inputs:
    """SHA-256 of every input a run reads: its data files, or the bundled data tree."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def digest(self, value: str) -> str:
        if value not in self._cache:
            if is_bundled(value):
                digest = hashlib.sha256()
                for path in sorted(p for p in data_dir().rglob("*") if p.is_file()):
                    digest.update(path.relative_to(data_dir()).as_posix().encode())
                    digest.update(sha256_file(path).encode())
                self._cache[value] = "bundled:" + digest.hexdigest()
            else:
                self._cache[value] = sha256_file(prechecks.container(value))  # zip::member
        return self._cache[value]

    def of(self, values: dict[str, Any], declared: dict[str, params.Parameter]) -> dict[str, str]:
        merged = {name: values.get(name, p.default) for name, p in declared.items()}
        return {
            name: self.digest(str(value or ""))
            for name, value in merged.items()
            if name.endswith("_path")
        }


@functools.cache
def code_sha256(root: Path | None = None) -> str:
    """SHA-256 of the report code itself: every source, style and template file of the
    ``analysis`` package (``root``). A run whose charts or templates changed since its outputs
    were made is redone, even in an editable install where the version number stays the same."""
    root = root or Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(sha256_file(path).encode())
    return digest.hexdigest()


def fingerprint(notebook_sha: str, run: Run, inputs: dict[str, str], formats: tuple) -> str:
    blob = json.dumps(
        {
            "notebook": notebook_sha,
            "values": run.values,
            "inputs": inputs,
            "formats": list(formats),
            "version": __version__,
            "code": code_sha256(),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


# ------------------------------------------------------------------------- the manifest


def read_manifest(out: Path) -> dict[str, dict]:
    path = out / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry["id"]: entry for entry in data.get("runs", [])}
    except (ValueError, KeyError, TypeError):
        print(f"sitrep: warning: {path} is unreadable; every run will be redone", file=sys.stderr)
        return {}


def _outputs_intact(entry: dict) -> bool:
    outputs = entry.get("outputs") or {}
    if not outputs:
        return False
    for item in outputs.values():
        path = Path(item["path"])
        if not path.exists() or path.stat().st_size != item["bytes"]:
            return False
        if sha256_file(path) != item["sha256"]:
            return False
    return True


class Manifest:
    def __init__(self, plan: Plan, out: Path, notebook_sha: str) -> None:
        self.plan, self.out, self.notebook_sha = plan, out, notebook_sha
        self.entries: dict[str, dict] = {}
        self.write_error: str | None = None

    def record(self, run: Run, entry: dict) -> None:
        self.entries[run.id] = entry
        self.write()

    def write(self) -> None:
        runs = [self.entries[r.id] for r in self.plan.runs if r.id in self.entries]
        document = {
            "batch": str(self.plan.source),
            "notebook": str(self.plan.notebook),
            "notebook_sha256": self.notebook_sha,
            "formats": list(self.plan.formats),
            "sitrep_version": __version__,
            "updated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "counts": {
                status: sum(1 for e in runs if e.get("status") == status)
                for status in ("ok", "failed", "skipped", "not run")
            },
            "runs": runs,
        }
        try:
            write_atomic(self.out / MANIFEST, json.dumps(document, indent=2, ensure_ascii=False))
            write_atomic(self.out / INDEX, self.index_html(runs))
            self.write_error = None
        except OSError as exc:  # e.g. a full disk: the previous manifest stays whole
            self.write_error = f"{exc.strerror or exc}"

    def index_html(self, runs: list[dict]) -> str:
        rows = []
        for entry in runs:
            links = " ".join(
                f'<a href="{html.escape(Path(item["path"]).name, quote=True)}">{kind}</a>'
                for kind, item in (entry.get("outputs") or {}).items()
            )
            parameters = ", ".join(f"{k}={v}" for k, v in entry["parameters"].items())
            rows.append(
                f'<tr class="{html.escape(entry["status"])}"><td>{html.escape(entry["id"])}</td>'
                f"<td>{html.escape(parameters)}</td><td>{html.escape(entry['status'])}</td>"
                f"<td>{links}</td><td>{html.escape(str(entry.get('error', '') or ''))}</td></tr>"
            )
        title = html.escape(f"{self.plan.name}: {self.plan.notebook.name}")
        return (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{title}</title><style>body{{font-family:sans-serif;margin:2rem}}"
            "table{border-collapse:collapse}td,th{border-bottom:1px solid #ccc;padding:.3rem .6rem;"
            "text-align:left;vertical-align:top}tr.failed td{background:#fde8e8}</style></head>"
            f"<body><h1>{title}</h1><p>{len(runs)} runs. Manifest: "
            f"<a href='{MANIFEST}'>{MANIFEST}</a></p><table><thead><tr><th>Run</th>"
            "<th>Parameters</th><th>Status</th><th>Reports</th><th>Error</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></body></html>"
        )


def describe_outputs(outputs: dict[str, str]) -> dict[str, dict]:
    return {
        kind: {"path": path, "bytes": Path(path).stat().st_size, "sha256": sha256_file(Path(path))}
        for kind, path in outputs.items()
    }


# ---------------------------------------------------------------------------- executors


class _Local:
    def __init__(self, workers: int, notebook: Path, isolate: bool) -> None:
        self.pool = cf.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_worker,
            initargs=(str(notebook), isolate),
        )

    def submit(self, job: dict) -> cf.Future:
        return self.pool.submit(run_job, job)

    def as_completed(self, futures):
        return cf.as_completed(futures)

    def cancel(self, futures) -> None:
        for future in futures:
            future.cancel()

    def shutdown(self, kill: bool = False) -> None:
        if kill:
            for process in list(getattr(self.pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    process.terminate()
        self.pool.shutdown(wait=not kill, cancel_futures=True)


class _Dask:
    def __init__(self, workers: int, scheduler: str | None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ParameterError(
                "--executor dask needs dask.distributed: pip install 'syria-sitrep[dask]'."
            ) from None
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler, timeout="30s")
        else:
            self.cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
            )
            self.client = Client(self.cluster)

    def submit(self, job: dict):
        return self.client.submit(run_job, job, pure=False)

    def as_completed(self, futures):
        from dask.distributed import as_completed

        return as_completed(futures)

    def cancel(self, futures) -> None:
        self.client.cancel(list(futures))

    def shutdown(self, kill: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


# --------------------------------------------------------------------------------- the run


class _Lock:
    def __init__(self, out: Path) -> None:
        self.path = out / LOCK
        self.handle = self.path.open("a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            raise ParameterError(
                f"{out} is in use by another batch ({holder}). Wait for it to finish, or give "
                "this batch another --out folder."
            ) from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(
            f"pid {os.getpid()} since {dt.datetime.now().isoformat(timespec='seconds')}"
        )
        self.handle.flush()

    def release(self) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


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
    except OSError as exc:
        raise RenderError(
            f"cannot write in the output folder {out}: {exc.strerror or exc}. Check its "
            "permissions and free space, or choose another folder with --out."
        ) from None
    if "pdf" in plan.formats:
        from analysis.report.export import find_browser

        find_browser()
    lock = _Lock(out)
    try:
        with lifetime.stop_on_signals():
            _remove_staging(out, [(run, {}) for run in plan.runs])  # left by a killed batch
            lifetime.remove_stale_staging(out)  # of runs no longer planned, or of a render
            lifetime.remove_stale_profiles()
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
            and _outputs_intact(old)
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
        _Dask(options.workers, options.scheduler)
        if options.executor == "dask"
        else _Local(min(options.workers, len(todo)), plan.notebook, options.isolate or plan.isolate)
    )
    futures: dict[Any, tuple[Run, dict]] = {}
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

        def submit_next() -> None:
            run, base = queue.pop(0)
            job = {
                "id": run.id,
                "notebook": str(plan.notebook),
                "values": run.values,
                "out": str(out),
                "formats": list(plan.formats),
                "timeout": plan.timeout,
                "isolate": options.isolate or plan.isolate,
            }
            futures[executor.submit(job)] = (run, base)

        while queue and len(futures) < window:
            submit_next()
        pending = set(futures)
        while pending:
            future = next(iter(executor.as_completed(list(pending))))
            pending.discard(future)
            run, base = futures[future]
            try:
                record = future.result()
            except Exception as exc:  # the worker process itself died
                record = {"status": "failed", "error": f"worker lost: {exc}", "duration_s": 0}
            finishing.submit(complete, run, base, record)
            if record["status"] == "failed":
                failed_event.set()
            stop = failed_event.is_set() and not options.continue_on_error
            if queue and not stop:
                submit_next()
                pending.add(next(reversed(futures)))
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
                    manifest.entries[run.id]["error"] = (
                        f"interrupted ({name}) while running; run the batch again to do it"
                    )
        _remove_staging(out, todo)
        progress.close()
        summary.not_run = sum(1 for e in manifest.entries.values() if e["status"] == "not run")
        manifest.write()
    if manifest.write_error:
        summary.failures.append(
            f"the manifest could not be updated ({manifest.write_error}); free space in {out} "
            "and run again: finished reports are kept and will be checked, not redone"
        )
        summary.failed = max(summary.failed, 1)
    summary.seconds = time.perf_counter() - clock
    return summary


def _remove_staging(out: Path, todo: list[tuple[Run, dict]]) -> None:
    """Staging folders of runs that never finished (interrupted, cancelled)."""
    for run, _ in todo:
        for leftover in out.glob(f".{run.id}.*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)


def _one_line(text: str) -> str:
    first = " ".join(str(text).split())
    return first if len(first) <= 200 else first[:197] + "..."
