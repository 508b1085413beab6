"""The bundled dataset against the facts it is built from (data/raw/offensive_2024).

The facts are read here with plain pandas, independently of the build and the readers, and
compared row by row. The facts are copies of the team's shared facts: their checksums are checked
against PROVENANCE.yaml, and the copies against ../shared/facts/offensive_2024 when it is present
(skipped without it, failing instead under CI). The build itself is tested in test_bundled_build.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis.data import bundled

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw" / "offensive_2024"
FOLDER = bundled.bundled_path("casualty_tolls.csv").parent
CURATED = {
    "README.md",
    "PROVENANCE.yaml",
    "disagreements.yaml",
    "translations_ar.csv",
    "metadata.yaml",
    "toll_series.yaml",
}

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


def _facts(name: str) -> pd.DataFrame:
    return pd.read_csv(RAW / name, dtype=str, keep_default_na=False)


def _copied() -> dict[str, dict]:
    """File name -> its entry in PROVENANCE.yaml (the files copied from the shared facts)."""
    return yaml.safe_load((RAW / "PROVENANCE.yaml").read_text(encoding="utf-8"))["files"]


def _csv_rows(name: str) -> int:
    """Rows of a facts file counted with the csv module (independently of pandas and the build),
    checked against the count PROVENANCE.yaml records for the copy."""
    with (RAW / name).open(encoding="utf-8-sig", newline="") as handle:
        count = sum(1 for row in csv.DictReader(handle) if row)
    assert count == _copied()[name]["rows"], name
    return count


def _numbers(series: pd.Series) -> list[float | None]:
    values = pd.to_numeric(series.replace("", np.nan))
    return [None if pd.isna(v) else float(v) for v in values]


def _bundled_numbers(series: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in series]


def _days(series: pd.Series) -> list[str]:
    return ["" if pd.isna(v) else v.strftime("%Y-%m-%d") for v in series]


def _texts(series: pd.Series) -> list[str]:
    return ["" if pd.isna(v) else str(v) for v in series]


def test_tolls_agree_with_the_facts_row_for_row():
    raw = _facts("casualties.csv")
    tolls = bundled.read_tolls(FOLDER / "casualty_tolls.csv")
    assert len(tolls) == len(raw) == _csv_rows("casualties.csv")
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


def test_displacement_agrees_with_the_facts_row_for_row():
    raw = _facts("displacement.csv")
    figures = bundled.read_displacement(FOLDER / "displacement_figures.csv")
    assert len(figures) == len(raw) == _csv_rows("displacement.csv")
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


def test_control_changes_agree_with_the_facts_row_for_row():
    raw = _facts("control_events.csv")
    control = bundled.read_control(FOLDER / "control_changes.csv")
    assert len(control) == len(raw) == _csv_rows("control_events.csv")
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


def test_territory_shares_agree_with_the_facts_row_for_row():
    raw = _facts("control_shares.csv")
    shares = bundled.read_shares(FOLDER / "territory_shares.csv")
    assert len(shares) == len(raw) == _csv_rows("control_shares.csv")
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


def test_every_fact_source_url_is_listed_in_sources_csv():
    listed = set(pd.read_csv(FOLDER / "sources.csv", dtype=str)["url"])
    for name in ("casualties.csv", "displacement.csv", "control_shares.csv"):
        assert set(_facts(name)["source_url"]) <= listed, name
    for cell in _facts("control_events.csv")["source"]:
        first = cell.split()[0]
        assert first in listed, first


def test_every_raw_file_is_a_listed_copy_or_a_curated_file():
    present = {p.name for p in RAW.iterdir()}
    assert present == set(_copied()) | CURATED


def test_the_copies_match_the_checksums_in_provenance():
    for name, entry in _copied().items():
        data = (RAW / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], (
            f"data/raw/offensive_2024/{name} differs from the copy recorded in PROVENANCE.yaml: "
            "raw files are never edited (see the README.md there to take newer facts)"
        )
        assert len(data) == entry["bytes"], name
        if name.endswith(".csv"):
            assert len(_facts(name)) == entry["rows"], name


def test_the_copies_are_still_those_of_the_shared_facts(facts):
    for name in _copied():
        assert (RAW / name).read_bytes() == facts(name).read_bytes(), (
            f"../shared/facts/offensive_2024/{name} changed since it was copied into "
            "data/raw/offensive_2024: copy it again as data/raw/offensive_2024/README.md says"
        )
