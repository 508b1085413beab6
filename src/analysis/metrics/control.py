"""Territorial control numbers: who last gained each place, how many places changed hands, the
pace and reach of one front, and reported shares of territory.

Every function takes a tidy frame (``CONTROL_CHANGES`` or ``TERRITORY_SHARES`` of
:mod:`analysis.data.schema`) and returns a tidy frame or :class:`~analysis.metrics.Result`
values; none reads files or draws.

Definitions used throughout:

- **A place** is a place name *and* its governorate (``place`` + ``admin1_pcode``): "Aleppo" in
  Aleppo governorate is one place however many times it changes hands. Rows without coordinates
  are places too: they count in every number and table, but cannot be drawn on a map.
- **A change of control** is one row of the data (the bundled file has one row per place
  changing hands; ACLED's "Government regains territory" and "Non-state actor overtakes
  territory" events). The gaining and losing factions are kept as published; ``gaining_role``
  is their palette role from :mod:`analysis.factions`.
- **The last known holder** of a place on a date is the gaining faction of its last recorded
  change up to that date. Event data records changes, not control: a place whose last change is
  years old may have changed hands since without an event in the file, so the holder is only
  as current as that change (:data:`AGES` groups places by how old it is).
- **A provincial capital** is a place named like its own governorate (gazetteer lookup of the
  place name gives the row's P-code: "Hama" in SY05, "Deir ez-Zor" in SY09). Syria's
  governorates are named after their capitals, except Rural Damascus, whose seat is Damascus.
- **A front** is the changes gained by one faction role (:func:`front`): its starting point is
  the centroid of that faction's located gains on its first day with any, and its reach on a
  day is the great-circle distance of the places that faction gained that day. Places other
  factions took elsewhere are never part of it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import factions, gazetteer
from analysis.metrics.filters import as_day
from analysis.metrics.results import Period, Result, day_text
from analysis.metrics.time import bin_span, bin_start, bins
from analysis.parameters import check_faction

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), for haversine distances."""

SHARE_OF_TERRITORY = "share_of_territory"
"""``metric`` of the territory-shares rows that are shares of Syria's whole territory."""

PLACE_KEY = ("place", "admin1_pcode")

AGES = ("recent", "year_before", "older")
"""How old the knowledge of a place's holder is, counted back from the report's end
(:func:`recent_since`): its last recorded change is recent (in the period, or in the last year
of a period longer than a year), in the year before that, or older."""


def recent_since(period: Period) -> pd.Timestamp:
    """The first day a change counts as recent on the map: the period's first day, or, for a
    period longer than a year, the first day of its last year (a gain six years before the
    report's end is no more current for having happened inside a long period)."""
    return max(period.start, period.end - pd.DateOffset(years=1) + pd.Timedelta(days=1))


def age_labels(period: Period) -> dict[str, str]:
    """What each age group covers, in words, for legends and sentences."""
    since = recent_since(period)
    before = year_before(since)
    recent = (
        "in the period"
        if since == period.start
        else f"in the period's last year (since {day_text(since)})"
    )
    return {
        "recent": recent,
        "year_before": f"{day_text(before)} to {day_text(since - pd.Timedelta(days=1))}",
        "older": f"before {day_text(before)}",
    }


def with_roles(changes: pd.DataFrame) -> pd.DataFrame:
    """``changes`` with ``gaining_role`` and ``losing_role`` (palette roles) added."""
    out = changes.copy()
    out["gaining_role"] = factions.roles(out["faction_gaining"]).to_numpy()
    out["losing_role"] = factions.roles(out["faction_losing"]).to_numpy()
    return out


def _roles(changes: pd.DataFrame) -> pd.DataFrame:
    return changes if "gaining_role" in changes else with_roles(changes)


def _ordered(changes: pd.DataFrame) -> pd.DataFrame:
    """Changes in date order; rows of one day keep the order of the file (stable sort)."""
    return changes.sort_values("event_date", kind="stable")


def _place_frame(changes: pd.DataFrame) -> pd.DataFrame:
    """The place key columns with missing governorates as "" so groupby keeps them."""
    out = changes.copy()
    out["admin1_pcode"] = out["admin1_pcode"].astype("string").fillna("")
    out["place"] = out["place"].astype("string").fillna("")
    return out


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


# ---------------------------------------------------------------------------------------------
# Who last gained each place


def year_before(start: pd.Timestamp) -> pd.Timestamp:
    """The first day of the year before a period that starts on ``start``."""
    return pd.Timestamp(start) - pd.DateOffset(years=1)


