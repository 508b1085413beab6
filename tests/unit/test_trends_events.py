"""Change levels, coverage and alerts from event data, on small frames worked out by hand."""

import pandas as pd
import pytest

from analysis.data.schema import CASUALTY_EVENTS, conform
from analysis.errors import ParameterError
from analysis.metrics import trends as T
from analysis.metrics.results import Message, Period

SOURCE = "test source"
WEEK = Period.of("2020-03-02", "2020-03-08")  # a Monday to a Sunday


def events(rows):
    """A CASUALTY_EVENTS frame from dicts: ``day`` (or ``earliest``/``latest``), ``deaths``,
    ``pcode`` and any schema column."""
    frame = pd.DataFrame(rows)
    none = pd.Series(pd.NaT, index=frame.index)
    day = pd.to_datetime(frame["day"]) if "day" in frame else none
    earliest = pd.to_datetime(frame["earliest"]).fillna(day) if "earliest" in frame else day
    latest = pd.to_datetime(frame["latest"]).fillna(earliest) if "latest" in frame else earliest
    data = {
        "event_id": [f"e{i}" for i in range(len(frame))],
        "event_date": pd.to_datetime(earliest),
        "date_earliest": pd.to_datetime(earliest),
        "date_latest": pd.to_datetime(latest),
        "deaths_best": frame.get("deaths", pd.Series(0, index=frame.index)),
        "admin1_pcode": frame.get("pcode", pd.Series(pd.NA, index=frame.index)),
    }
    for column in frame.columns:
        if column in CASUALTY_EVENTS and column not in data:
            data[column] = frame[column]
    return conform(data, CASUALTY_EVENTS)


def days(start, count, **values):
    """One event on each of ``count`` days from ``start``."""
    first = pd.Timestamp(start)
    return [dict(day=first + pd.Timedelta(days=i), **values) for i in range(count)]


def test_week_against_its_baselines():
    # Aleppo: 1 event a day (1 death each) in the 52 weeks before WEEK, plus 1 event a day (no
    # deaths) in the 4 weeks before WEEK (so 14 events a week there), and 3 events a day with 2
    # deaths each in WEEK: 21 events, 42 deaths.
    year_start = WEEK.start - pd.Timedelta(days=364)
    four_start = WEEK.start - pd.Timedelta(days=28)
    rows = days(year_start, 364, pcode="SY02", deaths=1)
    rows += days(four_start, 28, pcode="SY02", deaths=0)
    rows += days(WEEK.start, 7, pcode="SY02", deaths=2) * 3
    frame = events(rows)
    trends = T.event_trends(frame, WEEK, SOURCE)
    aleppo = trends.areas["SY02"]
    assert aleppo.counts["events"].value == 21
    assert aleppo.counts["deaths"].value == 42
    previous = aleppo.comparisons[("events", "previous")]
    assert (previous.current, previous.reference, previous.change_pct) == (21, 14.0, 50.0)
    assert previous.level == "large_increase"
    assert previous.window == Period.of("2020-02-24", "2020-03-01")
    four = aleppo.comparisons[("events", "previous_4")]
    assert (four.reference, four.change_pct, four.level) == (14.0, 50.0, "large_increase")
    assert four.window == Period.of("2020-02-03", "2020-03-01")
    # the year: 364 + 28 events over 52 weeks
    year = aleppo.comparisons[("events", "previous_year")]
    assert year.reference == pytest.approx(392 / 52)
    assert year.change_pct == pytest.approx((21 - 392 / 52) / (392 / 52) * 100)
    assert year.level == "large_increase"
    assert year.window == Period.of("2019-03-04", "2020-03-01")
    # deaths: 7 a week before, 42 in WEEK
    assert aleppo.comparisons[("deaths", "previous_4")].reference == 7.0
    assert aleppo.comparisons[("deaths", "previous_year")].reference == 7.0
    assert aleppo.level("deaths", "previous") == "large_increase"
    # a week with 16 events against 14 is moderate (+14.3%), 15 limited (+7.1%)
    for extra, level in ((2, "moderate_increase"), (1, "limited_change")):
        calmer = events(
            days(year_start, 364, pcode="SY02")
            + days(four_start, 28, pcode="SY02")
            + days(WEEK.start, 7, pcode="SY02") * 2
            + days(WEEK.start, extra, pcode="SY02")
        )
        assert (
            T.event_trends(calmer, WEEK, SOURCE).areas["SY02"].level("events", "previous") == level
        )
    # the country equals Aleppo here; other governorates are empty and guarded
    assert trends.areas["all"].counts["events"].value == 21
    idleb = trends.areas["SY07"]
    assert idleb.area == "SY07"  # a code: the report names it
    assert idleb.comparisons[("events", "previous_4")].guarded
    assert idleb.level() == "limited_change"
    assert list(trends.areas) == ["all", *(f"SY{i:02d}" for i in range(1, 15))]
    assert "civilian_deaths" not in aleppo.counts  # the frame says nothing of civilians
    assert ("civilian_deaths", "previous") not in aleppo.comparisons


