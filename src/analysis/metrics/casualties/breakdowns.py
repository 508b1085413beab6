"""Events and deaths broken down: by governorate, by type, by side (UCDP), by faction role
(ACLED actors), the deadliest events, two files by governorate, and the top rows of a ranked
table for a readable chart. Each returns a tidy frame, largest first, or a Result.
"""

from __future__ import annotations

import pandas as pd

from analysis import factions, gazetteer
from analysis.metrics.casualties.events import DEATH_COLUMNS
from analysis.metrics.results import Message, Period, Result

SIDE_PARTS = ("side", "side_unnamed", "civilians", "unknown")
"""What a row of :func:`deaths_by_side` is: a side as UCDP names it (``side``, its name in
``side``), a side UCDP leaves unnamed, civilians, or deaths not attributed to a side (no name:
the catalogue's ``side_part`` words them)."""


def _by(events: pd.DataFrame, keys: pd.Series, name: str) -> pd.DataFrame:
    columns = [c for c in DEATH_COLUMNS if events[c].notna().any()] or ["deaths_best"]
    table = (
        events.assign(events=1)
        .groupby(keys.rename(name), observed=True, dropna=False)[["events", *columns]]
        .sum(min_count=0)
        .reset_index()
    )
    return table.sort_values(["deaths_best", "events"], ascending=False, ignore_index=True)


def deaths_by_governorate(events: pd.DataFrame) -> pd.DataFrame:
    """Events and deaths per governorate, largest first; events without a governorate are a
    row of their own, with no P-code and no name (NA)."""
    table = _by(events, events["admin1_pcode"].astype("string"), "admin1_pcode")
    table["admin1_name"] = gazetteer.names_for(table["admin1_pcode"]).astype("string")
    return table


def deaths_per_governorate(totals: pd.DataFrame, pcodes: pd.Series) -> pd.Series:
    """Deaths by P-code for a map of the governorates ``pcodes``, from
    :func:`deaths_by_governorate`'s ``totals``: an event file covers the whole country, so a
    governorate without an event in the period had no recorded death (0, not "no figure");
    events without a governorate are left out (the map's note counts them)."""
    placed = totals[totals["admin1_pcode"].notna()]
    deaths = placed.set_index("admin1_pcode")["deaths_best"]
    return deaths.reindex(pd.Index(pcodes.unique(), name="admin1_pcode"), fill_value=0)


def type_column(events: pd.DataFrame) -> str:
    """The column events are typed by: ACLED ``sub_event_type``, else UCDP ``event_type``."""
    return "sub_event_type" if events["sub_event_type"].notna().any() else "event_type"


def deaths_by_type(events: pd.DataFrame) -> pd.DataFrame:
    """Events and deaths by type of violence (UCDP) or sub-event type (ACLED), largest first;
    ``type`` as published, NA for events with none."""
    column = type_column(events)
    return _by(events, events[column].astype("string"), "type")


def deaths_by_side(events: pd.DataFrame) -> pd.DataFrame:
    """UCDP deaths by side: ``deaths_a`` under side A's name, ``deaths_b`` under side B's,
    civilians and unknown; one row per name, largest first. ``part`` says what a row is (one of
    :data:`SIDE_PARTS`), ``side`` the side's name as published (NA for the other parts), ``role``
    its faction role ("" for civilians and unknown). The rows add up to the deaths of ``events``
    (UCDP's best is the sum of the four)."""
    named = [
        pd.DataFrame({"side": events[side].astype("string"), "deaths": events[deaths]})
        for side, deaths in (("side_a", "deaths_side_a"), ("side_b", "deaths_side_b"))
    ]
    long = pd.concat(named, ignore_index=True)
    long["part"] = long["side"].isna().map({False: "side", True: "side_unnamed"})
    others = [
        pd.DataFrame({"part": part, "side": pd.NA, "deaths": events[column]})
        for part, column in (("civilians", "deaths_civilians"), ("unknown", "deaths_unknown"))
    ]
    long = pd.concat([long, *others], ignore_index=True).astype({"side": "string"})
    table = (
        long.groupby(["part", "side"], dropna=False)["deaths"]
        .sum(min_count=0)
        .astype("Int64")
        .reset_index()
    )
    table = table[table["deaths"] > 0]
    people = table["part"].isin(["civilians", "unknown"])
    table["role"] = factions.roles(table["side"]).where(~people, "")
    table = table.sort_values("deaths", ascending=False, ignore_index=True)
    return table[["part", "side", "deaths", "role"]]


