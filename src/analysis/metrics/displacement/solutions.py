"""UNHCR solutions (``REFUGEE_SOLUTIONS``): refugees returned, resettled and naturalised, and
IDPs returned, each counted during a year.

These are counts during the year, not stocks, and each is its own series: a returned refugee and
a resettled refugee are different outcomes, and returns of refugees and of IDPs are never added.
A year belongs to a period when its 31 December falls in it, the rule of every UNHCR table, so
a report shows whole years. For people from Syria: returned refugees are rows with Syria as
origin (the country returned to) summed over the countries returned from; resettlement and
naturalisation are rows with Syria as origin summed over the countries that resettled or
naturalised them; returned IDPs are the row of Syria itself.
"""

from __future__ import annotations

import pandas as pd

from analysis.metrics.displacement.unhcr import UNHCR
from analysis.metrics.results import Message, Period, Result

SOLUTIONS = ("returned_refugees", "resettlement", "naturalisation", "returned_idps")
"""The solutions, each a column of :func:`solutions_by_year` (their words: the catalogue's term
``solution``)."""
_KEYS = {
    "returned_refugees": "refugee_returns",
    "resettlement": "resettlement",
    "naturalisation": "naturalisation",
    "returned_idps": "idp_returns",
}


def _year(year: int) -> Period:
    return Period(
        pd.Timestamp(year=year, month=1, day=1), pd.Timestamp(year=year, month=12, day=31)
    )


def solutions_by_year(frame: pd.DataFrame, origin_iso3: str = "SYR") -> pd.DataFrame:
    """One row per year with any figure: ``year`` and each of :data:`SOLUTIONS` summed within
    the year (NA when the year has no figure for it, which is not zero)."""
    origin = frame["origin_iso3"].eq(origin_iso3).fillna(False).astype(bool)
    inside = frame["asylum_iso3"].eq(origin_iso3).fillna(False).astype(bool)
    abroad = frame[origin].groupby("year")[["returned_refugees", "resettlement", "naturalisation"]]
    home = frame[origin & inside].groupby("year")[["returned_idps"]]
    table = pd.concat([abroad.sum(min_count=1), home.sum(min_count=1)], axis=1)
    table = table.reindex(columns=list(SOLUTIONS)).astype("Int64").sort_index()
    table = table.dropna(how="all")
    table.index.name = "year"
    return table.reset_index()


def solutions_results(table: pd.DataFrame) -> list[Result]:
    """The last year's figures, each counted during that year: ``refugee_returns``,
    ``resettlement``, ``naturalisation``, ``idp_returns``; those without a figure are left out.
    None is keyed ``displaced``: solutions are not displacement."""
    if table.empty:
        return []
    last = table.iloc[-1]
    year = int(last["year"])
    return [
        Result(
            key=_KEYS[column],
            label=Message.of("solution_during", solution=column, year=year),
            value=int(last[column]),
            unit="people",
            source=UNHCR,
            period=_year(year),
            notes=(Message.of("during_whole_year", year=year),),
        )
        for column in SOLUTIONS
        if not pd.isna(last[column])
    ]


def returns_by_country(
    frame: pd.DataFrame, year: int, top: int = 8, origin_iso3: str = "SYR"
) -> pd.DataFrame:
    """Refugees returned to ``origin_iso3`` during ``year`` by the country they returned from:
    ``asylum_name``, ``returned_refugees``, largest first, the ``top`` countries."""
    rows = frame[
        frame["origin_iso3"].eq(origin_iso3).fillna(False).astype(bool)
        & frame["asylum_iso3"].ne(origin_iso3).fillna(False).astype(bool)
        & (frame["year"] == year).fillna(False).astype(bool)
    ]
    totals = rows.groupby("asylum_name")["returned_refugees"].sum(min_count=1).dropna()
    totals = totals[totals > 0].sort_values(ascending=False).head(top)
    return totals.astype("Int64").reset_index()


__all__ = [
    "SOLUTIONS",
    "returns_by_country",
    "solutions_by_year",
    "solutions_results",
]
