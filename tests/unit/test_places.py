"""Places by their Arabic names (analysis.places): matched by name and point in the Arabic
edition, as published otherwise and in the English edition."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis import i18n, places
from analysis.data.provenance import read_provenance
from analysis.files import sha256_file
from analysis.metrics.results import Message
from analysis.paths import bundled
from analysis.sections import text
from analysis.sections.casualties import events as casualty_events
from analysis.sections.trends import incidents

SARAQIB = (35.86447, 36.80591)  # GeoNames' point of Saraqib (Idlib)
MANBIJ = (36.52815, 37.95495)  # Manbij (Aleppo)
AZ_ZARBAH = (36.06771, 36.98012)  # Az Zarbah (Aleppo)
DARAA = (32.61889, 36.10213)  # Daraa city
FAR_DARA = (32.8, 36.4)  # about 30 km from Daraa city: another place of that name


@pytest.fixture
def arabic():
    with i18n.editing("ar"):
        yield


def test_the_table_is_the_one_its_sidecar_describes():
    path = bundled("gazetteer", "places_ar.csv")
    meta = read_provenance(path)
    assert meta.sha256 == sha256_file(path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == meta.model_extra["places"] == len(places.places())
    assert sum(1 for r in rows if r["name_ar"]) == meta.model_extra["places_with_name_ar"]
    assert len({r["geonameid"] for r in rows}) == len(rows)
    # Arabic letters only: no Persian, Urdu or Kurdish letter came in with GeoNames' names
    assert not any(set(r["name_ar"]) & set("پچژگیکےۀہھٹڈں") for r in rows)
    assert all(r["name_ar_from"].startswith("geonames") for r in rows if r["name_ar"])


@pytest.mark.parametrize(
    ("name", "point", "expected"),
    [
        ("Saraqib", SARAQIB, "سراقب"),
        ("Saraqeb", SARAQIB, "سراقب"),  # ACLED's spelling
        ("Saraqib town", SARAQIB, "سراقب"),  # UCDP's where_coordinates
        ("Manbij", MANBIJ, "منبج"),
        ("Menbij", MANBIJ, "منبج"),
        ("Az Zarbah (al-Zarba)", AZ_ZARBAH, "الزربة"),
        ("Tadmur/Palmyra town", (34.56, 38.27), "تدمر"),
        ("Ar-Raqqa", (35.95, 39.01), "الرقة"),
        ("Damascus", (33.51, 36.29), "دمشق"),
    ],
)
def test_a_known_place_at_its_point_gets_its_arabic_name(arabic, name, point, expected):
    assert places.shown(name, *point) == expected


def test_a_place_of_the_same_name_far_away_keeps_its_published_name(arabic):
    assert places.shown("Dar'a", *DARAA) == "درعا"
    assert places.shown("Dara", *FAR_DARA) == "Dara"
    assert places.shown("Manbij", *SARAQIB) == "Manbij"  # 100 km from Manbij


def test_a_governorate_named_at_its_centroid_is_not_its_capital(arabic):
    assert places.shown("Aleppo Governorate", 36.23, 37.63) == "Aleppo Governorate"


def test_without_a_point_only_an_unambiguous_name_is_matched(arabic):
    assert places.shown("Manbij") == "منبج"
    assert places.shown("Menbij") == "منبج"  # one of GeoNames' spellings of Manbij
    assert places.shown("Sarakib") == "Sarakib"  # a spelling by consonants needs the point
    assert places.shown("Sarakib", *SARAQIB) == "سراقب"
    hasakah = [p for p in places.places() if p.name == "Al Ḩasakah"]
    assert hasakah and places.shown("Al Hasakah") == hasakah[0].name_ar
    names = {}
    for place in places.places():
        names.setdefault(place.name, set()).add(place.geonameid)
    shared = next(name for name, ids in names.items() if len(ids) > 1)
    assert places.shown(shared) == shared


def test_an_unknown_place_stays_as_published(arabic):
    assert places.shown("Damascus - Jobar", 33.53, 36.33) == "Damascus - Jobar"
    assert places.shown("Nowhere Village", 35.0, 38.0) == "Nowhere Village"
    assert places.shown("") == ""


def test_the_english_edition_keeps_every_name_as_published():
    with i18n.editing("en"):
        assert places.shown("Saraqib", *SARAQIB) == "Saraqib"
        frame = pd.DataFrame(
            {"location": ["Manbij", None], "latitude": [MANBIJ[0], 1.0], "longitude": [0.0, 1]}
        )
        assert places.shown_in(frame) is frame


def test_a_column_is_shown_row_by_row_at_each_point(arabic):
    frame = pd.DataFrame(
        {
            "location": ["Manbij", "Manbij", pd.NA, "Saraqeb"],
            "latitude": [MANBIJ[0], SARAQIB[0], 35.0, SARAQIB[0]],
            "longitude": [MANBIJ[1], SARAQIB[1], 38.0, SARAQIB[1]],
        }
    )
    shown = places.shown_in(frame)["location"].tolist()
    assert shown[0] == "منبج" and shown[1] == "Manbij" and shown[3] == "سراقب"
    assert pd.isna(shown[2])
    assert frame["location"].tolist()[0] == "Manbij"  # the frame given is not changed


def test_spellings_with_the_same_consonants_share_a_skeleton():
    assert places.skeleton("Saraqib") == places.skeleton("Saraqeb") == "srkb"
    assert places.skeleton("Menbij") == places.skeleton("Manbij")
    assert places.skeleton("Ar-Raqqa") == places.skeleton("Ar Raqqah")
    assert places.skeleton("Homs") != places.skeleton("Hama")


def _notable_frame():
    from tests.unit.test_trends_events import WEEK, days, events

    rows = days(WEEK.start, 3, pcode="SY07", deaths=1, location="Nowhere Village")
    rows.append(
        dict(
            day=WEEK.start,
            pcode="SY07",
            deaths=40,
            location="Saraqeb",
            latitude=SARAQIB[0],
            longitude=SARAQIB[1],
        )
    )
    return events(rows)


@pytest.mark.parametrize(("language", "place"), [("en", "Saraqeb"), ("ar", "سراقب")])
def test_the_trends_incidents_name_their_places_in_the_edition(language, place):
    from tests.unit.test_trends_sections import report

    with i18n.editing(language):
        made = incidents.incidents_table(report(_notable_frame()))
    first = made.data.split("<tbody")[1]
    assert place in first and "Nowhere Village" in made.data


@pytest.mark.parametrize(("language", "place"), [("en", "Saraqeb"), ("ar", "سراقب")])
def test_the_deadliest_events_name_their_places_in_the_edition(language, place):
    frame = _notable_frame()
    with i18n.editing(language):
        blocks = casualty_events._largest(None, frame)
    table = blocks[-1].data
    assert place in table and "Nowhere Village" in table


def test_a_front_point_is_named_in_the_edition():
    point = Message.of("place", name="Manbij", latitude=MANBIJ[0], longitude=MANBIJ[1])
    capitals = Message.of("place_names", names=("Manbij", "Nowhere Village"))
    assert text.note(point) == "Manbij"
    with i18n.editing("ar"):
        assert text.note(point) == "منبج"
        assert "منبج" in text.note(capitals) and "Nowhere Village" in text.note(capitals)
