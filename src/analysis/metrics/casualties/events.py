"""Which events a period counts, and the totals stated from them.

The counting rules, following the data producers' guidance that an event's date is only as
precise as its precision code says: an event counts in a period when its whole span
(``date_earliest``..``date_latest``) lies inside the period (:func:`counted`); an event whose
span crosses the period's first or last day is not counted and is reported apart
(:func:`spanning`); events with no governorate count in national totals only
(:func:`no_governorate`). Totals are :class:`~analysis.metrics.results.Result` values, and a
set of events set apart is a :class:`Subset` (how many events, and their deaths).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.metrics.results import Period, Result

DEATH_COLUMNS = ("deaths_best", "deaths_low", "deaths_high")


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


def sum_of(values: pd.Series) -> int:
    """The integer total of ``values``, missing values skipped (0 when none is given)."""
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
        value=sum_of(rows["deaths_best"]),
        unit="deaths",
        source=source,
        low=sum_of(rows["deaths_low"]) if ranged else None,
        high=sum_of(rows["deaths_high"]) if ranged else None,
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
            value=sum_of(rows["deaths_civilians"]),
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
            value=sum_of(targeted["deaths_best"]),
            unit="deaths",
            source=source,
            period=period,
            as_of=last_day(rows),
            notes=(f"{len(targeted):,} events flagged as civilian targeting",),
        )
    return None


def unattributed_deaths(events: pd.DataFrame, period: Period, source: str) -> Result:
    """UCDP ``deaths_unknown`` of the events counted: deaths UCDP cannot attribute to a side."""
    rows = counted(events, period)
    return Result(
        key="deaths_unknown",
        label="Deaths not attributed to a side",
        value=sum_of(rows["deaths_unknown"]),
        unit="deaths",
        source=source,
        period=period,
    )


# --- how events enter the totals -------------------------------------------------------------


@dataclass(frozen=True)
class Subset:
    """A set of events stated as two results: how many events, and their deaths."""

    events: Result
    deaths: Result

    @property
    def empty(self) -> bool:
        return not self.events.value


def subset(rows: pd.DataFrame, key: str, label: str, source: str, period: Period) -> Subset:
    """``rows`` stated as a :class:`Subset`: ``events_<key>`` and ``deaths_<key>``."""
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
            value=sum_of(rows["deaths_best"]),
            unit="deaths",
            source=source,
            period=period,
        ),
    )


def coarse_dates(events: pd.DataFrame, period: Period, source: str) -> Subset:
    """Counted events dated only to a span longer than one day."""
    rows = counted(events, period)
    coarse = rows[rows["date_latest"] > rows["date_earliest"]]
    return subset(coarse, "dated_to_a_span", "dated only to a span of days", source, period)


def spanning(events: pd.DataFrame, period: Period, source: str) -> Subset:
    """Events overlapping the period whose span reaches outside it (not counted)."""
    rows = spanning_edges(events, period)
    label = "whose dates reach outside the period (not counted)"
    return subset(rows, "spanning_edges", label, source, period)


def no_governorate(events: pd.DataFrame, period: Period, source: str) -> Subset:
    """Counted events with no governorate: in national totals only."""
    rows = counted(events, period)
    missing = rows[rows["admin1_pcode"].isna()]
    label = "with no governorate (national totals only)"
    return subset(missing, "no_governorate", label, source, period)
