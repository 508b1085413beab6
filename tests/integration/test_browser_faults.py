"""A batch whose Chromium crashes or hangs while printing, through the real pipeline: the PDF is
retried once in a fresh browser; a run that still cannot print is failed with the error in the
manifest and the summary, never left "not run" while the batch exits 0."""

import os
import signal
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.integration.test_signals import batch_file, gone_within, manifest, marked, start

pytestmark = pytest.mark.slow


def browsers(mark: str) -> list[int]:
    """This test's Chromium main processes (not its renderer, GPU or zygote processes)."""
    found = []
    for pid in marked(mark):
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--remote-debugging-port=0" in args and not any(a.startswith(b"--type=") for a in args):
            found.append(pid)
    return found


class BrowserFault(threading.Thread):
    """Sends ``signum`` to each new Chromium of the batch marked ``mark`` (at most ``times``)."""

    def __init__(self, mark: str, signum: int, times: int) -> None:
        super().__init__(daemon=True)
        self.mark, self.signum, self.times = mark, signum, times
        self.hit: list[int] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set() and len(self.hit) < self.times:
            for pid in browsers(self.mark):
                if pid not in self.hit and os.path.exists(f"/proc/{pid}"):
                    time.sleep(0.3)  # let it open its first tab, or start printing
                    try:
                        os.kill(pid, self.signum)
                    except ProcessLookupError:
                        continue
                    self.hit.append(pid)
            time.sleep(0.05)


def run_batch(tmp_path, fault: BrowserFault, env=None, runs=2):
    path = batch_file(tmp_path, [{"label": f"r{i}"} for i in range(runs)])
    out = tmp_path / "out"
    process = start(
        "batch", path, "--out", out, "--quiet", "--workers", "1", mark=fault.mark, env=env
    )
    fault.start()
    try:
        _, stderr = process.communicate(timeout=300)
    finally:
        fault.done.set()
    return process.returncode, stderr, manifest(out), out


def test_chromium_killed_while_printing_is_restarted_and_the_pdf_retried(tmp_path):
    fault = BrowserFault(uuid.uuid4().hex, signal.SIGKILL, times=1)
    status, stderr, runs, _ = run_batch(tmp_path, fault)
    assert fault.hit, "the test never saw the batch's Chromium"
    assert status == 0, stderr
    assert [r["status"] for r in runs.values()] == ["ok", "ok"]
    assert all(Path(r["outputs"]["pdf"]["path"]).exists() for r in runs.values())
    assert not gone_within(fault.mark, 10)


def test_chromium_that_keeps_crashing_fails_the_run_with_the_error(tmp_path):
    fault = BrowserFault(uuid.uuid4().hex, signal.SIGKILL, times=100)
    status, stderr, runs, out = run_batch(tmp_path, fault, runs=1)
    assert status == 1, stderr
    (run,) = runs.values()
    assert run["status"] == "failed"
    assert "Chromium" in run["error"]
    assert "failed: label-r0: Chromium" in stderr
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.is_dir()]
    assert not gone_within(fault.mark, 10)


def test_hung_chromium_times_out_and_the_pdf_is_retried(tmp_path):
    fault = BrowserFault(uuid.uuid4().hex, signal.SIGSTOP, times=1)
    status, stderr, runs, _ = run_batch(tmp_path, fault, env={"SITREP_PRINT_TIMEOUT": "5"})
    assert fault.hit
    assert status == 0, stderr
    assert [r["status"] for r in runs.values()] == ["ok", "ok"]
    assert not gone_within(fault.mark, 15)
