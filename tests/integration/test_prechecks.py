"""`sitrep render` checks every parameter and reads every data file before any kernel starts.

Each bad case goes through the real command line: exit 2, one line naming the parameter, and
proof that no kernel was started: the message is the pre-check's and the output folder (made
only once the kernel has run) does not exist."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from analysis.data import cache
from analysis.report import params, prechecks
from tests.integration.reader import sitrep

REPO = Path(__file__).resolve().parents[2]
GED = ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
UNHCR = ("unhcr_refugees_rpkg", "unhcr_population_syr.csv")


def refused(tmp_path, *args, notebook="casualties"):
    """Run ``sitrep render`` expecting the pre-check to refuse; return its one line."""
    out = tmp_path / "out"
    result = sitrep("render", notebook, *args, "--out", out, "--to", "html")
    message = result.stderr.strip()
    assert result.returncode == 2, result.stderr
    assert message.startswith("sitrep: error: "), message
    assert "\n" not in message and "Traceback" not in message, message
    assert "--" not in message  # never advice to use an option (render has no --format)
    assert not out.exists()  # nothing was staged: no kernel ran
    return message.removeprefix("sitrep: error: ")


def test_missing_file(tmp_path):
    message = refused(tmp_path, "-p", "casualties_path", tmp_path / "nope.csv")
    assert message.startswith("parameter 'casualties_path':")
    assert "does not exist" in message and "nope.csv" in message


def test_a_folder_without_data_files(tmp_path):
    message = refused(tmp_path, "-p", "casualties_path", tmp_path)
    assert message.startswith("parameter 'casualties_path':")
    assert "holds no data file" in message  # a folder is read as its files: it has none


def test_symlink_loop(tmp_path):
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    message = refused(tmp_path, "-p", "casualties_path", tmp_path / "a.csv")
    assert message.startswith("parameter 'casualties_path':")
    assert "link loop" in message


def test_over_long_file_name_is_quoted_short(tmp_path):
    name = "x" * 400 + ".csv"
    message = refused(tmp_path, "-p", "casualties_path", tmp_path / name)
    assert message.startswith("parameter 'casualties_path':")
    assert "too long for the file system" in message
    assert "x" * (prechecks.SHORT + 1) not in message
    assert len(message) < 300


def test_pipe_given_as_a_file(tmp_path):
    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)  # opening it to read would block: it is refused by its type, never opened
    message = refused(tmp_path, "-p", "casualties_path", fifo)
    assert "not a regular file" in message


@pytest.mark.skipif(
    os.geteuid() == 0, reason="running as root: permissions never stop root from reading a file"
)
def test_unreadable_file(tmp_path, realdata):
    locked = tmp_path / "ged.csv"
    locked.write_bytes(realdata(*GED).read_bytes())
    locked.chmod(0)
    try:
        message = refused(tmp_path, "-p", "casualties_path", locked)
    finally:
        locked.chmod(0o600)
    assert message.startswith("parameter 'casualties_path':")
    assert "permission denied" in message


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_file_whose_read_fails(tmp_path):
    """Works as root too: reading a process's memory at offset 0 fails (Input/output error)."""
    message = refused(tmp_path, "-p", "casualties_path", "/proc/self/mem")
    assert message.startswith("parameter 'casualties_path':")
    assert "cannot be read" in message


def test_broken_file(tmp_path, realdata):
    truncated = tmp_path / "ged_cut.csv"
    truncated.write_bytes(realdata(*GED).read_bytes()[:3000])  # cut inside a row
    message = refused(tmp_path, "-p", "casualties_path", truncated)
    assert message.startswith("parameter 'casualties_path':")
    assert "ged_cut.csv" in message


def test_wrong_domain_names_what_the_file_is(tmp_path, realdata):
    message = refused(tmp_path, "-p", "casualties_path", realdata(*UNHCR))
    assert message.startswith("parameter 'casualties_path':")
    assert "UNHCR" in message and "displacement data" in message
    assert "casualties data is expected" in message


def test_wrong_domain_suggests_the_parameter_that_takes_it(tmp_path, realdata):
    message = refused(tmp_path, "-p", "control_path", realdata(*UNHCR), notebook="situation_report")
    assert message.startswith("parameter 'control_path':")
    assert "Give it as 'displacement_path'" in message


