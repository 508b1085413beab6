"""Displacement numbers: the one home of every figure the displacement reports state.

Three kinds of data, each with its own rules:

- **Reported figures** (the bundled 2024 dataset, ``DISPLACEMENT_FIGURES``): counts published
  on a date by an organisation, kept as published (qualifier, range). Figures are never added.
  The national peak, the latest national figure and whether later figures are net of returns
  are found here.
- **UNHCR stocks** (``REFUGEE_STOCKS``): end-of-year stocks (refugees, asylum-seekers, IDPs)
  and yearly flows (returns during the year). A year belongs to a period when its 31 December
  falls in it. Stocks are summed over countries within one year, never across years.
- **HNAP flows** (``IDP_FLOWS``): monthly IDP arrivals and spontaneous returns by governorate of
  arrival/return. A month belongs to a period when its last day falls in it, so the months of a
  year are split between its weeks without overlap: sub-period totals add up, and a weekly
  batch shows each month once (in the week holding its last day), as the figure for the whole
  month. Arrivals and returns are separate series and are never added together.

Functions take tidy frames and return tidy frames or :class:`~analysis.metrics.results.Result`.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from analysis.metrics.results import Period, Result

# ---------------------------------------------------------------------------------------------
# Reported figures (bundled)
# ---------------------------------------------------------------------------------------------

LOWER_BOUND_QUALIFIERS = {"at least", "more than", "over"}
"""Qualifiers that make a published figure a lower bound."""

NATIONAL = "national"
GOVERNORATE = "governorate"
SUB_AREA = "sub-area"
_NATIONAL_AREA = re.compile(r"^\s*(the\s+)?(whole\s+of\s+)?syria\b", re.IGNORECASE)
AREA_WORDS = {NATIONAL: "Syria", SUB_AREA: "region", GOVERNORATE: "governorate of origin"}


def _present(value: object) -> bool:
    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def _int_or_none(value: object) -> int | None:
    return int(value) if _present(value) else None


def is_lower_bound(qualifiers: pd.Series) -> pd.Series:
    """True where the qualifier ("more than", "at least", "over") makes the figure a minimum."""
    text = qualifiers.astype("string").fillna("").str.strip().str.lower()
    return text.isin(LOWER_BOUND_QUALIFIERS).astype(bool)


def area_kind(figures: pd.DataFrame) -> pd.Series:
    """What each published figure covers, from its ``area`` and ``admin1_pcode``:
    ``"governorate"`` (a P-code: people who fled that governorate), ``"national"`` (the area as
    published starts with "Syria") or ``"sub-area"`` (one region, front or kind of movement)."""
    area = figures["area"].astype("string").fillna("")
    national = area.str.match(_NATIONAL_AREA.pattern, case=False).fillna(False).astype(bool)
    has_pcode = figures["admin1_pcode"].astype("string").str.strip().fillna("").ne("")
    kind = pd.Series(SUB_AREA, index=figures.index, dtype="string")
    kind[national] = NATIONAL
    kind[has_pcode] = GOVERNORATE
    return kind


def counts_by_area(figures: pd.DataFrame) -> dict[str, int]:
    """How many figures cover the whole country, one region and one governorate of origin."""
    kinds = area_kind(figures)
    return {kind: int((kinds == kind).sum()) for kind in (NATIONAL, SUB_AREA, GOVERNORATE)}


def figure_value(figures: pd.DataFrame) -> pd.Series:
    """The published point figure, or the top of the range where only a range was published."""
    return (
        figures["displaced_count"]
        .astype("Float64")
        .fillna(figures["displaced_high"].astype("Float64"))
    )


def short_organisation(name: object) -> str:
    """ "OCHA (via UN spokesman ...)" -> "OCHA", "OCHA / IDP Task Force" -> "OCHA"."""
    text = re.sub(r"\s*\(.*?\)\s*", " ", str(name)).strip()
    return text.split(" / ")[0].strip() or str(name)


def dated_in_period(figures: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Figures whose ``as_of_date`` falls in the period (undated figures cannot be placed)."""
    dates = figures["as_of_date"]
    return figures[dates.notna() & (dates >= period.start) & (dates < period.stop)]


