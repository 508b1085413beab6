"""The output folder through the real `sitrep render` and `sitrep batch`, on real mounts: a
read-only disk, a disk too small for the report, a file, a folder under a file and a folder
that cannot be written are refused in one line before any kernel starts (exit 2); a disk that
fills up during the run, or the folder removed during it, fails the run with what happened and
loses nothing already in the folder. The mounts are tmpfs, made and always unmounted here;
where mounting is not permitted those tests skip."""

import contextlib
import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from analysis.report import batch, manifest
from analysis.report.prechecks import short_path
from analysis.report.records import RunRecord, RunStatus
from tests.integration import mounts
from tests.integration.test_signals import FIXTURE, REPO, gone_within, hidden_folders, start

pytestmark = pytest.mark.slow


def sitrep(*args, env=None, prefix=(), timeout=300):
    return subprocess.run(
        [*prefix, sys.executable, "-m", "analysis.cli", *map(str, args)],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def one_error_line(done, status=2):
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("sitrep: error: ")]
    assert len(lines) == 1, done.stderr
    return lines[0]


def digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def tmpfs(tmp_path):
    """``tmpfs(name, size, read_only=False)``: a fresh tmpfs mounted at ``tmp_path / name``;
    unmounted at the end of the test, whatever happens."""
    with contextlib.ExitStack() as stack:

        def mount(name, size="1m", read_only=False):
            options = f"size={size}" + (",ro" if read_only else "")
            return stack.enter_context(mounts.tmpfs(tmp_path / name, options))

        yield mount


# ------------------------------------------------------------------ refused before any kernel


def test_a_read_only_disk_is_named_as_one(tmp_path, tmpfs):
    disk = tmpfs("ro", read_only=True)
    for out in (disk, disk / "reports"):
        line = one_error_line(sitrep("render", FIXTURE, "--out", out))
        assert line == (
            f"sitrep: error: cannot write in the output folder {short_path(out)}: read-only file "
            "system (its disk is mounted read-only); choose another folder with --out."
        )
    batch_path = batch_file(tmp_path, [{"label": "a"}])
    line = one_error_line(sitrep("batch", batch_path, "--out", disk / "b", "--quiet"))
    assert "read-only file system" in line
    line = one_error_line(sitrep("batch", batch_path, "--out", disk / "b", "--dry-run"))
    assert "read-only file system" in line


def test_a_disk_too_small_for_the_report_says_how_much_is_free_and_needed(tmp_path, tmpfs):
    disk = tmpfs("small", size="1m")
    line = one_error_line(sitrep("render", FIXTURE, "--out", disk))
    assert line.startswith(
        f"sitrep: error: not enough space in the output folder {short_path(disk)}: 1.0 MB free "
        "on its disk, a report needs about 30.0 MB (10 MB for each of ipynb, html, pdf; "
        "SITREP_REPORT_FILE_MB sets this)"
    )
    assert "free space on that disk or choose another folder with --out" in line
    line = one_error_line(sitrep("render", FIXTURE, "--to", "html", "--out", disk / "sub"))
    assert "a report needs about 10.0 MB (10 MB for each of html;" in line
    assert list(disk.iterdir()) == []  # nothing made
    done = sitrep("batch", batch_file(tmp_path, [{"label": "a"}]), "--out", disk, "--quiet")
    assert "not enough space in the output folder" in one_error_line(done)
    assert list(disk.iterdir()) == []


def test_a_file_or_a_folder_under_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    line = one_error_line(sitrep("render", FIXTURE, "--out", tmp_path / "file"))
    assert line.endswith("not a folder (it is a file); choose another folder with --out.")
    line = one_error_line(sitrep("render", FIXTURE, "--out", tmp_path / "file" / "sub"))
    assert f"not a folder ({short_path(tmp_path / 'file')} is a file)" in line
    done = sitrep("batch", batch_file(tmp_path, [{"label": "a"}]), "--out", tmp_path / "file")
    assert "not a folder (it is a file)" in one_error_line(done)
    assert (tmp_path / "file").read_text() == "not a folder"


