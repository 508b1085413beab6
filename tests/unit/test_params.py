"""Notebook parameters are checked before any kernel starts."""

import json
import os
from pathlib import Path

import pytest

from analysis.errors import ParameterError
from analysis.report import params, prechecks

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CASUALTIES = NOTEBOOKS / "casualties.ipynb"


def test_declared_parameters_with_help():
    declared = params.notebook_parameters(CASUALTIES)
    assert list(declared) == [
        "start_date",
        "end_date",
        "governorate",
        "casualties_path",
        "compare_path",
        "boundaries_path",
        "health_attacks_path",
        "language",
        "digits",
    ]
    assert declared["governorate"].default == "all"
    assert "P-code" in declared["governorate"].help


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_notebook_takes_an_edition_and_refuses_a_bad_one(notebook):
    declared = params.notebook_parameters(notebook)
    assert (declared["language"].default, declared["digits"].default) == ("en", "latin")
    assert params.resolve(notebook, {"language": "ar", "digits": "arabic"}) == {
        "language": "ar",
        "digits": "arabic",
    }
    with pytest.raises(ParameterError, match="parameter 'language': 'arabic'"):
        params.resolve(notebook, {"language": "arabic"})
    with pytest.raises(ParameterError, match="parameter 'digits': 'hindi'"):
        params.resolve(notebook, {"digits": "hindi"})


def test_unknown_parameter_suggests_the_closest():
    with pytest.raises(ParameterError) as err:
        params.resolve(CASUALTIES, {"governerate": "Hama"})
    assert "unknown parameter 'governerate'" in str(err.value)
    assert "Did you mean 'governorate'?" in str(err.value)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"start_date": "2024-13-01"}, "parameter 'start_date' must be an ISO date"),
        ({"start_date": "2024-12-08", "end_date": "2024-12-01"}, "is before 'start_date'"),
        ({"governorate": "Atlantis"}, "parameter 'governorate': unknown governorate 'Atlantis'"),
        ({"casualties_path": "/no/such/file.csv"}, "file '/no/such/file.csv' does not exist"),
    ],
)
def test_bad_values_are_refused(given, expected):
    with pytest.raises(ParameterError) as err:
        params.resolve(CASUALTIES, given)
    assert expected in str(err.value)


def test_relative_paths_become_absolute(tmp_path):
    (tmp_path / "events.csv").write_text("x\n", encoding="utf-8")
    values = params.resolve(CASUALTIES, {"casualties_path": "events.csv"}, base=tmp_path)
    assert values["casualties_path"] == str((tmp_path / "events.csv").resolve())


