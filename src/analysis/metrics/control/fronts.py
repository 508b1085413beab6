"""The front of one faction: which faction a report follows, which of its gains form one
connected advance, the advance's starting point, and the great-circle distance of each place
it gained from there, per time bin, with the farthest place and how many changes of control
lie near it (its support). Places other factions took are never part of it, nor are the
faction's own gains in a separate advance.

Definitions (stated in the report's method, :data:`LINK_KM` and :data:`SUPPORT_KM`):

- **Connected**: two located gains of the faction belong to one advance when a chain of its
  gains links them, each within :data:`LINK_KM` km of the next. An advance is a set of gains
  so connected; gains more than :data:`LINK_KM` km from every gain of an advance belong to
  another one (a separate advance, such as Deir ez-Zor 300 km east of the Idlib-to-Homs
  advance in December 2024).
- **The advance followed** is the one with the most changes of control (the earliest on a
  tie). Its **starting point** is the centroid of its gains on its first day (the largest
  group of them linked within :data:`LINK_KM` km, when they are spread out).
- **Support** of a place: the changes of control of the advance within :data:`SUPPORT_KM` km of
  it, itself included. A place with a support of 1 is **isolated** (an outlier): no other gain
  of the advance lies near it, so a distance it sets rests on one point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import factions, gazetteer
from analysis.metrics.control.changes import places_by_gaining_role
from analysis.metrics.control.places import empty, roles_added
from analysis.metrics.results import Disclosure, Message, Period, Result
from analysis.metrics.time import bin_start
from analysis.metrics.weak_source import disclosed, place_day
from analysis.metrics.weak_source import disclosure as weak_disclosure_of
from analysis.parameters import check_faction

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), for haversine distances."""
LINK_KM = 50.0
"""Two gains within this great-circle distance of each other are connected (one advance)."""
SUPPORT_KM = 25.0
"""The changes of control within this distance of a place are its support."""


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray | float:
    """Great-circle distance in km between points given in degrees (scalars or arrays)."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi = phi2 - phi1
    dlmb = np.radians(np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float))
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def front_role(changes: pd.DataFrame, faction: str = "") -> str | None:
    """The faction role whose front a report follows.

    ``faction`` names it: a role key ("hts_moc"), a role label ("HTS / HTS-led MOC") or any
    faction name as published ("Hayat Tahrir al-Sham", read by :func:`analysis.factions.role`).
    Empty: the role that gained the most distinct places with coordinates in ``changes`` (ties
    in legend order), leaving out "other" (a mix of unrelated groups, not one front) unless it
    is the only one. None when no change has coordinates.
    """
    named = check_faction(faction)
    if named is not None:
        return named
    located = changes.dropna(subset=["latitude", "longitude"])
    if located.empty:
        return None
    table = places_by_gaining_role(located)
    fronts = table[table["gaining_role"] != factions.OTHER]
    if fronts.empty:
        fronts = table
    return str(fronts.loc[fronts["places"].idxmax(), "gaining_role"])


def _distances(latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) between every pair of points."""
    lat, lon = np.asarray(latitude, dtype=float), np.asarray(longitude, dtype=float)
    return haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])


def linked_groups(latitude, longitude, link_km: float = LINK_KM) -> np.ndarray:
    """A group number per point: points linked by a chain of points, each within ``link_km``
    of the next, share one (single linkage). Groups are numbered in the order of their first
    point."""
    n = len(latitude)
    group = np.full(n, -1, dtype=int)
    if n == 0:
        return group
    near = _distances(latitude, longitude) <= link_km
    current = 0
    for first in range(n):
        if group[first] >= 0:
            continue
        group[first] = current
        stack = [first]
        while stack:
            i = stack.pop()
            for j in np.flatnonzero(near[i] & (group < 0)):
                group[j] = current
                stack.append(int(j))
        current += 1
    return group


