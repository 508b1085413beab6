"""Displacement readers on the real UNHCR and OCHA/HNAP files in ../shared/realdata.

Every total is checked against a sum computed here from the raw file with pandas or openpyxl
directly, not through the reader, and against the figures quoted in the files' PROVENANCE.md.
"""

from __future__ import annotations

import calendar
from collections import defaultdict

import openpyxl
import pandas as pd
import pytest

from analysis import data
from analysis.metrics import displacement as metrics

pytestmark = pytest.mark.realdata

UNHCR = ("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
HNAP = ("hnap_idp_movements_2019_01", "idp_movements_summary_and_dec2018.xlsx")
SHEETS = {
    "IDPFlow_Summarysince2016": "idp_arrivals",
    "RetFlow_Summary_SinceAugust2018": "idp_returns",
}


@pytest.fixture
def population(realdata):
    path = realdata(*UNHCR)
    return data.read(path), pd.read_csv(path)


@pytest.fixture
def movements(realdata):
    path = realdata(*HNAP)
    return data.read(path), path


def test_unhcr_file_is_detected_and_complete(population):
    dataset, raw = population
    assert dataset.format.name == "unhcr_population"
    assert len(dataset.frame) == len(raw) == 3243
    assert (dataset.frame["year"].min(), dataset.frame["year"].max()) == (1968, 2025)
    pairs = [("refugees", "refugees"), ("idps", "idps_count"), ("hst", "host_community")]
    for column, house in pairs:
        assert dataset.frame[house].sum() == raw[column].sum()
    assert dataset.frame["other_in_need"].isna().sum() == raw["oip"].isna().sum() == 3243


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2011, 19_931), (2015, 4_873_236), (2021, 6_848_865), (2024, 5_952_174), (2025, 4_865_764)],
)
def test_syrian_refugees_by_year(population, year, expected):
    dataset, raw = population
    independent = raw.loc[(raw["coo_iso"] == "SYR") & (raw["year"] == year), "refugees"].sum()
    assert independent == expected  # the figure quoted in PROVENANCE.md
    by_asylum = metrics.refugees_by_asylum(dataset.frame)
    assert by_asylum.loc[by_asylum["year"] == year, "refugees"].sum() == expected


def test_syrian_returns_by_year(population):
    dataset, raw = population
    syrians = raw[raw["coo_iso"] == "SYR"].groupby("year")[["returned_refugees", "returned_idps"]]
    independent = syrians.sum()
    table = metrics.stocks_by_year(dataset.frame).set_index("year")
    returns = table[["returned_refugees", "returned_idps"]]
    for year in (2024, 2025):
        assert returns.loc[year, "returned_refugees"] == independent.loc[year, "returned_refugees"]
        assert returns.loc[year, "returned_idps"] == independent.loc[year, "returned_idps"]
    assert returns.loc[2024].tolist() == [512_718, 513_896]
    assert returns.loc[2025].tolist() == [1_341_148, 1_964_201]


def test_idps_in_syria_by_year(population):
    dataset, raw = population
    home = raw[(raw["coo_iso"] == "SYR") & (raw["coa_iso"] == "SYR")].set_index("year")["idps"]
    table = metrics.stocks_by_year(dataset.frame).set_index("year")
    for year in (2013, 2023, 2024, 2025):
        assert table.loc[year, "idps_count"] == home.loc[year]
    assert table.loc[2024, "idps_count"] == 7_408_909  # "about 7.4 million" in recent years


def test_top_asylum_countries_2025(population):
    dataset, _ = population
    table = metrics.refugees_by_asylum(dataset.frame)
    top = table[table["year"] == 2025].head(5)
    assert top[["asylum_name", "refugees"]].values.tolist() == [
        ["Türkiye", 2_347_756],
        ["Germany", 668_647],
        ["Lebanon", 532_357],
        ["Jordan", 420_835],
        ["Iraq", 308_226],
    ]


