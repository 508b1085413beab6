"""The casualties sections on small files: what a reader sees, from the results."""

import csv

import pytest

from analysis.metrics.results import Message
from analysis.sections import casualties as section
from tests.unit.test_event_files import UCDP_HEADER, ucdp_row


def _write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=UCDP_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def ged(tmp_path):
    rows = [
        ucdp_row(1),  # 2 January 2017
        ucdp_row(1),  # an exact copy
        ucdp_row(2, adm_1=""),  # no governorate
        ucdp_row(3, date_start="2017-01-01", date_end="2017-01-31", best="40", low="40", high="40"),
        ucdp_row(4, date_start="2199-01-01", date_end="2199-01-01"),  # in the future
    ]
    return _write(tmp_path / "ged.csv", rows)


def _text(blocks):
    return "\n".join(repr(b) for b in blocks)


def test_week_report_counts_and_explains(ged):
    report = section.load(
        casualties_path=str(ged), start_date="2017-01-02", end_date="2017-01-08", governorate="all"
    )
    found = {r.key: r for r in section.headlines(report)}
    assert [*found] == ["deaths", "civilian_deaths", "events"]
    assert (found["deaths"].value, found["events"].value) == (12, 2)  # the month event is apart
    text = _text(section.key_figures(report))
    assert "2 events with 12 deaths (best estimate; UCDP's low–high range 10 to 16)" in text
    assert "1 event with 40 deaths overlaps the period" in text
    assert "Includes 1 event with 6 deaths that the file places in no governorate" in text
    assert "1 exact duplicate row (same id, same values) was dropped" in text
    assert "1 event is dated after today" in text
    body = section.events_section(report)
    for block in body:
        for axes in block.axes:
            assert axes.drawn
            if axes.x_dates:
                assert axes.x_dates == (report.span.start, report.span.stop)
    assert section.tolls_section(report) == []
    assert "2024" not in _text(body)


def test_month_report_draws_the_month_event_apart(ged):
    report = section.load(
        casualties_path=str(ged), start_date="2017-01-01", end_date="2017-01-31", governorate="all"
    )
    assert {r.key: r.value for r in section.headlines(report)}["deaths"] == 52
    text = _text(section.events_section(report))
    assert "1 event with 40 deaths is dated only to a span covering several days" in text


def test_bundled_report_headline_and_no_event_text():
    report = section.load(
        casualties_path="bundled",
        start_date="2024-11-27",
        end_date="2024-12-31",
        governorate="Hama",
    )
    found = {r.key: r for r in section.headlines(report)}
    assert found["deaths"].text == "at least 910"
    assert found["deaths"].label == Message.of("deaths_toll", whole_offensive=True)
    text = _text(section.key_figures(report))
    assert "SOHR: at least 910 people killed" in text
    assert "not specific to Hama" in text