def holder_at(
    changes: pd.DataFrame,
    date: str | dt.date | pd.Timestamp | None = None,
    *,
    since: str | dt.date | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """One row per place: its last known holder after the last change up to ``date`` (inclusive).

    Columns: ``place``, ``admin1_pcode``, ``admin1_name``, ``latitude``, ``longitude``,
    ``holder`` (the gaining faction of the last change, as published), ``holder_role``,
    ``last_change`` (its date), ``changes`` (how many changes of the place up to ``date``),
    ``has_coordinates``, ``changed_since`` (the last change is on or after ``since``; all True
    when ``since`` is None) and ``age`` (one of :data:`AGES`: "recent" from ``since`` on,
    "year_before" in the year before ``since``, else "older"). Places are sorted by last change,
    then name. Two changes of a place on one day are taken in the order of the file.
    Coordinates are those of the last change that has them.
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
        "age",
    ]
    end = as_day(date)
    rows = changes if end is None else changes[changes["event_date"] < end + pd.Timedelta(days=1)]
    if rows.empty:
        return _empty(columns)
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
            "last_change": last["event_date"].dt.normalize(),
        }
    )
    out = out.join(coords, how="left", validate="1:1")
    out["changes"] = counts.reindex(out.index).astype(int)
    out = out.reset_index()
    out["holder_role"] = factions.roles(out["holder"]).to_numpy()
    out["has_coordinates"] = out["latitude"].notna() & out["longitude"].notna()
    start = as_day(since)
    if start is None:
        out["changed_since"] = True
        out["age"] = "recent"
    else:
        out["changed_since"] = out["last_change"] >= start
        recent = out["last_change"] >= year_before(start)
        out["age"] = np.where(
            out["changed_since"], "recent", np.where(recent, "year_before", "older")
        )
    out["admin1_pcode"] = out["admin1_pcode"].replace("", pd.NA)
    out = out.sort_values(["last_change", "place"], kind="stable").reset_index(drop=True)
    return out[columns]


def holders(changes: pd.DataFrame, period: Period) -> pd.DataFrame:
    """:func:`holder_at` on the period's last day, with ages counted from
    :func:`recent_since`."""
    return holder_at(changes, period.end, since=recent_since(period))


def holders_by_age(held: pd.DataFrame) -> pd.DataFrame:
    """Places of :func:`holder_at` per age group and last known holder's role: columns ``age``,
    ``holder_role``, ``places``, ``located`` (places with coordinates); ages in :data:`AGES`
    order, roles in legend order; only groups that hold places."""
    columns = ["age", "holder_role", "places", "located"]
    if held.empty:
        return _empty(columns)
    grouped = held.groupby(["age", "holder_role"])
    table = pd.DataFrame(
        {"places": grouped.size(), "located": grouped["has_coordinates"].sum().astype(int)}
    ).reset_index()
    legend = {r: i for i, r in enumerate(factions.ROLES)}
    table["_a"] = table["age"].map(AGES.index)
    table["_r"] = table["holder_role"].map(legend)
    return table.sort_values(["_a", "_r"]).reset_index(drop=True)[columns]


def age_results(held: pd.DataFrame, period: Period, source: str) -> dict[str, Result]:
    """How many places the map shows in each age group (keys ``places_age_<age>``, labels from
    :func:`age_labels`), as of the period's last day; every group is present, 0 when empty."""
    labels = age_labels(period)
    out = {}
    for age in AGES:
        rows = held[held["age"] == age] if len(held) else held
        located = int(rows["has_coordinates"].sum()) if len(rows) else 0
        out[age] = Result(
            key=f"places_age_{age}",
            label=f"Places last changing hands {labels[age]}",
            value=len(rows),
            unit="places",
            source=source,
            as_of=period.end,
            notes=(f"{located:,} with coordinates",),
        )
    return out


# ---------------------------------------------------------------------------------------------
# How many places changed hands


def places_changed(changes: pd.DataFrame) -> int:
    """How many distinct places (name + governorate) the changes concern."""
    if changes.empty:
        return 0
    return int(_place_frame(changes)[list(PLACE_KEY)].drop_duplicates().shape[0])


def places_changed_result(
    changes: pd.DataFrame, period: Period, source: str, covered: Period | None = None
) -> Result:
    """Key ``places_changed``: distinct places that changed hands in ``period`` (``changes`` are
    those of the period); its note gives the number of changes of control. ``covered`` is what
    the file covers: a period outside it has no value (not 0), and a note saying so."""
    n = len(changes)
    if changes.empty and (covered is None or not covered.overlaps(period)):
        what = f"the file covers {covered.label}" if covered else "the file holds no change"
        return Result(
            key="places_changed",
            label="Places that changed hands",
            value=None,
            unit="places",
            source=source,
            period=period,
            notes=(what,),
        )
    return Result(
        key="places_changed",
        label="Places that changed hands",
        value=places_changed(changes),
        unit="places",
        source=source,
        period=period,
        notes=(f"{n:,} change{'' if n == 1 else 's'} of control",),
    )


def changes_result(changes: pd.DataFrame, period: Period, source: str) -> Result:
    """Key ``changes_of_control``: how many changes of control (rows) the period has."""
    return Result(
        key="changes_of_control",
        label="Changes of control",
        value=len(changes),
        unit="changes",
        source=source,
        period=period,
    )


def places_by_gaining_role(changes: pd.DataFrame) -> pd.DataFrame:
    """Distinct places gained by each role (a place taken by two roles counts for each).

    Columns ``gaining_role``, ``label``, ``places``, ``changes``; roles in legend order.
    """
    columns = ["gaining_role", "label", "places", "changes"]
    if changes.empty:
        return pd.DataFrame(columns=columns)
    rows = _place_frame(_roles(changes))
    distinct = rows.drop_duplicates(["gaining_role", *PLACE_KEY])
    table = pd.DataFrame(
        {
            "places": distinct.groupby("gaining_role").size(),
            "changes": rows.groupby("gaining_role").size(),
        }
    )
    order = factions.in_legend_order(table.index)
    table = table.reindex(order).rename_axis("gaining_role").reset_index()
    table.insert(1, "label", [factions.label(r) for r in table["gaining_role"]])
    return table[columns]


def gained_by(changes: pd.DataFrame, period: Period, source: str) -> list[Result]:
    """One result per gaining role (keys ``gained_by_<role>``): distinct places it gained in the
    period, with the number of changes in a note when it differs; legend order."""
    out = []
    for row in places_by_gaining_role(changes).itertuples(index=False):
        notes = ()
        if row.changes != row.places:
            notes = (f"{row.changes:,} changes of control",)
        out.append(
            Result(
                key=f"gained_by_{row.gaining_role}",
                label=f"Gained by {row.label}",
                value=int(row.places),
                unit="places",
                source=source,
                period=period,
                notes=notes,
            )
        )
    return out


def last_change(changes: pd.DataFrame) -> pd.Timestamp | None:
    """The day of the last change in ``changes``; None when there is none."""
    return None if changes.empty else pd.Timestamp(changes["event_date"].max()).normalize()


def unlocated(held: pd.DataFrame) -> list[str]:
    """Names of the places of :func:`holder_at` that have no coordinates (not on a map)."""
    if held.empty:
        return []
    return [str(p) for p in held.loc[~held["has_coordinates"].astype(bool), "place"]]


def faction_names(changes: pd.DataFrame) -> pd.DataFrame:
    """Every faction name of the changes (gaining or losing) as published, with its role's
    label and how often it appears (``name``, ``role``, ``mentions``), in legend order, then
    most mentioned; a missing name is "(not stated)"."""
    names = pd.concat(
        [changes["faction_gaining"], changes["faction_losing"]], ignore_index=True
    ).astype("string")
    names = names.fillna("(not stated)")
    counts = names.value_counts().rename_axis("name").reset_index(name="mentions")
    counts["role"] = [
        factions.label(factions.role(None if n == "(not stated)" else n)) for n in counts["name"]
    ]
    order = {factions.label(r): i for i, r in enumerate(factions.ROLES)}
    counts["order"] = counts["role"].map(order)
    counts = counts.sort_values(["order", "mentions", "name"], ascending=[True, False, True])
    return counts[["name", "role", "mentions"]].reset_index(drop=True)


def repeated_places(changes: pd.DataFrame) -> pd.DataFrame:
    """Places that changed hands more than once: ``place``, ``admin1_pcode``, ``changes``; most
    changes first, then in order of first change."""
    columns = ["place", "admin1_pcode", "changes"]
    if changes.empty:
        return _empty(columns)
    rows = _place_frame(_ordered(changes))
    counts = rows.groupby(list(PLACE_KEY), sort=False).size().rename("changes").reset_index()
    counts = counts[counts["changes"] > 1].sort_values("changes", ascending=False, kind="stable")
    counts["admin1_pcode"] = counts["admin1_pcode"].replace("", pd.NA)
    return counts.reset_index(drop=True)[columns]


# ---------------------------------------------------------------------------------------------
# Provincial capitals


def is_capital(changes: pd.DataFrame) -> pd.Series:
    """True for the rows whose place is a provincial capital (named like its own governorate)."""
    if changes.empty:
        return pd.Series(dtype=bool, index=changes.index)
    keys = changes[list(PLACE_KEY)].drop_duplicates()
    found = {
        (place, pcode): pd.notna(place)
        and pd.notna(pcode)
        and gazetteer.lookup(str(place)) == str(pcode)
        for place, pcode in keys.itertuples(index=False)
    }
    mask = [found[(p, c)] for p, c in changes[list(PLACE_KEY)].itertuples(index=False)]
    return pd.Series(np.asarray(mask, dtype=bool), index=changes.index)


def capitals(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes whose place is a provincial capital (named like its own governorate)."""
    if changes.empty:
        return changes
    return changes[is_capital(changes)]


def capital_names(changes: pd.DataFrame) -> list[str]:
    """Provincial capitals among the changes, in the order they first changed hands."""
    found = _ordered(capitals(changes))
    return list(dict.fromkeys(str(p) for p in found["place"]))


def capitals_changed(changes: pd.DataFrame, period: Period, source: str) -> Result | None:
    """Key ``capitals_changed``: provincial capitals that changed hands in the period, their
    names (in order of first change) in the notes; None when none did."""
    names = capital_names(changes)
    if not names:
        return None
    return Result(
        key="capitals_changed",
        label="Provincial capitals that changed hands",
        value=len(names),
        unit="places",
        source=source,
        period=period,
        notes=(", ".join(names),),
    )


# ---------------------------------------------------------------------------------------------
# Pace


def changes_by_bin(changes: pd.DataFrame, period: Period, freq: str) -> pd.DataFrame:
    """Changes of control per time bin of ``period`` (``freq`` from
    :func:`analysis.metrics.time.granularity`) and gaining role.

    Columns ``bin_start``, ``gaining_role``, ``changes`` (rows: they add up to the period's
    changes of control) and ``places`` (distinct places that role gained in the bin). Every bin
    of the period is present for every role that gains anything, with 0 where nothing changed
    hands, so a chart shows lulls. Rows outside the period are not counted.
    """
    columns = ["bin_start", "gaining_role", "changes", "places"]
    inside = changes[
        (changes["event_date"] >= period.start) & (changes["event_date"] < period.stop)
    ]
    if inside.empty:
        return _empty(columns)
    rows = _place_frame(_roles(inside))
    rows["bin_start"] = bin_start(rows["event_date"], freq)
    keys = ["bin_start", "gaining_role"]
    counts = pd.DataFrame(
        {
            "changes": rows.groupby(keys).size(),
            "places": rows.drop_duplicates([*keys, *PLACE_KEY]).groupby(keys).size(),
        }
    )
    present = factions.in_legend_order(rows["gaining_role"].unique())
    full = pd.MultiIndex.from_product([bins(period, freq), present], names=keys)
    table = counts.reindex(full, fill_value=0).reset_index()
    table[["changes", "places"]] = table[["changes", "places"]].astype(int)
    return table[columns]


def busiest_bin(changes: pd.DataFrame, period: Period, freq: str, source: str) -> Result | None:
    """Key ``busiest_bin``: the bin with the most changes of control (the earliest on a tie);
    its period is the bin cut to the report's period; the note gives its distinct places.
    None when the period has no change."""
    inside = changes[
        (changes["event_date"] >= period.start) & (changes["event_date"] < period.stop)
    ]
    if inside.empty:
        return None
    rows = _place_frame(inside)
    rows["bin_start"] = bin_start(rows["event_date"], freq)
    per = rows.groupby("bin_start").size()
    start = per.idxmax()
    in_bin = rows[rows["bin_start"] == start]
    n_places = len(in_bin[list(PLACE_KEY)].drop_duplicates())
    return Result(
        key="busiest_bin",
        label="Most changes of control in one "
        + {"D": "day", "W": "week", "M": "month"}.get(freq, "year"),
        value=int(per.max()),
        unit="changes",
        source=source,
        period=bin_span(start, freq, period),
        notes=(f"{n_places:,} place{'' if n_places == 1 else 's'}",),
    )


# ---------------------------------------------------------------------------------------------
# Distance of one front


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
        return _empty(columns)
    located = _roles(located)
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
        return _empty(columns)
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
    rows = _roles(changes)
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


# ---------------------------------------------------------------------------------------------
# The table of changes


def ordered_changes(changes: pd.DataFrame, *, capitals_first: bool = True) -> pd.DataFrame:
    """The changes most significant first: with ``capitals_first``, the latest change of each
    provincial capital, then every other change, most recent first; rows of one day in the
    order of the file. Adds ``is_capital`` and ``first_shown`` (the row is a capital's latest
    change, put first)."""
    out = changes.copy()
    if out.empty:
        out["is_capital"] = pd.Series(dtype=bool)
        out["first_shown"] = pd.Series(dtype=bool)
        return out
    out["is_capital"] = is_capital(out).to_numpy()
    out["_row"] = np.arange(len(out))
    out = out.sort_values(["event_date", "_row"], ascending=[False, True], kind="stable")
    latest = ~_place_frame(out).duplicated(list(PLACE_KEY), keep="first")
    out["first_shown"] = (out["is_capital"] & latest) if capitals_first else False
    out = out.sort_values("first_shown", ascending=False, kind="stable")
    return out.drop(columns="_row").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# As-of dates


def shown_as_of(as_of: pd.Timestamp | None, period: Period) -> pd.Timestamp:
    """The date the data shown for ``period`` is as of: the period's last day, or the file's
    own as-of date when that is earlier (a 1-8 December report is as of 8 December, not of the
    file's 31 December)."""
    end = period.end
    if as_of is None or pd.isna(as_of):
        return end
    return min(end, pd.Timestamp(as_of).normalize())


# ---------------------------------------------------------------------------------------------
# Shares of territory


def shares_of_territory(shares: pd.DataFrame) -> pd.DataFrame:
    """Rows that are shares of Syria's whole territory, with ``role`` and a numeric value."""
    rows = shares[shares["metric"] == SHARE_OF_TERRITORY].copy()
    rows["role"] = factions.roles(rows["faction"]).to_numpy()
    return rows


def drawn_shares(shares: pd.DataFrame) -> pd.DataFrame:
    """The shares a chart draws: of the whole territory, in percent, with a number."""
    rows = shares_of_territory(shares)
    return rows[(rows["unit"] == "percent") & rows["value"].notna()]


def other_shares(shares: pd.DataFrame) -> pd.DataFrame:
    """The reported control figures no chart draws (areas, counts, one governorate, no number),
    in date order."""
    drawn = (
        (shares["metric"] == SHARE_OF_TERRITORY)
        & (shares["unit"] == "percent")
        & shares["value"].notna()
    )
    return shares[~drawn.fillna(False).astype(bool)].sort_values("as_of_date", kind="stable")


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


def newest_shares(shares: pd.DataFrame) -> list[Result]:
    """The shares of the most recent dated report(s) (keys ``share_<n>``), each as published:
    the faction as its label, its qualifier kept, the organisation as its source, the report's
    date as its as-of date. Empty when no dated share has a number."""
    latest = shares_latest(shares)
    latest = latest[latest["unit"] == "percent"] if len(latest) else latest
    if latest.empty:
        return []
    newest = latest["as_of_date"].max()
    rows = latest[latest["as_of_date"] == newest]
    return [
        Result(
            key=f"share_{i}",
            label=str(r.faction),
            value=float(r.value),
            unit="percent",
            source=str(r.organisation),
            qualifier=None if pd.isna(r.qualifier) else str(r.qualifier),
            as_of=r.as_of_date,
        )
        for i, r in enumerate(rows.itertuples(index=False))
    ]


def share_sums(shares: pd.DataFrame) -> pd.DataFrame:
    """Sum of the percentage shares of each report (organisation and as-of label): a sum above
    100 flags an inconsistent report (Jusoor, Feb 2020: 100.45)."""
    rows = drawn_shares(shares)
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


def over_full_shares(shares: pd.DataFrame, source: str = "") -> list[Result]:
    """Reports whose percentage shares sum above 100% (keys ``share_sum_<n>``): value the sum,
    source the organisation, as-of the report's date (None when undated)."""
    sums = share_sums(shares)
    return [
        Result(
            key=f"share_sum_{i}",
            label="Sum of the shares published",
            value=float(r.total_pct),
            unit="percent",
            source=str(r.organisation),
            as_of=None if pd.isna(r.as_of_date) else r.as_of_date,
        )
        for i, r in enumerate(sums[sums["total_pct"] > 100.005].itertuples(index=False))
    ]
