"""The casualties report: reported tolls (the bundled 2024 figures or a tolls file); when
``casualties_path`` is an event file (UCDP GED, ACLED), deaths in recorded events; when it holds
monthly counts by district (ACLED aggregates on HDX, HDX HAPI conflict_event), events and
fatalities per month by series. One of the three, never mixed.

One module per kind of content: :mod:`.report` (what is read), :mod:`.tolls` (reported tolls),
:mod:`.events` (event data, and two event files compared) and :mod:`.aggregates` (monthly
counts). Each registers its :class:`~analysis.sections.domain.View` for its kind of data; the
functions below show the view of the report's kind. Every number comes
from :mod:`analysis.metrics.casualties`, where the counting rules (date spans, events with no
governorate, months of monthly counts) are documented.
"""

from __future__ import annotations

from types import ModuleType

from analysis.i18n import N_, gettext
from analysis.metrics.results import Result
from analysis.sections.advice import advice
from analysis.sections.blocks import Block
from analysis.sections.casualties import aggregates, events, tolls
from analysis.sections.casualties.report import AGGREGATES, EVENTS, TOLLS, Casualties, load
from analysis.sections.common import left_out as common_left_out
from analysis.sections.common import title
from analysis.sections.domain import View, register, section, view
from analysis.sections.section import Section

DOMAIN = "casualties"
TITLE = N_("Casualties")


def _view(kind: str, module: ModuleType, **more: object) -> View:
    """The view of a module that shows one kind of data (each names its parts alike)."""
    return View(
        DOMAIN,
        kind,
        headlines=module.headlines,
        key_figures=module.key_figures,
        body=module.section,
        sources=module.sources_section,
        left_out=module.left_out,
        **more,
    )


register(_view(TOLLS, tolls, advice=tolls.operator_advice))
register(
    _view(
        EVENTS,
        events,
        extra={"compare": events.comparison_section, "provisional": events.provisional_events},
    )
)
register(_view(AGGREGATES, aggregates))


def header(report: Casualties) -> Block:
    return title(gettext(TITLE), report.scope)


def headlines(report: Casualties) -> list[Result]:
    """Named results for the situation report: ``deaths``, ``civilian_deaths`` (when known)
    and, for event data and monthly counts, ``events``. For monthly counts, ``deaths`` are the
    fatalities in political violence events and ``civilian_deaths`` those in civilian-targeting
    events, each labelled so."""
    return view(DOMAIN, report).headlines(report)


def provisional(report: Casualties) -> Result | None:
    """For the situation report: the counted events whose figures are provisional (UCDP
    Candidate Events), or None."""
    made = view(DOMAIN, report).extra.get("provisional")
    return None if made is None else made(report)


def key_figures_section(report: Casualties) -> Section:
    return section("casualties.key_figures", view(DOMAIN, report).key_figures(report), report)


key_figures = key_figures_section


def body(report: Casualties) -> Section:
    """The report's body as the situation report shows it: reported tolls, deaths in recorded
    events or monthly counts (whichever the file holds), without advice for the operator."""
    return section("casualties.body", view(DOMAIN, report).body(report), report)


def deaths_section(report: Casualties) -> Section:
    """The notebook's body: reported tolls, deaths in recorded events or monthly counts, with
    what the operator is advised (reported tolls: give an event file for deaths in events)."""
    made = view(DOMAIN, report)
    return section("casualties.deaths", [*made.body(report), *made.advice(report)], report)


def comparison_section(report: Casualties) -> Section:
    """Two event files side by side; nothing when no second file is given, or when the report
    holds no events to compare them with (Sources and method says why; the operator is
    advised)."""
    compare = view(DOMAIN, report).extra.get("compare")
    if report.comparison is None:
        blocks = []
    elif compare is None:  # tolls or monthly counts: nothing to compare with
        blocks = [advice("compare_needs_events")]
    else:
        blocks = compare(report)
    return section("casualties.comparison", blocks, report)


def left_out(report: Casualties) -> list[dict[str, object]]:
    """The parts of the report left out for having nothing to show, with what says why
    (:func:`analysis.sections.common.left_out`)."""
    return view(DOMAIN, report).left_out(report)


def sources_section(report: Casualties) -> Section:
    """How the report counted, one sentence on the parts left out, then the sources cited."""
    heading_, method, *rest = view(DOMAIN, report).sources(report)
    blocks = [heading_, method, *common_left_out(left_out(report)), *rest]
    return section("casualties.sources", blocks, report)


def figures(report: Casualties) -> tuple[list[Result], dict[str, str | None]]:
    """What a batch's front page shows of this run: the report's named results."""
    return headlines(report), {}


SECTIONS = {
    "deaths": deaths_section,
    "comparison": comparison_section,
}
"""The notebook's sections after the key figures, in order (Sources and method last)."""


__all__ = [
    "DOMAIN",
    "SECTIONS",
    "TITLE",
    "Casualties",
    "body",
    "comparison_section",
    "deaths_section",
    "figures",
    "header",
    "headlines",
    "key_figures",
    "key_figures_section",
    "left_out",
    "load",
    "provisional",
    "sources_section",
]