def test_governorate_accepts_names_and_pcodes():
    assert params.resolve(CASUALTIES, {"governorate": "SY05"}) == {"governorate": "SY05"}
    assert params.resolve(CASUALTIES, {"governorate": "Hamah"}) == {"governorate": "Hamah"}


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_committed_notebooks_carry_no_outputs(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "a report notebook has code cells"
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    source = "".join("".join(c["source"]) for c in code)
    assert "def " not in source and "class " not in source and "savefig" not in source


def test_unknown_front_faction_is_refused_before_any_kernel():
    control = NOTEBOOKS / "territorial_control.ipynb"
    with pytest.raises(ParameterError, match="parameter 'front_faction': 'Atlantis'"):
        params.resolve(control, {"front_faction": "Atlantis"})
    assert params.resolve(control, {"front_faction": "HTS"}) == {"front_faction": "HTS"}


# ---------------------------------------------------------------- checked before any kernel

SITUATION = NOTEBOOKS / "situation_report.ipynb"


@pytest.mark.parametrize(
    "content", ["[]", '{"cells": 3}', '{"cells": [1]}', '{"cells": [{"metadata": 3}]}', "{}"]
)
def test_json_that_is_not_a_notebook_is_one_line(tmp_path, content):
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(content, encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        params.notebook_parameters(notebook)
    assert "not a Jupyter notebook" in str(err.value) or "exactly one cell tagged" in str(err.value)


@pytest.mark.parametrize("value", [None, "", " ", "2024-12", 2024, "2024-1-8", "x" * 500])
def test_empty_partial_or_odd_dates_are_refused_like_any_bad_date(value):
    with pytest.raises(ParameterError) as err:
        params.resolve(CASUALTIES, {"start_date": value})
    message = str(err.value)
    assert message.startswith("parameter 'start_date' must be an ISO date like 2024-12-08, got ")
    assert "x" * 61 not in message


def test_long_values_are_quoted_short():
    for given in ({"x" * 500: 1}, {"governorate": "Hama" * 200}):
        with pytest.raises(ParameterError) as err:
            params.resolve(CASUALTIES, given)
        assert len(str(err.value)) < 700
        assert "x" * 61 not in str(err.value) and "Hama" * 16 not in str(err.value)


def test_short_and_one_line():
    assert prechecks.short("a" * 60) == "a" * 60
    assert prechecks.short("a" * 61) == "a" * 60 + "..."
    long_path = "/data/" + "d" * 100 + "/ged_syria.csv"
    shown = prechecks.short_path(long_path)
    assert len(shown) <= prechecks.SHORT and shown.endswith("/ged_syria.csv")
    text = prechecks.one_line(
        f"{long_path}: cannot tell which source this file comes from.\n  Supported: a; b. "
        "Pass --format NAME if the file is one of them.",
        long_path,
    )
    assert "\n" not in text and "--" not in text and long_path not in text
    assert text.endswith("Supported: a; b.")


def test_paths_that_are_not_data_files(tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    cases = {
        tmp_path: "holds no data file",  # a folder is read as several files: none here
        loop: "link loop",
        fifo: "not a regular file",
        tmp_path / "missing.csv": "does not exist",
        tmp_path / ("n" * 300): "too long for the file system",
        "/proc/self/mem": "cannot be read",
    }
    for path, expected in cases.items():
        with pytest.raises(ParameterError) as err:
            params.resolve(CASUALTIES, {"casualties_path": str(path)})
        assert str(err.value).startswith("parameter 'casualties_path': ")
        assert expected in str(err.value)


def test_member_of_an_archive_keeps_its_name(tmp_path):
    (tmp_path / "ged.zip").write_bytes(b"PK")
    values = params.resolve(
        CASUALTIES, {"casualties_path": "ged.zip::GEDEvent_v25_1.csv"}, base=tmp_path
    )
    assert values["casualties_path"] == f"{(tmp_path / 'ged.zip').resolve()}::GEDEvent_v25_1.csv"


def test_each_data_file_is_read_once_whatever_the_runs(tmp_path, monkeypatch):
    from analysis import data

    calls = []
    monkeypatch.setattr(data, "read", lambda path, domain=None: calls.append((path, domain)))
    events = tmp_path / "events.csv"
    events.write_text("x\n", encoding="utf-8")
    check = prechecks.DataCheck()
    for governorate in ("Hama", "Homs", "all"):
        values = params.resolve(
            SITUATION,
            {
                "governorate": governorate,
                "casualties_path": str(events),
                "control_path": str(events),
            },
        )
        params.check_data(SITUATION, values, check)
    assert calls == [(str(events.resolve()), "casualties"), (str(events.resolve()), "control")]


def test_bundled_data_is_not_read(monkeypatch):
    from analysis import data

    monkeypatch.setattr(data, "read", lambda *a, **k: pytest.fail("read a bundled path"))
    check = prechecks.DataCheck()
    params.check_data(SITUATION, params.resolve(SITUATION, {"governorate": "Hama"}), check)
    assert check.reads == 0


def test_a_reader_that_trips_is_still_one_line(tmp_path, monkeypatch):
    from analysis import data

    def trip(path, domain=None):
        raise KeyError("geom_wkt")

    monkeypatch.setattr(data, "read", trip)
    events = tmp_path / "events.csv"  # a UCDP GED header: a file of a known format
    events.write_text("best,date_start,high,low,type_of_violence\n1,2024-12-01,1,1,1\n")
    with pytest.raises(ParameterError) as err:
        params.check_data(CASUALTIES, {"casualties_path": str(events)})
    message = str(err.value)
    assert message.startswith("parameter 'casualties_path': ")
    assert "could not be read as casualties data (KeyError: 'geom_wkt')" in message


def test_a_reader_that_trips_on_an_unknown_file_quotes_nothing_of_it(tmp_path, monkeypatch):
    from analysis import data

    def trip(path, domain=None):
        raise ValueError("invalid literal for int(): 'hunter2'")  # as if quoting the file

    monkeypatch.setattr(data, "read", trip)
    secret = tmp_path / "notes.txt"
    secret.write_text("hunter2\n", encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        params.check_data(CASUALTIES, {"casualties_path": str(secret)})
    message = str(err.value)
    assert "could not be read as casualties data (ValueError)" in message
    assert "hunter2" not in message
