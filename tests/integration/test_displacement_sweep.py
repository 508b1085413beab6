"""Invariants of the displacement report over many periods and places, in-process (no kernel).

For the real UNHCR population file, the real OCHA/HNAP workbook and the bundled figures, over a
day, a week, a month, a year and several years, for the whole country and one governorate:

- no chart is drawn from empty data and no date axis reaches outside the report's period;
- every formatted count stated in the text is the value (or range end) of a result;
- the headline figures equal sums computed here from the raw files (csv module / openpyxl);
- HNAP: the months of weeks and of months add up to the year; arrivals are never added to
  returns; UNHCR: the figures are the last year's, never summed across years.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis.metrics.results import Period
from analysis.sections import displacement as section
from tests.integration.test_displacement_realdata import HNAP, SHEETS, UNHCR, _raw_summary
from tests.said import read

pytestmark = pytest.mark.realdata

COUNT = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")
"""A formatted count of people ("1,234", "7,408,909"); years and small numbers are not."""

PERIODS = {
    "unhcr": [
        ("2024-12-31", "2024-12-31"),  # a day holding a year's end
        ("2024-12-25", "2024-12-31"),  # a week
        ("2024-03-01", "2024-03-31"),  # a month with no year's end: no figure
        ("2024-01-01", "2024-12-31"),  # a year
        ("2011-01-01", "2024-12-31"),  # several years
    ],
    "hnap": [
        ("2018-12-31", "2018-12-31"),
        ("2018-12-03", "2018-12-09"),  # a week inside a month: no month ends in it
        ("2018-12-25", "2019-01-03"),
        ("2018-12-01", "2018-12-31"),
        ("2018-01-01", "2018-12-31"),
        ("2016-01-01", "2019-01-31"),
    ],
    "bundled": [
        ("2024-12-12", "2024-12-12"),
        ("2024-12-01", "2024-12-08"),
        ("2024-11-27", "2024-12-31"),
        ("2024-01-01", "2024-12-31"),
        ("2023-01-01", "2025-12-31"),
    ],
}
GOVERNORATES = {"unhcr": ("all", "Hama"), "hnap": ("all", "Idleb"), "bundled": ("all", "Aleppo")}


@pytest.fixture
def paths(realdata):
    return {"unhcr": str(realdata(*UNHCR)), "hnap": str(realdata(*HNAP)), "bundled": "bundled"}


def report_of(path: str, start: str, end: str, governorate: str):
    report = section.load(
        displacement_path=path, start_date=start, end_date=end, governorate=governorate
    )
    blocks = [
        section.header(report),
        *section.key_figures_section(report),
        *section.charts_section(report),
        *section.table_section(report),
        *section.sources_section(report),
    ]
    return report, blocks


def stated_counts(blocks) -> list[str]:
    return [
        n for b in blocks if b.kind in ("paragraph", "note", "html") for n in COUNT.findall(repr(b))
    ]


def result_counts(results) -> set[str]:
    found = set()
    for r in results:
        found.add(r.number)
        if r.has_range:
            found.update(r.text.replace("(", " ").replace(")", " ").replace("–", " ").split())
    return found


CASES = [
    (kind, start, end, governorate)
    for kind, periods in PERIODS.items()
    for start, end in periods
    for governorate in GOVERNORATES[kind]
]


@pytest.mark.parametrize(("kind", "start", "end", "governorate"), CASES)
def test_charts_text_and_results_agree(paths, kind, start, end, governorate):
    report, blocks = report_of(paths[kind], start, end, governorate)
    period = Period.of(start, end)
    results = section.headlines(report)
    keys = [r.key for r in results]
    assert len(keys) == len(set(keys)), keys  # stable keys, each once
    if results:
        assert keys[0] == "displaced"
    assert all(b.axes for b in blocks if b.kind == "figure")  # each figure checked below
    for block in blocks:
        for facts in block.axes:
            assert facts.drawn, f"{block!r}: chart drawn from empty data"
            if facts.x_dates is not None:
                assert period.start <= facts.x_dates[0] and facts.x_dates[1] <= period.stop
    text = "\n".join(repr(b) for b in blocks)
    assert not re.search(r"between (\d{4}) and \1\b", text)
    assert not re.search(r"end of (\d{4}) to the end of \1\b", text)
    everything = [*results]
    if kind == "unhcr":
        everything += report.peaks
    if kind == "bundled" and report.summary.peak is not None:
        everything.append(report.summary.peak)
    known = result_counts(everything)
    if kind == "bundled":  # figures quoted in the undated note are rows of the file, as published
        known |= {n for b in blocks if b.kind == "note" for n in COUNT.findall(repr(b))}
    for number in stated_counts(blocks):
        assert number in known, f"{number} is stated but is no result's value ({kind} {start})"
    for result in results:
        assert result.text in text  # each headline is stated as its result says
    if kind != "bundled":
        assert "bundled" not in text.lower()  # a report on the user's file says nothing of it


def unhcr_raw(path):
    """Per year: refugees abroad, IDPs and IDP returns in Syria, refugee returns (csv module)."""
    table = defaultdict(lambda: defaultdict(int))
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["coo_iso"] != "SYR":
                continue
            year = int(float(row["year"]))
            value = {k: float(row[k]) if row[k] else 0.0 for k in ("refugees", "idps")}
            if row["coa_iso"] == "SYR":
                table[year]["idps"] += int(value["idps"])
                table[year]["returned_idps"] += int(float(row["returned_idps"] or 0))
            else:
                table[year]["refugees"] += int(value["refugees"])
            table[year]["returned_refugees"] += int(float(row["returned_refugees"] or 0))
    return table


@pytest.mark.parametrize(
    ("start", "end", "year"),
    [
        ("2024-01-01", "2024-12-31", 2024),
        ("2011-01-01", "2024-12-31", 2024),
        ("2025-12-31", "2025-12-31", 2025),
    ],
)
@pytest.mark.parametrize("governorate", ["all", "Hama"])
def test_unhcr_figures_are_the_last_years_and_national(paths, start, end, year, governorate):
    raw = unhcr_raw(paths["unhcr"])[year]
    report, blocks = report_of(paths["unhcr"], start, end, governorate)
    found = {r.key: r for r in section.headlines(report)}
    assert found["displaced"].value == raw["refugees"]
    assert found["idps"].value == raw["idps"]
    assert found["idp_returns"].value == raw["returned_idps"]
    assert found["refugee_returns"].value == raw["returned_refugees"]
    assert found["displaced"].as_of == pd.Timestamp(year, 12, 31)
    text = "\n".join(repr(b) for b in blocks)
    national = text.count("the figures in this report are national")
    assert national == (1 if governorate != "all" else 0)


def test_unhcr_month_without_a_years_end_says_so(paths):
    report, blocks = report_of(paths["unhcr"], "2024-03-01", "2024-03-31", "all")
    assert section.headlines(report) == []
    text = "\n".join(repr(b) for b in blocks)
    assert "none does in 1 to 31 March 2024" in text
    assert "end of 2023 and the end of 2024" in text


def hnap_raw(path):
    """{(flow, governorate name, month start): value} from the workbook's cells (openpyxl)."""
    cells = {}
    for sheet, flow in SHEETS.items():
        for governorate, values in _raw_summary(path, sheet).items():
            for year, month, value in values:
                cells[(flow, governorate, pd.Timestamp(year, month, 1))] = value
    return cells


