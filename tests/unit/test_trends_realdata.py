"""Change levels and alerts on the real ACLED and UCDP files, against a computation written
here with the csv module from the raw files (skipped when ../shared/realdata is absent; failing
under CI).

The weeks below were found in the data (weekly events against the average of the 4 weeks
before); reuse them for render tests:

- ACLED flare: Idleb, 23-29 December 2019 (the offensive towards Maarat al-Numan): 52 battles
  against an average of 24.75, a large increase.
- ACLED calm: Rural Damascus, 9-15 April 2018 (after Eastern Ghouta): 1 battle against 21.
- UCDP flare: Rural Damascus, 19-25 February 2018 (Eastern Ghouta): 55 events against 19, and a
  level 1 alert (level 2 cannot be tested: the file starts in January 2016).
- UCDP calm: Idleb, 2-8 September 2019 (after the 31 August ceasefire): 3 events against 24.25.
- UCDP level 1 alert with level 2 tested: Idleb, 12-18 August 2019.
- UCDP Aleppo, 12-18 December 2016: the year's baseline and the alert are not covered.
- UCDP Quneitra, 16-22 July 2018: the small-numbers guard (2 events against 1.25).
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache

import pandas as pd
import pytest

from analysis import data
from analysis.metrics import trends as T
from analysis.metrics.results import Message, Period

ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
UCDP = ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")

# (governorate pcode, first day, last day): Monday to Sunday
FLARE_ACLED = ("SY07", "2019-12-23", "2019-12-29")
CALM_ACLED = ("SY03", "2018-04-09", "2018-04-15")
FLARE_UCDP = ("SY03", "2018-02-19", "2018-02-25")
CALM_UCDP = ("SY07", "2019-09-02", "2019-09-08")
ALERT_UCDP = ("SY07", "2019-08-12", "2019-08-18")
EARLY_UCDP = ("SY02", "2016-12-12", "2016-12-18")
GUARDED_UCDP = ("SY14", "2018-07-16", "2018-07-22")

# Names as each file spells them, written out here (not taken from the gazetteer).
ACLED_PCODES = {
    "Damascus": "SY01",
    "Aleppo": "SY02",
    "Rural Damascus": "SY03",
    "Homs": "SY04",
    "Hama": "SY05",
    "Lattakia": "SY06",
    "Idleb": "SY07",
    "Al Hasakeh": "SY08",
    "Deir ez Zor": "SY09",
    "Tartous": "SY10",
    "Ar Raqqa": "SY11",
    "Dara": "SY12",
    "As Sweida": "SY13",
    "Quneitra": "SY14",
}
UCDP_PCODES = {
    "Damascus Governorate": "SY01",
    "Aleppo Governorate": "SY02",
    "Rif Dimashq Governorate": "SY03",
    "Homs Governorate": "SY04",
    "Hamah Governorate": "SY05",
    "Latakia Governorate": "SY06",
    "Idlib Governorate": "SY07",
    "Al Hasakah Governorate": "SY08",
    "Deir ez Zor Governorate": "SY09",
    "Tartus Governorate": "SY10",
    "Ar Raqqah Governorate": "SY11",
    "Daraa Governorate": "SY12",
    "As Suwayda Governorate": "SY13",
    "Quneitra Governorate": "SY14",
}


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


@cache
def raw_acled(path: str) -> list[tuple[int, int, str | None, int, int]]:
    """(first day, last day, pcode, deaths, civilian deaths) per event, days as ordinals.
    ACLED time_precision 1: the day; 2: the day +-3 days; 3: the calendar month."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            day = dt.datetime.strptime(row["event_date"], "%d %B %Y").date()
            precision = row["time_precision"]
            first, last = day, day
            if precision == "2":
                first, last = day - dt.timedelta(days=3), day + dt.timedelta(days=3)
            elif precision == "3":
                first, last = day.replace(day=1), _month_end(day)
            pcode = ACLED_PCODES[row["admin1"]] if row["admin1"] else None
            rows.append((first.toordinal(), last.toordinal(), pcode, int(row["fatalities"]), 0))
    return rows


