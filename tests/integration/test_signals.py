"""Stopping `sitrep batch` and `sitrep render` as schedulers do (SIGTERM, SIGKILL), through the
real pipeline: the manifest stays right, the next call finishes the work, and no process is
left running. Processes are counted by an environment marker that only this test's `sitrep`
(and so every worker, kernel and Chromium it starts) carries, never across the machine."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "fault_fixture.ipynb"
MARK = "SITREP_TEST_MARK"

pytestmark = pytest.mark.slow


# ------------------------------------------------------------------- this test's processes


def marked(mark: str) -> list[int]:
    """Pids of the running processes that carry ``MARK=mark`` in their environment: the
    `sitrep` a test started and everything descended from it, even once re-parented."""
    needle = f"{MARK}={mark}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":  # a zombie is already gone; it waits for its parent to reap it
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def gone_within(mark: str, seconds: float) -> list[int]:
    """The marked processes still running after waiting up to ``seconds`` for them to exit."""
    deadline = time.monotonic() + seconds
    while (left := marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.25)
    return left


def start(*args, mark: str, env: dict | None = None) -> subprocess.Popen:
    environment = {**os.environ, **(env or {}), MARK: mark}
    return subprocess.Popen(
        [sys.executable, "-m", "analysis.cli", *map(str, args)],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def batch_file(tmp_path, runs, formats="[html, pdf]"):
    lines = [f"notebook: {FIXTURE}", f"formats: {formats}", "runs:"]
    lines += [f"  - {json.dumps(run)}" for run in runs]
    path = tmp_path / "batch.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def manifest(out):
    return {r["id"]: r for r in json.loads((out / "manifest.json").read_text())["runs"]}


def wait_for_first_ok(out, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        if (out / "manifest.json").exists() and any(
            r["status"] == "ok" for r in manifest(out).values()
        ):
            return
        time.sleep(0.2)
    raise AssertionError(f"no run finished: {process.poll()}")


def hidden_folders(out):
    return [p for p in out.iterdir() if p.name.startswith(".") and p.is_dir()]


def sleepy_runs(n=5, seconds=2.0):
    return [{"label": f"r{i}", "mode": "sleep", "seconds": seconds} for i in range(n)]


# --------------------------------------------------------------------------------- batches


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_stops_a_batch_like_ctrl_c_and_the_next_call_finishes_it(tmp_path, signum):
    path, out, mark = batch_file(tmp_path, sleepy_runs()), tmp_path / "out", uuid.uuid4().hex
    process = start("batch", path, "--out", out, "--quiet", "--workers", "2", mark=mark)
    wait_for_first_ok(out, process)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + signum, stderr
    assert "interrupted: run the same command again to resume" in stderr
    runs = manifest(out)  # valid JSON, every run listed
    assert len(runs) == 5
    assert all(r["status"] in ("ok", "not run") for r in runs.values())
    done = sum(r["status"] == "ok" for r in runs.values())
    assert 1 <= done < 5
    assert not gone_within(mark, 10)
    assert not hidden_folders(out)
    resumed = start("batch", path, "--out", out, "--quiet", mark=mark)
    _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr
    assert f"{5 - done} ok, 0 failed, {done} skipped" in stderr
    assert not gone_within(mark, 10)


def test_sigkill_of_a_batch_leaves_no_process_and_the_next_call_finishes_it(tmp_path):
    path, out, mark = batch_file(tmp_path, sleepy_runs()), tmp_path / "out", uuid.uuid4().hex
    process = start("batch", path, "--out", out, "--quiet", "--workers", "2", mark=mark)
    wait_for_first_ok(out, process)
    assert len(marked(mark)) >= 4  # main, workers, their kernels, Chromium
    process.kill()
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    left = gone_within(mark, 10)
    assert not left, [Path(f"/proc/{pid}/cmdline").read_bytes()[:120] for pid in left]
    runs = manifest(out)
    assert len(runs) == 5
    assert all(r["status"] in ("ok", "not run") for r in runs.values())
    resumed = start("batch", path, "--out", out, "--quiet", mark=mark)
    _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr
    assert all(r["status"] in ("ok", "skipped") for r in manifest(out).values())
    assert not hidden_folders(out)  # the killed batch's staging folders are removed
    assert not gone_within(mark, 10)


# -------------------------------------------------------------------------------- render


def test_sigterm_of_render_stops_kernel_and_browser_and_removes_staging(tmp_path):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    process = start(
        "render", FIXTURE, "-p", "mode", "sleep", "-p", "seconds", "30", "--out", out, mark=mark
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out.exists() and hidden_folders(out)):
        time.sleep(0.1)
    assert hidden_folders(out), "the render never started executing"
    time.sleep(1)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, stderr  # 143, as a batch
    assert "interrupted" in stderr
    assert "Traceback" not in stderr
    assert not gone_within(mark, 10)
    assert not list(out.iterdir())  # no staging folder, no half-written report


def test_sigkill_of_render_leaves_no_process(tmp_path):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    process = start(
        "render", FIXTURE, "-p", "mode", "sleep", "-p", "seconds", "30", "--out", out, mark=mark
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out.exists() and hidden_folders(out)):
        time.sleep(0.1)
    time.sleep(1)
    assert len(marked(mark)) >= 2  # sitrep and its kernel (and Chromium)
    process.kill()
    process.communicate(timeout=30)
    assert not gone_within(mark, 10)
    assert hidden_folders(out)  # the killed render's staging folder...
    again = start("render", FIXTURE, "--to", "html", "--out", out, mark=mark)
    _, stderr = again.communicate(timeout=120)
    assert again.returncode == 0, stderr
    assert not hidden_folders(out)  # ...is removed by the next render
