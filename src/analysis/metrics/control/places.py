"""What a place is, and the preparation every territorial control number shares: the place key,
palette roles of the factions, date order and empty tables (see :mod:`analysis.metrics.control`
for the definitions)."""

from __future__ import annotations

import pandas as pd

from analysis import factions
from analysis.metrics.results import Message
from analysis.metrics.weak_source import place_day

PLACE_KEY = ("place", "admin1_pcode")


def with_roles(changes: pd.DataFrame) -> pd.DataFrame:
    """``changes`` with ``gaining_role`` and ``losing_role`` (palette roles) added."""
    out = changes.copy()
    out["gaining_role"] = factions.roles(out["faction_gaining"]).to_numpy()
    out["losing_role"] = factions.roles(out["faction_losing"]).to_numpy()
    return out


def roles_added(changes: pd.DataFrame) -> pd.DataFrame:
    """``changes`` as they are when they have roles already, else :func:`with_roles`."""
    return changes if "gaining_role" in changes else with_roles(changes)


def in_date_order(changes: pd.DataFrame) -> pd.DataFrame:
    """Changes in date order; rows of one day keep the order of the file (stable sort)."""
    return changes.sort_values("event_date", kind="stable")


def place_frame(changes: pd.DataFrame) -> pd.DataFrame:
    """The place key columns with missing governorates as "" so groupby keeps them."""
    out = changes.copy()
    out["admin1_pcode"] = out["admin1_pcode"].astype("string").fillna("")
    out["place"] = out["place"].astype("string").fillna("")
    return out


def describe_change(row: object) -> Message:
    """One change of control, for a note (catalogue ``place_day``: "Saraqib, 28 November
    2024")."""
    return place_day(row.place, row.event_date)


def only_weakly_sourced(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes of the places whose every change in ``changes`` rests on a single weak
    source: a count of places includes such a place only on a weak source's word (a place also
    reported by a stronger source is not). Empty for files without ``weak_source``."""
    if "weak_source" not in changes or changes.empty:
        return changes.iloc[0:0]
    rows = place_frame(changes)
    weak = rows["weak_source"].astype("string").str.strip().fillna("").ne("")
    every = weak.groupby([rows[c] for c in PLACE_KEY]).transform("all")
    return changes[every.to_numpy(dtype=bool)]


def empty(columns: list[str]) -> pd.DataFrame:
    """A table with ``columns`` and no row."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