@cache
def raw_ucdp(path: str) -> list[tuple[int, int, str | None, int, int]]:
    """The same from UCDP GED: date_start..date_end, best, deaths_civilians."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            first = dt.date.fromisoformat(row["date_start"])
            last = dt.date.fromisoformat(row["date_end"] or row["date_start"])
            pcode = UCDP_PCODES[row["adm_1"]] if row["adm_1"] else None
            civilians = int(row["deaths_civilians"] or 0)
            rows.append((first.toordinal(), last.toordinal(), pcode, int(row["best"]), civilians))
    return rows


@cache
def recorded(path: str, kind: str) -> tuple[int, int]:
    """The first and last date the file gives (ordinals): ACLED event_date; UCDP date_start and
    date_end. The file's coverage: the spans read around imprecise dates may reach beyond."""
    days = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if kind == "acled":
                days.append(dt.datetime.strptime(row["event_date"], "%d %B %Y").date())
            else:
                days.append(dt.date.fromisoformat(row["date_start"]))
                days.append(dt.date.fromisoformat(row["date_end"] or row["date_start"]))
    return min(days).toordinal(), max(days).toordinal()


def counts(rows, first: int, last: int) -> tuple[int, int, int]:
    """Events, deaths and civilian deaths whose whole span lies in days first..last."""
    inside = [r for r in rows if r[0] >= first and r[1] <= last]
    return len(inside), sum(r[3] for r in inside), sum(r[4] for r in inside)


def level(current: float, reference: float) -> tuple[str, bool]:
    """Trendfinder's bands and small-numbers guard, written out again."""
    if reference <= 2 and current <= 5:
        return "limited_change", True
    if reference == 0:
        return ("large_increase" if current > 0 else "limited_change"), False
    change = (current - reference) / reference * 100
    if change > 25 + 1e-9:
        return "large_increase", False
    if change > 10 + 1e-9:
        return "moderate_increase", False
    if change < -25 - 1e-9:
        return "large_decrease", False
    return "limited_change", False


def rolling_deaths(rows, end: int, length: int = 30) -> int:
    return counts(rows, end - length + 1, end)[1]


def expected_alert(rows, end: int, data_first: int) -> tuple[int | None, int | None, int | None]:
    """(level, max over the previous 366 days, over 1,096 days): HDX Signals' rule."""
    by_last: dict[int, list] = {}
    for r in rows:
        if r[1] - r[0] < 30:
            by_last.setdefault(r[1], []).append(r)

    def window(day: int) -> int:  # deaths of events inside the 30 days ending on `day`
        return sum(
            r[3] for d in range(day - 29, day + 1) for r in by_last.get(d, []) if r[0] >= day - 29
        )

    total = window(end)
    sums = {d: window(d) for d in range(end - 1096, end)}
    max1 = max(sums[d] for d in range(end - 366, end)) if end - 366 - 29 >= data_first else None
    max2 = max(sums.values()) if end - 1096 - 29 >= data_first else None
    if total < 100:
        return 0, max1, max2
    if max2 is not None and total >= max2:
        return 2, max1, max2
    if max1 is None:
        return None, max1, max2
    return (1 if total >= max1 else 0), max1, max2


CASES = [
    ("acled", FLARE_ACLED),
    ("acled", CALM_ACLED),
    ("acled", ("SY02", "2020-02-24", "2020-03-01")),
    ("acled", ("all", "2020-01-27", "2020-02-02")),
    ("acled", ("SY09", "2017-01-30", "2017-02-05")),  # the file starts on 1 January 2017
    ("ucdp", FLARE_UCDP),
    ("ucdp", CALM_UCDP),
    ("ucdp", ALERT_UCDP),
    ("ucdp", EARLY_UCDP),
    ("ucdp", GUARDED_UCDP),
    ("ucdp", ("all", "2018-02-19", "2018-02-25")),
]


@cache
def _read(path: str):
    return data.read(path).frame


