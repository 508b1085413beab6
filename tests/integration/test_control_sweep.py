"""The territorial control report over many periods and places, in process (no kernel): the
real ACLED export with OCHA boundaries for a day, a week, a month, a year and several years,
the whole country and one governorate, and the bundled data.

Expected numbers are counted here from the raw files with the csv module; what is checked is
what a reader sees: the blocks' text and the facts of every figure's axes.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from functools import cache

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis import factions
from analysis.data import bundled
from analysis.data.provenance import read_provenance
from analysis.errors import ParameterError
from analysis.metrics import control as metrics
from analysis.metrics.results import Message, Period
from analysis.metrics.time import bin_start, granularity
from analysis.sections import control
from analysis.sections.text import term
from tests.conftest import REPO
from tests.said import numbers_in, read

ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
OCHA = ("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson")
BUNDLED = REPO / "data" / "offensive_2024" / "control_changes.csv"
TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}
ACLED_ADMIN1 = {"all": None, "Idleb": "Idleb", "Al-Hasakeh": "Al Hasakeh"}

PERIODS = {
    "day": ("2019-01-09", "2019-01-09"),
    "quiet day": ("2019-03-02", "2019-03-02"),
    "week": ("2019-10-14", "2019-10-20"),
    "month": ("2019-05-01", "2019-05-31"),
    "year": ("2019-01-01", "2019-12-31"),
    "years": ("2017-01-01", "2023-06-02"),
}
SECTIONS = (
    control.key_figures_section,
    control.map_section,
    control.timeline_section,
    control.front_section,
    control.shares_section,
    control.changes_table_section,
    control.changes_annex_section,
    control.sources_section,
)


@cache
def acled_rows(path: str) -> tuple[dict, ...]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = []
        for r in csv.DictReader(handle):
            if r["sub_event_type"] in TERRITORY:
                r["day"] = dt.datetime.strptime(r["event_date"], "%d %B %Y").date()
                rows.append(r)
        return tuple(rows)


def bundled_rows() -> list[dict]:
    with BUNDLED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for r in rows:
        r["day"] = dt.date.fromisoformat(r["event_date"])
        r["location"], r["actor1"] = r["place"], r["faction_gaining"]
        r["lat"], r["lon"] = r["latitude"], r["longitude"]
    return rows


def in_scope(rows, start, end, admin1=None, column="admin1"):
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return [
        r for r in rows if first <= r["day"] <= last and (admin1 is None or r[column] == admin1)
    ]


@cache
def made(kind: str, start: str, end: str, governorate: str, acled_path: str, ocha_path: str):
    if kind == "acled":
        report = control.load(
            control_path=acled_path,
            boundaries_path=ocha_path,
            start_date=start,
            end_date=end,
            governorate=governorate,
        )
    else:
        report = control.load(
            control_path="bundled",
            boundaries_path="bundled",
            start_date=start,
            end_date=end,
            governorate=governorate,
        )
    blocks = [block for function in SECTIONS for block in function(report)]
    return report, blocks


def text_of(blocks) -> str:
    return "\n".join(repr(b) for b in blocks)


def check_figures(blocks, span: Period) -> int:
    """Every figure is drawn from data and its date axis stays inside the period."""
    count = 0
    for block in blocks:
        if block.kind != "figure":
            continue
        count += 1
        for facts in block.axes:
            assert facts.drawn, f"a figure with nothing drawn: {block!r}"
            if facts.x_dates is not None:
                low, high = facts.x_dates
                assert low >= span.start and high <= span.stop, (facts, span)
    return count


def check_numbers(report, blocks, rows, span: Period) -> None:
    """Places, changes, busiest bin and gains stated in the text equal the results, and the
    results equal counts made here from the raw rows."""
    text = text_of(blocks)
    places = {(r["location"], r["admin1"]) for r in rows}
    headline = {r.key: r for r in control.headlines(report)}["places_changed"]
    if not rows:
        assert "places changed hands" not in text
        assert "No data for" in text
        return
    assert headline.value == len(places)
    noun = "place" if len(places) == 1 else "places"
    assert f"{len(places):,} {noun} changed hands in {report.scope.where}" in text
    noun = "change" if len(rows) == 1 else "changes"
    assert f"({len(rows):,} {noun} of control recorded in" in text
    assert headline.notes == (Message.of("changes_of_control_count", changes=len(rows)),)
    # Time bins add up to the period's changes; the busiest one is stated as counted here.
    freq = granularity(span, "D")
    table = metrics.changes_by_bin(report.period, span, freq)
    assert int(table["changes"].sum()) == len(rows)
    per_bin: dict = {}
    for r in rows:
        start = bin_start(pd.Series([pd.Timestamp(r["day"])]), freq).iloc[0]
        per_bin[start] = per_bin.get(start, 0) + 1
    most = max(per_bin.values())
    busiest = metrics.busiest_bin(report.period, span, freq, report.source)
    assert busiest.value == most
    noun = "change" if most == 1 else "changes"
    assert f"with {most:,} {noun} of control" in text
    # Provincial capitals: a place bearing its own governorate's name.
    capitals = {r.key: r for r in control.headlines(report)}.get("capitals_changed")
    if capitals is not None:
        names = capitals.notes[0]["names"]
        assert f"Provincial capitals among them ({capitals.number}): {', '.join(names)}." in text
        assert capitals.value == len(names)
    # Gains by faction role, counted from the raw actor names.
    gained: dict[str, set] = {}
    for r in rows:
        gained.setdefault(factions.role(r["actor1"]), set()).add((r["location"], r["admin1"]))
    for result in metrics.gained_by(report.period, span, report.source):
        role = result.key.removeprefix("gained_by_")
        assert result.value == len(gained[role])
        assert f"{factions.label(role)} {result.number}" in text


def law_of_cosines_km(lat1, lon1, lat2, lon2, radius=6371.0088):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(
        math.radians(lon2 - lon1)
    )
    return radius * math.acos(max(-1.0, min(1.0, c)))


def _linked(points: list[tuple[float, float]], link: float) -> list[list[int]]:
    """Groups of points linked by chains of points each within ``link`` km of the next
    (breadth-first, with the law of cosines): independent of the metrics' matrix code."""
    groups, seen = [], set()
    for first in range(len(points)):
        if first in seen:
            continue
        seen.add(first)
        group, queue = [], [first]
        while queue:
            i = queue.pop(0)
            group.append(i)
            for j in range(len(points)):
                if j not in seen and law_of_cosines_km(*points[i], *points[j]) <= link:
                    seen.add(j)
                    queue.append(j)
        groups.append(group)
    return groups


