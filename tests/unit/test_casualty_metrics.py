"""Casualty metrics on small frames, each checked against a computation written here."""

import pandas as pd
import pytest

from analysis import data
from analysis.data import bundled
from analysis.data.schema import CASUALTY_EVENTS, conform
from analysis.metrics import casualties as m
from analysis.metrics.results import Message, Period

SOURCE = "test source"


def events(rows):
    """A CASUALTY_EVENTS frame from (earliest, latest, best, low, high, pcode, extra) dicts."""
    frame = pd.DataFrame(rows)
    frame["date_earliest"] = pd.to_datetime(frame["date_earliest"])
    latest = frame["date_latest"] if "date_latest" in frame else frame["date_earliest"]
    frame["date_latest"] = pd.to_datetime(latest).fillna(frame["date_earliest"])
    frame["event_date"] = frame["date_earliest"]
    return conform(frame, CASUALTY_EVENTS)


@pytest.fixture
def ucdp_like():
    return events(
        [
            # one day, inside the first week of March 2017
            dict(
                event_id="a",
                date_earliest="2017-03-06",
                deaths_best=5,
                deaths_low=4,
                deaths_high=9,
                admin1_pcode="SY02",
                date_precision="day",
                side_a="Government of Syria",
                side_b="IS",
                deaths_side_a=1,
                deaths_side_b=2,
                deaths_civilians=2,
                deaths_unknown=0,
                event_type="state-based",
            ),
            # two days, inside the week
            dict(
                event_id="b",
                date_earliest="2017-03-07",
                date_latest="2017-03-08",
                deaths_best=3,
                deaths_low=3,
                deaths_high=3,
                admin1_pcode="SY07",
                date_precision="days",
                side_a="Government of Syria",
                side_b="Syrian insurgents",
                deaths_side_a=0,
                deaths_side_b=3,
                deaths_civilians=0,
                deaths_unknown=0,
                event_type="state-based",
            ),
            # no governorate
            dict(
                event_id="c",
                date_earliest="2017-03-10",
                deaths_best=7,
                deaths_low=6,
                deaths_high=8,
                admin1_pcode=None,
                date_precision="day",
                side_a="IS",
                side_b="Civilians",
                deaths_side_a=0,
                deaths_side_b=0,
                deaths_civilians=7,
                deaths_unknown=0,
                event_type="one-sided",
            ),
            # the whole month: crosses the week's edges
            dict(
                event_id="d",
                date_earliest="2017-03-01",
                date_latest="2017-03-31",
                deaths_best=100,
                deaths_low=90,
                deaths_high=120,
                admin1_pcode="SY02",
                date_precision="month",
                side_a="SDF",
                side_b="IS",
                deaths_side_a=10,
                deaths_side_b=80,
                deaths_civilians=0,
                deaths_unknown=10,
                event_type="state-based",
            ),
            # the next month
            dict(
                event_id="e",
                date_earliest="2017-04-02",
                deaths_best=11,
                deaths_low=11,
                deaths_high=11,
                admin1_pcode="SY02",
                date_precision="day",
                side_a="SDF",
                side_b="IS",
                deaths_side_a=5,
                deaths_side_b=6,
                deaths_civilians=0,
                deaths_unknown=0,
                event_type="state-based",
            ),
        ]
    )


WEEK = Period.of("2017-03-06", "2017-03-12")
MARCH = Period.of("2017-03-01", "2017-03-31")


def test_an_event_counts_only_when_its_whole_span_is_inside(ucdp_like):
    assert list(m.counted(ucdp_like, WEEK)["event_id"]) == ["a", "b", "c"]
    assert list(m.spanning_edges(ucdp_like, WEEK)["event_id"]) == ["d"]
    assert list(m.counted(ucdp_like, MARCH)["event_id"]) == ["a", "b", "c", "d"]


def test_deaths_result_with_range(ucdp_like):
    result = m.deaths(ucdp_like, WEEK, SOURCE)
    assert (result.value, result.low, result.high) == (5 + 3 + 7, 4 + 3 + 6, 9 + 3 + 8)
    assert result.text == "15 (13–20)"
    assert result.period == WEEK and result.as_of == pd.Timestamp("2017-03-10")
    assert m.event_count(ucdp_like, WEEK, SOURCE).value == 3
    assert m.civilian_deaths(ucdp_like, WEEK, SOURCE).value == 2 + 0 + 7