def expected_flow(raw, flow, period, governorate=None):
    total = 0.0
    for (f, gov, month), value in raw.items():
        end = month + pd.offsets.MonthEnd(0)
        if f == flow and period.contains(end) and governorate in (None, gov):
            total += value
    return total


@pytest.mark.parametrize("governorate", ["all", "Idleb"])
def test_hnap_sub_periods_add_up_and_flows_stay_apart(paths, governorate):
    raw = hnap_raw(paths["hnap"])
    name = None if governorate == "all" else governorate
    year = Period.of("2018-01-01", "2018-12-31")

    def totals(start, end):
        report = section.load(
            displacement_path=paths["hnap"],
            start_date=str(start.date()),
            end_date=str(end.date()),
            governorate=governorate,
        )
        found = {r.key: r.value for r in section.headlines(report)}
        return found.get("idp_arrivals", 0.0), found.get("idp_returns", 0.0), found

    arrivals, returns, found = totals(year.start, year.end)
    assert arrivals == pytest.approx(expected_flow(raw, "idp_arrivals", year, name))
    assert returns == pytest.approx(expected_flow(raw, "idp_returns", year, name))
    assert found["displaced"] == arrivals  # the arrivals, never arrivals + returns
    weeks = pd.date_range(year.start, year.end, freq="7D")
    by_week = [totals(s, min(s + pd.Timedelta(days=6), year.end)) for s in weeks]
    assert sum(w[0] for w in by_week) == pytest.approx(arrivals)
    assert sum(w[1] for w in by_week) == pytest.approx(returns)
    with_figures = [w for w in by_week if w[0]]
    assert len(with_figures) == 12  # each month once, in the week holding its last day
    months = pd.date_range(year.start, year.end, freq="MS")
    by_month = [totals(s, s + pd.offsets.MonthEnd(0)) for s in months]
    assert sum(m[0] for m in by_month) == pytest.approx(arrivals)


def test_hnap_week_holding_a_months_end_says_the_figure_is_for_the_whole_month(paths):
    _report, blocks = report_of(paths["hnap"], "2018-12-25", "2019-01-03", "all")
    text = "\n".join(repr(b) for b in blocks)
    assert "December 2018 are for the whole month" in text
    assert "January 2019" not in repr(blocks[1])  # January ends after the period


def test_unhcr_captions_promise_only_what_the_years_have(paths):
    raw = unhcr_raw(paths["unhcr"])
    assert not any(raw[year]["idps"] for year in range(1990, 2006))  # no IDP figure then
    report, blocks = report_of(paths["unhcr"], "1990-01-01", "2005-12-31", "all")
    drawn = [repr(b) for b in blocks if b.kind == "figure"]
    assert len(drawn) == 3
    assert not any("IDP" in alt for alt in drawn)
    summary = read(blocks).sentence("displacement_unhcr_summary").text  # of the last year
    assert "no figure for IDPs" in summary and "2005" in summary
    assert "idps" not in {r.key for r in section.headlines(report)}
