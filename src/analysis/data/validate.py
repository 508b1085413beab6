"""Validation rules shared by every reader.

Each check raises :class:`DataValidationError` with one sentence that names the file, the column,
the first offending lines (1-based, the header being line 1) and what to do. Checks run on the
whole frame before a reader returns, so nothing is half-loaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.textfile import table_columns
from analysis.errors import DataValidationError, MissingColumnsError

MAX_SHOWN = 5
_EARLIEST = pd.Timestamp("1678-01-01")
_LATEST = pd.Timestamp("2261-12-31")


def _where(path: Path | str | None) -> str:
    return f"{path}: " if path else ""


def show_lines(positions: Sequence[int], values: Sequence[object] | None = None) -> str:
    """'lines 3, 9 ('x', 'y')' for the first few 0-based data-row positions."""
    shown = [int(p) + 2 for p in positions[:MAX_SHOWN]]
    text = ("line " if len(shown) == 1 else "lines ") + ", ".join(map(str, shown))
    if len(positions) > MAX_SHOWN:
        text += f" and {len(positions) - MAX_SHOWN} more"
    if values is not None:
        text += " (" + ", ".join(repr(v) for v in list(values)[:MAX_SHOWN]) + ")"
    return text


def require_columns(
    columns: Iterable[str], required: Iterable[str], path: Path | str | None, fmt: str
) -> None:
    """Refuse a header without every ``required`` column. The header found is quoted (each name
    cut) only when it looks like a table's (:func:`~analysis.data.textfile.table_columns`): a
    file forced to a format with ``--format`` may be anything, a key or a password file."""
    present = set(columns)
    missing = [c for c in required if c not in present]
    if missing:
        file = Path(path) if path and os.path.isfile(path) else None
        shown = table_columns(sorted(present), file)
        found = (
            f"Found columns: {shown}. "
            if shown
            else "The file does not look like a table with a header row of column names. "
        )
        raise MissingColumnsError(
            f"{_where(path)}missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing)} for format {fmt!r}. "
            + found
            + "Check that the file is a complete export of that source, or pass --format to name "
            "the right format.",
            tuple(missing),
        )


def to_numeric(series: pd.Series, column: str, path: Path | str | None) -> pd.Series:
    """Parse a column as numbers; any text that is not a number (blank is fine) is an error."""
    numbers = pd.to_numeric(series, errors="coerce")
    bad = numbers.isna() & series.notna() & (series.astype("string").str.strip() != "")
    if bad.any():
        positions = np.flatnonzero(bad.to_numpy())
        raise DataValidationError(
            f"{_where(path)}column {column!r} must hold numbers, but "
            f"{show_lines(positions, series.iloc[positions[:MAX_SHOWN]].tolist())} do not. "
            "Correct those cells or remove the rows."
        )
    return numbers


def to_dates(
    series: pd.Series, column: str, path: Path | str | None, formats: Sequence[str]
) -> pd.Series:
    """Parse dates trying each format in turn; unparseable non-blank values are an error."""
    text = series.astype("string").str.strip()
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    todo = text.notna() & (text != "")
    for fmt in formats:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        ok = parsed.notna()
        outside = ok & ((parsed < _EARLIEST) | (parsed > _LATEST))
        if outside.any():
            positions = np.flatnonzero(text.index.isin(parsed.index[outside]))
            raise DataValidationError(
                f"{_where(path)}column {column!r} has impossible dates at "
                f"{show_lines(positions, text.iloc[positions[:MAX_SHOWN]].tolist())}"
                f" (readable dates run from {_EARLIEST:%Y} to {_LATEST:%Y}). Correct those cells."
            )
        result.loc[parsed.index[ok]] = parsed[ok].astype("datetime64[ns]")
        todo.loc[parsed.index[ok]] = False
    if todo.any():
        positions = np.flatnonzero(todo.to_numpy())
        raise DataValidationError(
            f"{_where(path)}column {column!r} has dates that cannot be read at "
            f"{show_lines(positions, text.iloc[positions[:MAX_SHOWN]].tolist())}. "
            f"Expected {' or '.join(describe_date_format(f) for f in formats)}; "
            "correct those cells."
        )
    return result


def to_dates_failures(text: pd.Series, formats: Sequence[str]) -> np.ndarray:
    """Boolean mask of non-blank values that match none of ``formats``."""
    text = text.astype("string").str.strip()
    failed = (text.notna() & (text != "")).to_numpy(dtype=bool)
    for fmt in formats:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
        readable = parsed.notna() & (parsed >= _EARLIEST) & (parsed <= _LATEST)
        failed &= ~readable.to_numpy(dtype=bool)
    return failed


def describe_date_format(fmt: str) -> str:
    examples = {"%Y-%m-%d": "YYYY-MM-DD (2024-12-08)", "%d %B %Y": "'08 December 2024'"}
    return examples.get(fmt, fmt)


def require_values(frame: pd.DataFrame, columns: Iterable[str], path: Path | str | None) -> None:
    for column in columns:
        missing = frame[column].isna().to_numpy()
        if missing.any():
            positions = np.flatnonzero(missing)
            raise DataValidationError(
                f"{_where(path)}column {column!r} is empty at {show_lines(positions)}. "
                "Every row needs a value there; fill it in or remove the rows."
            )


def non_negative(frame: pd.DataFrame, columns: Iterable[str], path: Path | str | None) -> None:
    for column in columns:
        values = frame[column]
        negative = (values < 0).fillna(False).to_numpy(dtype=bool)
        if negative.any():
            positions = np.flatnonzero(negative)
            raise DataValidationError(
                f"{_where(path)}column {column!r} has negative counts at "
                f"{show_lines(positions, values.iloc[positions[:MAX_SHOWN]].tolist())}. "
                "Counts of people cannot be negative: correct those cells or remove the rows."
            )


def ordered(
    frame: pd.DataFrame, low: str, high: str, path: Path | str | None, labels: tuple[str, str]
) -> None:
    """``frame[low] <= frame[high]`` wherever both are present."""
    wrong = (frame[low] > frame[high]).fillna(False).to_numpy(dtype=bool)
    if wrong.any():
        positions = np.flatnonzero(wrong)
        raise DataValidationError(
            f"{_where(path)}{labels[0]!r} is greater than {labels[1]!r} at "
            f"{show_lines(positions)}. Swap or correct the values."
        )


def require_rows(frame: pd.DataFrame, path: Path | str | None) -> None:
    if frame.empty:
        raise DataValidationError(
            f"{_where(path)}the file has a header but no data rows. "
            "Export the data again or point to another file."
        )


def drop_exact_duplicates(
    frame: pd.DataFrame, id_column: str, path: Path | str | None
) -> tuple[pd.DataFrame, pd.Series]:
    """Rows of ``frame`` with each ``id_column`` value once, and how many exact copies of each
    kept row were dropped (0 for most).

    Two rows with the same id and identical values in every column read are one event published
    twice: the later copy is dropped and counted. The same id with any value different is two
    events under one name: an error naming both lines, since neither can be chosen safely.
    """
    ids = frame[id_column]
    repeated = ids.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return frame, pd.Series(0, index=frame.index, dtype="Int64")
    rows = frame[repeated]
    as_text = rows.astype("string").fillna("\0")
    for key, group in as_text.groupby(rows[id_column].astype("string"), sort=False):
        first = group.iloc[0]
        for index in range(1, len(group)):
            other = group.iloc[index]
            differs = [c for c in group.columns if first[c] != other[c]]
            if differs:
                lines = [frame.index.get_loc(group.index[i]) for i in (0, index)]
                raise DataValidationError(
                    f"{_where(path)}{id_column} {key!r} appears at lines {lines[0] + 2} and "
                    f"{lines[1] + 2} with different values (in {', '.join(differs[:5])}). One id "
                    "must name one event: correct the id or keep one of the two rows."
                )
    duplicate = ids.duplicated(keep="first")
    copies = duplicate.groupby(ids.astype("string")).transform("sum")
    kept = frame[~duplicate.to_numpy()]
    return kept, copies[~duplicate.to_numpy()].astype("Int64")
