"""`sitrep batch --executor dask --scheduler ...` against a real multi-process Dask cluster: a
`dask scheduler` and `dask worker` processes on localhost, started and stopped by the test. A
worker killed mid-run costs a retry or a failed run, never a lost one."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.integration.test_signals import MARK, gone_within, marked

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "fault_fixture.ipynb"
DASK = Path(sys.executable).parent / "dask"

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A scheduler and workers, each its own process carrying this test's marker."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.mark = uuid.uuid4().hex
        self.env = {**os.environ, MARK: self.mark}
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.processes: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen] = []

    def _spawn(self, *args: str, log: str, env: dict | None = None) -> subprocess.Popen:
        process = subprocess.Popen(
            [str(DASK), *args],
            cwd=REPO,
            env={**self.env, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=(self.tmp_path / log).open("w"),
        )
        self.processes.append(process)
        return process

    def start_scheduler(self, allowed_failures: int = 3) -> None:
        """``allowed_failures``: how many times a run may lose its worker and be retried."""
        port = self.address.rsplit(":", 1)[1]
        self._spawn(
            *("scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"),
            log="scheduler.log",
            env={"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": str(allowed_failures)},
        )

    def start_worker(self) -> subprocess.Popen:
        n = len(self.workers)
        scratch = self.tmp_path / f"worker-{n}"
        scratch.mkdir()
        worker = self._spawn(
            "worker",
            self.address,
            "--host",
            "127.0.0.1",
            "--nworkers",
            "1",
            "--nthreads",
            "1",
            "--no-nanny",  # the worker is this process: killing it kills the worker
            "--no-dashboard",
            "--local-directory",
            str(scratch),
            log=f"worker-{n}.log",
        )
        self.workers.append(worker)
        self.wait_for_workers(len([w for w in self.workers if w.poll() is None]))
        return worker

    def wait_for_workers(self, n: int, seconds: float = 30) -> None:
        from dask.distributed import Client

        with Client(self.address, timeout="20s") as client:
            client.wait_for_workers(n, timeout=seconds)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        for pid in gone_within(self.mark, 5):  # e.g. the kernel of a killed worker
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def cluster(tmp_path):
    import distributed  # noqa: F401  (the dask extra: `make setup` installs it)

    cluster = Cluster(tmp_path)
    try:
        yield cluster
    finally:
        cluster.stop()
        assert gone_within(cluster.mark, 5) == []


def batch_file(tmp_path, runs, formats="[html, pdf]"):
    lines = [f"notebook: {FIXTURE}", f"formats: {formats}", "runs:"]
    lines += [f"  - {json.dumps(run)}" for run in runs]
    path = tmp_path / "batch.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sitrep_batch(cluster, path, out, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "analysis.cli", "batch", str(path), "--out", str(out)),
            *("--quiet", "--executor", "dask", "--scheduler", cluster.address, *args),
        ],
        cwd=REPO,
        env=cluster.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def descendants(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in map(int, (task / "children").read_text().split()):
                found |= {child, *descendants(child)}
    return found


def kernels(pid: int) -> set[int]:
    """The kernels started by process ``pid``."""
    found = set()
    for child in descendants(pid):
        with contextlib.suppress(OSError):
            if b"ipykernel" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
    return found


def manifest(out):
    return {r["id"]: r for r in json.loads((out / "manifest.json").read_text())["runs"]}


def test_batch_on_a_separate_scheduler_and_worker(cluster, tmp_path):
    cluster.start_scheduler()
    cluster.start_worker()
    path = batch_file(tmp_path, [{"label": "one"}, {"label": "two"}])
    out = tmp_path / "out"
    batch = sitrep_batch(cluster, path, out, "--workers", "1")
    _, stderr = batch.communicate(timeout=120)
    assert batch.returncode == 0, stderr
    runs = manifest(out)
    assert list(runs) == ["label-one", "label-two"]
    assert [r["status"] for r in runs.values()] == ["ok", "ok"]
    for run in runs.values():
        for kind in ("html", "pdf"):
            assert Path(run["outputs"][kind]["path"]).stat().st_size > 0
    assert "Label: one" in Path(runs["label-one"]["outputs"]["html"]["path"]).read_text()
    assert not [p for p in out.iterdir() if p.name.startswith(".label-")]  # no staging left


@pytest.mark.parametrize("allowed_failures", [3, 0], ids=["retried", "failed"])
def test_worker_killed_mid_run_is_retried_or_failed_never_lost(cluster, tmp_path, allowed_failures):
    cluster.start_scheduler(allowed_failures)
    workers = [cluster.start_worker(), cluster.start_worker()]  # the second is for the retry
    path = batch_file(
        tmp_path,
        [{"label": "slow", "mode": "sleep", "seconds": 4}, {"label": "after"}],
        formats="[html]",
    )
    out = tmp_path / "out"
    batch = sitrep_batch(cluster, path, out, "--workers", "1", "--continue-on-error")
    # The first run is executing once its staging folder exists: its kernel is ready and
    # sleeping, in the worker that has a kernel (one run is handed out at a time).
    deadline = time.monotonic() + 60
    while not list(out.glob(".label-slow*")) and time.monotonic() < deadline:
        assert batch.poll() is None, batch.communicate()[1]
        time.sleep(0.05)
    assert list(out.glob(".label-slow*")), "the run never started"
    first = next(worker for worker in workers if kernels(worker.pid))
    orphans = descendants(first.pid)  # its kernel, running the sleep
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    _, stderr = batch.communicate(timeout=120)
    runs = manifest(out)
    statuses = {run_id: run["status"] for run_id, run in runs.items()}
    assert set(statuses.values()) <= {"ok", "failed"}, statuses  # none lost as "not run"
    assert all(run.get("error") for run in runs.values() if run["status"] == "failed")
    assert statuses["label-after"] == "ok"
    assert batch.returncode == (0 if set(statuses.values()) == {"ok"} else 1), stderr
    slow = runs["label-slow__mode-sleep__seconds-4"]
    if allowed_failures:  # retried on the second worker
        assert slow["status"] == "ok", slow
        assert "Label: slow" in Path(slow["outputs"]["html"]["path"]).read_text()
    else:  # the scheduler gives up on it: failed, with the reason
        assert slow["status"] == "failed", slow
        assert "worker lost" in slow["error"] and "KilledWorker" in slow["error"], slow
        assert "label-slow" in stderr
    assert not [p for p in out.iterdir() if p.name.startswith(".label-")]  # no staging left
    assert batch.pid not in marked(cluster.mark)
    assert orphans.isdisjoint(marked(cluster.mark))  # the killed worker's kernel died with it
