"""The trends report: what changed in the period against the periods before it, for the country
and every governorate, from recorded events (UCDP GED and Candidate, ACLED) or ACLED's monthly
aggregates.

One module per part: :mod:`.report` (what is read and computed), :mod:`.change` (the "what
changed" section, also at the top of the situation report), :mod:`.country` (the governorates
compared: table with sparklines, small multiples), :mod:`.incidents` (notable incidents and the
map) and :mod:`.method` (the methods cited). Every number comes from
:mod:`analysis.metrics.trends`.
"""

from __future__ import annotations

from analysis.i18n import N_, gettext
from analysis.metrics.results import Result
from analysis.sections.blocks import Block
from analysis.sections.common import title
from analysis.sections.domain import View, register, section, view
from analysis.sections.section import Section
from analysis.sections.trends import change, country, incidents, method
from analysis.sections.trends.report import (
    AGGREGATES,
    EVENTS,
    TOLLS,
    TrendsReport,
    headlines,
    load,
)
from analysis.sections.trends.words import level_text

DOMAIN = "trends"
TITLE = N_("What changed")


def _nothing(report: TrendsReport) -> list[Block]:
    return []


PARTS = {
    EVENTS: {
        "governorates": country.table_section,
        "small_multiples": country.small_multiples,
        "incidents": incidents.incidents_section,
        "map": incidents.map_section,
    },
    AGGREGATES: {
        "governorates": country.table_section,
        "small_multiples": country.small_multiples,
    },
    TOLLS: {},
}
"""The body's parts each kind of data can show (monthly counts have no events to list or map;
reported tolls have nothing to compare)."""


def _body(kind: str):
    def body(report: TrendsReport) -> list[Block]:
        return [b for made in PARTS[kind].values() for b in made(report)]

    return body


_COMPARED = {"key_figures": change.section, "sources": method.section, "left_out": method.left_out}
_TOLLS = {
    "key_figures": change.tolls_section,  # says why nothing is compared
    "sources": method.tolls_section,
    "left_out": method.tolls_left_out,
}
for _kind, _shows in ((EVENTS, _COMPARED), (AGGREGATES, _COMPARED), (TOLLS, _TOLLS)):
    register(View(DOMAIN, _kind, headlines=headlines, body=_body(_kind), **_shows))


def header(report: TrendsReport) -> Block:
    return title(gettext(TITLE), report.scope)


def _part(name: str, report: TrendsReport) -> Section:
    made = PARTS[report.kind].get(name, _nothing)
    return section(f"trends.{name}", made(report), report)


def what_changed_section(report: TrendsReport) -> Section:
    return section("trends.what_changed", view(DOMAIN, report).key_figures(report), report)


key_figures_section = what_changed_section


def governorates_section(report: TrendsReport) -> Section:
    return _part("governorates", report)


def small_multiples_section(report: TrendsReport) -> Section:
    return _part("small_multiples", report)


def incidents_section(report: TrendsReport) -> Section:
    return _part("incidents", report)


def map_section(report: TrendsReport) -> Section:
    return _part("map", report)


def body(report: TrendsReport) -> Section:
    return section("trends.body", view(DOMAIN, report).body(report), report)


def left_out(report: TrendsReport) -> list[dict[str, object]]:
    return view(DOMAIN, report).left_out(report)


def sources_section(report: TrendsReport) -> Section:
    return section("trends.sources", view(DOMAIN, report).sources(report), report)


def levels(report: TrendsReport) -> dict[str, str | None]:
    """The change levels of events and deaths against the report's baseline, as codes of
    :data:`~analysis.metrics.trends.LEVELS` (None: none), by the names :func:`figures` gives
    them."""
    return {
        "change_level": change.change_level(report, "events"),
        "deaths_change_level": change.change_level(report, "deaths"),
    }


def figures(report: TrendsReport) -> tuple[list[Result], dict[str, str | None]]:
    """What a batch's front page shows of this run: the area's counts, and the change levels
    of events and deaths against the report's baseline and the alert, by name, in words (the
    catalogue's ``change_level`` term: the front page and overview.csv show them as they are,
    and class a level's chip by them; None: no level)."""
    named = {k: None if v is None else level_text(v) for k, v in levels(report).items()}
    return headlines(report), {**named, "alert": change.alert_level(report)}


SECTIONS = {
    "governorates": governorates_section,
    "small_multiples": small_multiples_section,
    "incidents": incidents_section,
    "map": map_section,
}
"""The notebook's sections after "What changed", in order (Sources and method last)."""


__all__ = [
    "AGGREGATES",
    "DOMAIN",
    "EVENTS",
    "PARTS",
    "SECTIONS",
    "TITLE",
    "TOLLS",
    "TrendsReport",
    "body",
    "figures",
    "governorates_section",
    "header",
    "headlines",
    "incidents_section",
    "key_figures_section",
    "left_out",
    "levels",
    "load",
    "map_section",
    "small_multiples_section",
    "sources_section",
    "what_changed_section",
]