def advances(changes: pd.DataFrame, link_km: float = LINK_KM) -> pd.Series:
    """The advance of each located change in ``changes`` (one faction's gains), numbered by
    size (0: the most changes of control; the earliest first day on a tie); NA for rows without
    coordinates."""
    located = changes.dropna(subset=["latitude", "longitude"])
    out = pd.Series(pd.NA, index=changes.index, dtype="Int64")
    if located.empty:
        return out
    groups = linked_groups(located["latitude"], located["longitude"], link_km)
    day = located["event_date"].dt.normalize().to_numpy()
    stats = pd.DataFrame({"group": groups, "day": day}).groupby("group")["day"].agg(["size", "min"])
    order = stats.sort_values(["size", "min"], ascending=[False, True], kind="stable").index
    rank = {int(g): i for i, g in enumerate(order)}
    out.loc[located.index] = [rank[int(g)] for g in groups]
    return out


def front_origin(changes: pd.DataFrame) -> tuple[float, float] | None:
    """The starting point: the centroid (mean latitude and longitude) of the changes with
    coordinates on the first day that has any (of the largest group of them linked within
    :data:`LINK_KM`, when that day's gains are spread out); None when no change has
    coordinates."""
    located = changes.dropna(subset=["latitude", "longitude"])
    if located.empty:
        return None
    first_day = located["event_date"].dt.normalize().min()
    first = located[located["event_date"].dt.normalize() == first_day]
    groups = linked_groups(first["latitude"], first["longitude"])
    largest = pd.Series(groups).value_counts(sort=True).index[0]  # the first on a tie
    chosen = first[groups == largest]
    return float(chosen["latitude"].mean()), float(chosen["longitude"].mean())


def _starters(changes: pd.DataFrame, origin: tuple[float, float]) -> pd.DataFrame:
    """The first-day gains whose centroid is ``origin`` (see :func:`front_origin`)."""
    located = changes.dropna(subset=["latitude", "longitude"])
    first_day = located["event_date"].dt.normalize().min()
    first = located[located["event_date"].dt.normalize() == first_day]
    groups = linked_groups(first["latitude"], first["longitude"])
    largest = pd.Series(groups).value_counts(sort=True).index[0]
    return first[groups == largest]


def place_distances(
    changes: pd.DataFrame, origin: tuple[float, float] | None = None
) -> pd.DataFrame:
    """Each change with coordinates and its distance in km from ``origin`` (default:
    :func:`front_origin`). Columns: ``event_date`` (the day), ``place``, ``admin1_pcode``,
    ``gaining_role``, ``latitude``, ``longitude``, ``distance_km``, ``support`` (changes in
    ``changes`` within :data:`SUPPORT_KM` of it, itself included), ``isolated`` (support 1),
    ``weak_source`` (the weak page it rests on, when the file says so). Rows without
    coordinates are left out."""
    columns = [
        "event_date",
        "place",
        "admin1_pcode",
        "gaining_role",
        "latitude",
        "longitude",
        "distance_km",
        "support",
        "isolated",
        "weak_source",
        "record_id",
    ]
    origin = origin if origin is not None else front_origin(changes)
    located = changes.dropna(subset=["latitude", "longitude"])
    if origin is None or located.empty:
        return empty(columns)
    located = roles_added(located)
    lat, lon = located["latitude"].to_numpy(float), located["longitude"].to_numpy(float)
    support = (_distances(lat, lon) <= SUPPORT_KM).sum(axis=1)
    missing = pd.Series(pd.NA, index=located.index, dtype="string")
    out = pd.DataFrame(
        {
            "event_date": located["event_date"].dt.normalize(),
            "place": located["place"],
            "admin1_pcode": located["admin1_pcode"],
            "gaining_role": located["gaining_role"],
            "latitude": lat,
            "longitude": lon,
            "distance_km": haversine_km(origin[0], origin[1], lat, lon).astype(float),
            "support": support.astype(int),
            "isolated": support == 1,
            "weak_source": located.get("weak_source", missing).astype("string"),
            "record_id": located.get("record_id", missing).astype("string"),
        }
    )
    return out.sort_values("event_date", kind="stable").reset_index(drop=True)[columns]


