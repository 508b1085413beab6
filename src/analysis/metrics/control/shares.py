"""Reported shares of territory: the shares of Syria's whole territory a chart draws, the
other figures it does not, the latest and newest shares, and reports whose shares sum above
100%."""

from __future__ import annotations

import pandas as pd

from analysis import factions
from analysis.metrics.results import Result

SHARE_OF_TERRITORY = "share_of_territory"
"""``metric`` of the territory-shares rows that are shares of Syria's whole territory."""


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