def actor_roles(events: pd.DataFrame) -> pd.DataFrame:
    """ACLED actors by faction role: for each role, the events naming an actor of that role
    (actor1 or actor2) and their fatalities. An event between two roles counts for both, so the
    rows do not add up to the total."""
    first = factions.roles(events["side_a"].astype("object"))
    second = factions.roles(events["side_b"].astype("object"))
    named_b = events["side_b"].notna().to_numpy()
    rows = []
    deaths_best = events["deaths_best"].astype("Float64").fillna(0).to_numpy()
    for role in factions.ROLES:
        involved = (first.to_numpy() == role) | ((second.to_numpy() == role) & named_b)
        if involved.any():
            rows.append(
                {
                    "role": role,
                    "label": factions.label(role),
                    "events": int(involved.sum()),
                    "deaths_best": int(deaths_best[involved].sum()),
                }
            )
    table = pd.DataFrame(rows, columns=["role", "label", "events", "deaths_best"])
    return table.sort_values("deaths_best", ascending=False, ignore_index=True)


def unassigned_actors(events: pd.DataFrame, source: str, period: Period | None = None) -> Result:
    """Events none of whose named actors maps to a faction role (all "other")."""
    first = factions.roles(events["side_a"].astype("object"))
    second = factions.roles(events["side_b"].astype("object"))
    neither = (first == factions.OTHER) & (second == factions.OTHER)
    return Result(
        key="events_actors_unassigned",
        label=Message.of("events_actors_unassigned"),
        value=int(neither.sum()),
        unit="events",
        source=source,
        period=period,
        notes=(Message.of("of_events", events=len(events)),),
    )


def largest_events(events: pd.DataFrame, limit: int = 10) -> tuple[pd.DataFrame, int]:
    """The ``limit`` deadliest events, deadliest first (then most recent), and how many events
    are left out."""
    ordered = events.sort_values(
        ["deaths_best", "date_latest"], ascending=[False, False], na_position="last"
    )
    return ordered.head(limit).reset_index(drop=True), max(0, len(events) - limit)


def top_rows(table: pd.DataFrame, label_column: str, limit: int = 8) -> pd.DataFrame:
    """The first ``limit - 1`` rows of a ranked table and one row adding up the rest, so a chart
    of many categories stays readable and its bars still add up. Column ``others`` counts the
    rows the last one adds up (0 for the rows shown as they are); its ``label_column`` is NA."""
    if len(table) <= limit:
        return table.assign(others=0).reset_index(drop=True)
    head = table.iloc[: limit - 1]
    rest = table.iloc[limit - 1 :]
    numeric = [
        c for c in table.columns if c != label_column and pd.api.types.is_numeric_dtype(table[c])
    ]
    other = {c: rest[c].sum() for c in numeric}
    other[label_column] = pd.NA
    other["others"] = len(rest)
    return pd.concat([head.assign(others=0), pd.DataFrame([other])], ignore_index=True)


def compare_by_governorate(
    first: pd.DataFrame, second: pd.DataFrame, labels: tuple[str, str]
) -> pd.DataFrame:
    """Deaths by governorate in two event frames side by side (one column per label), largest
    combined first; events without a governorate are a row of their own (``admin1_name`` NA)."""
    columns = {}
    for frame, label in zip((first, second), labels, strict=True):
        totals = deaths_by_governorate(frame)
        by = totals.set_index(totals["admin1_name"].fillna(""))["deaths_best"]
        columns[label] = by.astype("Float64")
    table = pd.DataFrame(columns).fillna(0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    table = table.rename_axis("admin1_name").reset_index()
    table["admin1_name"] = table["admin1_name"].astype("string").replace("", pd.NA)
    return table
