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

from analysis.metrics.results import Result
from analysis.sections.blocks import Block
from analysis.sections.common import title
from analysis.sections.trends import change, country, incidents, method
from analysis.sections.trends.report import AGGREGATES, EVENTS, NONE, TrendsReport, headlines, load


def header(report: TrendsReport) -> Block:
    return title("What changed", report.scope)


def what_changed_section(report: TrendsReport) -> list[Block]:
    return change.section(report)


def governorates_section(report: TrendsReport) -> list[Block]:
    return country.table_section(report)


def small_multiples_section(report: TrendsReport) -> list[Block]:
    return [] if report.kind == NONE else country.small_multiples(report)


def incidents_section(report: TrendsReport) -> list[Block]:
    return incidents.incidents_section(report)


def map_section(report: TrendsReport) -> list[Block]:
    return incidents.map_section(report)


def sources_section(report: TrendsReport) -> list[Block]:
    return method.section(report)


def figures(report: TrendsReport) -> tuple[list[Result], dict[str, str | None]]:
    """What a batch's front page shows of this run: the area's counts, and the change levels
    of events and deaths against the report's baseline and the alert, by name."""
    return headlines(report), {
        "change_level": change.change_level(report, "events"),
        "deaths_change_level": change.change_level(report, "deaths"),
        "alert": change.alert_level(report),
    }


__all__ = [
    "AGGREGATES",
    "EVENTS",
    "NONE",
    "TrendsReport",
    "figures",
    "governorates_section",
    "header",
    "headlines",
    "incidents_section",
    "load",
    "map_section",
    "small_multiples_section",
    "sources_section",
    "what_changed_section",
]
