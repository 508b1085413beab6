"""Per-day arrays of an event file, computed once per frame and reused by every trends call.

A batch runs the same file for every governorate and week: the frame comes from the reader's
cache and is the same object in every run of a kernel, so its arrays are kept in a small cache
keyed by ``id(frame)`` (holding the frame itself, so the id cannot be reused; at most 2 files).
Input frames are never changed.

Nothing here is a second way of counting: what each event adds is the casualties metrics'
:func:`~analysis.metrics.casualties.events.weights`, and whether it counts in a window or a bin
is their rule :func:`~analysis.metrics.casualties.events.inside` (whole span inside; events with
no governorate count in the country's totals only). For speed, the sums of windows of ``L``
days ending on every day ``d`` are made at once (:meth:`Days.rolling`): by that rule an event
spanning days ``s..e`` counts in the window ending on ``d`` when ``d - L + 1 <= s`` and
``e <= d``, that is for ``d`` in ``e..s + L - 1``, so a difference array (+w at ``e``, -w at
``s + L``) and a cumulative sum give every window's sum in O(events + days). The trends check
these sums against the casualties metrics' counts of the period and of the alert's window on
every call (:func:`analysis.metrics.trends.events.event_trends`), so a window's count can never
differ from a period's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.gazetteer import governorates
from analysis.metrics.casualties.events import civilians_known, has_range, inside, weights

WEIGHTS = ("events", "deaths", "deaths_low", "deaths_high", "civilian_deaths", "civilian_events")
"""What the arrays sum, as the casualties metrics count them
(:func:`~analysis.metrics.casualties.events.weights`)."""
W = {name: i for i, name in enumerate(WEIGHTS)}

AREAS = ("all", *(g.pcode for g in governorates()), "none")
"""Rows of every array: the country, the 14 governorates in gazetteer order, no governorate."""
ROW = {area: i for i, area in enumerate(AREAS)}
_GOVERNORATES = len(AREAS) - 2
_CACHE_SIZE = 2
_ROLLING_KEPT = 8


def _day_numbers(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)


@dataclass(eq=False)
class Days:
    """The arrays of one event frame; day numbers count from ``first`` (day 0)."""

    frame: pd.DataFrame
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    start: np.ndarray  # first day of each event's span (day number)
    end: np.ndarray  # last day of each event's span
    area: np.ndarray  # governorate index 0..13, 14 for none
    weights: np.ndarray  # (len(WEIGHTS), events)
    rows: np.ndarray  # position of each event in ``frame`` (rows with no date are left out)
    ranged: bool  # the source gives a low-high range
    civilians: str | None  # "ucdp", "acled" or None: how civilian deaths are known
    recorded_first: pd.Timestamp | None = None  # the first and last dates the source gives
    recorded_last: pd.Timestamp | None = None  # (the file's coverage; spans may reach beyond)
    _rolling: dict[int, np.ndarray] = field(default_factory=dict, init=False)

    @property
    def size(self) -> int:
        """Days from the first to the last day of the data (0 for an empty file)."""
        return 0 if self.first is None else (self.last - self.first).days + 1

    def day(self, value: pd.Timestamp) -> int:
        """The day number of ``value`` (negative before the data's first day)."""
        origin = self.first if self.first is not None else pd.Timestamp("1970-01-01")
        return (pd.Timestamp(value).normalize() - origin).days

    def rolling(self, length: int) -> np.ndarray:
        """Sums of every weight over the windows of ``length`` days ending on each day:
        shape ``(len(WEIGHTS), len(AREAS), size + length)``; index ``d`` is the window ending
        on day ``d``. Cached per length."""
        if length not in self._rolling:
            width = self.size + length + 1
            fits = (self.end - self.start + 1) <= length
            base = self.area[fits].astype(np.int64) * width
            add, sub = base + self.end[fits], base + self.start[fits] + length
            cells = (_GOVERNORATES + 1) * width
            out = np.zeros((len(WEIGHTS), len(AREAS), width - 1))
            for i in range(len(WEIGHTS)):
                w = self.weights[i, fits]
                diff = np.bincount(add, w, cells) - np.bincount(sub, w, cells)
                sums = np.cumsum(diff.reshape(_GOVERNORATES + 1, width), axis=1)[:, :-1]
                out[i, 1:] = sums
                out[i, 0] = sums.sum(axis=0)
            if len(self._rolling) >= _ROLLING_KEPT:  # a notebook trying many lengths
                self._rolling.pop(next(iter(self._rolling)))
            self._rolling[length] = np.rint(out)
        return self._rolling[length]

    def window(self, length: int, end: int) -> np.ndarray:
        """Sums ``(len(WEIGHTS), len(AREAS))`` over the ``length`` days ending on day ``end``."""
        sums = self.rolling(length)
        if 0 <= end < sums.shape[2]:
            return sums[:, :, end]
        return np.zeros(sums.shape[:2])

    def maximum(self, length: int, first_end: int, last_end: int) -> np.ndarray:
        """The largest window sum per weight and area over the windows ending on days
        ``first_end``..``last_end`` (days outside the data's arrays sum to 0)."""
        sums = self.rolling(length)
        lo, hi = max(first_end, 0), min(last_end, sums.shape[2] - 1)
        if hi < lo:
            return np.zeros(sums.shape[:2])
        return sums[:, :, lo : hi + 1].max(axis=2)

    def argmax(self, length: int, first_end: int, last_end: int) -> np.ndarray:
        """The day (number) each largest window sum of :meth:`maximum` ends on, the earliest
        on a tie, per weight and area; -1 when no window is read."""
        sums = self.rolling(length)
        lo, hi = max(first_end, 0), min(last_end, sums.shape[2] - 1)
        if hi < lo:
            return np.full(sums.shape[:2], -1, dtype=np.int64)
        return lo + sums[:, :, lo : hi + 1].argmax(axis=2)

    def counted(self, first: int, last: int) -> np.ndarray:
        """Indexes (into these arrays, in file order) of the events that count in days
        ``first``..``last``: the casualties metrics' rule
        (:func:`~analysis.metrics.casualties.events.inside`)."""
        return np.flatnonzero(inside(self.start, self.end, first, last + 1))


def build(frame: pd.DataFrame) -> Days:
    """The arrays of ``frame`` (a ``CASUALTY_EVENTS`` frame); see :func:`days_of`."""
    earliest, latest = _day_numbers(frame["date_earliest"]), _day_numbers(frame["date_latest"])
    dated = (earliest != np.iinfo(np.int64).min) & (latest != np.iinfo(np.int64).min)
    rows = np.flatnonzero(dated)
    first = int(earliest[rows].min()) if len(rows) else None
    last = int(latest[rows].max()) if len(rows) else None
    origin = first if first is not None else 0
    codes = {pcode: i for i, pcode in enumerate(AREAS[1:-1])}
    pcodes = frame["admin1_pcode"].astype("category")
    known = [codes.get(str(c), _GOVERNORATES) for c in pcodes.cat.categories]
    table = np.array([*known, _GOVERNORATES], dtype=np.int64)  # code -1 (missing): last
    lookup = table[pcodes.cat.codes.to_numpy()]
    civilians = civilians_known(frame)
    counts = weights(frame, civilians)
    every = len(rows) == len(frame)  # no undated row: no copy
    # The file covers the dates its source gives (UCDP date_start..date_end, ACLED event_date),
    # not the spans read around them: an ACLED event dated to a week reaches 3 days past the
    # export's last date, and one dated to a month to the month's end.
    given = _day_numbers(frame["event_date"])[rows] if len(rows) else rows
    given_end = (
        _day_numbers(frame["event_date_end"].fillna(frame["event_date"]))[rows]
        if len(rows)
        else rows
    )
    missing = np.iinfo(np.int64).min
    recorded_first = int(given[given != missing].min()) if (given != missing).any() else first
    recorded_last = (
        int(given_end[given_end != missing].max()) if (given_end != missing).any() else last
    )

    def pick(values: np.ndarray) -> np.ndarray:
        return values if every else values[rows]

    summed = np.vstack([counts[name] for name in WEIGHTS], dtype=np.float32)
    as_day = pd.Timestamp("1970-01-01")
    # Compact types: a 1,000,000-row file costs about 45 MB of arrays (sums are in float64).
    return Days(
        frame=frame,
        first=None if first is None else as_day + pd.Timedelta(days=first),
        last=None if last is None else as_day + pd.Timedelta(days=last),
        start=(pick(earliest) - origin).astype(np.int32),
        end=(pick(latest) - origin).astype(np.int32),
        area=pick(lookup).astype(np.int8),
        weights=summed if every else summed[:, rows],
        rows=rows.astype(np.int32),
        ranged=has_range(frame),
        civilians=civilians,
        recorded_first=None if first is None else as_day + pd.Timedelta(days=recorded_first),
        recorded_last=None if last is None else as_day + pd.Timedelta(days=recorded_last),
    )


_CACHE: list[tuple[int, pd.DataFrame, Days]] = []


def days_of(frame: pd.DataFrame) -> Days:
    """The arrays of ``frame``, from the cache when the same frame object was seen last (at most
    two frames are kept; the cache holds each frame, so its id is not reused)."""
    for key, held, days in _CACHE:
        if key == id(frame) and held is frame:
            return days
    days = build(frame)
    _CACHE.insert(0, (id(frame), frame, days))
    del _CACHE[_CACHE_SIZE:]
    return days
