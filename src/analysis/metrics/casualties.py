"""Casualty numbers: every figure the casualties report states, from tidy frames.

Two kinds of input (see :mod:`analysis.data.schema`):

- reported tolls (``CASUALTY_TOLLS``): cumulative figures published by organisations. The
  headline is the latest whole-offensive toll (:func:`headline_toll`).
- events (``CASUALTY_EVENTS``, UCDP GED or ACLED): one row per event with the span of days it
  happened in (``date_earliest``..``date_latest``). How events are counted, following the data
  producers' guidance that an event's date is only as precise as its precision code says:

  * an event counts in a period when its whole span lies inside the period
    (:func:`counted`); an event whose span crosses the period's first or last day is not
    counted in it, and is reported apart (:func:`spanning_edges`);
  * in a chart by day, week, month or year, an event whose span lies in one bin is drawn in that
    bin; an event whose span covers several bins is never drawn on its first day but apart, over
    its whole span (:func:`deaths_by_bin`). Bins plus the events apart make the period's total;
  * events with no governorate count in national totals only (:func:`no_governorate`).

Every function returns a :class:`~analysis.metrics.results.Result` or a tidy frame; none reads
files or draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import factions, gazetteer
from analysis.data.schema import DATE_PRECISION_LABELS, DATE_PRECISIONS, PLACE_PRECISIONS
from analysis.metrics import time as timebins
from analysis.metrics.results import Period, Result

DEATH_COLUMNS = ("deaths_best", "deaths_low", "deaths_high")
NO_GOVERNORATE = "No governorate given"
OFFENSIVE = "offensive"
"""``series`` of tolls counted for the 2024 offensive as a whole since 27 November 2024."""


# --- which events a period holds ------------------------------------------------------------


def overlapping(events: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Events whose span shares at least one day with ``period`` (counted or not)."""
    keep = (events["date_latest"] >= period.start) & (events["date_earliest"] < period.stop)
    return events[keep]


