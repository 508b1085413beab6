"""Change and alerts from monthly aggregates, on a small frame worked out by hand.

Aleppo (SY02): political violence 5 events a month, fatalities 10, 20, ..., 240 from January
2019 to December 2020; civilian targeting 1 fatality a month. Idleb (SY07): 2 events and 100
fatalities a month, no civilian targeting rows.
"""

import pandas as pd
import pytest

from analysis.data.schema import CASUALTY_AGGREGATES, conform
from analysis.metrics import trends as T
from analysis.metrics.results import Message, Period

SOURCE = "ACLED via HDX"
MONTHS = pd.date_range("2019-01-01", "2020-12-01", freq="MS")
ALEPPO = [10 * (i + 1) for i in range(len(MONTHS))]


def aggregates(series=("political_violence", "civilian_targeting", "demonstrations")):
    rows = []
    for i, month in enumerate(MONTHS):
        for series_name in series:
            if series_name == "political_violence":
                rows.append(("SY02", series_name, 5, ALEPPO[i], month))
                rows.append(("SY07", series_name, 2, 100, month))
            elif series_name == "civilian_targeting":
                rows.append(("SY02", series_name, 1, 1, month))
            else:
                rows.append(("SY02", series_name, 3, None, month))
    frame = pd.DataFrame(rows, columns=["admin1_pcode", "series", "events", "fatalities", "month"])
    frame["admin1_name"] = frame["admin1_pcode"].map({"SY02": "Aleppo", "SY07": "Idleb"})
    frame["source"] = SOURCE
    return conform(frame, CASUALTY_AGGREGATES)


def index(month):
    return list(MONTHS).index(pd.Timestamp(month))


def test_one_month_against_its_baselines():
    trends = T.aggregate_trends(aggregates(), Period.of("2020-03-01", "2020-03-31"), SOURCE)
    assert trends.monthly and trends.coverage == T.Coverage(
        pd.Timestamp("2019-01-01"), pd.Timestamp("2020-12-31")
    )
    aleppo = trends.areas["SY02"]
    march = index("2020-03-01")
    assert aleppo.counts["deaths"].value == ALEPPO[march] == 150
    assert aleppo.counts["events"].value == 5
    assert aleppo.counts["civilian_deaths"].value == 1
    assert aleppo.counts["deaths"].label == Message.of(
        "series_fatalities", series="political_violence"
    )
    assert aleppo.counts["deaths"].notes == (Message.of("months_counted_whole", months=1),)
    previous = aleppo.comparisons[("deaths", "previous")]
    assert previous.reference == ALEPPO[march - 1]
    assert previous.window == Period.of("2020-02-01", "2020-02-29")
    assert previous.level == "limited_change"  # 150 against 140: +7.1%
    four = aleppo.comparisons[("deaths", "previous_4")]
    assert four.reference == sum(ALEPPO[march - 4 : march]) / 4 == 125
    assert (four.change_pct, four.level) == (20.0, "moderate_increase")
    year = aleppo.comparisons[("deaths", "previous_year")]
    assert year.reference == sum(ALEPPO[march - 12 : march]) / 12 == 85
    assert year.level == "large_increase"
    assert year.window == Period.of("2019-03-01", "2020-02-29")
    # the country adds Idleb's 100 a month
    country = trends.areas["all"]
    assert country.counts["deaths"].value == 250
    assert country.comparisons[("deaths", "previous")].reference == 240
    assert trends.areas["SY14"].counts["civilian_deaths"].value == 0  # the file counts them
    assert trends.areas["SY07"].counts["events"].value == 2


def test_several_months_and_a_month_started_before_the_period():
    quarter = T.aggregate_trends(aggregates(), Period.of("2020-01-01", "2020-03-31"), SOURCE)
    aleppo = quarter.areas["SY02"]
    jan = index("2020-01-01")
    assert aleppo.counts["deaths"].value == sum(ALEPPO[jan : jan + 3])
    assert aleppo.comparisons[("deaths", "previous")].reference == sum(ALEPPO[jan - 3 : jan])
    assert aleppo.comparisons[("deaths", "previous_4")].reference == sum(ALEPPO[jan - 12 : jan]) / 4
    assert aleppo.comparisons[("deaths", "previous_year")].reference == pytest.approx(
        sum(ALEPPO[jan - 12 : jan]) / 12 * 3
    )
    assert aleppo.comparisons[("deaths", "previous_4")].window == Period.of(
        "2019-01-01", "2019-12-31"
    )
    # 15 February to 31 March holds the ends of February and March: both, counted whole
    odd = T.aggregate_trends(aggregates(), Period.of("2020-02-15", "2020-03-31"), SOURCE)
    deaths = odd.areas["SY02"].counts["deaths"]
    assert deaths.value == ALEPPO[index("2020-02-01")] + ALEPPO[index("2020-03-01")]
    assert deaths.period == Period.of("2020-02-01", "2020-03-31")
    assert deaths.notes == (Message.of("months_counted_whole", months=2),)
    whole = deaths.disclosure("whole_month")
    assert (whole["month"], whole["start"]) == (pd.Timestamp("2020-02-01"), odd.period.start)


def test_a_period_holding_no_month_end():
    week = T.aggregate_trends(aggregates(), Period.of("2020-03-09", "2020-03-15"), SOURCE)
    aleppo = week.areas["SY02"]
    assert aleppo.counts == {} and aleppo.comparisons == {}  # nothing counted: nothing stated
    assert aleppo.level("deaths") is None
    assert aleppo.alert.level is None and aleppo.alert.reason == Message.of("no_month_ends")


