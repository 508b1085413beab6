"""Displacement report on UNHCR's demographics: the people UNHCR counts at the end of a year by
sex and age, by country of asylum, and Syria's IDPs by governorate.

The report uses the last year whose 31 December falls in the period (the table is end-of-year
stocks; years are never added). Shares by sex and age are stated among the refugees with a
breakdown, with how many those are. ``displaced`` is the refugees from Syria abroad.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from analysis import data
from analysis.charts.displacement import unhcr_tables as charts
from analysis.data.schema import DEMOGRAPHIC_AGES
from analysis.i18n import N_, _, day, digits, gettext
from analysis.metrics import displacement as metrics
from analysis.metrics.results import Result
from analysis.sections.blocks import figure, heading, table
from analysis.sections.common import Scope
from analysis.sections.displacement.common import dataset_sources, footnote, key_figures
from analysis.sections.displacement.tables import (
    TableReport,
    as_floats,
    base_fields,
    national_headlines,
    no_year,
    result,
)
from analysis.sections.text import note, sentence, sentence_note, term

WHAT = N_("UNHCR's demographic figures")


@dataclass
class Report(TableReport):
    kind: ClassVar[str] = "refugee_demographics"  # the dataset kind it shows (its view's key)
    year: int | None  # the last year in the period
    local: list[Result]  # the governorate's IDPs and IDP returns (a governorate's report only)

    @property
    def as_of(self) -> str | None:
        if self.year is None:
            return None
        last = pd.Timestamp(year=self.year, month=12, day=31)
        return _("%(day)s (end-of-year figures)") % {"day": day(last)}


def load(dataset: data.Dataset, scope: Scope) -> Report:
    fields = base_fields(dataset, scope)
    year = metrics.demographics_last_year(fields["rows"])
    results = [] if year is None else metrics.demographics_results(fields["rows"], year)
    local = []
    if year is not None and scope.governorate is not None:
        local = metrics.governorate_results(fields["rows"], year, scope.governorate.name)
    return Report(**fields, year=year, results=results, local=local)


def headlines(report: Report) -> list[Result]:
    """``displaced`` (refugees from Syria abroad at the end of the year), ``female_share``,
    ``children_share`` and ``idps`` (IDPs in Syria in this table); in a governorate's report
    first ``governorate_idps`` and ``governorate_idp_returns`` (located there by UNHCR), the
    others then say they are national."""
    return [*report.local, *national_headlines(report, report.results)]


def key_figures_section(report: Report) -> list:
    blocks = [heading(_("Key figures"))]
    if report.scope.governorate is not None:
        blocks.append(
            sentence_note(
                "displacement_demographics_governorate",
                where=report.scope.where,
                place=report.scope.governorate.shown,
                year=report.year,
                idps=result(report.local, "governorate_idps"),
                returns=result(report.local, "governorate_idp_returns"),
            )
        )
    if report.empty:
        return [*blocks, *no_year(report, gettext(WHAT), stocks=True)]
    blocks.extend(key_figures([*report.local, *report.results]))
    hosts = metrics.demographics_by_country(report.rows, report.year, top=1)
    blocks.append(
        sentence(
            "displacement_demographics_summary",
            year=report.year,
            refugees=result(report.results, "displaced"),
            female=result(report.results, "female_share"),
            children=result(report.results, "children_share"),
            idps=result(report.results, "idps"),
            host=None if hosts.empty else str(hosts.iloc[0]["asylum_name"]),
        )
    )
    return blocks


def charts_section(report: Report) -> list:
    if report.empty or report.year is None:
        return []
    year = report.year
    words = {"year": digits(str(year))}
    blocks = []
    ages = metrics.sex_and_age(report.rows, year)
    female = result(report.results, "female_share")
    if female is not None:
        ax = charts.sex_age_pyramid(
            ages,
            ages=_ages(),
            title=_("Refugees from Syria by sex and age, end of %(year)s") % words,
            footnote=footnote(
                report,
                report.as_of,
                _("Only refugees with a reported breakdown are drawn (%(note)s).")
                % {"note": note(female.notes[0])},
            ),
        )
        blocks += [
            heading(_("Refugees by sex and age, end of %(year)s") % words),
            figure(
                ax.figure,
                alt=_(
                    "Population pyramid of refugees from Syria at the end of %(year)s: women and "
                    "girls to the left, men and boys to the right, by age group."
                )
                % words,
                caption=_(
                    "Refugees from Syria by sex and age group at the end of %(year)s, those with "
                    "a reported breakdown."
                )
                % words,
            ),
        ]
    countries = metrics.demographics_by_country(report.rows, year)
    if not countries.empty:
        ax = charts.country_bars(
            countries,
            {"people": _("Refugees, end of %(year)s") % words},
            other=term("other_countries"),
            title=_("Refugees from Syria by country of asylum, end of %(year)s") % words,
            xlabel=_("Refugees at the end of %(year)s") % words,
            footnote=footnote(report, report.as_of, _("Asylum-seekers are not included.")),
        )
        blocks += [
            heading(_("Refugees by country of asylum, end of %(year)s") % words),
            figure(
                ax.figure,
                alt=_(
                    "Bar chart of refugees from Syria at the end of %(year)s in the countries "
                    "hosting most, and all other countries together."
                )
                % words,
                caption=_("Refugees from Syria by country of asylum at the end of %(year)s.")
                % words,
            ),
        ]
    return blocks


def _ages() -> dict[str, str]:
    """Each age group's name (code -> name)."""
    return {age: term("age_group", age=age) for age in DEMOGRAPHIC_AGES}


def table_section(report: Report) -> list:
    if report.empty or report.year is None:
        return []
    year = report.year
    words = {"year": digits(str(year))}
    blocks = [heading(_("Figures as published"))]
    ages = metrics.sex_and_age(report.rows, year)
    if ages[["female", "male"]].to_numpy().sum() > 0:
        blocks.append(
            table(
                as_floats(ages.assign(age=ages["age"].map(_ages())), ["female", "male"]),
                columns={
                    "age": _("Age group"),
                    "female": _("Women and girls"),
                    "male": _("Men and boys"),
                },
                numeric=("female", "male"),
                caption=_(
                    "Refugees from Syria by sex and age group at the end of %(year)s, those with "
                    "a reported breakdown (UNHCR)."
                )
                % words,
            )
        )
    idps = metrics.demographics_by_governorate(report.rows, year)
    if not idps.empty:
        blocks.append(
            table(
                as_floats(idps, ["idps", "idp_returns"]),
                columns={
                    "governorate": _("Governorate"),
                    "idps": _("IDPs, end of %(year)s") % words,
                    "idp_returns": _("IDPs returned during %(year)s") % words,
                },
                numeric=("idps", "idp_returns"),
                caption=_(
                    "IDPs in Syria at the end of %(year)s, and IDPs who returned during %(year)s, "
                    "by governorate as located by UNHCR (OCHA spellings); people not located in "
                    "one governorate are left out. The two columns are never added."
                )
                % words,
            )
        )
    return blocks


def sources_section(report: Report) -> list:
    return [
        heading(_("Sources and method")),
        *dataset_sources(report),
        sentence("displacement_demographics_method"),
    ]
