"""The displacement report, whatever the data: one module per kind, picked once by ``load``.

- :mod:`.reported`: reported figures (the bundled 2024 dataset, format ``bundled_displacement``);
- :mod:`.unhcr`: UNHCR population statistics (end-of-year stocks, yearly returns);
- :mod:`.hnap`: OCHA/HNAP monthly IDP arrivals and spontaneous returns by governorate;
- the other UNHCR tables (:mod:`.tables` has what they share): :mod:`.idmc` (IDMC's IDPs in
  Syria at the end of each year), :mod:`.demographics` (the last year's refugees by sex, age and
  country, IDPs by governorate), :mod:`.solutions` (returns, resettlement, naturalisation per
  year), :mod:`.arrivals` (new refugees and asylum applications per year and by country).

The kind follows from the file given as ``displacement_path``. ``load`` reads it and returns that
module's report object; each module registers its :class:`~analysis.sections.domain.View` under
its kind, and every other function here shows the view of the report's kind.

``headlines(report)`` gives the figures other reports use, by key. ``displaced`` is the one
figure of people displaced: for reported figures the latest whole-of-Syria figure, or the peak
when later figures fell (net of returns; its notes say which); for UNHCR the refugees abroad at
the end of the last year in the period (with ``idps``, the IDPs in Syria at the same date); for
HNAP the IDP arrivals in the months of the period (with ``idp_arrivals`` and ``idp_returns``
apart: returns are not displacement and are never added to arrivals); for IDMC the IDPs in Syria
at the end of the last year (labelled as IDMC's); for demographics the refugees abroad at the end
of the year. Solutions and flows have no ``displaced``: returns, resettlement and arrivals during
a year are not the number of people displaced.
"""

from __future__ import annotations

from analysis import data
from analysis.data import bundled
from analysis.errors import DataValidationError
from analysis.i18n import N_
from analysis.metrics.results import Result
from analysis.parameters import is_bundled
from analysis.sections.blocks import Block
from analysis.sections.common import Scope
from analysis.sections.common import left_out as common_left_out
from analysis.sections.displacement import (
    arrivals,
    common,
    demographics,
    hnap,
    idmc,
    reported,
    solutions,
    unhcr,
)
from analysis.sections.domain import VIEWS, View, register, section, view
from analysis.sections.section import Section

DOMAIN = "displacement"
TITLE = N_("Displacement")

for _module in (reported, unhcr, hnap, idmc, demographics, solutions, arrivals):
    register(
        View(
            DOMAIN,
            _module.Report.kind,
            headlines=_module.headlines,
            key_figures=_module.key_figures_section,
            body=_module.charts_section,
            annex=_module.table_section,
            sources=_module.sources_section,
        )
    )

Displacement = (
    reported.Report
    | unhcr.Report
    | hnap.Report
    | idmc.Report
    | demographics.Report
    | solutions.Report
    | arrivals.Report
)
_LOADERS = {
    m.Report.kind: m.load for m in (reported, unhcr, hnap, idmc, demographics, solutions, arrivals)
}


def load(
    *, displacement_path: str, start_date: str, end_date: str, governorate: str
) -> Displacement:
    """Read the file (or the bundled figures) and keep what the period and place cover."""
    scope = Scope.from_parameters(start_date, end_date, governorate)
    if is_bundled(displacement_path):
        dataset = data.read(bundled.bundled_path("displacement_figures.csv"))
    else:
        dataset = data.read(displacement_path, domain="displacement")
    if (DOMAIN, dataset.kind) not in VIEWS:
        raise DataValidationError(
            f"{dataset.path}: {dataset.format.title} files ({dataset.kind}) are not shown by the "
            "displacement report. Give the bundled figures, a UNHCR table (population, IDMC, "
            "demographics, solutions or flows) or an OCHA/HNAP IDP movements workbook."
        )
    return _LOADERS[dataset.kind](dataset, scope)


def headlines(report: Displacement) -> list[Result]:
    """The report's figures for other reports, each with a stable key (``displaced`` first)."""
    return view(DOMAIN, report).headlines(report)


def header(report: Displacement) -> Block:
    return common.header(report)


def key_figures_section(report: Displacement) -> Section:
    return section("displacement.key_figures", view(DOMAIN, report).key_figures(report), report)


def charts_section(report: Displacement) -> Section:
    return section("displacement.charts", view(DOMAIN, report).body(report), report)


body = charts_section


def table_section(report: Displacement) -> Section:
    return section("displacement.table", view(DOMAIN, report).annex(report), report)


def left_out(report: Displacement) -> list[dict[str, object]]:
    """The charts and tables, when the file has no figure for the period (the key figures say
    so and what the file covers)."""
    if not report.empty:
        return []
    return [{"part": "displacement_none", "period": report.scope.span}]


def sources_section(report: Displacement) -> Section:
    """How the report counted and its sources, and one sentence on the parts left out."""
    blocks = [*view(DOMAIN, report).sources(report), *common_left_out(left_out(report))]
    return section("displacement.sources", blocks, report)


def figures(report: Displacement) -> tuple[list[Result], dict[str, str | None]]:
    """What a batch's front page shows of this run: the report's named results."""
    return headlines(report), {}


SECTIONS = {"charts": charts_section, "table": table_section}
"""The notebook's sections after the key figures, in order (Sources and method last)."""


__all__ = [
    "DOMAIN",
    "SECTIONS",
    "TITLE",
    "Displacement",
    "body",
    "charts_section",
    "figures",
    "header",
    "headlines",
    "key_figures_section",
    "left_out",
    "load",
    "sources_section",
    "table_section",
]
