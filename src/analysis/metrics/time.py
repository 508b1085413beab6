"""Time bins for counts: which granularity a period and its data call for, and the bins.

A report's period bounds every time series. Its granularity follows the period's length and
the data's own resolution: a month of daily events is drawn by day, three years by month, and
data published per month is never drawn by day or week, whatever the period.
"""

from __future__ import annotations

import pandas as pd

from analysis import i18n
from analysis.metrics.results import Period

ORDER = ("D", "W", "M", "Y")
"""Granularities from finest to coarsest: day, ISO week (Monday first), month, year."""
NAMES = {"D": "day", "W": "week", "M": "month", "Y": "year"}

MAX_DAILY_DAYS = 92
"""Periods up to three months are drawn by day, up to two years by week, up to eight by
month; longer ones by year."""
MAX_WEEKLY_DAYS = 731
MAX_MONTHLY_DAYS = 2922


def coarsest(*freqs: str) -> str:
    return max(freqs, key=ORDER.index)


def granularity(period: Period, resolution: str = "D") -> str:
    """The bin size for ``period``: by its length, never finer than the data's ``resolution``."""
    if period.days <= MAX_DAILY_DAYS:
        freq = "D"
    elif period.days <= MAX_WEEKLY_DAYS:
        freq = "W"
    elif period.days <= MAX_MONTHLY_DAYS:
        freq = "M"
    else:
        freq = "Y"
    return coarsest(freq, resolution)


def bin_start(dates: pd.Series, freq: str) -> pd.Series:
    """The first day of the bin holding each date (the Monday of a week, the 1st of a month)."""
    days = pd.to_datetime(dates).dt.normalize()
    if freq == "D":
        return days
    if freq == "W":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    if freq == "M":
        return days.dt.to_period("M").dt.to_timestamp()
    if freq == "Y":
        return days.dt.to_period("Y").dt.to_timestamp()
    raise ValueError(f"freq must be one of {', '.join(ORDER)}, not {freq!r}")


def bin_of(day: pd.Timestamp, freq: str) -> pd.Timestamp:
    return bin_start(pd.Series([pd.Timestamp(day)]), freq).iloc[0]


def bin_last_day(start: pd.Timestamp, freq: str) -> pd.Timestamp:
    """The last day of the bin that starts on ``start``."""
    start = pd.Timestamp(start)
    if freq == "D":
        return start
    if freq == "W":
        return start + pd.Timedelta(days=6)
    if freq == "M":
        return start + pd.offsets.MonthEnd(0)
    return start + pd.offsets.YearEnd(0)


def bins(period: Period, freq: str) -> pd.DatetimeIndex:
    """The starts of every bin that overlaps ``period``, in order (the first and last may
    reach outside the period: see :func:`bin_span`)."""
    first = bin_of(period.start, freq)
    step = {"D": "D", "W": "7D", "M": "MS", "Y": "YS"}[freq]
    return pd.date_range(first, period.end, freq=step, name="bin_start")


def bin_span(start: pd.Timestamp, freq: str, period: Period | None = None) -> Period:
    """The days of a bin, cut to ``period`` when given (a week that starts before the period
    counts only its days inside it)."""
    span = Period(start, bin_last_day(start, freq))
    if period is None:
        return span
    return period.clip(span) or span


def bin_label(start: pd.Timestamp, freq: str) -> str:
    """``8 December 2024``, ``week of 2 December 2024``, ``December 2024``, ``2024``."""
    start = pd.Timestamp(start)
    if freq == "D":
        return i18n.day(start)
    if freq == "W":
        return i18n.week_of(start)
    if freq == "M":
        return i18n.month(start)
    return i18n.year(start)


def totals_by_bin(
    frame: pd.DataFrame,
    date_column: str,
    value_columns: list[str] | tuple[str, ...],
    period: Period,
    freq: str,
    *,
    by: str | None = None,
) -> pd.DataFrame:
    """Sums of ``value_columns`` per bin of ``period`` (optionally per ``by``), every bin of the
    period present (zero where nothing happened, so lulls show).

    Columns: ``bin_start``, ``by`` (when given) and the value columns. Rows of ``frame`` outside
    the period are not counted.
    """
    inside = frame[(frame[date_column] >= period.start) & (frame[date_column] < period.stop)]
    starts = bin_start(inside[date_column], freq).rename("bin_start")
    keys = [starts] if by is None else [starts, inside[by].astype("string").rename(by)]
    values = inside[list(value_columns)].astype("Float64")
    summed = values.groupby(keys, observed=True, dropna=False).sum(min_count=0)
    index = bins(period, freq)
    if by is None:
        full = summed.reindex(index, fill_value=0)
    else:
        groups = sorted(str(g) for g in inside[by].dropna().unique())
        if inside[by].isna().any():
            groups.append(pd.NA)
        full_index = pd.MultiIndex.from_product([index, groups], names=["bin_start", by])
        full = summed.reindex(full_index, fill_value=0)
    return full.reset_index()


# Data published per month (HNAP flows, ACLED aggregates): a month belongs to the one period that
# holds its last day, so a batch of weekly or monthly reports shows each month exactly once.


def month_end(months: pd.Series) -> pd.Series:
    """The last day of each month (given by any day in it)."""
    return pd.to_datetime(months) + pd.offsets.MonthEnd(0)


def months_ending_in(frame: pd.DataFrame, period: Period, column: str = "month") -> pd.DataFrame:
    """Rows of the months whose last day falls in the period (each month in one period only)."""
    ends = month_end(frame[column])
    return frame[(ends >= period.start) & (ends < period.stop)]


def month_label(month: object) -> str:
    """``December 2018``."""
    return i18n.month(month)


def months_period(months: pd.Series) -> Period:
    """From the first day of the first month to the last day of the last month."""
    return Period(pd.Timestamp(months.min()), month_end(pd.Series([months.max()])).iloc[0])
