"""Reported tolls: cumulative figures published by organisations (``CASUALTY_TOLLS``). The
headline is the largest of the organisations' latest whole-offensive tolls
(:func:`headline_toll`), as published, with its qualifier.
"""

from __future__ import annotations

import pandas as pd

from analysis.metrics.results import Result

OFFENSIVE = "offensive"
"""``series`` of tolls counted for the 2024 offensive as a whole since 27 November 2024."""


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


def last_toll_day(tolls: pd.DataFrame) -> pd.Timestamp | None:
    """The latest as-of date among ``tolls``: the as-of date of a chart that shows them."""
    days = tolls["as_of_date"].dropna()
    return None if days.empty else pd.Timestamp(days.max())
