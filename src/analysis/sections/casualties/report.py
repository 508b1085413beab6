"""What a casualties report holds once read: reported tolls (the bundled 2024 figures or a
tolls file), recorded events (UCDP GED, ACLED) or monthly counts by district (ACLED aggregates
on HDX, HDX HAPI conflict_event) for its period and place; one of them, so a report built on a
data file says nothing about the bundled tolls."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis import data
from analysis.data import bundled
from analysis.data.acled_hdx import as_of_in_name
from analysis.data.provenance import read_provenance
from analysis.errors import DataValidationError
from analysis.metrics import casualties as metrics
from analysis.metrics import in_governorate, in_period
from analysis.metrics.casualties import aggregates as aggregate_metrics
from analysis.metrics.results import Period, Result
from analysis.metrics.time import granularity
from analysis.parameters import is_bundled
from analysis.sections.common import Scope

TOLLS = "tolls"
EVENTS = "events"
AGGREGATES = "aggregates"


@dataclass
class Casualties:
    scope: Scope
    kind: str  # TOLLS, EVENTS or AGGREGATES
    source: str  # the file's attribution: format title and file name
    boundaries_path: str
    bundled: bool = False  # the bundled 2024 tolls
    tolls: pd.DataFrame | None = None  # tolls whose as-of date is in the period
    tolls_as_of: str | None = None  # the tolls file's as-of date (provenance sidecar)
    events: pd.DataFrame | None = None  # events overlapping the period, in the governorate
    file_notes: dict[str, Result] = field(default_factory=dict)  # whole-file quality counts
    comparison: pd.DataFrame | None = None  # a second event file, same selection
    comparison_source: str | None = None
    aggregates: pd.DataFrame | None = None  # monthly counts of the months ending in the period
    aggregate_months: tuple[pd.Timestamp | None, pd.Timestamp | None] = (None, None)  # in file
    data_as_of: pd.Timestamp | None = None  # as-of date in the file's name, when it has one

    @property
    def span(self) -> Period:
        return self.scope.span

    @property
    def freq(self) -> str:
        """Time bins of the event charts: from the period's length (events are daily)."""
        return granularity(self.scope.span, "D")


def _events(path: str, scope: Scope, governorate: str) -> tuple[data.Dataset, pd.DataFrame]:
    given = data.read(path, domain="casualties")
    if given.kind != "events":
        holds = "monthly counts" if given.kind == AGGREGATES else "reported tolls"
        raise DataValidationError(
            f"{path}: a {given.format.title} file holds {holds}, not events; give a UCDP "
            "GED or ACLED event file to compare."
        )
    chosen = in_governorate(metrics.overlapping(given.frame, scope.span), governorate)
    return given, chosen


def load(
    *,
    casualties_path: str,
    start_date: str,
    end_date: str,
    governorate: str,
    compare_path: str = "",
    boundaries_path: str = "bundled",
) -> Casualties:
    """Read and select everything the report shows; parameters are checked as the command line
    checks them (a reversed period or an unknown governorate is an error)."""
    scope = Scope.from_parameters(start_date, end_date, governorate)
    path = bundled.bundled_path("casualty_tolls.csv") if is_bundled(casualties_path) else None
    given = data.read(path or casualties_path, domain="casualties")
    if given.kind == AGGREGATES:
        report = Casualties(
            scope=scope,
            kind=AGGREGATES,
            source=given.source_label,
            boundaries_path=boundaries_path,
            aggregates=in_governorate(
                aggregate_metrics.months_ending_in(given.frame, scope.span), governorate
            ),
            aggregate_months=aggregate_metrics.file_months(given.frame),
            data_as_of=as_of_in_name(given.path),
        )
    elif given.kind == "events":
        selected = in_governorate(metrics.overlapping(given.frame, scope.span), governorate)
        quality = metrics.date_quality(given.frame, given.source_label)
        report = Casualties(
            scope=scope,
            kind=EVENTS,
            source=given.source_label,
            boundaries_path=boundaries_path,
            events=selected,
            file_notes={
                "copies_dropped": metrics.copies_dropped(given.frame, given.source_label),
                **quality,
            },
        )
    else:
        try:
            as_of = read_provenance(given.path).as_of
        except DataValidationError:
            as_of = None
        report = Casualties(
            scope=scope,
            kind=TOLLS,
            source=given.source_label,
            boundaries_path=boundaries_path,
            tolls=in_period(given.frame, scope.start, scope.end, column="as_of_date"),
            tolls_as_of=as_of,
            bundled=path is not None,
        )
    if not is_bundled(compare_path):
        second, report.comparison = _events(compare_path, scope, governorate)
        report.comparison_source = second.source_label
    return report
