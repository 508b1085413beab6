"""Never touch what is not ours, through the real pipeline (`sitrep` subprocesses, real
kernels, real Chromium): a user's hidden folders beside the reports, a render in another pid
namespace (a container sharing the output folder), a report that cannot be replaced whole, a
PDF that fails, `kill -9` with the temporary folder watched, and a browser wrapper script that
does not `exec`. Processes are counted by an environment marker only this test's `sitrep`
carries (tests/integration/test_signals.py); files in private folders only."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.integration.test_signals import (
    FIXTURE,
    MARK,
    REPO,
    batch_file,
    gone_within,
    hidden_folders,
    manifest,
    marked,
    start,
)

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def user_folders(out: Path) -> dict[Path, str]:
    """Hidden folders of a user's, with names like those of staging folders (never ours)."""
    made = {}
    for name in (".thesis.20240101.d", ".governorate-hama.old", ".fault_fixture.1234.abcd"):
        folder = out / name
        folder.mkdir(parents=True)
        (folder / "notes.txt").write_text(f"the user's own {name}")
        made[folder / "notes.txt"] = (folder / "notes.txt").read_text()
    return made


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def ours(out: Path) -> list[Path]:
    """Staging folders (marked as ours) in ``out``."""
    if not out.is_dir():
        return []
    return [p for p in hidden_folders(out) if (p / ".sitrep-owner.json").is_file()]


def finish(process: subprocess.Popen, seconds: float = 300) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=seconds)
    assert "Traceback" not in stderr, stderr
    return process.returncode, stderr


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("sitrep: error:")]


# ------------------------------------------------------------------- not ours: never touched


def test_a_users_hidden_folders_beside_the_reports_survive_renders_and_batches(tmp_path):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    before = user_folders(out)
    code, stderr = finish(start("render", FIXTURE, "--to", "html", "--out", out, mark=mark))
    assert code == 0, stderr
    path = batch_file(tmp_path, [{"label": "a"}, {"label": "b"}], formats="[html]")
    code, stderr = finish(start("batch", path, "--out", out, "--quiet", mark=mark))
    assert code == 0, stderr
    assert {p: p.read_text() for p in before} == before
    assert not ours(out)
    assert not (out / ".sitrep-reports.lock").exists()  # the last holder removed it


# ------------------------------------------------- another pid namespace: shared storage


def unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    done = subprocess.run(
        ["unshare", "--pid", "--fork", "--mount-proc", "--uts", "true"], capture_output=True
    )
    return done.returncode == 0


def test_a_render_in_another_container_keeps_its_staging_folder_and_its_report(tmp_path):
    """A render in another pid namespace (a container, or a host sharing the folder) is never
    disturbed: a second writer of its report is refused in one line, a batch's clean-up leaves
    its staging folder alone, and it finishes its report."""
    if not unshare_works():
        pytest.skip("unshare of a pid namespace is not permitted here")
    out, mark = tmp_path / "out", uuid.uuid4().hex
    user = user_folders(out)
    render = [
        sys.executable,
        "-m",
        "analysis.cli",
        "render",
        str(FIXTURE),
        "-p",
        "mode",
        "sleep",
        "-p",
        "seconds",
        "20",
        "--to",
        "html",
        "--out",
        str(out),
    ]
    script = "hostname container-b && exec " + " ".join(f"'{a}'" for a in render)
    contained = subprocess.Popen(
        ["unshare", "--pid", "--fork", "--mount-proc", "--uts", "sh", "-c", script],
        cwd=REPO,
        env={**os.environ, MARK: mark},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: ours(out), 120, "the contained render's staging folder")
    staged = ours(out)[0]
    marker = json.loads((staged / ".sitrep-owner.json").read_text())
    assert marker["owner"]["host"] == "container-b"
    assert marker["owner"]["pid_ns"] != os.stat("/proc/self/ns/pid").st_ino

    # A second writer of the same report, here: refused in one line, exit 2.
    code, stderr = finish(start("render", FIXTURE, "--to", "html", "--out", out, mark=mark))
    assert code == 2, stderr
    (line,) = error_lines(stderr)
    assert "another sitrep process (pid 1 on container-b) is writing fault_fixture" in line
    # A batch whose run is that report: the run fails with that line; the other run is done.
    path = batch_file(tmp_path, [{"label": "b"}], formats="[html]")
    path.write_text(path.read_text() + "id: fault_fixture\n")
    code, stderr = finish(start("batch", path, "--out", out, "--quiet", mark=mark))
    assert code == 1, stderr
    entry = manifest(out)["fault_fixture"]
    assert entry["status"] == "failed"
    assert "is writing fault_fixture" in entry["error"]
    # A batch of another report in the same folder: its clean-up keeps the live staging.
    other = tmp_path / "other"
    other.mkdir()
    path = batch_file(other, [{"label": "c"}], formats="[html]")
    code, stderr = finish(start("batch", path, "--out", out, "--quiet", mark=mark))
    assert code == 0, stderr
    assert staged.is_dir()

    code, stderr = finish(contained)
    assert code == 0, stderr
    assert "Label: run" in (out / "fault_fixture.html").read_text()
    assert not ours(out)
    assert {p: p.read_text() for p in user} == user
    assert not gone_within(mark, 10)


