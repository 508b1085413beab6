"""The situation report's one-page brief, in the manner of OCHA's flash updates: highlights,
a row of key figures, one map.

- **Highlights**: three to five sentences, each stating one result the domains already computed
  (their ``headlines()``, picked by key, never by label), with its source and the markers of
  its disclosures. Candidates, in order (:data:`HIGHLIGHTS`): deaths and civilian deaths (with
  their change level when the trends computed one for the same count), an HDX Signals alert
  that fired, people displaced, places that changed hands (with the provincial capitals), the
  farthest point of one front (only with another gain near it: never one outlying point), the
  recorded events. The first five that have a figure for the period are said; a candidate with
  no figure is left out, never said as "no data".
- **Key figures**: deaths, civilians, people displaced and places that changed hands
  (:data:`KEY_FIGURES`), each with its change level against the report's baseline where the
  trends give one; each is also a highlight, which names its source and says how it was
  counted, so the row shows label, figure, change and date only.
- **Map**: the control map (last known holder of each place) when places changed hands in the
  period; else the map of the period's recorded events; else the control map of older
  changes; else none.

The order on the page is key figures, highlights, then the map with its caption beside it and
the notes of the disclosures of the key figures and highlights under it: ``blocks.css`` sizes
the map so that the brief fits one A4 page. The brief ends with an empty
``sitrep-brief-end`` element, by which ``blocks.css`` sizes the charts of the detail that
follows (a report with a brief keeps its body short). Every word comes from the ``brief_*``
templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup

from analysis.i18n import N_, gettext
from analysis.metrics import control as control_metrics
from analysis.metrics.results import Result
from analysis.sections import control, trends
from analysis.sections.blocks import Block, Joined, heading
from analysis.sections.common import Scope
from analysis.sections.disclosures import Notes, plain_notes
from analysis.sections.text import plain, render
from analysis.sections.trends import words
from analysis.sections.trends.report import TrendsReport


class Situation(Protocol):
    """What the brief reads of a situation report (:class:`analysis.sections.situation.Situation`,
    which imports this module)."""

    scope: Scope
    control: control.Control
    trends: TrendsReport

    @property
    def headlines(self) -> dict[str, Result]: ...

    @property
    def brief_map(self) -> str | None: ...


TITLE = N_("Highlights")
"""The brief's heading."""
KEY_FIGURES = ("deaths", "civilian_deaths", "displaced", "places_changed")
"""Keys of the results in the key-figures row, in order: what a reader looks for first."""
HIGHLIGHTS = (
    "deaths",
    "civilian_deaths",
    "alert",
    "displaced",
    "places_changed",
    "front",
    "events",
)
"""Candidates for the highlights, in order of priority; the first :data:`MAX_HIGHLIGHTS` that
have a figure are said."""
MAX_HIGHLIGHTS = 5
MEASURES = ("deaths", "civilian_deaths", "events")
"""Keys of the headline results that the trends can give a change level for."""

CONTROL_MAP = "control"
EVENTS_MAP = "events"


@dataclass(frozen=True)
class Change:
    """A key figure's change against the report's baseline, as the trends computed it, for the
    words of ``brief_change.j2``: its level (a code of :data:`~analysis.metrics.trends.LEVELS`,
    named by the catalogue's ``change_level`` term), whether it went up, the size ("30%"), the
    baseline in words, whether the small-numbers guard set the level, whether the baseline was
    0 (no percentage)."""

    level: str
    up: bool
    size: str
    baseline: str
    guarded: bool
    from_none: bool
    chip: Markup


def _shown(result: Result | None) -> bool:
    return result is not None and not (result.missing and not result.has_range)


def changes(report: Situation) -> dict[str, Change]:
    """The change level of each of :data:`MEASURES` against the report's baseline, by key, when
    the trends computed one for the very result the brief states (the same key and value)."""
    t = report.trends
    own = t.own
    if own is None or not t.compared:
        return {}
    found = {}
    for key in MEASURES:
        stated, counted = report.headlines.get(key), own.counts.get(key)
        comparison = own.comparisons.get((key, t.baseline))
        if stated is None or counted is None or comparison is None or comparison.level is None:
            continue
        if stated.missing or stated.value != counted.value:
            continue  # another count of the same name: its level is not this figure's
        pct = comparison.change_pct
        found[key] = Change(
            level=comparison.level,
            up=pct is not None and pct > 0,
            size=words.percent(abs(pct)).lstrip("+") if pct is not None else "",
            baseline=words.baseline_text(t.baseline, t.span, t.monthly, max(1, t.months)),
            guarded=comparison.guarded,
            from_none=pct is None,
            chip=Markup(words.level_chip(comparison.level)),
        )
    return found


def _alert(report: Situation) -> str | None:
    """The HDX Signals alert, when it fired (level 1 or 2), with its source."""
    t = report.trends
    own = t.own
    if own is None or t.outside or not own.alert.level:
        return None
    a = own.alert
    return render(
        "brief_alert",
        alert=a,
        rule=t.trends.rule,
        level=words.alert_text(a.level),
        window=words.overlap(a.window, t.span),
        max1=words.overlap(a.max_level1_window, t.span),
        max2=words.overlap(a.max_level2_window, t.span),
        source=t.source,
    )


