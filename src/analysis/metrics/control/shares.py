"""Reported shares of territory: the shares of Syria's whole territory a chart draws, the
other figures it does not, the shares dated in a period and the latest before it (context,
never the situation in the period), and reports whose shares sum above 100%."""

from __future__ import annotations

import pandas as pd

from analysis import factions
from analysis.metrics.results import Disclosure, Message, Period, Result
from analysis.metrics.weak_source import disclosed
from analysis.metrics.weak_source import disclosure as weak_disclosure

SHARE_OF_TERRITORY = "share_of_territory"
"""``metric`` of the territory-shares rows that are shares of Syria's whole territory."""


BEFORE = Message.of("before_period")
"""The note of a share dated before the report's period (context, never the situation in it)."""


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


def _share_result(r, key: str, notes: tuple[Message, ...] = ()) -> Result:
    """One published share as a result: the faction as its label, its qualifier kept, the
    organisation as its source, its as-of date; disclosed when it rests on a weak source."""
    published = getattr(r, "report_date", None)
    late = (
        published is not None
        and not pd.isna(published)
        and pd.Timestamp(published) - pd.Timestamp(r.as_of_date) > pd.Timedelta(days=31)
    )
    return disclosed(
        Result(
            key=key,
            label=Message.of("faction_as_published", name=str(r.faction)),
            value=float(r.value),
            unit="percent",
            source=str(r.organisation),
            qualifier=None if pd.isna(r.qualifier) else str(r.qualifier),
            as_of=r.as_of_date,
            notes=(*notes, *((Message.of("published_on", day=published),) if late else ())),
        ),
        pd.DataFrame([r._asdict()]),
        _share_words,
    )


def _share_words(r) -> Message:
    return Message.of(
        "weak_share", organisation=str(r.organisation), faction=str(r.faction), day=r.as_of_date
    )


def _dated_percent(shares: pd.DataFrame) -> pd.DataFrame:
    rows = shares_of_territory(shares)
    return rows[(rows["unit"] == "percent")].dropna(subset=["value", "as_of_date"])


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
    return [_share_result(r, f"share_{i}") for i, r in enumerate(rows.itertuples(index=False))]


def period_shares(shares: pd.DataFrame, period: Period) -> list[Result]:
    """The shares dated in ``period``, the latest report of each organisation (keys
    ``share_in_period_<n>``), in date order, each as published (a report published long after
    its date says when, in its notes). Empty when none is dated in the period."""
    rows = _dated_percent(shares)
    rows = rows[(rows["as_of_date"] >= period.start) & (rows["as_of_date"] < period.stop)]
    if rows.empty:
        return []
    latest = rows.groupby("organisation")["as_of_date"].transform("max")
    rows = rows[rows["as_of_date"] == latest].sort_values(
        ["as_of_date", "organisation", "value"], ascending=[True, True, False], kind="stable"
    )
    return [
        _share_result(r, f"share_in_period_{i}") for i, r in enumerate(rows.itertuples(index=False))
    ]


def shares_before(shares: pd.DataFrame, period: Period) -> list[Result]:
    """The shares of the most recent report dated before ``period`` (keys
    ``share_before_<n>``): context, never the situation in the period; each result's notes
    say "before the period". Empty when no share is dated before it."""
    rows = _dated_percent(shares)
    rows = rows[rows["as_of_date"] < period.start]
    if rows.empty:
        return []
    rows = rows[rows["as_of_date"] == rows["as_of_date"].max()].sort_values(
        ["organisation", "value"], ascending=[True, False], kind="stable"
    )
    return [
        _share_result(r, f"share_before_{i}", (BEFORE,))
        for i, r in enumerate(rows.itertuples(index=False))
    ]


def share_organisations(drawn: pd.DataFrame) -> list[str]:
    """The organisations whose shares a chart draws, in order of their first report (undated
    reports last)."""
    if drawn.empty:
        return []
    rows = drawn.assign(_d=drawn["as_of_date"].fillna(pd.Timestamp.max.normalize()))
    return list(dict.fromkeys(rows.sort_values("_d", kind="stable")["organisation"].astype(str)))


def weak_shares(drawn: pd.DataFrame) -> Disclosure | None:
    """The shares a chart draws that rest on a single weak source (None: none does)."""
    return weak_disclosure(drawn, _share_words)


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
            label=Message.of("share_sum"),
            value=float(r.total_pct),
            unit="percent",
            source=str(r.organisation),
            as_of=None if pd.isna(r.as_of_date) else r.as_of_date,
        )
        for i, r in enumerate(sums[sums["total_pct"] > 100.005].itertuples(index=False))
    ]
