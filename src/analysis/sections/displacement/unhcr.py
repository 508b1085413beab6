"""Displacement report on UNHCR population statistics (end-of-year stocks by country of asylum).

A year is in a report when its 31 December falls in the period: the stocks are counts at that
date, the returns counts during that year. Every quantity the file carries for Syrians is shown:
refugees and asylum-seekers abroad, IDPs in Syria, refugees returned and IDPs returned. Stocks
are summed over countries within a year, never across years. UNHCR's figures are national: a
governorate report says so once and shows the national figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from analysis import data
from analysis.charts.displacement import unhcr as charts
from analysis.i18n import _, day, gettext, ngettext, number, pgettext
from analysis.metrics import displacement as metrics
from analysis.metrics.results import Message, Result
from analysis.sections.advice import advice
from analysis.sections.blocks import figure, heading, table
from analysis.sections.common import Scope
from analysis.sections.displacement.common import (
    Base,
    countries_in_edition,
    dataset_sources,
    footnote,
    key_figures,
    labels_with_years,
)
from analysis.sections.displacement.tables import year_column, years_span
from analysis.sections.text import sentence, sentence_note, term

ORIGIN = "SYR"
NATIONAL = Message.of("national_unhcr")


@dataclass
class Report(Base):
    kind: ClassVar[str] = "refugee_stocks"  # the dataset kind it shows (its view's key)
    stocks: pd.DataFrame  # rows of the years whose end falls in the period
    years: list[int]  # those years that have figures
    by_year: pd.DataFrame  # metrics.figures_by_year
    results: list[Result]
    peaks: list[Result]  # highest end-of-year refugees and IDPs, several years only
    first_year: int | None  # the file's years
    last_year: int | None
    nearest: tuple[int | None, int | None]  # years ending before / after the period

    @property
    def empty(self) -> bool:
        return not self.results

    @property
    def as_of(self) -> str | None:
        if not self.years:
            return None
        last = pd.Timestamp(year=self.years[-1], month=12, day=31)
        return _("%(day)s (end-of-year figures)") % {"day": day(last)}


def load(dataset: data.Dataset, scope: Scope) -> Report:
    frame = countries_in_edition(dataset.frame)
    stocks = metrics.stocks_in_period(frame, scope.span)
    by_year = metrics.figures_by_year(stocks, ORIGIN)
    first_year, last_year = metrics.file_years(frame)
    return Report(
        scope=scope,
        source=gettext(dataset.source_label),
        file_name=dataset.file_name,
        format_name=dataset.format.name,
        stocks=stocks,
        years=[int(y) for y in by_year["year"]],
        by_year=by_year,
        results=metrics.unhcr_results(stocks, ORIGIN),
        peaks=metrics.unhcr_peaks(stocks, ORIGIN),
        first_year=first_year,
        last_year=last_year,
        nearest=metrics.nearest_years(frame, scope.span),
    )


def _result(report: Report, key: str) -> Result | None:
    return next((r for r in report.results if r.key == key), None)


def headlines(report: Report) -> list[Result]:
    """``displaced`` (refugees abroad at the end of the last year), ``idps`` (IDPs in Syria),
    ``asylum_seekers``, ``refugee_returns``, ``idp_returns``, ``largest_host``. In a
    governorate's report each says that it is national."""
    if report.scope.governorate is None:
        return list(report.results)
    return [r.with_notes(NATIONAL) for r in report.results]


def key_figures_section(report: Report) -> list:
    blocks = [heading(_("Key figures"))]
    if report.scope.governorate is not None:
        blocks.append(sentence_note("displacement_unhcr_national", where=report.scope.where))
    if report.empty:
        blocks.append(_no_data(report))
        blocks.append(advice("year_end", what=_("UNHCR's end-of-year figures")))
        return blocks
    blocks.extend(key_figures(report.results))
    blocks.append(
        sentence(
            "displacement_unhcr_summary",
            year=report.years[-1],
            refugees=_result(report, "displaced"),
            idps=_result(report, "idps"),
            asylum=_result(report, "asylum_seekers"),
            refugee_returns=_result(report, "refugee_returns"),
            idp_returns=_result(report, "idp_returns"),
            host=_result(report, "largest_host"),
        )
    )
    if len(report.years) > 1:
        blocks.append(
            sentence(
                "displacement_unhcr_trend",
                first=report.years[0],
                last=report.years[-1],
                peaks={p.key: p for p in report.peaks},
            )
        )
    return blocks


