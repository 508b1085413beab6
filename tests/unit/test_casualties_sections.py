"""The casualties sections on small files: what a reader sees, from the results."""

import csv

import pytest

from analysis.metrics.results import Message
from analysis.sections import casualties as section
from tests.said import read, words
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
    # rows 1 and 2 (2 and 3 January): best 6, low 5, high 8 and 3 civilians each; the month
    # event (row 3, 40 deaths) is apart and row 2 has no governorate
    deaths = found["deaths"]
    assert (deaths.value, deaths.low, deaths.high) == (6 + 6, 5 + 5, 8 + 8)
    assert (found["events"].value, found["civilian_deaths"].value) == (2, 3 + 3)
    assert deaths.disclosure("crossing").values == {"events": 1, "deaths": 40, "unit": "events"}
    assert deaths.disclosure("no_governorate").values == {"events": 1, "deaths": 6}
    said = read(section.key_figures(report))
    total = said.sentence("casualties_events_total")
    assert total.values == {"events": 2, "deaths": 12, "civilian_deaths": 6}
    assert said.stated("deaths")[0].numbers == [12, 10, 16]  # the box: best, then the range
    assert {"crossing", "no_governorate"} <= said.kinds("deaths")
    assert {"crossing", "no_governorate"} <= said.note_kinds  # each caveat noted beside it
    assert said.says("casualties_file_quality")
    quality = report.file_notes
    assert (quality["copies_dropped"].value, quality["future"].value) == (1, 1)  # rows 1, 4
    body = section.body(report)
    assert [block for block in body if block.axes]  # charts drawn, each checked below
    for block in body:
        for axes in block.axes:
            assert axes.drawn
            if axes.x_dates:
                assert axes.x_dates == (report.span.start, report.span.stop)
    assert "2024" not in _text(body)


def test_month_report_draws_the_month_event_apart(ged):
    report = section.load(
        casualties_path=str(ged), start_date="2017-01-01", end_date="2017-01-31", governorate="all"
    )
    assert {r.key: r.value for r in section.headlines(report)}["deaths"] == 52
    said = read(section.body(report)).sentence("casualties_apart")
    assert said.text == words("casualties_apart", events=1, deaths=40, unit="day")


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
