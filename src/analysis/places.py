"""Place names in the report's language.

A place keeps the name its source published (a bundled control change, an ACLED ``location``, a
UCDP ``where_coordinates``). In the Arabic edition it is shown by its Arabic name where a gazetteer
source gives one for that place, matched by name and coordinates; otherwise by the Latin name as
published, never by a machine transliteration.

The gazetteer is ``data/gazetteer/places_ar.csv`` (GeoNames' Syrian places of 500 people or
more, with the Arabic name GeoNames gives each; built by ``make places``, provenance beside it).
A published name is matched to a place of the table by:

- its normalised key (as :func:`analysis.gazetteer._key`: case, accents, apostrophes, hyphens and
  spaces ignored, a leading article too) against the place's name and its Latin alternate names;
  the part before a parenthesis ("Az Zarbah (al-Zarba)"), each part of "Tadmur/Palmyra" and the
  name less UCDP's trailing "town", "village", "city" or "suburb" are tried as well;
- with coordinates, also its consonants (:func:`skeleton`: "Saraqeb" and "Saraqib", "Menbij" and
  "Manbij" are one), and the place must lie within :data:`NEAR_KM` of the given point (the
  nearest wins);
- without coordinates, by its key alone, and only when that key names one place of the table.

Anything else is shown as published.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from analysis import i18n
from analysis.gazetteer import _key, _keys
from analysis.paths import bundled

if TYPE_CHECKING:  # pandas is imported where needed: a name is shown without it
    import pandas as pd

NEAR_KM = 5.0
"""How far (km) a place of the gazetteer may lie from the published point to be the same place."""

_TYPE_WORD = re.compile(r"\s+(town|city|village|suburb|neighbou?rhood|hamlet)\s*$", re.IGNORECASE)
_LATIN_ARTICLE = re.compile(r"\b(al|el|ar|as|ash|az|ad|at|an|ath|adh|es|ez|ed|er|en|et)[-\s'’]+")
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")
_DIGRAPHS = (("kh", "k"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ch", "s"))
_CONSONANTS = str.maketrans({"q": "k", "c": "k", "p": "b", "v": "f", "x": "ks"})


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    name_ar: str
    name_ar_from: str
    aliases: tuple[str, ...]


def skeleton(name: str) -> str:
    """The consonants of a Latin place name, spelled alike across romanisations: articles,
    vowels, ``w``, ``y``, doubled letters and a final ``h`` after a vowel dropped,
    ``kh``/``sh``/``th``/``dh``/``gh`` as one letter, ``q`` as ``k`` ("Saraqeb" and "Saraqib"
    are both ``srkb``)."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _LATIN_ARTICLE.sub(" ", " " + text.replace("-", " "))
    text = _key(_FINAL_H.sub("", text))
    for pair, single in _DIGRAPHS:
        text = text.replace(pair, single)
    text = re.sub(r"[aeiouwy0-9]", "", text.translate(_CONSONANTS))
    return re.sub(r"(.)\1+", r"\1", text)


@cache
def places() -> tuple[Place, ...]:
    """The gazetteer's places, read once."""
    path = bundled("gazetteer", "places_ar.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Place(
                geonameid=int(row["geonameid"]),
                name=row["name"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                name_ar=row["name_ar"],
                name_ar_from=row["name_ar_from"],
                aliases=tuple(a for a in row["aliases"].split(";") if a),
            )
            for row in csv.DictReader(handle)
        )


@cache
def _indexes() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """Row numbers of :func:`places` by normalised key and by :func:`skeleton`."""
    by_key: dict[str, set[int]] = {}
    by_skeleton: dict[str, set[int]] = {}
    for i, place in enumerate(places()):
        for label in (place.name, *place.aliases):
            for key in _keys(label):
                by_key.setdefault(key, set()).add(i)
            bones = skeleton(label)
            if len(bones) >= 3:
                by_skeleton.setdefault(bones, set()).add(i)
    return (
        {k: tuple(sorted(v)) for k, v in by_key.items()},
        {k: tuple(sorted(v)) for k, v in by_skeleton.items()},
    )


def _forms(name: str) -> list[str]:
    """The published name and the shorter forms of it that may name the same place."""
    forms = [name]
    before = name.split("(")[0].strip()
    forms.append(before)
    forms.extend(part.strip() for part in before.split("/") if part.strip())
    forms.extend(_TYPE_WORD.sub("", form) for form in list(forms))
    seen: list[str] = []
    for form in forms:
        if form and form not in seen:
            seen.append(form)
    return seen


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))


def _given(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def match(name: str, latitude: float | None = None, longitude: float | None = None) -> Place | None:
    """The gazetteer's place that ``name`` (at ``latitude``, ``longitude`` when given) names, or
    None (see the module's docstring for the rules)."""
    if not isinstance(name, str) or not name.strip():
        return None
    by_key, by_skeleton = _indexes()
    table = places()
    forms = _forms(name.strip())
    keyed = {i for form in forms for key in _keys(form) for i in by_key.get(key, ())}
    if not (_given(latitude) and _given(longitude)):
        found = {table[i].geonameid for i in keyed}
        return next(table[i] for i in keyed) if len(found) == 1 else None
    candidates = keyed | {i for form in forms for i in by_skeleton.get(skeleton(form), ())}
    lat, lon = float(latitude), float(longitude)  # type: ignore[arg-type]
    near = [
        (_km(lat, lon, table[i].latitude, table[i].longitude), i)
        for i in sorted(candidates)
        if _km(lat, lon, table[i].latitude, table[i].longitude) <= NEAR_KM
    ]
    return table[min(near)[1]] if near else None


@cache
def _arabic(name: str, latitude: float | None, longitude: float | None) -> str:
    place = match(name, latitude, longitude)
    return place.name_ar if place is not None and place.name_ar else name


def shown(name: str, latitude: float | None = None, longitude: float | None = None) -> str:
    """The place's name in the report's language (:mod:`analysis.i18n`): ``name`` unchanged in
    the English edition, and in the Arabic edition while no Arabic name is known for it; else
    the Arabic name of the place it matches (:func:`match`)."""
    if i18n.edition().language != "ar" or not isinstance(name, str):
        return name
    lat = float(latitude) if _given(latitude) else None  # type: ignore[arg-type]
    lon = float(longitude) if _given(longitude) else None  # type: ignore[arg-type]
    return _arabic(name, lat, lon)


def shown_all(
    names: Iterable[object],
    latitudes: Iterable[float | None] | None = None,
    longitudes: Iterable[float | None] | None = None,
) -> list[object]:
    """:func:`shown` of each name (with its point when given), for a column of a table; the
    same name at the same point is matched once. Values that are no name stay as they are."""
    names = list(names)
    lats = [None] * len(names) if latitudes is None else list(latitudes)
    lons = [None] * len(names) if longitudes is None else list(longitudes)
    return [
        shown(n, la, lo) if isinstance(n, str) else n
        for n, la, lo in zip(names, lats, lons, strict=True)
    ]


def shown_in(frame: pd.DataFrame, column: str = "location") -> pd.DataFrame:
    """``frame`` with its ``column`` of place names shown in the report's language, each at the
    point of its row (``latitude``, ``longitude``) when the frame has them; ``frame`` itself in
    the English edition or when it has no such column."""
    if i18n.edition().language != "ar" or column not in frame:
        return frame
    points = [frame.get(c) for c in ("latitude", "longitude")]
    return frame.assign(**{column: shown_all(frame[column], *points)})


__all__ = [
    "NEAR_KM",
    "Place",
    "match",
    "places",
    "shown",
    "shown_all",
    "shown_in",
    "skeleton",
]
