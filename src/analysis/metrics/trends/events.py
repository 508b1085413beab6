"""Change and alerts from event data (UCDP GED and Candidate, ACLED): :func:`event_trends`.

Every count follows the project's rule: an event counts in a period, a baseline block or an
alert window when its whole span (``date_earliest``..``date_latest``) lies inside it; events
with no governorate count in the country's totals only. The numbers a report states (the
period's events, deaths and civilian deaths, the alert window's deaths, the events with no
governorate) are the casualties metrics' (:func:`~analysis.metrics.casualties.period_results`);
the baselines and the earlier windows the alert compares with are read from per-day arrays
(:mod:`.days`) that are checked against those numbers on every call (:func:`_check`). The
period is compared with three baselines (:mod:`.compare`), each block counted alike. The alert
is HDX Signals' rule on the 30-day sums of deaths (best estimate) ending on each day. Coverage
is the whole file's: its first day is the earliest ``date_earliest``, its last day the latest
``date_latest``; a level whose days the data do not cover is None, with the reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import AnalysisError
from analysis.gazetteer import by_pcode
from analysis.metrics.casualties.coverage import EventCoverage
from analysis.metrics.casualties.events import ALL, period_results
from analysis.metrics.results import Message, Period, Result
from analysis.metrics.trends.compare import blocks, compare, uncovered
from analysis.metrics.trends.days import AREAS, ROW, WEIGHTS, Days, days_of
from analysis.metrics.trends.results import Alert, AreaTrend, Coverage, Trends
from analysis.metrics.trends.rules import BASELINES, MEASURES, AlertRule, Bands

W = {name: i for i, name in enumerate(WEIGHTS)}


def governorate_names() -> dict[str, str]:
    """The 14 governorates' names by pcode, in the order of :data:`AREAS` (the gazetteer's
    spelling: place names are data; the country is the area "all", which a report names)."""
    names = by_pcode()
    return {area: names[area].name for area in AREAS[1:-1]}


def _check(sums: np.ndarray, results: dict[str, dict[str, Result]], window: Period) -> None:
    """Raise when the per-day arrays' sums over ``window`` (``(weights, areas)``) differ from
    the casualties metrics' counts of the same days, area by area: the arrays the baselines and
    the alert read must count exactly what a period's totals count."""
    for area, counts in results.items():
        for measure, result in counts.items():
            if int(sums[W[measure], ROW[area]]) != result.value:
                raise AnalysisError(
                    f"the trends' per-day arrays count {int(sums[W[measure], ROW[area]])} "
                    f"{measure} in {area} from {window.start:%Y-%m-%d} to {window.end:%Y-%m-%d}, "
                    f"the casualties metrics {result.value}; this is a bug, please report it."
                )


def _baselines(days: Days, period: Period) -> dict[str, tuple[Period, np.ndarray]]:
    """Per baseline: the days it reads and its average per block ``(weights, areas)``."""
    length, end = period.days, days.day(period.end)
    out = {}
    for baseline in BASELINES:
        n = blocks(baseline, length)
        sums = sum(days.window(length, end - j * length) for j in range(1, n + 1))
        out[baseline] = (period.before(n), sums / n)
    return out


def needs(coverage: Coverage, first_day: pd.Timestamp, level: int) -> Message | None:
    """Why alert ``level`` cannot be tested when the data start after ``first_day``."""
    if coverage.first is not None and first_day < coverage.first:
        return Message.of("level_untested", level=level, first=coverage.first, needed=first_day)
    return None


def alert_levels(
    total: int | None, max1: int | None, max2: int | None, minimum: int, reasons: tuple
) -> tuple[int | None, Message | None]:
    """The alert level from the window's sum and the earlier maxima (None: not covered), and
    the reason when a level cannot be tested. ``reasons`` explain a missing max1 and max2."""
    if total is None:
        return None, reasons[0]
    if total < minimum:
        return 0, None
    if max2 is not None and total >= max2:
        return 2, None
    if max1 is None:
        return None, reasons[1]
    if total >= max1:
        return 1, reasons[2] if max2 is None else None
    return 0, None


def alert_window(period: Period, rule: AlertRule) -> Period:
    """The days of the alert's rolling sum: the rule's ``window_days`` ending on the period's
    last day."""
    return Period(period.end - pd.Timedelta(days=rule.window_days - 1), period.end)