def test_spans_crossing_an_edge_are_not_counted():
    rows = days("2020-01-01", 1, pcode="SY07")  # sets the data's first day
    rows += [
        dict(earliest="2020-03-01", latest="2020-03-02", pcode="SY07", deaths=100),  # crosses start
        dict(earliest="2020-03-08", latest="2020-03-09", pcode="SY07", deaths=100),  # crosses end
        dict(earliest="2020-03-02", latest="2020-03-08", pcode="SY07", deaths=7),  # the whole week
        dict(earliest="2020-02-26", latest="2020-02-28", pcode="SY07", deaths=5),  # previous week
        dict(day="2020-03-31", pcode="SY07"),  # sets the data's last day
    ]
    trends = T.event_trends(events(rows), WEEK, SOURCE)
    idleb = trends.areas["SY07"]
    assert idleb.counts["events"].value == 1
    assert idleb.counts["deaths"].value == 7
    assert idleb.counts["deaths"].as_of == pd.Timestamp("2020-03-08")
    previous = idleb.comparisons[("deaths", "previous")]
    assert (previous.current, previous.reference) == (7, 5.0)


def test_baseline_not_covered():
    # the data start on Monday 6 January 2020
    rows = days("2020-01-06", 60, pcode="SY05")
    frame = events(rows)
    # a period starting two weeks after the data's start: previous is covered, previous_4 is not
    period = Period.of("2020-01-20", "2020-01-26")
    hama = T.event_trends(frame, period, SOURCE).areas["SY05"]
    assert hama.comparisons[("events", "previous")].level == "limited_change"
    assert hama.comparisons[("events", "previous")].reason is None
    four = hama.comparisons[("events", "previous_4")]
    assert four.level is None and four.reference is None and four.change_pct is None
    assert four.current == 7
    assert four.window.start == pd.Timestamp("2019-12-23")
    assert four.reason == Message.of(
        "data_start_in_window",
        first=pd.Timestamp("2020-01-06"),
        needed=pd.Timestamp("2019-12-23"),
        window="baseline",
    )
    assert hama.level("events", "previous_year") is None
    # a period before the data's start: no level at all, and the reason names the data's span
    before = T.event_trends(frame, Period.of("2019-12-02", "2019-12-08"), SOURCE)
    assert before.areas["SY05"].comparisons
    for comparison in before.areas["SY05"].comparisons.values():
        assert comparison.level is None
        assert comparison.reason == Message.of(
            "period_outside_data",
            first=pd.Timestamp("2020-01-06"),
            last=pd.Timestamp("2020-03-05"),
        )
    assert before.areas["SY05"].alert.level is None
    # a period ending after the data's last day
    late = T.event_trends(frame, Period.of("2020-03-02", "2020-03-08"), SOURCE).areas["SY05"]
    assert late.level() is None
    assert late.comparisons[("events", "previous")].reason == Message.of(
        "data_end_in_period", last=pd.Timestamp("2020-03-05"), end=pd.Timestamp("2020-03-08")
    )
    assert T.event_trends(frame, period, SOURCE).coverage == T.Coverage(
        pd.Timestamp("2020-01-06"), pd.Timestamp("2020-03-05")
    )


def _alert_frame(current_deaths, first="2015-01-01"):
    """Deaths in Homs: 150 on day D-200, 300 on day D-800, ``current_deaths`` on D."""
    end = pd.Timestamp("2020-06-30")
    rows = [dict(day=first, pcode="SY04", deaths=0)]
    rows += [
        dict(day=end - pd.Timedelta(days=800), pcode="SY04", deaths=300),
        dict(day=end - pd.Timedelta(days=200), pcode="SY04", deaths=150),
        dict(day=end, pcode="SY04", deaths=current_deaths),
    ]
    return events(rows), Period.of("2020-06-24", "2020-06-30")


@pytest.mark.parametrize(
    ("current", "level"), [(149, 0), (150, 1), (299, 1), (300, 2), (90, 0), (99, 0)]
)
def test_alert_levels_on_rolling_sums(current, level):
    frame, period = _alert_frame(current)
    alert = T.event_trends(frame, period, SOURCE).areas["SY04"].alert
    assert (alert.level, alert.window_sum, alert.max_level1, alert.max_level2) == (
        level,
        current,
        150,
        300,
    )
    assert alert.window == Period.of("2020-06-01", "2020-06-30")
    assert alert.reason is None and not alert.monthly