def test_baseline_before_the_data():
    trends = T.aggregate_trends(aggregates(), Period.of("2019-03-01", "2019-03-31"), SOURCE)
    aleppo = trends.areas["SY02"]
    assert aleppo.level("deaths", "previous") == "large_increase"  # 30 against 20: +50%
    four = aleppo.comparisons[("deaths", "previous_4")]
    assert four.level is None
    assert four.reason == Message.of(
        "data_start_in_window",
        first=pd.Timestamp("2019-01-01"),
        needed=pd.Timestamp("2018-11-01"),
        window="baseline",
    )
    outside = T.aggregate_trends(aggregates(), Period.of("2021-03-01", "2021-03-31"), SOURCE)
    assert outside.areas["SY02"].comparisons[("deaths", "previous")].reason == Message.of(
        "period_outside_data", first=pd.Timestamp("2019-01-01"), last=pd.Timestamp("2020-12-31")
    )


def test_monthly_alert():
    march = T.aggregate_trends(aggregates(), Period.of("2020-03-01", "2020-03-31"), SOURCE)
    alert = march.areas["SY02"].alert
    assert alert.monthly and alert.window == Period.of("2020-03-01", "2020-03-31")
    # 150 is at or above the largest of the previous 12 months (140): level 1; level 2 needs
    # 36 months before March 2020, from March 2017
    assert (alert.level, alert.window_sum, alert.max_level1, alert.max_level2) == (
        1,
        150,
        140,
        None,
    )
    assert alert.reason == Message.of(
        "level_untested",
        level=2,
        first=pd.Timestamp("2019-01-01"),
        needed=pd.Timestamp("2017-03-01"),
    )
    # Idleb: 100 a month, equal to its maximum and not under the minimum of 100: level 1
    assert march.areas["SY07"].alert.level == 1
    # Idleb with a minimum of 101: no alert
    higher = T.aggregate_trends(
        aggregates(), Period.of("2020-03-01", "2020-03-31"), SOURCE, rule=T.AlertRule(minimum=101)
    )
    assert higher.areas["SY07"].alert.level == 0
    # January 2019 (no earlier month): level 1 cannot be tested; Aleppo's 10 is under 100
    first = T.aggregate_trends(aggregates(), Period.of("2019-01-01", "2019-01-31"), SOURCE)
    assert first.areas["SY02"].alert.level == 0
    assert first.areas["all"].alert.level is None
    assert first.areas["all"].alert.reason.key == "level_untested"
    assert first.areas["all"].alert.reason["level"] == 1


def test_series_absent_from_the_file():
    only_violence = aggregates(series=("political_violence",))
    trends = T.aggregate_trends(only_violence, Period.of("2020-03-01", "2020-03-31"), SOURCE)
    assert "civilian_deaths" not in trends.areas["SY02"].counts
    only_civilians = aggregates(series=("civilian_targeting",))
    trends = T.aggregate_trends(only_civilians, Period.of("2020-03-01", "2020-03-31"), SOURCE)
    assert set(trends.areas["SY02"].counts) == {"civilian_deaths"}
    assert trends.areas["SY02"].alert.level is None


def test_aggregate_series():
    series = T.aggregate_series(aggregates(), Period.of("2020-03-01", "2020-03-31"))
    assert list(series.index) == list(pd.date_range("2019-03-01", "2020-03-01", freq="MS"))
    assert (
        series[("deaths", "SY02")].tolist() == ALEPPO[index("2019-03-01") : index("2020-03-01") + 1]
    )
    assert series[("deaths", "all")].iloc[-1] == 250
    assert series[("events", "SY07")].tolist() == [2] * 13
    # a week: the last month ending before it, and the 12 before
    week = T.aggregate_series(aggregates(), Period.of("2020-03-09", "2020-03-15"))
    assert week.index[-1] == pd.Timestamp("2020-02-01") and len(week) == 13
    empty = T.aggregate_series(
        aggregates(series=("civilian_targeting",)), Period.of("2020-03-01", "2020-03-31")
    )
    assert empty.isna().all().all()
    first = aggregates()["month"].min()
    early = T.aggregate_series(aggregates(), Period.of(first, first + pd.offsets.MonthEnd(0)))
    before = early.index < first  # months before the file: missing, never a zero
    assert early[("deaths", "all")][before].isna().all() and before.sum() == 12
    assert early[("deaths", "all")][~before].notna().all()


def test_rows_with_no_governorate_count_nationally():
    frame = aggregates()
    extra = conform(
        pd.DataFrame(
            {
                "month": [pd.Timestamp("2020-03-01")],
                "series": ["political_violence"],
                "events": [4],
                "fatalities": [7],
                "source": [SOURCE],
            }
        ),
        CASUALTY_AGGREGATES,
    )
    merged = pd.concat([frame, extra], ignore_index=True)
    trends = T.aggregate_trends(merged, Period.of("2020-03-01", "2020-03-31"), SOURCE)
    assert trends.areas["all"].counts["deaths"].value == 250 + 7
    assert trends.areas["SY02"].counts["deaths"].value == 150
    assert (trends.unlocated.value, trends.unlocated.notes) == (
        4,
        (Message.of("fatalities_count", deaths=7),),
    )
    assert (
        T.aggregate_trends(frame, Period.of("2020-03-01", "2020-03-31"), SOURCE).unlocated is None
    )
