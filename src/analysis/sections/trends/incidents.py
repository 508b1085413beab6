"""The period's events up close: the largest incidents (date, place, deaths, sides and the
source's own words, always escaped) and a map of the events sized by deaths, with the events
located only to a district or coarser counted apart rather than drawn at a false point."""

from __future__ import annotations

import pandas as pd

from analysis import gazetteer, i18n, places
from analysis.charts import trends as charts
from analysis.data.boundaries import map_boundaries
from analysis.i18n import _, ngettext, number, pgettext
from analysis.metrics import trends as metrics
from analysis.metrics.results import Period
from analysis.sections.blocks import Block, esc, figure, heading
from analysis.sections.text import sentence_note
from analysis.sections.trends.report import TrendsReport

NOTABLE = 10
"""Incidents listed."""
NOTES_SHOWN = 220
"""Characters of the source's notes shown for an incident."""


def _when(row: pd.Series) -> str:
    """The days an event may have happened on, and for a span how long it is (never "a month"
    for a UCDP span of 8 days)."""
    span = Period(row["date_earliest"], row["date_latest"])
    if span.days == 1:
        return span.label
    return ngettext(
        "%(days)s (dated only to this %(count)s day)",
        "%(days)s (dated only to these %(count)s days)",
        span.days,
    ) % {"days": span.label, "count": number(span.days)}


def _deaths(row: pd.Series) -> str:
    best = int(row["deaths_best"]) if pd.notna(row["deaths_best"]) else 0
    low, high = row.get("deaths_low"), row.get("deaths_high")
    if pd.notna(low) and pd.notna(high) and (low, high) != (best, best):
        return f"{number(best)} ({number(int(low))}–{number(int(high))})"
    return number(best)


def _text(value: object, limit: int | None = None) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = " ".join(str(value).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _sides(row: pd.Series) -> str:
    a, b = _text(row.get("side_a")), _text(row.get("side_b"))
    return f"{a} – {b}" if a and b else a or b


def _notes_shown() -> bool:
    """Whether the table quotes the source's notes: in the English edition, the language the
    sources (ACLED) write them in; an edition in another language leaves them out and says so
    (an English paragraph in an Arabic report would be read by few of its readers)."""
    return i18n.edition().language == "en"


def incidents_table(report: TrendsReport) -> Block | None:
    rows = metrics.notable(report.frame, report.span, report.scope.pcode or "all", n=NOTABLE)
    if rows.empty:
        return None
    rows = gazetteer.shown_names(rows)
    body, lines = [], []
    for _index, row in rows.iterrows():
        located = places.shown(_text(row["location"]), row.get("latitude"), row.get("longitude"))
        place = pgettext("list", ", ").join(x for x in (located, _text(row["admin1_name"])) if x)
        kind = _text(row.get("sub_event_type")) or _text(row.get("event_type"))
        notes = _text(row.get("notes_text"), NOTES_SHOWN) if _notes_shown() else ""
        notes_row = (
            f'<tr class="sitrep-incident-notes"><td colspan="5">{esc(notes)}</td></tr>'
            if notes
            else ""
        )
        body.append(
            f'<tbody class="sitrep-keep"><tr><td class="date">{esc(_when(row))}</td>'
            f'<td>{esc(place)}</td><td class="num">{esc(_deaths(row))}</td>'
            f"<td>{esc(_sides(row))}</td><td>{esc(kind)}</td></tr>{notes_row}</tbody>"
        )
        lines.append(f"{_when(row)} | {place} | {_deaths(row)} | {_sides(row)} | {kind} | {notes}")
    date, place, deaths, sides, kind = (
        _("Date"),
        _("Place"),
        _("Deaths"),
        _("Sides"),
        _("Type"),
    )
    markup = (
        f'<table class="sitrep-table sitrep-incidents"><thead><tr><th>{esc(date)}</th>'
        f'<th>{esc(place)}</th><th class="num">{esc(deaths)}</th><th>{esc(sides)}</th>'
        f"<th>{esc(kind)}</th></tr></thead>{''.join(body)}</table>"
    )
    return Block(markup, "\n".join(lines), kind="table")


def incidents_section(report: TrendsReport) -> list[Block]:
    """The largest events of the period by deaths (event data only: the view of events)."""
    if report.outside:
        return []
    made = incidents_table(report)
    if made is None:
        return []  # Sources and method says why
    blocks = [heading(_("Notable incidents"))]
    blocks.append(
        sentence_note(
            "trends_incidents", count=NOTABLE, source=report.source, notes_shown=_notes_shown()
        )
    )
    blocks.append(made)
    return blocks


def map_section(report: TrendsReport) -> list[Block]:
    """The period's events on the governorate map, sized by deaths (event data only: the view
    of events)."""
    if report.outside:
        return []
    points, imprecise_events, imprecise_deaths = metrics.located_events(
        report.frame, report.span, report.scope.pcode or "all"
    )
    boundaries, attribution = map_boundaries(report.boundaries_path)
    fig = charts.events_map(
        points,
        boundaries,
        imprecise_events=int(imprecise_events.value or 0),
        imprecise_deaths=int(imprecise_deaths.value or 0),
        highlight=report.scope.pcode,
        source=_("%(source)s; map: %(attribution)s")
        % {"source": report.source, "attribution": attribution},
        title_note=report.span.label,
    )
    return [
        heading(_("Where events happened")),
        figure(
            fig,
            name="events_map",
            alt=_("Map of the events of %(period)s in %(where)s, sized by deaths")
            % {"period": report.span.label, "where": report.scope.where},
            caption=_(
                "Events counted in the period at their place, circles sized by deaths; events "
                "located only to a district or coarser are counted in the note, not drawn."
            ),
        ),
    ]


__all__ = ["incidents_section", "incidents_table", "map_section"]
