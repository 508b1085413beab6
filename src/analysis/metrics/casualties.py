"""Casualty numbers: daily and weekly deaths, deaths by governorate, latest reported tolls.

Every function takes a tidy frame (see :mod:`analysis.data.schema`) and returns a new one; none
reads files or draws.
"""

from __future__ import annotations

import pandas as pd

from analysis import gazetteer

DEATH_COLUMNS = ("deaths_best", "deaths_low", "deaths_high")


def daily_deaths(events: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Deaths per calendar day (best, low, high), optionally split by columns such as admin1_pcode.

    Days with no event inside the covered range appear with zero deaths, so a chart shows lulls.
    """
    columns = [c for c in DEATH_COLUMNS if c in events]
    if events.empty:
        return pd.DataFrame(columns=["event_date", *by, *columns])
    day = events["event_date"].dt.normalize().rename("event_date")
    grouped = events[columns].groupby([day, *[events[c] for c in by]], observed=True, dropna=False)
    totals = grouped.sum(min_count=1).reset_index()
    if not by:
        full = pd.date_range(day.min(), day.max(), freq="D", name="event_date")
        totals = totals.set_index("event_date").reindex(full).reset_index()
        totals["deaths_best"] = totals["deaths_best"].fillna(0)
    return totals


def weekly_deaths(events: pd.DataFrame) -> pd.DataFrame:
    """Deaths per ISO week (weeks start on Monday), labelled by the Monday."""
    daily = daily_deaths(events)
    if daily.empty:
        return daily
    week = daily["event_date"] - pd.to_timedelta(daily["event_date"].dt.weekday, unit="D")
    return (
        daily.groupby(week.rename("week_start")).sum(numeric_only=True, min_count=1).reset_index()
    )


def deaths_by_governorate(events: pd.DataFrame) -> pd.DataFrame:
    """Total deaths per governorate, largest first; events without a governorate are a row too."""
    columns = [c for c in DEATH_COLUMNS if c in events]
    totals = (
        events[columns]
        .groupby(events["admin1_pcode"].astype("string"), dropna=False)
        .sum(min_count=1)
    )
    totals = totals.sort_values("deaths_best", ascending=False).reset_index()
    totals["admin1_name"] = gazetteer.names_for(totals["admin1_pcode"]).fillna(
        "No governorate given"
    )
    return totals


def latest_tolls(tolls: pd.DataFrame) -> pd.DataFrame:
    """The most recent reported toll of each organisation (by as-of date, then report date)."""
    with_total = tolls.dropna(subset=["deaths_total"])
    if with_total.empty:
        return with_total
    ordered = with_total.sort_values(["organisation", "as_of_date", "report_date", "deaths_total"])
    return ordered.groupby("organisation", as_index=False).tail(1).reset_index(drop=True)


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
        missing = int(frame["admin1_pcode"].isna().sum())
        if missing:
            notes.append(f"{missing} rows have no governorate; they count in country totals only")
    return notes
