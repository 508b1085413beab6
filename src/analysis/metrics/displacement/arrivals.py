"""UNHCR flows (``REFUGEE_ARRIVALS``): people from Syria newly recognised as refugees, and new
asylum applications, during each year and by country.

Both are counted during the year. They are two series, never added: a person who applies for
asylum in one year and is recognised the next is in both. In the neighbouring countries Syrians
are mostly recognised as a group (prima facie or temporary protection: the ``refugees`` flow);
in Europe most apply individually (the ``asylum_seekers`` flow). A year belongs to a period when
its 31 December falls in it, the rule of every UNHCR table.
"""

from __future__ import annotations

import pandas as pd

from analysis.metrics.displacement.unhcr import UNHCR
from analysis.metrics.results import Message, Period, Result

ARRIVALS = ("refugees", "asylum_seekers")
"""The two flows, each a column of :func:`arrivals_by_year` (their words: the catalogue's term
``arrival``)."""
_KEYS = {"refugees": "new_refugees", "asylum_seekers": "new_asylum_seekers"}


def _abroad(frame: pd.DataFrame, origin_iso3: str) -> pd.DataFrame:
    return frame[
        frame["origin_iso3"].eq(origin_iso3).fillna(False).astype(bool)
        & frame["asylum_iso3"].ne(origin_iso3).fillna(False).astype(bool)
    ]


def _year(year: int) -> Period:
    return Period(
        pd.Timestamp(year=year, month=1, day=1), pd.Timestamp(year=year, month=12, day=31)
    )


def arrivals_by_year(frame: pd.DataFrame, origin_iso3: str = "SYR") -> pd.DataFrame:
    """One row per year with any figure: ``year``, ``refugees`` and ``asylum_seekers`` from
    ``origin_iso3`` summed over countries within the year (NA: no figure, not zero)."""
    table = _abroad(frame, origin_iso3).groupby("year")[list(ARRIVALS)].sum(min_count=1)
    table = table.dropna(how="all").astype("Int64").sort_index()
    return table.reset_index()


def arrivals_by_country(
    frame: pd.DataFrame, year: int, top: int = 8, origin_iso3: str = "SYR"
) -> pd.DataFrame:
    """The ``top`` countries with most arrivals from ``origin_iso3`` during ``year``, ranked by
    the larger of their two figures: ``asylum_name``, ``refugees``, ``asylum_seekers`` (each
    apart, never added)."""
    rows = _abroad(frame, origin_iso3)
    rows = rows[(rows["year"] == year).fillna(False).astype(bool)]
    table = rows.groupby("asylum_name")[list(ARRIVALS)].sum(min_count=1).astype("Int64")
    rank = table.fillna(0).max(axis=1)
    table = table[rank > 0].assign(_rank=rank[rank > 0])
    table = table.sort_values("_rank", ascending=False).head(top).drop(columns="_rank")
    return table.reset_index()


def main_country(frame: pd.DataFrame, year: int, column: str, origin_iso3: str = "SYR"):
    """(country name, figure) of the country with most ``column`` during ``year``, or None."""
    rows = _abroad(frame, origin_iso3)
    rows = rows[(rows["year"] == year).fillna(False).astype(bool)]
    totals = rows.groupby("asylum_name")[column].sum(min_count=1).dropna()
    totals = totals[totals > 0]
    if totals.empty:
        return None
    name = totals.sort_values(ascending=False).index[0]
    return str(name), int(totals[name])


def arrivals_results(frame: pd.DataFrame, table: pd.DataFrame) -> list[Result]:
    """The last year's ``new_refugees`` and ``new_asylum_seekers`` (each during the year, with
    the country receiving most in its notes). None is keyed ``displaced``: arrivals during a
    year are not the number of people displaced."""
    if table.empty:
        return []
    last = table.iloc[-1]
    year = int(last["year"])
    results = []
    for column in ARRIVALS:
        if pd.isna(last[column]):
            continue
        notes = [Message.of("during_whole_year", year=year)]
        top = main_country(frame, year, column)
        if top is not None and int(last[column]) > 0:
            share = 100 * top[1] / int(last[column])
            notes.append(Message.of("most_in_country", country=top[0], people=top[1], share=share))
        results.append(
            Result(
                key=_KEYS[column],
                label=Message.of("arrivals_during", flow=column, year=year),
                value=int(last[column]),
                unit="people",
                source=UNHCR,
                period=_year(year),
                notes=tuple(notes),
            )
        )
    return results


__all__ = [
    "ARRIVALS",
    "arrivals_by_country",
    "arrivals_by_year",
    "arrivals_results",
    "main_country",
]
