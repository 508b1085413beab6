"""The displacement report: reported figures (bundled 2024 data), UNHCR refugee stocks by country
of asylum and returns, or OCHA/HNAP monthly IDP movements by governorate.

The kind of data follows from the file given as ``displacement_path`` (``data.read(path,
domain="displacement").kind``): ``figures`` (bundled), ``refugee_stocks`` (UNHCR) or
``idp_flows`` (HNAP). Each kind is filtered to the period its own way:

- bundled figures by ``as_of_date``; undated figures cannot be placed and are left out (the
  report says how many);
- UNHCR end-of-year stocks by year: every year that overlaps the period;
- HNAP monthly flows by month: every month that overlaps the period.

Governorates: the bundled figures are national or regional, with a few figures by governorate of
origin; a single-governorate report shows those when there are any, says so when there are
none, and shows the national figures labelled as national context. UNHCR counts people by
country of asylum: a governorate cannot be selected in it, and the report says so. HNAP has
governorates (where people arrived) and is filtered.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import data, metrics
from analysis.charts import displacement as charts
from analysis.data import bundled, unhcr
from analysis.data.provenance import read_provenance
from analysis.sections.blocks import Block, esc, figure, heading, note, paragraph, table
from analysis.sections.common import (
    KeyFigure,
    Scope,
    day,
    key_figures_box,
    sources_list,
    title,
)

FIGURES = "figures"
STOCKS = "refugee_stocks"
FLOWS = "idp_flows"

CITATIONS = {
    "unhcr_population": (
        "UNHCR Refugee Data Finder, population statistics (CC BY 4.0); cite "
        '"UNHCR Refugee Data Finder"',
        "https://www.unhcr.org/refugee-statistics/",
    ),
    "hnap_idp_movements": (
        "OCHA/HNAP IDP Task Force, Syrian Arab Republic: IDP movements and IDP spontaneous "
        "return movements Data (HDX); attribution required",
        "https://data.humdata.org/dataset/"
        "syrian-arab-republic-idp-movements-and-idp-spontaneous-return-movements-data",
    ),
}
"""Dataset citation and home page of each third-party format."""


@dataclass
class Displacement:
    scope: Scope
    kind: str  # FIGURES, STOCKS or FLOWS
    source: str  # source label for footnotes: dataset title and file name
    format_name: str
    coverage: str  # what the whole file covers, said when the period leaves no data
    as_of: str | None = None
    figures: pd.DataFrame | None = None  # bundled: dated figures in the period (all areas)
    undated: pd.DataFrame | None = None  # bundled: undated figures, left out
    stocks: pd.DataFrame | None = None  # UNHCR: rows of the years overlapping the period
    flows: pd.DataFrame | None = None  # HNAP: months overlapping the period, governorate kept

    @property
    def frame(self) -> pd.DataFrame:
        """The filtered data the report shows, whatever its kind."""
        chosen = {FIGURES: self.figures, STOCKS: self.stocks, FLOWS: self.flows}[self.kind]
        return chosen if chosen is not None else pd.DataFrame()

    @property
    def empty(self) -> bool:
        return self.frame.empty

    @property
    def local(self) -> pd.DataFrame | None:
        """Bundled figures for the chosen governorate of origin (None: whole country)."""
        if self.kind != FIGURES or self.scope.governorate is None or self.figures is None:
            return None
        return self.figures[self.figures["admin1_pcode"] == self.scope.governorate.pcode]


def load(displacement_path: str, start_date: str, end_date: str, governorate: str) -> Displacement:
    """Read the file (or the bundled figures) and keep what falls in the period and place."""
    scope = Scope.from_parameters(start_date, end_date, governorate)
    if displacement_path in ("", data.BUNDLED):
        dataset = data.read(bundled.bundled_path("displacement_figures.csv"))
    else:
        dataset = data.read(displacement_path, domain="displacement")
    frame = dataset.frame
    report = Displacement(
        scope=scope,
        kind=dataset.kind,
        source=dataset.source_label,
        format_name=dataset.format.name,
        coverage="",
    )
    if dataset.kind == FIGURES:
        dated = frame[frame["as_of_date"].notna()]
        report.undated = frame[frame["as_of_date"].isna()]
        report.figures = metrics.in_period(dated, scope.start, scope.end, column="as_of_date")
        report.coverage = _span(dated["as_of_date"].min(), dated["as_of_date"].max(), day)
        try:
            report.as_of = day(pd.Timestamp(read_provenance(dataset.path).as_of))
        except (data.DataValidationError, ValueError):
            report.as_of = day(dated["as_of_date"].max()) if not dated.empty else None
    elif dataset.kind == STOCKS:
        years = frame["year"]
        report.stocks = frame[(years >= scope.start.year) & (years <= scope.end.year)]
        report.coverage = _span(years.min(), years.max(), lambda y: f"{int(y)}")
        if not report.stocks.empty:
            report.as_of = f"31 December {int(report.stocks['year'].max())}"
    elif dataset.kind == FLOWS:
        first_month = scope.start.to_period("M").to_timestamp()
        in_period = frame[(frame["month"] >= first_month) & (frame["month"] <= scope.end)]
        report.flows = metrics.in_governorate(in_period, governorate)
        report.coverage = _span(frame["month"].min(), frame["month"].max(), _month)
        if not report.flows.empty:
            report.as_of = _month(report.flows["month"].max())
    else:  # a displacement format this report does not know how to show
        raise data.DataValidationError(
            f"{dataset.path}: {dataset.format.title} files ({dataset.kind}) are not shown by the "
            "displacement report. Give the bundled figures, a UNHCR population CSV or an "
            "OCHA/HNAP IDP movements workbook."
        )
    return report


def _month(value: pd.Timestamp) -> str:
    return f"{pd.Timestamp(value):%B %Y}"


def _span(first: object, last: object, show) -> str:
    if first is None or pd.isna(first):
        return "no dated figures"
    return f"{show(first)} to {show(last)}"


def _people(value: object) -> str:
    """A count of people, rounded to whole people (HNAP estimates can be fractional)."""
    if value is None or pd.isna(value):
        return "–"
    return f"{round(float(value)):,}"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def header(report: Displacement) -> Block:
    return title("Displacement", report.scope)


# ---------------------------------------------------------------------------------------------
# Key figures
# ---------------------------------------------------------------------------------------------


def key_figures(report: Displacement) -> list[KeyFigure]:
    """The headline numbers, each with the organisation or dataset that published it."""
    if report.empty:
        return []
    if report.kind == FIGURES:
        return _figures_key_figures(report)
    if report.kind == STOCKS:
        return _stocks_key_figures(report)
    return _flows_key_figures(report)


def _figure_detail(row: pd.Series, extra: str = "") -> str:
    text = f"as of {day(row['as_of_date'])}; area: {row['area']}"
    return text + (f"; {extra}" if extra else "")


def _figures_key_figures(report: Displacement) -> list[KeyFigure]:
    figures = report.figures
    result = []
    local = report.local
    if local is not None and not local.empty:
        for _, row in local.sort_values(["as_of_date", "report_date"]).iterrows():
            result.append(
                KeyFigure(
                    label=f"Displaced from {report.scope.governorate.name} governorate",
                    value=charts.qualified(row),
                    detail=_figure_detail(row),
                    source=str(row["organisation"]),
                )
            )
    national = figures[charts.area_kind(figures) == charts.NATIONAL]
    prefix = "Syria (national)" if report.scope.governorate else "Syria"
    peak = charts.national_peak(figures)
    if peak is not None:
        later = charts.net_of_returns_after(figures, peak)
        result.append(
            KeyFigure(
                label=f"{prefix}: peak reported" if not later.empty else f"{prefix}: highest",
                value=charts.qualified(peak),
                detail=_figure_detail(peak),
                source=str(peak["organisation"]),
            )
        )
        latest = _latest(national)
        if not later.empty and latest is not None:
            net = "net of returns" if charts.mentions_returns(later) else ""
            result.append(
                KeyFigure(
                    label=f"{prefix}: latest reported",
                    value=charts.qualified(latest),
                    detail=_figure_detail(latest, net),
                    source=str(latest["organisation"]),
                )
            )
    elif not figures.empty:
        latest = _latest(figures[charts.area_kind(figures) != charts.GOVERNORATE])
        if latest is not None:
            result.append(
                KeyFigure(
                    label="Latest reported (one region)",
                    value=charts.qualified(latest),
                    detail=_figure_detail(latest),
                    source=str(latest["organisation"]),
                )
            )
    organisations = figures["organisation"].map(charts.short_organisation).nunique()
    result.append(
        KeyFigure(
            label="Figures published in the period",
            value=f"{len(figures):,}",
            detail=f"by {_plural(organisations, 'organisation')}; never added together",
            source=report.source.split(" (")[0],
        )
    )
    return result


def _latest(rows: pd.DataFrame) -> pd.Series | None:
    if rows.empty:
        return None
    ordered = rows.assign(_value=charts.figure_value(rows)).sort_values(
        ["as_of_date", "report_date", "_value"]
    )
    return ordered.iloc[-1].drop(labels="_value")


def _stocks_key_figures(report: Displacement) -> list[KeyFigure]:
    by_asylum = unhcr.refugees_by_asylum(report.stocks)
    result = []
    with_refugees = by_asylum.dropna(subset=["refugees"])
    if not with_refugees.empty:
        year = int(with_refugees["year"].max())
        rows = with_refugees[with_refugees["year"] == year]
        total = int(rows["refugees"].sum())
        countries = int((rows["refugees"] > 0).sum())
        result.append(
            KeyFigure(
                label=f"Syrian refugees, end of {year}",
                value=f"{total:,}",
                detail=f"in {_plural(countries, 'country', 'countries')} of asylum; "
                "asylum-seekers not included",
                source="UNHCR Refugee Data Finder",
            )
        )
        first = rows.sort_values("refugees", ascending=False).iloc[0]
        share = 100 * int(first["refugees"]) / total if total else 0
        result.append(
            KeyFigure(
                label=f"Largest host country, {year}",
                value=f"{first['asylum_name']}: {int(first['refugees']):,}",
                detail=f"{share:.0f}% of Syrian refugees at the end of {year}",
                source="UNHCR Refugee Data Finder",
            )
        )
    returned = unhcr.returns_by_year(report.stocks)
    returned = returned.dropna(how="all", subset=["returned_refugees", "returned_idps"])
    if not returned.empty:
        last = returned.iloc[-1]
        for column, label in (
            ("returned_refugees", "Refugees returned to Syria"),
            ("returned_idps", "IDPs returned home"),
        ):
            if pd.notna(last[column]):
                result.append(
                    KeyFigure(
                        label=f"{label}, {int(last['year'])}",
                        value=f"{int(last[column]):,}",
                        detail=f"during {int(last['year'])}",
                        source="UNHCR Refugee Data Finder",
                    )
                )
    return result


def _flows_key_figures(report: Displacement) -> list[KeyFigure]:
    flows = report.flows
    where = report.scope.where
    months = flows["month"]
    span = f"{_month(months.min())} to {_month(months.max())}"
    result = []
    arrivals = flows[flows["flow"] == "idp_arrivals"]
    if not arrivals.empty:
        total = arrivals["people_count"].sum()
        per_month = arrivals.groupby("month")["people_count"].sum()
        result.append(
            KeyFigure(
                label=f"IDP arrivals, {where}",
                value=_people(total),
                detail=f"{span}; {_plural(len(per_month), 'month')} with figures",
                source="OCHA/HNAP IDP Task Force",
            )
        )
        result.append(
            KeyFigure(
                label="Most arrivals in one month",
                value=_people(per_month.max()),
                detail=_month(per_month.idxmax()),
                source="OCHA/HNAP IDP Task Force",
            )
        )
    returns = flows[flows["flow"] == "idp_returns"]
    if not returns.empty:
        result.append(
            KeyFigure(
                label=f"IDP spontaneous returns, {where}",
                value=_people(returns["people_count"].sum()),
                detail=f"{_month(returns['month'].min())} to {_month(returns['month'].max())}",
                source="OCHA/HNAP IDP Task Force",
            )
        )
    return result


def key_figures_section(report: Displacement) -> list[Block]:
    """Heading, key-figure boxes and a short narrative whose numbers all come from the data."""
    blocks = [heading("Key figures")]
    if report.empty:
        blocks.append(_no_data(report))
        return blocks
    blocks.extend(_scope_notes(report))
    blocks.append(key_figures_box(key_figures(report)))
    if report.kind == FIGURES:
        blocks.extend(_figures_narrative(report))
    elif report.kind == STOCKS:
        blocks.extend(_stocks_narrative(report))
    else:
        blocks.extend(_flows_narrative(report))
    return blocks


def _scope_notes(report: Displacement) -> list[Block]:
    """What a single-governorate report can and cannot show, said before the numbers."""
    gov = report.scope.governorate
    if gov is None:
        return []
    if report.kind == STOCKS:
        return [
            note(
                "UNHCR counts refugees by country of asylum and returns for Syria as a whole: "
                "the figures below are national, not specific to {where}.",
                where=report.scope.where,
            )
        ]
    if report.kind == FIGURES and report.local is not None and report.local.empty:
        return [
            note(
                "No figure for people displaced from {name} governorate was published in this "
                "period. The figures below are for Syria as a whole or for regions (national "
                "context), not for {name}.",
                name=gov.name,
            )
        ]
    return []


def _no_data(report: Displacement) -> Block:
    return note(
        "No data for {where}, {period} in {source}. The file covers {coverage}: choose a period "
        "inside it.",
        where=report.scope.where,
        period=report.scope.period,
        source=report.source,
        coverage=report.coverage,
    )


def _figures_narrative(report: Displacement) -> list[Block]:
    figures = report.figures
    blocks = []
    local = report.local
    if local is not None and not local.empty:
        row = local.sort_values(["as_of_date", "report_date"]).iloc[-1]
        blocks.append(
            paragraph(
                "**{org} reported {value} people displaced from {name} governorate** as of "
                "{as_of} ({note}). The other figures in this report are national context.",
                org=row["organisation"],
                value=charts.qualified(row),
                name=report.scope.governorate.name,
                as_of=day(row["as_of_date"]),
                note=row["breakdown_note"] if pd.notna(row["breakdown_note"]) else row["area"],
            )
        )
    first, last = figures["as_of_date"].min(), figures["as_of_date"].max()
    organisations = figures["organisation"].map(charts.short_organisation).nunique()
    text = (
        "{count} displacement figures by {orgs} organisations are dated between {first} and "
        "{last}. Organisations count different areas and periods: their figures are shown side "
        "by side and never added."
    )
    values = {
        "count": f"{len(figures):,}",
        "orgs": f"{organisations:,}",
        "first": day(first),
        "last": day(last),
    }
    peak = charts.national_peak(figures)
    if peak is not None:
        text += (
            " Across Syria, the reported number of people displaced peaked at {peak} on "
            "{peak_day} ({peak_org})."
        )
        values |= {
            "peak": charts.qualified(peak),
            "peak_day": day(peak["as_of_date"]),
            "peak_org": charts.short_organisation(peak["organisation"]),
        }
        later = charts.net_of_returns_after(figures, peak)
        latest = _latest(later)
        if latest is not None:
            if charts.mentions_returns(later):
                text += (
                    " Later figures are lower because returns are netted out: {latest} on "
                    "{latest_day} ({latest_org}). The peak is not the number still displaced."
                )
            else:
                text += " Later figures are lower: {latest} on {latest_day} ({latest_org})."
            values |= {
                "latest": charts.qualified(latest),
                "latest_day": day(latest["as_of_date"]),
                "latest_org": charts.short_organisation(latest["organisation"]),
            }
    blocks.append(paragraph(text, **values))
    return blocks


def _undated_note(report: Displacement) -> Block:
    undated = report.undated
    return note(
        "{count} left out: published without an as-of date, so they cannot be placed in the "
        "period ({which}).",
        count=_plural(len(undated), "undated figure"),
        which="; ".join(
            f"{charts.short_organisation(row['organisation'])} {charts.qualified(row)}"
            for _, row in undated.iterrows()
        ),
    )


def _stocks_narrative(report: Displacement) -> list[Block]:
    blocks = []
    by_asylum = unhcr.refugees_by_asylum(report.stocks).dropna(subset=["refugees"])
    if by_asylum.empty:
        return blocks
    totals = by_asylum.groupby("year")["refugees"].sum()
    first, last = int(totals.index.min()), int(totals.index.max())
    peak_year = int(totals.idxmax())
    text = (
        "At the end of {last}, UNHCR counted {total} refugees from Syria abroad. Between {first} "
        "and {last} the end-of-year count was highest in {peak_year} ({peak}). Figures are "
        "end-of-year stocks: the same people are counted again each year, so years are never "
        "added."
    )
    blocks.append(
        paragraph(
            text,
            last=last,
            first=first,
            total=f"{int(totals.loc[last]):,}",
            peak_year=peak_year,
            peak=f"{int(totals.loc[peak_year]):,}",
        )
    )
    return blocks


def _flows_narrative(report: Displacement) -> list[Block]:
    flows = report.flows
    arrivals = flows[flows["flow"] == "idp_arrivals"]
    blocks = []
    if not arrivals.empty and report.scope.governorate is None:
        by_gov = arrivals.groupby("admin1_name")["people_count"].sum().sort_values(ascending=False)
        blocks.append(
            paragraph(
                "OCHA/HNAP recorded {total} IDP arrivals across Syria from {first} to {last}; "
                "most arrived in {top} ({top_count}). A person who moves twice is counted twice.",
                total=_people(arrivals["people_count"].sum()),
                first=_month(arrivals["month"].min()),
                last=_month(arrivals["month"].max()),
                top=by_gov.index[0],
                top_count=_people(by_gov.iloc[0]),
            )
        )
    elif not arrivals.empty:
        blocks.append(
            paragraph(
                "OCHA/HNAP recorded {total} IDP arrivals in {where} from {first} to {last}. The "
                "governorate is where people arrived, not where they came from; a person who "
                "moves twice is counted twice.",
                total=_people(arrivals["people_count"].sum()),
                where=report.scope.where,
                first=_month(arrivals["month"].min()),
                last=_month(arrivals["month"].max()),
            )
        )
    fractional = (flows["people_count"] % 1 != 0).fillna(False).any()
    if fractional:
        blocks.append(
            note(
                "Some monthly figures are fractional as published (HNAP averages its sources); "
                "totals are rounded to whole people."
            )
        )
    return blocks


# ---------------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------------


def charts_section(report: Displacement) -> list[Block]:
    if report.empty:
        return []
    if report.kind == FIGURES:
        return _figures_charts(report)
    if report.kind == STOCKS:
        return _stocks_charts(report)
    return _flows_charts(report)


def _figures_charts(report: Displacement) -> list[Block]:
    figures = report.figures
    blocks = []
    gov = report.scope.governorate
    origin = figures[charts.area_kind(figures) == charts.GOVERNORATE]
    if not origin.empty:
        ax = charts.displaced_by_origin(
            figures, highlight=gov.pcode if gov else None, as_of=report.as_of
        )
        blocks.append(heading("Displaced by governorate of origin"))
        blocks.append(
            figure(
                ax.figure,
                alt="Horizontal bar chart of people displaced from each governorate for which a "
                "figure was published" + (f", with {gov.name} highlighted" if gov else "") + ".",
                caption="People displaced, by governorate they fled (figures as published). "
                f"Source: {_organisations(origin)}, compiled in {report.source}.",
            )
        )
    blocks.append(
        heading("National context: reported displacement" if gov else "Reported displacement")
    )
    ax = charts.reported_displacement(figures, as_of=report.as_of)
    blocks.append(
        figure(
            ax.figure,
            alt="Chart of the number of people reported displaced in Syria by date, one marker "
            "per published figure and organisation, ranges as vertical bars, lower bounds marked "
            "with triangles, the peak annotated"
            + (", national figures (not specific to the governorate)." if gov else "."),
            caption="People reported displaced, as published by each organisation"
            + (" (national and regional figures)" if gov else "")
            + f". Source: {_organisations(figures)}, compiled in {report.source}.",
        )
    )
    return blocks


def _organisations(rows: pd.DataFrame) -> str:
    return ", ".join(dict.fromkeys(rows["organisation"].map(charts.short_organisation)))


def _stocks_charts(report: Displacement) -> list[Block]:
    label = report.source
    blocks = [heading("Refugees by country of asylum")]
    ax = charts.refugees_by_asylum(report.stocks, source="UNHCR Refugee Data Finder")
    years = report.stocks["year"]
    span = f"{int(years.min())}–{int(years.max())}"
    blocks.append(
        figure(
            ax.figure,
            alt=f"Stacked area chart of refugees from Syria by country of asylum, end of each "
            f"year {span}, the largest host countries and all others.",
            caption=f"Refugees from Syria at the end of each year, by country of asylum. "
            f"Source: {label}.",
        )
    )
    blocks.append(heading("Returns"))
    ax = charts.returns(report.stocks, source="UNHCR Refugee Data Finder")
    blocks.append(
        figure(
            ax.figure,
            alt=f"Bar chart of refugees returned to Syria and IDPs returned home in each year "
            f"{span}.",
            caption=f"Returned refugees and returned IDPs per year. Source: {label}.",
        )
    )
    return blocks


def _flows_charts(report: Displacement) -> list[Block]:
    gov = report.scope.governorate
    blocks = [heading("Monthly IDP movements")]
    made = charts.idp_flows(
        report.flows, gov.pcode if gov else None, source="OCHA/HNAP IDP Task Force"
    )
    fig = made if gov is None else made.figure
    alt = (
        f"Line chart of IDP arrivals and spontaneous returns per month in {gov.name} governorate."
        if gov
        else "Line chart of IDP arrivals and returns per month across Syria, above a heatmap of "
        "IDP arrivals per month by governorate."
    )
    blocks.append(
        figure(
            fig,
            alt=alt,
            caption=f"IDP movements per month by governorate of arrival. Source: {report.source}.",
        )
    )
    return blocks


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


def table_section(report: Displacement) -> list[Block]:
    if report.empty:
        return []
    if report.kind == FIGURES:
        return _figures_table(report)
    if report.kind == STOCKS:
        return _stocks_table(report)
    return _flows_table(report)


def _figures_table(report: Displacement) -> list[Block]:
    figures = report.figures.sort_values(["as_of_date", "report_date", "organisation"])
    shown = figures.assign(
        figure=[charts.qualified(row) for _, row in figures.iterrows()],
        covers=charts.area_kind(figures).map(
            {
                charts.NATIONAL: "Syria",
                charts.SUB_AREA: "region",
                charts.GOVERNORATE: "governorate of origin",
            }
        ),
    )
    blocks = [heading("Figures as published")]
    blocks.append(
        table(
            shown,
            columns={
                "record_id": "Id",
                "as_of_date": "As of",
                "organisation": "Organisation",
                "figure": "People displaced",
                "area": "Area (as published)",
                "covers": "Covers",
                "outlet": "Published in",
            },
            numeric=(),
            caption="Every displacement figure dated in the period, as published (qualifiers "
            "and ranges kept). Each row is a separate published count: never add rows.",
        )
    )
    if report.undated is not None and not report.undated.empty:
        blocks.append(_undated_note(report))
    conflicts = figures.dropna(subset=["conflict_note"]) if "conflict_note" in figures else None
    if conflicts is not None and not conflicts.empty:
        items = "".join(
            f"<li>{esc(r.record_id)} ({esc(charts.short_organisation(r.organisation))}, "
            f"{esc(day(r.as_of_date))}): {esc(r.conflict_note)}</li>"
            for r in conflicts.itertuples(index=False)
        )
        blocks.append(
            Block(f"<h3>Where sources disagree</h3><ul>{items}</ul>", "Where sources disagree")
        )
    return blocks


def _as_numbers(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Counts as floats (NA -> NaN) so that tables print them with thousands separators."""
    return frame.assign(**{c: frame[c].astype("Float64").astype(float) for c in columns})