def _no_data(report: Report):
    before, after = report.nearest
    return sentence_note(
        "displacement_unhcr_no_year",
        period=report.scope.span,
        first=report.first_year,
        last=report.last_year,
        before=before,
        after=after,
    )


def charts_section(report: Report) -> list:
    if report.empty:
        return []
    blocks = []
    hosts = metrics.top_hosts(report.stocks, 6, ORIGIN)
    first, last = report.years[0], report.years[-1]
    words = {
        "stocks": _stocks_shown(report),
        "returns": _returns_shown(report),
        "first": _year(first),
        "last": _year(last),
        "span": years_span(first, last),
        "year": _year(last),
    }
    if len(report.years) > 1:
        blocks.append(heading(_("Syrians displaced, end of each year")))
        ax = charts.stocks_over_years(
            report.by_year,
            labels={c: term("unhcr_series", series=c) for c in metrics.STOCK_COLUMNS},
            footnote=footnote(
                report,
                report.as_of,
                _(
                    "Stocks at 31 December of each year; each year counts everyone again, so "
                    "years are never added."
                ),
            ),
        )
        blocks.append(
            figure(
                ax.figure,
                alt=_("Line chart of %(stocks)s at the end of each year, %(first)s to %(last)s.")
                % words,
                caption=_(
                    "%(stocks)s at the end of each year; people abroad are summed over countries "
                    "of asylum within each year."
                )
                % (words | {"stocks": _first_up(words["stocks"])}),
            )
        )
    else:
        year = report.years[0]
        blocks.append(
            heading(
                _("Syrians displaced at the end of %(year)s, and returns during %(year)s") % words
            )
        )
        row = report.by_year.iloc[0]
        ax = charts.year_figures(
            row,
            labels={
                c: term(
                    "unhcr_series_in_year",
                    series=c,
                    stock=c in metrics.STOCK_COLUMNS,
                    year=year,
                )
                for c in (*metrics.STOCK_COLUMNS, *metrics.YEARLY_FLOWS)
            },
            footnote=footnote(
                report,
                report.as_of,
                _("Stocks at 31 December %(year)s; returns during %(year)s.") % words,
            ),
        )
        if words["returns"]:
            alt = _(
                "Bar chart of %(stocks)s at the end of %(year)s, and of %(returns)s during "
                "%(year)s."
            )
        else:
            alt = _("Bar chart of %(stocks)s at the end of %(year)s.")
        blocks.append(
            figure(
                ax.figure,
                alt=alt % words,
                caption=_("Syrians displaced at the end of %(year)s and returns during %(year)s.")
                % words,
            )
        )
    if not hosts.empty:
        blocks.append(heading(_("Refugees by country of asylum")))
        ax = charts.refugees_by_asylum(
            hosts,
            other=term("other_countries"),
            footnote=footnote(
                report,
                report.as_of,
                _("Refugees under UNHCR's mandate; asylum-seekers are not included."),
            ),
        )
        if len(report.years) > 1:
            alt = _(
                "Chart of refugees from Syria by country of asylum, the largest host countries "
                "and all others, end of each year %(span)s."
            )
            caption = _("Refugees from Syria by country of asylum at the end of each year.")
        else:
            alt = _(
                "Chart of refugees from Syria by country of asylum, the largest host countries "
                "and all others, end of %(year)s."
            )
            caption = _("Refugees from Syria by country of asylum at the end of %(year)s.")
        blocks.append(figure(ax.figure, alt=alt % words, caption=caption % words))
    if len(report.years) > 1 and words["returns"]:
        blocks.append(heading(_("Returns")))
        ax = charts.returns(
            report.by_year,
            labels=labels_with_years(
                report.by_year,
                {c: term("unhcr_series", series=c) for c in metrics.YEARLY_FLOWS},
            ),
            footnote=footnote(
                report,
                report.as_of,
                _(
                    "Returned refugees are counted by the country they returned from and summed "
                    "within each year; 0: a published zero; no bar and no 0: no figure."
                ),
            ),
        )
        blocks.append(
            figure(
                ax.figure,
                alt=_("Bar chart of %(returns)s in each year %(span)s.") % words,
                caption=_("%(returns)s, during each year.")
                % {"returns": _first_up(words["returns"])},
            )
        )
    return blocks