def test_counting_subsets(ucdp_like):
    coarse = m.coarse_dates(ucdp_like, WEEK, SOURCE)
    assert (coarse.events.value, coarse.deaths.value) == (1, 3)
    edges = m.spanning(ucdp_like, WEEK, SOURCE)
    assert (edges.events.value, edges.deaths.value) == (1, 100)
    missing = m.no_governorate(ucdp_like, WEEK, SOURCE)
    assert (missing.events.value, missing.deaths.value) == (1, 7)


def test_daily_bins_keep_spans_apart_and_add_up(ucdp_like):
    binned, apart = m.deaths_by_bin(ucdp_like, WEEK, "D")
    assert len(binned) == 7 and binned["bin_start"].min() == WEEK.start
    by_day = dict(zip(binned["bin_start"].dt.day, binned["deaths_best"], strict=True))
    assert by_day == {6: 5, 7: 0, 8: 0, 9: 0, 10: 7, 11: 0, 12: 0}  # b is not on the 7th
    assert list(apart["deaths_best"]) == [3]
    assert binned["deaths_best"].sum() + apart["deaths_best"].sum() == 15
    spread = m.drawn_apart(ucdp_like, WEEK, "D", SOURCE)  # event b, over the 7th and 8th
    assert (spread.events.value, spread.deaths.value) == (1, 3) and not spread.empty


def test_monthly_bins_hold_the_month_event(ucdp_like):
    spring = Period.of("2017-03-01", "2017-04-30")
    binned, apart = m.deaths_by_bin(ucdp_like, spring, "M")
    assert apart.empty
    assert list(binned["deaths_best"]) == [5 + 3 + 7 + 100, 11]
    assert m.drawn_apart(ucdp_like, spring, "M", SOURCE).empty


def test_weekly_bins_partial_weeks(ucdp_like):
    binned, apart = m.deaths_by_bin(ucdp_like, MARCH, "W")
    # weeks starting on the Monday before 1 March up to the one holding 31 March
    assert binned["bin_start"].iloc[0] == pd.Timestamp("2017-02-27")
    assert binned["deaths_best"].sum() == 15 and list(apart["deaths_best"]) == [100]
    spread = m.drawn_apart(ucdp_like, MARCH, "W", SOURCE)
    assert (spread.events.value, spread.deaths.value) == (1, 100)


def test_by_governorate_type_side(ucdp_like):
    rows = m.counted(ucdp_like, WEEK)
    gov = m.deaths_by_governorate(rows)
    # events with no governorate: a row with no P-code and no name (the section words it)
    names = gov["admin1_name"].fillna("(none)")
    assert dict(zip(names, gov["deaths_best"], strict=True)) == {
        "(none)": 7,
        "Aleppo": 5,
        "Idleb": 3,
    }
    assert gov.loc[gov["admin1_name"].isna(), "admin1_pcode"].isna().all()
    pcodes = rows["admin1_pcode"].dropna()
    mapped = m.deaths_per_governorate(gov, pd.Series([*pcodes, "SY99", "SY99"]))
    assert mapped.get("SY99") == 0  # a governorate of the map without an event: 0, not missing
    assert mapped.drop("SY99").sum() == 8  # events without a governorate are not mapped
    assert set(mapped.index) == {*pcodes, "SY99"}
    kinds = m.deaths_by_type(rows)
    assert dict(zip(kinds["type"], kinds["deaths_best"], strict=True)) == {
        "state-based": 8,
        "one-sided": 7,
    }
    sides = m.deaths_by_side(rows)
    named = sides["side"].fillna(sides["part"])  # a part with no published name: its code
    expected = {"Government of Syria": 1, "IS": 2, "Syrian insurgents": 3, "civilians": 9}
    assert dict(zip(named, sides["deaths"], strict=True)) == expected
    assert set(sides["part"]) <= set(m.SIDE_PARTS)
    assert list(sides.loc[sides["part"] == "civilians", "role"]) == [""]
    assert sides["deaths"].sum() == rows["deaths_best"].sum()
    assert dict(zip(sides["side"], sides["role"], strict=True))["Government of Syria"] == (
        "government"
    )