def test_explore_takes_a_file_of_any_known_format_and_refuses_others(tmp_path, realdata):
    unknown = tmp_path / "notes.csv"
    unknown.write_text("when,what\n2024-12-01,a meeting\n", encoding="utf-8")
    message = refused(tmp_path, "-p", "data_path", unknown, notebook="explore")
    assert message.startswith("parameter 'data_path':") and "notes.csv" in message
    assert "sitrep data formats" in message  # where the formats read are listed
    truncated = tmp_path / "ged_cut.csv"
    truncated.write_bytes(realdata(*GED).read_bytes()[:3000])  # UCDP's layout, cut in a row
    message = refused(tmp_path, "-p", "data_path", truncated, notebook="explore")
    assert message.startswith("parameter 'data_path':") and "truncated" in message  # read as GED
    check = prechecks.DataCheck()
    assert check.problems({"data_path": str(realdata(*UNHCR))}) == []  # displacement: taken
    assert check.reads == 1


def test_boundaries_given_a_table(tmp_path, realdata):
    message = refused(tmp_path, "-p", "boundaries_path", realdata(*GED))
    assert message.startswith("parameter 'boundaries_path':")
    assert "boundaries data is expected" in message


@pytest.mark.parametrize("content", ["[]", '{"cells": 3}', '{"cells": [1, 2]}', "{}"])
def test_json_that_is_not_a_notebook(tmp_path, content):
    notebook = tmp_path / "report.ipynb"
    notebook.write_text(content, encoding="utf-8")
    message = refused(tmp_path, notebook=notebook)
    assert "not a Jupyter notebook" in message


@pytest.mark.parametrize("value", ["", "2024-12", "2024", "12/08/2024", "2024-12-08T00:00"])
def test_empty_or_partial_date(tmp_path, value):
    message = refused(tmp_path, "-p", "start_date", value)
    assert message.startswith("parameter 'start_date' must be an ISO date like 2024-12-08")


def test_very_long_values_are_quoted_short(tmp_path):
    message = refused(tmp_path, "-p", "governorate", "Aleppo" * 200)
    assert "Aleppo" * 11 not in message  # at most SHORT characters of the value
    assert "..." in message
    message = refused(tmp_path, "-p", "start_date", "9" * 5000)
    assert "9" * (prechecks.SHORT + 1) not in message


def test_a_good_file_is_read_once_then_served_from_the_cache(tmp_path, realdata, monkeypatch):
    """The pre-check reads through the content cache in the command's process; the kernel's
    read of the same file (the same reader, another process) is then a cache hit."""
    ged = tmp_path / "ged.csv"
    ged.write_bytes(realdata(*GED).read_bytes())
    batch = tmp_path / "batch.yaml"
    batch.write_text(
        "notebook: casualties\nformats: [html]\n"
        f"parameters: {{casualties_path: {ged}, start_date: 2016-01-01, end_date: 2019-12-31}}\n"
        "matrix: {governorate: [Aleppo, Hama, Homs]}\n",
        encoding="utf-8",
    )
    result = sitrep("batch", batch, "--out", tmp_path / "out", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert list((cache.cache_dir() / "frames").glob("*.arrow"))

    served = []
    load = cache._load
    monkeypatch.setattr(cache, "_load", lambda target: served.append(load(target)) or served[-1])
    from analysis import data

    frame = data.read(ged, domain="casualties").frame
    assert len(served) == 1 and served[0] is not None  # from the cache, not parsed again
    with ged.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(frame) == len(rows)
    assert frame["deaths_best"].sum() == sum(int(r["best"]) for r in rows)


def test_bundled_paths_read_nothing(monkeypatch):
    """No data is read (and pandas not needed) when every data parameter is bundled."""
    check = prechecks.DataCheck()
    params.check_data(REPO / "notebooks" / "situation_report.ipynb", {}, check)
    assert check.reads == 0


def test_over_long_notebook_name_is_one_line(tmp_path):
    done = sitrep("render", "n" * 400, "--out", tmp_path / "out")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "too long" in done.stderr and "n" * 100 not in done.stderr
    assert not (tmp_path / "out").exists()