# ------------------------------------------------------------------ replaced as a set


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_a_report_that_cannot_be_replaced_whole_is_left_as_it_was(tmp_path):
    if os.geteuid() != 0 or not shutil.which("chattr"):
        pytest.skip("making a file immutable needs root and chattr")
    out, mark = tmp_path / "out", uuid.uuid4().hex
    code, stderr = finish(start("render", FIXTURE, "-p", "label", "first", "--out", out, mark=mark))
    assert code == 0, stderr
    html = out / "fault_fixture.html"
    if subprocess.run(["chattr", "+i", str(html)], capture_output=True).returncode:
        pytest.skip("this file system has no immutable attribute")
    try:
        before = snapshot(out)
        assert set(before) == {"fault_fixture.ipynb", "fault_fixture.html", "fault_fixture.pdf"}
        render = start("render", FIXTURE, "-p", "label", "second", "--out", out, mark=mark)
        code, stderr = finish(render)
        assert code == 1, stderr
        (line,) = error_lines(stderr)
        assert "fault_fixture.html" in line and "permission denied" in line.lower()
        assert snapshot(out) == before  # no new notebook beside the old HTML and PDF
        assert not hidden_folders(out)
    finally:
        subprocess.run(["chattr", "-i", str(html)], check=True)


# ------------------------------------------------------------------------- a failed PDF


def broken_browser(tmp_path: Path) -> Path:
    script = tmp_path / "broken-chromium"
    script.write_text("#!/bin/sh\nexit 3\n")
    script.chmod(0o755)
    return script


def test_a_failed_pdf_keeps_the_html_and_notebook_and_the_earlier_report(tmp_path):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    code, stderr = finish(start("render", FIXTURE, "-p", "label", "first", "--out", out, mark=mark))
    assert code == 0, stderr
    before = snapshot(out)
    env = {"SITREP_BROWSER": str(broken_browser(tmp_path))}
    render = start("render", FIXTURE, "-p", "label", "second", "--out", out, mark=mark, env=env)
    code, stderr = finish(render)
    assert code == 1, stderr
    (line,) = error_lines(stderr)
    assert "fault_fixture.pdf-failed.html and fault_fixture.pdf-failed.ipynb" in line
    after = snapshot(out)
    assert {k: after[k] for k in before} == before  # the earlier report is unchanged
    assert "Label: second" in (out / "fault_fixture.pdf-failed.html").read_text()
    assert json.loads((out / "fault_fixture.pdf-failed.ipynb").read_text())["cells"]
    assert set(after) - set(before) == {
        "fault_fixture.pdf-failed.html",
        "fault_fixture.pdf-failed.ipynb",
    }
    code, stderr = finish(start("render", FIXTURE, "-p", "label", "third", "--out", out, mark=mark))
    assert code == 0, stderr
    assert set(snapshot(out)) == set(before)  # a good run clears what the failed one kept


