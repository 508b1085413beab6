"""Figures that rest on a single weak source, as a disclosure of kind ``weak-source``.

The bundled facts name, in ``weak_source``, the one weak page (a mirror, an aggregator, an
unverified claim) a row still rests on (:mod:`analysis.data.bundled`). A result computed from
such rows carries a :class:`~analysis.metrics.results.Disclosure` of kind :data:`KIND` whose
values say which figures and which pages:

- ``entries``: one ``(figure, page)`` pair per weak row, the figure a
  :class:`~analysis.metrics.results.Message` of the catalogue (``place_day``: "Saraqib, 28
  November 2024"), the page as the notes name it ("wikisum.wiki");
- ``records``: their record ids;
- ``of``: how many rows the result counts (for a count that includes weak rows, "4 of 41").

Files without the column (ACLED, UCDP, UNHCR, HNAP) have no weak rows: nothing is disclosed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pandas as pd

from analysis.metrics.results import Disclosure, Message, Result

KIND = "weak-source"
COLUMN = "weak_source"


def place_day(place: object, day: object) -> Message:
    """A figure named by its place and day (catalogue ``place_day``: "Saraqib, 28 November
    2024"); one message for every kind of row so named, so that a figure is named once."""
    missing = day is None or pd.isna(day)
    return Message.of("place_day", place=str(place), day=None if missing else pd.Timestamp(day))


def weak_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that rest on a single weak source (none when the file has no such column)."""
    if COLUMN not in rows or rows.empty:
        return rows.iloc[0:0]
    text = rows[COLUMN].astype("string").str.strip()
    return rows[text.notna() & (text != "")]


def is_weak(row: object) -> bool:
    """True for one row (a Series or a named tuple) that rests on a single weak source."""
    value = row.get(COLUMN) if isinstance(row, pd.Series) else getattr(row, COLUMN, None)
    return value is not None and not pd.isna(value) and str(value).strip() != ""


def disclosure(
    rows: pd.DataFrame, describe: Callable[[object], Message], of: int | None = None
) -> Disclosure | None:
    """The weak-source disclosure of a figure computed from ``rows``; None when none of them
    rests on a single weak source. ``describe`` names one row (a named tuple) as a message;
    ``of`` is how many rows the figure counts, when it counts several."""
    weak = weak_rows(rows)
    if weak.empty:
        return None
    entries = tuple(
        (describe(r), str(getattr(r, COLUMN)).strip()) for r in weak.itertuples(index=False)
    )
    ids = tuple(str(r) for r in weak["record_id"]) if "record_id" in weak else ()
    values: list[tuple[str, object]] = [("entries", entries), ("records", ids)]
    if of is not None:
        values.append(("of", int(of)))
    return Disclosure(KIND, tuple(values))


def disclosed(
    result: Result,
    rows: pd.DataFrame,
    describe: Callable[[object], Message],
    of: int | None = None,
) -> Result:
    """``result`` with the weak-source disclosure of ``rows`` added (unchanged when none)."""
    found = disclosure(rows, describe, of)
    if found is None or any(d.kind == KIND for d in result.disclosures):
        return result
    return dataclasses.replace(result, disclosures=(*result.disclosures, found))


def weak_disclosure(result: Result) -> Disclosure | None:
    """The weak-source disclosure of ``result``; None when it has none."""
    return next((d for d in result.disclosures if d.kind == KIND), None)


def values_of(found: Disclosure) -> dict[str, object]:
    return dict(found.values)