def check_front(report, rows, text: str) -> None:
    """The front is one connected advance of one faction: counted here from that faction's
    located rows only (its largest group of gains linked within LINK_KM), from the centroid
    of the advance's first day (its largest linked group that day); the farthest place is
    stated with its support (the advance's changes within SUPPORT_KM)."""
    own: dict[str, list] = {}
    for r in rows:
        if r["lat"] and r["lon"]:
            own.setdefault(factions.role(r["actor1"]), []).append(r)
    if not own:
        return
    front = metrics.front(report.period, report.span, report.freq, report.source)
    located = {k: len({(r["location"], r["admin1"]) for r in v}) for k, v in own.items()}
    candidates = {k: v for k, v in located.items() if k != "other"} or located
    assert front.role in candidates and located[front.role] == max(candidates.values())
    mine = own[front.role]
    points = [(float(r["lat"]), float(r["lon"])) for r in mine]
    groups = _linked(points, metrics.LINK_KM)
    size = max(len(g) for g in groups)
    first_day = min(min(mine[i]["day"] for i in g) for g in groups if len(g) == size)
    tied = [g for g in groups if len(g) == size and min(mine[i]["day"] for i in g) == first_day]
    expected = []
    for group in tied:
        starters = [i for i in group if mine[i]["day"] == first_day]
        linked = _linked([points[i] for i in starters], metrics.LINK_KM)
        biggest = max(len(g) for g in linked)
        start = [starters[i] for i in next(g for g in linked if len(g) == biggest)]
        lat = sum(points[i][0] for i in start) / len(start)
        lon = sum(points[i][1] for i in start) / len(start)
        far = max(group, key=lambda i: law_of_cosines_km(lat, lon, *points[i]))
        support = sum(
            law_of_cosines_km(*points[far], *points[i]) <= metrics.SUPPORT_KM for i in group
        )
        expected.append((law_of_cosines_km(lat, lon, *points[far]), support))
        assert len(front.points) == size
    assert any(
        front.farthest.value == pytest.approx(km, abs=1.01) and front.support.value == n
        for km, n in expected
    ), (front.farthest, front.support, expected)
    assert f"{front.farthest.number} km from it" in text
    noun = "change" if front.support.value == 1 else "changes"
    assert f"with {front.support.value:,} {noun} of control" in text  # the farthest's support
    assert f"the largest connected advance of {factions.label(front.role)}" in text
    separate = len(mine) - size
    assert (front.separate.value if front.separate else 0) == separate


