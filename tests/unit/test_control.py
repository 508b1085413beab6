"""Control metrics on small frames, each against an independent computation: last known
holders and their age, places changed, capitals, pace, one front, the table order, shares."""

import csv
import itertools
import math
from pathlib import Path

import pandas as pd
import pytest

from analysis import data
from analysis.data import bundled
from analysis.data.schema import CONTROL_CHANGES, conform
from analysis.errors import ParameterError
from analysis.metrics import control
from analysis.metrics.results import Message, Period

ALEPPO = (36.20124, 37.16117)
HAMA = (35.13179, 36.75783)
DEIR_EZ_ZOR = (35.33588, 40.14084)


def changes(*rows):
    """A CONTROL_CHANGES frame from (date, place, pcode, lat, lon, gaining, losing) tuples."""
    columns = ["event_date", "place", "admin1_pcode", "latitude", "longitude"]
    columns += ["faction_gaining", "faction_losing"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    frame["event"] = "captured"
    return conform(frame, CONTROL_CHANGES)


DEIR = changes(
    ("2024-12-06", "Deir ez-Zor", "SY09", *DEIR_EZ_ZOR, "SDF", "SAA"),
    ("2024-12-10", "Deir ez-Zor", "SY09", *DEIR_EZ_ZOR, "MOC (HTS-led)", "SDF"),
    ("2024-12-05", "Hama", "SY05", *HAMA, "HTS-led MOC", "SAA"),
    ("2024-12-06", "Deir ez-Zor military airport", "SY09", None, None, "SDF", "SAA"),
)


def law_of_cosines_km(a, b, radius=6371.0088):
    """Great-circle distance by the spherical law of cosines (not the haversine formula)."""
    (lat1, lon1), (lat2, lon2) = [(math.radians(x), math.radians(y)) for x, y in (a, b)]
    cos_angle = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(
        lon2 - lon1
    )
    return radius * math.acos(cos_angle)


def test_holder_follows_a_place_that_changed_hands_twice():
    on_8 = control.holder_at(DEIR, "2024-12-08").set_index("place")
    assert on_8.loc["Deir ez-Zor", "holder"] == "SDF"
    assert on_8.loc["Deir ez-Zor", "holder_role"] == "sdf"
    assert on_8.loc["Deir ez-Zor", "changes"] == 1
    on_10 = control.holder_at(DEIR, "2024-12-10").set_index("place")  # the end day counts
    assert on_10.loc["Deir ez-Zor", "holder"] == "MOC (HTS-led)"
    assert on_10.loc["Deir ez-Zor", "holder_role"] == "hts_moc"
    assert on_10.loc["Deir ez-Zor", "changes"] == 2
    assert on_10.loc["Deir ez-Zor", "last_change"] == pd.Timestamp("2024-12-10")
    assert len(on_10) == 3  # one row per place, whatever the number of changes


def test_holder_before_any_change_is_empty_and_places_appear_as_they_change():
    assert control.holder_at(DEIR, "2024-12-04").empty
    assert list(control.holder_at(DEIR, "2024-12-05")["place"]) == ["Hama"]


def test_places_without_coordinates_are_kept_and_flagged():
    held = control.holder_at(DEIR, "2024-12-31").set_index("place")
    assert not held.loc["Deir ez-Zor military airport", "has_coordinates"]
    assert held.loc["Deir ez-Zor", "has_coordinates"]
    assert held["has_coordinates"].sum() == 2


def test_same_name_in_two_governorates_is_two_places():
    frame = changes(
        ("2024-12-03", "Suran", "SY05", 35.29, 36.75, "HTS-led MOC", "SAA"),
        ("2024-12-07", "Suran", "SY02", 36.10, 37.00, "SNA", "SDF"),
    )
    held = control.holder_at(frame, "2024-12-31")
    assert sorted(held["admin1_pcode"]) == ["SY02", "SY05"]
    assert control.places_changed(frame) == 2


def test_changed_since_marks_places_whose_last_change_is_in_the_period():
    held = control.holder_at(DEIR, "2024-12-31", since="2024-12-06").set_index("place")
    assert not held.loc["Hama", "changed_since"]
    assert held.loc["Deir ez-Zor", "changed_since"]


def test_places_by_gaining_role_counts_a_place_taken_twice_for_each_role():
    table = control.places_by_gaining_role(DEIR).set_index("gaining_role")
    assert list(table.index) == ["hts_moc", "sdf"]  # legend order
    assert table.loc["hts_moc", "places"] == 2  # Hama, Deir ez-Zor
    assert table.loc["sdf", "places"] == 2  # Deir ez-Zor, its airport
    assert control.places_changed(DEIR) == 3


def test_changes_by_bin_add_up_and_quiet_bins_are_zero():
    frame = changes(
        ("2024-12-01", "A", "SY02", 36.0, 37.0, "SNA", "SAA"),
        ("2024-12-01", "B", "SY02", 36.1, 37.1, "SNA", "SAA"),
        ("2024-12-01", "B", "SY02", 36.1, 37.1, "SNA", "SAA"),  # same place, same day
        ("2024-12-03", "C", "SY05", 35.1, 36.7, "HTS-led MOC", "SAA"),
        ("2024-12-20", "D", "SY05", 35.1, 36.7, "HTS-led MOC", "SAA"),  # after the period
    )
    span = Period.of("2024-11-30", "2024-12-04")
    table = control.changes_by_bin(frame, span, "D")
    wide = table.pivot(index="bin_start", columns="gaining_role", values="changes")
    assert list(wide.index) == list(pd.date_range("2024-11-30", "2024-12-04"))
    assert wide.loc["2024-12-01", "sna"] == 3  # every change counts
    places = table.pivot(index="bin_start", columns="gaining_role", values="places")
    assert places.loc["2024-12-01", "sna"] == 2  # distinct places
    assert wide.loc["2024-12-02"].sum() == 0
    assert table["changes"].sum() == 4  # the change of 20 December is outside the period
    weekly = control.changes_by_bin(frame, span, "W")
    assert set(weekly["bin_start"]) == {pd.Timestamp("2024-11-25"), pd.Timestamp("2024-12-02")}
    assert weekly["changes"].sum() == 4
    busiest = control.busiest_bin(frame, span, "D", "S")
    assert busiest.key == "busiest_bin" and busiest.value == 3
    assert busiest.period == Period.of("2024-12-01", "2024-12-01")
    assert busiest.notes == (Message.of("places_count", places=2),)
    week = control.busiest_bin(frame, span, "W", "S")
    assert week.period == Period.of("2024-11-30", "2024-12-01")  # the week cut to the period
    assert control.busiest_bin(frame.iloc[0:0], span, "D", "S") is None


def test_places_changed_result_counts_distinct_places_with_the_changes_in_a_note():
    span = Period.of("2024-12-01", "2024-12-31")
    result = control.places_changed_result(DEIR, span, "S")
    expected = len({(p, c) for p, c in zip(DEIR["place"], DEIR["admin1_pcode"], strict=True)})
    assert result.key == "places_changed" and result.value == expected == 3
    assert result.notes == (Message.of("changes_of_control_count", changes=4),)
    gained = {r.key: r for r in control.gained_by(DEIR, span, "S")}
    assert gained["gained_by_hts_moc"].value == 2 and gained["gained_by_sdf"].value == 2
    assert control.capitals_changed(DEIR, span, "S").notes == (
        Message.of("place_names", names=("Hama", "Deir ez-Zor")),
    )
    assert control.capitals_changed(DEIR.iloc[3:], span, "S") is None


def test_last_known_holders_are_grouped_by_the_age_of_their_last_change():
    frame = changes(
        ("2017-03-01", "Old", "SY09", 35.0, 40.0, "Islamic State (Syria)", "SAA"),
        ("2018-09-01", "Recent", "SY09", 35.1, 40.1, "Islamic State (Syria)", "SAA"),
        ("2019-05-01", "New", "SY05", 35.2, 36.6, "SAA", "HTS"),
        ("2019-06-01", "Recent", "SY09", 35.1, 40.1, "SAA", "Islamic State (Syria)"),
    )
    span = Period.of("2019-01-01", "2019-12-31")
    held = control.holders(frame, span).set_index("place")
    assert held.loc["Old", "age"] == "older"
    assert held.loc["New", "age"] == "recent"
    assert (
        held.loc["Recent", "age"] == "recent" and held.loc["Recent", "holder_role"] == "government"
    )
    on_2018 = control.holders(frame, Period.of("2018-10-01", "2018-12-31")).set_index("place")
    assert on_2018.loc["Recent", "age"] == "year_before"  # 1 Sep 2018 is within a year
    assert on_2018.loc["Old", "age"] == "older"
    ages = control.age_results(held.reset_index(), span, "S")
    assert [ages[a].value for a in control.AGES] == [2, 0, 1]
    by_age = control.holders_by_age(held.reset_index())
    assert by_age["places"].sum() == len(held)


def test_haversine_aleppo_to_hama_matches_an_independent_formula():
    expected = law_of_cosines_km(ALEPPO, HAMA)
    assert 115 < expected < 130  # about 120 km by road atlas; 124 km great-circle
    assert control.haversine_km(*ALEPPO, *HAMA) == pytest.approx(expected, abs=0.01)
    assert control.haversine_km(*ALEPPO, *ALEPPO) == 0


def test_front_distance_from_the_first_days_centroid():
    frame = changes(
        ("2024-11-30", "Aleppo", "SY02", *ALEPPO, "HTS-led MOC", "SAA"),
        ("2024-12-05", "Hama", "SY05", *HAMA, "HTS-led MOC", "SAA"),
        ("2024-12-06", "Deir ez-Zor", "SY09", *DEIR_EZ_ZOR, "HTS-led MOC", "SAA"),
        ("2024-12-06", "Hama", "SY05", *HAMA, "HTS-led MOC", "SAA"),
        ("2024-12-06", "Nowhere", "SY05", None, None, "HTS-led MOC", "SAA"),
    )
    assert control.front_origin(frame) == pytest.approx(ALEPPO)
    table = control.front_distance(frame).set_index("bin_start")
    to_hama = law_of_cosines_km(ALEPPO, HAMA)
    to_deir = law_of_cosines_km(ALEPPO, DEIR_EZ_ZOR)
    assert table.loc["2024-11-30", "max_km"] == pytest.approx(0, abs=1e-6)
    assert table.loc["2024-12-05", "max_km"] == pytest.approx(to_hama, abs=0.01)
    assert table.loc["2024-12-06", "max_km"] == pytest.approx(to_deir, abs=0.01)
    assert table.loc["2024-12-06", "median_km"] == pytest.approx((to_hama + to_deir) / 2, abs=0.01)
    assert table.loc["2024-12-06", "places"] == 2  # the place without coordinates is left out
    assert pd.Timestamp("2024-12-01") not in table.index  # no change, no row


def test_the_front_follows_one_faction_never_another_factions_distant_gain():
    frame = changes(
        ("2024-11-30", "Aleppo", "SY02", *ALEPPO, "HTS-led MOC", "SAA"),
        ("2024-12-01", "A", "SY02", 36.0, 37.0, "HTS-led MOC", "SAA"),
        ("2024-12-03", "B", "SY05", 35.6, 36.9, "HTS-led MOC", "SAA"),
        ("2024-12-04", "C", "SY05", 35.3, 36.8, "HTS-led MOC", "SAA"),
        ("2024-12-05", "Hama", "SY05", *HAMA, "HTS-led MOC", "SAA"),
        ("2024-12-06", "Abu Kamal", "SY09", 34.45, 40.92, "SDF", "SAA"),  # another front
    )
    # Each HTS gain lies within LINK_KM of the one before it (checked here independently).
    chain = [ALEPPO, (36.0, 37.0), (35.6, 36.9), (35.3, 36.8), HAMA]
    assert all(law_of_cosines_km(a, b) <= control.LINK_KM for a, b in itertools.pairwise(chain))
    span = Period.of("2024-11-27", "2024-12-31")
    front = control.front(frame, span, "D", "S")
    assert front.role == "hts_moc" and not front.named  # the most places gained
    assert front.origin == pytest.approx(ALEPPO)
    assert set(front.points["place"]) == {"Aleppo", "A", "B", "C", "Hama"}
    assert front.farthest.key == "front_farthest_km"
    assert front.farthest.value == round(law_of_cosines_km(ALEPPO, HAMA))
    assert front.farthest.notes[0]["name"] == "Hama" and front.others == ("sdf",)
    assert front.separate is None
    sdf = control.front(frame, span, "D", "S", faction="SDF")
    assert sdf.role == "sdf" and sdf.named and list(sdf.points["place"]) == ["Abu Kamal"]
    assert sdf.farthest.value == 0  # one place: it is its own starting point
    assert control.front_role(frame, "hts_moc") == "hts_moc"
    assert control.front_role(frame, "HTS / HTS-led MOC") == "hts_moc"
    with pytest.raises(ParameterError, match="front_faction"):
        control.front_role(frame, "Martians")
    assert control.front(frame, span, "D", "S", faction="ISIS") is None


def _single_linkage(points, link):
    """Connected groups of points (index lists), by repeated merging: an independent
    computation of the advances (no matrix, no stack)."""
    groups = [[i] for i in range(len(points))]
    merged = True
    while merged:
        merged = False
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                if any(
                    law_of_cosines_km(points[i], points[j]) <= link
                    for i in groups[a]
                    for j in groups[b]
                ):
                    groups[a] += groups.pop(b)
                    merged = True
                    break
            if merged:
                break
    return groups


def test_a_separate_advance_far_away_is_never_joined_to_the_front():
    # An advance from Aleppo south to Hama, then one gain at Deir ez-Zor, 300 km east: the
    # front is the connected advance; Deir ez-Zor is counted apart, never its farthest place.
    rows = [
        ("2024-11-28", "Aleppo", "SY02", *ALEPPO),
        ("2024-11-29", "A", "SY02", 36.0, 37.0),
        ("2024-12-01", "B", "SY05", 35.6, 36.9),
        ("2024-12-03", "C", "SY05", 35.3, 36.8),
        ("2024-12-05", "Hama", "SY05", *HAMA),
        ("2024-12-10", "Deir ez-Zor", "SY09", *DEIR_EZ_ZOR),
    ]
    frame = changes(*[(*r, "HTS-led MOC", "SAA") for r in rows])
    points = [(r[3], r[4]) for r in rows]
    groups = _single_linkage(points, control.LINK_KM)
    largest = max(groups, key=len)
    assert sorted(largest) == [0, 1, 2, 3, 4] and len(groups) == 2
    span = Period.of("2024-11-27", "2024-12-31")
    front = control.front(frame, span, "D", "S")
    assert "Deir ez-Zor" not in set(front.points["place"])
    far = max(largest, key=lambda i: law_of_cosines_km(ALEPPO, points[i]))
    assert front.farthest.notes[0]["name"] == rows[far][1] == "Hama"
    assert front.farthest.value == round(law_of_cosines_km(ALEPPO, HAMA))
    assert front.separate.key == "front_separate_changes" and front.separate.value == 1
    assert front.separate_places == (("Deir ez-Zor", pd.Timestamp("2024-12-10")),)
    # Support: the advance's changes within SUPPORT_KM of the farthest place, itself included.
    support = sum(law_of_cosines_km(HAMA, points[i]) <= control.SUPPORT_KM for i in largest)
    assert front.support.key == "front_farthest_support"
    assert front.support.value == support
    assert front.by_bin["max_km"].max() == pytest.approx(law_of_cosines_km(ALEPPO, HAMA), abs=0.01)


def test_an_isolated_farthest_place_is_flagged_and_the_farthest_supported_one_named():
    # Gains around Aleppo, and one 40 km beyond the last of them: connected (within 50 km) but
    # with no other gain within 25 km of it, so the farthest distance rests on one point.
    rows = [
        ("2024-11-28", "Aleppo", "SY02", *ALEPPO),
        ("2024-11-28", "A", "SY02", 36.22, 37.10),
        ("2024-11-29", "B", "SY02", 36.10, 37.20),
        ("2024-12-02", "Far", "SY02", 35.75, 37.30),
    ]
    frame = changes(*[(*r, "HTS-led MOC", "SAA") for r in rows])
    points = [(r[3], r[4]) for r in rows]
    assert law_of_cosines_km(points[2], points[3]) <= control.LINK_KM
    assert all(law_of_cosines_km(points[3], p) > control.SUPPORT_KM for p in points[:3])
    front = control.front(frame, Period.of("2024-11-27", "2024-12-31"), "D", "S")
    origin = (sum(p[0] for p in points[:2]) / 2, sum(p[1] for p in points[:2]) / 2)
    assert front.origin == pytest.approx(origin)
    assert front.farthest.notes[0]["name"] == "Far" and front.support.value == 1
    points_frame = front.points.set_index("place")
    assert bool(points_frame.loc["Far", "isolated"])
    assert not points_frame.loc[["Aleppo", "A", "B"], "isolated"].any()
    distances = {r[1]: law_of_cosines_km(origin, (r[3], r[4])) for r in rows[:3]}
    backed = max(distances, key=distances.get)
    assert front.supported.key == "front_farthest_supported_km"
    assert front.supported.notes[0]["name"] == backed
    assert front.supported.value == round(distances[backed])
    assert front.isolated.value == 1


def test_the_starting_point_is_the_largest_linked_group_of_the_first_day():
    # Two gains near Aleppo and one at Hama on the first day: the origin is the Aleppo pair's
    # centroid, not a point halfway to Hama.
    frame = changes(
        ("2024-11-28", "Aleppo", "SY02", *ALEPPO, "HTS-led MOC", "SAA"),
        ("2024-11-28", "A", "SY02", 36.22, 37.10, "HTS-led MOC", "SAA"),
        ("2024-11-28", "Hama", "SY05", *HAMA, "HTS-led MOC", "SAA"),
    )
    assert control.front_origin(frame) == pytest.approx(
        ((ALEPPO[0] + 36.22) / 2, (ALEPPO[1] + 37.10) / 2)
    )


def test_the_table_puts_capitals_first_then_the_most_recent():
    frame = changes(
        ("2024-11-30", "A", "SY02", 36.0, 37.0, "SNA", "SAA"),
        ("2024-12-05", "Hama", "SY05", *HAMA, "HTS-led MOC", "SAA"),
        ("2024-12-09", "B", "SY02", 36.1, 37.1, "SNA", "SAA"),
        ("2024-12-09", "C", "SY02", 36.1, 37.1, "SNA", "SAA"),
    )
    assert list(control.ordered_changes(frame)["place"]) == ["Hama", "B", "C", "A"]
    twice = changes(
        ("2024-12-01", "Hama", "SY05", *HAMA, "HTS-led MOC", "SAA"),
        ("2024-12-02", "A", "SY02", 36.0, 37.0, "SNA", "SAA"),
        ("2024-12-03", "Hama", "SY05", *HAMA, "SAA", "HTS-led MOC"),
    )
    ordered = control.ordered_changes(twice)  # only a capital's latest change comes first
    assert list(zip(ordered["place"], ordered["event_date"].dt.day, strict=True)) == [
        ("Hama", 3),
        ("A", 2),
        ("Hama", 1),
    ]
    recent = control.ordered_changes(frame, capitals_first=False)
    assert list(recent["place"]) == ["B", "C", "Hama", "A"]


def test_as_of_is_never_after_the_period():
    span = Period.of("2024-12-01", "2024-12-08")
    assert control.shown_as_of(pd.Timestamp("2024-12-31"), span) == pd.Timestamp("2024-12-08")
    assert control.shown_as_of(pd.Timestamp("2024-12-05"), span) == pd.Timestamp("2024-12-05")
    assert control.shown_as_of(None, span) == pd.Timestamp("2024-12-08")


def test_provincial_capitals_are_places_named_like_their_governorate():
    frame = changes(
        ("2024-12-05", "Hama", "SY05", *HAMA, "HTS-led MOC", "SAA"),
        ("2024-12-05", "Hama", "SY04", 34.9, 36.7, "HTS-led MOC", "SAA"),  # not its governorate
        ("2024-11-30", "Saraqib", "SY07", 35.86, 36.81, "HTS-led MOC", "SAA"),
        ("2024-12-06", "Deir ez-Zor", "SY09", *DEIR_EZ_ZOR, "SDF", "SAA"),
        ("2024-12-10", "Deir ez-Zor", "SY09", *DEIR_EZ_ZOR, "MOC (HTS-led)", "SDF"),
    )
    assert control.capital_names(frame) == ["Hama", "Deir ez-Zor"]


RAW_SHARES = Path(bundled.bundled_path("territory_shares.csv")).parents[1] / "raw"
RAW_SHARES = RAW_SHARES / "offensive_2024" / "control_shares.csv"


def raw_dated_shares() -> list[dict]:
    """The facts' dated percentage shares of Syria's whole territory, read with the csv module;
    ``day`` is the as-of date ("2025-12", a month, is its first day)."""
    with RAW_SHARES.open(encoding="utf-8-sig", newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["metric"] == "share_of_territory"
            and r["unit"] == "percent"
            and r["value"]
            and r["as_of_date"]
        ]
    for r in rows:
        label = r["as_of_date"]
        r["day"] = pd.Timestamp(f"{label}-01" if len(label) == 7 else label)
    return rows


def test_bundled_shares_latest_and_sums():
    shares = data.read(bundled.bundled_path("territory_shares.csv")).frame
    raw = raw_dated_shares()
    latest = control.shares_latest(shares)
    for organisation in {r["organisation"] for r in raw}:
        last = max(r["day"] for r in raw if r["organisation"] == organisation)
        expected = {
            r["faction"]: float(r["value"])
            for r in raw
            if r["organisation"] == organisation and r["day"] == last
        }
        found = latest[latest["organisation"] == organisation]
        assert set(found["as_of_date"]) == {last}, organisation
        assert dict(zip(found["faction"], found["value"], strict=True)) == expected
    assert "SOHR" not in set(latest["organisation"])  # undated: no latest
    sums = control.share_sums(shares).set_index(["organisation", "as_of_label"])
    assert sums.loc[("Jusoor for Studies", "2020-02-29"), "total_pct"] == pytest.approx(100.45)
    over = control.over_full_shares(shares)
    assert [(r.source, round(r.value, 2)) for r in over] == [("Jusoor for Studies", 100.45)]
    # Over the whole file (no period), the newest shares are Jusoor's end-2025 map.
    newest_day = max(r["day"] for r in raw)
    newest = control.newest_shares(shares)
    assert {r.label["name"]: r.value for r in newest} == {
        r["faction"]: float(r["value"]) for r in raw if r["day"] == newest_day
    }
    assert {r.as_of for r in newest} == {newest_day} == {pd.Timestamp("2025-12-01")}


def test_faction_names_count_every_mention_gaining_or_losing():
    names = control.faction_names(DEIR).set_index("name")
    expected = {}
    for name in [*DEIR["faction_gaining"], *DEIR["faction_losing"]]:
        expected[name] = expected.get(name, 0) + 1
    assert names["mentions"].to_dict() == expected
    assert names.loc["SAA", "role"] == "government"
    assert control.unlocated(control.holder_at(DEIR, "2024-12-31")) == [
        "Deir ez-Zor military airport"
    ]
    assert control.last_change(DEIR) == pd.Timestamp("2024-12-10")
    assert control.last_change(DEIR.iloc[0:0]) is None


def test_held_counts_give_the_maps_totals_counted_by_hand():
    frame = changes(
        ("2017-03-01", "Old", "SY09", 35.0, 40.0, "Islamic State (Syria)", "SAA"),
        ("2019-05-01", "New", "SY05", 35.2, 36.6, "SAA", "HTS"),
        ("2019-06-01", "Nowhere", "SY09", None, None, "SAA", "Islamic State (Syria)"),
    )
    counts = control.held_counts(control.holders(frame, Period.of("2019-01-01", "2019-12-31")))
    assert (counts.places, counts.located, counts.unlocated) == (3, 2, 1)
    assert counts.unlocated_names == ("Nowhere",)
    assert counts.by_role == {"government": 2, "isis": 1}  # legend order
    assert counts.by_age == {"recent": 2, "older": 1}  # AGES order, only groups with places
    empty = control.held_counts(control.holder_at(frame, "2016-01-01"))
    assert (empty.places, empty.located, empty.by_role, empty.by_age) == (0, 0, {}, {})


def test_recent_capitals_are_located_capitals_whose_last_change_is_recent():
    frame = changes(
        ("2023-05-01", "Hama", "SY05", *HAMA, "SAA", "HTS"),
        ("2024-12-06", "Deir ez-Zor", "SY09", *DEIR_EZ_ZOR, "SDF", "SAA"),
        ("2024-12-07", "Saraqib", "SY07", 35.86, 36.81, "HTS-led MOC", "SAA"),
    )
    held = control.holders(frame, Period.of("2024-12-01", "2024-12-31"))
    assert list(control.recent_capitals(held)["place"]) == ["Deir ez-Zor"]


def test_first_rows_say_how_many_are_shown_and_left_out():
    rows = pd.DataFrame({"n": range(5)})
    cut = control.first_rows(rows, 3)
    assert list(cut.rows["n"]) == [0, 1, 2]
    assert (cut.total, cut.shown, cut.left) == (5, 3, 2)
    assert control.first_rows(rows, 9).left == 0
    assert (control.first_rows(rows, -1).shown, control.first_rows(rows, -1).left) == (0, 5)


def test_the_dates_a_file_covers():
    assert control.first_and_last(DEIR) == (pd.Timestamp("2024-12-05"), pd.Timestamp("2024-12-10"))
    assert control.first_and_last(DEIR.iloc[0:0]) == (None, None)
    assert control.last_day(DEIR) == control.last_change(DEIR) == pd.Timestamp("2024-12-10")
    assert control.last_day(DEIR.iloc[0:0]) is None
    first, last = pd.Timestamp("2024-12-05"), pd.Timestamp("2024-12-10")
    assert control.covered(first, last, pd.Timestamp("2024-12-31")) == Period(
        first, pd.Timestamp("2024-12-31")
    )
    assert control.covered(first, last, pd.Timestamp("2024-12-08")) == Period(first, last)
    assert control.covered(None, None, None) is None
