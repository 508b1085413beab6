"""Who last gained each place: the last known holder of every place on a date, how old that
knowledge is (:data:`AGES`), and the places the map shows, per age group and holder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import factions
from analysis.metrics.control.places import PLACE_KEY, empty, in_date_order, place_frame
from analysis.metrics.filters import as_day
from analysis.metrics.results import Disclosure, Message, Period, Result
from analysis.metrics.weak_source import disclosed, place_day
from analysis.metrics.weak_source import disclosure as weak_disclosure

AGES = ("recent", "year_before", "older")
"""How old the knowledge of a place's holder is, counted back from the report's end
(:func:`recent_since`): its last recorded change is recent (in the period, or in the last year
of a period longer than a year), in the year before that, or older."""


def recent_since(period: Period) -> pd.Timestamp:
    """The first day a change counts as recent on the map: the period's first day, or, for a
    period longer than a year, the first day of its last year (a gain six years before the
    report's end is no more current for having happened inside a long period)."""
    return max(period.start, period.end - pd.DateOffset(years=1) + pd.Timedelta(days=1))


def year_before(start: pd.Timestamp) -> pd.Timestamp:
    """The first day of the year before a period that starts on ``start``."""
    return pd.Timestamp(start) - pd.DateOffset(years=1)


def age_dates(period: Period) -> dict[str, pd.Timestamp]:
    """The dates that say what each age group covers (the catalogue's ``place_age`` words them,
    for legends, sentences and the labels of :func:`age_results`): ``start`` the period's first
    day, ``since`` the first day counted as recent (:func:`recent_since`), ``until`` the day
    before it, ``before`` the first day of the year before it (older changes are before it)."""
    since = recent_since(period)
    return {
        "start": period.start,
        "since": since,
        "until": since - pd.Timedelta(days=1),
        "before": year_before(since),
    }


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
        return empty(columns)
    rows = place_frame(in_date_order(rows))
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
    for column in ("weak_source", "record_id"):  # of the last change (bundled data only)
        if column in last:
            out[column] = last[column].astype("string").to_numpy()
            columns.append(column)
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
        return empty(columns)
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
    the catalogue's ``places_age``, with the dates of :func:`age_dates`), as of the period's last
    day; every group is present, 0 when empty."""
    dates = age_dates(period)
    out = {}
    for age in AGES:
        rows = held[held["age"] == age] if len(held) else held
        located = int(rows["has_coordinates"].sum()) if len(rows) else 0
        result = Result(
            key=f"places_age_{age}",
            label=Message.of("places_age", age=age, **dates),
            value=len(rows),
            unit="places",
            source=source,
            as_of=period.end,
            notes=(Message.of("with_coordinates", places=located),),
        )
        out[age] = disclosed(result, rows, describe_holder, of=len(rows))
    return out


def describe_holder(row: object) -> Message:
    """A place of :func:`holder_at`, by its last change, for a note (catalogue ``place_day``:
    "Latakia, 8 December 2024")."""
    return place_day(row.place, row.last_change)


def weak_holders(held: pd.DataFrame) -> Disclosure | None:
    """The places of :func:`holder_at` a map draws whose last change rests on a single weak
    source (None when none does)."""
    located = held[held["has_coordinates"].astype(bool)] if len(held) else held
    return weak_disclosure(located, describe_holder)


def unlocated(held: pd.DataFrame) -> list[str]:
    """Names of the places of :func:`holder_at` that have no coordinates (not on a map)."""
    if held.empty:
        return []
    return [str(p) for p in held.loc[~held["has_coordinates"].astype(bool), "place"]]


@dataclass(frozen=True)
class HeldCounts:
    """The places of :func:`holder_at` counted for a map, its legend and its text."""

    places: int  # every place with a last known holder
    located: int  # of which with coordinates (drawn)
    unlocated: int  # the others (not on a map)
    unlocated_names: tuple[str, ...]  # their names (:func:`unlocated`)
    by_role: dict[str, int]  # places per last known holder's role, in legend order
    by_age: dict[str, int]  # places per age group, in :data:`AGES` order; only groups with any


def held_counts(held: pd.DataFrame) -> HeldCounts:
    """How many places :func:`holder_at` gives, how many have coordinates, and how many per
    holder's role and per age group (sums of :func:`holders_by_age`)."""
    names = tuple(unlocated(held))
    table = holders_by_age(held)
    by_role = table.groupby("holder_role")["places"].sum() if len(table) else pd.Series(dtype=int)
    by_age = table.groupby("age")["places"].sum() if len(table) else pd.Series(dtype=int)
    return HeldCounts(
        places=len(held),
        located=len(held) - len(names),
        unlocated=len(names),
        unlocated_names=names,
        by_role={r: int(by_role[r]) for r in factions.in_legend_order(by_role.index)},
        by_age={a: int(by_age[a]) for a in AGES if a in by_age.index},
    )