def undated(figures: pd.DataFrame) -> pd.DataFrame:
    return figures[figures["as_of_date"].isna()]


def figure_result(row: pd.Series, key: str = "figure", label: str | None = None) -> Result:
    """One published figure as a :class:`Result`: value or range, qualifier, as-of date, the
    organisation as source and the area it covers in the notes."""
    count = _int_or_none(row.get("displaced_count"))
    low = _int_or_none(row.get("displaced_low"))
    high = _int_or_none(row.get("displaced_high"))
    qualifier = row.get("qualifier")
    qualifier = str(qualifier).strip() if _present(qualifier) and str(qualifier).strip() else None
    if count is None and qualifier == "between":
        qualifier = None  # "between 800,000-1,000,000" reads badly: the range says it
    return Result(
        key=key,
        label=label or str(row["area"]),
        value=count,
        unit="people",
        source=short_organisation(row["organisation"]),
        qualifier=qualifier,
        low=low,
        high=high,
        as_of=row["as_of_date"] if _present(row.get("as_of_date")) else None,
        notes=(f"area: {row['area']}",),
    )


def _ordered(rows: pd.DataFrame, by_value_first: bool) -> pd.DataFrame:
    rows = rows.assign(_value=figure_value(rows)).dropna(subset=["_value"])
    if by_value_first:
        return rows.sort_values(
            ["_value", "as_of_date", "report_date"], ascending=[False, True, True]
        )
    return rows.sort_values(["as_of_date", "report_date", "_value"])


def national_peak_row(figures: pd.DataFrame) -> pd.Series | None:
    """The highest dated whole-of-Syria figure (a range counts by its top), earliest on a tie."""
    national = figures[(area_kind(figures) == NATIONAL) & figures["as_of_date"].notna()]
    ordered = _ordered(national, by_value_first=True)
    return None if ordered.empty else ordered.iloc[0].drop(labels="_value")


def latest_row(figures: pd.DataFrame) -> pd.Series | None:
    """The figure with the latest as-of date (then report date, then the highest value)."""
    ordered = _ordered(figures[figures["as_of_date"].notna()], by_value_first=False)
    return None if ordered.empty else ordered.iloc[-1].drop(labels="_value")


def lower_after_peak(figures: pd.DataFrame, peak: pd.Series) -> pd.DataFrame:
    """Whole-of-Syria figures dated after ``peak`` and lower than it."""
    later = (area_kind(figures) == NATIONAL) & (figures["as_of_date"] > peak["as_of_date"])
    national = figures[later]
    top = figure_value(pd.DataFrame([peak])).iloc[0]
    return national[(figure_value(national) < top).fillna(False).astype(bool)]


def mentions_returns(rows: pd.DataFrame) -> bool:
    """True when the rows' notes say that returns were netted out (or returnees counted)."""
    columns = [c for c in ("notes", "breakdown_note", "conflict_note") if c in rows]
    if rows.empty or not columns:
        return False
    joined = rows[columns].astype("string").fillna("").agg(" ".join, axis=1)
    return bool(joined.str.contains(r"\breturn", case=False, regex=True).any())


@dataclasses.dataclass(frozen=True)
class ReportedFigures:
    """What the reported figures of a period say.

    ``peak``: the highest whole-of-Syria figure; ``latest``: the latest whole-of-Syria figure
    (None when it is the peak itself); ``fall``: later whole-of-Syria figures are lower than the
    peak; ``net_of_returns``: their notes say returns were netted out; ``headline``: the figure
    the reports lead with (key ``"displaced"``); ``regional``: the latest figure for one region
    when there is no whole-of-Syria figure; ``published``: how many figures, by how many
    organisations.
    """

    peak: Result | None
    latest: Result | None
    fall: bool
    net_of_returns: bool
    headline: Result | None
    regional: Result | None
    published: Result
    organisations: int


