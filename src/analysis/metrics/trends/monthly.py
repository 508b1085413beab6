"""Change and alerts from monthly counts (``CASUALTY_AGGREGATES``: ACLED aggregates on HDX, HDX
HAPI ``conflict_event``): :func:`aggregate_trends` and :func:`aggregate_series`.

These are counts per month and district, never daily data. A month belongs to a period when its
last day falls in it (the project's rule for monthly data), so a period holds ``k`` whole months
(``k`` may be 0: a week ending mid-month holds none, and no level is given). Events and deaths
are ACLED's political violence series (events and fatalities); civilian deaths are the
fatalities of the civilian targeting series (everyone killed in those events, as ACLED counts
them). The series overlap and are never added.

Baselines are blocks of ``k`` months: ``previous`` the ``k`` months before, ``previous_4`` the
average of the 4 blocks before, ``previous_year`` the average month of the 12 months before,
times ``k``. Alert: the last month's political violence fatalities against the largest month of
the previous 12 (level 1) and 36 (level 2) months (the rule's ``level1_days``/``level2_days`` in
months of 30.4375 days), none under the rule's minimum. Coverage: the file's first month's first
day to its last month's last day; months inside it with no row count 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import AnalysisError
from analysis.metrics.casualties.aggregates import area_headlines
from analysis.metrics.results import Message, Period, Result
from analysis.metrics.trends.compare import compare, uncovered
from analysis.metrics.trends.days import AREAS, ROW
from analysis.metrics.trends.events import alert_levels, needs
from analysis.metrics.trends.results import Alert, AreaTrend, Comparison, Coverage, Trends
from analysis.metrics.trends.rules import BASELINES, MEASURES, AlertRule, Bands
from analysis.metrics.trends.series import SERIES_MEASURES, frame_of

POLITICAL_VIOLENCE, CIVILIAN_TARGETING = "political_violence", "civilian_targeting"
_SOURCES = {
    "events": (POLITICAL_VIOLENCE, "events"),
    "deaths": (POLITICAL_VIOLENCE, "fatalities"),
    "civilian_deaths": (CIVILIAN_TARGETING, "fatalities"),
}
MONTH_DAYS = 30.4375
NO_MONTH = Message.of("no_month_ends")


def ordinal(day: pd.Timestamp) -> int:
    return day.year * 12 + day.month - 1


def month_start(number: int) -> pd.Timestamp:
    return pd.Timestamp(year=number // 12, month=number % 12 + 1, day=1)


def months_span(first: int, last: int) -> Period:
    return Period(month_start(first), month_start(last + 1) - pd.Timedelta(days=1))


def period_months(period: Period) -> tuple[int, int]:
    """First and last month (ordinals) whose last day is in ``period``; last < first: none."""
    first = ordinal(period.start)
    ends_in = period.end + pd.Timedelta(days=1)
    last = ordinal(period.end) if ends_in.day == 1 else ordinal(period.end) - 1
    return first, last


class Months:
    """Monthly sums ``(measures, areas, months)`` of a frame, from month ``first``."""

    def __init__(self, frame: pd.DataFrame) -> None:
        months = pd.to_datetime(frame["month"])
        numbers = (months.dt.year * 12 + months.dt.month - 1).to_numpy()
        self.first = int(numbers.min()) if len(frame) else None
        self.last = int(numbers.max()) if len(frame) else None
        size = 0 if self.first is None else self.last - self.first + 1
        codes = {pcode: ROW[pcode] for pcode in AREAS[1:-1]}
        rows = frame["admin1_pcode"].map(codes).fillna(ROW["none"]).to_numpy(dtype=np.int64)
        self.sums = np.zeros((len(MEASURES), len(AREAS), size))
        series = frame["series"].astype("string").to_numpy(dtype=object, na_value="")
        has_fatalities = frame["fatalities"].notna().to_numpy()
        self.civilians = bool(((series == CIVILIAN_TARGETING) & has_fatalities).any())
        self.violence = bool((series == POLITICAL_VIOLENCE).any())
        for i, measure in enumerate(MEASURES):
            name, column = _SOURCES[measure]
            pick = series == name
            values = frame[column].astype("Float64").to_numpy(dtype=np.float64, na_value=0.0)
            np.add.at(self.sums[i], (rows[pick], numbers[pick] - (self.first or 0)), values[pick])
        self.sums[:, 0] = self.sums[:, 1:].sum(axis=1)

    @property
    def present(self) -> dict[str, bool]:
        """Which measures the file holds (a series absent from it is never stated as 0)."""
        return {"events": self.violence, "deaths": self.violence, "civilian_deaths": self.civilians}

    @property
    def coverage(self) -> Coverage:
        if self.first is None:
            return Coverage(None, None)
        span = months_span(self.first, self.last)
        return Coverage(span.start, span.end)

    def total(self, first: int, last: int) -> np.ndarray:
        """Sums ``(measures, areas)`` over months ``first``..``last`` (0 outside the file)."""
        if self.first is None:
            return np.zeros(self.sums.shape[:2])
        lo, hi = max(first - self.first, 0), min(last - self.first, self.sums.shape[2] - 1)
        return (
            self.sums[:, :, lo : hi + 1].sum(axis=2) if hi >= lo else np.zeros(self.sums.shape[:2])
        )

    def argmax(self, first: int, last: int) -> np.ndarray:
        """The month (ordinal) of each largest month of :meth:`maximum`, the earliest on a tie;
        -1 when no month is read."""
        lo, hi = (
            max(first - (self.first or 0), 0),
            min(last - (self.first or 0), self.sums.shape[2] - 1),
        )
        if hi < lo:
            return np.full(self.sums.shape[:2], -1, dtype=np.int64)
        return (self.first or 0) + lo + self.sums[:, :, lo : hi + 1].argmax(axis=2)

    def maximum(self, first: int, last: int) -> np.ndarray:
        lo, hi = (
            max(first - (self.first or 0), 0),
            min(last - (self.first or 0), self.sums.shape[2] - 1),
        )
        return (
            self.sums[:, :, lo : hi + 1].max(axis=2) if hi >= lo else np.zeros(self.sums.shape[:2])
        )


def _check(values: np.ndarray, results: dict[str, dict[str, Result]]) -> None:
    """Raise when the monthly arrays' sums over the period's months (``(measures, areas)``)
    differ from the casualties metrics' counts of them: the baselines and the alert read
    arrays that count exactly what the period's totals count."""
    for area, counts in results.items():
        for i, measure in enumerate(MEASURES):
            if measure in counts and int(values[i, ROW[area]]) != counts[measure].value:
                raise AnalysisError(
                    f"the trends' monthly arrays count {int(values[i, ROW[area]])} {measure} in "
                    f"{area}, the casualties metrics {counts[measure].value}; this is a bug, "
                    "please report it."
                )


