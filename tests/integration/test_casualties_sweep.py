"""The casualties report over the real UCDP GED and ACLED files, for a day, a week, a month, a
year and several years, the whole country and one governorate; in-process (no kernel).

Every total is checked against an independent count from the raw file read with the csv
module, following the codebooks: UCDP events happen somewhere in date_start..date_end; ACLED
events on their day (time_precision 1), in the week centred on it (2) or in its month (3). An
event counts in a period when its whole span lies inside it.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt

import pytest

from analysis.metrics import casualties as metrics
from analysis.metrics.results import Period
from analysis.sections import casualties as section

pytestmark = pytest.mark.realdata

UCDP = ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
ALEPPO = {"UCDP": "Aleppo Governorate", "ACLED": "Aleppo"}

PERIODS = {
    "UCDP": [
        ("2017-03-08", "2017-03-08"),
        ("2017-03-06", "2017-03-12"),
        ("2017-03-01", "2017-03-31"),
        ("2017-01-01", "2017-12-31"),
        ("2016-01-01", "2019-11-30"),
    ],
    "ACLED": [
        ("2018-02-20", "2018-02-20"),
        ("2018-02-19", "2018-02-25"),
        ("2018-02-01", "2018-02-28"),
        ("2018-01-01", "2018-12-31"),
        ("2017-01-01", "2023-06-02"),
    ],
}


def _day(text: str) -> dt.date:
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.strptime(text, "%d %B %Y").date()


def _raw(path, kind):
    """(first day, last day, deaths, low, high, civilians, governorate, id) per raw row."""
    out = []
    with open(path, encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if kind == "UCDP":
                first, last = _day(r["date_start"]), _day(r["date_end"])
                out.append(
                    (
                        first,
                        last,
                        int(r["best"]),
                        int(r["low"]),
                        int(r["high"]),
                        int(r["deaths_civilians"]),
                        r["adm_1"],
                        r["id"],
                    )
                )
            else:
                day, precision = _day(r["event_date"]), r["time_precision"]
                if precision == "2":
                    first, last = day - dt.timedelta(days=3), day + dt.timedelta(days=3)
                elif precision == "3":
                    first = day.replace(day=1)
                    last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
                else:
                    first = last = day
                out.append(
                    (
                        first,
                        last,
                        int(r["fatalities"]),
                        None,
                        None,
                        None,
                        r["admin1"],
                        r["event_id_cnty"],
                    )
                )
    return out


@pytest.fixture(scope="module")
def files(request):
    from tests.conftest import REALDATA, _need

    found = {}
    for kind, parts in (("UCDP", UCDP), ("ACLED", ACLED)):
        path = _need(REALDATA.joinpath(*parts))
        found[kind] = (str(path), _raw(path, kind))
    return found


def _expected(rows, start, end, place):
    start, end = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    chosen = [r for r in rows if start <= r[0] and r[1] <= end and (place is None or r[6] == place)]
    crossing = [
        r
        for r in rows
        if r[1] >= start
        and r[0] <= end
        and not (start <= r[0] and r[1] <= end)
        and (place is None or r[6] == place)
    ]
    return chosen, crossing


def _blocks(report):
    return [
        *section.key_figures(report),
        *section.deaths_section(report),
        *section.comparison_section(report),
        *section.sources_section(report),
    ]


CASES = [
    (kind, start, end, governorate)
    for kind in ("UCDP", "ACLED")
    for start, end in PERIODS[kind]
    for governorate in ("all", "Aleppo")
]


@pytest.mark.parametrize(("kind", "start", "end", "governorate"), CASES)
def test_report_over_real_files(files, kind, start, end, governorate):
    path, rows = files[kind]
    report = section.load(
        casualties_path=path, start_date=start, end_date=end, governorate=governorate
    )
    period = Period.of(start, end)
    place = None if governorate == "all" else ALEPPO[kind]
    chosen, crossing = _expected(rows, start, end, place)
    found = {r.key: r for r in section.headlines(report)}

    # totals against the raw file
    assert found["deaths"].value == sum(r[2] for r in chosen)
    assert found["events"].value == len(chosen)
    if kind == "UCDP":
        assert (found["deaths"].low, found["deaths"].high) == (
            sum(r[3] for r in chosen),
            sum(r[4] for r in chosen),
        )
        assert found["civilian_deaths"].value == sum(r[5] for r in chosen)
    else:
        assert not found["deaths"].has_range and "civilian_deaths" not in found
    edges = metrics.spanning(report.events, period, report.source)
    assert (edges.events.value, edges.deaths.value) == (
        len(crossing),
        sum(r[2] for r in crossing),
    )

    # the chart's bins and the events drawn apart add up to the period's total
    binned, apart = metrics.deaths_by_bin(report.events, period, report.freq)
    assert binned["deaths_best"].sum() + apart["deaths_best"].sum() == found["deaths"].value
    assert binned["bin_start"].min() <= period.start and binned["bin_start"].max() <= period.end
    if period.days <= 92:
        assert report.freq == "D"

    # sub-periods: the two halves plus the events spanning the split add up to the period
    if period.days > 1:
        middle = period.start + (period.end - period.start) / 2
        halves = [
            Period(period.start, middle.normalize()),
            Period(middle.normalize() + dt.timedelta(days=1), period.end),
        ]
        parts = sum(metrics.deaths(report.events, h, "").value for h in halves)
        across = metrics.counted(report.events, period)
        across = across[
            (across["date_earliest"] <= halves[0].end) & (across["date_latest"] >= halves[1].start)
        ]
        assert parts + int(across["deaths_best"].sum()) == found["deaths"].value

    blocks = _blocks(report)
    text = "\n".join(repr(b) for b in blocks)
    # numbers in the text are the results'
    if chosen:
        assert [b for b in blocks if b.kind == "figure" and b.axes]  # something was drawn
        word = "event" if len(chosen) == 1 else "events"
        assert f"{found['events'].number} {word} with {found['deaths'].number} deaths" in text
        if kind == "UCDP":
            assert f"range {found['deaths'].low:,} to {found['deaths'].high:,}" in text
        else:
            assert "no range" in text and "low–high" not in text.replace("no range", "")
    else:
        assert "No data for" in text
        assert not [b for b in blocks if b.kind == "figure"]
    # an event report says nothing about the bundled 2024 tolls
    assert "SOHR:" not in text and "2024" not in text and "offensive" not in text
    # every figure drawn, every date axis inside the period
    for block in blocks:
        for axes in block.axes:
            assert axes.drawn, (block, axes)
            if axes.x_dates is not None:
                low, high = axes.x_dates
                assert period.start <= low and high <= period.stop, (axes, period)
    # per-event table: deadliest first, capped, says how many are left out
    if len(chosen) > 10:
        assert f"{len(chosen) - 10:,} other events are left out" in text


def test_ucdp_coarse_dates_hold_28_percent_of_deaths(files):
    """In the UCDP file, events dated only to a month or a year hold about 28% of deaths; the
    report counts them by their span, never on their first day."""
    path, rows = files["UCDP"]
    report = section.load(
        casualties_path=path, start_date="2016-01-01", end_date="2019-12-31", governorate="all"
    )
    table = metrics.by_precision(report.events, "date_precision").set_index("date_precision")
    coarse = int(table.loc[["month", "year"], "deaths_best"].sum())
    assert round(100 * coarse / sum(r[2] for r in rows)) == 28
    # the 8,179 deaths dated only to 2016 are not on 1 January 2016 in a daily chart
    january = Period.of("2016-01-01", "2016-01-31")
    binned, _ = metrics.deaths_by_bin(report.events, january, "D")
    first = [r for r in rows if r[0] == dt.date(2016, 1, 1) and r[1] == dt.date(2016, 1, 1)]
    assert binned["deaths_best"].iloc[0] == sum(r[2] for r in first)


def test_map_uses_the_reports_boundaries(files, realdata):
    """The deaths-by-governorate map is drawn on the boundaries_path given (OCHA COD-AB here),
    with its attribution in the footnote (the publisher's name, never the file's), and covers
    the same deaths as the table."""
    boundaries = realdata("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson")
    path, _ = files["UCDP"]
    report = section.load(
        casualties_path=path,
        start_date="2017-03-01",
        end_date="2017-03-31",
        governorate="all",
        boundaries_path=str(boundaries),
    )
    import base64
    import re

    blocks = section.body(report)
    maps = [b for b in blocks if b.kind == "figure" and "Map of Syria" in repr(b)]
    assert len(maps) == 1
    image = re.search(r'base64,([^"]+)"', maps[0].data).group(1)
    svg = base64.b64decode(image).decode("utf-8")
    assert "OCHA COD-AB" in svg and "Natural Earth" not in svg
    assert boundaries.name not in svg
