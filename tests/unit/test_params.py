"""Notebook parameters are checked before any kernel starts."""

import json
from pathlib import Path

import pytest

from analysis.errors import ParameterError
from analysis.report import params

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
    ]
    assert declared["governorate"].default == "all"
    assert "P-code" in declared["governorate"].help


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