def _alerts(
    days: Days,
    coverage: Coverage,
    period: Period,
    rule: AlertRule,
    stated: dict[str, dict[str, Result]],
) -> list[Alert]:
    """The alert of every area (rows of :data:`AREAS`) on the period's last day; ``stated``
    are the casualties metrics' counts of the alert's window, per area (its deaths are the
    window's sum)."""
    length, end = rule.window_days, days.day(period.end)
    window = alert_window(period, rule)
    missing = uncovered(coverage, period, window, what="alert")
    deaths = W["deaths"]
    _check(days.window(length, end), stated, window)
    firsts = {
        n: period.end - pd.Timedelta(days=n + length - 1)
        for n in (rule.level1_days, rule.level2_days)
    }
    max1 = days.maximum(length, end - rule.level1_days, end - 1)[deaths]
    max2 = days.maximum(length, end - rule.level2_days, end - 1)[deaths]
    at1 = days.argmax(length, end - rule.level1_days, end - 1)[deaths]
    at2 = days.argmax(length, end - rule.level2_days, end - 1)[deaths]

    def span(day: int) -> Period | None:
        if day < 0 or days.first is None:
            return None
        last = days.first + pd.Timedelta(days=int(day))
        return Period(last - pd.Timedelta(days=length - 1), last)

    covered1 = missing is None and firsts[rule.level1_days] >= coverage.first
    covered2 = missing is None and firsts[rule.level2_days] >= coverage.first
    reasons = (
        missing,
        needs(coverage, firsts[rule.level1_days], 1),
        needs(coverage, firsts[rule.level2_days], 2),
    )
    out = []
    for row, area in enumerate(AREAS[:-1]):
        total = None if missing else int(stated[area]["deaths"].value)
        m1 = int(max1[row]) if covered1 else None
        m2 = int(max2[row]) if covered2 else None
        level, reason = alert_levels(total, m1, m2, rule.minimum, reasons)
        out.append(
            Alert(
                level,
                total,
                window,
                m1,
                m2,
                reason,
                max_level1_window=span(at1[row]) if m1 is not None else None,
                max_level2_window=span(at2[row]) if m2 is not None else None,
                period=period,
            )
        )
    return out


def event_trends(
    events: pd.DataFrame,
    period: Period,
    source: str,
    *,
    bands: Bands = Bands(),  # noqa: B008 - frozen dataclass, shared safely
    rule: AlertRule = AlertRule(),  # noqa: B008
    coverage: EventCoverage | None = None,
) -> Trends:
    """Change levels and alerts of the country and every governorate for ``period``.

    ``events`` is the whole file's ``CASUALTY_EVENTS`` frame (all governorates, all dates: the
    baselines and the alert read before the period, and the coverage is the file's). Per area:
    the period's events, deaths and civilian deaths (when the source counts them), each against
    ``previous``, ``previous_4`` and ``previous_year`` (see :mod:`.compare`), and the alert.
    The period's counts are the casualties metrics' results, with their disclosures
    (:func:`analysis.metrics.casualties.period_results`; ``coverage`` is the file's), so a
    trends report states the same numbers with the same caveats as a casualties report.
    """
    bands.check()
    rule.check()
    days = days_of(events)
    coverage_days = Coverage(days.recorded_first, days.recorded_last)
    names = governorate_names()
    results = period_results(events, period, source, coverage=coverage, areas=names)
    _check(days.window(period.days, days.day(period.end)), results, period)
    baselines = _baselines(days, period)
    in_window = period_results(events, alert_window(period, rule), source, areas=names)
    alerts = _alerts(days, coverage_days, period, rule, in_window)
    coverage = coverage_days
    areas = {}
    for area in AREAS[:-1]:
        row = ROW[area]
        counts = results[area]
        comparisons = {}
        for measure in MEASURES:
            if measure not in counts:
                continue
            current = int(counts[measure].value)
            for baseline, (window, average) in baselines.items():
                reference = float(average[W[measure], row])
                comparisons[(measure, baseline)] = compare(
                    measure, baseline, current, reference, window, period, coverage, bands
                )
        areas[area] = AreaTrend(area, period, counts, comparisons, alerts[row])
    return Trends(
        period=period,
        source=source,
        monthly=False,
        coverage=coverage,
        bands=bands,
        rule=rule,
        areas=areas,
        unlocated=_unlocated(results[ALL]["events"], period, source),
    )


def _unlocated(events: Result, period: Period, source: str) -> Result | None:
    """The period's events with no governorate, as the casualties metrics disclose them in the
    country's count (None when there are none)."""
    nowhere = events.disclosure("no_governorate")
    if nowhere is None:
        return None
    count, deaths = int(nowhere["events"]), int(nowhere["deaths"])
    return Result(
        key="events_no_governorate",
        label=Message.of("events_subset", subset="no_governorate"),
        value=count,
        unit="events",
        source=source,
        period=period,
        notes=(Message.of("deaths_count", deaths=deaths),),
    )
