"""The output folder checked before any kernel starts (analysis.report.outdir): refusals in one
line naming the folder, and the space a report is estimated to need. The refusals that need a
real mount (read-only, a small disk) are in tests/integration/test_outdir.py."""

import os

import pytest

from analysis.errors import ParameterError
from analysis.report import outdir
from analysis.report.prechecks import short_path

FORMATS = ("ipynb", "html", "pdf")
MB = 1024 * 1024


def refusal(out, stems=("report",), formats=FORMATS) -> str:
    with pytest.raises(ParameterError) as caught:
        outdir.check(out, list(stems), formats)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_file_and_a_folder_under_a_file_are_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    assert refusal(tmp_path / "file") == (
        f"cannot write in the output folder {short_path(tmp_path / 'file')}: not a folder (it is "
        "a file); "
        "choose another folder with --out."
    )
    message = refusal(tmp_path / "file" / "sub" / "deeper")
    assert f"not a folder ({short_path(tmp_path / 'file')} is a file)" in message


def test_a_broken_link_is_refused(tmp_path):
    (tmp_path / "link").symlink_to(tmp_path / "gone")
    assert "is a link to nothing (a broken link)" in refusal(tmp_path / "link" / "out")


def test_a_folder_where_a_report_file_goes_is_refused(tmp_path):
    (tmp_path / "report.html").mkdir()
    assert "report.html there is a folder, where the report's file goes" in refusal(tmp_path)


def test_a_folder_still_to_be_made_is_fine_and_nothing_is_made(tmp_path):
    space = outdir.check(tmp_path / "a" / "b", ["report"], FORMATS)
    assert not (tmp_path / "a").exists()
    assert space.one == space.all == 3 * int(outdir.DEFAULT_FILE_MB * MB)


def test_no_room_for_one_report_names_the_estimate_and_its_setting(tmp_path, monkeypatch):
    monkeypatch.setenv(outdir.FILE_MB_ENV, str(10**12))  # no disk holds three of these
    message = refusal(tmp_path)
    assert message.startswith(f"not enough space in the output folder {short_path(tmp_path)}: ")
    assert "free on its disk, a report needs about" in message
    assert f"1e+12 MB for each of ipynb, html, pdf; {outdir.FILE_MB_ENV} sets this" in message
    monkeypatch.setenv(outdir.FILE_MB_ENV, "lots")
    message = refusal(tmp_path)
    assert f"{outdir.FILE_MB_ENV}='lots' is not a size in MB" in message


def test_the_estimate_comes_from_the_reports_already_there(tmp_path, monkeypatch):
    monkeypatch.setenv(outdir.FILE_MB_ENV, str(10**12))  # would refuse, if it were used
    for stem, size in (("a", 1000), ("b", 3000), ("c", 2000)):
        for fmt in FORMATS:
            (tmp_path / f"{stem}.{fmt}").write_bytes(b"x" * size)
    (tmp_path / "index.html").write_bytes(b"x" * 10**6)  # a front page, not a report
    (tmp_path / "b.failed.ipynb").write_bytes(b"x" * 10**6)  # nor a failed notebook
    space = outdir.check(tmp_path, ["a", "new"], FORMATS)
    # "a" replaces its files (3 x 1000); "new" takes the median of each format (3 x 2000)
    assert space.one == 6000
    assert space.all == 6000 + 3000
    disk = os.statvfs(tmp_path)
    assert abs(space.free - disk.f_bavail * disk.f_frsize) < 64 * MB
