"""The control report's title, headline results and key figures."""

from __future__ import annotations

from analysis import places
from analysis.i18n import _
from analysis.metrics import control as metrics
from analysis.metrics.results import Result
from analysis.sections.blocks import Block, heading
from analysis.sections.common import key_figures_box, title
from analysis.sections.control.report import Control
from analysis.sections.text import sentence, sentence_note
from analysis.sections.weak_source import Marks, attach

MAX_LISTED = 12
"""Longest list of place names in a sentence."""


def header(report: Control) -> Block:
    return title(_("Territorial control"), report.scope)


def no_data(report: Control, what: str = "change") -> Block:
    """A note that a part of the report has nothing to show (``what``: "change" of control or
    "share" of territory), and what the file covers."""
    return sentence_note(
        "control_no_data",
        where=report.scope.where,
        period=report.span,
        what=what,
        source=report.source,
        first=report.first_date,
        last=report.last_date,
    )


def places_changed(report: Control) -> Result:
    """Key ``places_changed``; missing (not 0) for a period outside what the file covers."""
    covered = metrics.covered(report.first_date, report.last_date, report.file_as_of)
    return metrics.places_changed_result(report.period, report.span, report.source, covered)


def headlines(report: Control) -> list[Result]:
    """The results the situation report composes by key: ``places_changed`` always and
    ``capitals_changed`` when a provincial capital changed hands."""
    found = [places_changed(report)]
    capitals = metrics.capitals_changed(report.period, report.span, report.source)
    if capitals is not None:
        found.append(capitals)
    return found


def key_figures(report: Control) -> list[Result]:
    """Places that changed hands, by gaining faction, and provincial capitals (empty when
    nothing changed hands in the period)."""
    if report.period.empty:
        return []
    found = [places_changed(report)]
    found += metrics.gained_by(report.period, report.span, report.source)
    capitals = metrics.capitals_changed(report.period, report.span, report.source)
    return [*found, capitals] if capitals is not None else found


def key_figures_section(report: Control) -> list[Block]:
    blocks = [heading(_("Key figures"))]
    period = report.period
    if period.empty:
        blocks.append(no_data(report))
        return blocks
    boxed = Marks("control-key-figures")
    blocks.append(attach(key_figures_box(key_figures(report), boxed), boxed))
    said = Marks("control-key-figures-text", number=2 if boxed.any else 1, after=boxed)
    blocks.append(
        sentence(
            "control_places_changed",
            places=places_changed(report),
            changes=metrics.changes_result(period, report.span, report.source),
            where=report.scope.where,
            gained=metrics.gained_by(period, report.span, report.source),
            marks=said,
        )
    )
    capitals = metrics.capitals_changed(period, report.span, report.source)
    if capitals is not None:
        blocks.append(sentence("control_capitals", capitals=capitals, marks=said))
    if said.any:
        blocks.append(said.note())
    repeated = metrics.first_rows(metrics.repeated_places(period), MAX_LISTED)
    if repeated.total:
        blocks.append(
            sentence(
                "control_repeated",
                count=repeated.total,
                listed=[
                    (places.shown(str(r.place)), int(r.changes))
                    for r in repeated.rows.itertuples(index=False)
                ],
                more=repeated.left,
            )
        )
    return blocks