def _alerts(
    months: Months, last: int, k: int, rule: AlertRule, coverage: Coverage, period: Period
) -> list[Alert]:
    if not k or not months.violence:
        window = period
        reason = NO_MONTH if not k else Message.of("no_political_violence")
        return [Alert(None, None, window, None, None, reason, monthly=True) for _ in AREAS[:-1]]
    window = months_span(last, last)
    span1, span2 = (round(days / MONTH_DAYS) for days in (rule.level1_days, rule.level2_days))
    missing = uncovered(coverage, window)
    first1, first2 = month_start(last - span1), month_start(last - span2)

    reasons = (missing, needs(coverage, first1, 1), needs(coverage, first2, 2))
    sums = months.total(last, last)[1]
    max1 = months.maximum(last - span1, last - 1)[1]
    max2 = months.maximum(last - span2, last - 1)[1]
    at1 = months.argmax(last - span1, last - 1)[1]
    at2 = months.argmax(last - span2, last - 1)[1]
    out = []
    for row in range(len(AREAS) - 1):
        total = None if missing else int(sums[row])
        m1 = None if missing or reasons[1] else int(max1[row])
        m2 = None if missing or reasons[2] else int(max2[row])
        level, reason = alert_levels(total, m1, m2, rule.minimum, reasons)
        out.append(
            Alert(
                level,
                total,
                window,
                m1,
                m2,
                reason,
                monthly=True,
                max_level1_window=months_span(at1[row], at1[row]) if m1 is not None else None,
                max_level2_window=months_span(at2[row], at2[row]) if m2 is not None else None,
                period=period,
            )
        )
    return out


