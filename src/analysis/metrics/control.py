"""Derived numbers on territorial control: who holds each place, the pace and reach of an advance,
and reported shares of territory.

Every function takes a tidy frame (``CONTROL_CHANGES`` or ``TERRITORY_SHARES`` of
:mod:`analysis.data.schema`) and returns a new one; none reads files or draws.

Definitions used throughout:

- **A place** is a place name *and* its governorate (``place`` + ``admin1_pcode``): "Aleppo" in
  Aleppo governorate is one place however many times it changes hands. Rows without coordinates
  are places too: they count in every number and table, but cannot be drawn on a map.
- **A change of control** is one row of the data (the bundled file has one row per place
  changing hands; ACLED's "Government regains territory" and "Non-state actor overtakes
  territory" events). The gaining and losing factions are kept as published; ``gaining_role``
  is their palette role from :mod:`analysis.factions`.
- **A provincial capital** is a place named like its own governorate (gazetteer lookup of the
  place name gives the row's P-code: "Hama" in SY05, "Deir ez-Zor" in SY09). Syria's
  governorates are named after their capitals, except Rural Damascus, whose seat is Damascus.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from analysis import factions, gazetteer
from analysis.metrics import as_day

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), for haversine distances."""

SHARE_OF_TERRITORY = "share_of_territory"
"""``metric`` of the territory-shares rows that are shares of Syria's whole territory."""

PLACE_KEY = ("place", "admin1_pcode")


def with_roles(changes: pd.DataFrame) -> pd.DataFrame:
    """``changes`` with ``gaining_role`` and ``losing_role`` (palette roles) added."""
    out = changes.copy()
    out["gaining_role"] = factions.roles(out["faction_gaining"]).to_numpy()
    out["losing_role"] = factions.roles(out["faction_losing"]).to_numpy()
    return out


def _ordered(changes: pd.DataFrame) -> pd.DataFrame:
    """Changes in date order; rows of one day keep the order of the file (stable sort)."""
    return changes.sort_values("event_date", kind="stable")


def _place_frame(changes: pd.DataFrame) -> pd.DataFrame:
    """The place key columns with missing governorates as "" so groupby keeps them."""
    out = changes.copy()
    out["admin1_pcode"] = out["admin1_pcode"].astype("string").fillna("")
    out["place"] = out["place"].astype("string").fillna("")
    return out


