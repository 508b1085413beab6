"""One count per number: the trends report's events, deaths and civilian deaths are the
casualties metrics' own, for a sweep of periods and places on the real UCDP GED and ACLED files,
and both equal a count written here with the csv module from the raw file (skipped when
../shared/realdata is absent; failing under CI). The per-day arrays the baselines read are
checked against the casualties metrics on every call: a corrupted array is refused.

The sweep: a day, a week, a month, a year, several years, and periods crossing the file's first
or last day; the country and five governorates (those with the most events, one with few, and
one the ACLED file holds no battle in for some weeks). The counting rule, written out again
here: an event counts in a period when its whole span (UCDP ``date_start``..``date_end``;
ACLED's ``event_date``, widened by ``time_precision``) lies inside the period; an event with no
governorate counts in the country only. The trends' per-day arrays (baselines, alert windows,
the small multiples' bins) are held to the same counts: the alert's 30-day window, the block
before the period (the ``previous`` baseline), and the series' last bin when it is the period
itself.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache

import pytest

from analysis import data
from analysis.errors import AnalysisError
from analysis.gazetteer import by_pcode
from analysis.metrics import casualties as metrics
from analysis.metrics import in_governorate
from analysis.metrics import trends as T
from analysis.metrics.results import Period
from analysis.metrics.trends.days import days_of
from tests.unit.test_trends_events import days, events
from tests.unit.test_trends_realdata import ACLED_PCODES, UCDP_PCODES

ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
UCDP = ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")

PLACES = ("all", "SY02", "SY03", "SY07", "SY09", "SY14")

# (name, first day, last day). UCDP's file runs from 1 January 2016 to 30 November 2019;
# ACLED's from 1 January 2017 to 2 June 2023.
UCDP_PERIODS = [
    ("day", "2018-02-21", "2018-02-21"),
    ("week", "2018-02-19", "2018-02-25"),
    ("month", "2016-12-01", "2016-12-31"),
    ("year", "2017-01-01", "2017-12-31"),
    ("years", "2016-03-15", "2019-06-30"),
    ("before the first day", "2015-12-20", "2016-01-10"),
    ("after the last day", "2019-11-15", "2020-01-31"),
    ("the whole file and more", "2015-01-01", "2020-12-31"),
]
ACLED_PERIODS = [
    ("day", "2019-12-24", "2019-12-24"),
    ("week", "2019-12-23", "2019-12-29"),
    ("month", "2020-02-01", "2020-02-29"),
    ("year", "2018-01-01", "2018-12-31"),
    ("years", "2017-06-01", "2021-05-31"),
    ("before the first day", "2016-12-01", "2017-01-15"),
    ("after the last day", "2023-05-01", "2023-07-31"),
]
CASES = [("ucdp", *p) for p in UCDP_PERIODS] + [("acled", *p) for p in ACLED_PERIODS]


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


@cache
def raw(kind: str, path: str) -> tuple[tuple[int, int, str | None, int, int], ...]:
    """(first day, last day, pcode, deaths, civilian deaths) per row of the raw file, days as
    ordinals. UCDP: date_start..date_end, best, deaths_civilians. ACLED: event_date, widened by
    time_precision (2: three days either side; 3: the calendar month), fatalities; the battles
    export gives no civilian deaths."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if kind == "ucdp":
                first = dt.date.fromisoformat(row["date_start"])
                last = dt.date.fromisoformat(row["date_end"] or row["date_start"])
                pcode = UCDP_PCODES[row["adm_1"]] if row["adm_1"] else None
                deaths, civilians = int(row["best"]), int(row["deaths_civilians"] or 0)
            else:
                day = dt.datetime.strptime(row["event_date"], "%d %B %Y").date()
                first = last = day
                if row["time_precision"] == "2":
                    first, last = day - dt.timedelta(days=3), day + dt.timedelta(days=3)
                elif row["time_precision"] == "3":
                    first, last = day.replace(day=1), _month_end(day)
                pcode = ACLED_PCODES[row["admin1"]] if row["admin1"] else None
                deaths, civilians = int(row["fatalities"]), 0
            rows.append((first.toordinal(), last.toordinal(), pcode, deaths, civilians))
    return tuple(rows)


def by_hand(rows, place: str, period: Period) -> tuple[int, int, int]:
    """Events, deaths and civilian deaths of ``place`` whose whole span lies in ``period``."""
    first, last = period.start.date().toordinal(), period.end.date().toordinal()
    inside = [
        r for r in rows if r[0] >= first and r[1] <= last and (place == "all" or r[2] == place)
    ]
    return len(inside), sum(r[3] for r in inside), sum(r[4] for r in inside)


@cache
def _read(path: str):
    given = data.read(path)
    return given.frame, metrics.coverage_of(given.frame, given.format.title)