def test_precision_table(ucdp_like):
    table = m.by_precision(ucdp_like, "date_precision")
    assert list(table["date_precision"]) == ["day", "days", "month"]
    assert list(table["deaths_best"]) == [5 + 7 + 11, 3, 100]
    assert table["events"].sum() == len(ucdp_like)


def test_acled_like_has_no_range_and_roles_count_both_actors():
    acled = events(
        [
            dict(
                event_id="1",
                date_earliest="2018-01-01",
                deaths_best=4,
                side_a="Military Forces of Syria (2000-)",
                side_b="Jaysh al Islam",
            ),
            dict(
                event_id="2",
                date_earliest="2018-01-02",
                deaths_best=6,
                side_a="Opposition Rebels (Syria)",
                side_b=None,
            ),
            dict(
                event_id="3",
                date_earliest="2018-01-03",
                deaths_best=1,
                side_a="Islamic State (Syria)",
                side_b="QSD: Syrian Democratic Forces",
            ),
        ]
    )
    period = Period.of("2018-01-01", "2018-01-31")
    result = m.deaths(acled, period, SOURCE)
    assert result.value == 11 and not result.has_range and result.text == "11"
    assert m.civilian_deaths(acled, period, SOURCE) is None
    roles = m.actor_roles(acled).set_index("role")
    assert roles.loc["government", "deaths_best"] == 4 and roles.loc["sna", "deaths_best"] == 4
    assert roles.loc["other", "events"] == 1 and roles.loc["other", "deaths_best"] == 6
    assert m.unassigned_actors(acled, SOURCE).value == 1


def test_acled_civilian_targeting_flag():
    acled = events(
        [
            dict(event_id="1", date_earliest="2018-01-01", deaths_best=4, civilian_targeting=True),
            dict(event_id="2", date_earliest="2018-01-02", deaths_best=6, civilian_targeting=False),
        ]
    )
    found = m.civilian_deaths(acled, Period.of("2018-01-01", "2018-01-02"), SOURCE)
    assert found.value == 4 and found.label == Message.of("civilian_deaths_targeting")


def test_largest_events_and_top_rows(ucdp_like):
    largest, left_out = m.largest_events(ucdp_like, 2)
    assert list(largest["event_id"]) == ["d", "e"] and left_out == 3
    table = pd.DataFrame({"name": list("abcde"), "deaths": [9, 7, 5, 3, 1]})
    top = m.top_rows(table, "name", 3)
    assert list(top["name"].iloc[:2]) == ["a", "b"] and pd.isna(top["name"].iloc[2])
    assert list(top["others"]) == [0, 0, 3]  # the last row adds up the 3 rows not shown
    assert top["deaths"].sum() == table["deaths"].sum()
    assert list(m.top_rows(table, "name", 5)["others"]) == [0] * 5


def test_date_quality_and_duplicates(ucdp_like):
    frame = ucdp_like.copy()
    frame.loc[0, "copies_dropped"] = 2
    frame.loc[1, "recorded_date"] = pd.Timestamp("2017-03-01")  # recorded before it happened
    assert m.copies_dropped(frame, SOURCE).value == 2
    found = m.date_quality(frame, SOURCE, today=pd.Timestamp("2017-03-20"))
    assert found["future"].value == 1  # e, in April
    assert found["after_record"].value == 1


def test_headline_toll_is_the_latest_offensive_toll():
    tolls = data.read(bundled.bundled_path("casualty_tolls.csv")).frame
    offensive = tolls[(tolls["series"] == "offensive") & tolls["deaths_total"].notna()]
    latest = offensive.sort_values(["as_of_date", "report_date"]).groupby("organisation").tail(1)
    top = latest.sort_values("deaths_total").iloc[-1]
    result = m.headline_toll(tolls)
    assert result.key == "deaths" and result.value == top["deaths_total"] == 910
    assert result.text == "at least 910" and result.as_of == top["as_of_date"]
    civilians = m.headline_civilians(tolls)
    assert civilians.value == top["deaths_civilians"]
    assert m.headline_toll(tolls.iloc[0:0]) is None