def _year(year: int) -> str:
    """A year (``2024``) in the edition's digits."""
    return year_column(pd.Series([year])).iloc[0]


def _stock_words() -> dict[str, str]:
    """The stocks in words, inside a sentence (column -> words)."""
    return {
        "refugees": pgettext("unhcr_words", "refugees from Syria abroad"),
        "asylum_seekers": pgettext("unhcr_words", "asylum-seekers from Syria abroad"),
        "idps_count": pgettext("unhcr_words", "IDPs in Syria"),
    }


def _return_words() -> dict[str, str]:
    """The returns in words, inside a sentence (column -> words)."""
    return {
        "returned_refugees": pgettext("unhcr_words", "refugees returned from abroad"),
        "returned_idps": pgettext("unhcr_words", "IDPs returned home"),
    }


def _stocks_shown(report: Report) -> str:
    """The stocks the file has figures for in the report's years, in words."""
    words = [w for c, w in _stock_words().items() if report.by_year[c].notna().any()]
    return (
        pgettext("list", ", ").join(words[:-1])
        + (pgettext("list", " and ") if len(words) > 1 else "")
        + words[-1]
    )


def _returns_shown(report: Report) -> str:
    return pgettext("list", " and ").join(
        w for c, w in _return_words().items() if report.by_year[c].notna().any()
    )


def table_section(report: Report) -> list:
    if report.empty:
        return []
    counts = (*metrics.STOCK_COLUMNS, *metrics.YEARLY_FLOWS)
    per_year = report.by_year.sort_values("year", ascending=False)
    shown = per_year.assign(
        year=year_column(per_year["year"]),
        **{c: per_year[c].astype("Float64").astype(float) for c in counts},
    )
    blocks = [heading(_("Figures by year"))]
    blocks.append(
        table(
            shown,
            columns={
                "year": _("Year"),
                "refugees": _("Refugees abroad"),
                "asylum_seekers": _("Asylum-seekers"),
                "idps_count": _("IDPs in Syria"),
                "returned_refugees": _("Refugees returned"),
                "returned_idps": _("IDPs returned"),
            },
            numeric=counts,
            caption=_(
                "Refugees and asylum-seekers from Syria abroad (summed over countries of asylum) "
                "and IDPs in Syria at the end of each year; refugees and IDPs returned during the "
                "year; from UNHCR's figures, newest year first. Years are never added. Empty: no "
                "figure."
            ),
        )
    )
    last = report.years[-1]
    top = metrics.leading_hosts(report.stocks, last, 10, ORIGIN)
    if not top.empty:
        blocks.append(
            table(
                top.assign(
                    refugees=top["refugees"].astype("Float64").astype(float),
                    asylum_seekers=top["asylum_seekers"].astype("Float64").astype(float),
                ),
                columns={
                    "asylum_name": _("Country of asylum"),
                    "refugees": _("Refugees"),
                    "asylum_seekers": _("Asylum-seekers"),
                },
                numeric=("refugees", "asylum_seekers"),
                caption=ngettext(
                    "The %(shown)s countries hosting most refugees from Syria at the end of "
                    "%(year)s, as published by UNHCR.",
                    "The %(shown)s countries hosting most refugees from Syria at the end of "
                    "%(year)s, as published by UNHCR.",
                    len(top),
                )
                % {"shown": number(len(top)), "year": _year(last)},
            )
        )
    return blocks


def sources_section(report: Report) -> list:
    blocks = [
        heading(_("Sources and method")),
        *dataset_sources(report),
        sentence("displacement_unhcr_method"),
    ]
    if report.format_name == "unhcr_download":
        blocks.append(sentence("displacement_unhcr_rounded"))
    return blocks


def _first_up(text: str) -> str:
    """``text`` with its first letter in capitals and the rest as written (Syria, IDPs)."""
    return text[:1].upper() + text[1:]
