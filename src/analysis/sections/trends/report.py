"""What a trends report holds once read: the change of events, deaths and civilian deaths in the
period against three baselines for the country and each governorate, the HDX Signals alert, the
series of the last year for the small multiples and sparklines, and the whole file's events for
the notable incidents and the map.

Trends need recorded events (UCDP GED and Candidate, ACLED) or ACLED's monthly aggregates (HDX,
HAPI); reported cumulative tolls (the bundled 2024 figures) have no baseline, and the report
says so instead of computing one. Every number comes from :mod:`analysis.metrics.trends`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import data
from analysis.data import bundled
from analysis.data.acled_hdx import as_of_in_name
from analysis.data.sets import FileSet
from analysis.metrics import trends as metrics
from analysis.metrics.casualties.coverage import EventCoverage, coverage_of
from analysis.metrics.results import Disclosure, Period, Result
from analysis.metrics.trends.monthly import period_months
from analysis.parameters import TREND_DEFAULTS, check_trend_parameters, is_bundled
from analysis.sections.common import Scope
from analysis.sections.disclosures import event_source_name, source_name

EVENTS = "events"
AGGREGATES = "aggregates"
TOLLS = "tolls"  # reported tolls: no trend can be computed


@dataclass
class TrendsReport:
    scope: Scope
    kind: str  # the data it holds: EVENTS, AGGREGATES or TOLLS
    source: str  # the source named by what it holds ("ACLED, battles only, to 2 June 2023")
    boundaries_path: str
    baseline: str  # the baseline whose change level is the headline
    scale: str  # small multiples: "shared" or "free"
    trends: metrics.Trends | None = None
    series: pd.DataFrame | None = None  # deaths per bin and area over the last year
    frame: pd.DataFrame | None = None  # the whole file (events), for incidents and the map
    freq: str = "W"  # the bins of `series`
    data_as_of: pd.Timestamp | None = None  # monthly counts: the as-of date in the file's name
    source_file: str = ""  # the file's name: said once, in Sources and method
    source_files: FileSet | None = None  # several files read as one: what each held
    coverage: EventCoverage | None = None  # event data: what the whole file holds
    undrawn: dict[str, Disclosure] | None = None  # event data: what the series cannot draw
    last_month: pd.Timestamp | None = None  # monthly counts: the file's last month

    @property
    def span(self) -> Period:
        return self.scope.span

    @property
    def area(self) -> str:
        """The key of the report's own area in ``trends.areas``: "all" or a pcode."""
        return self.scope.pcode or "all"

    @property
    def own(self) -> metrics.AreaTrend | None:
        return None if self.trends is None else self.trends.areas.get(self.area)

    @property
    def monthly(self) -> bool:
        return self.kind == AGGREGATES

    @property
    def covered(self) -> Period | None:
        """The days the file covers (its first to last recorded date), None when empty."""
        return None if self.trends is None else self.trends.coverage.period

    @property
    def outside(self) -> bool:
        """Whether the period lies wholly outside the file's dates: nothing to count."""
        covered = self.covered
        return self.trends is not None and (covered is None or not covered.overlaps(self.span))

    @property
    def compared(self) -> bool:
        """Whether the period has counts to compare with the periods before: the file holds
        events or monthly counts, they cover the period, and (monthly counts) a month ends in
        it."""
        return (
            self.trends is not None and not self.outside and not (self.monthly and self.months == 0)
        )

    @property
    def partial(self) -> bool:
        """Whether the file covers only part of the period."""
        covered = self.covered
        return not self.outside and covered is not None and covered.clip(self.span) != self.span

    @property
    def months(self) -> int:
        """Monthly data: the months whose last day is in the period (0: none ends in it)."""
        first, last = period_months(self.span)
        return max(0, last - first + 1)


def _bands(values: dict) -> metrics.Bands:
    return metrics.Bands(
        large_increase=float(values["large_increase"]),
        moderate_increase=float(values["moderate_increase"]),
        large_decrease=float(values["large_decrease"]),
        guard_baseline=float(values["small_average"]),
        guard_latest=float(values["small_latest"]),
    )


def _rule(values: dict) -> metrics.AlertRule:
    return metrics.AlertRule(
        window_days=int(values["alert_window_days"]),
        level1_days=int(values["alert_level1_days"]),
        level2_days=int(values["alert_level2_days"]),
        minimum=int(values["alert_minimum"]),
    )


def load(
    *,
    casualties_path: str,
    start_date: str,
    end_date: str,
    governorate: str,
    boundaries_path: str = "bundled",
    **thresholds: float | int | str,
) -> TrendsReport:
    """Read the file and compute the change for the period, the country and every governorate.

    ``thresholds`` are the trends parameters (:data:`analysis.parameters.TREND_DEFAULTS`:
    baseline, scale, change bands, small-numbers guard, alert rule), checked as the command line
    checks them; those not given keep their published defaults."""
    unknown = sorted(set(thresholds) - set(TREND_DEFAULTS))
    if unknown:
        raise TypeError(f"unknown trends parameter(s): {', '.join(unknown)}")
    values = {**TREND_DEFAULTS, **thresholds}
    check_trend_parameters(values)
    scope = Scope.from_parameters(start_date, end_date, governorate)
    report = TrendsReport(
        scope=scope,
        kind=TOLLS,
        source="",
        boundaries_path=boundaries_path,
        baseline=str(values["baseline"]),
        scale=str(values["scale"]),
    )
    path = bundled.bundled_path("casualty_tolls.csv") if is_bundled(casualties_path) else None
    given = data.read(path or casualties_path, domain="casualties")
    report.source = source_name(given.format.shown_title)
    report.source_file = given.file_name
    report.source_files = given.files
    bands, rule = _bands(values), _rule(values)
    if given.kind == "events":
        report.kind = EVENTS
        report.frame = given.frame
        report.coverage = coverage_of(given.frame, given.format.shown_title)
        report.source = event_source_name(report.coverage)
        report.trends = metrics.event_trends(
            given.frame,
            scope.span,
            report.source,
            bands=bands,
            rule=rule,
            coverage=report.coverage,
        )
        report.series = metrics.bin_series(given.frame, scope.span)
        report.undrawn = metrics.undrawn(given.frame, report.series, scope.span)
    elif given.kind == AGGREGATES:
        report.kind = AGGREGATES
        report.data_as_of = as_of_in_name(given.path)
        last = given.frame["month"].max() if len(given.frame) else None
        report.last_month = None if last is None or pd.isna(last) else pd.Timestamp(last)
        report.source = source_name(
            given.format.shown_title, last=report.data_as_of, last_month=report.last_month
        )
        report.trends = metrics.aggregate_trends(
            given.frame, scope.span, report.source, bands=bands, rule=rule, as_of=report.data_as_of
        )
        report.series = metrics.aggregate_series(given.frame, scope.span)
        report.freq = "M"
    return report


def headlines(report: TrendsReport) -> list[Result]:
    """The area's events, deaths and civilian deaths in the period (when the data has them)."""
    own = report.own
    if own is None:
        return []
    return [own.counts[m] for m in metrics.MEASURES if m in own.counts]