def reported_figures(
    figures: pd.DataFrame, period: Period, source: str = "reported figures"
) -> ReportedFigures:
    """The peak, the latest figure and the headline of the dated figures in ``period``.

    The headline (key ``"displaced"``) is the latest whole-of-Syria figure; when later figures
    fell below an earlier peak (net of returns, or lower for another reason) the headline is the
    peak, the highest count of people displaced reported in the period, and its notes name the
    latest figure. Without a whole-of-Syria figure the headline is the latest figure for one
    region, labelled as such.
    """
    rows = dated_in_period(figures, period)
    kinds = area_kind(rows)
    national = rows[kinds == NATIONAL]
    organisations = int(rows["organisation"].map(short_organisation).nunique())
    published = Result(
        key="figures_published",
        label="Figures published in the period",
        value=len(rows),
        unit="figures",
        source=source,
        period=period,
        notes=(f"by {organisations:,} organisation{'s' if organisations != 1 else ''}",),
    )
    peak_row = national_peak_row(national)
    if peak_row is None:
        regional_row = latest_row(rows[kinds == SUB_AREA])
        regional = None
        if regional_row is not None:
            regional = figure_result(
                regional_row,
                key="displaced",
                label=f"People displaced, one region: {regional_row['area']}",
            ).with_notes("no whole-of-Syria figure in the period")
        return ReportedFigures(
            None, None, False, False, regional, regional, published, organisations
        )
    peak = figure_result(peak_row, key="displaced_peak", label="Syria: highest figure reported")
    later = lower_after_peak(national, peak_row)
    last_row = latest_row(national)
    is_peak = last_row is None or (
        last_row["as_of_date"] == peak_row["as_of_date"]
        and figure_value(pd.DataFrame([last_row])).iloc[0]
        == figure_value(pd.DataFrame([peak_row])).iloc[0]
    )
    latest = None
    if not is_peak:
        latest = figure_result(last_row, key="displaced_latest", label="Syria: latest figure")
    fall = not later.empty and latest is not None and last_row.name in later.index
    netted = fall and mentions_returns(later)
    if fall:
        why = "later figures are net of returns" if netted else "later figures are lower"
        headline = dataclasses.replace(
            peak,
            key="displaced",
            label="People displaced (peak reported)",
            notes=(
                *peak.notes,
                f"the peak of the period; {why}: latest {latest.text} "
                f"({latest.source}, {latest.when})",
            ),
        )
        peak = dataclasses.replace(peak, label="Syria: peak reported")
    else:
        chosen = latest or peak
        headline = dataclasses.replace(
            chosen,
            key="displaced",
            label="People displaced (latest figure)",
            notes=(*chosen.notes, "latest whole-of-Syria figure in the period"),
        )
    return ReportedFigures(peak, latest, fall, netted, headline, None, published, organisations)


def origin_results(figures: pd.DataFrame, pcode: str) -> list[Result]:
    """Figures for people displaced from one governorate (``admin1_pcode`` = governorate of
    origin), in date order; key ``"displaced_from_governorate"``."""
    rows = figures[(area_kind(figures) == GOVERNORATE) & (figures["admin1_pcode"] == pcode)]
    rows = rows.sort_values(["as_of_date", "report_date"])
    return [
        figure_result(
            row,
            key="displaced_from_governorate",
            label=f"Displaced from {row['admin1_name']} governorate",
        )
        for _, row in rows.iterrows()
    ]


