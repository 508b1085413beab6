"""A period against its baselines: which days each baseline reads, whether the data cover them,
and the :class:`~analysis.metrics.trends.results.Comparison` that follows.

Baselines are counted period by period with the same rule as the period itself (for event
data: an event counts in a block when its whole span lies inside it), then averaged, so the
period and its baseline are measured alike:

- ``previous``: the one block of the period's length just before it;
- ``previous_4``: the average of the 4 blocks before it;
- ``previous_year``: the average of the blocks in the year before it: ``round(364 / days)``
  blocks of the period's length (52 for a week, 12 for 30 days, at least 1); monthly data: the
  average month of the 12 months before, times the period's number of months.
"""

from __future__ import annotations

from analysis.metrics.results import Message, Period
from analysis.metrics.trends.results import Comparison, Coverage
from analysis.metrics.trends.rules import Bands

YEAR_DAYS = 364
"""The days of the ``previous_year`` baseline for event data (52 weeks)."""


def blocks(baseline: str, days: int) -> int:
    """How many blocks of ``days`` days the baseline averages."""
    if baseline == "previous":
        return 1
    if baseline == "previous_4":
        return 4
    if baseline == "previous_year":
        return max(1, round(YEAR_DAYS / days))
    raise ValueError(f"unknown baseline {baseline!r}")


def uncovered(
    coverage: Coverage, period: Period, window: Period | None = None, what: str = "baseline"
) -> Message | None:
    """Why the data cannot support a figure for ``period`` read from ``window`` (and the period
    itself), as a reason of the catalogue (``notes.yaml``); None when they do. ``what`` names
    the window ("baseline", "alert")."""
    first, last = coverage.first, coverage.last
    if first is None or last is None:
        return Message.of("no_dated_records")
    if period.end < first or period.start > last:
        return Message.of("period_outside_data", first=first, last=last)
    if period.end > last:
        return Message.of("data_end_in_period", last=last, end=period.end)
    if period.start < first:
        return Message.of("data_start_in_period", first=first, start=period.start)
    if window is not None and window.start < first:
        return Message.of("data_start_in_window", first=first, needed=window.start, window=what)
    return None


def compare(
    measure: str,
    baseline: str,
    current: int,
    reference: float,
    window: Period,
    period: Period,
    coverage: Coverage,
    bands: Bands,
) -> Comparison:
    """``current`` against ``reference`` (the baseline per period), or no level with the reason
    when the data do not cover ``window`` and ``period``."""
    reason = uncovered(coverage, period, window)
    if reason is not None:
        return Comparison(measure, baseline, int(current), None, window, None, None, reason=reason)
    level, pct, guarded = bands.level(current, reference)
    return Comparison(
        measure, baseline, int(current), float(reference), window, pct, level, guarded
    )
