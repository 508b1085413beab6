"""UNHCR stocks (``REFUGEE_STOCKS``): the years of a period, figures by year and by country of
asylum, the results of the last year, the peaks and the years on either side of a period.

End-of-year stocks (refugees, asylum-seekers, IDPs) and yearly flows (returns during the year).
A year belongs to a period when its 31 December falls in it. Stocks are summed over countries
within one year, never across years.
"""

from __future__ import annotations

import pandas as pd

from analysis.metrics.displacement.common import first_last, nearest
from analysis.metrics.results import Message, Period, Result

UNHCR = "UNHCR Refugee Data Finder"
STOCK_COLUMNS = ("refugees", "asylum_seekers", "idps_count")
"""End-of-year stocks: people at 31 December. Never summed across years."""
YEARLY_FLOWS = ("returned_refugees", "returned_idps")
"""Counted during the year."""
OTHER = "__other__"
"""The group of every country not named (:func:`top_hosts`)."""


def years_ending_in(period: Period) -> list[int]:
    """The years whose 31 December falls in the period (those a report on it shows)."""
    return [
        y for y in range(period.start.year, period.end.year + 1) if period.contains(f"{y}-12-31")
    ]


def stocks_in_period(stocks: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Rows of the years whose end falls in the period."""
    return stocks[stocks["year"].isin(years_ending_in(period)).fillna(False).astype(bool)]


def _origin(frame: pd.DataFrame, origin_iso3: str) -> pd.Series:
    return frame["origin_iso3"].eq(origin_iso3).fillna(False).astype(bool)


def _inside(frame: pd.DataFrame, origin_iso3: str) -> pd.Series:
    return frame["asylum_iso3"].eq(origin_iso3).fillna(False).astype(bool)


def refugees_by_asylum(stocks: pd.DataFrame, origin_iso3: str = "SYR") -> pd.DataFrame:
    """Refugees and asylum-seekers from ``origin_iso3`` by year and country of asylum.

    Columns: ``year``, ``asylum_iso3``, ``asylum_name``, ``refugees``, ``asylum_seekers``;
    sorted by year, then by refugees (largest first). A pair with only empty figures stays NA.
    The origin's own row (its IDPs and host community) is left out.
    """
    rows = stocks[_origin(stocks, origin_iso3) & ~_inside(stocks, origin_iso3)]
    totals = (
        rows.groupby(["year", "asylum_iso3", "asylum_name"], observed=True, dropna=False)[
            ["refugees", "asylum_seekers"]
        ]
        .sum(min_count=1)
        .reset_index()
    )
    order = totals.sort_values(["year", "refugees"], ascending=[True, False], na_position="last")
    return order.reset_index(drop=True)


def stocks_by_year(stocks: pd.DataFrame, origin_iso3: str = "SYR") -> pd.DataFrame:
    """One row per year: ``refugees`` and ``asylum_seekers`` abroad (summed over countries of
    asylum within the year), ``idps_count`` in the country at the end of the year, and
    ``returned_refugees`` and ``returned_idps`` during the year. No figure stays NA."""
    origin = _origin(stocks, origin_iso3)
    inside = _inside(stocks, origin_iso3)
    abroad = stocks[origin & ~inside].groupby("year")[["refugees", "asylum_seekers"]]
    home = stocks[origin & inside].groupby("year")[["idps_count", "returned_idps"]]
    back = stocks[origin].groupby("year")[["returned_refugees"]]
    years = pd.Index(sorted(stocks.loc[origin, "year"].dropna().unique()), name="year")
    table = pd.concat([part.sum(min_count=1) for part in (abroad, home, back)], axis=1).reindex(
        years
    )
    columns = [*STOCK_COLUMNS, *YEARLY_FLOWS]
    return table.reindex(columns=columns).astype("Int64").reset_index()


def figures_by_year(stocks: pd.DataFrame, origin_iso3: str = "SYR") -> pd.DataFrame:
    """:func:`stocks_by_year` without the years that have no figure at all (the years a report
    shows), numbered from 0."""
    table = stocks_by_year(stocks, origin_iso3)
    table = table.dropna(how="all", subset=[*STOCK_COLUMNS, *YEARLY_FLOWS])
    return table.reset_index(drop=True)


def leading_hosts(
    stocks: pd.DataFrame, year: int, top: int = 10, origin_iso3: str = "SYR"
) -> pd.DataFrame:
    """The ``top`` countries hosting most refugees from ``origin_iso3`` at the end of ``year``
    (columns of :func:`refugees_by_asylum`), largest first; countries without a refugee figure
    are left out."""
    by_asylum = refugees_by_asylum(stocks[stocks["year"] == year], origin_iso3)
    return by_asylum.dropna(subset=["refugees"]).head(top)


def _year_end(year: int) -> pd.Timestamp:
    return pd.Timestamp(year=int(year), month=12, day=31)


def _year(year: int) -> Period:
    return Period(pd.Timestamp(year=int(year), month=1, day=1), _year_end(year))


def unhcr_results(stocks: pd.DataFrame, origin_iso3: str = "SYR") -> list[Result]:
    """The figures of the last year in ``stocks`` (already cut to the report's years):

    ``displaced`` (refugees abroad at the end of the year), ``idps`` (IDPs in Syria at the end
    of the year), ``asylum_seekers``, ``refugee_returns`` and ``idp_returns`` (during the year),
    ``largest_host`` (refugees in the country hosting most). Missing figures are left out.
    """
    with_any = figures_by_year(stocks, origin_iso3)
    if with_any.empty:
        return []
    last = with_any.iloc[-1]
    year = int(last["year"])
    specs = [
        ("displaced", "refugees", Message.of("refugees_abroad", year=year)),
        ("idps", "idps_count", Message.of("idps_in_syria", year=year)),
        ("asylum_seekers", "asylum_seekers", Message.of("asylum_seekers_abroad", year=year)),
    ]
    results = []
    by_asylum = refugees_by_asylum(stocks[stocks["year"] == year], origin_iso3)
    hosts = int((by_asylum["refugees"].fillna(0) > 0).sum())
    for key, column, label in specs:
        if pd.isna(last[column]):
            continue
        notes = [Message.of("end_of_year_stock")]
        if key == "displaced":
            notes.append(Message.of("in_countries_of_asylum", countries=hosts))
            notes.append(Message.of("asylum_seekers_not_included"))
        results.append(
            Result(
                key=key,
                label=label,
                value=int(last[column]),
                unit="people",
                source=UNHCR,
                as_of=_year_end(year),
                notes=tuple(notes),
            )
        )
    for key, column in (("refugee_returns", "returned_refugees"), ("idp_returns", "returned_idps")):
        if pd.isna(last[column]):
            continue
        results.append(
            Result(
                key=key,
                label=Message.of("solution_during", solution=column, year=year),
                value=int(last[column]),
                unit="people",
                source=UNHCR,
                period=_year(year),
                notes=(Message.of("during_whole_year", year=year),),
            )
        )
    with_refugees = by_asylum.dropna(subset=["refugees"])
    if not with_refugees.empty and int(with_refugees["refugees"].sum()) > 0:
        first = with_refugees.iloc[0]
        share = 100 * int(first["refugees"]) / int(with_refugees["refugees"].sum())
        results.append(
            Result(
                key="largest_host",
                label=Message.of("largest_host", year=year, country=str(first["asylum_name"])),
                value=int(first["refugees"]),
                unit="people",
                source=UNHCR,
                as_of=_year_end(year),
                notes=(Message.of("share_of_refugees", share=share),),
            )
        )
    return results


def unhcr_peak(stocks: pd.DataFrame, column: str, origin_iso3: str = "SYR") -> Result | None:
    """The highest end-of-year stock of ``column`` over the years in ``stocks`` (earliest on a
    tie), key ``"<column>_peak"``; None with fewer than two years of figures."""
    table = stocks_by_year(stocks, origin_iso3).dropna(subset=[column])
    if len(table) < 2:
        return None
    row = table.sort_values([column, "year"], ascending=[False, True]).iloc[0]
    year = int(row["year"])
    return Result(
        key=f"{column}_peak",
        label=Message.of("highest_year_end", year=year),
        value=int(row[column]),
        unit="people",
        source=UNHCR,
        as_of=_year_end(year),
        notes=(
            Message.of(
                "of_the_years", first=int(table["year"].min()), last=int(table["year"].max())
            ),
        ),
    )


def unhcr_peaks(stocks: pd.DataFrame, origin_iso3: str = "SYR") -> list[Result]:
    """The peaks (:func:`unhcr_peak`) of refugees abroad and of IDPs in Syria, those there are."""
    peaks = [unhcr_peak(stocks, column, origin_iso3) for column in ("refugees", "idps_count")]
    return [p for p in peaks if p is not None]


def top_hosts(stocks: pd.DataFrame, top: int = 6, origin_iso3: str = "SYR") -> pd.DataFrame:
    """Refugees by year for the ``top`` countries hosting most in the last year, every other
    country in one group of the rest (one organisation, one year: UNHCR's own total).
    Columns: ``year``, ``group`` (ISO3, or :data:`OTHER` for the rest), ``name`` (the country
    as published; NA for the rest), ``refugees``; the groups in the order of the last year
    (largest first, the rest last)."""
    table = refugees_by_asylum(stocks, origin_iso3).dropna(subset=["refugees"])
    table = table[table["refugees"] > 0]
    if table.empty:
        return pd.DataFrame(columns=["year", "group", "name", "refugees"])
    last = int(table["year"].max())
    latest = table[table["year"] == last]
    leaders = latest.head(top)["asylum_iso3"].astype(str).tolist()
    names = (
        table.drop_duplicates("asylum_iso3", keep="last")
        .set_index("asylum_iso3")["asylum_name"]
        .astype(str)
        .to_dict()
    )
    group = table["asylum_iso3"].astype(str).where(table["asylum_iso3"].isin(leaders), OTHER)
    summed = table.assign(group=group).groupby(["year", "group"])["refugees"].sum().reset_index()
    order = {g: i for i, g in enumerate([*leaders, OTHER])}
    summed["name"] = summed["group"].map(names).astype(object)
    summed = summed.sort_values(
        ["year", "group"], key=lambda s: s.map(order) if s.name == "group" else s
    )
    return summed[["year", "group", "name", "refugees"]].reset_index(drop=True)


def file_years(stocks: pd.DataFrame) -> tuple[int | None, int | None]:
    """The first and last year of a file's figures; None for both without any."""
    first, last = first_last(stocks["year"])
    return (int(first) if first is not None else None, int(last) if last is not None else None)


def nearest_years(stocks: pd.DataFrame, period: Period) -> tuple[int | None, int | None]:
    """The last year ending before the period and the first ending after it."""
    years = stocks["year"].dropna().astype(int)
    ends = pd.Series([_year_end(y) for y in years], index=years.index, dtype="datetime64[ns]")
    before, after = nearest(years, ends, period)
    return (
        int(before) if before is not None else None,
        int(after) if after is not None else None,
    )
