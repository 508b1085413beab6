"""The casualties report: reported tolls (the bundled 2024 figures or a tolls file); when
``casualties_path`` is an event file (UCDP GED, ACLED), deaths in recorded events; when it holds
monthly counts by district (ACLED aggregates on HDX, HDX HAPI conflict_event), events and
fatalities per month by series. One of the three, never mixed.

One module per kind of content: :mod:`.report` (what is read), :mod:`.tolls` (reported tolls),
:mod:`.events` (event data, and two event files compared) and :mod:`.aggregates` (monthly
counts). The facade below picks the module once from the report's kind. Every number comes
from :mod:`analysis.metrics.casualties`, where the counting rules (date spans, events with no
governorate, months of monthly counts) are documented.
"""

from __future__ import annotations

from types import ModuleType

from analysis.metrics.results import Result
from analysis.sections.advice import advice
from analysis.sections.blocks import Block
from analysis.sections.casualties import aggregates, events, tolls
from analysis.sections.casualties.report import AGGREGATES, EVENTS, TOLLS, Casualties, load
from analysis.sections.common import left_out as common_left_out
from analysis.sections.common import title

_CONTENT = {TOLLS: tolls, EVENTS: events, AGGREGATES: aggregates}


def _content(report: Casualties) -> ModuleType:
    return _CONTENT[report.kind]


def header(report: Casualties) -> Block:
    return title("Casualties", report.scope)


def headlines(report: Casualties) -> list[Result]:
    """Named results for the situation report: ``deaths``, ``civilian_deaths`` (when known)
    and, for event data and monthly counts, ``events``. For monthly counts, ``deaths`` are the
    fatalities in political violence events and ``civilian_deaths`` those in civilian-targeting
    events, each labelled so."""
    return _content(report).headlines(report)


def provisional(report: Casualties) -> Result | None:
    """For the situation report: the counted events whose figures are provisional (UCDP
    Candidate Events), or None."""
    return events.provisional_events(report) if report.kind == EVENTS else None


def key_figures(report: Casualties) -> list[Block]:
    return _content(report).key_figures(report)


def tolls_section(report: Casualties) -> list[Block]:
    """Reported tolls; nothing for a report on an event file."""
    return tolls.section(report) if report.kind == TOLLS else []


def events_section(report: Casualties) -> list[Block]:
    if report.kind == AGGREGATES:
        return aggregates.section(report)
    return events.section(report) if report.kind == EVENTS else tolls.events_section(report)


def deaths_section(report: Casualties) -> list[Block]:
    """The report's body: reported tolls, or deaths in recorded events (whichever it holds)."""
    return tolls.deaths_section(report) if report.kind == TOLLS else events_section(report)


def comparison_section(report: Casualties) -> list[Block]:
    """Two event files side by side; nothing when no second file is given, or when the report
    holds no events to compare them with (Sources and method says why; the operator is
    advised)."""
    if report.comparison is None:
        return []
    if report.kind != EVENTS:
        return [advice("compare_needs_events")]
    return events.comparison_section(report)


def left_out(report: Casualties) -> list[dict[str, object]]:
    """The parts of the report left out for having nothing to show, with what says why
    (:func:`analysis.sections.common.left_out`)."""
    return _content(report).left_out(report)


def sources_section(report: Casualties) -> list[Block]:
    """How the report counted, one sentence on the parts left out, then the sources cited."""
    heading_, method, *rest = _content(report).sources_section(report)
    return [heading_, method, *common_left_out(left_out(report)), *rest]


__all__ = [
    "Casualties",
    "comparison_section",
    "deaths_section",
    "events_section",
    "header",
    "headlines",
    "key_figures",
    "left_out",
    "load",
    "provisional",
    "sources_section",
    "tolls_section",
]