def _stocks_table(report: Displacement) -> list[Block]:
    counts = ("refugees", "asylum_seekers", "returned_refugees", "returned_idps")
    by_asylum = unhcr.refugees_by_asylum(report.stocks)
    returned = unhcr.returns_by_year(report.stocks).set_index("year")
    per_year = (
        by_asylum.groupby("year")[["refugees", "asylum_seekers"]]
        .sum(min_count=1)
        .join(returned, how="outer")
    ).reset_index()
    blocks = [heading("Figures by year")]
    blocks.append(
        table(
            _as_numbers(per_year.sort_values("year", ascending=False), counts).assign(
                year=lambda f: f["year"].astype(str)
            ),
            columns={
                "year": "Year",
                "refugees": "Refugees abroad",
                "asylum_seekers": "Asylum-seekers abroad",
                "returned_refugees": "Refugees returned",
                "returned_idps": "IDPs returned",
            },
            numeric=counts,
            caption="Syrians abroad at the end of each year (stocks, summed over countries of "
            "asylum) and returns during the year, from UNHCR's figures. Empty: no figure.",
        )
    )
    with_refugees = by_asylum.dropna(subset=["refugees"])
    if with_refugees.empty:
        return blocks
    last = int(with_refugees["year"].max())
    top = with_refugees[with_refugees["year"] == last].head(10)
    blocks.append(
        table(
            _as_numbers(top, ("refugees", "asylum_seekers")),
            columns={
                "asylum_name": "Country of asylum",
                "refugees": "Refugees",
                "asylum_seekers": "Asylum-seekers",
            },
            numeric=("refugees", "asylum_seekers"),
            caption=f"The {len(top)} countries hosting most refugees from Syria at the end of "
            f"{last}, as published by UNHCR.",
        )
    )
    return blocks