@pytest.mark.parametrize(("kind", "case"), CASES, ids=[f"{k}-{c[0]}-{c[1]}" for k, c in CASES])
def test_week_against_the_raw_file(realdata, kind, case):
    path = str(realdata(*(ACLED if kind == "acled" else UCDP)))
    everything = raw_acled(path) if kind == "acled" else raw_ucdp(path)
    area, start, end = case
    rows = [r for r in everything if area == "all" or r[2] == area]
    data_first, data_last = recorded(path, kind)
    a, b = dt.date.fromisoformat(start).toordinal(), dt.date.fromisoformat(end).toordinal()
    period = Period.of(start, end)

    trends = T.event_trends(_read(path), period, kind)
    assert trends.coverage.first.date().toordinal() == data_first
    assert trends.coverage.last.date().toordinal() == data_last
    got = trends.areas[area]

    current = counts(rows, a, b)
    assert got.counts["events"].value == current[0]
    assert got.counts["deaths"].value == current[1]
    if kind == "ucdp":
        assert got.counts["civilian_deaths"].value == current[2]
    else:
        assert "civilian_deaths" not in got.counts  # the export leaves civilian_targeting empty

    for baseline, blocks in (("previous", 1), ("previous_4", 4), ("previous_year", 52)):
        sums = [counts(rows, a - 7 * j, b - 7 * j) for j in range(1, blocks + 1)]
        covered = a - 7 * blocks >= data_first
        for i, measure in enumerate(T.MEASURES):
            if measure not in got.counts:
                continue
            comparison = got.comparisons[(measure, baseline)]
            assert comparison.current == current[i]
            assert comparison.window == Period.of(
                dt.date.fromordinal(a - 7 * blocks), dt.date.fromordinal(a - 1)
            )
            if not covered:
                assert comparison.level is None and comparison.reference is None
                assert comparison.reason == Message.of(
                    "data_start_in_window",
                    first=trends.coverage.first,
                    needed=comparison.window.start,
                    window="baseline",
                )
                continue
            reference = sum(s[i] for s in sums) / blocks
            assert comparison.reference == pytest.approx(reference)
            assert (comparison.level, comparison.guarded) == level(current[i], reference)

    alert = got.alert
    level_, max1, max2 = expected_alert(rows, b, data_first)
    if b - 29 < data_first:
        assert alert.level is None and alert.window_sum is None
    else:
        assert alert.window_sum == rolling_deaths(rows, b)
        assert (alert.level, alert.max_level1, alert.max_level2) == (level_, max1, max2)


def test_the_named_weeks_say_what_they_are_named_for(realdata):
    acled = _read(str(realdata(*ACLED)))
    ucdp = _read(str(realdata(*UCDP)))

    def at(frame, case, kind):
        return T.event_trends(frame, Period.of(case[1], case[2]), kind).areas[case[0]]

    assert at(acled, FLARE_ACLED, "acled").level("events", "previous_4") == "large_increase"
    assert at(acled, CALM_ACLED, "acled").level("events", "previous_4") == "large_decrease"
    assert at(ucdp, FLARE_UCDP, "ucdp").level("events", "previous_4") == "large_increase"
    assert at(ucdp, FLARE_UCDP, "ucdp").alert.level == 1
    assert at(ucdp, CALM_UCDP, "ucdp").level("events", "previous_4") == "large_decrease"
    assert at(ucdp, ALERT_UCDP, "ucdp").alert.level == 1
    assert at(ucdp, ALERT_UCDP, "ucdp").alert.max_level2 is not None
    early = at(ucdp, EARLY_UCDP, "ucdp")
    assert early.level("deaths", "previous_year") is None
    assert early.alert.level is None and early.alert.reason.key == "level_untested"
    assert early.alert.reason["level"] == 1
    guarded = at(ucdp, GUARDED_UCDP, "ucdp").comparisons[("events", "previous_4")]
    assert guarded.guarded and guarded.level == "limited_change"


def test_series_and_notable_against_the_raw_file(realdata):
    path = str(realdata(*UCDP))
    rows = raw_ucdp(path)
    area, start, end = FLARE_UCDP
    a = dt.date.fromisoformat(start).toordinal()
    series = T.bin_series(_read(path), Period.of(start, end))
    ghouta = [r for r in rows if r[2] == area]
    for j in range(53):
        first = a - 7 * (52 - j)
        assert series[("deaths", area)].iloc[j] == counts(ghouta, first, first + 6)[1]
        assert series[("events", "all")].iloc[j] == counts(rows, first, first + 6)[0]
    top = T.notable(_read(path), Period.of(start, end), area, n=5)
    inside = sorted(
        (r[3] for r in ghouta if r[0] >= a and r[1] <= a + 6),
        reverse=True,
    )
    assert top["deaths_best"].tolist() == inside[:5]


def test_a_period_after_the_exports_last_date_has_no_level(realdata):
    """The ACLED export ends on 2 June 2023; events dated to a week reach 3 days past it, which
    must not make the days after the export look covered (and calm)."""
    path = str(realdata(*ACLED))
    last = dt.date.fromordinal(recorded(path, "acled")[1])
    assert last == dt.date(2023, 6, 2)
    trends = T.event_trends(_read(path), Period.of("2023-06-03", "2023-06-05"), "acled")
    assert trends.coverage.last.date() == last
    for comparison in trends.areas["all"].comparisons.values():
        assert comparison.level is None
        assert comparison.reason == Message.of(
            "period_outside_data", first=trends.coverage.first, last=pd.Timestamp(last)
        )