def _raw_summary(path, sheet):
    """{governorate: [(year, month, value), ...]} from the typed month cells, read directly."""
    workbook = openpyxl.load_workbook(path)
    ws = workbook[sheet]
    names = {name: number for number, name in enumerate(calendar.month_name) if name}
    cells = defaultdict(list)
    year = None
    columns = {}
    for column in range(2, ws.max_column + 1):
        if isinstance(ws.cell(1, column).value, int):
            year = ws.cell(1, column).value
        if ws.cell(2, column).value in names:
            columns[column] = (year, names[ws.cell(2, column).value])
    for row in range(3, 17):  # the 14 governorate rows; row 17 is "Grand Total"
        governorate = ws.cell(row, 1).value
        for column, (year, month) in columns.items():
            value = ws.cell(row, column).value
            if isinstance(value, int | float):
                cells[governorate].append((year, month, value))
    workbook.close()
    return cells


def test_hnap_workbook_is_detected_with_its_months(movements):
    dataset, _ = movements
    frame = dataset.frame
    assert dataset.format.name == "hnap_idp_movements"
    assert frame["admin1_pcode"].nunique() == 14
    spans = frame.groupby("flow")["month"].agg(["min", "max", "count"])
    assert spans.loc["idp_arrivals"].tolist() == [
        pd.Timestamp("2016-01-01"),
        pd.Timestamp("2019-01-01"),
        465,
    ]
    assert spans.loc["idp_returns"].tolist() == [
        pd.Timestamp("2018-08-01"),
        pd.Timestamp("2019-01-01"),
        71,
    ]


def test_hnap_sample_values(movements):
    frame = movements[0].frame
    arrivals = frame[frame["flow"] == "idp_arrivals"]
    idleb = arrivals[arrivals["admin1_name"] == "Idleb"]
    idleb_2018 = idleb[idleb["month"].dt.year == 2018]
    assert idleb_2018.sort_values("month")["people_count"].tolist()[:4] == [
        184104,
        115853,
        80051,
        37375,
    ]
    aleppo = arrivals[(arrivals["admin1_pcode"] == "SY02") & (arrivals["month"] == "2016-01-01")]
    assert aleppo["people_count"].tolist() == [134951]
    daraa = arrivals[(arrivals["admin1_name"] == "Dar'a") & (arrivals["month"] == "2016-10-01")]
    assert daraa["people_count"].tolist() == [pytest.approx(10183.833333, abs=1e-5)]


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_hnap_governorate_totals_match_the_raw_cells(movements, sheet):
    dataset, path = movements
    flow = dataset.frame[dataset.frame["flow"] == SHEETS[sheet]]
    raw = _raw_summary(path, sheet)
    assert len(raw) == flow["admin1_pcode"].nunique()
    assert sum(len(cells) for cells in raw.values()) == len(flow)
    for governorate, cells in raw.items():
        rows = flow[flow["admin1_name"] == governorate]
        assert rows["people_count"].sum() == pytest.approx(sum(v for _, _, v in cells), abs=1e-6)
        months = sorted(pd.Timestamp(y, m, 1) for y, m, _ in cells)
        assert sorted(rows["month"]) == months


def test_hnap_governorate_is_where_people_arrived(movements):
    """January 2019 by governorate equals the community sheets summed by Mohafaza."""
    dataset, path = movements
    frame = dataset.frame[dataset.frame["month"] == "2019-01-01"]
    for sheet, column, flow in [
        ("December_IDPflow", "IDP_Flow_Estimation", "idp_arrivals"),
        ("December_Retflow", "Ret_Flow_Estimation", "idp_returns"),
    ]:
        communities = pd.read_excel(path, sheet_name=sheet)
        expected = communities.groupby("Mohafaza PCODE")[column].sum().to_dict()
        got = frame[frame["flow"] == flow].set_index("admin1_pcode")["people_count"].to_dict()
        assert got == pytest.approx(expected)
