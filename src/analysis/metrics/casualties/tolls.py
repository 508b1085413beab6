"""Reported tolls: cumulative figures published by organisations (``CASUALTY_TOLLS``). The
headline is the largest of the organisations' latest whole-offensive tolls
(:func:`headline_toll`), as published, with its qualifier.
"""

from __future__ import annotations

import pandas as pd

from analysis.metrics.results import Disclosure, Message, Result
from analysis.metrics.weak_source import disclosed
from analysis.metrics.weak_source import disclosure as weak_disclosure

OFFENSIVE = "offensive"
"""``series`` of tolls counted for the 2024 offensive as a whole since 27 November 2024."""


TOLL_PARTS = ("deaths_total", "deaths_rebels", "deaths_government_side", "deaths_civilians")
"""The parts of a published toll, each a result (labelled by the catalogue's ``toll_part``)."""


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


def _given(value: object) -> object:
    return None if value is None or pd.isna(value) else value


def describe_toll(row: object) -> Message:
    """One published toll, for a note (catalogue ``weak_toll``: "SNHR, at least 104 civilians
    killed, as of 1 December 2024")."""
    return Message.of(
        "weak_toll",
        organisation=str(row.organisation),
        qualifier=_given(row.qualifier),
        total=_given(row.deaths_total),
        civilians=_given(row.deaths_civilians),
        as_of=_given(row.as_of_date),
    )


def _weak(result: Result, row: object) -> Result:
    """``result`` with a weak-source disclosure when its row rests on a single weak source."""
    frame = pd.DataFrame([row._asdict() if hasattr(row, "_asdict") else row])
    return disclosed(result, frame, describe_toll)


def headline_toll(tolls: pd.DataFrame, whole_offensive: bool = False) -> Result | None:
    """The headline death toll: the largest of the organisations' latest whole-offensive tolls
    (SOHR's "at least 910" in the bundled data), as published, with its qualifier."""
    row = _headline_row(tolls)
    if row is None:
        return None
    result = Result(
        key="deaths",
        label=Message.of("deaths_toll", whole_offensive=whole_offensive),
        value=int(row["deaths_total"]),
        unit="deaths",
        source=f"{row['organisation']} ({row['outlet']})",
        qualifier=_qualifier(row["qualifier"]),
        as_of=row["as_of_date"],
        notes=(Message.of("toll_scope", scope=row["scope"]),),
    )
    return _weak(result, row)


def headline_civilians(tolls: pd.DataFrame, whole_offensive: bool = False) -> Result | None:
    """Civilian deaths in the same report as the headline toll, when it gives them."""
    row = _headline_row(tolls)
    if row is None or pd.isna(row["deaths_civilians"]):
        return None
    result = Result(
        key="civilian_deaths",
        label=Message.of("civilian_deaths_toll", whole_offensive=whole_offensive),
        value=int(row["deaths_civilians"]),
        unit="deaths",
        source=str(row["organisation"]),
        as_of=row["as_of_date"],
        notes=(Message.of("other_organisations_differ"),),
    )
    return _weak(result, row)


def toll_results(tolls: pd.DataFrame) -> list[dict]:
    """Each organisation's latest whole-offensive toll as Results: total and, where published,
    rebels, government side and civilians; with the report date, outlet and scope."""
    out = []
    for row in latest_tolls(offensive_tolls(tolls)).itertuples(index=False):
        parts = {}
        for column in TOLL_PARTS:
            value = getattr(row, column)
            if pd.notna(value):
                parts[column] = _weak(
                    Result(
                        key=column,
                        label=Message.of("toll_part", part=column),
                        value=int(value),
                        unit="deaths",
                        source=str(row.organisation),
                        qualifier=_qualifier(row.qualifier) if column == "deaths_total" else None,
                        as_of=row.as_of_date,
                    ),
                    row,
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
        _weak(
            Result(
                key="civilian_deaths",
                label=Message.of("as_published", name=str(r.organisation)),
                value=int(r.deaths_civilians),
                unit="deaths",
                source=str(r.organisation),
                qualifier=_qualifier(r.qualifier),
                as_of=r.as_of_date,
                notes=(Message.of("scope_as_published", scope=str(r.scope)),),
            ),
            r,
        )
        for r in latest.itertuples(index=False)
    ]


def row_disclosures(tolls: pd.DataFrame) -> list[Disclosure | None]:
    """Per row of ``tolls``, its weak-source disclosure when it rests on a single weak source,
    else None (for a table of every toll)."""
    return [weak_disclosure(tolls.iloc[[i]], describe_toll) for i in range(len(tolls))]


def last_toll_day(tolls: pd.DataFrame) -> pd.Timestamp | None:
    """The latest as-of date among ``tolls``: the as-of date of a chart that shows them."""
    days = tolls["as_of_date"].dropna()
    return None if days.empty else pd.Timestamp(days.max())
