"""Displacement report on UNHCR's solutions: refugees returned, resettled and naturalised, and
IDPs returned, each counted during a year.

A year is in the report when its 31 December falls in the period. The report shows each series
per year side by side (never added), the last year's figures and the countries refugees returned
from. None is a ``displaced`` headline: solutions are not displacement.
"""

from __future__ import annotations

from typing import ClassVar

from analysis import data
from analysis.charts.displacement import unhcr_tables as charts
from analysis.i18n import N_, _, digits, gettext, number
from analysis.metrics import displacement as metrics
from analysis.metrics.results import Result
from analysis.sections.blocks import figure, heading, table
from analysis.sections.common import Scope
from analysis.sections.displacement.common import (
    dataset_sources,
    footnote,
    key_figures,
    labels_with_years,
)
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

WHAT = N_("UNHCR's returns, resettlement and naturalisation")
RETURNS = {
    "returned_refugees": N_("Refugees returned to Syria"),
    "returned_idps": N_("IDPs returned home"),
}
ABROAD = {
    "resettlement": N_("Resettled to a third country"),
    "naturalisation": N_("Naturalised"),
}
"""Series names (column -> a message, shown with :func:`~analysis.i18n.gettext`)."""


class Report(YearlyReport):
    """UNHCR's returns, resettlement and naturalisation, one row per year."""

    kind: ClassVar[str] = "refugee_solutions"  # the dataset kind it shows (its view's key)

    AS_OF = N_("the end of %(year)s (counts during each year)")


def load(dataset: data.Dataset, scope: Scope) -> Report:
    fields = base_fields(dataset, scope)
    by_year = metrics.solutions_by_year(fields["rows"])
    return Report(**fields, by_year=by_year, results=metrics.solutions_results(by_year))


def headlines(report: Report) -> list[Result]:
    """``refugee_returns``, ``idp_returns``, ``resettlement``, ``naturalisation`` of the last
    year (no ``displaced``: returns and resettlement are not displacement)."""
    return national_headlines(report, report.results)


def key_figures_section(report: Report) -> list:
    blocks = [heading(_("Key figures")), *national_note(report, _("UNHCR's"))]
    if report.empty:
        return [*blocks, *no_year(report, gettext(WHAT), stocks=False)]
    blocks.extend(key_figures(report.results))
    blocks.append(
        sentence(
            "displacement_solutions_summary",
            year=report.years[-1],
            refugee_returns=result(report.results, "refugee_returns"),
            idp_returns=result(report.results, "idp_returns"),
            resettlement=result(report.results, "resettlement"),
            naturalisation=result(report.results, "naturalisation"),
        )
    )
    return blocks


def _span(report: Report) -> str:
    return years_span(report.years[0], report.years[-1])


def _names(series: dict[str, str]) -> dict[str, str]:
    return {column: gettext(name) for column, name in series.items()}


def charts_section(report: Report) -> list:
    if report.empty:
        return []
    blocks = []
    table_ = report.by_year
    note = _(
        "Counts during each year, shown apart and never added; 0: a published zero; no bar and "
        "no 0: no figure."
    )
    words = {"span": _span(report)}
    if table_[list(RETURNS)].notna().any().any():
        ax = charts.bars_over_years(
            table_,
            labels_with_years(table_, _names(RETURNS)),
            title=_("Returns to Syria and within Syria, per year"),
            ylabel=_("People returned during the year"),
            footnote=footnote(report, report.as_of, note),
        )
        blocks += [
            heading(_("Returns per year")),
            figure(
                ax.figure,
                alt=_(
                    "Bar chart of refugees returned to Syria and IDPs returned home in each "
                    "year, %(span)s."
                )
                % words,
                caption=_(
                    "Refugees returned to Syria and IDPs returned home during each year, %(span)s."
                )
                % words,
            ),
        ]
    if table_[list(ABROAD)].notna().any().any():
        ax = charts.bars_over_years(
            table_,
            labels_with_years(table_, _names(ABROAD)),
            title=_("Refugees from Syria resettled or naturalised, per year"),
            ylabel=_("Refugees during the year"),
            footnote=footnote(report, report.as_of, note),
        )
        blocks += [
            heading(_("Resettlement and naturalisation per year")),
            figure(
                ax.figure,
                alt=_(
                    "Bar chart of refugees from Syria resettled to a third country and "
                    "naturalised in each year, %(span)s."
                )
                % words,
                caption=_(
                    "Refugees from Syria resettled to a third country or naturalised by their "
                    "country of asylum during each year, %(span)s."
                )
                % words,
            ),
        ]
    last = report.years[-1]
    from_ = metrics.returns_by_country(report.rows, last)
    if not from_.empty:
        words = {"year": digits(str(last)), "countries": number(len(from_))}
        ax = charts.country_bars(
            from_,
            {"returned_refugees": _("Refugees returned during %(year)s") % words},
            title=_("Refugees returned to Syria during %(year)s, by country returned from") % words,
            xlabel=_("Refugees returned during %(year)s") % words,
            footnote=footnote(report, report.as_of),
        )
        blocks += [
            heading(_("Where refugees returned from in %(year)s") % words),
            figure(
                ax.figure,
                alt=_(
                    "Bar chart of refugees returned to Syria during %(year)s by the country they "
                    "returned from, largest first."
                )
                % words,
                caption=_(
                    "Refugees returned to Syria during %(year)s, the %(countries)s countries they "
                    "returned from in largest numbers."
                )
                % words,
            ),
        ]
    return blocks


def table_section(report: Report) -> list:
    if report.empty:
        return []
    columns = list(metrics.SOLUTIONS)
    shown = report.by_year.sort_values("year", ascending=False)
    shown = as_floats(shown.assign(year=year_column(shown["year"])), columns)
    return [
        heading(_("Figures by year")),
        table(
            shown,
            columns={
                "year": _("Year"),
                "returned_refugees": _("Refugees returned"),
                "returned_idps": _("IDPs returned"),
                "resettlement": _("Resettled"),
                "naturalisation": gettext(ABROAD["naturalisation"]),
            },
            numeric=columns,
            caption=_(
                "Refugees returned to Syria, IDPs returned home, and refugees from Syria "
                "resettled or naturalised abroad, each during the year, from UNHCR's figures; "
                "newest year first. Columns are never added. Empty: no figure."
            ),
        ),
    ]


def sources_section(report: Report) -> list:
    return [
        heading(_("Sources and method")),
        *dataset_sources(report),
        sentence("displacement_solutions_method"),
    ]