def casualties_counts(frame, coverage, place: str, period: Period) -> dict:
    """The casualties report's results for ``place``, selected as it selects them: the events
    overlapping the period in the place and, for a governorate, those with no governorate; with
    the whole file's coverage."""
    overlapping = metrics.overlapping(frame, period)
    given = {"coverage": coverage}
    if place != "all":
        given["unplaced"] = overlapping[overlapping["admin1_pcode"].isna()]
        given["where"] = by_pcode()[place].name
    events = in_governorate(overlapping, place)
    return metrics.period_results(events, period, "test", **given)[metrics.ALL]


@pytest.mark.parametrize(
    ("kind", "name", "start", "end"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_trends_state_the_casualties_counts(realdata, kind, name, start, end):
    path = str(realdata(*(UCDP if kind == "ucdp" else ACLED)))
    (frame, coverage), rows, period = _read(path), raw(kind, path), Period.of(start, end)
    trends = T.event_trends(frame, period, "test", coverage=coverage)
    window = Period(period.end - dt.timedelta(days=29), period.end)
    alert_trends = T.event_trends(frame, window, "test", coverage=coverage)
    series = T.bin_series(frame, period) if period.days <= 31 else None
    stated = 0
    for place in PLACES:
        expected = by_hand(rows, place, period)
        own = trends.areas[place].counts
        theirs = casualties_counts(frame, coverage, place, period)
        measures = ("events", "deaths", "civilian_deaths")
        if kind == "acled":  # the battles export leaves civilian_targeting empty
            assert "civilian_deaths" not in own and "civilian_deaths" not in theirs
            measures = measures[:2]
        for i, measure in enumerate(measures):
            assert own[measure].value == theirs[measure].value == expected[i], (place, measure)
            assert own[measure].disclosures == theirs[measure].disclosures, (place, measure)
            stated += expected[i]
        previous = trends.areas[place].comparisons[("deaths", "previous")]
        if previous.reference is not None:  # the block before, counted as a period is
            before = casualties_counts(frame, coverage, place, period.before(1))
            assert (
                previous.reference
                == before["deaths"].value
                == by_hand(rows, place, previous.window)[1]
            )
        alert = trends.areas[place].alert
        if alert.window_sum is not None:
            assert alert.window == window
            assert alert.window_sum == by_hand(rows, place, window)[1]
            assert alert.window_sum == alert_trends.areas[place].counts["deaths"].value
        if series is not None:  # the last bin of the small multiples is the period itself
            assert series.index[-1] == period.start
            for measure in ("events", "deaths"):
                last = series[(measure, place)].iloc[-1]
                if last == last:  # NaN: the period is not covered by the file
                    assert last == own[measure].value, (place, measure)
    if name in ("week", "month", "year", "years"):
        assert stated > 0  # the sweep states real numbers, not only zeros


def test_events_with_no_governorate_are_the_casualties_disclosure(realdata):
    """The trends' events with no governorate (in the country's count only) are the
    casualties metrics' ``no_governorate`` disclosure of the same period, and the raw file's."""
    path = str(realdata(*UCDP))
    (frame, coverage), rows = _read(path), raw("ucdp", path)
    found = 0
    for start, end in (("2016-01-01", "2016-12-31"), ("2018-01-01", "2019-11-30")):
        period = Period.of(start, end)
        unlocated = T.event_trends(frame, period, "test", coverage=coverage).unlocated
        nowhere = [
            r
            for r in rows
            if r[2] is None
            and r[0] >= period.start.date().toordinal()
            and r[1] <= period.end.date().toordinal()
        ]
        found_in = casualties_counts(frame, coverage, "all", period)["events"]
        disclosed = found_in.disclosure("no_governorate")
        if not nowhere:
            assert unlocated is None and disclosed is None
            continue
        found += 1
        assert unlocated.value == disclosed["events"] == len(nowhere)
    assert found  # the file has events with no governorate: the test states some


def test_arrays_that_count_otherwise_are_refused():
    """The baselines and the alert read per-day arrays; event_trends checks them against the
    casualties metrics' count of the period on every call, so an array that counted otherwise
    could never give a baseline: here one window's sum is changed by hand."""
    frame = events(days("2020-01-01", 70, pcode="SY02", deaths=2))
    week = Period.of("2020-03-02", "2020-03-08")
    trends = T.event_trends(frame, week, "test")
    assert trends.areas["SY02"].counts["deaths"].value == 14
    held = days_of(frame)
    held.rolling(week.days)[1, 0, held.day(week.end)] += 1  # deaths, the country, this week
    with pytest.raises(AnalysisError, match="per-day arrays count 15 deaths in all"):
        T.event_trends(frame, week, "test")
