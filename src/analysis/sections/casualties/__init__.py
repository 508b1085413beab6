"""The casualties report: reported tolls (the bundled 2024 figures or a tolls file) or, when
``casualties_path`` is an event file (UCDP GED, ACLED), deaths in recorded events; never both.

One module per kind of content: :mod:`.report` (what is read), :mod:`.tolls` (reported tolls)
and :mod:`.events` (event data, and two event files compared). The facade below picks the module
once from the report's kind. Every number comes from :mod:`analysis.metrics.casualties`, where
the counting rules (date spans, events with no governorate) are documented.
"""

from __future__ import annotations

from types import ModuleType

from analysis.metrics.results import Result
from analysis.sections.blocks import Block, heading
from analysis.sections.casualties import events, tolls
from analysis.sections.casualties.report import EVENTS, TOLLS, Casualties, load
from analysis.sections.common import title
from analysis.sections.text import sentence_note


def _content(report: Casualties) -> ModuleType:
    return events if report.kind == EVENTS else tolls


def _headed(blocks: list[Block], with_heading: bool) -> list[Block]:
    """``blocks`` without their leading section heading when the notebook gives its own."""
    if not with_heading and blocks and blocks[0].kind == "heading":
        return blocks[1:]
    return blocks


def header(report: Casualties) -> Block:
    return title("Casualties", report.scope)


def headlines(report: Casualties) -> list[Result]:
    """Named results for the situation report: ``deaths``, ``civilian_deaths`` (when known)
    and, for event data, ``events``."""
    return _content(report).headlines(report)


def key_figures(report: Casualties, *, with_heading: bool = True) -> list[Block]:
    return _headed(_content(report).key_figures(report), with_heading)


def tolls_section(report: Casualties, *, with_heading: bool = True) -> list[Block]:
    """Reported tolls; nothing for a report on an event file."""
    return _headed(tolls.section(report), with_heading) if report.kind == TOLLS else []


def events_section(report: Casualties, *, with_heading: bool = True) -> list[Block]:
    made = events.section(report) if report.kind == EVENTS else tolls.events_section(report)
    return _headed(made, with_heading)


def deaths_section(report: Casualties, *, with_heading: bool = True) -> list[Block]:
    """The report's body: reported tolls, or deaths in recorded events (whichever it holds)."""
    if report.kind == TOLLS:
        return [
            *tolls_section(report, with_heading=with_heading),
            *tolls.events_section(report)[1:],
        ]
    return events_section(report, with_heading=with_heading)


def comparison_section(report: Casualties, *, with_heading: bool = True) -> list[Block]:
    """Two event files side by side; nothing (or, in the casualties notebook, a note) when no
    second file is given."""
    if report.comparison is None:
        if with_heading:
            return []
        return [sentence_note("casualties_no_comparison")]
    if report.kind != EVENTS:
        made = [heading("Two sources compared"), sentence_note("casualties_compare_needs_events")]
    else:
        made = events.comparison_section(report)
    return _headed(made, with_heading)


def sources_section(report: Casualties, *, with_heading: bool = True) -> list[Block]:
    return _headed(_content(report).sources_section(report), with_heading)


__all__ = [
    "Casualties",
    "comparison_section",
    "deaths_section",
    "events_section",
    "header",
    "headlines",
    "key_figures",
    "load",
    "sources_section",
    "tolls_section",
]
