"""The whole country at once: small multiples of the 14 governorates' deaths over the last year
and a table of governorates (events, deaths, civilian deaths, change level, alert) with a
sparkline each. The report's own governorate is highlighted in both."""

from __future__ import annotations

import pandas as pd

from analysis import gazetteer
from analysis.charts import trends as charts
from analysis.i18n import _
from analysis.metrics import trends as metrics
from analysis.metrics.casualties.aggregates import month_disclosures
from analysis.metrics.results import Disclosure, Period
from analysis.sections.blocks import Block, esc, figure, heading
from analysis.sections.disclosures import Notes
from analysis.sections.trends.report import TrendsReport
from analysis.sections.trends.words import (
    alert_text,
    area_name,
    baseline_text,
    level_chip,
    level_text,
)

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


def _undrawn(report: TrendsReport, unit: str, areas: tuple[str, ...]) -> list[Disclosure]:
    """What the bars (or sparklines) of ``areas`` cannot draw, named by area."""
    found = report.undrawn or {}
    return [
        (Disclosure.of("undrawn", **found[a].values, bar=unit), area_name(a))
        for a in areas
        if a in found
    ]


def _partial(report: TrendsReport) -> Disclosure | None:
    """Monthly counts: the month of the series the file runs only partly into, or None."""
    if not report.monthly:
        return None
    months = list(pd.DatetimeIndex(report.series.index))
    found = month_disclosures(
        months, report.span, as_of=report.data_as_of, last_month=report.last_month
    )
    return next((d for d in found if d.kind == "partial_month"), None)


def _notes(prefix: str, said: list[tuple[Disclosure, str | None]]) -> list[Block]:
    notes = Notes(prefix)
    for disclosure, area in said:
        notes.add(disclosure, area)
    return notes.blocks()


def small_multiples(report: TrendsReport) -> list[Block]:
    """Deaths per week (or month) in each governorate over the period and the year before it,
    the period shaded; under it, the deaths its bars cannot draw (events dated to a span longer
    than a bar) and a partial last month."""
    if report.outside or (report.monthly and report.months == 0):
        return []
    deaths = _deaths(report)
    names = {g.pcode: g.shown for g in gazetteer.governorates()}
    unit = charts.bin_unit(deaths.index, "M" if report.monthly else "D")
    cut = _partial(report)
    fig = charts.small_multiples(
        deaths,
        report.span,
        names=names,
        scale=report.scale,
        highlight=report.scope.pcode,
        source=report.source,
        partial=None if cut is None else (cut["month"], cut["as_of"]),
    )
    if report.scale == "shared":
        scale = _("one scale for every panel")
    else:
        scale = _("each panel its own scale")
    reach = _reach(report, deaths)
    said = _undrawn(report, unit, GOVERNORATES)
    nowhere = (report.undrawn or {}).get("none")
    if nowhere is not None:  # in the country's bars, in no governorate's panel
        said.append((Disclosure.of("undrawn", **nowhere.values, bar=unit), None))
    if cut is not None:
        said.append((cut, None))
    if said:
        caption = _(
            "Deaths in recorded events per %(unit)s in each governorate, %(reach)s (%(scale)s); "
            "the report's period is shaded; deaths its bars cannot hold are counted in the note "
            "under it."
        )
    else:
        caption = _(
            "Deaths in recorded events per %(unit)s in each governorate, %(reach)s (%(scale)s); "
            "the report's period is shaded."
        )
    alt = _("Deaths per %(unit)s in each of the 14 governorates, %(reach)s")
    return [
        heading(_("Deaths by governorate over time")),
        figure(
            fig,
            name="small_multiples",
            alt=alt % {"unit": unit, "reach": reach},
            caption=caption % {"unit": unit, "reach": reach, "scale": scale},
        ),
        *_notes("trends-small-multiples", said),
    ]


def _cell(notes: Notes, result, area: str) -> str:
    return "" if result is None else str(notes.mark(result, area=area))


