"""Metrics and sections of the other UNHCR tables (IDMC, solutions, flows, demographics) on
small frames written here and on the real samples, without a kernel."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis.data import schema
from analysis.data.schema import conform
from analysis.metrics import displacement as metrics
from analysis.metrics.results import Message
from analysis.sections import displacement as section
from tests.said import read

FOLDER = "unhcr_refugees_rpkg"
SYR = {"origin_iso3": "SYR", "origin_name": "Syrian Arab Rep."}


def frame(rows, tidy):
    return conform(pd.DataFrame(rows), tidy)


def test_idmc_displaced_is_the_last_year_labelled_as_idmc():
    table = metrics.idmc_by_year(
        frame(
            [
                {**SYR, "year": 2023, "asylum_iso3": "SYR", "idps_count": 7_248_000},
                {**SYR, "year": 2024, "asylum_iso3": "SYR", "idps_count": 7_409_000},
                {**SYR, "year": 2025, "asylum_iso3": "SYR", "idps_count": 5_964_000},
                {"year": 2025, "origin_iso3": "IRQ", "asylum_iso3": "IRQ", "idps_count": 1},
            ],
            schema.IDMC_IDPS,
        )
    )
    results = {r.key: r for r in metrics.idmc_results(table)}

    assert table["idps_count"].tolist() == [7_248_000, 7_409_000, 5_964_000]  # never summed
    assert results["displaced"].value == 5_964_000
    assert results["displaced"].label == Message.of("idmc_idps", year=2025)
    assert results["displaced"].as_of == pd.Timestamp("2025-12-31")
    assert results["idps_change"].value == -1_445_000
    assert (results["idps_peak"].value, results["idps_peak"].as_of.year) == (7_409_000, 2024)


def test_solutions_keep_na_apart_from_zero_and_never_key_displaced():
    rows = [
        {**SYR, "year": 2024, "asylum_iso3": "TUR", "returned_refugees": 100, "resettlement": 5},
        {**SYR, "year": 2024, "asylum_iso3": "LBN", "returned_refugees": 50, "resettlement": 0},
        {**SYR, "year": 2024, "asylum_iso3": "SYR", "returned_idps": 900},
        {"year": 2024, "origin_iso3": "IRQ", "asylum_iso3": "SYR", "returned_refugees": 7},
    ]
    table = metrics.solutions_by_year(frame(rows, schema.REFUGEE_SOLUTIONS))
    row = table.iloc[0]

    assert (row["returned_refugees"], row["resettlement"], row["returned_idps"]) == (150, 5, 900)
    assert pd.isna(row["naturalisation"])
    keys = [r.key for r in metrics.solutions_results(table)]
    assert keys == ["refugee_returns", "resettlement", "idp_returns"]
    assert all(r.period is not None for r in metrics.solutions_results(table))


def test_arrivals_are_two_series_never_added():
    rows = [
        {**SYR, "year": 2025, "asylum_iso3": "TUR", "asylum_name": "Türkiye", "refugees": 60},
        {**SYR, "year": 2025, "asylum_iso3": "DEU", "asylum_name": "Germany", "asylum_seekers": 40},
        {**SYR, "year": 2025, "asylum_iso3": "DEU", "asylum_name": "Germany", "refugees": 10},
    ]
    data = frame(rows, schema.REFUGEE_ARRIVALS)
    table = metrics.arrivals_by_year(data)
    results = {r.key: r for r in metrics.arrivals_results(data, table)}

    assert (results["new_refugees"].value, results["new_asylum_seekers"].value) == (70, 40)
    assert "displaced" not in results
    top = results["new_refugees"].notes[1]
    assert (top.key, top["country"], top["people"]) == ("most_in_country", "Türkiye", 60)
    assert top["share"] == pytest.approx(60 / 70 * 100)
    by_country = metrics.arrivals_by_country(data, 2025)
    assert by_country["asylum_name"].tolist() == ["Türkiye", "Germany"]


def test_demographic_shares_are_among_people_with_a_breakdown():
    base = {**SYR, "year": 2025, "population_type": "REF"}
    counts = {f"{s}_{a}": 0 for s in ("female", "male") for a in schema.DEMOGRAPHIC_AGES}
    rows = [
        {**base, **counts, "asylum_iso3": "TUR", "asylum_name": "Türkiye", "female_0_4": 30,
         "female_18_59": 30, "male_18_59": 40, "female_total": 60, "male_total": 40, "total": 100},
        {**base, **counts, "asylum_iso3": "DEU", "asylum_name": "Germany", "female_total": 0,
         "male_total": 0, "total": 100},
    ]  # fmt: skip
    data = frame(rows, schema.REFUGEE_DEMOGRAPHICS)
    results = {r.key: r for r in metrics.demographics_results(data, 2025)}

    assert results["displaced"].value == 200
    assert results["female_share"].value == 60.0  # of the 100 with a breakdown, not of 200
    assert results["female_share"].notes[0] == Message.of(
        "of_reported", what="sex", people=100, share=50.0
    )
    assert results["children_share"].value == 30.0
    ages = metrics.sex_and_age(data, 2025).set_index("age")  # by code, in the schema's order
    assert list(ages.index) == list(schema.DEMOGRAPHIC_AGES)
    assert (ages.loc["0_4", "female"], ages.loc["18_59", "male"]) == (30, 40)
    by_country = metrics.demographics_by_country(data, 2025, top=1)
    assert by_country["asylum_name"].tolist()[0] in ("Türkiye", "Germany")  # 100 each: a tie
    assert by_country["asylum_name"].isna().tolist() == [False, True]  # the rest: no country
    assert by_country["people"].tolist() == [100, 100]


@pytest.mark.parametrize(
    ("name", "module", "keys"),
    [
        ("idmc", "idmc", ["displaced", "idps_change", "idps_peak"]),
        ("solutions", "solutions", ["refugee_returns", "resettlement", "naturalisation",
                                    "idp_returns"]),
        ("flows", "arrivals", ["new_refugees", "new_asylum_seekers"]),
        ("demographics", "demographics", ["displaced", "female_share", "children_share", "idps"]),
    ],
)  # fmt: skip
def test_each_table_gets_its_own_report_and_headlines(realdata, name, module, keys):
    path = realdata(FOLDER, f"unhcr_{name}_syr.csv")
    report = section.load(
        displacement_path=str(path),
        start_date="2024-01-01",
        end_date="2025-12-31",
        governorate="all",
    )

    assert type(report).__module__ == f"analysis.sections.displacement.{module}"
    assert [h.key for h in section.headlines(report)] == keys
    blocks = [
        *section.key_figures_section(report),
        *section.charts_section(report),
        *section.table_section(report),
        *section.sources_section(report),
    ]
    assert any(b.kind == "figure" for b in blocks)


def test_idmc_headline_matches_the_raw_file(realdata):
    path = realdata(FOLDER, "unhcr_idmc_syr.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        raw = {int(float(r["year"])): int(float(r["total"])) for r in csv.DictReader(handle)}
    report = section.load(
        displacement_path=str(path),
        start_date="2015-01-01",
        end_date="2024-12-31",
        governorate="Aleppo",
    )
    displaced = next(h for h in section.headlines(report) if h.key == "displaced")

    assert displaced.value == raw[2024]
    assert Message.of("national_only") in displaced.notes


def test_a_period_without_a_31_december_says_so(realdata):
    report = section.load(
        displacement_path=str(realdata(FOLDER, "unhcr_solutions_syr.csv")),
        start_date="2025-01-01",
        end_date="2025-06-30",
        governorate="all",
    )
    blocks = section.key_figures_section(report)

    assert section.headlines(report) == []
    assert list(section.charts_section(report)) == []
    text = " ".join(str(b) for b in blocks)
    assert "counted per calendar year" in text
    assert "The nearest are 2024 and 2025" in text


def test_demographics_locate_idps_in_a_governorate_report(realdata):
    path = realdata(FOLDER, "unhcr_demographics_syr.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        raw = [
            r
            for r in csv.DictReader(handle)
            if r["coa_iso"] == "SYR" and r["location"] == "Idleb [Admin 1]"
        ]
    expected = {r["pop_type"]: int(float(r["total"])) for r in raw}
    report = section.load(
        displacement_path=str(path),
        start_date="2025-01-01",
        end_date="2025-12-31",
        governorate="Idlib",
    )
    found = {h.key: h for h in section.headlines(report)}

    assert found["governorate_idps"].value == expected["IDP"]
    assert found["governorate_idp_returns"].value == expected["RDP"]
    assert found["displaced"].notes[-1] == Message.of("national_only")
    said = read(section.key_figures_section(report))
    assert said.says("displacement_demographics_governorate")  # only IDPs and returns located
