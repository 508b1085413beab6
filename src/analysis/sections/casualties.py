"""The casualties report: reported tolls (bundled or a tolls file) and, when an event file
(UCDP GED, ACLED) is given, deaths in recorded events with their range."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import data, metrics
from analysis.charts import casualties as charts
from analysis.charts import maps
from analysis.data import boundaries, bundled
from analysis.data.provenance import read_provenance
from analysis.metrics import casualties as casualty_metrics
from analysis.sections.blocks import Block, figure, heading, note, paragraph, table
from analysis.sections.common import KeyFigure, Scope, day, number, sources_list, title

OFFENSIVE = "offensive"
"""``series`` value of tolls counted since 27 Nov 2024 for the offensive as a whole."""


@dataclass
class Casualties:
    scope: Scope
    tolls: pd.DataFrame  # reported tolls whose as-of date is in the period
    tolls_source: str
    tolls_as_of: str | None
    events: pd.DataFrame | None  # events in the period and governorate, when a file is given
    events_source: str | None
    comparison: pd.DataFrame | None = None  # a second event file for the same period and place
    comparison_source: str | None = None


def _events(path: str, scope: Scope, governorate: str) -> tuple[pd.DataFrame, str]:
    given = data.read(path, domain="casualties")
    if given.kind != "events":
        raise data.DataValidationError(
            f"{path}: a {given.format.title} file holds reported tolls, not events; give a UCDP "
            "GED or ACLED event file to compare."
        )
    frame = metrics.in_governorate(
        metrics.in_period(given.frame, scope.start, scope.end), governorate
    )
    return frame, given.source_label


def load(
    casualties_path: str,
    start_date: str,
    end_date: str,
    governorate: str,
    compare_path: str = "",
) -> Casualties:
    """Read and filter everything the report shows."""
    scope = Scope.from_parameters(start_date, end_date, governorate)
    tolls_file = bundled.bundled_path("casualty_tolls.csv")
    events = events_source = None
    if casualties_path in ("", data.BUNDLED):
        tolls_data = data.read(tolls_file)
    else:
        given = data.read(casualties_path, domain="casualties")
        if given.kind == "events":
            tolls_data = data.read(tolls_file)
            events_source = given.source_label
            events = metrics.in_governorate(
                metrics.in_period(given.frame, scope.start, scope.end), governorate
            )
        else:
            tolls_data = given
    tolls = metrics.in_period(tolls_data.frame, scope.start, scope.end, column="as_of_date")
    try:
        as_of = read_provenance(tolls_data.path).as_of
    except data.DataValidationError:
        as_of = None
    report = Casualties(scope, tolls, tolls_data.source_label, as_of, events, events_source)
    if compare_path not in ("", None):
        report.comparison, report.comparison_source = _events(compare_path, scope, governorate)
    return report


def _offensive(tolls: pd.DataFrame) -> pd.DataFrame:
    if "series" not in tolls:
        return tolls
    return tolls[tolls["series"] == OFFENSIVE]


def header(report: Casualties) -> Block:
    return title("Casualties", report.scope)


def headline_figures(report: Casualties) -> list[KeyFigure]:
    """Deaths and civilian deaths for a key-figures box, each with its reporting organisation."""
    figures = []
    # The tolls are published for the offensive as a whole, never by governorate.
    where = "" if report.scope.governorate is None else " (whole offensive)"
    latest = casualty_metrics.latest_tolls(_offensive(report.tolls))
    if not latest.empty:
        row = latest.sort_values("deaths_total").iloc[-1]
        qualifier = f"{row.qualifier} " if pd.notna(row.qualifier) else ""
        figures.append(
            KeyFigure(
                f"People killed{where}",
                f"{qualifier}{number(row.deaths_total)}",
                f"as of {day(row.as_of_date)}; scope: {row.scope}",
                f"{row.organisation} ({row.outlet})",
            )
        )
        if pd.notna(row.deaths_civilians):
            figures.append(
                KeyFigure(
                    f"Civilians killed{where}",
                    number(row.deaths_civilians),
                    f"as of {day(row.as_of_date)}; other organisations count differently",
                    str(row.organisation),
                )
            )
    if report.events is not None and not report.events.empty:
        ev = report.events
        detail = f"{len(ev):,} events"
        if ev["deaths_low"].notna().any():
            detail += f"; range {number(ev['deaths_low'].sum())}–{number(ev['deaths_high'].sum())}"
        figures.append(
            KeyFigure(
                "Deaths in recorded events",
                number(ev["deaths_best"].sum()),
                detail,
                str(report.events_source),
            )
        )
    return figures


def key_figures(report: Casualties) -> list[Block]:
    """The headline numbers, each with the organisation that reported it."""
    blocks = [heading("Key figures")]
    latest = casualty_metrics.latest_tolls(_offensive(report.tolls))
    if latest.empty:
        blocks.append(
            note(
                "No overall death toll was reported with an as-of date between {start} and {end}.",
                start=day(report.scope.start),
                end=day(report.scope.end),
            )
        )
    for row in latest.itertuples(index=False):
        qualifier = f"{row.qualifier} " if pd.notna(row.qualifier) else ""
        parts = [
            f"{number(value)} {label}"
            for value, label in (
                (row.deaths_rebels, "rebel fighters"),
                (row.deaths_government_side, "on the government side"),
                (row.deaths_civilians, "civilians"),
            )
            if pd.notna(value)
        ]
        blocks.append(
            paragraph(
                "**{org}: {qualifier}{total} people killed** as of {as_of}{split} (reported "
                "{report_date} by {outlet}; scope: {scope}).",
                org=row.organisation,
                qualifier=qualifier,
                total=number(row.deaths_total),
                as_of=day(row.as_of_date),
                split=f": {', '.join(parts)}" if parts else "",
                report_date=day(row.report_date),
                outlet=row.outlet,
                scope=row.scope,
            )
        )
    civilians = report.tolls.dropna(subset=["deaths_civilians"])
    civilian_only = civilians[["deaths_total", "deaths_rebels", "deaths_government_side"]].isna()
    civilians = civilians[civilian_only.all(axis=1)]
    if not civilians.empty:
        latest_civ = (
            civilians.sort_values(["as_of_date", "report_date"])
            .groupby("organisation", as_index=False)
            .tail(1)
        )
        listed = "; ".join(
            f"{r.organisation} {(r.qualifier + ' ') if pd.notna(r.qualifier) else ''}"
            f"{number(r.deaths_civilians)} ({r.scope})"
            for r in latest_civ.itertuples(index=False)
        )
        blocks.append(paragraph("**Civilians killed, other counts:** {listed}.", listed=listed))
    if report.scope.governorate is not None and not report.tolls.empty:
        blocks.append(
            note(
                "The reported tolls cover the offensive as a whole; the organisations published no "
                "breakdown by governorate, so they are not specific to {where}.",
                where=report.scope.governorate.name,
            )
        )
    if report.events is not None and not report.events.empty:
        ev = report.events
        has_range = ev["deaths_low"].notna().any()
        blocks.append(
            paragraph(
                "**Recorded events ({source}):** {events} events with {best} deaths (best estimate)"
                "{range} in {where}, {period}.",
                source=report.events_source,
                events=f"{len(ev):,}",
                best=number(ev["deaths_best"].sum()),
                range=(
                    f", between {number(ev['deaths_low'].sum())} and "
                    f"{number(ev['deaths_high'].sum())}"
                )
                if has_range
                else "",
                where=report.scope.where,
                period=report.scope.period,
            )
        )
    return blocks


def tolls_section(report: Casualties) -> list[Block]:
    blocks = [heading("Reported death tolls")]
    if report.tolls.empty:
        blocks.append(
            note(
                "No reported toll for {period}: the bundled tolls cover 27 November "
                "to 31 December 2024.",
                period=report.scope.period,
            )
        )
        return blocks
    shown = _offensive(report.tolls)
    fig = charts.reported_tolls(shown, as_of=report.tolls_as_of)
    blocks.append(
        figure(
            fig,
            alt=(
                "Line charts of cumulative deaths reported during the offensive: left, the main "
                "monitor's toll by side; right, civilian deaths as counted by each organisation."
            ),
            caption=(
                f"Cumulative deaths as published, by reporting organisation. Source: "
                f"{report.tolls_source}, compiled from the outlets listed below."
            ),
        )
    )
    blocks.append(
        table(
            report.tolls.sort_values(["organisation", "as_of_date", "report_date"]),
            columns={
                "as_of_date": "As of",
                "organisation": "Organisation",
                "qualifier": "Qualifier",
                "deaths_total": "Total",
                "deaths_rebels": "Rebels",
                "deaths_government_side": "Government side",
                "deaths_civilians": "Civilians",
                "scope": "Scope",
            },
            numeric=("deaths_total", "deaths_rebels", "deaths_government_side", "deaths_civilians"),
            caption="Every reported figure in the period, as published (qualifiers kept).",
        )
    )
    if "conflict_note" in report.tolls:
        conflicts = report.tolls.dropna(subset=["conflict_note"])
        if not conflicts.empty:
            items = "".join(
                f"<li>{_esc(r.record_id)} ({_esc(r.organisation)}, {day(r.as_of_date)}): "
                f"{_esc(r.conflict_note)}</li>"
                for r in conflicts.itertuples(index=False)
            )
            blocks.append(
                Block(f"<h3>Where sources disagree</h3><ul>{items}</ul>", "Where sources disagree")
            )
    return blocks


def _esc(value: object) -> str:
    from analysis.sections.blocks import esc

    return esc(value)


def events_section(report: Casualties) -> list[Block]:
    if report.events is None:
        return [
            heading("Deaths in recorded events"),
            note(
                "No event file was given. Pass an event-level file (UCDP GED or ACLED export) as "
                "the casualties_path parameter to chart daily deaths with their range."
            ),
        ]
    blocks = [heading(f"Deaths in recorded events ({report.events_source})")]
    if report.events.empty:
        blocks.append(
            note(
                "No data for {where}, {period} in {source}.",
                where=report.scope.where,
                period=report.scope.period,
                source=report.events_source,
            )
        )
        return blocks
    days = (report.scope.end - report.scope.start).days + 1
    freq = "D" if days <= 120 else "W"
    ax = charts.event_deaths(
        report.events,
        source=report.events_source,
        freq=freq,
        as_of=day(report.events["event_date"].max()),
    )
    unit = "day" if freq == "D" else "week"
    blocks.append(
        figure(
            ax.figure,
            alt=f"Step chart of deaths per {unit} in recorded events, {report.scope.where}, "
            f"{report.scope.period}, with the low to high estimate as a shaded band.",
            caption=f"Deaths per {unit}, best estimate with the low-high range where the source "
            f"gives one. Source: {report.events_source}.",
        )
    )
    by = "sub_event_type" if report.events["sub_event_type"].notna().any() else "event_type"
    kind = "sub-event type" if by == "sub_event_type" else "type of violence"
    ax = charts.deaths_by_type(report.events, source=report.events_source, by=by)
    blocks.append(
        figure(
            ax.figure,
            alt=f"Stacked bars of deaths per week by {kind}, {report.scope.where}, "
            f"{report.scope.period}.",
            caption=f"Deaths per week by {kind} (largest five, others grouped). "
            f"Source: {report.events_source}.",
        )
    )
    if report.scope.governorate is None:
        totals = casualty_metrics.deaths_by_governorate(report.events)
        mapped = totals["admin1_pcode"].str.startswith("SY", na=False)
        values = totals[mapped].set_index("admin1_pcode")["deaths_best"]
        ax = maps.choropleth(
            boundaries.default_boundaries(),
            values,
            title="Deaths by governorate",
            legend_label="People killed",
            source=report.events_source,
        )
        unassigned = totals.loc[~mapped, "deaths_best"].sum()
        blocks.append(
            figure(
                ax.figure,
                alt=f"Map of Syria's governorates shaded by deaths, {report.scope.period}.",
                caption=f"Deaths by governorate (best estimate); {number(unassigned)} deaths in "
                f"events without a governorate are not mapped. Source: "
                f"{report.events_source}; boundaries: Natural Earth.",
            )
        )
        blocks.append(
            table(
                totals,
                columns={
                    "admin1_name": "Governorate",
                    "deaths_best": "Deaths (best)",
                    "deaths_low": "Low",
                    "deaths_high": "High",
                },
                numeric=("deaths_best", "deaths_low", "deaths_high"),
                caption="Deaths by governorate in recorded events.",
            )
        )
    return blocks


def comparison_section(report: Casualties) -> list[Block]:
    """Two event datasets side by side, when a second file is given."""
    if report.comparison is None:
        return []
    blocks = [heading("Two sources compared")]
    if report.events is None or (report.events.empty and report.comparison.empty):
        blocks.append(
            note(
                "No data for {where}, {period} in either source.",
                where=report.scope.where,
                period=report.scope.period,
            )
        )
        return blocks
    labels = (report.events_source, report.comparison_source)
    fig = charts.compare_sources(report.events, report.comparison, labels=labels)
    blocks.append(
        figure(
            fig,
            alt=f"Deaths per week and by governorate in two event datasets, {report.scope.period}.",
            caption=f"Same period and place, two datasets. Sources: {labels[0]}; {labels[1]}.",
        )
    )
    blocks.append(
        paragraph(
            "{first}: **{a}** deaths in {na} events. {second}: **{b}** deaths in {nb} events.",
            first=labels[0],
            a=number(report.events["deaths_best"].sum()),
            na=f"{len(report.events):,}",
            second=labels[1],
            b=number(report.comparison["deaths_best"].sum()),
            nb=f"{len(report.comparison):,}",
        )
    )
    return blocks


def sources_section(report: Casualties) -> list[Block]:
    blocks = [heading("Sources and method")]
    blocks.append(
        paragraph(
            "Reported tolls are cumulative counts published by monitoring groups and UN agencies, "
            'kept exactly as published: a qualifier such as "at least" is part of the figure and '
            "drawn as a lower bound. Where two outlets carry different figures for the same day, "
            "both are shown. Civilian counts by different organisations use different methods and "
            "areas and are never added together."
        )
    )
    if not report.tolls.empty:
        urls = report.tolls[["outlet", "source_url"]].drop_duplicates()
        blocks.append(
            sources_list(
                "Reported tolls in this report",
                [(str(r.outlet), str(r.source_url)) for r in urls.itertuples(index=False)],
            )
        )
    if report.events_source:
        blocks.append(paragraph("Event data: {source}.", source=report.events_source))
    if report.comparison_source:
        blocks.append(paragraph("Comparison data: {source}.", source=report.comparison_source))
    return blocks
