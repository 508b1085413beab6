"""What the reports on the other UNHCR tables (IDMC IDPs, solutions, flows, demographics) share:
the years of the period, the note when none is in it, and the national-figures note.

Every UNHCR table has one row per year: a year is in a report when its 31 December falls in the
period (stocks are counts at that date, solutions and flows counts during that year).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import data
from analysis.i18n import N_, day, digits, gettext, year
from analysis.metrics import displacement as metrics
from analysis.metrics.results import Message, Result
from analysis.sections.advice import advice
from analysis.sections.blocks import Block
from analysis.sections.common import Scope
from analysis.sections.displacement.common import Base, countries_in_edition
from analysis.sections.text import sentence_note


@dataclass
class TableReport(Base):
    rows: pd.DataFrame  # rows of the years whose end falls in the period
    results: list[Result]
    first_year: int | None  # the file's years
    last_year: int | None
    nearest: tuple[int | None, int | None]  # years ending before / after the period

    @property
    def empty(self) -> bool:
        return not self.results


@dataclass
class YearlyReport(TableReport):
    """A table with one row of figures per year (IDMC, solutions, flows)."""

    by_year: pd.DataFrame  # the metrics' table by year, years with figures only

    AS_OF = N_("the end of %(year)s")
    """How the last year's figures hold; each kind says its own (a message: ``%(year)s`` the
    last year, ``%(day)s`` its 31 December)."""

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.by_year["year"]]

    @property
    def as_of(self) -> str | None:
        if not self.years:
            return None
        last = self.years[-1]
        return gettext(self.AS_OF) % {
            "year": digits(str(last)),
            "day": day(pd.Timestamp(year=last, month=12, day=31)),
        }


def years_span(first: int, last: int) -> str:
    """``2020–2024``, or ``2024`` for a single year, in the edition's digits."""
    return digits(f"{first}–{last}" if first != last else str(last))


def year_column(years: pd.Series) -> pd.Series:
    """A table's year column as text (``2024``), in the edition's digits."""
    return years.astype(int).map(lambda y: year(pd.Timestamp(year=y, month=12, day=31)))


def base_fields(dataset: data.Dataset, scope: Scope) -> dict:
    """The fields of :class:`TableReport` but ``results``, for ``dataset`` and ``scope``."""
    frame = countries_in_edition(dataset.frame)
    first_year, last_year = metrics.file_years(frame)
    return {
        "scope": scope,
        "source": dataset.source_label,
        "file_name": dataset.file_name,
        "format_name": dataset.format.name,
        "rows": metrics.stocks_in_period(frame, scope.span),
        "first_year": first_year,
        "last_year": last_year,
        "nearest": metrics.nearest_years(frame, scope.span),
    }


def no_year(report: TableReport, what: str, *, stocks: bool) -> list[Block]:
    """The note that no year of the table ends in the period (and the nearest that do), and the
    advice for the operator to give a period that holds a 31 December."""
    before, after = report.nearest
    span = report.scope.span
    year_end = [
        year
        for year in range(span.start.year, span.end.year + 1)
        if span.start <= pd.Timestamp(year=year, month=12, day=31) <= span.end
    ]
    note = sentence_note(
        "displacement_tables_no_year",
        what=what,
        stocks=stocks,
        period=report.scope.span,
        first=report.first_year,
        last=report.last_year,
        before=before,
        after=after,
        year_end=year_end,
    )
    if year_end:  # the period is right, the file has no such year
        return [note, advice("year_end", what=what, first=report.first_year, last=report.last_year)]
    return [note, advice("year_end", what=what)]


def national_note(report: TableReport, who: str) -> list[Block]:
    if report.scope.governorate is None:
        return []
    return [sentence_note("displacement_tables_national", who=who, where=report.scope.where)]


def national_headlines(report: TableReport, results: list[Result]) -> list[Result]:
    if report.scope.governorate is None:
        return list(results)
    return [r.with_notes(Message.of("national_only")) for r in results]


def result(results: list[Result], key: str) -> Result | None:
    return next((r for r in results if r.key == key), None)


def as_floats(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Counts as floats for :func:`~analysis.sections.blocks.table` (NA stays empty)."""
    return frame.assign(**{c: frame[c].astype("Float64").astype(float) for c in columns})
