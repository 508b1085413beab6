"""Events and deaths per bin for every area: the small multiples and the sparklines.

An event counts in a bin when its whole span lies inside the bin (the casualties metrics' rule,
:func:`~analysis.metrics.casualties.events.inside`, as for a period's totals); an event whose
span crosses a bin's edge is in no bin. Bins run from
``lookback_days`` before the period's start to the period's last day:

- periods up to 31 days (``freq`` "auto" or "W"): bins of the period's own length ending on its
  last day, so that the last bin IS the period (a week's report: 53 weeks of the same weekdays);
  ``freq`` "D": days;
- longer periods (or ``freq`` "M", "Y", or "W" for a period over 31 days): calendar bins of
  :mod:`analysis.metrics.time` (Monday weeks, months, years; "auto": the granularity of the whole
  span). The first bin starts on its calendar start (before the lookback when the lookback starts
  inside it); the last bin stops at the period's last day.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.errors import ParameterError
from analysis.metrics import time
from analysis.metrics.casualties.events import inside
from analysis.metrics.results import Disclosure, Period
from analysis.metrics.trends.days import AREAS, WEIGHTS, Days, days_of

SERIES_MEASURES = ("events", "deaths")
"""The measures of the frames :func:`bin_series` and ``aggregate_series`` return."""
FREQS = ("auto", "D", "W", "M", "Y")
_AREAS = AREAS[:-1]


def frame_of(
    values: np.ndarray, starts: pd.DatetimeIndex, covered: np.ndarray | None = None
) -> pd.DataFrame:
    """``values`` ``(measures, areas, bins)`` as a frame: index ``bin_start``, columns
    ``(measure, area)``. Bins not ``covered`` by the data are NaN (no data), never 0 (a
    reader would take a zero before the file's first day for a calm week)."""
    columns = pd.MultiIndex.from_product([SERIES_MEASURES, _AREAS], names=["measure", "area"])
    data = values.reshape(len(SERIES_MEASURES) * len(_AREAS), len(starts)).T.astype(np.float64)
    if covered is not None:
        data[~covered] = np.nan
    if not np.isnan(data).any():
        data = data.astype(np.int64)
    return pd.DataFrame(data, index=pd.DatetimeIndex(starts, name="bin_start"), columns=columns)


def _rows(days: Days) -> list[int]:
    return [WEIGHTS.index(m) for m in SERIES_MEASURES]


def _covered(days: Days) -> tuple[int, int]:
    """The day numbers of the file's first and last recorded dates (its coverage)."""
    if days.recorded_first is None:
        return 0, -1
    return days.day(days.recorded_first), days.day(days.recorded_last)


def _aligned(days: Days, period: Period, length: int, lookback_days: int) -> pd.DataFrame:
    count = math.ceil((lookback_days + period.days) / length)
    last = days.day(period.end)
    ends = last - length * np.arange(count - 1, -1, -1)
    sums = days.rolling(length)[_rows(days)][:, : len(_AREAS)]
    inside = (ends >= 0) & (ends < sums.shape[2])
    values = np.zeros((len(SERIES_MEASURES), len(_AREAS), count))
    values[:, :, inside] = sums[:, :, ends[inside]]
    starts = pd.DatetimeIndex(
        [period.end - pd.Timedelta(days=int(last - e) + length - 1) for e in ends]
    )
    lo, hi = _covered(days)
    covered = (ends - length + 1 >= lo) & (ends <= hi)
    return frame_of(values, starts, covered)


def _calendar(days: Days, period: Period, freq: str, lookback_days: int) -> pd.DataFrame:
    span = Period(period.start - pd.Timedelta(days=lookback_days), period.end)
    freq = time.granularity(span) if freq == "auto" else freq
    starts = time.bins(span, freq)
    edges = np.array([days.day(s) for s in starts], dtype=np.int64)
    stops = np.append(edges[1:], days.day(period.end) + 1)  # each bin's first day after it
    near = np.flatnonzero((days.start >= edges[0]) & (days.start < stops[-1]))
    bin_of = np.searchsorted(edges, days.start[near], side="right") - 1  # the bin it starts in
    counts = inside(days.start[near], days.end[near], edges[bin_of], stops[bin_of])
    found, where = near[counts], bin_of[counts]
    cells = len(starts) * (len(AREAS) - 1)
    slot = where * (len(AREAS) - 1) + days.area[found]
    values = np.zeros((len(SERIES_MEASURES), len(_AREAS), len(starts)))
    for i, row in enumerate(_rows(days)):
        per = np.bincount(slot, days.weights[row, found], cells).reshape(len(starts), -1).T
        values[i, 1:] = per[:-1]
        values[i, 0] = per.sum(axis=0)
    lo, hi = _covered(days)
    covered = (edges >= lo) & (stops - 1 <= hi)
    return frame_of(np.rint(values), starts, covered)


def bin_series(
    events: pd.DataFrame, period: Period, freq: str = "auto", *, lookback_days: int = 364
) -> pd.DataFrame:
    """Events and deaths (best estimate) per bin for the country and every governorate.

    ``events`` is the whole file's ``CASUALTY_EVENTS`` frame. Returns one frame: index
    ``bin_start`` (the first day of each bin, oldest first), columns a MultiIndex ``(measure,
    area)`` with measures "events" and "deaths" and areas "all", "SY01".."SY14" (events with no
    governorate are in "all" only). Bins: see the module's docstring; with bins of the period's
    length the last row is the period itself.
    """
    if freq not in FREQS:
        raise ParameterError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}.")
    if lookback_days < 0:
        raise ParameterError(f"lookback_days must not be negative, got {lookback_days}.")
    days = days_of(events)
    if freq == "D":
        return _aligned(days, period, 1, lookback_days)
    if period.days <= 31 and freq in ("auto", "W"):
        return _aligned(days, period, period.days, lookback_days)
    return _calendar(days, period, freq, lookback_days)


