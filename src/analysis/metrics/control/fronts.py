"""The front of one faction: which faction a report follows, its starting point (the centroid
of its located gains on its first day with any), and the great-circle distance of each place it
gained from there, per time bin, with the farthest place. Places other factions took elsewhere
are never part of it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import factions, gazetteer
from analysis.metrics.control.changes import places_by_gaining_role
from analysis.metrics.control.places import empty, roles_added
from analysis.metrics.results import Period, Result, day_text
from analysis.metrics.time import bin_start
from analysis.parameters import check_faction

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), for haversine distances."""


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


def front_origin(changes: pd.DataFrame) -> tuple[float, float] | None:
    """The starting point: the centroid (mean latitude and longitude) of the changes with
    coordinates on the first day that has any; None when no change has coordinates."""
    located = changes.dropna(subset=["latitude", "longitude"])
    if located.empty:
        return None
    first_day = located["event_date"].dt.normalize().min()
    first = located[located["event_date"].dt.normalize() == first_day]
    return float(first["latitude"].mean()), float(first["longitude"].mean())


def place_distances(
    changes: pd.DataFrame, origin: tuple[float, float] | None = None
) -> pd.DataFrame:
    """Each change with coordinates and its distance in km from ``origin`` (default:
    :func:`front_origin`). Columns: ``event_date`` (the day), ``place``, ``admin1_pcode``,
    ``gaining_role``, ``distance_km``. Rows without coordinates are left out."""
    columns = ["event_date", "place", "admin1_pcode", "gaining_role", "distance_km"]
    origin = origin if origin is not None else front_origin(changes)
    located = changes.dropna(subset=["latitude", "longitude"])
    if origin is None or located.empty:
        return empty(columns)
    located = roles_added(located)
    out = pd.DataFrame(
        {
            "event_date": located["event_date"].dt.normalize(),
            "place": located["place"],
            "admin1_pcode": located["admin1_pcode"],
            "gaining_role": located["gaining_role"],
            "distance_km": haversine_km(
                origin[0], origin[1], located["latitude"], located["longitude"]
            ).astype(float),
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
    ``places`` (located changes). Bins without one are absent. Give ``changes`` of ONE faction
    (:func:`front`): the farthest place of all factions mixes unrelated fronts.
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
    """One faction's front over a report's period (see :func:`front`)."""

    role: str
    named: bool  # the user named the faction (else: the one with the most gains)
    origin: tuple[float, float]
    first_day: pd.Timestamp
    starters: tuple[str, ...]  # the places whose centroid is the origin
    points: pd.DataFrame  # place_distances of the faction's located gains
    by_bin: pd.DataFrame  # front_distance per bin
    farthest: Result  # key "front_farthest_km"
    farthest_at: tuple[str, pd.Timestamp, float]  # its place, day and exact distance (km)
    others: tuple[str, ...]  # other roles that gained located places, not drawn

    @property
    def label(self) -> str:
        return factions.label(self.role)


def front(
    changes: pd.DataFrame, period: Period, freq: str, source: str, faction: str = ""
) -> Front | None:
    """The front of one faction in the period (``changes`` are the period's): ``faction`` as in
    :func:`front_role`, its located gains, their distances from the centroid of its first day's
    located gains, per bin, and the farthest place as a result (key ``front_farthest_km``,
    notes: the place, its governorate P-code and the day). None when that faction has no
    located gain in the period."""
    role = front_role(changes, faction)
    if role is None:
        return None
    rows = roles_added(changes)
    own = rows[rows["gaining_role"] == role].dropna(subset=["latitude", "longitude"])
    if own.empty:
        return None
    origin = front_origin(own)
    day = own["event_date"].dt.normalize()
    first_day = day.min()
    starters = tuple(dict.fromkeys(str(p) for p in own.loc[day == first_day, "place"]))
    points = place_distances(own, origin)
    far = points.loc[points["distance_km"].idxmax()]
    pcode = None if pd.isna(far["admin1_pcode"]) else str(far["admin1_pcode"])
    gov = gazetteer.by_pcode().get(pcode) if pcode else None
    farthest = Result(
        key="front_farthest_km",
        label=f"Farthest place gained by {factions.label(role)} from its starting point",
        value=round_km(far["distance_km"]),
        unit="km",
        source=source,
        period=period,
        notes=(
            str(far["place"]),
            gov.name if gov else "no governorate given",
            day_text(far["event_date"]),
        ),
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
        by_bin=front_distance(own, origin, freq, period),
        farthest=farthest,
        farthest_at=(str(far["place"]), far["event_date"], float(far["distance_km"])),
        others=others,
    )


def round_km(value: float) -> int:
    """Distance rounded to the km, for text."""
    return math.floor(float(value) + 0.5)