def _flows_table(report: Displacement) -> list[Block]:
    flows = report.flows
    blocks = [heading("Figures as published")]
    if report.scope.governorate is None:
        wide = flows.pivot_table(
            index="admin1_name", columns="flow", values="people_count", aggfunc="sum"
        ).reset_index()
        by = "admin1_name"
        first_column = {"admin1_name": "Governorate of arrival"}
        caption = "IDP movements in the period, summed over months, by governorate."
    else:
        wide = flows.pivot_table(
            index="month", columns="flow", values="people_count", aggfunc="sum"
        ).reset_index()
        wide["month"] = wide["month"].map(_month)
        by = "month"
        first_column = {"month": "Month"}
        caption = f"IDP movements per month in {report.scope.where}, as published."
    columns = first_column | {
        flow: charts.FLOW_LABELS[flow] for flow in ("idp_arrivals", "idp_returns") if flow in wide
    }
    for flow in ("idp_arrivals", "idp_returns"):
        if flow in wide:
            wide[flow] = wide[flow].astype(float).round()
    if "idp_arrivals" in wide and by == "admin1_name":
        wide = wide.sort_values("idp_arrivals", ascending=False)
    blocks.append(
        table(
            wide,
            columns=columns,
            numeric=tuple(c for c in columns if c != by),
            caption=caption + " Rounded to whole people; empty: no figure.",
        )
    )
    return blocks


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------