@pytest.mark.parametrize("name", list(PERIODS))
@pytest.mark.parametrize("governorate", list(ACLED_ADMIN1))
def test_acled_sweep(realdata, name, governorate):
    acled, ocha = str(realdata(*ACLED)), str(realdata(*OCHA))
    start, end = PERIODS[name]
    report, blocks = made("acled", start, end, governorate, acled, ocha)
    rows = in_scope(acled_rows(acled), start, end, ACLED_ADMIN1[governorate])
    for r in rows:
        r["lat"], r["lon"] = r["latitude"], r["longitude"]
    span = Period.of(start, end)
    figures = check_figures(blocks, span)
    check_numbers(report, blocks, rows, span)
    text = text_of(blocks)
    if rows:
        check_front(report, rows, text)
        assert figures == 3  # map, pace, front: no shares chart for a user's file
    # A report on the user's file says nothing about the bundled dataset.
    assert "bundled" not in text.lower()
    assert "OCHA COD-AB admin-1 boundaries" in text
    # The changes table is capped, most significant first, and says what it leaves out.
    if len(rows) > 25:  # all of them, those shown, those left out (listed in the annex)
        left = read(blocks).all("control_table_left_out")  # the body's table, then the annex's
        assert numbers_in(left[0].text)[:3] == [len(rows), 25, len(rows) - 25]


def test_a_long_period_counts_only_its_last_year_as_recent(realdata):
    acled, ocha = str(realdata(*ACLED)), str(realdata(*OCHA))
    report, blocks = made("acled", "2017-01-01", "2023-06-02", "all", acled, ocha)
    held = metrics.holders(report.changes, report.span)
    last: dict = {}
    for r in acled_rows(acled):
        last[(r["location"], r["admin1"])] = r["day"]
    recent = [d for d in last.values() if d >= dt.date(2022, 6, 3)]
    assert int((held["age"] == "recent").sum()) == len(recent) < 30
    ages = read(blocks).sentence("control_map_ages").text  # the recent ones: the last year's
    assert len(recent) in numbers_in(ages) and "since 3 June 2022" in ages


def test_acled_2019_map_shows_old_isis_gains_as_last_known_not_current(realdata):
    acled, ocha = str(realdata(*ACLED)), str(realdata(*OCHA))
    report, blocks = made("acled", "2019-01-01", "2019-12-31", "all", acled, ocha)
    held = metrics.holders(report.changes, report.span)
    isis = held[held["holder_role"] == "isis"]
    rows = acled_rows(acled)
    last: dict = {}
    for r in rows:
        if r["day"] <= dt.date(2019, 12, 31):
            last[(r["location"], r["admin1"])] = r  # rows are in date order in the file
    isis_raw = [r for r in last.values() if factions.role(r["actor1"]) == "isis"]
    assert len(isis) == len(isis_raw) > 12  # dozens of places whose last known gain is ISIS's
    in_2019 = [r for r in isis_raw if r["day"].year == 2019]
    assert int((isis["age"] == "recent").sum()) == len(in_2019) < 5
    text = text_of(blocks)
    assert "not current control" in text
    ages = metrics.age_results(held, report.span, report.source)
    older = term("place_age", age="older", **metrics.age_dates(report.span))
    assert older == "before 1 January 2018"  # the first day of the year before the period
    assert f"{ages['older'].value:,} places it is from {older}" in text


@pytest.mark.parametrize(
    ("start", "end", "governorate", "admin1"),
    [
        ("2024-11-27", "2024-12-31", "all", None),
        ("2024-12-01", "2024-12-08", "Hama", "SY05"),
        ("2024-12-06", "2024-12-06", "all", None),
        ("2024-01-01", "2024-01-31", "all", None),
    ],
)
def test_bundled_sweep(start, end, governorate, admin1):
    report, blocks = made("bundled", start, end, governorate, "", "")
    rows = in_scope(bundled_rows(), start, end, admin1, column="admin1_pcode")
    for r in rows:
        r["admin1"] = r["admin1_pcode"]
    span = Period.of(start, end)
    figures = check_figures(blocks, span)
    check_numbers(report, blocks, rows, span)
    text = text_of(blocks)
    if rows:
        check_front(report, rows, text)
        assert figures >= 2  # at least the map and the pace of the changes
    # Each chart is stamped with the date of the data shown, never after the period.
    assert report.as_of == min(span.end, pd.Timestamp("2024-12-31"))