def front_distance(
    changes: pd.DataFrame,
    origin: tuple[float, float] | None = None,
    freq: str = "D",
    period: Period | None = None,
) -> pd.DataFrame:
    """How far from ``origin`` the places in ``changes`` lay, per time bin (``freq``: "D", "W",
    "M" or "Y").

    Each change with coordinates is a point reached that day; its great-circle (haversine)
    distance in km from ``origin`` is computed (default: :func:`front_origin`). For each bin
    with located changes: ``bin_start``, ``max_km`` (the farthest place), ``median_km`` and
    ``places`` (located changes). Bins without one are absent. Give ``changes`` of ONE advance
    (:func:`front`): the farthest place of unrelated advances mixes fronts.
    """
    columns = ["bin_start", "max_km", "median_km", "places"]
    points = place_distances(changes, origin)
    if period is not None and not points.empty:
        points = points[
            (points["event_date"] >= period.start) & (points["event_date"] < period.stop)
        ]
    if points.empty:
        return empty(columns)
    grouped = points.groupby(bin_start(points["event_date"], freq).rename("bin_start"))[
        "distance_km"
    ]
    table = pd.DataFrame(
        {"max_km": grouped.max(), "median_km": grouped.median(), "places": grouped.size()}
    ).reset_index()
    return table[columns]


@dataclass(frozen=True)
class Front:
    """One faction's front over a report's period: its largest connected advance (see
    :func:`front` and the module's definitions)."""

    role: str
    named: bool  # the user named the faction (else: the one with most gains)
    origin: tuple[float, float]
    first_day: pd.Timestamp
    starters: tuple[str, ...]  # the places whose centroid is the origin
    points: pd.DataFrame  # place_distances of the advance's located gains
    by_bin: pd.DataFrame  # front_distance per bin
    farthest: Result  # key "front_farthest_km"
    farthest_at: tuple[str, pd.Timestamp, float]  # its place, day and exact distance (km)
    support: Result  # key "front_farthest_support": changes within SUPPORT_KM of it
    supported: Result | None  # key "front_farthest_supported_km", when the farthest is isolated
    supported_at: tuple[str, pd.Timestamp, float] | None
    isolated: Result  # key "front_isolated": the advance's places with no other gain near them
    separate: Result | None  # key "front_separate_changes": the faction's gains elsewhere
    separate_places: tuple[tuple[str, pd.Timestamp], ...]  # (place, day) of those, by date
    weak: Disclosure | None  # the points drawn that rest on a single weak source
    others: tuple[str, ...]  # other roles that gained located places, not drawn

    @property
    def label(self) -> str:
        return factions.label(self.role)


def _governorate(pcode: object) -> Message:
    """The governorate of a place, for a note: its name, or that none is given."""
    gov = gazetteer.by_pcode().get(str(pcode)) if pd.notna(pcode) else None
    return Message.of("governorate_name", name=gov.name if gov else None)


def _place_day(r) -> Message:
    return place_day(r.place, r.event_date)


