"""The bins of a series drawn as bars: where each bar stops and what it covers, in words.

A series from :mod:`analysis.metrics.trends` has bins of the period's own length (a day, a week,
31 days), calendar weeks, months or years, whichever its period needed. The bars are read from
the index's first days, never from a ``freq`` given beside it: a month of 31-day bins drawn as
weeks would show a month's deaths as a week's. ``freq`` (D, W, M, Y or a day count such as
"14D") is only needed when the index has fewer than two bins.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.i18n import ngettext, number, pgettext
from analysis.metrics.results import Period
from analysis.metrics.time import NAMES, bin_last_day

__all__ = ["bar_stops", "bin_unit", "bin_words", "plural", "unit_of"]


def _stops(starts: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    """The first day after each bin: ``freq`` is D, W, M, Y or a day count such as "7D"."""
    if freq in NAMES:
        return pd.DatetimeIndex([bin_last_day(s, freq) + pd.Timedelta(days=1) for s in starts])
    match = re.fullmatch(r"(\d*)D", freq)
    if match is None:
        raise ValueError(f"freq must be D, W, M, Y or a day count such as '7D', not {freq!r}")
    return starts + pd.Timedelta(days=int(match.group(1) or 1))


def _spacing(starts: pd.DatetimeIndex) -> str | None:
    """The bins' length read from their first days: "7D" (any N days, evenly spaced), "M"
    (consecutive months' first days), "Y" (consecutive 1 Januarys); None under two bins or
    for uneven bins."""
    if len(starts) < 2:
        return None
    months = starts.year * 12 + starts.month
    if starts.is_month_start.all() and (np.diff(months) == 1).all():
        return "M"
    if starts.is_year_start.all() and (np.diff(starts.year) == 1).all():
        return "Y"
    gaps = np.unique((starts[1:] - starts[:-1]) / pd.Timedelta(days=1))
    if len(gaps) == 1 and gaps[0] >= 1 and gaps[0] == int(gaps[0]):
        return f"{int(gaps[0])}D"
    return None


def bar_stops(
    starts: pd.DatetimeIndex, freq: str | None, period: Period
) -> tuple[pd.DatetimeIndex, str]:
    """Each bin's first day after it, and its length (a ``freq``). The first days' spacing
    decides (a frame's bins are what they are: a day's report has bins of one day, a month's
    report bins of its length, several years calendar months); ``freq`` is used only when the
    spacing cannot be read (under two bins). A last bin that runs past ``period`` (a calendar
    month or week cut by the report's last day) stops with it."""
    if freq is not None:
        _stops(starts[:0], freq)  # an unknown freq is refused even when the index decides
    freq = _spacing(starts) or freq
    if freq is None:
        raise ValueError("freq is needed for a series of fewer than two bins")
    stops = _stops(starts, freq)
    if len(stops) and starts[-1] < period.stop < stops[-1]:
        stops = stops[:-1].append(pd.DatetimeIndex([period.stop]))
    return stops, freq


def bin_unit(index: pd.Index, freq: str | None = None) -> str:
    """What one bar of :func:`~analysis.charts.trends.small_multiples` covers, in words ("week",
    "day", "month", "31 days"), for a caption that must agree with the chart: read from
    ``index`` (the series' bin starts) as the chart reads it, ``freq`` when the index has under
    two bins."""
    found = _spacing(pd.DatetimeIndex(index)) or freq
    if found is None:
        raise ValueError("freq is needed for a series of fewer than two bins")
    _stops(pd.DatetimeIndex([]), found)  # refuses an unknown freq
    return bin_words(found)[0]


def bin_words(freq: str) -> tuple[str, str]:
    """One bin of ``freq`` and the chart key's other bins, in the edition's language: ("week",
    "Other weeks"), ("31 days", "Other bins of 31 days")."""
    unit = unit_of(freq)
    if unit == "day":
        return pgettext("bin_unit", "day"), pgettext("chart key", "Other days")
    if unit == "week":
        return pgettext("bin_unit", "week"), pgettext("chart key", "Other weeks")
    if unit == "month":
        return pgettext("bin_unit", "month"), pgettext("chart key", "Other months")
    if unit == "year":
        return pgettext("bin_unit", "year"), pgettext("chart key", "Other years")
    days = int(freq[:-1] or 1)
    return (
        ngettext("%(days)s day", "%(days)s days", days) % {"days": number(days)},
        ngettext("Other bins of %(days)s day", "Other bins of %(days)s days", days)
        % {"days": number(days)},
    )


def unit_of(freq: str) -> str:
    """One bin of ``freq`` in words: "week" for W or 7D, "31 days" for 31D."""
    if freq in NAMES:
        return NAMES[freq]
    days = int(freq[:-1] or 1)
    return {1: "day", 7: "week"}.get(days, f"{days} days")


def plural(unit: str) -> str:
    """Several bins: "weeks", "bins of 31 days"."""
    return f"bins of {unit}" if unit.endswith("days") else f"{unit}s"
