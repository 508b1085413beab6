"""Series for small multiples and sparklines, notable events and the map's points, on small
frames worked out by hand."""

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError, UnknownGovernorateError
from analysis.metrics import trends as T
from analysis.metrics.results import Period
from tests.unit.test_trends_events import WEEK, days, events


@pytest.fixture
def frame():
    rows = days("2019-01-01", 500, pcode="SY02", deaths=1)  # one event a day in Aleppo
    rows += [
        dict(day="2020-03-03", pcode="SY07", deaths=10),
        dict(day="2020-03-04", deaths=5),  # no governorate
        dict(earliest="2020-03-01", latest="2020-03-02", pcode="SY07", deaths=50),  # crosses
        dict(earliest="2020-02-25", latest="2020-02-27", pcode="SY07", deaths=3),  # inside bin
    ]
    return events(rows)


def test_weekly_bins_end_on_the_period(frame):
    series = T.bin_series(frame, WEEK)
    assert len(series) == 53  # the period and the 52 weeks before it
    assert series.index[-1] == WEEK.start and series.index[0] == pd.Timestamp("2019-03-04")
    assert series.index.name == "bin_start"
    assert list(series.columns.levels[0]) == ["deaths", "events"]
    assert series[("events", "SY02")].iloc[-1] == 7
    assert series[("deaths", "SY07")].iloc[-1] == 10  # the crossing event is in no bin
    assert series[("deaths", "SY07")].iloc[-2] == 3
    assert series[("deaths", "all")].iloc[-1] == 7 + 10 + 5
    assert series[("events", "all")].iloc[-2] == 7 + 1
    assert series[("events", "SY14")].sum() == 0
    # 2019-03-04 .. 2020-03-08: every day has its Aleppo event
    assert series[("events", "SY02")].sum() == 53 * 7


def test_bins_the_data_do_not_cover_are_missing_not_zero(frame):
    series = T.bin_series(frame, Period.of("2019-01-07", "2019-01-13"))
    values = series[("events", "SY02")]
    # the data start on Tuesday 1 January 2019: the week from Monday 31 December is not covered
    assert values.isna().tolist() == [True] * 52 + [False]
    assert values.iloc[-1] == 7
    late = T.bin_series(frame, Period.of("2020-05-11", "2020-05-17"))  # data end on 2020-05-14
    assert np.isnan(late[("events", "SY02")].iloc[-1])
    monthly = T.bin_series(frame, Period.of("2019-01-01", "2019-12-31"), "M", lookback_days=60)
    assert monthly[("events", "SY02")].isna().tolist() == [True, True] + [False] * 12


def test_daily_and_calendar_bins(frame):
    daily = T.bin_series(frame, WEEK, "D", lookback_days=3)
    assert daily.index[0] == pd.Timestamp("2020-02-28") and len(daily) == 10
    assert daily[("deaths", "SY07")].tolist() == [0] * 4 + [10] + [0] * 5
    # a quarter by months: the last month stops at the period's end
    quarter = Period.of("2020-01-01", "2020-03-04")
    monthly = T.bin_series(frame, quarter, "M", lookback_days=31)
    assert list(monthly.index) == list(pd.date_range("2019-12-01", "2020-03-01", freq="MS"))
    assert monthly[("events", "SY02")].tolist() == [31, 31, 29, 4]
    assert monthly[("deaths", "SY07")].tolist() == [0, 0, 3, 60]  # 1-2 March is inside March
    assert monthly[("deaths", "all")].iloc[-1] == 4 + 60 + 5
    auto = T.bin_series(frame, quarter)  # 65 days + 364: by week (Mondays)
    assert len(auto.index) and all(day.day_of_week == 0 for day in auto.index)
    with pytest.raises(ParameterError, match="freq"):
        T.bin_series(frame, WEEK, "Q")


def test_notable(frame):
    extra = events(
        [
            dict(day="2020-03-05", pcode="SY07", deaths=10, location="B"),
            dict(day="2020-03-02", pcode="SY07", deaths=10, location="A"),
            dict(day="2020-03-06", pcode="SY07", deaths=2, location="C"),
            dict(day="2019-01-01", pcode="SY02"),
        ]
    )
    merged = pd.concat([frame, extra], ignore_index=True)
    top = T.notable(merged, WEEK, "Idleb", n=3)
    assert list(top.columns) == list(T.NOTABLE_COLUMNS)
    assert top["deaths_best"].tolist() == [10, 10, 10]
    assert top["date_earliest"].tolist() == [
        pd.Timestamp("2020-03-02"),
        pd.Timestamp("2020-03-03"),
        pd.Timestamp("2020-03-05"),
    ]
    assert top["notes_text"].tolist() == ["", "", ""]
    everything = T.notable(merged, WEEK)
    assert len(everything) == 10 and everything["deaths_best"].iloc[0] == 10
    assert 50 not in everything["deaths_best"].tolist()  # crosses the period's start
    assert T.notable(merged, WEEK, "SY14").empty
    with pytest.raises(UnknownGovernorateError):
        T.notable(merged, WEEK, "Atlantis")


def test_located_events():
    homs = dict(latitude=34.7, longitude=36.7, location="Homs")
    frame = events(
        [
            *days("2020-02-01", 40, pcode="SY04", deaths=1, place_precision="exact place", **homs),
            dict(
                day="2020-03-03",
                pcode="SY04",
                deaths=5,
                latitude=34.7,
                longitude=36.7,
                location="Homs",
                place_precision="near a place",
            ),
            dict(
                day="2020-03-04",
                pcode="SY04",
                deaths=9,
                latitude=34.5,
                longitude=37.0,
                location="Palmyra",
            ),  # no precision given, coordinates: drawn
            dict(
                day="2020-03-05",
                pcode="SY04",
                deaths=20,
                latitude=34.6,
                longitude=37.5,
                location="Homs governorate",
                place_precision="governorate",
            ),
            dict(day="2020-03-06", pcode="SY04", deaths=4, location="somewhere"),  # no point
            dict(
                day="2020-03-06",
                pcode="SY05",
                deaths=100,
                latitude=35.1,
                longitude=36.7,
                location="Hama",
                place_precision="exact place",
            ),
        ]
    )
    points, imprecise_events, imprecise_deaths = T.located_events(frame, WEEK, "SY04", source="S")
    assert list(points.columns) == list(T.POINT_COLUMNS)
    assert points.to_dict("records") == [
        dict(latitude=34.7, longitude=36.7, location="Homs", events=8, deaths=12),
        dict(latitude=34.5, longitude=37.0, location="Palmyra", events=1, deaths=9),
    ]
    assert (imprecise_events.value, imprecise_deaths.value) == (2, 24)
    assert imprecise_events.source == "S" and imprecise_events.period == WEEK
    country, _, _ = T.located_events(frame, WEEK)
    assert country["deaths"].tolist() == [100, 12, 9]
