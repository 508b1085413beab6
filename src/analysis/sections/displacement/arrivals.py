"""Displacement report on UNHCR's flows: people from Syria newly recognised as refugees and new
asylum applications, during each year and by country.

A year is in the report when its 31 December falls in the period. The report shows both series
per year side by side (never added), the last year's figures and the main countries of arrival.
None is a ``displaced`` headline: arrivals during a year are not the number displaced.
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
from analysis.sections.text import sentence, term

WHAT = N_("UNHCR's new refugees and asylum applications")


class Report(YearlyReport):
    """UNHCR's new refugees and asylum applications, one row per year."""

    kind: ClassVar[str] = "refugee_arrivals"  # the dataset kind it shows (its view's key)

    AS_OF = N_("the end of %(year)s (counts during each year)")


def load(dataset: data.Dataset, scope: Scope) -> Report:
    fields = base_fields(dataset, scope)
    by_year = metrics.arrivals_by_year(fields["rows"])
    results = metrics.arrivals_results(fields["rows"], by_year)
    return Report(**fields, by_year=by_year, results=results)


def headlines(report: Report) -> list[Result]:
    """``new_refugees`` and ``new_asylum_seekers`` of the last year (no ``displaced``)."""
    return national_headlines(report, report.results)


def key_figures_section(report: Report) -> list:
    blocks = [heading(_("Key figures")), *national_note(report, _("UNHCR's"))]
    if report.empty:
        return [*blocks, *no_year(report, gettext(WHAT), stocks=False)]
    blocks.extend(key_figures(report.results))
    blocks.append(
        sentence(
            "displacement_arrivals_summary",
            year=report.years[-1],
            refugees=result(report.results, "new_refugees"),
            asylum=result(report.results, "new_asylum_seekers"),
        )
    )
    return blocks


def charts_section(report: Report) -> list:
    if report.empty:
        return []
    first, last = report.years[0], report.years[-1]
    words = {"span": years_span(first, last), "year": digits(str(last))}
    blocks = []
    ax = charts.bars_over_years(
        report.by_year,
        labels_with_years(report.by_year, _labels()),
        title=_("New refugees and asylum applications from Syria, per year"),
        ylabel=_("People during the year"),
        footnote=footnote(
            report,
            report.as_of,
            _(
                "Counts during each year, summed over countries; the two series are never added; "
                "0: a published zero; no bar and no 0: no figure."
            ),
        ),
    )
    blocks += [
        heading(_("New arrivals per year")),
        figure(
            ax.figure,
            alt=_(
                "Bar chart of people from Syria newly recognised as refugees and of new asylum "
                "applications in each year, %(span)s."
            )
            % words,
            caption=_(
                "People from Syria newly recognised as refugees, and new asylum applications, "
                "during each year, %(span)s."
            )
            % words,
        ),
    ]
    countries = metrics.arrivals_by_country(report.rows, last)
    if not countries.empty:
        words["countries"] = number(len(countries))
        ax = charts.country_bars(
            countries,
            _labels(),
            title=_("New arrivals from Syria during %(year)s, main countries") % words,
            xlabel=_("People during %(year)s") % words,
            footnote=footnote(report, report.as_of, _("Two bars per country, never added.")),
        )
        blocks += [
            heading(_("Main countries of arrival in %(year)s") % words),
            figure(
                ax.figure,
                alt=_(
                    "Bar chart of new refugees and new asylum applications from Syria during "
                    "%(year)s in the %(countries)s countries receiving most."
                )
                % words,
                caption=_(
                    "New refugees and asylum applications from Syria during %(year)s, by country "
                    "of asylum."
                )
                % words,
            ),
        ]
    return blocks


def _labels() -> dict[str, str]:
    """The two flows' names (column -> name)."""
    return {flow: term("arrival", flow=flow) for flow in metrics.ARRIVALS}


def table_section(report: Report) -> list:
    if report.empty:
        return []
    columns = list(metrics.ARRIVALS)
    shown = report.by_year.sort_values("year", ascending=False)
    shown = as_floats(shown.assign(year=year_column(shown["year"])), columns)
    blocks = [
        heading(_("Figures by year")),
        table(
            shown,
            columns={"year": _("Year")} | _labels(),
            numeric=columns,
            caption=_(
                "People from Syria newly recognised as refugees and new asylum applications "
                "during each year, summed over countries of asylum, from UNHCR's figures; newest "
                "year first. The two are never added. Empty: no figure."
            ),
        ),
    ]
    last = report.years[-1]
    countries = metrics.arrivals_by_country(report.rows, last, top=10)
    if not countries.empty:
        blocks.append(
            table(
                as_floats(countries, columns),
                columns={"asylum_name": _("Country of asylum")} | _labels(),
                numeric=columns,
                caption=_(
                    "The %(countries)s countries receiving most people from Syria during "
                    "%(year)s, as published by UNHCR."
                )
                % {"countries": number(len(countries)), "year": digits(str(last))},
            )
        )
    return blocks


def sources_section(report: Report) -> list:
    return [
        heading(_("Sources and method")),
        *dataset_sources(report),
        sentence("displacement_arrivals_method"),
    ]