def reported_points(figures: pd.DataFrame) -> pd.DataFrame:
    """The dated whole-of-Syria and regional figures as a tidy frame for a chart: ``as_of_date``,
    ``organisation`` (short name), ``kind``, ``value`` (point figure or NA), ``low``, ``high``
    (range or NA), ``lower_bound`` (qualifier "more than", "at least", "over")."""
    rows = figures[figures["as_of_date"].notna()]
    rows = rows[area_kind(rows) != GOVERNORATE]
    return pd.DataFrame(
        {
            "as_of_date": rows["as_of_date"],
            "organisation": rows["organisation"].map(short_organisation).astype("string"),
            "kind": area_kind(rows),
            "value": rows["displaced_count"].astype("Float64"),
            "low": rows["displaced_low"].astype("Float64"),
            "high": rows["displaced_high"].astype("Float64"),
            "lower_bound": is_lower_bound(rows["qualifier"]),
        }
    ).reset_index(drop=True)


def highest_national_by_day(figures: pd.DataFrame) -> pd.DataFrame:
    """The highest whole-of-Syria point figure of each day (``as_of_date``, ``value``)."""
    rows = figures[(area_kind(figures) == NATIONAL) & figures["as_of_date"].notna()]
    rows = rows.dropna(subset=["displaced_count"])
    daily = rows.groupby("as_of_date")["displaced_count"].max().sort_index()
    return pd.DataFrame({"as_of_date": daily.index, "value": daily.astype(float).to_numpy()})