def undrawn(events: pd.DataFrame, series: pd.DataFrame, period: Period) -> dict[str, Disclosure]:
    """What the bars of ``series`` (:func:`bin_series` of ``events`` for ``period``) cannot
    show: the events overlapping the series' span that lie in no bin (dated to a span longer
    than a bin, or crossing a bin's edge or the span's), or in a bin without data, with their
    deaths (best estimate). One ``undrawn`` disclosure per area whose bars miss any death ("all"
    and pcodes; events with no governorate are in "all" only), ``why`` "span"; and under "none"
    the events with no governorate that the country's bars hold but no governorate's can
    (``why`` "no_governorate")."""
    days = days_of(events)
    if series.empty or days.first is None:
        return {}
    starts = np.array([days.day(s) for s in pd.DatetimeIndex(series.index)], dtype=np.int64)
    first, last = int(starts[0]), days.day(period.end)
    stops = np.append(starts[1:], last + 1)  # each bin's first day after it
    near = np.flatnonzero((days.end >= first) & (days.start <= last))
    begin = np.clip(np.searchsorted(starts, days.start[near], side="right") - 1, 0, None)
    deaths = series["deaths"] if isinstance(series.columns, pd.MultiIndex) else series
    covered = deaths["all"].notna().to_numpy() if "all" in deaths else np.ones(len(starts), bool)
    drawn = inside(days.start[near], days.end[near], starts[begin], stops[begin])
    drawn &= covered[begin]
    left = near[~drawn]
    weights = days.weights[WEIGHTS.index("deaths"), left].astype(np.float64)
    areas = days.area[left].astype(np.int64)
    events_by = np.bincount(areas, minlength=len(_AREAS))
    deaths_by = np.rint(np.bincount(areas, weights, minlength=len(_AREAS)))
    out = {}
    if deaths_by.sum():
        out["all"] = Disclosure.of(
            "undrawn", deaths=int(deaths_by.sum()), events=len(left), why="span"
        )
    for i, area in enumerate(_AREAS[1:]):
        if deaths_by[i]:
            out[area] = Disclosure.of(
                "undrawn", deaths=int(deaths_by[i]), events=int(events_by[i]), why="span"
            )
    nowhere = near[(days.area[near] == len(_AREAS) - 1) & drawn]
    lost = int(np.rint(days.weights[WEIGHTS.index("deaths"), nowhere].astype(np.float64).sum()))
    if lost:  # drawn in the country's bars, in no governorate's
        out["none"] = Disclosure.of(
            "undrawn", deaths=lost, events=len(nowhere), why="no_governorate"
        )
    return out