def test_a_separate_advance_never_tops_a_front():
    report, _ = made("bundled", "2024-11-27", "2024-12-31", "all", "", "")
    front = metrics.front(report.period, report.span, report.freq, report.source)
    assert front.role == "hts_moc"
    assert "Abu Kamal" not in set(front.points["place"])
    assert front.farthest.notes[0]["name"] != "Abu Kamal"
    # HTS's Deir ez-Zor (10 Dec), 300 km east of its Idlib-to-Homs advance, is a separate
    # advance: counted, named, never its farthest place.
    assert "Deir ez-Zor" not in set(front.points["place"])
    assert [p for p, _ in front.separate_places] == ["Deir ez-Zor"]
    assert front.farthest.notes[0]["name"] == "Homs"
    # The SDF's Abu Kamal, about 100 km down the Euphrates from Mayadin, is another advance.
    sdf = metrics.front(report.period, report.span, report.freq, report.source, "SDF")
    assert set(sdf.points["place"]) == {"Deir ez-Zor", "Mayadin"}
    assert [p for p, _ in sdf.separate_places] == ["Abu Kamal"]


def test_a_named_front_is_followed_and_an_unknown_one_refused(realdata):
    acled, ocha = str(realdata(*ACLED)), str(realdata(*OCHA))
    params = dict(
        control_path=acled,
        boundaries_path=ocha,
        start_date="2019-10-01",
        end_date="2019-12-31",
        governorate="all",
    )
    report = control.load(**params, front_faction="SDF")
    text = text_of(control.front_section(report))
    rows = [
        r
        for r in in_scope(acled_rows(acled), "2019-10-01", "2019-12-31")
        if factions.role(r["actor1"]) == "sdf" and r["latitude"]
    ]
    points = [(float(r["latitude"]), float(r["longitude"])) for r in rows]
    groups = _linked(points, metrics.LINK_KM)
    size = max(len(g) for g in groups)
    first = min(min(rows[i]["day"] for i in g) for g in groups if len(g) == size)
    group = next(g for g in groups if len(g) == size and min(rows[i]["day"] for i in g) == first)
    starters = [i for i in group if rows[i]["day"] == first]
    linked = _linked([points[i] for i in starters], metrics.LINK_KM)
    start = [starters[i] for i in max(linked, key=len)]
    lat = sum(points[i][0] for i in start) / len(start)
    lon = sum(points[i][1] for i in start) / len(start)
    far = max(law_of_cosines_km(lat, lon, *points[i]) for i in group)
    front = metrics.front(
        report.period, report.span, report.freq, report.source, report.front_faction
    )
    assert front.role == "sdf" and front.named  # the faction chosen, said so
    assert f"the largest connected advance of {factions.label('sdf')}" in text
    assert f"<strong>{round(far):,} km</strong>" not in text  # plain text, no markup
    assert f"{round(far):,} km from it" in text
    with pytest.raises(ParameterError, match="front_faction"):
        control.load(**params, front_faction="Martians")


def test_headline_is_missing_outside_the_file_and_zero_inside_it():
    outside, _ = made("bundled", "2024-01-01", "2024-01-31", "all", "", "")
    found = {r.key: r for r in control.headlines(outside)}
    rows = bundled_rows()
    first, last = min(r["day"] for r in rows), max(r["day"] for r in rows)
    assert found["places_changed"].value is None and found["places_changed"].text == "–"
    as_of = pd.Timestamp(read_provenance(bundled.bundled_path("control_changes.csv")).as_of)
    covered = Period.of(first, max(pd.Timestamp(last), as_of))  # changes, or the file's as-of
    assert found["places_changed"].notes == (Message.of("file_covers", covered=covered),)
    quiet, _ = made("bundled", "2024-12-20", "2024-12-25", "all", "", "")
    assert not in_scope(rows, "2024-12-20", "2024-12-25")
    found = {r.key: r for r in control.headlines(quiet)}
    assert found["places_changed"].value == 0 and "capitals_changed" not in found