def test_alert_under_the_minimum_even_at_a_maximum():
    frame, period = _alert_frame(90)
    rule = T.AlertRule(minimum=100)
    quiet = events(
        [dict(day="2015-01-01", pcode="SY04", deaths=0), dict(day="2020-06-30", pcode="SY04")]
    )
    alert = T.event_trends(quiet, period, SOURCE, rule=rule).areas["SY04"].alert
    assert (alert.level, alert.window_sum, alert.max_level1) == (0, 0, 0)
    lower = T.event_trends(frame, period, SOURCE, rule=T.AlertRule(minimum=50))
    assert lower.areas["SY04"].alert.level == 0  # 90 < 150
    assert lower.areas["SY04"].alert.max_level1 == 150


def test_alert_level2_not_covered():
    # data start 500 days before D: level 1 (needs 366 + 30 days) can be tested, level 2 cannot
    end = pd.Timestamp("2020-06-30")
    frame, period = _alert_frame(400, first=end - pd.Timedelta(days=500))
    frame = frame[frame["date_earliest"] >= end - pd.Timedelta(days=500)]
    alert = T.event_trends(frame, period, SOURCE).areas["SY04"].alert
    assert (alert.level, alert.window_sum, alert.max_level1, alert.max_level2) == (
        1,
        400,
        150,
        None,
    )
    first_needed = end - pd.Timedelta(days=1096 + 30 - 1)
    assert alert.reason == Message.of(
        "level_untested", level=2, first=pd.Timestamp("2019-02-16"), needed=first_needed
    )
    # a sum under the maximum of the covered year is level 0 whatever level 2 would say
    frame, _ = _alert_frame(120, first=end - pd.Timedelta(days=500))
    frame = frame[frame["date_earliest"] >= end - pd.Timedelta(days=500)]
    assert T.event_trends(frame, period, SOURCE).areas["SY04"].alert.level == 0


def test_events_with_no_governorate_count_nationally_only():
    rows = days("2020-01-01", 90, pcode="SY01")
    rows += [dict(day="2020-03-03", deaths=4), dict(day="2020-03-04", deaths=6, pcode="SY01")]
    trends = T.event_trends(events(rows), WEEK, SOURCE)
    assert trends.areas["all"].counts["events"].value == 7 + 2
    assert trends.areas["SY01"].counts["events"].value == 7 + 1
    assert trends.areas["all"].counts["deaths"].value == 10
    assert trends.unlocated.value == 1
    assert trends.unlocated.notes == (Message.of("deaths_count", deaths=4),)
    assert sum(trends.areas[a].counts["events"].value for a in trends.areas if a != "all") == 8


def test_civilian_deaths_ucdp_and_acled():
    ucdp = events(
        days(
            "2020-02-01",
            40,
            pcode="SY03",
            deaths=3,
            deaths_civilians=1,
            deaths_low=2,
            deaths_high=5,
        )
    )
    area = T.event_trends(ucdp, WEEK, SOURCE).areas["SY03"]
    assert area.counts["civilian_deaths"].value == 7
    assert area.counts["deaths"].text == "21 (14–35)"
    assert area.comparisons[("civilian_deaths", "previous")].reference == 7.0
    acled = events(
        days("2020-02-01", 40, pcode="SY03", deaths=3, civilian_targeting=False)
        + days("2020-03-03", 2, pcode="SY03", deaths=10, civilian_targeting=True)
    )
    area = T.event_trends(acled, WEEK, SOURCE).areas["SY03"]
    assert area.counts["civilian_deaths"].value == 20
    assert area.counts["civilian_deaths"].notes == (
        Message.of("events_flagged_civilian", events=2),
    )
    assert area.counts["deaths"].low is None


def test_parameters_are_checked():
    frame = events(days("2020-01-01", 10, pcode="SY01"))
    with pytest.raises(ParameterError, match="ordered"):
        T.event_trends(frame, WEEK, SOURCE, bands=T.Bands(large_increase=1.0))


def test_cache_follows_the_frame_object():
    frame = events(days("2020-02-01", 40, pcode="SY03"))
    first = T.event_trends(frame, WEEK, SOURCE).areas["SY03"].counts["events"].value
    other = events(days("2020-02-01", 40, pcode="SY03") * 2)
    assert T.event_trends(other, WEEK, SOURCE).areas["SY03"].counts["events"].value == 2 * first
    assert T.event_trends(frame, WEEK, SOURCE).areas["SY03"].counts["events"].value == first
    assert len(frame) == 40  # the input is not changed


def test_an_undated_row_is_left_out():
    rows = days("2020-02-01", 40, pcode="SY03", deaths=2)
    frame = events(rows)
    undated = events([dict(day=None, pcode="SY03", deaths=50)])
    merged = pd.concat([frame, undated], ignore_index=True)
    area = T.event_trends(merged, WEEK, SOURCE).areas["SY03"]
    assert (area.counts["events"].value, area.counts["deaths"].value) == (7, 14)
    assert T.notable(merged, WEEK, "SY03", n=1)["deaths_best"].tolist() == [2]
