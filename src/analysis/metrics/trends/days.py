"""Per-day arrays of an event file, computed once per frame and reused by every trends call.

A batch runs the same file for every governorate and week: the frame comes from the reader's
cache and is the same object in every run of a kernel, so its arrays are kept in a small cache
keyed by ``id(frame)`` (holding the frame itself, so the id cannot be reused; at most 2 files).
Input frames are never changed.

Counting rule (the project's): an event counts in a window when its whole span
``date_earliest``..``date_latest`` lies inside it; events with no governorate count in the
country's totals only. Windows of ``L`` days ending on day ``d`` are summed for every ``d`` at
once: an event spanning days ``s..e`` (``e - s + 1 <= L``) counts for the ends ``d`` in
``e..s + L - 1``, so a difference array (+w at ``e``, -w at ``s + L``) and a cumulative sum
give every window's sum in O(events + days) (:meth:`Days.rolling`). The events counted in one
period are found by binary search on the events sorted by their last day (:meth:`Days.counted`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.gazetteer import governorates
from analysis.metrics.casualties.events import has_range

WEIGHTS = ("events", "deaths", "deaths_low", "deaths_high", "civilian_deaths", "civilian_events")
"""What the arrays sum: events, deaths (best, low, high), civilian deaths (UCDP
``deaths_civilians``; ACLED: deaths of events flagged as civilian targeting) and the events
flagged as civilian targeting."""
W = {name: i for i, name in enumerate(WEIGHTS)}

AREAS = ("all", *(g.pcode for g in governorates()), "none")
"""Rows of every array: the country, the 14 governorates in gazetteer order, no governorate."""
ROW = {area: i for i, area in enumerate(AREAS)}
_GOVERNORATES = len(AREAS) - 2
_CACHE_SIZE = 2
_ROLLING_KEPT = 8


def _day_numbers(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)


def _numbers(values: pd.Series) -> np.ndarray:
    return values.astype("Float64").to_numpy(dtype=np.float64, na_value=0.0)


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
    order: np.ndarray = field(init=False)
    end_sorted: np.ndarray = field(init=False)
    _rolling: dict[int, np.ndarray] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.order = np.argsort(self.end).astype(np.int32)
        self.end_sorted = self.end[self.order]

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
        """Indexes (into these arrays) of the events whose whole span lies in days
        ``first``..``last``, by last day (in no set order within a day)."""
        lo = np.searchsorted(self.end_sorted, first, side="left")
        hi = np.searchsorted(self.end_sorted, last, side="right")
        found = self.order[lo:hi]
        return found[self.start[found] >= first]

    def totals(self, found: np.ndarray) -> np.ndarray:
        """Sums ``(len(WEIGHTS), len(AREAS))`` of the events ``found``."""
        out = np.zeros((len(WEIGHTS), len(AREAS)))
        areas = self.area[found]
        for i in range(len(WEIGHTS)):
            per = np.bincount(areas, self.weights[i, found], _GOVERNORATES + 1)
            out[i, 1:] = per
            out[i, 0] = per.sum()
        return np.rint(out)

    def last_days(self, found: np.ndarray) -> list[pd.Timestamp | None]:
        """The latest last day of the events ``found``, per area (None where there is none)."""
        latest = np.full(_GOVERNORATES + 1, -1, dtype=np.int64)
        np.maximum.at(latest, self.area[found], self.end[found])
        values = [int(latest.max()) if len(found) else -1, *(int(v) for v in latest)]
        return [None if v < 0 else self.first + pd.Timedelta(days=v) for v in values]


def _civilians(frame: pd.DataFrame) -> tuple[str | None, np.ndarray, np.ndarray]:
    best = _numbers(frame["deaths_best"])
    if frame["deaths_civilians"].notna().any():
        return "ucdp", _numbers(frame["deaths_civilians"]), np.zeros(len(frame))
    if frame["civilian_targeting"].notna().any():
        flag = frame["civilian_targeting"].fillna(False).to_numpy(dtype=bool)
        return "acled", np.where(flag, best, 0.0), flag.astype(np.float64)
    return None, np.zeros(len(frame)), np.zeros(len(frame))


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
    civilians, civilian_deaths, civilian_events = _civilians(frame)
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

    weights = np.vstack(
        [
            np.ones(len(frame)),
            _numbers(frame["deaths_best"]),
            _numbers(frame["deaths_low"]),
            _numbers(frame["deaths_high"]),
            civilian_deaths,
            civilian_events,
        ],
        dtype=np.float32,
    )
    as_day = pd.Timestamp("1970-01-01")
    # Compact types: a 1,000,000-row file costs about 45 MB of arrays (sums are in float64).
    return Days(
        frame=frame,
        first=None if first is None else as_day + pd.Timedelta(days=first),
        last=None if last is None else as_day + pd.Timedelta(days=last),
        start=(pick(earliest) - origin).astype(np.int32),
        end=(pick(latest) - origin).astype(np.int32),
        area=pick(lookup).astype(np.int8),
        weights=weights if every else weights[:, rows],
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
