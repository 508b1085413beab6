"""IDMC's IDPs in Syria as carried by UNHCR (``IDMC_IDPS``): the figure at the end of each year,
the last year's figure, the highest and the change from the year before.

IDMC estimates the people internally displaced by conflict at the end of each year: a stock, so
years are never added. A year belongs to a period when its 31 December falls in it (the UNHCR
rule, :func:`~analysis.metrics.displacement.unhcr.years_ending_in`).
"""

from __future__ import annotations

import pandas as pd

from analysis.metrics.displacement.unhcr import UNHCR
from analysis.metrics.results import Message, Result

IDMC = "IDMC via UNHCR Refugee Data Finder"
IDMC_NOTE = Message.of("idmc_estimate")


def _year_end(year: int) -> pd.Timestamp:
    return pd.Timestamp(year=int(year), month=12, day=31)


def idmc_by_year(frame: pd.DataFrame, country_iso3: str = "SYR") -> pd.DataFrame:
    """One row per year with a figure: ``year``, ``idps_count`` (IDPs in the country at the end
    of the year). Rows of other countries are left out; a year with two rows for the country
    (never in UNHCR's table) keeps the sum within that year."""
    rows = frame[
        frame["origin_iso3"].eq(country_iso3).fillna(False).astype(bool)
        & frame["asylum_iso3"].eq(country_iso3).fillna(False).astype(bool)
    ]
    table = rows.groupby("year")["idps_count"].sum(min_count=1).dropna().astype("Int64")
    return table.reset_index().sort_values("year").reset_index(drop=True)


def idmc_results(table: pd.DataFrame) -> list[Result]:
    """``displaced`` (IDPs at the end of the last year, label saying they are IDMC's IDPs),
    ``idps_change`` (against the end of the year before, when the table has it) and
    ``idps_peak`` (the highest end-of-year figure, with two years or more)."""
    if table.empty:
        return []
    last = table.iloc[-1]
    year = int(last["year"])
    results = [
        Result(
            key="displaced",
            label=Message.of("idmc_idps", year=year),
            value=int(last["idps_count"]),
            unit="people",
            source=IDMC,
            as_of=_year_end(year),
            notes=(Message.of("end_of_year_stock"), IDMC_NOTE),
        )
    ]
    before = table[table["year"] == year - 1]
    if not before.empty:
        change = int(last["idps_count"]) - int(before.iloc[0]["idps_count"])
        results.append(
            Result(
                key="idps_change",
                label=Message.of("idps_change", year=year),
                value=change,
                unit="people",
                source=IDMC,
                as_of=_year_end(year),
                notes=(Message.of("stock_difference"),),
            )
        )
    if len(table) > 1:
        peak = table.sort_values(["idps_count", "year"], ascending=[False, True]).iloc[0]
        results.append(
            Result(
                key="idps_peak",
                label=Message.of("idmc_idps_peak", year=int(peak["year"])),
                value=int(peak["idps_count"]),
                unit="people",
                source=IDMC,
                as_of=_year_end(int(peak["year"])),
                notes=(Message.of("of_the_years", first=int(table["year"].min()), last=year),),
            )
        )
    return results


__all__ = ["IDMC", "UNHCR", "idmc_by_year", "idmc_results"]
