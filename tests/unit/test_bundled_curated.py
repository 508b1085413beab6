"""The curated files of the bundled-data build (scripts/bundled_data/curated.py), on small inputs.

Each file is checked entry by entry on load; an error names the file and the entry and says
what is wrong.
"""

from __future__ import annotations

import copy
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from analysis.errors import DataValidationError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from bundled_data.curated import load_curated
from bundled_data.tables import CONTROL, TOLLS

DISAGREEMENTS = {
    "disagreements": [
        {
            "file": "casualties.csv",
            "title": "Two splits",
            "text": "dpa ({a}) against AFP ({b}).",
            "rows": [
                {"label": "a", "note": "AFP differs ({b})", "where": {"total_deaths": "514"}},
                {"label": "b", "note": "dpa differs ({a})", "where": {"rebel_deaths": ""}},
            ],
        },
        {
            "file": "control_events.csv",
            "title": "Homs",
            "text": "7 or 8 Dec ({h}).",
            "rows": [{"label": "h", "note": "date used", "where": {"place": "Homs"}}],
        },
    ],
    "gaps": ["Nothing later was found."],
}
TOLL_SERIES = {
    "rules": [
        {"scope_contains": " only", "series": "partial"},
        {"scope_contains": "Month", "series": "context"},
    ],
    "default": "offensive",
}
METADATA = {
    "dataset": {"producer": "us", "as_of": "2024-12-31", "licence": "CC BY 4.0", "accessed": "x"},
    "files": {
        name: {"title": f"title of {name}", "description": "what it holds"}
        for name in (
            "casualty_tolls.csv",
            "displacement_figures.csv",
            "control_changes.csv",
            "territory_shares.csv",
            "sources.csv",
        )
    },
}


def _write(folder: Path, disagreements=DISAGREEMENTS, series=TOLL_SERIES, metadata=METADATA):
    for name, value in (
        ("disagreements.yaml", disagreements),
        ("toll_series.yaml", series),
        ("metadata.yaml", metadata),
    ):
        (folder / name).write_text(yaml.safe_dump(value, sort_keys=False), encoding="utf-8")
    return folder


def test_valid_files_load_with_their_values(tmp_path):
    curated = load_curated(_write(tmp_path))
    first, second = curated.disagreements
    assert (first.table, second.table) == (TOLLS, CONTROL)
    assert [r.label for r in first.rows] == ["a", "b"]
    assert first.rows[1].where == (("rebel_deaths", ""),)
    assert first.rows[0].address.endswith(
        "disagreements.yaml, disagreement 1 ('Two splits'), row 1 (a)"
    )
    assert curated.gaps == ("Nothing later was found.",)
    assert curated.dataset.as_of == "2024-12-31"
    assert curated.files["sources.csv"].title == "title of sources.csv"


@pytest.mark.parametrize(
    ("scope", "series"),
    [
        ("Manbij clashes only", "partial"),
        ("Syria whole MONTH of December", "context"),  # matched ignoring case
        ("one month, Aleppo only", "partial"),  # the first rule that matches wins
        ("NW Syria since 27 Nov", "offensive"),  # no rule: the default
        ("", "offensive"),
    ],
)
def test_series_follows_the_first_matching_rule(tmp_path, scope, series):
    assert load_curated(_write(tmp_path)).series_of(scope) == series


def _series_file(tmp_path, rules: list[dict], **default) -> Path:
    return _write(tmp_path, series={"rules": rules, **default})


def test_scope_is_matches_the_whole_scope_and_no_default_leaves_a_scope_unplaced(tmp_path):
    rules = [
        {"scope_contains": "Manbij", "series": "partial"},
        {"scope_is": "NW Syria", "series": "offensive"},
    ]
    curated = load_curated(_series_file(tmp_path, rules))
    assert curated.series_default is None
    assert curated.series_of(" nw syria ") == "offensive"  # whole scope, ignoring case and spaces
    assert curated.series_of("Tishreen Dam (Manbij area), single incident") == "partial"
    assert curated.series_of("NW Syria 27 Nov - 3 Dec") is None  # not the whole scope: no rule
    assert curated.series_of("") is None
    with_default = load_curated(_series_file(tmp_path, rules, default="context"))
    assert with_default.series_of("NW Syria 27 Nov - 3 Dec") == "context"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"series": "partial"}, "rule 1: should have either 'scope_contains' or 'scope_is'"),
        (
            {"scope_contains": "a", "scope_is": "b", "series": "partial"},
            "rule 1: should have either 'scope_contains' or 'scope_is'",
        ),
        ({"scope_is": " ", "series": "partial"}, "rule 1: 'scope_is' is empty"),
        ({"scope_has": "a", "series": "partial"}, "rule 1: has unknown key(s) ['scope_has']"),
    ],
)
def test_a_series_rule_needs_one_scope_test(tmp_path, rule, expected):
    _series_file(tmp_path, [rule])
    with pytest.raises(DataValidationError) as caught:
        load_curated(tmp_path)
    assert str(tmp_path / "toll_series.yaml") in str(caught.value)
    assert expected in str(caught.value), str(caught.value)


