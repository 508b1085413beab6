"""What a casualties report holds once read: reported tolls (the bundled 2024 figures or a
tolls file), recorded events (UCDP GED, ACLED) or monthly counts by district (ACLED aggregates
on HDX, HDX HAPI conflict_event) for its period and place; one of them, so a report built on a
data file says nothing about the bundled tolls."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from analysis import data
from analysis.data import bundled
from analysis.data.acled_hdx import as_of_in_name
from analysis.data.boundaries import district_boundaries
from analysis.data.provenance import read_provenance
from analysis.data.sets import FileSet
from analysis.errors import DataValidationError
from analysis.metrics import casualties as metrics
from analysis.metrics import in_governorate, in_period
from analysis.metrics.casualties import aggregates as aggregate_metrics
from analysis.metrics.results import Period, Result
from analysis.metrics.time import granularity
from analysis.parameters import is_bundled
from analysis.sections.common import Scope
from analysis.sections.disclosures import event_source_name, source_name

TOLLS = "tolls"
EVENTS = "events"
AGGREGATES = "aggregates"


@dataclass
class Casualties:
    scope: Scope
    kind: str  # TOLLS, EVENTS or AGGREGATES
    source: str  # the source named by what it holds ("ACLED, battles only, to 2 June 2023")
    boundaries_path: str
    source_file: str = ""  # the file's name: said once, in Sources and method
    source_files: FileSet | None = None  # several files read as one: what each held
    bundled: bool = False  # the bundled 2024 tolls
    tolls: pd.DataFrame | None = None  # tolls whose as-of date is in the period
    tolls_as_of: str | None = None  # the tolls file's as-of date (provenance sidecar)
    events: pd.DataFrame | None = None  # events overlapping the period, in the governorate
    unplaced: pd.DataFrame | None = None  # a governorate's report: overlapping, no governorate
    coverage: metrics.EventCoverage | None = None  # what the whole event file holds
    file_notes: dict[str, Result] = field(default_factory=dict)  # whole-file quality counts
    comparison: pd.DataFrame | None = None  # a second event file, same selection
    comparison_source: str | None = None
    comparison_file: str = ""
    comparison_files: FileSet | None = None
    comparison_unplaced: pd.DataFrame | None = None
    comparison_coverage: metrics.EventCoverage | None = None
    aggregates: pd.DataFrame | None = None  # monthly counts of the months ending in the period
    aggregate_months: tuple[pd.Timestamp | None, pd.Timestamp | None] = (None, None)  # in file
    data_as_of: pd.Timestamp | None = None  # as-of date in the file's name, when it has one
    districts: Districts | None = None  # one governorate, boundaries with districts: its own

    @property
    def span(self) -> Period:
        return self.scope.span

    def given(self, second: bool = False) -> dict[str, object]:
        """What the event metrics need besides the events (``period_results``' keywords): the
        file's coverage and, for a governorate, the events it cannot place there."""
        found: dict[str, object] = {
            "coverage": self.comparison_coverage if second else self.coverage
        }
        if self.scope.governorate is not None:
            found["unplaced"] = self.comparison_unplaced if second else self.unplaced
            found["where"] = self.scope.governorate.shown
        return found

    @property
    def freq(self) -> str:
        """Time bins of the event charts: from the period's length (events are daily)."""
        return granularity(self.scope.span, "D")


@dataclass(frozen=True)
class Districts:
    """The districts of a governorate's report, when ``boundaries_path`` holds them: at full
    precision (events are placed in them by their points), simplified for the map, and the
    map's attribution with the date the boundaries are valid on."""

    shapes: gpd.GeoDataFrame
    drawn: gpd.GeoDataFrame
    attribution: str


def districts_of(boundaries_path: str, scope: Scope) -> Districts | None:
    """The districts a report on ``scope`` shows: None for the whole country, or when the
    boundaries hold no districts (the bundled map, geoBoundaries, OCHA's admin1 only)."""
    if scope.pcode is None:
        return None
    found = district_boundaries(boundaries_path, scope.pcode)
    return None if found is None else Districts(*found)


@dataclass(frozen=True)
class EventSelection:
    """An event file's rows for a report: the events overlapping the period in its place, the
    overlapping events with no governorate (a governorate's report only) and the coverage of
    the whole file, with the source named by it."""

    events: pd.DataFrame
    unplaced: pd.DataFrame | None
    coverage: metrics.EventCoverage
    source: str
    file: str
    files: FileSet | None = None  # several files read as one: what each held


def select_events(given: data.Dataset, scope: Scope) -> EventSelection:
    """The rows of an event file a report on ``scope`` reads."""
    overlapping = metrics.overlapping(given.frame, scope.span)
    coverage = metrics.coverage_of(given.frame, given.format.shown_title)
    unplaced = None
    if scope.governorate is not None:
        unplaced = overlapping[overlapping["admin1_pcode"].isna()]
    return EventSelection(
        events=in_governorate(overlapping, scope.pcode or "all"),
        unplaced=unplaced,
        coverage=coverage,
        source=event_source_name(coverage),
        file=given.file_name,
        files=given.files,
    )


def _events(path: str, scope: Scope) -> EventSelection:
    given = data.read(path, domain="casualties")
    if given.kind != "events":
        holds = "monthly counts" if given.kind == AGGREGATES else "reported tolls"
        raise DataValidationError(
            f"{path}: a {given.format.title} file holds {holds}, not events; give a UCDP "
            "GED or ACLED event file to compare."
        )
    return select_events(given, scope)


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
        months = aggregate_metrics.file_months(given.frame)
        as_of = as_of_in_name(given.path)
        report = Casualties(
            scope=scope,
            kind=AGGREGATES,
            source=source_name(given.format.shown_title, last=as_of, last_month=months[1]),
            source_file=given.path.name,
            boundaries_path=boundaries_path,
            aggregates=in_governorate(
                aggregate_metrics.months_ending_in(given.frame, scope.span), governorate
            ),
            aggregate_months=months,
            data_as_of=as_of,
            districts=districts_of(boundaries_path, scope),
        )
    elif given.kind == "events":
        chosen = select_events(given, scope)
        quality = metrics.date_quality(given.frame, chosen.source)
        report = Casualties(
            scope=scope,
            kind=EVENTS,
            source=chosen.source,
            source_file=chosen.file,
            source_files=chosen.files,
            boundaries_path=boundaries_path,
            events=chosen.events,
            unplaced=chosen.unplaced,
            coverage=chosen.coverage,
            file_notes={
                "copies_dropped": metrics.copies_dropped(given.frame, chosen.source),
                **quality,
            },
            districts=districts_of(boundaries_path, scope),
        )
    else:
        try:
            as_of = read_provenance(given.path).as_of
        except DataValidationError:
            as_of = None
        report = Casualties(
            scope=scope,
            kind=TOLLS,
            source=source_name(given.format.shown_title),
            source_file=given.path.name,
            boundaries_path=boundaries_path,
            tolls=in_period(given.frame, scope.start, scope.end, column="as_of_date"),
            tolls_as_of=as_of,
            bundled=path is not None,
        )
    if not is_bundled(compare_path):
        second = _events(compare_path, scope)
        report.comparison = second.events
        report.comparison_unplaced = second.unplaced
        report.comparison_coverage = second.coverage
        report.comparison_source = second.source
        report.comparison_file = second.file
        report.comparison_files = second.files
    return report
