"""The work done in a batch's worker process: warm the pipeline and one kernel, run jobs.

A worker (a local pool process or a Dask worker) imports the libraries once and keeps one warm
kernel (:mod:`analysis.report.kernels`). :func:`run_job` executes one run (a
:class:`~analysis.report.records.Job`), stages its notebook and HTML and reads the key figures
the notebook emitted (:mod:`~analysis.report.figures`), and gives back an
:class:`~analysis.report.records.Attempt`; the batch's main process prints the PDF and moves
the files into place (:mod:`analysis.report.finisher`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing.util
import os
import time
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.report import lifetime
from analysis.report.advice import read_advice
from analysis.report.figures import read_figures
from analysis.report.records import Attempt, Job

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


def run_job(job: Job) -> Attempt:
    """Execute one run and stage its notebook and HTML; never raises for a failed run, so one
    failure cannot stop a worker. The PDF is printed and the files moved into place by the
    batch's main process (:meth:`Finisher.finish`), while this worker starts its next run."""
    from analysis.report import staging
    from analysis.report.kernels import start_timeout
    from analysis.report.render import stage

    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    clock = time.perf_counter()

    def took() -> float:
        return round(time.perf_counter() - clock, 2)

    warm = None if job.isolate else _warm_kernel(job.notebook)
    try:
        km = warm.ready(start_timeout(job.timeout)) if warm is not None else None
        staged = stage(
            Path(job.notebook),
            job.values,
            job.out,
            formats=job.formats,
            cell_timeout=job.timeout,
            stem=job.id,
            km=km,
            owner=job.owner,
        )
        staging.release(staged.staging)  # the batch's main process keeps it from here
        return Attempt(
            started,
            took(),
            staged=staged,
            # the key numbers for the batch's front page: a JSON load of the staged notebook
            figures=read_figures(staged.files["ipynb"]),
            # for the operator, never in the report: kept in the manifest
            advice=read_advice(staged.files["ipynb"]) or None,
        )
    except AnalysisError as exc:
        if warm is not None:
            warm.discard()  # a failed run may leave the kernel dead, busy or dirty
        failed = getattr(exc, "failed_notebook", None)
        return Attempt(
            started,
            took(),
            error=str(exc),
            failing_cell=getattr(exc, "cell", None),
            failed_notebook=str(failed) if failed else None,
        )
    except Exception as exc:  # a worker must report, never die, on an unexpected error
        if warm is not None:
            warm.discard()
        return Attempt(started, took(), error=f"{type(exc).__name__}: {exc}")


def warm_worker(
    notebook: str, isolate: bool, scratch_folder: str | None = None, timeout: int | None = None
) -> None:
    """Import the pipeline once per worker process and warm its kernel before the first run.

    The worker dies with the batch's main process, even if that is killed outright: by a
    parent-death signal, and by a watch on its parent's pid as a fallback. Its kernels keep
    their files in the main process's scratch folder, whose janitor cleans up after both.
    ``timeout`` (the batch's cell timeout) bounds the warm kernel's start as a run's would."""
    lifetime.die_with_parent(os.getppid())
    lifetime.watch_parent()
    if scratch_folder:
        from analysis.report import scratch

        scratch.use(scratch_folder)
    import analysis.report.render  # noqa: F401

    if not isolate:
        from analysis.report.kernels import start_timeout

        with contextlib.suppress(AnalysisError):
            _warm_kernel(notebook).ready(start_timeout(timeout))