def test_a_file_may_have_its_own_as_of(tmp_path):
    metadata = copy.deepcopy(METADATA)
    metadata["files"]["territory_shares.csv"]["as_of"] = "2025-12-06"
    curated = load_curated(_write(tmp_path, metadata=metadata))
    assert curated.files["territory_shares.csv"].as_of == "2025-12-06"
    assert curated.files["casualty_tolls.csv"].as_of is None  # the dataset's as_of applies


def _broken(path: list, value) -> dict:
    """DISAGREEMENTS with the item at ``path`` set to ``value`` (None deletes it)."""
    data = copy.deepcopy(DISAGREEMENTS)
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    if value is None:
        del target[last]
    else:
        target[last] = value
    return data


ROW_1 = "disagreements.yaml, disagreement 1 ('Two splits'), row 1 (a)"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ["disagreements", 0, "rows", 0, "where", "total_deaths"],
            514,
            [ROW_1, "total_deaths is a number (514)", "put it in quotes"],
        ),
        (
            ["disagreements", 1, "rows", 0, "where", "date"],
            date(2024, 12, 8),
            ["disagreement 2 ('Homs'), row 1 (h)", "date is a date (2024-12-08)"],
        ),
        (
            ["disagreements", 0, "rows", 0, "where"],
            {"deaths": "514"},
            [ROW_1, "names ['deaths'], which are not columns of casualties.csv"],
        ),
        (
            ["disagreements", 0, "text"],
            "dpa ({a}) against AFP ({c}).",
            ["disagreement 1 ('Two splits')", "names {c}", "no row has the label 'c'"],
        ),
        (
            ["disagreements", 0, "rows", 1, "label"],
            "a",
            ["row 2 (a)", "'a' is used before for another row"],
        ),
        (
            ["disagreements", 0, "rows", 0, "label"],
            "t 1",
            ["disagreement 1 ('Two splits'), row 1:", "should be a name"],
        ),
        (["disagreements", 0, "file"], "tolls.csv", ["'file' is 'tolls.csv'"]),
        (["disagreements", 0, "title"], None, ["disagreement 1: lacks 'title'"]),
        (["disagreements", 0, "notes"], "x", ["unknown key(s) ['notes']"]),
        (["disagreements", 0, "rows"], [], ["'rows' should be a non-empty list"]),
        (["disagreements", 0, "rows", 0, "note"], " ", [ROW_1, "'note' is empty"]),
        (["gaps"], "one gap", ["top level: 'gaps' should be a non-empty list"]),
    ],
)
def test_a_bad_disagreement_names_the_file_and_entry(tmp_path, path, value, expected):
    _write(tmp_path, disagreements=_broken(path, value))
    with pytest.raises(DataValidationError) as caught:
        load_curated(tmp_path)
    message = str(caught.value)
    assert str(tmp_path / "disagreements.yaml") in message
    for part in expected:
        assert part in message, message


def test_a_series_outside_the_schema_is_refused(tmp_path):
    series = copy.deepcopy(TOLL_SERIES)
    series["rules"][1]["series"] = "calendar"
    _write(tmp_path, series=series)
    with pytest.raises(
        DataValidationError, match=r"toll_series.yaml, rule 2: 'series' is 'calendar'"
    ):
        load_curated(tmp_path)


def test_metadata_must_describe_every_output_file(tmp_path):
    metadata = copy.deepcopy(METADATA)
    del metadata["files"]["sources.csv"]
    _write(tmp_path, metadata=metadata)
    with pytest.raises(DataValidationError, match=r"metadata.yaml, files: lacks 'sources.csv'"):
        load_curated(tmp_path)


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    _write(tmp_path)
    (tmp_path / "toll_series.yaml").write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"toll_series.yaml: not valid YAML"):
        load_curated(tmp_path)
