"""`sitrep batch -p NAME VALUE`: a shared parameter for every run, given on the command line."""

from pathlib import Path

import pytest

from analysis.cli import main
from analysis.errors import ParameterError
from analysis.report import batch

REPO = Path(__file__).resolve().parents[2]
CASUALTIES = REPO / "notebooks" / "casualties.ipynb"
TOLLS = REPO / "data" / "offensive_2024" / "casualty_tolls.csv"


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "batches"
    folder.mkdir(parents=True)
    path = folder / "b.yaml"
    path.write_text(f"notebook: {CASUALTIES}\nformats: [html]\n{text}", encoding="utf-8")
    return path


def test_a_relative_path_is_taken_from_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "mine.csv").write_bytes(TOLLS.read_bytes())
    path = write(tmp_path, "matrix:\n  governorate: [Hama, Homs]\n")
    monkeypatch.chdir(tmp_path)
    plan = batch.load(path, {"casualties_path": "mine.csv"})
    assert [run.values["casualties_path"] for run in plan.runs] == [
        str((tmp_path / "mine.csv").resolve())
    ] * 2
    assert [run.id for run in plan.runs] == ["governorate-hama", "governorate-homs"]


def test_an_override_replaces_the_batch_files_value(tmp_path, monkeypatch):
    path = write(tmp_path, "parameters:\n  casualties_path: missing.csv\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ParameterError, match=r"missing\.csv"):
        batch.load(path)
    plan = batch.load(path, {"casualties_path": "bundled"})
    assert plan.runs[0].values.get("casualties_path", "bundled") == "bundled"


def test_a_parameter_the_batch_varies_cannot_be_overridden(tmp_path):
    path = write(tmp_path, "matrix:\n  governorate: [Hama, Homs]\n")
    with pytest.raises(ParameterError, match="'governorate' varies between the runs"):
        batch.load(path, {"governorate": "Idleb"})
    periods = write(tmp_path / "p", "periods: {start: 2024-12-02, end: 2024-12-15, split: week}\n")
    with pytest.raises(ParameterError, match="'start_date' varies"):
        batch.load(periods, {"start_date": "2024-12-01"})


def test_the_command_line_refuses_an_unknown_override_before_any_run(tmp_path, capsys):
    path = write(tmp_path, "matrix:\n  governorate: [Hama]\n")
    status = main(["batch", str(path), "-p", "casualtie_path", "x.csv", "--dry-run"])
    assert status == 2
    err = capsys.readouterr().err
    assert "unknown parameter 'casualtie_path'" in err and "casualties_path" in err


def test_a_batch_that_requires_a_file_says_how_to_give_it(tmp_path):
    path = write(tmp_path, "requires: [casualties_path]\nmatrix:\n  governorate: [Hama]\n")
    with pytest.raises(ParameterError, match="-p casualties_path FILE"):
        batch.load(path)
    assert len(batch.load(path, {"casualties_path": str(TOLLS)}).runs) == 1


def test_the_example_trends_batch_is_a_year_of_weeks_for_every_governorate(tmp_path):
    plan = batch.load(
        REPO / "batches" / "trends_weekly_governorates.yaml", {"casualties_path": str(TOLLS)}
    )
    assert len(plan.runs) == 14 * 52
    starts = sorted({run.values["start_date"] for run in plan.runs})
    assert starts[0] == "2022-01-03" and starts[-1] == "2022-12-26" and len(starts) == 52
