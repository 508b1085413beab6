"""What the three kinds of displacement data share: reading an optional cell, the first and last
date (year, month) of a file, and the figures on either side of a period that holds none."""

from __future__ import annotations

import pandas as pd

from analysis.metrics.results import Period


def present(value: object) -> bool:
    """False for None and for a missing number or date (NA, NaN, NaT); an empty text is present."""
    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def first_last(values: pd.Series) -> tuple[object | None, object | None]:
    """The first and the last of a file's dates (years, months); None for both without any."""
    values = values.dropna()
    return (None, None) if values.empty else (values.min(), values.max())


def series_years(table: pd.DataFrame, columns) -> dict[str, tuple[int, int]]:
    """The first and last year each column of a per-year ``table`` has a figure for, for the
    columns that have any; a published zero is a figure."""
    out = {}
    for column in columns:
        years = table.loc[table[column].notna(), "year"]
        if len(years):
            out[column] = (int(years.min()), int(years.max()))
    return out


def nearest(
    values: pd.Series, ends: pd.Series, period: Period
) -> tuple[object | None, object | None]:
    """The last of ``values`` whose end (``ends``, aligned) falls before the period and the first
    whose end falls after it: what a file holds on either side of a period that holds no end."""
    before = values[ends < period.start]
    after = values[ends >= period.stop]
    return (before.max() if not before.empty else None, after.min() if not after.empty else None)