def table(report: TrendsReport, notes: Notes | None = None) -> Block:
    """One row per governorate and one for the country: the period's counts (marked with their
    disclosures), the change level of events against the report's baseline, the alert, and a
    sparkline of deaths."""
    notes = Notes("trends-governorates") if notes is None else notes
    trends = report.trends
    deaths = _deaths(report)
    highlight = _bins_in_period(deaths.index, report) or 1
    has_civilians = any("civilian_deaths" in a.counts for a in trends.areas.values())
    rows, lines = [], []
    spark_label = _("Deaths in %(name)s over the last year")
    for key, area in trends.areas.items():
        name = area_name(key)
        counts = area.counts
        level = area.level("events", report.baseline)
        death_level = area.level("deaths", report.baseline)
        values = deaths[key].tolist() if key in deaths.columns else []
        spark = charts.sparkline_svg(
            values,
            highlight_last=highlight,
            width=84,
            label=spark_label % {"name": name},
        )
        own = ' class="sitrep-own"' if key == report.area else ""
        civilian = (
            f'<td class="num">{_cell(notes, counts.get("civilian_deaths"), name)}</td>'
            if has_civilians
            else ""
        )
        rows.append(
            f"<tr{own}><td>{esc(name)}</td>"
            f'<td class="num">{_cell(notes, counts.get("events"), name)}</td>'
            f'<td class="num">{_cell(notes, counts.get("deaths"), name)}</td>{civilian}'
            f"<td>{level_chip(level)}</td><td>{level_chip(death_level)}</td>"
            f'<td class="alert">{esc(alert_text(area.alert.level))}</td><td>{spark}</td></tr>'
        )
        lines.append(
            f"{name}: {counts['events'].text} events, {counts['deaths'].text} deaths, "
            f"events {level_text(level)}, deaths {level_text(death_level)}, "
            f"alert {alert_text(area.alert.level)}"
        )
    civilian_head = _("Civilian deaths")
    civ_head = f'<th class="num">{esc(civilian_head)}</th>' if has_civilians else ""
    against = baseline_text(report.baseline, report.span, report.monthly, max(1, report.months))
    unit = charts.bin_unit(deaths.index, "M" if report.monthly else "D")
    reach = _reach(report, deaths)
    said = _(
        "Change levels against %(baseline)s; sparklines: deaths per %(unit)s, %(reach)s, the "
        "period in colour."
    ) % {"baseline": against, "unit": unit, "reach": reach}
    head = "".join(
        f"<th>{esc(h)}</th>" for h in (_("Events change"), _("Deaths change"), _("Alert"))
    )
    area_head, events_head, deaths_head, over_time = (
        _("Area"),
        _("Events"),
        _("Deaths"),
        _("Over time"),
    )
    markup = (
        '<table class="sitrep-table sitrep-change sitrep-areas">'
        f"<caption>{esc(said)}</caption>"
        f'<thead><tr><th>{esc(area_head)}</th><th class="num">{esc(events_head)}</th>'
        f'<th class="num">{esc(deaths_head)}</th>'
        f"{civ_head}{head}<th>{esc(over_time)}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return Block(markup, "\n".join(lines), kind="html")


def table_section(report: TrendsReport) -> list[Block]:
    """The table of governorates, then the notes its counts need and what its sparklines cannot
    draw."""
    blocks = [heading(_("Governorates compared"))]
    if not report.compared:
        return []
    notes = Notes("trends-governorates")
    blocks.append(table(report, notes))
    unit = charts.bin_unit(_deaths(report).index, "M" if report.monthly else "D")
    for disclosure, area in _undrawn(report, unit, ("all", *GOVERNORATES)):
        notes.add(disclosure, area)
    cut = _partial(report)
    if cut is not None:
        notes.add(cut)
    blocks.extend(notes.blocks())
    return blocks


def section(report: TrendsReport) -> list[Block]:
    """The table of governorates, then the small multiples."""
    return [*table_section(report), *small_multiples(report)]


__all__ = ["GOVERNORATES", "metrics", "section", "small_multiples", "table", "table_section"]
