"""Dates: which days a file of changes covers, the last change, and the date the data shown
for a period is as of."""

from __future__ import annotations

import pandas as pd

from analysis.metrics.results import Period


def last_day(frame: pd.DataFrame) -> pd.Timestamp | None:
    """The day of the last row of ``frame`` (its latest ``event_date``); None when empty."""
    return None if frame.empty else pd.Timestamp(frame["event_date"].max()).normalize()


def last_change(changes: pd.DataFrame) -> pd.Timestamp | None:
    """The day of the last change in ``changes``; None when there is none."""
    return last_day(changes)


def first_and_last(changes: pd.DataFrame) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The dates of the first and last change of a file (as recorded); None when empty."""
    if not len(changes):
        return None, None
    return changes["event_date"].min(), changes["event_date"].max()


def covered(
    first: pd.Timestamp | None, last: pd.Timestamp | None, as_of: pd.Timestamp | None
) -> Period | None:
    """What a file covers: from its first change to its last change or its as-of date,
    whichever is later; None for a file without changes."""
    if first is None:
        return None
    return Period(first, max(last, as_of))


def shown_as_of(as_of: pd.Timestamp | None, period: Period) -> pd.Timestamp:
    """The date the data shown for ``period`` is as of: the period's last day, or the file's
    own as-of date when that is earlier (a 1-8 December report is as of 8 December, not of the
    file's 31 December)."""
    end = period.end
    if as_of is None or pd.isna(as_of):
        return end
    return min(end, pd.Timestamp(as_of).normalize())
