"""What the kinds of displacement report share: the report's scope and source, the
dataset citations, footnotes and the key-figures box."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.charts.style import source_line
from analysis.metrics.results import Result
from analysis.sections.blocks import Block
from analysis.sections.common import Scope, key_figures_box, sources_list, title
from analysis.sections.text import sentence

CITATIONS = {
    "unhcr_population": (
        "UNHCR Refugee Data Finder, population statistics (CC BY 4.0); cite "
        '"UNHCR Refugee Data Finder"',
        "https://www.unhcr.org/refugee-statistics/",
    ),
    "unhcr_download": (
        "UNHCR Refugee Data Finder, population statistics, website download (CC BY 4.0); cite "
        '"UNHCR Refugee Data Finder"',
        "https://www.unhcr.org/refugee-statistics/download/",
    ),
    "unhcr_idmc": (
        "Internal Displacement Monitoring Centre (IDMC), IDP figures as carried by the UNHCR "
        'Refugee Data Finder (CC BY 4.0); cite "UNHCR Refugee Data Finder" and IDMC',
        "https://www.unhcr.org/refugee-statistics/",
    ),
    "unhcr_demographics": (
        'UNHCR Refugee Data Finder, demographics (CC BY 4.0); cite "UNHCR Refugee Data Finder"',
        "https://www.unhcr.org/refugee-statistics/",
    ),
    "unhcr_solutions": (
        'UNHCR Refugee Data Finder, solutions (CC BY 4.0); cite "UNHCR Refugee Data Finder"',
        "https://www.unhcr.org/refugee-statistics/",
    ),
    "unhcr_flows": (
        'UNHCR Refugee Data Finder, flows (CC BY 4.0); cite "UNHCR Refugee Data Finder"',
        "https://www.unhcr.org/refugee-statistics/",
    ),
    "hnap_idp_movements": (
        "OCHA/HNAP IDP Task Force, Syrian Arab Republic: IDP movements and IDP spontaneous "
        "return movements Data (HDX); attribution required",
        "https://data.humdata.org/dataset/"
        "syrian-arab-republic-idp-movements-and-idp-spontaneous-return-movements-data",
    ),
}
"""Dataset citation and home page of each third-party format."""


@dataclass
class Base:
    """Scope and source of a displacement report, whatever its kind."""

    scope: Scope
    source: str  # the dataset named by what it is (its title), for captions and footnotes
    file_name: str  # the file's name: said once, in Sources and method
    format_name: str


def header(report: Base) -> Block:
    return title("Displacement", report.scope)


def footnote(report: Base, as_of: str | None, extra: str = "") -> str:
    """The one line under a chart: its source and the as-of date of what it shows."""
    return source_line([report.source], as_of) + (f" {extra}" if extra else "")


def key_figures(results: list[Result], marks=None) -> list[Block]:
    """The key-figures box of ``results`` (none when there is none); ``marks`` marks the
    figures that rest on a single weak source (its note is the caller's to place)."""
    return [key_figures_box(results, marks)] if results else []


def dataset_sources(report: Base) -> list[Block]:
    label, url = CITATIONS.get(report.format_name, (report.source, ""))
    return [
        sentence("displacement_dataset", source=report.source, file=report.file_name),
        sources_list("Dataset", [(label, url)]),
    ]
