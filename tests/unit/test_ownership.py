"""What is ours and whether its maker is gone: markers, report locks, stale staging folders,
reports replaced as a set, scratch folders. Real processes (short-lived ``python -c``
children), real files and real locks; no pipeline."""

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from analysis.report import ownership, scratch, staging
from analysis.report.lock import REPORTS_LOCK, ReportLock

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from analysis.report.lock import ReportLock
    lock = ReportLock(Path(sys.argv[1]), sys.argv[2])
    print("held" if lock.acquire() else "busy", flush=True)
    time.sleep(600)
    """
)


def dead_process() -> ownership.Process:
    """A process that has ended (its pid is free or reused)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    identity = ownership.me()
    return replace(identity, pid=child.pid, start=ownership.start_time(os.getpid()) + 1)


def hold_lock(out: Path, stem: str) -> subprocess.Popen:
    """Another process holding the lock of report ``stem`` in ``out`` until killed."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out), stem], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "held"
    return child


def staged_by(out: Path, stem: str, owner: ownership.Process, writer=None) -> Path:
    """A staging folder made by ``owner`` (and ``writer``), as a killed render leaves it."""
    folder = out / f".{stem}.abc123"
    folder.mkdir(parents=True)
    (folder / f"{stem}.ipynb").write_text("{}")
    data = {
        "tool": "syria-sitrep",
        "kind": "staging",
        "stem": stem,
        "owner": owner.as_dict(),
        "writer": (writer or owner).as_dict(),
    }
    (folder / ownership.MARKER).write_text(json.dumps(data))
    return folder


# ------------------------------------------------------------------------------- processes


def test_this_process_runs_and_an_ended_one_is_provably_gone():
    assert ownership.running(ownership.me())
    assert not ownership.provably_gone(ownership.me())
    assert ownership.provably_gone(dead_process())


def test_a_reused_pid_is_not_the_owner():
    reused = replace(ownership.me(), start=ownership.me().start + 12345)  # same pid, later start
    assert ownership.provably_gone(reused)


def test_a_zombie_is_gone():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        stat = Path(f"/proc/{child.pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            break
        time.sleep(0.02)
    assert ownership.start_time(child.pid) is None  # ended; not yet collected by its parent
    child.wait()


def test_a_process_in_another_pid_namespace_or_boot_cannot_be_proved_gone():
    here = ownership.me()
    for other in (replace(here, pid_ns=here.pid_ns + 1), replace(here, boot_id="other-boot")):
        assert not ownership.checkable(other)
        assert not ownership.provably_gone(other)


# --------------------------------------------------------------------------------- markers


def test_only_our_markers_are_read(tmp_path):
    assert ownership.read_marker(tmp_path) is None
    (tmp_path / ownership.MARKER).write_text('{"tool": "something else", "kind": "staging"}')
    assert ownership.read_marker(tmp_path) is None
    (tmp_path / ownership.MARKER).write_text("not json")
    assert ownership.read_marker(tmp_path) is None
    (tmp_path / ownership.MARKER).unlink()
    os.mkfifo(tmp_path / ownership.MARKER)  # never blocks on a FIFO named like a marker
    assert ownership.read_marker(tmp_path) is None
    (tmp_path / ownership.MARKER).unlink()
    ownership.write_marker(tmp_path, "staging", stem="r1")
    marker = ownership.read_marker(tmp_path, "staging")
    assert marker.stem == "r1" and marker.owner == ownership.me() == marker.writer
    assert ownership.read_marker(tmp_path, "scratch") is None


def test_a_marker_through_a_symbolic_link_is_not_ours(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    ownership.write_marker(real, "staging", stem="r1")
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / ownership.MARKER).symlink_to(real / ownership.MARKER)
    assert ownership.read_marker(fake) is None


# ---------------------------------------------------------------------------- report locks


def test_one_writer_per_report_within_a_process_and_across_processes(tmp_path):
    first, second = ReportLock(tmp_path, "r1"), ReportLock(tmp_path, "r1")
    assert first.acquire()
    assert not second.acquire()  # two descriptors of one process conflict too
    assert ReportLock(tmp_path, "r2").acquire()  # another report is free
    first.release()
    assert second.acquire()
    second.release()
    child = hold_lock(tmp_path, "r1")
    try:
        assert not ReportLock(tmp_path, "r1").acquire()
    finally:
        child.kill()  # the kernel releases the lock of a killed process
        child.wait()
    lock = ReportLock(tmp_path, "r1")
    assert lock.acquire()
    lock.release()


def test_the_lock_file_goes_with_its_last_holder(tmp_path):
    one, two = ReportLock(tmp_path, "a"), ReportLock(tmp_path, "b")
    assert one.acquire() and two.acquire()
    one.release()
    assert (tmp_path / REPORTS_LOCK).exists()  # "b" still holds it
    two.release()
    assert not (tmp_path / REPORTS_LOCK).exists()


def test_a_holder_whose_lock_file_was_removed_locks_the_new_one(tmp_path):
    stale = ReportLock(tmp_path, "a")
    assert stale.acquire()
    fd = os.open(tmp_path / REPORTS_LOCK, os.O_RDWR)  # opened before the file is removed...
    stale.release()
    assert not (tmp_path / REPORTS_LOCK).exists()
    os.close(fd)
    fresh, rival = ReportLock(tmp_path, "a"), ReportLock(tmp_path, "a")
    assert fresh.acquire()  # ...a new holder makes a new file, and excludes a rival there
    assert not rival.acquire()
    fresh.release()


# ------------------------------------------------------------------------- stale staging


def test_folders_that_are_not_ours_are_never_removed_whatever_their_name(tmp_path):
    for name in (".thesis.20240101.d", ".governorate-hama.old", ".label-r1.1a2b3c4d"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "chapter.txt").write_text("mine")
    assert staging.remove_stale(tmp_path) == []
    for name in (".thesis.20240101.d", ".governorate-hama.old", ".label-r1.1a2b3c4d"):
        assert (tmp_path / name / "chapter.txt").read_text() == "mine"


def test_a_dead_owners_staging_is_removed_a_live_ones_is_kept(tmp_path):
    dead = staged_by(tmp_path, "r1", dead_process())
    live = staged_by(tmp_path, "r2", ownership.me())
    assert staging.remove_stale(tmp_path) == [dead]
    assert live.exists() and not dead.exists()


def test_a_dead_owners_staging_is_kept_while_a_writer_of_that_report_holds_its_lock(tmp_path):
    folder = staged_by(tmp_path, "r1", dead_process())
    child = hold_lock(tmp_path, "r1")
    try:
        assert staging.remove_stale(tmp_path) == []
        assert folder.exists()
    finally:
        child.kill()
        child.wait()
    assert staging.remove_stale(tmp_path) == [folder]


def test_a_staging_folder_of_another_host_or_container_waits_for_its_lease(tmp_path):
    here = ownership.me()
    elsewhere = replace(here, host="worker-7", boot_id="another-machine", pid=4242)
    folder = staged_by(tmp_path, "r1", elsewhere)
    assert staging.remove_stale(tmp_path) == []  # refreshed just now: a live writer
    old = time.time() - ownership.LEASE_S - 60
    os.utime(folder / ownership.MARKER, (old, old))
    assert staging.remove_stale(tmp_path) == [folder]


def test_a_live_remote_writer_keeps_the_folder_of_a_dead_owner(tmp_path):
    writer = replace(ownership.me(), host="worker-7", boot_id="another-machine", pid=4242)
    folder = staged_by(tmp_path, "r1", dead_process(), writer=writer)
    assert staging.remove_stale(tmp_path) == []
    assert folder.exists()


def test_a_renders_own_lock_lets_it_clean_its_reports_leftovers(tmp_path):
    folder = staged_by(tmp_path, "r1", dead_process())
    lock = ReportLock(tmp_path, "r1")
    assert lock.acquire()
    try:
        assert staging.remove_stale(tmp_path) == []  # another lock object: busy
        assert staging.remove_stale(tmp_path, held=[lock]) == [folder]
    finally:
        lock.release()


def test_a_new_staging_folder_is_marked_and_refreshed(tmp_path):
    folder = staging.create(tmp_path, "r1")
    try:
        marker = ownership.read_marker(folder, "staging")
        assert marker.stem == "r1" and marker.owner == ownership.me()
        assert folder.name.startswith(".r1.")
        assert Path(folder / ownership.MARKER) in ownership.heartbeat.paths
    finally:
        staging.remove(folder)
    assert not folder.exists()
    assert Path(folder / ownership.MARKER) not in ownership.heartbeat.paths


# --------------------------------------------------------------------- replaced as a set


def report_set(folder: Path, text: str) -> list[Path]:
    files = [folder / f"r.{ext}" for ext in ("ipynb", "html", "pdf")]
    for path in files:
        path.write_text(f"{text} {path.suffix}")
    return files


def test_a_report_is_replaced_as_a_set(tmp_path):
    out, new = tmp_path / "out", tmp_path / "out" / ".r.staging"
    new.mkdir(parents=True)
    old = report_set(out, "old")
    staging.replace_set(list(zip(report_set(new, "new"), old, strict=True)), new)
    assert [p.read_text() for p in old] == ["new .ipynb", "new .html", "new .pdf"]


def test_a_folder_in_the_place_of_one_file_leaves_the_whole_report_as_it_was(tmp_path):
    out, new = tmp_path / "out", tmp_path / "out" / ".r.staging"
    new.mkdir(parents=True)
    old = report_set(out, "old")
    old[2].unlink()
    old[2].mkdir()  # r.pdf is a folder: it cannot be replaced by a file
    with pytest.raises(IsADirectoryError) as caught:
        staging.replace_set(list(zip(report_set(new, "new"), old, strict=True)), new)
    assert caught.value.filename == str(old[2])
    assert [p.read_text() for p in old[:2]] == ["old .ipynb", "old .html"]


def test_a_failed_rename_puts_back_every_file_already_replaced(tmp_path):
    out, new = tmp_path / "out", tmp_path / "out" / ".r.staging"
    new.mkdir(parents=True)
    old = report_set(out, "old")
    fresh = report_set(new, "new")
    fresh[2].unlink()  # the last move fails after two files were replaced
    with pytest.raises(FileNotFoundError):
        staging.replace_set(list(zip(fresh, old, strict=True)), new)
    assert [p.read_text() for p in old] == ["old .ipynb", "old .html", "old .pdf"]


def test_new_files_of_a_set_that_fails_are_removed(tmp_path):
    out, new = tmp_path / "out", tmp_path / "out" / ".r.staging"
    new.mkdir(parents=True)
    fresh = report_set(new, "new")
    targets = [out / p.name for p in fresh]
    fresh[1].unlink()
    with pytest.raises(FileNotFoundError):
        staging.replace_set(list(zip(fresh, targets, strict=True)), new)
    assert not any(p.exists() for p in targets)


def immutable(path: Path) -> bool:
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    return done.returncode == 0


def test_an_immutable_file_leaves_the_whole_report_as_it_was(tmp_path):
    if os.geteuid() != 0 or not shutil.which("chattr"):
        pytest.skip("making a file immutable needs root and chattr")
    out, new = tmp_path / "out", tmp_path / "out" / ".r.staging"
    new.mkdir(parents=True)
    old = report_set(out, "old")
    if not immutable(old[1]):
        pytest.skip("this file system has no immutable attribute")
    try:
        with pytest.raises(PermissionError) as caught:
            staging.replace_set(list(zip(report_set(new, "new"), old, strict=True)), new)
        assert caught.value.filename == str(old[1])
        assert [p.read_text() for p in old] == ["old .ipynb", "old .html", "old .pdf"]
    finally:
        subprocess.run(["chattr", "-i", str(old[1])], check=True)


# -------------------------------------------------------------------------------- scratch


SCRATCH_CHILD = textwrap.dedent(
    """
    import os, sys, time
    from analysis.report import scratch
    print(scratch.folder(), flush=True)
    if sys.argv[1] == "exit":
        sys.exit(0)
    time.sleep(600)
    """
)


def scratch_child(tmp: Path, how: str) -> tuple[subprocess.Popen, Path]:
    env = {**os.environ, "TMPDIR": str(tmp)}
    env.pop(scratch.ENV, None)
    child = subprocess.Popen(
        [sys.executable, "-c", SCRATCH_CHILD, how], stdout=subprocess.PIPE, text=True, env=env
    )
    return child, Path(child.stdout.readline().strip())


def wait_gone(path: Path, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while os.path.lexists(path) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not os.path.lexists(path)


def test_a_scratch_folder_is_private_marked_and_gone_at_exit(tmp_path):
    child, folder = scratch_child(tmp_path, "exit")
    assert child.wait(timeout=30) == 0
    assert folder.parent == tmp_path and folder.name.startswith(scratch.PREFIX)
    assert wait_gone(folder)


def test_the_janitor_removes_the_scratch_folder_of_a_killed_process(tmp_path):
    child, folder = scratch_child(tmp_path, "sleep")
    assert folder.is_dir()
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    marker = ownership.read_marker(folder, "scratch")
    assert marker.owner.pid == child.pid
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert wait_gone(folder)
    assert list(tmp_path.iterdir()) == []


def test_a_scratch_folder_whose_owner_and_janitor_were_killed_is_swept(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    user = tmp_path / "sitrep-notes"  # a user's folder with our prefix, no marker: kept
    user.mkdir()
    orphan = tmp_path / "sitrep-orphan1"
    orphan.mkdir()
    (orphan / ownership.MARKER).write_text(
        json.dumps(
            {
                "tool": "syria-sitrep",
                "kind": "scratch",
                "owner": dead_process().as_dict(),
                "writer": dead_process().as_dict(),
            }
        )
    )
    assert scratch.sweep() == [orphan]
    child, live = scratch_child(tmp_path, "sleep")  # alive: its folder is kept
    try:
        assert scratch.sweep() == []
        assert live.is_dir() and user.is_dir()
    finally:
        child.kill()
        child.wait()
    assert wait_gone(live)
