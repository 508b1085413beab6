"""Process: checks on one facts cell. Every error names the facts file, line and column."""

from __future__ import annotations

import re
from datetime import datetime

from analysis import gazetteer
from analysis.errors import AnalysisError, DataValidationError

from .facts import Fact
from .tables import Table

_URL = re.compile(r"https?://[^\s;]+")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNT = re.compile(r"^\d+$")


class Cell:
    """The cells of one facts row, read column by column with a check for each kind of value."""

    def __init__(self, table: Table, fact: Fact):
        self.table = table
        self.fact = fact

    def fail(self, column: str, problem: str) -> DataValidationError:
        return DataValidationError(
            f"{self.table.facts_file} line {self.fact.line}, column {column!r}: {problem}. "
            "Correct the facts table, or extend scripts/bundled_data/rows.py to map it."
        )

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.fact.values[column]
        if required and not value:
            raise self.fail(column, "is empty, but every row needs it")
        return value

    def day(self, column: str, *, required: bool = False) -> str:
        value = self.text(column, required=required)
        if value and not (_DAY.match(value) and parses(value, "%Y-%m-%d")):
            raise self.fail(column, f"{value!r} is not a date as YYYY-MM-DD")
        return value

    def count(self, column: str) -> str:
        value = self.text(column)
        if value and not _COUNT.match(value):
            raise self.fail(column, f"{value!r} is not a whole, non-negative number of people")
        return str(int(value)) if value else ""

    def number(self, column: str) -> str:
        value = self.text(column)
        if value:
            try:
                float(value)
            except ValueError:
                raise self.fail(column, f"{value!r} is not a number") from None
        return value

    def url(self, column: str) -> str:
        value = self.text(column)
        if not value:
            raise self.fail(column, "has no source URL; every figure must keep its source")
        if urls_in(value) != [value]:
            raise self.fail(column, f"{value!r} is not a single http(s) URL")
        return value

    def urls(self, column: str) -> str:
        value = self.text(column)
        if not urls_in(value):
            raise self.fail(column, "names no http(s) source URL; every change needs its source")
        return value

    def governorate(self, column: str, name: str) -> gazetteer.Governorate:
        try:
            return gazetteer.resolve(name)
        except AnalysisError as exc:
            raise DataValidationError(
                f"{self.table.facts_file} line {self.fact.line}, column {column!r}: {exc} "
                "Correct the name in the facts table, or, if it is a real spelling of a "
                "governorate, add it to the aliases in data/gazetteer/governorates.csv."
            ) from None


def parses(value: str, fmt: str) -> bool:
    try:
        datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def urls_in(text: str) -> list[str]:
    """The distinct http(s) URLs in ``text``, without trailing punctuation or a closing bracket."""
    found: list[str] = []
    for match in _URL.finditer(text or ""):
        url = match.group(0).rstrip(".,;:'\"")
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(".,;:'\"")
        if url not in found:
            found.append(url)
    return found