def aggregate_trends(
    frame: pd.DataFrame,
    period: Period,
    source: str,
    *,
    bands: Bands = Bands(),  # noqa: B008 - frozen dataclass, shared safely
    rule: AlertRule = AlertRule(),  # noqa: B008
    as_of: pd.Timestamp | None = None,
) -> Trends:
    """Change levels and alerts of the country and every governorate from monthly counts.

    ``frame`` is the whole file's ``CASUALTY_AGGREGATES`` frame; ``as_of`` the date its data
    run to, when its name gives one. The rules are the module's. The period's counts are the
    casualties metrics' results, with their disclosures (a month counted whole, a partial last
    month: :func:`analysis.metrics.casualties.aggregates.area_headlines`); the monthly arrays
    the baselines and the alert read are checked against them on every call.
    """
    bands.check()
    rule.check()
    months = Months(frame)
    coverage = months.coverage
    first, last = period_months(period)
    k = max(0, last - first + 1)
    span = months_span(first, last) if k else None
    values = months.total(first, last)
    windows = {}
    for baseline in BASELINES:
        if baseline == "previous_year":
            lo, scale = first - 12, k / 12
        else:
            n = 1 if baseline == "previous" else 4
            lo, scale = first - n * k, 1 / n
        window = months_span(lo, first - 1) if k else period
        windows[baseline] = (window, months.total(lo, first - 1) * scale)
    alerts = _alerts(months, last, k, rule, coverage, period)
    last_month = None if months.last is None else month_start(months.last)
    results = (
        area_headlines(frame, period, source, AREAS[1:-1], as_of=as_of, last_month=last_month)
        if k
        else {}
    )
    _check(values, results)
    areas = {}
    for area in AREAS[:-1]:
        row = ROW[area]
        counts = results.get(area, {})
        comparisons = {}
        for i, measure in enumerate(MEASURES):
            if measure not in counts:
                continue
            for baseline, (window, reference) in windows.items():
                if not k:
                    comparisons[(measure, baseline)] = Comparison(
                        measure, baseline, 0, None, window, None, None, reason=NO_MONTH
                    )
                    continue
                comparisons[(measure, baseline)] = compare(
                    measure,
                    baseline,
                    int(counts[measure].value),
                    float(reference[i, row]),
                    window,
                    span,
                    coverage,
                    bands,
                )
        areas[area] = AreaTrend(area, period, counts, comparisons, alerts[row])
    unlocated = None
    if months.violence and values[0, ROW["none"]]:
        unlocated = Result(
            key="events_no_governorate",
            label=Message.of("series_events_no_governorate", series=POLITICAL_VIOLENCE),
            value=int(values[0, ROW["none"]]),
            unit="events",
            source=source,
            period=span or period,
            notes=(Message.of("fatalities_count", deaths=int(values[1, ROW["none"]])),),
        )
    return Trends(period, source, True, coverage, bands, rule, areas, unlocated)


def aggregate_series(
    frame: pd.DataFrame, period: Period, *, lookback_months: int = 12
) -> pd.DataFrame:
    """Political violence events and fatalities per month for the country and every governorate,
    the same shape as :func:`~analysis.metrics.trends.series.bin_series`: index ``bin_start``
    (first day of each month), columns ``(measure, area)``. Months: those ending in the period
    and the ``lookback_months`` before them (a period holding no month's end: the last month
    ending before it, and the months before). A file without the political violence series gives
    NA everywhere."""
    months = Months(frame)
    first, last = period_months(period)
    if last < first:
        first = last
    numbers = range(first - lookback_months, last + 1)
    values = np.zeros((len(SERIES_MEASURES), len(AREAS) - 1, len(numbers)))
    for j, number in enumerate(numbers):
        values[:, :, j] = months.total(number, number)[: len(SERIES_MEASURES), :-1]
    covered = np.array(
        [months.first is not None and months.first <= n <= months.last for n in numbers]
    )
    out = frame_of(values, pd.DatetimeIndex([month_start(n) for n in numbers]), covered)
    if not months.violence:  # no political violence series: unknown, never 0
        out = out.astype("Int64").mask(np.ones(out.shape, dtype=bool))
    return out
