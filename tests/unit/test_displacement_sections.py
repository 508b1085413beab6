"""The displacement report's sections on small files written in each test (no kernel): which
module reports each kind of file, what the text says, and that it says what the results hold."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re

import pytest

from analysis.errors import ParameterError
from analysis.metrics.results import Message
from analysis.sections import displacement as section
from analysis.sections.displacement import hnap, reported, unhcr
from tests.said import read
from tests.unit.test_hnap import build
from tests.unit.test_unhcr import write


def blocks_of(report) -> list:
    return [
        section.header(report),
        *section.key_figures_section(report),
        *section.charts_section(report),
        *section.table_section(report),
        *section.sources_section(report),
    ]


def text_of(blocks) -> str:
    return "\n".join(repr(b) for b in blocks)


def load(path, start, end, governorate="all"):
    return section.load(
        displacement_path=str(path), start_date=start, end_date=end, governorate=governorate
    )


def test_unhcr_file_shows_refugees_idps_and_returns_of_the_last_year(tmp_path):
    report = load(write(tmp_path), "2024-01-01", "2024-12-31")
    assert isinstance(report, unhcr.Report)
    found = {r.key: r for r in section.headlines(report)}
    assert found["displaced"].value == 2_900_000 + 700_000  # Türkiye and Germany, end of 2024
    assert found["idps"].value == 7_408_909
    assert found["refugee_returns"].value == 159_439
    assert found["idp_returns"].value == 513_896
    blocks = blocks_of(report)
    text = text_of(blocks)
    summary = read(blocks).sentence("displacement_unhcr_summary")
    assert {2_900_000 + 700_000, 7_408_909, 159_439, 513_896} <= set(summary.numbers)
    assert "between 2024 and 2024" not in text
    assert [b for b in blocks if b.axes]  # the charts, each checked here
    assert all(facts.drawn and facts.x_dates is None for b in blocks for facts in b.axes)
    assert "bundled" not in text.lower()


def test_unhcr_governorate_report_says_once_that_figures_are_national(tmp_path):
    report = load(write(tmp_path), "2024-01-01", "2025-12-31", "Hama")
    assert len(read(blocks_of(report)).all("displacement_unhcr_national")) == 1
    assert section.headlines(report)
    assert all(Message.of("national_unhcr") in r.notes for r in section.headlines(report))
    whole = load(write(tmp_path), "2024-01-01", "2025-12-31")
    assert [r.value for r in section.headlines(report)] == [
        r.value for r in section.headlines(whole)
    ]  # the same national figures: nothing is filtered by governorate


def test_unhcr_period_without_a_years_end_says_so_and_draws_nothing(tmp_path):
    report = load(write(tmp_path), "2025-03-01", "2025-03-31")
    blocks = blocks_of(report)
    assert section.headlines(report) == []
    assert not [b for b in blocks if b.kind == "figure"]
    assert "none does in 1 to 31 March 2025" in text_of(blocks)


def test_hnap_month_keeps_arrivals_and_returns_apart(tmp_path):
    report = load(build(tmp_path), "2016-01-01", "2016-01-31")
    assert isinstance(report, hnap.Report)
    found = {r.key: r for r in section.headlines(report)}
    arrivals = 134951 + 38093 + 10183.833333333334
    assert found["idp_arrivals"].value == pytest.approx(arrivals)
    assert found["displaced"].value == found["idp_arrivals"].value
    assert "idp_returns" not in found  # no return figure for January 2016: not a zero
    summary = read(blocks_of(report)).sentence("displacement_hnap_summary")
    assert int(arrivals + 0.5) in summary.numbers
    assert "no spontaneous-return figure" in summary.text


def test_hnap_governorate_and_a_week_without_a_months_end(tmp_path):
    path = build(tmp_path)
    report = load(path, "2018-08-01", "2018-08-31", "Dar'a")
    found = {r.key: r.value for r in section.headlines(report)}
    assert found == {"idp_returns": 130825}  # Dar'a: returns only in August 2018
    week = load(path, "2016-01-04", "2016-01-10")
    assert section.headlines(week) == []
    said = read(blocks_of(week)).sentence("displacement_hnap_no_month")
    assert "4 to 10 January 2016" in said.text
    assert "The nearest is January 2016" in said.text  # the month ends after the week


def test_bundled_figures_are_reported_and_a_governorate_gets_national_context():
    report = section.load(
        displacement_path="bundled",
        start_date="2024-11-27",
        end_date="2024-12-31",
        governorate="Aleppo",
    )
    assert isinstance(report, reported.Report)
    found = {r.key: r for r in section.headlines(report)}
    assert found["displaced"].text == "over 1,100,000"
    assert Message.of("not_specific_to", where="Aleppo") in found["displaced"].notes
    assert found["displaced_from_governorate"].text == "nearly 640,000"
    said = read(blocks_of(report)).sentence("displacement_reported_governorate")
    assert said.numbers == [1] and "Aleppo" in said.text  # one figure for Aleppo: nearly 640,000


def test_parameters_are_checked_as_on_the_command_line():
    with pytest.raises(ParameterError):
        section.load(
            displacement_path="bundled",
            start_date="2024-12-31",
            end_date="2024-11-27",
            governorate="all",
        )
    with pytest.raises(TypeError):
        section.load("bundled", "2024-11-27", "2024-12-31", "all")  # keywords only


def test_hnap_series_over_different_months_are_never_set_under_one_span(tmp_path):
    # The test workbook: arrivals for January and February 2016 and January 2017, returns for
    # August 2018 and January 2019 only.
    report = load(build(tmp_path), "2016-01-01", "2019-01-31")
    found = {r.key: r for r in section.headlines(report)}
    assert found["idp_arrivals"].period.label == "1 January 2016 to 31 January 2017"
    assert found["idp_returns"].period.label == "1 August 2018 to 31 January 2019"
    blocks = blocks_of(report)
    summary = read(blocks).sentence("displacement_hnap_summary")
    assert "cover different months" in summary.text
    figures = [b for b in blocks if b.kind == "figure"]
    by_governorate = next(b for b in figures if "in each governorate" in repr(b))
    caption = by_governorate.data.split("<figcaption>")[1]
    assert "arrivals January 2016 to January 2017" in caption
    assert "returns August 2018 to January 2019" in caption
    for said in (summary.text, caption):  # no span over both series
        assert "January 2016 to January 2019" not in said
    tables = [b for b in blocks if b.kind == "table"]
    headers = tables[0].data.split("</thead>")[0]
    assert "IDP arrivals (Jan 2016–Jan 2017)" in headers
    assert "IDP spontaneous returns (Aug 2018–Jan 2019)" in headers
    same = load(build(tmp_path), "2016-01-01", "2016-02-29")  # arrivals only
    assert "cover different months" not in text_of(blocks_of(same))


def test_hnap_published_zero_is_shown_as_zero_and_a_blank_as_no_figure(tmp_path):
    # February 2016: Dar'a published 0, Idleb left blank.
    report = load(build(tmp_path), "2016-02-01", "2016-02-29")
    blocks = blocks_of(report)
    table = next(b for b in blocks if b.kind == "table")
    rows = {
        cells[0]: cells[1:]
        for cells in (
            re.findall(r"<td[^>]*>(.*?)</td>", row)
            for row in table.data.split("<tbody>")[1].split("</tr>")[:-1]
        )
    }
    assert rows["Dar&#x27;a"][0] == "0", rows
    assert "Idleb" not in rows  # no figure: not a row of zeros
