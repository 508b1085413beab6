"""Displacement report on IDMC's IDPs in Syria as carried by UNHCR (end-of-year estimates).

A year is in the report when its 31 December falls in the period. The report shows the figure at
the end of each year (year axis), the last year's figure with its change from the year before,
and the highest. Years are never added. The figures are national.
"""

from __future__ import annotations

from typing import ClassVar

from analysis import data
from analysis.charts.displacement import unhcr_tables as charts
from analysis.i18n import N_, _, gettext
from analysis.metrics import displacement as metrics
from analysis.metrics.results import Result
from analysis.sections.blocks import figure, heading, table
from analysis.sections.common import Scope
from analysis.sections.displacement.common import dataset_sources, footnote, key_figures
from analysis.sections.displacement.tables import (
    YearlyReport,
    as_floats,
    base_fields,
    national_headlines,
    national_note,
    no_year,
    result,
    year_column,
    years_span,
)
from analysis.sections.text import sentence

WHAT = N_("IDMC's estimates of IDPs")


class Report(YearlyReport):
    """IDMC's IDPs in Syria, one row per year."""

    kind: ClassVar[str] = "idmc_idps"  # the dataset kind it shows (its view's key)

    AS_OF = N_("%(day)s (end-of-year estimates)")


def load(dataset: data.Dataset, scope: Scope) -> Report:
    fields = base_fields(dataset, scope)
    by_year = metrics.idmc_by_year(fields["rows"])
    return Report(**fields, by_year=by_year, results=metrics.idmc_results(by_year))


def headlines(report: Report) -> list[Result]:
    """``displaced`` (IDPs in Syria at the end of the last year, labelled as IDMC's IDPs),
    ``idps_change`` and ``idps_peak``."""
    return national_headlines(report, report.results)


def key_figures_section(report: Report) -> list:
    blocks = [heading(_("Key figures")), *national_note(report, _("IDMC's"))]
    if report.empty:
        return [*blocks, *no_year(report, gettext(WHAT), stocks=True)]
    blocks.extend(key_figures([r for r in report.results if r.key != "idps_change"]))
    blocks.append(
        sentence(
            "displacement_idmc_summary",
            year=report.years[-1],
            first=report.years[0],
            idps=result(report.results, "displaced"),
            change=result(report.results, "idps_change"),
            peak=result(report.results, "idps_peak"),
        )
    )
    return blocks


def charts_section(report: Report) -> list:
    if report.empty:
        return []
    first, last = report.years[0], report.years[-1]
    words = {"span": years_span(first, last)}
    ax = charts.line_over_years(
        report.by_year,
        "idps_count",
        label=_("IDPs in Syria (IDMC)"),
        title=_("People internally displaced by conflict in Syria, end of each year"),
        ylabel=_("IDPs at the end of the year"),
        footnote=footnote(
            report, report.as_of, _("End-of-year stocks; each year counts everyone again.")
        ),
    )
    return [
        heading(_("IDPs in Syria, end of each year")),
        figure(
            ax.figure,
            alt=_("Chart of IDMC's estimate of IDPs in Syria at the end of each year, %(span)s.")
            % words,
            caption=_("IDPs in Syria at the end of each year (%(span)s), as estimated by IDMC.")
            % words,
        ),
    ]


def table_section(report: Report) -> list:
    if report.empty:
        return []
    shown = report.by_year.sort_values("year", ascending=False)
    shown = as_floats(shown.assign(year=year_column(shown["year"])), ["idps_count"])
    return [
        heading(_("Figures by year")),
        table(
            shown,
            columns={"year": _("Year"), "idps_count": _("IDPs in Syria (IDMC), end of year")},
            numeric=("idps_count",),
            caption=_(
                "IDMC's estimate of people internally displaced by conflict in Syria at the end "
                "of each year, as carried by UNHCR; newest year first. Years are never added."
            ),
        ),
    ]


def sources_section(report: Report) -> list:
    return [
        heading(_("Sources and method")),
        *dataset_sources(report),
        sentence("displacement_idmc_method"),
    ]