def test_a_folder_that_cannot_be_written_is_refused(tmp_path):
    """As root, permissions are not checked: the command then runs without the capabilities
    that bypass them (setpriv), so the folder's mode applies to it as to anyone."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    prefix = ()
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root, and no setpriv to run without the permission bypass")
        prefix = ("setpriv", "--bounding-set=-dac_override,-dac_read_search")
    try:
        for out in (locked, locked / "sub"):
            line = one_error_line(sitrep("render", FIXTURE, "--out", out, prefix=prefix))
            assert line == (
                f"sitrep: error: cannot write in the output folder {short_path(out)}: permission "
                f"denied ({short_path(locked)} is not writable); check its permissions and "
                "owner, or choose another folder with --out."
            )
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


# ------------------------------------------------------------------ failures during the run


def big_data(tmp_path):
    """A text file the fixture report shows whole: a report of about 1 MB (a third of it PDF)."""
    places = ("Aleppo", "Hama", "Homs", "Idlib", "Daraa", "Raqqa", "Tartus")
    words = [f"{places[i * 7919 % 7]}{i * 104729 % 1000}" for i in range(20000)]
    path = tmp_path / "big.txt"
    path.write_text(" ".join(words), encoding="utf-8")
    return path


def test_a_disk_filling_up_during_a_render_says_disk_full_and_keeps_earlier_reports(
    tmp_path, tmpfs
):
    data = big_data(tmp_path)
    # the sizes of the big report, rendered elsewhere
    done = sitrep("render", FIXTURE, "-p", "input_path", data, "--out", tmp_path / "sizes")
    assert done.returncode == 0, done.stderr
    sizes = {p.suffix: p.stat().st_size for p in (tmp_path / "sizes").iterdir()}
    assert sizes[".pdf"] > 100_000  # half of it leaves room for the notebook and HTML only
    disk = tmpfs("disk", size="4m")
    # an earlier report in the folder: the small one (its size sets the estimate there)
    done = sitrep("render", FIXTURE, "--out", disk, env={"SITREP_REPORT_FILE_MB": "0.5"})
    assert done.returncode == 0, done.stderr
    earlier = digests(disk)
    assert sorted(earlier) == ["fault_fixture.html", "fault_fixture.ipynb", "fault_fixture.pdf"]
    # fill the disk up to the notebook, the HTML and half the PDF of the big report
    room = sizes[".ipynb"] + sizes[".html"] + sizes[".pdf"] // 2
    info = os.statvfs(disk)
    with open(disk / "filler", "wb") as filler:
        filler.write(b"\0" * (info.f_bavail * info.f_frsize - room))
    earlier["filler"] = hashlib.sha256((disk / "filler").read_bytes()).hexdigest()

    done = sitrep("render", FIXTURE, "-p", "input_path", data, "--out", disk)
    line = one_error_line(done, status=1)
    assert line.startswith(f"sitrep: error: could not write the report to {disk}: disk full (")
    assert line.endswith(
        " free); free space on that disk, or choose another folder with --out. Earlier reports "
        "there are untouched."
    )
    assert digests(disk) == earlier  # nothing lost, nothing half-written, no staging left


def test_the_folder_removed_during_the_render_says_no_such_folder(tmp_path):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    process = start(
        "render", FIXTURE, "-p", "mode", "sleep", "-p", "seconds", "3", "--out", out, mark=mark
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out.exists() and hidden_folders(out)):
        time.sleep(0.05)
    assert hidden_folders(out), "the render never started executing"
    shutil.rmtree(out)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert stderr.strip() == (
        f"sitrep: error: could not write the report to {out}: no such folder (it was removed "
        "or renamed while the report ran); run again, or choose another folder with --out."
    )
    assert not gone_within(mark, 10)


# ------------------------------------------------------------------------------- batches


def batch_file(tmp_path, runs, formats="[html]"):
    lines = [f"notebook: {FIXTURE}", f"formats: {formats}", "runs:"]
    lines += [f"  - {json.dumps(run)}" for run in runs]
    path = tmp_path / "batch.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_manifest_write_on_a_full_disk_names_it_and_keeps_the_old_files(tmp_path, tmpfs):
    plan = batch.load(batch_file(tmp_path, [{"label": "a"}, {"label": "b"}]))
    disk = tmpfs("disk", size="1m")
    record = manifest.Manifest(plan, disk, "0" * 64)
    record.write()
    assert record.write_error is None
    before = digests(disk)
    with open(disk / "filler", "wb", buffering=0) as filler:  # the disk, full
        try:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    before["filler"] = hashlib.sha256((disk / "filler").read_bytes()).hexdigest()
    record.entries[plan.runs[0].id] = RunRecord(plan.runs[0].id, {"x": "y" * 9000}, RunStatus.OK)
    record.write()
    assert record.write_error.startswith("disk full (")
    assert record.write_error.endswith(" free); free space on that disk")
    assert digests(disk) == before  # the previous files whole, no temporary file left
