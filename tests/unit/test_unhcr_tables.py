"""The other UNHCR tables (IDMC IDPs, demographics, solutions, flows) on the real Syria samples,
with totals checked against sums of the raw columns made with the csv module."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from analysis import data
from analysis.data import schema
from analysis.errors import DataValidationError

FOLDER = "unhcr_refugees_rpkg"


def raw(realdata, name):
    with realdata(FOLDER, f"unhcr_{name}_syr.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def total(rows, column, keep=lambda row: True):
    return sum(int(float(r[column])) for r in rows if r[column] and keep(r))


def by_year(rows, column, keep=lambda row: True):
    out = defaultdict(int)
    for r in rows:
        if r[column] and keep(r):
            out[int(float(r["year"]))] += int(float(r[column]))
    return out


@pytest.mark.parametrize(
    ("name", "fmt", "kind", "tidy"),
    [
        ("idmc", "unhcr_idmc", "idmc_idps", schema.IDMC_IDPS),
        ("demographics", "unhcr_demographics", "refugee_demographics", schema.REFUGEE_DEMOGRAPHICS),
        ("solutions", "unhcr_solutions", "refugee_solutions", schema.REFUGEE_SOLUTIONS),
        ("flows", "unhcr_flows", "refugee_arrivals", schema.REFUGEE_ARRIVALS),
        ("population", "unhcr_population", "refugee_stocks", schema.REFUGEE_STOCKS),
    ],
)
def test_each_table_is_detected_and_conforms(realdata, name, fmt, kind, tidy):
    ds = data.read(realdata(FOLDER, f"unhcr_{name}_syr.csv"), domain="displacement")

    assert (ds.format.name, ds.kind) == (fmt, kind)
    assert dict(ds.frame.dtypes.astype(str)) == tidy
    assert len(ds.frame) == len(raw(realdata, name))


def test_idmc_idps_per_year(realdata):
    rows = raw(realdata, "idmc")
    frame = data.read(realdata(FOLDER, "unhcr_idmc_syr.csv")).frame

    expected = by_year(rows, "total")
    got = frame.set_index("year")["idps_count"]
    assert {y: got[y] for y in expected} == expected
    assert (got[2023], got[2024], got[2025]) == (7_248_000, 7_409_000, 5_964_000)


def test_solutions_per_year(realdata):
    rows = raw(realdata, "solutions")
    frame = data.read(realdata(FOLDER, "unhcr_solutions_syr.csv")).frame
    syrians = frame[frame["origin_iso3"].eq("SYR")]

    for column in ("returned_refugees", "resettlement", "naturalisation", "returned_idps"):
        expected = by_year(rows, column, lambda r: r["coo_iso"] == "SYR")
        got = syrians.groupby("year")[column].sum(min_count=1).dropna()
        assert {int(y): int(v) for y, v in got.items() if y in expected} == expected
    # NA stays NA: a missing cell is not a zero.
    empty = sum(1 for r in rows if not r["resettlement"])
    assert frame["resettlement"].isna().sum() == empty > 0


def test_flows_by_year_and_country(realdata):
    rows = raw(realdata, "flows")
    frame = data.read(realdata(FOLDER, "unhcr_flows_syr.csv")).frame

    for column in ("refugees", "asylum_seekers"):
        assert frame[column].sum() == total(rows, column)
    syrians = lambda r: r["coo_iso"] == "SYR" and r["coa_iso"] == "DEU"  # noqa: E731
    expected = by_year(rows, "asylum_seekers", syrians)
    germany = frame[frame["origin_iso3"].eq("SYR") & frame["asylum_iso3"].eq("DEU")]
    got = germany.groupby("year")["asylum_seekers"].sum()
    assert {y: got[y] for y in expected} == expected


def test_demographics_by_sex_and_type(realdata):
    rows = raw(realdata, "demographics")
    frame = data.read(realdata(FOLDER, "unhcr_demographics_syr.csv")).frame

    ref = lambda r: r["pop_type"] == "REF" and r["coo_iso"] == "SYR"  # noqa: E731
    refugees = frame[frame["population_type"].eq("REF") & frame["origin_iso3"].eq("SYR")]
    assert refugees["total"].sum() == total(rows, "total", ref)
    assert refugees["female_total"].sum() == total(rows, "f_total", ref)
    assert refugees["male_0_4"].sum() == total(rows, "m_0_4", ref)
    idps = frame[frame["population_type"].eq("IDP") & frame["asylum_iso3"].eq("SYR")]
    assert idps["location"].str.endswith("[Admin 1]").all()


def test_idmc_with_a_fractional_figure_is_refused(realdata, tmp_path):
    text = realdata(FOLDER, "unhcr_idmc_syr.csv").read_text(encoding="utf-8")
    path = tmp_path / "idmc.csv"
    path.write_text(text.replace("433000.0", "433000.5", 1), encoding="utf-8")

    with pytest.raises(DataValidationError, match="whole numbers"):
        data.read(path)


def test_solutions_without_resettlement_is_refused_naming_the_column(realdata, tmp_path):
    lines = realdata(FOLDER, "unhcr_solutions_syr.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "solutions.csv"
    path.write_text(
        "\n".join(",".join(line.split(",")[:8] + line.split(",")[9:]) for line in lines),
        encoding="utf-8",
    )

    with pytest.raises(DataValidationError, match="resettlement"):
        data.read(path, format="unhcr_solutions")


def test_demographics_lacking_its_breakdown_is_not_read_as_idmc(realdata, tmp_path):
    with realdata(FOLDER, "unhcr_demographics_syr.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    keep = ["year", "coo_name", "coo", "coo_iso", "coa_name", "coa", "coa_iso", "pop_type"]
    path = tmp_path / "demographics.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.DictWriter(handle, [*keep, "total"], extrasaction="ignore")
        out.writeheader()
        out.writerows(rows)

    with pytest.raises(DataValidationError, match="pop_type"):
        data.read(path)
