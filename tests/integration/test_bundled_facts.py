"""The bundled dataset against the shared facts it is built from (../shared/facts/offensive_2024).

The facts are read here with plain pandas, independently of the build script and the readers, and
compared row by row; the build is rerun into a temporary folder to prove that the committed files
are exactly what the script makes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.data import bundled

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_bundled_data.py"
FOLDER = bundled.bundled_path("casualty_tolls.csv").parent

# Facts spellings -> OCHA P-codes, written out here so the check does not rely on the gazetteer.
FACT_GOVERNORATES = {
    "Dimashq": "SY01",
    "Aleppo": "SY02",
    "Rif-dimashq": "SY03",
    "Homs": "SY04",
    "Hama": "SY05",
    "Latakia": "SY06",
    "Idlib": "SY07",
    "Deir ez-Zor": "SY09",
    "Tartus": "SY10",
    "Daraa": "SY12",
    "As-Suwayda": "SY13",
    "Quneitra": "SY14",
}
ORIGIN_GOVERNORATES = {
    "fled Aleppo governorate": "SY02",
    "fled Idleb governorate": "SY07",
    "fled Hama governorate": "SY05",
}


def _facts(facts, name: str) -> pd.DataFrame:
    return pd.read_csv(facts(name), dtype=str, keep_default_na=False)


def _numbers(series: pd.Series) -> list[float | None]:
    values = pd.to_numeric(series.replace("", np.nan))
    return [None if pd.isna(v) else float(v) for v in values]


def _bundled_numbers(series: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in series]


def _days(series: pd.Series) -> list[str]:
    return ["" if pd.isna(v) else v.strftime("%Y-%m-%d") for v in series]


def _texts(series: pd.Series) -> list[str]:
    return ["" if pd.isna(v) else str(v) for v in series]


def test_tolls_agree_with_the_facts_row_for_row(facts):
    raw = _facts(facts, "casualties.csv")
    tolls = bundled.read_tolls(FOLDER / "casualty_tolls.csv")
    assert len(tolls) == len(raw) == 22
    pairs = {
        "total_deaths": "deaths_total",
        "rebel_deaths": "deaths_rebels",
        "government_side_deaths": "deaths_government_side",
        "civilian_deaths": "deaths_civilians",
    }
    for fact_column, column in pairs.items():
        assert _bundled_numbers(tolls[column]) == _numbers(raw[fact_column]), column
    for column in ("report_date", "as_of_date"):
        assert _days(tolls[column]) == raw[column].tolist(), column
    for column in (
        "organisation",
        "qualifier",
        "scope",
        "source_url",
        "outlet",
        "notes",
        "breakdown_note",
    ):
        assert _texts(tolls[column]) == raw[column].str.strip().tolist(), column


def test_displacement_agrees_with_the_facts_row_for_row(facts):
    raw = _facts(facts, "displacement.csv")
    figures = bundled.read_displacement(FOLDER / "displacement_figures.csv")
    assert len(figures) == len(raw) == 20
    pairs = {
        "displaced": "displaced_count",
        "displaced_low": "displaced_low",
        "displaced_high": "displaced_high",
    }
    for fact_column, column in pairs.items():
        assert _bundled_numbers(figures[column]) == _numbers(raw[fact_column]), column
    for column in ("report_date", "as_of_date"):
        assert _days(figures[column]) == raw[column].tolist(), column
    for column in ("organisation", "qualifier", "area", "source_url", "outlet", "notes"):
        assert _texts(figures[column]) == raw[column].str.strip().tolist(), column
    expected = [ORIGIN_GOVERNORATES.get(area, "") for area in raw["area"]]
    assert _texts(figures["admin1_pcode"]) == expected


def test_control_changes_agree_with_the_facts_row_for_row(facts):
    raw = _facts(facts, "control_events.csv")
    control = bundled.read_control(FOLDER / "control_changes.csv")
    assert len(control) == len(raw) == 41
    assert _days(control["event_date"]) == raw["date"].tolist()
    for column in ("latitude", "longitude"):
        assert _bundled_numbers(control[column]) == _numbers(raw[column]), column
    assert control["admin1_pcode"].tolist() == [FACT_GOVERNORATES[g] for g in raw["governorate"]]
    for column in (
        "place",
        "coord_source",
        "event",
        "faction_gaining",
        "faction_losing",
        "source",
        "notes",
    ):
        assert _texts(control[column]) == raw[column].str.strip().tolist(), column


def test_territory_shares_agree_with_the_facts_row_for_row(facts):
    raw = _facts(facts, "control_shares.csv")
    shares = bundled.read_shares(FOLDER / "territory_shares.csv")
    assert len(shares) == len(raw) == 22
    assert _bundled_numbers(shares["value"]) == _numbers(raw["value"])
    assert _texts(shares["as_of_label"]) == raw["as_of_date"].tolist()
    expected_days = [
        "" if not label else (f"{label}-01" if len(label) == 7 else label)
        for label in raw["as_of_date"]
    ]
    assert _days(shares["as_of_date"]) == expected_days
    assert _days(shares["report_date"]) == raw["report_date"].tolist()
    for column in (
        "organisation",
        "scope",
        "metric",
        "faction",
        "unit",
        "qualifier",
        "source_url",
        "notes",
    ):
        assert _texts(shares[column]) == raw[column].str.strip().tolist(), column


def test_every_fact_source_url_is_listed_in_sources_csv(facts):
    listed = set(pd.read_csv(FOLDER / "sources.csv", dtype=str)["url"])
    for name in ("casualties.csv", "displacement.csv", "control_shares.csv"):
        assert set(_facts(facts, name)["source_url"]) <= listed, name
    for cell in _facts(facts, "control_events.csv")["source"]:
        first = cell.split()[0]
        assert first in listed, first


def _build(facts_dir: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(facts_dir), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )


def test_rebuilding_gives_byte_identical_files(facts, tmp_path):
    facts_dir = facts("casualties.csv").parent
    result = _build(facts_dir, tmp_path)
    assert result.returncode == 0, result.stderr
    committed = sorted(p.name for p in FOLDER.iterdir())
    rebuilt = sorted(p.name for p in tmp_path.iterdir())
    assert rebuilt == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (FOLDER / name).read_bytes(), name


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "control_events.csv",
            ",Khanasir,Aleppo,",
            ",Khanasir,Atlantis,",
            ["control_events.csv line", "'governorate'", "Atlantis"],
        ),
        (
            "casualties.csv",
            ",514,268,156,92,",
            ",514,266,156,92,",
            ["selector", "t_afp514", "casualties.csv"],
        ),
        (
            "displacement.csv",
            ",around,280000,",
            ",around,280k,",
            ["displacement.csv line", "'displaced'", "280k"],
        ),
        (
            "control_shares.csv",
            "/441/en,August 2018 map",
            "/441/en,August 2018 map,extra",
            ["control_shares.csv: line", "fields"],
        ),
    ],
)
def test_the_build_fails_loudly_on_a_fact_it_cannot_map(facts, tmp_path, file, old, new, expected):
    facts_dir = tmp_path / "facts"
    shutil.copytree(facts("casualties.csv").parent, facts_dir, copy_function=shutil.copyfile)
    path = facts_dir / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = _build(facts_dir, tmp_path / "out")
    assert result.returncode == 1
    for part in expected:
        assert part in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()
