"""Which rows a report covers: its period (inclusive days) and its governorate."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis import gazetteer


def as_day(value: str | dt.date | pd.Timestamp | None) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    return pd.Timestamp(value).normalize()


def in_period(
    frame: pd.DataFrame,
    start: str | dt.date | None,
    end: str | dt.date | None,
    column: str = "event_date",
) -> pd.DataFrame:
    """Rows whose ``column`` falls within ``start``..``end`` (both inclusive, days)."""
    keep = pd.Series(True, index=frame.index)
    start_day, end_day = as_day(start), as_day(end)
    if start_day is not None:
        keep &= frame[column] >= start_day
    if end_day is not None:
        keep &= frame[column] < end_day + pd.Timedelta(days=1)
    return frame[keep]


def in_governorate(frame: pd.DataFrame, governorate: str | None) -> pd.DataFrame:
    """Rows for one governorate (any name or P-code the gazetteer knows); "all" keeps every row."""
    if governorate is None or str(governorate).strip().lower() in ("", gazetteer.ALL):
        return frame
    pcode = gazetteer.resolve(governorate).pcode
    return frame[frame["admin1_pcode"] == pcode]
