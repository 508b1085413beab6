"""The trends report's sections on small frames: what they say, what they escape, and the
parameters refused before any kernel starts."""

import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import ParameterError
from analysis.metrics import trends as T
from analysis.metrics.results import Period
from analysis.parameters import check_trend_parameters
from analysis.sections.common import Scope
from analysis.sections.trends import change, country, incidents
from analysis.sections.trends.report import EVENTS, TrendsReport
from analysis.sections.trends.words import baseline_text
from tests.said import numbers_in, read
from tests.unit.test_trends_events import WEEK, days, events

HOSTILE = '<script>alert("x")</script>'


def report(frame, governorate="Idleb", period=WEEK):
    scope = Scope.from_parameters(str(period.start.date()), str(period.end.date()), governorate)
    return TrendsReport(
        scope=scope,
        kind=EVENTS,
        source="test file <b>",
        boundaries_path="bundled",
        baseline="previous_4",
        scale="shared",
        trends=T.event_trends(frame, period, "test file <b>"),
        series=T.bin_series(frame, period),
        frame=frame,
    )


@pytest.fixture
def frame():
    rows = days(WEEK.start - pd.Timedelta(days=400), 407, pcode="SY07", deaths=1)
    rows += days(WEEK.start, 7, pcode="SY07")  # the week: 15 events against 7 a week before
    rows.append(dict(day=WEEK.start, pcode="SY07", deaths=40, location=HOSTILE, notes_text=HOSTILE))
    return events(rows)


def test_text_from_the_file_never_becomes_markup(frame):
    made = incidents.incidents_table(report(frame))
    assert "<script>" not in made.data and "&lt;script&gt;" in made.data
    assert HOSTILE in repr(made)  # the plain text keeps the source's words
    assert "<b>" not in "".join(b.data for b in change.section(report(frame)))


def test_the_governorates_table_has_every_area_and_a_sparkline_each(frame):
    made = country.table(report(frame))
    assert made.data.count("<tr") == 1 + 15  # the header, the country and 14 governorates
    assert made.data.count("<svg") == 15
    assert made.data.count('class="sitrep-own"') == 1
    own = made.data.split('class="sitrep-own"')[1].split("</tr>")[0]
    assert "Idleb" in own and "large increase" in own  # the level in words, coloured by code
    assert '<span class="sitrep-level sitrep-level-large-increase">large increase</span>' in own
    first = made.data.split("<tbody>")[1].split("</tr>")[0]
    assert first.startswith("<tr><td>Syria</td>")  # the country ("all"), named by the report
    assert "events large increase" in repr(made)  # the plain text says the level in words


def test_small_numbers_are_said_to_be_small():
    frame = events(
        [
            *days(WEEK.start - pd.Timedelta(days=90), 1, pcode="SY14"),
            *days(WEEK.start - pd.Timedelta(days=7), 1, pcode="SY14"),
            *days(WEEK.start, 3, pcode="SY14"),
            *days(WEEK.end, 1, pcode="SY02"),  # the data reach the week's end
        ]
    )
    made = report(frame, "Quneitra")
    comparison = made.own.comparisons[("events", made.baseline)]
    # 3 events against 1 in the 4 weeks before: under the guard, whatever the change
    assert (comparison.current, comparison.reference) == (3, 1 / 4)
    assert comparison.guarded and comparison.level == "limited_change"
    said = read(change.headline(made)).all("trends_change")
    (events_said,) = [s for s in said if "events" in s.values]
    assert events_said.values == {"events": 3}
    assert numbers_in(events_said.text)[:2] == [3, 0.25]  # the count, then its reference
    assert "because the numbers are small" in events_said.text


def test_baselines_are_named_for_the_period_length():
    week, day = WEEK, Period.of("2020-03-02", "2020-03-02")
    said = baseline_text("previous_year", week, False)
    assert "weekly average" in said and "previous 52 weeks" in said
    assert baseline_text("previous_4", day, False).endswith("previous 4 days")
    said = baseline_text("previous_year", day, False)
    assert "daily average" in said and "previous 364 days" in said
    ten = Period.of("2020-03-01", "2020-03-10")
    blocks = T.blocks("previous_year", 10)
    assert baseline_text("previous_year", ten, False).endswith(f" {blocks} periods of 10 days")
    assert baseline_text("previous_4", WEEK, True).endswith("previous 4 months")


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"baseline": "weekly"}, "'baseline' must be one of previous, previous_4, previous_year"),
        ({"large_decrease": 30.0}, "change bands out of order"),
        ({"small_latest": -1}, "'small_latest' cannot be negative"),
        ({"alert_level2_days": 300}, "'alert_level2_days' must be longer"),
        ({"alert_window_days": 0}, "'alert_window_days' must be a whole number of days"),
        ({"scale": "log"}, "'scale' must be one of shared, free"),
        ({"large_increase": float("inf")}, "'large_increase' must be a finite number"),
        ({"small_average": float("nan")}, "'small_average' must be a finite number"),
        ({"large_decrease": -150.0}, "'large_decrease' must be above -100"),
        ({"alert_window_days": 400}, "'alert_window_days' must be shorter than"),
    ],
)
def test_bad_thresholds_are_refused_in_one_line(values, words):
    with pytest.raises(ParameterError, match=words):
        check_trend_parameters(values)


def test_the_command_line_refuses_bad_thresholds_before_any_kernel(tmp_path, capsys):
    status = main(["render", "trends", "--out", str(tmp_path), "-p", "large_decrease", "30"])
    assert status == 2
    assert "change bands out of order" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing written, no kernel started