def counted(events: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Events whose whole span lies inside ``period``: the events a period's totals count."""
    keep = (events["date_earliest"] >= period.start) & (events["date_latest"] < period.stop)
    return events[keep]


def spanning_edges(events: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Events that overlap ``period`` but whose span reaches outside it: not counted in it."""
    shared = overlapping(events, period)
    inside = (shared["date_earliest"] >= period.start) & (shared["date_latest"] < period.stop)
    return shared[~inside]


def has_range(events: pd.DataFrame) -> bool:
    """Whether the source gives a low-high range (UCDP does; ACLED does not)."""
    return bool(events["deaths_low"].notna().any() and events["deaths_high"].notna().any())


def has_sides(events: pd.DataFrame) -> bool:
    """Whether the source splits deaths by side (UCDP ``deaths_a``/``deaths_b``...)."""
    return bool(events["deaths_side_a"].notna().any())


def _sum(values: pd.Series) -> int:
    return int(values.astype("Float64").sum(min_count=0))


def last_day(events: pd.DataFrame) -> pd.Timestamp | None:
    """The last day of the data shown: the latest day any of ``events`` may have happened on."""
    if events.empty:
        return None
    return pd.Timestamp(events["date_latest"].max())


# --- headline results -----------------------------------------------------------------------


def deaths(events: pd.DataFrame, period: Period, source: str) -> Result:
    """Deaths in the events counted in ``period`` (best estimate, with UCDP's low-high range)."""
    rows = counted(events, period)
    ranged = has_range(events)
    notes = (
        ("best estimate, with UCDP's low–high range",)
        if ranged
        else ("as published: one conservative figure per event, no range",)
    )
    return Result(
        key="deaths",
        label="Deaths in recorded events",
        value=_sum(rows["deaths_best"]),
        unit="deaths",
        source=source,
        low=_sum(rows["deaths_low"]) if ranged else None,
        high=_sum(rows["deaths_high"]) if ranged else None,
        period=period,
        as_of=last_day(rows),
        notes=notes,
    )


def event_count(events: pd.DataFrame, period: Period, source: str) -> Result:
    rows = counted(events, period)
    return Result(
        key="events",
        label="Recorded events",
        value=len(rows),
        unit="events",
        source=source,
        period=period,
        as_of=last_day(rows),
    )


def civilian_deaths(events: pd.DataFrame, period: Period, source: str) -> Result | None:
    """Civilian deaths where the source counts them: UCDP ``deaths_civilians``; for ACLED, the
    fatalities of events flagged as civilian targeting (when the export fills that flag). None
    when the source says nothing about civilians."""
    rows = counted(events, period)
    if events["deaths_civilians"].notna().any():
        return Result(
            key="civilian_deaths",
            label="Civilians killed in recorded events",
            value=_sum(rows["deaths_civilians"]),
            unit="deaths",
            source=source,
            period=period,
            as_of=last_day(rows),
            notes=("UCDP's deaths_civilians, best estimate",),
        )
    if events["civilian_targeting"].notna().any():
        targeted = rows[rows["civilian_targeting"].fillna(False).astype(bool)]
        return Result(
            key="civilian_deaths",
            label="Deaths in events targeting civilians",
            value=_sum(targeted["deaths_best"]),
            unit="deaths",
            source=source,
            period=period,
            as_of=last_day(rows),
            notes=(f"{len(targeted):,} events flagged as civilian targeting",),
        )
    return None


# --- how events enter the totals -------------------------------------------------------------


@dataclass(frozen=True)
class Subset:
    """A set of events stated as two results: how many events, and their deaths."""

    events: Result
    deaths: Result

    @property
    def empty(self) -> bool:
        return not self.events.value


def _subset(rows: pd.DataFrame, key: str, label: str, source: str, period: Period) -> Subset:
    return Subset(
        events=Result(
            key=f"events_{key}",
            label=f"Events {label}",
            value=len(rows),
            unit="events",
            source=source,
            period=period,
        ),
        deaths=Result(
            key=f"deaths_{key}",
            label=f"Deaths in events {label}",
            value=_sum(rows["deaths_best"]),
            unit="deaths",
            source=source,
            period=period,
        ),
    )


def coarse_dates(events: pd.DataFrame, period: Period, source: str) -> Subset:
    """Counted events dated only to a span longer than one day."""
    rows = counted(events, period)
    coarse = rows[rows["date_latest"] > rows["date_earliest"]]
    return _subset(coarse, "dated_to_a_span", "dated only to a span of days", source, period)


def spanning(events: pd.DataFrame, period: Period, source: str) -> Subset:
    """Events overlapping the period whose span reaches outside it (not counted)."""
    rows = spanning_edges(events, period)
    label = "whose dates reach outside the period (not counted)"
    return _subset(rows, "spanning_edges", label, source, period)


def no_governorate(events: pd.DataFrame, period: Period, source: str) -> Subset:
    """Counted events with no governorate: in national totals only."""
    rows = counted(events, period)
    missing = rows[rows["admin1_pcode"].isna()]
    label = "with no governorate (national totals only)"
    return _subset(missing, "no_governorate", label, source, period)


def copies_dropped(events: pd.DataFrame, source: str) -> Result:
    """Exact duplicate rows (same id, identical values) the reader dropped from the file."""
    return Result(
        key="copies_dropped",
        label="Exact duplicate rows dropped",
        value=_sum(events["copies_dropped"].fillna(0)),
        unit="events",
        source=source,
    )


def date_quality(events: pd.DataFrame, source: str, today: pd.Timestamp | None = None) -> dict:
    """Counts of impossible dates, kept as published: events dated in the future, and events
    dated after the day the source recorded them (ACLED ``timestamp``)."""
    today = pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today)
    future = events["date_earliest"] > today
    after_record = (events["date_earliest"] > events["recorded_date"]).fillna(False)
    return {
        "future": Result(
            key="events_dated_in_future",
            label="Events dated after today",
            value=int(future.sum()),
            unit="events",
            source=source,
            as_of=today,
        ),
        "after_record": Result(
            key="events_dated_after_record",
            label="Events dated after the day the source recorded them",
            value=int(after_record.sum()),
            unit="events",
            source=source,
        ),
    }


def by_precision(events: pd.DataFrame, column: str) -> pd.DataFrame:
    """Events and deaths by ``date_precision`` or ``place_precision``, finest first; a row
    "not given" for events whose file has no precision code."""
    order = DATE_PRECISIONS if column == "date_precision" else PLACE_PRECISIONS
    labels = events[column].astype("string").fillna("not given")
    table = (
        events.assign(_label=labels)
        .groupby("_label", observed=True)
        .agg(events=("deaths_best", "size"), deaths_best=("deaths_best", "sum"))
    )
    ranked = [*order, "not given"]
    table = table.reindex([r for r in ranked if r in table.index])
    table.index.name = column
    table = table.reset_index()
    table["deaths_best"] = table["deaths_best"].astype("Int64")
    if column == "date_precision":
        table["label"] = table[column].map(DATE_PRECISION_LABELS).fillna("not given")
    else:
        table["label"] = table[column]
    return table


# --- frames for charts and tables -------------------------------------------------------------


def deaths_by_bin(
    events: pd.DataFrame, period: Period, freq: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deaths per bin of ``period`` and the events drawn apart.

    Returns ``(bins, apart)``. ``bins`` has every bin of the period (``bin_start``, ``events``
    and the death columns; zero where nothing happened) with the counted events whose whole span
    lies in that bin. ``apart`` has the counted events whose span covers several bins, grouped by
    span (``date_earliest``, ``date_latest``, ``date_precision``, ``events``, deaths): they are
    never put on their first day. ``bins`` and ``apart`` together add up to :func:`deaths`.
    """
    rows = counted(events, period)
    first = timebins.bin_start(rows["date_earliest"], freq)
    last = timebins.bin_start(rows["date_latest"], freq)
    one_bin = (first == last).to_numpy(dtype=bool)
    columns = [c for c in DEATH_COLUMNS if rows[c].notna().any()] or ["deaths_best"]
    inside = rows[one_bin].assign(events=1)
    binned = timebins.totals_by_bin(inside, "date_earliest", ["events", *columns], period, freq)
    binned["events"] = binned["events"].astype("Int64")
    spread = rows[~one_bin]
    apart = (
        spread.assign(
            events=1, date_precision=spread["date_precision"].astype("string").fillna("not given")
        )
        .groupby(["date_earliest", "date_latest", "date_precision"], observed=True)[
            ["events", *columns]
        ]
        .sum(min_count=1)
        .reset_index()
        .sort_values(["date_earliest", "date_latest"], ignore_index=True)
    )
    return binned, apart


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
    row of their own ("No governorate given")."""
    table = _by(events, events["admin1_pcode"].astype("string"), "admin1_pcode")
    table["admin1_name"] = gazetteer.names_for(table["admin1_pcode"]).fillna(NO_GOVERNORATE)
    return table


def type_column(events: pd.DataFrame) -> str:
    """The column events are typed by: ACLED ``sub_event_type``, else UCDP ``event_type``."""
    return "sub_event_type" if events["sub_event_type"].notna().any() else "event_type"


def deaths_by_type(events: pd.DataFrame) -> pd.DataFrame:
    """Events and deaths by type of violence (UCDP) or sub-event type (ACLED), largest first."""
    column = type_column(events)
    return _by(events, events[column].astype("string").fillna("not given"), "type")


def deaths_by_side(events: pd.DataFrame) -> pd.DataFrame:
    """UCDP deaths by side: ``deaths_a`` under side A's name, ``deaths_b`` under side B's,
    civilians and unknown; one row per name, largest first. The rows add up to the deaths of
    ``events`` (UCDP's best is the sum of the four)."""
    parts = [
        pd.DataFrame(
            {"side": events["side_a"].astype("string"), "deaths": events["deaths_side_a"]}
        ),
        pd.DataFrame(
            {"side": events["side_b"].astype("string"), "deaths": events["deaths_side_b"]}
        ),
        pd.DataFrame({"side": "Civilians", "deaths": events["deaths_civilians"]}),
        pd.DataFrame(
            {"side": "Unknown (not attributed to a side)", "deaths": events["deaths_unknown"]}
        ),
    ]
    long = pd.concat(parts, ignore_index=True)
    long["side"] = long["side"].fillna("side not named")
    table = long.groupby("side")["deaths"].sum(min_count=0).astype("Int64").reset_index()
    table = table[table["deaths"] > 0]
    roles = factions.roles(table["side"])
    table["role"] = roles.where(~table["side"].str.startswith(("Civilians", "Unknown")), "")
    return table.sort_values("deaths", ascending=False, ignore_index=True)


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
        label="Events whose actors are assigned to no faction",
        value=int(neither.sum()),
        unit="events",
        source=source,
        period=period,
        notes=(f"of {len(events):,} events",),
    )


def largest_events(events: pd.DataFrame, limit: int = 10) -> tuple[pd.DataFrame, int]:
    """The ``limit`` deadliest events, deadliest first (then most recent), and how many events
    are left out."""
    ordered = events.sort_values(
        ["deaths_best", "date_latest"], ascending=[False, False], na_position="last"
    )
    return ordered.head(limit).reset_index(drop=True), max(0, len(events) - limit)


# --- reported tolls -----------------------------------------------------------------------


def offensive_tolls(tolls: pd.DataFrame) -> pd.DataFrame:
    """Tolls counted for the offensive as a whole (not one front, not a calendar month)."""
    if "series" not in tolls:
        return tolls
    return tolls[tolls["series"] == OFFENSIVE]


def latest_tolls(tolls: pd.DataFrame) -> pd.DataFrame:
    """The most recent reported toll of each organisation (by as-of date, then report date)."""
    with_total = tolls.dropna(subset=["deaths_total"])
    if with_total.empty:
        return with_total
    ordered = with_total.sort_values(["organisation", "as_of_date", "report_date", "deaths_total"])
    return ordered.groupby("organisation", as_index=False).tail(1).reset_index(drop=True)


def _headline_row(tolls: pd.DataFrame) -> pd.Series | None:
    latest = latest_tolls(offensive_tolls(tolls))
    if latest.empty:
        return None
    return latest.sort_values(["deaths_total", "as_of_date"]).iloc[-1]


def _qualifier(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def headline_toll(tolls: pd.DataFrame, whole_offensive: bool = False) -> Result | None:
    """The headline death toll: the largest of the organisations' latest whole-offensive tolls
    (SOHR's "at least 910" in the bundled data), as published, with its qualifier."""
    row = _headline_row(tolls)
    if row is None:
        return None
    suffix = " (whole offensive)" if whole_offensive else ""
    return Result(
        key="deaths",
        label=f"People killed{suffix}",
        value=int(row["deaths_total"]),
        unit="deaths",
        source=f"{row['organisation']} ({row['outlet']})",
        qualifier=_qualifier(row["qualifier"]),
        as_of=row["as_of_date"],
        notes=(f"scope: {row['scope']}",),
    )


def headline_civilians(tolls: pd.DataFrame, whole_offensive: bool = False) -> Result | None:
    """Civilian deaths in the same report as the headline toll, when it gives them."""
    row = _headline_row(tolls)
    if row is None or pd.isna(row["deaths_civilians"]):
        return None
    suffix = " (whole offensive)" if whole_offensive else ""
    return Result(
        key="civilian_deaths",
        label=f"Civilians killed{suffix}",
        value=int(row["deaths_civilians"]),
        unit="deaths",
        source=str(row["organisation"]),
        as_of=row["as_of_date"],
        notes=("other organisations count differently",),
    )


def toll_results(tolls: pd.DataFrame) -> list[dict]:
    """Each organisation's latest whole-offensive toll as Results: total and, where published,
    rebels, government side and civilians; with the report date, outlet and scope."""
    out = []
    for row in latest_tolls(offensive_tolls(tolls)).itertuples(index=False):
        parts = {}
        for column, label in (
            ("deaths_total", "people killed"),
            ("deaths_rebels", "rebel fighters"),
            ("deaths_government_side", "on the government side"),
            ("deaths_civilians", "civilians"),
        ):
            value = getattr(row, column)
            if pd.notna(value):
                parts[column] = Result(
                    key=column,
                    label=label,
                    value=int(value),
                    unit="deaths",
                    source=str(row.organisation),
                    qualifier=_qualifier(row.qualifier) if column == "deaths_total" else None,
                    as_of=row.as_of_date,
                )
        out.append(
            {
                "organisation": row.organisation,
                "outlet": row.outlet,
                "report_date": row.report_date,
                "scope": row.scope,
                "total": parts.pop("deaths_total"),
                "split": list(parts.values()),
            }
        )
    return out


def other_civilian_counts(tolls: pd.DataFrame) -> list[Result]:
    """The latest civilian-only count of each organisation (no overall toll in the same row)."""
    civilians = tolls.dropna(subset=["deaths_civilians"])
    only = civilians[["deaths_total", "deaths_rebels", "deaths_government_side"]].isna().all(axis=1)
    civilians = civilians[only]
    if civilians.empty:
        return []
    latest = (
        civilians.sort_values(["as_of_date", "report_date"])
        .groupby("organisation", as_index=False)
        .tail(1)
        .sort_values("organisation")
    )
    return [
        Result(
            key="civilian_deaths",
            label=str(r.organisation),
            value=int(r.deaths_civilians),
            unit="deaths",
            source=str(r.organisation),
            qualifier=_qualifier(r.qualifier),
            as_of=r.as_of_date,
            notes=(str(r.scope),),
        )
        for r in latest.itertuples(index=False)
    ]


def quality_notes(frame: pd.DataFrame) -> list[str]:
    """Plain-language notes on values kept as published but worth a reader's attention."""
    notes = []
    if {"deaths_low", "deaths_best", "deaths_high"} <= set(frame.columns):
        low_above = int((frame["deaths_low"] > frame["deaths_best"]).fillna(False).sum())
        high_below = int((frame["deaths_high"] < frame["deaths_best"]).fillna(False).sum())
        if low_above:
            notes.append(f"{low_above} events have deaths_low above deaths_best (as published)")
        if high_below:
            notes.append(f"{high_below} events have deaths_high below deaths_best (as published)")
    if "admin1_pcode" in frame.columns:
        missing = frame["admin1_pcode"].isna()
        if missing.any():
            lost = ""
            if "deaths_best" in frame.columns:
                lost = f" ({_sum(frame.loc[missing, 'deaths_best']):,} deaths)"
            notes.append(
                f"{int(missing.sum()):,} rows{lost} have no governorate; they count in country "
                "totals only"
            )
    if "copies_dropped" in frame.columns:
        dropped = _sum(frame["copies_dropped"].fillna(0))
        if dropped:
            notes.append(f"{dropped:,} exact duplicate rows (same id, same values) were dropped")
    if {"date_earliest", "recorded_date"} <= set(frame.columns):
        found = date_quality(frame, "")
        if found["future"].value:
            notes.append(f"{found['future'].value:,} events are dated after today")
        if found["after_record"].value:
            notes.append(
                f"{found['after_record'].value:,} events are dated after the day the source "
                "recorded them"
            )
    return notes


def top_rows(table: pd.DataFrame, label_column: str, limit: int = 8) -> pd.DataFrame:
    """The first ``limit - 1`` rows of a ranked table and one row adding up the rest (labelled
    "N others"), so a chart of many categories stays readable and its bars still add up."""
    if len(table) <= limit:
        return table.reset_index(drop=True)
    head = table.iloc[: limit - 1]
    rest = table.iloc[limit - 1 :]
    numeric = [
        c for c in table.columns if c != label_column and pd.api.types.is_numeric_dtype(table[c])
    ]
    other = {c: rest[c].sum() for c in numeric}
    other[label_column] = f"{len(rest):,} others"
    return pd.concat([head, pd.DataFrame([other])], ignore_index=True)


def unattributed_deaths(events: pd.DataFrame, period: Period, source: str) -> Result:
    """UCDP ``deaths_unknown`` of the events counted: deaths UCDP cannot attribute to a side."""
    rows = counted(events, period)
    return Result(
        key="deaths_unknown",
        label="Deaths not attributed to a side",
        value=_sum(rows["deaths_unknown"]),
        unit="deaths",
        source=source,
        period=period,
    )


def compare_by_governorate(
    first: pd.DataFrame, second: pd.DataFrame, labels: tuple[str, str]
) -> pd.DataFrame:
    """Deaths by governorate in two event frames side by side (one column per label), largest
    combined first; events without a governorate are a row of their own."""
    columns = {}
    for frame, label in zip((first, second), labels, strict=True):
        by = deaths_by_governorate(frame).set_index("admin1_name")["deaths_best"]
        columns[label] = by.astype("Float64")
    table = pd.DataFrame(columns).fillna(0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    return table.rename_axis("admin1_name").reset_index()


def last_toll_day(tolls: pd.DataFrame) -> pd.Timestamp | None:
    """The latest as-of date among ``tolls``: the as-of date of a chart that shows them."""
    days = tolls["as_of_date"].dropna()
    return None if days.empty else pd.Timestamp(days.max())
