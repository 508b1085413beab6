"""The whole country at once: small multiples of the 14 governorates' deaths over the last year
and a table of governorates (events, deaths, civilian deaths, change level, alert) with a
sparkline each. The report's own governorate is highlighted in both."""

from __future__ import annotations

import pandas as pd

from analysis import gazetteer
from analysis.charts import trends as charts
from analysis.metrics import trends as metrics
from analysis.metrics.results import Period
from analysis.sections.blocks import Block, esc, figure, heading
from analysis.sections.text import sentence_note
from analysis.sections.trends.report import NONE, TrendsReport
from analysis.sections.trends.words import alert_text, baseline_text, level_chip

GOVERNORATES = tuple(g.pcode for g in gazetteer.governorates())


def _deaths(report: TrendsReport) -> pd.DataFrame:
    """Deaths per bin and area (columns "all", "SY01".."SY14")."""
    series = report.series
    if isinstance(series.columns, pd.MultiIndex):
        return series["deaths"]
    return series


def _bins_in_period(index: pd.DatetimeIndex, report: TrendsReport) -> int:
    return int(((index >= report.span.start) & (index <= report.span.end)).sum())


def _reach(report: TrendsReport, deaths: pd.DataFrame) -> str:
    """The span the series shows, in words: "the year to 29 December 2019"."""
    first = deaths.index[0] if len(deaths.index) else report.span.start
    return Period(first, report.span.end).label


def small_multiples(report: TrendsReport) -> list[Block]:
    """Deaths per week (or month) in each governorate over the period and the year before it,
    the period shaded."""
    if report.outside or (report.monthly and report.months == 0):
        return []
    deaths = _deaths(report)
    names = {g.pcode: g.name for g in gazetteer.governorates()}
    unit = charts.bin_unit(deaths.index, "M" if report.monthly else "D")
    fig = charts.small_multiples(
        deaths,
        report.span,
        names=names,
        scale=report.scale,
        highlight=report.scope.pcode,
        source=report.source,
    )
    scale = "one scale for every panel" if report.scale == "shared" else "each panel its own scale"
    reach = _reach(report, deaths)
    return [
        heading("Deaths by governorate over time"),
        figure(
            fig,
            alt=f"Deaths per {unit} in each of the 14 governorates, {reach}",
            caption=f"Deaths in recorded events per {unit} in each governorate, {reach} "
            f"({scale}); the report's period is shaded.",
        ),
    ]


def _cell(result) -> str:
    return "" if result is None else esc(result.text)


def table(report: TrendsReport) -> Block:
    """One row per governorate and one for the country: the period's counts, the change level
    of events against the report's baseline, the alert, and a sparkline of deaths."""
    trends = report.trends
    deaths = _deaths(report)
    highlight = _bins_in_period(deaths.index, report) or 1
    has_civilians = any("civilian_deaths" in a.counts for a in trends.areas.values())
    rows, lines = [], []
    for key, area in trends.areas.items():
        counts = area.counts
        level = area.level("events", report.baseline)
        death_level = area.level("deaths", report.baseline)
        values = deaths[key].tolist() if key in deaths.columns else []
        spark = charts.sparkline_svg(
            values,
            highlight_last=highlight,
            width=84,
            label=f"Deaths in {area.name} over the last year",
        )
        own = ' class="sitrep-own"' if key == report.area else ""
        civilian = (
            f'<td class="num">{_cell(counts.get("civilian_deaths"))}</td>' if has_civilians else ""
        )
        rows.append(
            f"<tr{own}><td>{esc(area.name)}</td>"
            f'<td class="num">{_cell(counts.get("events"))}</td>'
            f'<td class="num">{_cell(counts.get("deaths"))}</td>{civilian}'
            f"<td>{level_chip(level)}</td><td>{level_chip(death_level)}</td>"
            f'<td class="alert">{esc(alert_text(area.alert.level))}</td><td>{spark}</td></tr>'
        )
        lines.append(
            f"{area.name}: {counts['events'].text} events, {counts['deaths'].text} deaths, "
            f"events {level or 'no level'}, deaths {death_level or 'no level'}, "
            f"alert {alert_text(area.alert.level)}"
        )
    civ_head = '<th class="num">Civilian deaths</th>' if has_civilians else ""
    against = baseline_text(report.baseline, report.span, report.monthly, max(1, report.months))
    unit = charts.bin_unit(deaths.index, "M" if report.monthly else "D")
    reach = _reach(report, deaths)
    markup = (
        '<table class="sitrep-table sitrep-change sitrep-areas"><caption>Change levels against '
        f"{esc(against)}; sparklines: deaths per {esc(unit)}, {esc(reach)}, the period in colour."
        "</caption>"
        '<thead><tr><th>Area</th><th class="num">Events</th><th class="num">Deaths</th>'
        f"{civ_head}<th>Events change</th><th>Deaths change</th><th>Alert</th>"
        f"<th>Over time</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return Block(markup, "\n".join(lines), kind="html")


def table_section(report: TrendsReport) -> list[Block]:
    blocks = [heading("Governorates compared")]
    if report.kind == NONE or report.outside or (report.monthly and report.months == 0):
        return []
    blocks.append(table(report))
    unlocated = report.trends.unlocated
    if unlocated is not None and unlocated.value:
        blocks.append(sentence_note("trends_unlocated", result=unlocated))
    return blocks


def section(report: TrendsReport) -> list[Block]:
    """The table of governorates, then the small multiples."""
    if report.kind == NONE:
        return []
    return [*table_section(report), *small_multiples(report)]


__all__ = ["GOVERNORATES", "metrics", "section", "small_multiples", "table", "table_section"]
