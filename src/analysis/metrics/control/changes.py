"""How many places changed hands: distinct places and changes of control, places gained by
each faction role, the faction names published, and places that changed hands more than
once."""

from __future__ import annotations

import pandas as pd

from analysis import factions
from analysis.metrics.control.places import (
    PLACE_KEY,
    describe_change,
    empty,
    in_date_order,
    only_weakly_sourced,
    place_frame,
    roles_added,
)
from analysis.metrics.results import Message, Period, Result
from analysis.metrics.weak_source import disclosed


def places_changed(changes: pd.DataFrame) -> int:
    """How many distinct places (name + governorate) the changes concern."""
    if changes.empty:
        return 0
    return int(place_frame(changes)[list(PLACE_KEY)].drop_duplicates().shape[0])


def places_changed_result(
    changes: pd.DataFrame, period: Period, source: str, covered: Period | None = None
) -> Result:
    """Key ``places_changed``: distinct places that changed hands in ``period`` (``changes`` are
    those of the period); its note gives the number of changes of control. ``covered`` is what
    the file covers: a period outside it has no value (not 0), and a note saying so."""
    n = len(changes)
    if changes.empty and (covered is None or not covered.overlaps(period)):
        what = (
            Message.of("file_covers", covered=covered) if covered else Message.of("file_no_change")
        )
        return Result(
            key="places_changed",
            label=Message.of("places_changed"),
            value=None,
            unit="places",
            source=source,
            period=period,
            notes=(what,),
        )
    result = Result(
        key="places_changed",
        label=Message.of("places_changed"),
        value=places_changed(changes),
        unit="places",
        source=source,
        period=period,
        notes=(Message.of("changes_of_control_count", changes=n),),
    )
    return disclosed(
        result, only_weakly_sourced(changes), describe_change, of=int(result.value or 0)
    )


def changes_result(changes: pd.DataFrame, period: Period, source: str) -> Result:
    """Key ``changes_of_control``: how many changes of control (rows) the period has."""
    result = Result(
        key="changes_of_control",
        label=Message.of("changes_of_control"),
        value=len(changes),
        unit="changes",
        source=source,
        period=period,
    )
    return disclosed(result, changes, describe_change, of=len(changes))


def places_by_gaining_role(changes: pd.DataFrame) -> pd.DataFrame:
    """Distinct places gained by each role (a place taken by two roles counts for each).

    Columns ``gaining_role``, ``label``, ``places``, ``changes``; roles in legend order.
    """
    columns = ["gaining_role", "label", "places", "changes"]
    if changes.empty:
        return pd.DataFrame(columns=columns)
    rows = place_frame(roles_added(changes))
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
    roles = roles_added(changes) if len(changes) else changes
    for row in places_by_gaining_role(changes).itertuples(index=False):
        notes = ()
        if row.changes != row.places:
            notes = (Message.of("changes_of_control_count", changes=int(row.changes)),)
        result = Result(
            key=f"gained_by_{row.gaining_role}",
            label=Message.of("gained_by", role=row.gaining_role),
            value=int(row.places),
            unit="places",
            source=source,
            period=period,
            notes=notes,
        )
        own = only_weakly_sourced(roles[roles["gaining_role"] == row.gaining_role])
        out.append(disclosed(result, own, describe_change, of=int(row.places)))
    return out


def faction_names(changes: pd.DataFrame) -> pd.DataFrame:
    """Every faction name of the changes (gaining or losing) as published, with its role (a key
    of :mod:`analysis.factions`) and how often it appears (``name``, ``role``, ``mentions``), in
    legend order, then most mentioned; a missing name is NA (first among its role's names of as
    many mentions)."""
    names = pd.concat(
        [changes["faction_gaining"], changes["faction_losing"]], ignore_index=True
    ).astype("string")
    counts = names.value_counts(dropna=False).rename_axis("name").reset_index(name="mentions")
    counts["role"] = [factions.role(n) for n in counts["name"]]
    order = {r: i for i, r in enumerate(factions.ROLES)}
    counts["order"] = counts["role"].map(order)
    counts = counts.sort_values(
        ["order", "mentions", "name"], ascending=[True, False, True], na_position="first"
    )
    return counts[["name", "role", "mentions"]].reset_index(drop=True)


def repeated_places(changes: pd.DataFrame) -> pd.DataFrame:
    """Places that changed hands more than once: ``place``, ``admin1_pcode``, ``changes``; most
    changes first, then in order of first change."""
    columns = ["place", "admin1_pcode", "changes"]
    if changes.empty:
        return empty(columns)
    rows = place_frame(in_date_order(changes))
    counts = rows.groupby(list(PLACE_KEY), sort=False).size().rename("changes").reset_index()
    counts = counts[counts["changes"] > 1].sort_values("changes", ascending=False, kind="stable")
    counts["admin1_pcode"] = counts["admin1_pcode"].replace("", pd.NA)
    return counts.reset_index(drop=True)[columns]