def _front(report: Situation, notes: Notes) -> str | None:
    """The farthest place of one front's largest connected advance, with its support; when the
    farthest place is an isolated gain, the farthest with another gain near it; nothing when
    every place is isolated."""
    c = report.control
    front = control_metrics.front(c.period, c.span, c.freq, c.source, c.front_faction)
    if front is None:
        return None
    isolated = front.support.value == 1
    point = front.supported if isolated else front.farthest
    if point is None:
        return None
    return render(
        "brief_front",
        label=front.label,
        point=point,
        support=front.support,
        isolated=isolated,
        radius=f"{control_metrics.SUPPORT_KM:g}",
        notes=notes,
    )


def highlights(report: Situation, notes: Notes) -> list[str]:
    """The highlight sentences (HTML), at most :data:`MAX_HIGHLIGHTS`, each marked with its
    disclosures through ``notes``."""
    found = report.headlines
    levels = changes(report)
    said: list[str] = []
    for key in HIGHLIGHTS:
        if len(said) == MAX_HIGHLIGHTS:
            break
        if key == "alert":
            made = _alert(report)
        elif key == "front":
            made = _front(report, notes)
        elif not _shown(found.get(key)):
            made = None
        elif key == "places_changed":
            capitals = found.get("capitals_changed")
            made = render(
                "brief_places",
                places=found[key],
                capitals=capitals if _shown(capitals) else None,
                notes=notes,
            )
        else:
            made = render("brief_highlight", result=found[key], change=levels.get(key), notes=notes)
        if made:
            said.append(made)
    return said


def key_figures(report: Situation) -> list[Result]:
    """The results of the key-figures row, in :data:`KEY_FIGURES` order (those with a figure)."""
    found = [report.headlines.get(key) for key in KEY_FIGURES]
    return [r for r in found if _shown(r)]


def figures_row(report: Situation, notes: Notes) -> Block | None:
    """The key figures, each with its change level where there is one; None when none has a
    figure."""
    shown = key_figures(report)
    if not shown:
        return None
    levels = changes(report)
    cells = [render("brief_figure", result=r, change=levels.get(r.key), notes=notes) for r in shown]
    markup = f'<div class="sitrep-key-figures sitrep-brief-figures">{"".join(cells)}</div>'
    return Block(markup, "\n".join(plain(c) for c in cells), kind="html")


def map_kind(report: Situation) -> str | None:
    """Which map the brief shows: the control map when places changed hands in the period, else
    the map of the period's recorded events, else the control map of older changes, else
    none."""
    if not report.control.period.empty and _holders(report):
        return CONTROL_MAP
    t = report.trends
    if "map" in trends.PARTS[t.kind] and not t.outside:
        return EVENTS_MAP
    return CONTROL_MAP if _holders(report) else None


def _holders(report: Situation) -> bool:
    c = report.control
    return not control_metrics.holders(c.changes, c.span).empty


def map_block(report: Situation, notes: Notes | None = None) -> Block | None:
    """The brief's map (:func:`map_kind`), with its caption; its weak-source places are noted in
    the brief's ``notes``; None when there is none."""
    kind = report.brief_map
    if kind == CONTROL_MAP:
        return control.map_figure(report.control, notes)
    if kind == EVENTS_MAP:
        return next((b for b in trends.map_section(report.trends) if b.kind == "figure"), None)
    return None


def section(report: Situation) -> list[Block]:
    """The brief: heading, key figures, highlights, the map with the notes of the disclosures
    of the key figures and highlights under it (sized for the page: ``blocks.css``). When
    nothing has a figure, one note says so."""
    notes = Notes("situation-brief")
    blocks = [heading(gettext(TITLE))]
    said = highlights(report, notes)
    row = figures_row(report, notes)
    if not said and row is None:
        made = _no_data(report)
        blocks.append(
            Block(f'<div class="sitrep-note"><p>{made}</p></div>', plain(made), kind="note")
        )
    if row is not None:
        blocks.append(row)
    if said:
        items = "".join(f"<li>{s}</li>" for s in said)
        blocks.append(
            Block(
                f'<ul class="sitrep-highlights">{items}</ul>',
                "\n".join(f"- {plain(s)}" for s in said),
                kind="paragraph",
            )
        )
    drawn = map_block(report, notes)
    if drawn is None:
        blocks.extend(notes.blocks())
    else:  # the notes beside the map, under its caption (blocks.css): the brief fits one page
        said = notes.markup()
        blocks.append(
            Joined(
                '<div class="sitrep-brief-map">',
                drawn,
                f"{said}</div>",
                text=f"{drawn!r}\n{plain_notes(said)}" if said else repr(drawn),
            )
        )
    end = blocks[-1]  # the brief's end, by which blocks.css knows a report with a brief
    blocks[-1] = Joined(end, '<div class="sitrep-brief-end"></div>')
    return blocks


def _no_data(report: Situation) -> str:
    return render("situation_no_data", where=report.scope.where, period=report.scope.span)


__all__ = [
    "HIGHLIGHTS",
    "KEY_FIGURES",
    "MAX_HIGHLIGHTS",
    "Change",
    "changes",
    "figures_row",
    "highlights",
    "key_figures",
    "map_block",
    "map_kind",
    "section",
]