def origin_bars(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures by governorate of origin for a bar chart, smallest first: ``admin1_pcode``,
    ``label`` (governorate, organisation, date), ``text`` (as published), ``base`` (point figure
    or low end of the range), ``low``, ``high``, ``value`` (point or top of the range)."""
    rows = figures[area_kind(figures) == GOVERNORATE]
    rows = rows.assign(_value=figure_value(rows).astype(float)).sort_values("_value")
    labels = [
        f"{r.admin1_name} ({short_organisation(r.organisation)}, "
        + (f"{pd.Timestamp(r.as_of_date):%-d %b %Y})" if _present(r.as_of_date) else "undated)")
        for r in rows.itertuples(index=False)
    ]
    return pd.DataFrame(
        {
            "admin1_pcode": rows["admin1_pcode"].to_numpy(),
            "label": labels,
            "text": [figure_result(row).text for _, row in rows.iterrows()],
            "base": rows["displaced_count"]
            .astype("Float64")
            .fillna(rows["displaced_low"].astype("Float64"))
            .astype(float)
            .to_numpy(),
            "low": rows["displaced_low"].astype("Float64").astype(float).to_numpy(),
            "high": rows["displaced_high"].astype("Float64").astype(float).to_numpy(),
            "value": rows["_value"].to_numpy(),
        }
    )


def national_context(figures: pd.DataFrame, origin: pd.DataFrame) -> Result | None:
    """The whole-of-Syria figure of the same organisation and day as the governorate figures,
    when there is one (the governorate figures are parts of it)."""
    national = figures[area_kind(figures) == NATIONAL]
    rows = origin[area_kind(origin) == GOVERNORATE][["organisation", "as_of_date"]]
    same = national.merge(
        rows.drop_duplicates(), on=["organisation", "as_of_date"], how="inner", validate="m:1"
    )
    if same.empty:
        return None
    return figure_result(same.iloc[0], key="displaced_national_context", label="Syria")


def figures_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Every figure as published, in date order, for a table: ``record_id``, ``as_of_date``,
    ``organisation``, ``figure`` (as published), ``area``, ``covers``, ``outlet``."""
    rows = figures.sort_values(["as_of_date", "report_date", "organisation"])
    return pd.DataFrame(
        {
            "record_id": rows.get("record_id", pd.Series("", index=rows.index)),
            "as_of_date": rows["as_of_date"],
            "organisation": rows["organisation"],
            "figure": [figure_result(row).text for _, row in rows.iterrows()],
            "area": rows["area"],
            "covers": area_kind(rows).map(AREA_WORDS),
            "outlet": rows["outlet"],
        }
    ).reset_index(drop=True)


def disagreements(figures: pd.DataFrame) -> list[str]:
    """One line per figure that conflicts with others, from ``conflict_note``."""
    if "conflict_note" not in figures:
        return []
    rows = figures.dropna(subset=["conflict_note"]).sort_values(["as_of_date", "report_date"])
    return [
        f"{r.record_id} ({short_organisation(r.organisation)}, "
        f"{pd.Timestamp(r.as_of_date):%-d %B %Y}): {r.conflict_note}"
        if _present(r.as_of_date)
        else f"{r.record_id} ({short_organisation(r.organisation)}, undated): {r.conflict_note}"
        for r in rows.itertuples(index=False)
    ]


# ---------------------------------------------------------------------------------------------
# UNHCR end-of-year stocks
# ---------------------------------------------------------------------------------------------

UNHCR = "UNHCR Refugee Data Finder"
STOCK_COLUMNS = ("refugees", "asylum_seekers", "idps_count")
"""End-of-year stocks: people at 31 December. Never summed across years."""
YEARLY_FLOWS = ("returned_refugees", "returned_idps")
"""Counted during the year."""


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
    table = stocks_by_year(stocks, origin_iso3)
    with_any = table.dropna(how="all", subset=[*STOCK_COLUMNS, *YEARLY_FLOWS])
    if with_any.empty:
        return []
    last = with_any.iloc[-1]
    year = int(last["year"])
    end = f"end of {year}"
    specs = [
        ("displaced", "refugees", f"Refugees from Syria abroad, {end}", "refugees"),
        ("idps", "idps_count", f"IDPs in Syria, {end}", "internally displaced"),
        ("asylum_seekers", "asylum_seekers", f"Asylum-seekers from Syria abroad, {end}", ""),
    ]
    results = []
    by_asylum = refugees_by_asylum(stocks[stocks["year"] == year], origin_iso3)
    hosts = int((by_asylum["refugees"].fillna(0) > 0).sum())
    for key, column, label, _ in specs:
        if pd.isna(last[column]):
            continue
        notes = ["end-of-year stock"]
        if key == "displaced":
            notes.append(f"in {hosts:,} countr{'y' if hosts == 1 else 'ies'} of asylum")
            notes.append("asylum-seekers not included")
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
    for key, column, label in (
        ("refugee_returns", "returned_refugees", f"Refugees returned to Syria during {year}"),
        ("idp_returns", "returned_idps", f"IDPs returned home during {year}"),
    ):
        if pd.isna(last[column]):
            continue
        results.append(
            Result(
                key=key,
                label=label,
                value=int(last[column]),
                unit="people",
                source=UNHCR,
                period=_year(year),
                notes=(f"counted during the whole of {year}",),
            )
        )
    with_refugees = by_asylum.dropna(subset=["refugees"])
    if not with_refugees.empty and int(with_refugees["refugees"].sum()) > 0:
        first = with_refugees.iloc[0]
        share = 100 * int(first["refugees"]) / int(with_refugees["refugees"].sum())
        results.append(
            Result(
                key="largest_host",
                label=f"Largest host country, {end} ({first['asylum_name']})",
                value=int(first["refugees"]),
                unit="people",
                source=UNHCR,
                as_of=_year_end(year),
                notes=(f"{share:.0f}% of refugees from Syria",),
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
        label=f"Highest end-of-year figure, {year}",
        value=int(row[column]),
        unit="people",
        source=UNHCR,
        as_of=_year_end(year),
        notes=(f"of the years {int(table['year'].min())} to {int(table['year'].max())}",),
    )


def top_hosts(stocks: pd.DataFrame, top: int = 6, origin_iso3: str = "SYR") -> pd.DataFrame:
    """Refugees by year for the ``top`` countries hosting most in the last year, every other
    country in one "Other countries" group (one organisation, one year: UNHCR's own total).
    Columns: ``year``, ``group`` (ISO3 or "__other__"), ``name``, ``refugees``; the groups in
    the order of the last year (largest first, "Other countries" last)."""
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
    group = table["asylum_iso3"].astype(str).where(table["asylum_iso3"].isin(leaders), "__other__")
    summed = table.assign(group=group).groupby(["year", "group"])["refugees"].sum().reset_index()
    order = {g: i for i, g in enumerate([*leaders, "__other__"])}
    summed["name"] = summed["group"].map(
        lambda g: "Other countries" if g == "__other__" else names[g]
    )
    summed = summed.sort_values(
        ["year", "group"], key=lambda s: s.map(order) if s.name == "group" else s
    )
    return summed[["year", "group", "name", "refugees"]].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# OCHA/HNAP monthly flows
# ---------------------------------------------------------------------------------------------

HNAP = "OCHA/HNAP IDP Task Force"
FLOWS = ("idp_arrivals", "idp_returns")
FLOW_LABELS = {"idp_arrivals": "IDP arrivals", "idp_returns": "IDP spontaneous returns"}


def has_fractional(flows: pd.DataFrame) -> bool:
    """True when some figure was published with a fraction (HNAP averages its sources)."""
    return bool((flows["people_count"] % 1 != 0).fillna(False).any())


def month_end(months: pd.Series) -> pd.Series:
    return pd.to_datetime(months) + pd.offsets.MonthEnd(0)


def months_ending_in(flows: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Rows of the months whose last day falls in the period (each month in one period only)."""
    ends = month_end(flows["month"])
    return flows[(ends >= period.start) & (ends < period.stop)]


def month_label(month: object) -> str:
    return f"{pd.Timestamp(month):%B %Y}"


def months_period(months: pd.Series) -> Period:
    """From the first day of the first month to the last day of the last month."""
    return Period(pd.Timestamp(months.min()), month_end(pd.Series([months.max()])).iloc[0])


def monthly_totals(flows: pd.DataFrame) -> pd.DataFrame:
    """People per month, summed over the governorates in ``flows``; one column per flow,
    arrivals and returns apart. A month with no figure for a flow is NA, not zero."""
    if flows.empty:
        return pd.DataFrame(
            {"month": pd.Series(dtype="datetime64[ns]")}
            | {f: pd.Series(dtype="Float64") for f in FLOWS}
        )
    wide = flows.pivot_table(
        index="month", columns="flow", values="people_count", aggfunc="sum", observed=True
    )
    wide = wide.reindex(columns=list(FLOWS)).astype("Float64")
    return wide.reset_index().rename_axis(columns=None).sort_values("month", ignore_index=True)


def totals_by_governorate(flows: pd.DataFrame) -> pd.DataFrame:
    """People per governorate over the months in ``flows``, arrivals and returns apart:
    ``admin1_pcode``, ``admin1_name``, ``idp_arrivals``, ``idp_returns``; most arrivals first."""
    columns = ["admin1_pcode", "admin1_name", *FLOWS]
    if flows.empty:
        return pd.DataFrame(columns=columns)
    wide = flows.pivot_table(
        index=["admin1_pcode", "admin1_name"],
        columns="flow",
        values="people_count",
        aggfunc="sum",
        observed=True,
    )
    wide = wide.reindex(columns=list(FLOWS)).astype("Float64").reset_index()
    wide = wide.sort_values("idp_arrivals", ascending=False, na_position="last", ignore_index=True)
    return wide.rename_axis(columns=None)[columns]


def arrivals_grid(flows: pd.DataFrame) -> pd.DataFrame:
    """Arrivals by governorate (rows, largest total first) and month (columns, every month from
    the first to the last); NaN where no figure was published."""
    arrivals = flows[flows["flow"] == "idp_arrivals"]
    if arrivals.empty:
        return pd.DataFrame()
    wide = arrivals.pivot_table(
        index="admin1_name", columns="month", values="people_count", aggfunc="sum", observed=True
    ).astype(float)
    months = pd.date_range(wide.columns.min(), wide.columns.max(), freq="MS")
    wide = wide.reindex(columns=months)
    return wide.loc[wide.sum(axis=1).sort_values(ascending=False).index]


def hnap_results(flows: pd.DataFrame, period: Period, where: str) -> list[Result]:
    """Arrivals and returns over the months of ``flows`` (already cut to the report's months and
    place), apart, and the busiest month and governorate of arrival.

    Keys: ``idp_arrivals``, ``idp_returns``, ``displaced`` (the arrivals again: the people who
    were displaced and arrived somewhere in the months; returns are not displacement),
    ``idp_arrivals_peak_month``, ``idp_arrivals_top_governorate`` (whole country only).
    """
    results = []
    for flow in FLOWS:
        rows = flows[flows["flow"] == flow]
        if rows.empty:
            continue
        span = months_period(rows["month"])
        count = rows["month"].nunique()
        notes = [f"{count} month{'s' if count != 1 else ''} with figures"]
        if span.start < period.start:
            notes.append(
                f"figure for the whole of {month_label(rows['month'].min())}, "
                "not only for the days in this period"
            )
        results.append(
            Result(
                key=flow,
                label=f"{FLOW_LABELS[flow]}, {where}",
                value=float(rows["people_count"].sum()),
                unit="people",
                source=HNAP,
                period=span,
                notes=tuple(notes),
            )
        )
    arrivals = next((r for r in results if r.key == "idp_arrivals"), None)
    if arrivals is not None:
        results.insert(
            0,
            dataclasses.replace(
                arrivals,
                key="displaced",
                label=f"IDP arrivals (people displaced), {where}",
                notes=(*arrivals.notes, "arrivals only; returns are counted apart"),
            ),
        )
        per_month = monthly_totals(flows).dropna(subset=["idp_arrivals"])
        if len(per_month) > 1:
            top = per_month.sort_values(["idp_arrivals", "month"], ascending=[False, True]).iloc[0]
            results.append(
                Result(
                    key="idp_arrivals_peak_month",
                    label=f"Most arrivals in one month: {month_label(top['month'])}",
                    value=float(top["idp_arrivals"]),
                    unit="people",
                    source=HNAP,
                    period=months_period(pd.Series([top["month"]])),
                )
            )
        by_gov = totals_by_governorate(flows).dropna(subset=["idp_arrivals"])
        if by_gov["admin1_pcode"].nunique() > 1:
            top = by_gov.iloc[0]
            results.append(
                Result(
                    key="idp_arrivals_top_governorate",
                    label=f"Most arrivals: {top['admin1_name']} governorate",
                    value=float(top["idp_arrivals"]),
                    unit="people",
                    source=HNAP,
                    period=arrivals.period,
                    notes=("governorate where people arrived",),
                )
            )
    return results


def _months_text(months: pd.Series) -> str:
    first, last = pd.Timestamp(months.min()), pd.Timestamp(months.max())
    if first == last:
        return month_label(first)
    return f"{month_label(first)} to {month_label(last)}"


def nearest_months(flows: pd.DataFrame, period: Period) -> tuple[str | None, str | None]:
    """The last month ending before the period and the first ending after it (labels), for a
    report whose period holds no month's end."""
    ends = month_end(flows["month"])
    before = flows.loc[ends < period.start, "month"]
    after = flows.loc[ends >= period.stop, "month"]
    return (
        month_label(before.max()) if not before.empty else None,
        month_label(after.min()) if not after.empty else None,
    )


def nearest_years(stocks: pd.DataFrame, period: Period) -> tuple[int | None, int | None]:
    """The last year ending before the period and the first ending after it."""
    ends = {int(y): _year_end(y) for y in stocks["year"].dropna().unique()}
    before = [y for y, end in ends.items() if end < period.start]
    after = [y for y, end in ends.items() if end >= period.stop]
    return (max(before) if before else None, min(after) if after else None)


__all__ = [
    "FLOWS",
    "ReportedFigures",
    "area_kind",
    "figure_result",
    "hnap_results",
    "monthly_totals",
    "months_ending_in",
    "refugees_by_asylum",
    "reported_figures",
    "stocks_by_year",
    "stocks_in_period",
    "totals_by_governorate",
    "unhcr_results",
    "years_ending_in",
]