def front(
    changes: pd.DataFrame, period: Period, freq: str, source: str, faction: str = ""
) -> Front | None:
    """The front of one faction in the period (``changes`` are the period's): ``faction`` as in
    :func:`front_role`; its largest connected advance (:func:`advances`); the distance of each
    of its gains from the centroid of its first day's gains, per bin; the farthest place as a
    result (key ``front_farthest_km``, notes: the place, its governorate and the day) with its
    support (key ``front_farthest_support``); when the farthest place is isolated, the
    farthest place that is not (key ``front_farthest_supported_km``); how many places of the
    advance are isolated (``front_isolated``); and how many of the faction's located gains lie
    in separate advances (``front_separate_changes``, not drawn). None when that faction has no
    located gain in the period."""
    role = front_role(changes, faction)
    if role is None:
        return None
    rows = roles_added(changes)
    own = rows[rows["gaining_role"] == role].dropna(subset=["latitude", "longitude"])
    if own.empty:
        return None
    advance = advances(own)
    followed = own[advance == 0]
    elsewhere = own[advance != 0]
    origin = front_origin(followed)
    starters_rows = _starters(followed, origin)
    first_day = starters_rows["event_date"].dt.normalize().min()
    starters = tuple(dict.fromkeys(str(p) for p in starters_rows["place"]))
    points = place_distances(followed, origin)

    def distance(point: pd.Series, key: str, label: Message, *more: Message) -> Result:
        """The distance of ``point`` from the starting point, noted with its place, governorate
        and day (and ``more``), disclosing the weak source of its change of control."""
        return disclosed(
            Result(
                key=key,
                label=label,
                value=round_km(point["distance_km"]),
                unit="km",
                source=source,
                period=period,
                notes=(
                    Message.of(
                        "place",
                        name=str(point["place"]),
                        latitude=float(point["latitude"]),
                        longitude=float(point["longitude"]),
                    ),
                    _governorate(point["admin1_pcode"]),
                    Message.of("day", day=point["event_date"]),
                    *more,
                ),
            ),
            followed.loc[[_row_of(followed, point)]],
            _place_day,
        )

    far = points.loc[points["distance_km"].idxmax()]
    farthest = distance(far, "front_farthest_km", Message.of("front_farthest", role=role))
    support = Result(
        key="front_farthest_support",
        label=Message.of("front_support", role=role, km=SUPPORT_KM),
        value=int(far["support"]),
        unit="changes",
        source=source,
        period=period,
        notes=(Message.of("farthest_included"),),
    )
    supported = supported_at = None
    if bool(far["isolated"]):
        backed = points[~points["isolated"]]
        if not backed.empty:
            near = backed.loc[backed["distance_km"].idxmax()]
            supported = distance(
                near,
                "front_farthest_supported_km",
                Message.of("front_farthest_supported", role=role, km=SUPPORT_KM),
                Message.of("changes_within", changes=int(near["support"]), km=SUPPORT_KM),
            )
            supported_at = (str(near["place"]), near["event_date"], float(near["distance_km"]))
    isolated = Result(
        key="front_isolated",
        label=Message.of("front_isolated", km=SUPPORT_KM),
        value=int(points["isolated"].sum()),
        unit="changes",
        source=source,
        period=period,
    )
    separate = None
    separate_places: tuple[tuple[str, pd.Timestamp], ...] = ()
    if not elsewhere.empty:
        far_off = elsewhere.sort_values(["event_date", "place"], kind="stable")
        separate_places = tuple(
            (str(r.place), r.event_date.normalize()) for r in far_off.itertuples(index=False)
        )
        separate = disclosed(
            Result(
                key="front_separate_changes",
                label=Message.of("front_separate", role=role),
                value=len(elsewhere),
                unit="changes",
                source=source,
                period=period,
                notes=(Message.of("beyond_link", km=LINK_KM),),
            ),
            elsewhere,
            _place_day,
            of=len(elsewhere),
        )
    located = rows.dropna(subset=["latitude", "longitude"])
    others = tuple(
        r for r in factions.in_legend_order(located["gaining_role"].unique()) if r != role
    )
    return Front(
        role=role,
        named=bool(str(faction or "").strip()),
        origin=origin,
        first_day=first_day,
        starters=starters,
        points=points,
        by_bin=front_distance(followed, origin, freq, period),
        farthest=farthest,
        farthest_at=(str(far["place"]), far["event_date"], float(far["distance_km"])),
        support=support,
        supported=supported,
        supported_at=supported_at,
        isolated=isolated,
        separate=separate,
        separate_places=separate_places,
        weak=weak_disclosure_of(points, _place_day),
        others=others,
    )


def _row_of(rows: pd.DataFrame, point: pd.Series) -> object:
    """The index of the row of ``rows`` that ``point`` (a row of :func:`place_distances`) was
    made from: same day, place and coordinates (the first on a repeat)."""
    same = (
        (rows["event_date"].dt.normalize() == point["event_date"])
        & (rows["place"].astype("string") == str(point["place"]))
        & np.isclose(rows["latitude"].astype(float), float(point["latitude"]))
        & np.isclose(rows["longitude"].astype(float), float(point["longitude"]))
    )
    return rows.index[same.to_numpy()][0]


def round_km(value: float) -> int:
    """Distance rounded to the km, for text."""
    return math.floor(float(value) + 0.5)