def holder_at(
    changes: pd.DataFrame,
    date: str | dt.date | pd.Timestamp | None = None,
    *,
    since: str | dt.date | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """One row per place: the faction holding it after the last change up to ``date`` (inclusive).

    Columns: ``place``, ``admin1_pcode``, ``admin1_name``, ``latitude``, ``longitude``,
    ``holder`` (the gaining faction of the last change, as published), ``holder_role``,
    ``last_change`` (its date), ``changes`` (how many changes of the place up to ``date``),
    ``has_coordinates`` and ``changed_since`` (the last change is on or after ``since``; all
    True when ``since`` is None). Places are sorted by last change, then name. Two changes of a
    place on one day are taken in the order of the file. Coordinates are those of the last
    change that has them.
    """
    columns = [
        "place",
        "admin1_pcode",
        "admin1_name",
        "latitude",
        "longitude",
        "holder",
        "holder_role",
        "last_change",
        "changes",
        "has_coordinates",
        "changed_since",
    ]
    end = as_day(date)
    rows = changes if end is None else changes[changes["event_date"] < end + pd.Timedelta(days=1)]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    rows = _place_frame(_ordered(rows))
    key = list(PLACE_KEY)
    last = rows.groupby(key, sort=False, dropna=False).tail(1).set_index(key)
    counts = rows.groupby(key, sort=False, dropna=False).size()
    located = rows.dropna(subset=["latitude", "longitude"])
    coords = located.groupby(key, sort=False).tail(1).set_index(key)[["latitude", "longitude"]]
    out = pd.DataFrame(
        {
            "admin1_name": last["admin1_name"],
            "holder": last["faction_gaining"],
            "last_change": last["event_date"],
        }
    )
    out = out.join(coords, how="left", validate="1:1")
    out["changes"] = counts.reindex(out.index).astype(int)
    out = out.reset_index()
    out["holder_role"] = factions.roles(out["holder"]).to_numpy()
    out["has_coordinates"] = out["latitude"].notna() & out["longitude"].notna()
    start = as_day(since)
    out["changed_since"] = True if start is None else out["last_change"] >= start
    out["admin1_pcode"] = out["admin1_pcode"].replace("", pd.NA)
    out = out.sort_values(["last_change", "place"], kind="stable").reset_index(drop=True)
    return out[columns]


def places_changed(changes: pd.DataFrame) -> int:
    """How many distinct places (name + governorate) the changes concern."""
    if changes.empty:
        return 0
    return int(_place_frame(changes)[list(PLACE_KEY)].drop_duplicates().shape[0])


def places_by_gaining_role(changes: pd.DataFrame) -> pd.DataFrame:
    """Distinct places gained by each role (a place taken by two roles counts for each).

    Columns ``gaining_role``, ``label``, ``places``, ``changes``; roles in legend order.
    """
    if changes.empty:
        return pd.DataFrame(columns=["gaining_role", "label", "places", "changes"])
    rows = _place_frame(with_roles(changes))
    grouped = rows.groupby("gaining_role")
    table = pd.DataFrame(
        {
            "places": grouped.apply(
                lambda g: len(g[list(PLACE_KEY)].drop_duplicates()), include_groups=False
            ),
            "changes": grouped.size(),
        }
    )
    order = factions.in_legend_order(table.index)
    table = table.reindex(order).rename_axis("gaining_role").reset_index()
    table.insert(1, "label", [factions.label(r) for r in table["gaining_role"]])
    return table


def changes_per_day(changes: pd.DataFrame, freq: str = "D") -> pd.DataFrame:
    """Places changing hands per day (``freq="D"``) or ISO week (``"W"``), by gaining role.

    A tidy frame with ``period_start`` (the day, or the Monday of the week), ``gaining_role`` and
    ``places`` (distinct places changing hands in that period to that role). Every day (week)
    between the first and the last change is present for every role that gains anything, with 0
    where nothing changed hands, so a chart shows lulls.
    """
    columns = ["period_start", "gaining_role", "places"]
    if freq not in ("D", "W"):
        raise ValueError(f"freq must be 'D' or 'W', not {freq!r}")
    if changes.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    rows = _place_frame(with_roles(changes))
    day = rows["event_date"].dt.normalize()
    if freq == "W":
        day = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    rows["period_start"] = day
    counts = (
        rows.drop_duplicates(["period_start", "gaining_role", *PLACE_KEY])
        .groupby(["period_start", "gaining_role"])
        .size()
        .rename("places")
    )
    step = "D" if freq == "D" else "7D"
    full_days = pd.date_range(day.min(), day.max(), freq=step, name="period_start")
    present = factions.in_legend_order(rows["gaining_role"].unique())
    full = pd.MultiIndex.from_product([full_days, present], names=["period_start", "gaining_role"])
    table = counts.reindex(full, fill_value=0).reset_index()
    table["places"] = table["places"].astype(int)
    return table[columns]


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray | float:
    """Great-circle distance in km between points given in degrees (scalars or arrays)."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi = phi2 - phi1
    dlmb = np.radians(np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float))
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def front_origin(changes: pd.DataFrame) -> tuple[float, float] | None:
    """The default starting point: the centroid (mean latitude and longitude) of the changes
    with coordinates on the first day that has any; None when no change has coordinates."""
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
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    located = with_roles(located)
    out = pd.DataFrame(
        {
            "event_date": located["event_date"].dt.normalize(),
            "place": located["place"],
            "admin1_pcode": located["admin1_pcode"],
            "gaining_role": located["gaining_role"],
            "distance_km": haversine_km(
                origin[0], origin[1], located["latitude"], located["longitude"]
            ),
        }
    )
    return out.sort_values("event_date", kind="stable").reset_index(drop=True)[columns]


def front_distance(
    changes: pd.DataFrame, origin: tuple[float, float] | None = None, freq: str = "D"
) -> pd.DataFrame:
    """How far from its starting point the front reached each day (``freq="D"``) or ISO week
    (``"W"``).

    Method: every change of control with coordinates is a point the front reached that day. Its
    great-circle (haversine) distance in km from ``origin`` (latitude, longitude) is computed;
    ``origin`` defaults to the centroid of the first day's changes (:func:`front_origin`). For
    each day (week) with changes the table gives ``period_start`` (the day, or the Monday of the
    week), ``max_km`` (the farthest place reached), ``median_km`` and ``places`` (changes with
    coordinates). Days without a located change are absent. With several fronts at once (the
    south, the east) the maximum is the farthest front, not one front's depth: read it with the
    points by faction (:func:`place_distances`).
    """
    columns = ["period_start", "max_km", "median_km", "places"]
    if freq not in ("D", "W"):
        raise ValueError(f"freq must be 'D' or 'W', not {freq!r}")
    points = place_distances(changes, origin)
    if points.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    start = points["event_date"]
    if freq == "W":
        start = start - pd.to_timedelta(start.dt.day_of_week, unit="D")
    grouped = points.groupby(start.rename("period_start"))["distance_km"]
    table = pd.DataFrame(
        {"max_km": grouped.max(), "median_km": grouped.median(), "places": grouped.size()}
    ).reset_index()
    return table[columns]


def capitals(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes whose place is a provincial capital (named like its own governorate)."""
    if changes.empty:
        return changes
    keys = changes[list(PLACE_KEY)].drop_duplicates()
    is_capital = {
        (place, pcode): pd.notna(place)
        and pd.notna(pcode)
        and gazetteer.lookup(str(place)) == str(pcode)
        for place, pcode in keys.itertuples(index=False)
    }
    mask = [is_capital[(p, c)] for p, c in changes[list(PLACE_KEY)].itertuples(index=False)]
    return changes[np.asarray(mask, dtype=bool)]


def capital_names(changes: pd.DataFrame) -> list[str]:
    """Provincial capitals among the changes, in the order they first changed hands."""
    found = _ordered(capitals(changes))
    return list(dict.fromkeys(str(p) for p in found["place"]))


def shares_of_territory(shares: pd.DataFrame) -> pd.DataFrame:
    """Rows that are shares of Syria's whole territory, with ``role`` and a numeric value."""
    rows = shares[shares["metric"] == SHARE_OF_TERRITORY].copy()
    rows["role"] = factions.roles(rows["faction"]).to_numpy()
    return rows


def shares_latest(shares: pd.DataFrame) -> pd.DataFrame:
    """The latest dated share of territory of each organisation and faction.

    Only ``share_of_territory`` rows with a number and an as-of date count (undated and
    qualitative figures such as "nearly two-thirds" are left out). Columns are those of the
    input plus ``role``; sorted by organisation, then share (largest first).
    """
    rows = shares_of_territory(shares)
    rows = rows.dropna(subset=["value", "as_of_date"])
    if rows.empty:
        return rows
    latest = rows.groupby("organisation")["as_of_date"].transform("max")
    rows = rows[rows["as_of_date"] == latest]
    return rows.sort_values(["organisation", "value"], ascending=[True, False]).reset_index(
        drop=True
    )


def share_sums(shares: pd.DataFrame) -> pd.DataFrame:
    """Sum of the percentage shares of each report (organisation and as-of label): a sum above
    100 flags an inconsistent report (Jusoor, Feb 2020: 100.45)."""
    rows = shares_of_territory(shares)
    rows = rows[(rows["unit"] == "percent") & rows["value"].notna()]
    columns = ["organisation", "as_of_label", "as_of_date", "total_pct", "factions"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    label = rows["as_of_label"].fillna("")
    grouped = rows.groupby([rows["organisation"], label.rename("as_of_label")])
    table = pd.DataFrame(
        {
            "as_of_date": grouped["as_of_date"].min(),
            "total_pct": grouped["value"].sum().astype(float),
            "factions": grouped.size(),
        }
    )
    return table.reset_index()[columns]


def round_km(value: float) -> int:
    """Distance rounded to the km, for text."""
    return math.floor(float(value) + 0.5)
