"""Executors of a batch's runs: a local pool of worker processes, or Dask.

Both hand :func:`analysis.report.worker.run_job` to long-lived workers and give back futures.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
from pathlib import Path

from analysis.errors import ParameterError
from analysis.report import scratch
from analysis.report.records import Job
from analysis.report.worker import run_job, warm_worker


class Local:
    def __init__(self, workers: int, notebook: Path, isolate: bool, timeout: int) -> None:
        self.pool = cf.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=warm_worker,
            initargs=(str(notebook), isolate, str(scratch.folder()), timeout),
        )

    def submit(self, job: Job) -> cf.Future:
        return self.pool.submit(run_job, job)

    def as_completed(self, futures):
        return cf.as_completed(futures)

    def cancel(self, futures) -> None:
        for future in futures:
            future.cancel()

    def shutdown(self, kill: bool = False) -> None:
        """Stop the workers; with ``kill``, at once, and wait (a few seconds at most) until they
        have exited, so that nothing writes into the output folder any more."""
        processes = list(getattr(self.pool, "_processes", {}).values())
        if kill:
            for process in processes:
                with contextlib.suppress(Exception):
                    process.terminate()
        self.pool.shutdown(wait=not kill, cancel_futures=True)
        if kill:
            for process in processes:
                with contextlib.suppress(Exception):
                    process.join(timeout=5)


class Dask:
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

    def submit(self, job: Job):
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