def test_a_batch_run_whose_pdf_fails_keeps_its_html_and_notebook(tmp_path):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    path = batch_file(tmp_path, [{"label": "a"}])
    env = {"SITREP_BROWSER": str(broken_browser(tmp_path))}
    code, stderr = finish(start("batch", path, "--out", out, "--quiet", mark=mark, env=env))
    assert code == 1, stderr
    entry = manifest(out)["label-a"]
    assert entry["status"] == "failed"
    kept = {kind: Path(item["path"]) for kind, item in entry["kept"].items()}
    assert kept == {
        "html": out / "label-a.pdf-failed.html",
        "ipynb": out / "label-a.pdf-failed.ipynb",
    }
    assert "Label: a" in kept["html"].read_text()
    assert not (out / "label-a.html").exists() and not (out / "label-a.pdf").exists()
    assert '<a href="label-a.pdf-failed.html">HTML (no PDF)</a>' in (out / "index.html").read_text()


# -------------------------------------------------------------- kill -9: nothing in /tmp


def private_tmp(tmp_path: Path) -> tuple[Path, dict]:
    """A temporary folder and a Jupyter runtime folder of this test's alone (short paths: IPC
    sockets live there)."""
    tmp = Path(f"/tmp/st-{uuid.uuid4().hex[:8]}")
    runtime = tmp_path / "runtime"
    tmp.mkdir()
    runtime.mkdir()
    return tmp, {"TMPDIR": str(tmp), "JUPYTER_RUNTIME_DIR": str(runtime)}


def leftovers(*folders: Path) -> list[str]:
    return [str(p) for folder in folders for p in folder.rglob("*")]


def browsers_of(mark: str) -> list[int]:
    found = []
    for pid in marked(mark):
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            continue
        if "chrom" in name:
            found.append(pid)
    return found


@pytest.mark.parametrize("command", ["render", "batch"])
def test_kill_9_leaves_nothing_of_ours_in_the_temporary_folder(tmp_path, command):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    tmp, env = private_tmp(tmp_path)
    try:
        if command == "render":
            args = ("render", FIXTURE, "-p", "mode", "sleep", "-p", "seconds", "60")
        else:
            # r0 is printed while r1 sleeps: Chromium and a kernel run when the batch is killed
            runs = [{"label": "r0", "mode": "sleep", "seconds": 1}]
            runs.append({"label": "r1", "mode": "sleep", "seconds": 60})
            args = ("batch", batch_file(tmp_path, runs), "--quiet", "--workers", "2")
        process = start(*args, "--out", out, mark=mark, env=env)
        wait_for(lambda: ours(out) and browsers_of(mark), 120, "a kernel running and Chromium")
        time.sleep(1)
        assert list(tmp.iterdir()), "the run keeps nothing in the temporary folder"
        process.kill()
        process.communicate(timeout=30)
        assert not gone_within(mark, 20)
        wait_for(lambda: not list(tmp.iterdir()), 20, "the temporary folder to be emptied")
        assert leftovers(tmp, tmp_path / "runtime") == []  # no key, socket or profile
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ------------------------------------------------- a browser wrapper that does not exec


def wrapper(tmp_path: Path) -> Path:
    script = tmp_path / "my-chromium"
    script.write_text(f'#!/bin/sh\n"{CHROMIUM}" "$@"\nstatus=$?\nexit $status\n')
    script.chmod(0o755)
    return script


@pytest.mark.skipif(CHROMIUM is None, reason="needs the system Chromium")
def test_a_browser_started_by_a_wrapper_script_ends_with_its_render(tmp_path):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    env = {"SITREP_BROWSER": str(wrapper(tmp_path))}
    code, stderr = finish(start("render", FIXTURE, "--out", out, mark=mark, env=env))
    assert code == 0, stderr
    assert (out / "fault_fixture.pdf").read_bytes().startswith(b"%PDF")
    assert not gone_within(mark, 10)  # closed: the wrapper's whole process group


@pytest.mark.skipif(CHROMIUM is None, reason="needs the system Chromium")
def test_a_browser_started_by_a_wrapper_script_dies_with_a_killed_render(tmp_path):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    env = {"SITREP_BROWSER": str(wrapper(tmp_path))}
    args = ("render", FIXTURE, "-p", "mode", "sleep", "-p", "seconds", "60", "--out", out)
    process = start(*args, mark=mark, env=env)
    wait_for(lambda: browsers_of(mark), 120, "Chromium under the wrapper")
    time.sleep(1)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    left = gone_within(mark, 20)
    assert not left, [Path(f"/proc/{pid}/cmdline").read_bytes()[:80] for pid in left]