def sources_section(report: Displacement) -> list[Block]:
    blocks = [heading("Sources and method")]
    if report.kind == FIGURES:
        blocks.append(
            paragraph(
                "Reported displacement figures are counts published by UN agencies and others, "
                'kept exactly as published: a qualifier such as "more than" is part of the '
                "figure and drawn as a lower bound, and a range stays a range. Figures from "
                "different organisations cover different areas and periods and are never added. "
                "Figures dated after the peak are net of returns where the organisation says so."
            )
        )
        rows = report.figures
        if report.undated is not None and not rows.empty:
            rows = pd.concat([rows, report.undated])  # named in the table section
        if not rows.empty:
            urls = rows[["outlet", "source_url"]].drop_duplicates()
            blocks.append(
                sources_list(
                    "Displacement figures in this report",
                    [(str(r.outlet), str(r.source_url)) for r in urls.itertuples(index=False)],
                )
            )
    else:
        label, url = CITATIONS.get(report.format_name, (report.source, ""))
        blocks.append(
            paragraph(
                "Data: {source}.",
                source=report.source,
            )
        )
        blocks.append(sources_list("Dataset", [(label, url)]))
        if report.kind == STOCKS:
            blocks.append(
                paragraph(
                    "UNHCR figures are end-of-year stocks of refugees by country of asylum; "
                    "returns are counted during the year. Sums are taken within a year only."
                )
            )
        else:
            blocks.append(
                paragraph(
                    "OCHA/HNAP figures are monthly IDP movements by governorate of arrival and "
                    "spontaneous returns by governorate of return, as published; blank months "
                    "have no figure and are not counted as zero."
                )
            )
    return blocks


__all__ = [
    "Displacement",
    "charts_section",
    "header",
    "key_figures",
    "key_figures_section",
    "load",
    "sources_section",
    "table_section",
]
