"""What a trends computation returns: comparisons, alerts and their coverage, per area.

A :class:`Comparison` is one measure against one baseline; an :class:`Alert` is the rolling-sum
alert at the period's end; an :class:`AreaTrend` holds both for one area (the country or a
governorate), and :class:`Trends` every area of a file for one period. A level is None, with a
plain-text ``reason``, whenever the data do not cover the days it needs: a report then says so
and shows no level rather than a made-up one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.metrics.results import Message, Period, Result
from analysis.metrics.trends.rules import AlertRule, Bands


def _check_reason(reason: object) -> None:
    if reason is not None and not isinstance(reason, Message):
        raise TypeError(f"a reason must be a Message of the catalogue, not {reason!r}")


@dataclass(frozen=True)
class Comparison:
    """One measure of the period against one baseline.

    ``reference`` is the baseline per period of the same length (an average, so it may have
    decimals); ``window`` the days the baseline reads; ``level`` a code of
    :data:`~analysis.metrics.trends.rules.LEVELS`, None when the data do not cover ``window``
    and the period (``reason`` says why).
    """

    measure: str
    baseline: str
    current: int
    reference: float | None
    window: Period
    change_pct: float | None
    level: str | None
    guarded: bool = False
    reason: Message | None = None

    def __post_init__(self) -> None:
        _check_reason(self.reason)


@dataclass(frozen=True)
class Alert:
    """The rolling-sum alert on the period's last day.

    ``level`` is 0 (no alert), 1 or 2; None when it cannot be told (``reason`` says why). A sum
    under the rule's minimum is level 0 even when the earlier sums are not covered.
    ``window_sum`` is the fatalities of ``window`` (event data: the rule's ``window_days``
    ending on the period's last day; monthly data: the last month in the period);
    ``max_level1``/``max_level2`` the largest earlier sums the rule compares it with, and
    ``max_level1_window``/``max_level2_window`` the days each was summed over (the earliest on
    a tie). ``period`` is the report's period, so a report can say whether these windows
    overlap it.
    """

    level: int | None
    window_sum: int | None
    window: Period
    max_level1: int | None
    max_level2: int | None
    reason: Message | None = None
    monthly: bool = False
    max_level1_window: Period | None = None
    max_level2_window: Period | None = None
    period: Period | None = None

    def __post_init__(self) -> None:
        _check_reason(self.reason)


@dataclass(frozen=True)
class AreaTrend:
    """The country (``area`` "all") or one governorate (its pcode): codes, which a report
    names (the catalogue's ``syria`` term, the gazetteer's name of a governorate).

    ``counts`` maps each measure to the period's :class:`Result` (``civilian_deaths`` absent when
    the source says nothing of civilians); ``comparisons`` maps ``(measure, baseline)`` to its
    :class:`Comparison`, for every measure in ``counts``.
    """

    area: str
    period: Period
    counts: dict[str, Result]
    comparisons: dict[tuple[str, str], Comparison]
    alert: Alert

    def level(self, measure: str = "events", baseline: str = "previous_4") -> str | None:
        """The change level of ``measure`` against ``baseline``; None when there is none."""
        found = self.comparisons.get((measure, baseline))
        return None if found is None else found.level


@dataclass(frozen=True)
class Coverage:
    """The days a whole file covers: its first and last day (None for an empty file)."""

    first: pd.Timestamp | None
    last: pd.Timestamp | None

    def covers(self, window: Period) -> bool:
        """Whether every day of ``window`` lies between the file's first and last day."""
        if self.first is None or self.last is None:
            return False
        return self.first <= window.start and window.end <= self.last

    @property
    def period(self) -> Period | None:
        if self.first is None or self.last is None:
            return None
        return Period(self.first, self.last)


@dataclass(frozen=True)
class Trends:
    """Every area of a file for one period: "all" first, then the 14 governorates in gazetteer
    order. ``unlocated`` counts the period's events with no governorate (national totals only;
    None when there are none)."""

    period: Period
    source: str
    monthly: bool
    coverage: Coverage
    bands: Bands
    rule: AlertRule
    areas: dict[str, AreaTrend]
    unlocated: Result | None
