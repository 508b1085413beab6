"""What a territorial control report holds once read: the changes of control of its place (any
date, for the last known holders) and of its period, the map and, with the bundled dataset only,
the reported shares of territory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import geopandas as gpd
import pandas as pd

from analysis import data
from analysis.data import acled, bundled
from analysis.data.boundaries import boundaries_file, map_boundaries
from analysis.data.provenance import read_provenance
from analysis.errors import DataValidationError
from analysis.metrics import control as metrics
from analysis.metrics import in_governorate, in_period
from analysis.metrics.results import Period
from analysis.metrics.time import granularity
from analysis.parameters import is_bundled
from analysis.sections.common import Scope


@dataclass
class Control:
    kind: ClassVar[str] = "changes"  # the data it holds: changes of control (its view's key)
    scope: Scope
    changes: pd.DataFrame  # every change in the governorate, any date (for last known holders)
    period: pd.DataFrame  # changes in the period and governorate, with gaining/losing roles
    source: str  # the changes' source named by what it is (in the edition), never by its file
    source_file: str  # the file's name: said once, in Sources and method
    source_format: str  # format name of the changes file ("bundled_control", "acled_control")
    bundled: bool  # the changes are the bundled 2024 dataset
    file_as_of: pd.Timestamp | None  # the file's as-of date (provenance, else its last change)
    first_date: pd.Timestamp | None  # the file's first and last change (any governorate)
    last_date: pd.Timestamp | None
    boundaries: gpd.GeoDataFrame
    boundaries_source: str
    boundaries_file: str | None
    shares: pd.DataFrame | None  # bundled shares dated up to the end date (or undated)
    shares_source: str | None
    front_faction: str  # the faction whose front is followed; "" for the one with most gains

    @property
    def span(self) -> Period:
        return self.scope.span

    @property
    def freq(self) -> str:
        """Time bins of the report's charts: from the period's length (changes are daily)."""
        return granularity(self.scope.span, "D")

    @property
    def as_of(self) -> pd.Timestamp:
        """The date the data shown for the period is as of (never after the period's end)."""
        return metrics.shown_as_of(self.file_as_of, self.scope.span)


def _as_of(dataset: data.Dataset) -> pd.Timestamp | None:
    """The file's as-of date: from its provenance sidecar; for an ACLED export without one,
    its last event of any type (the export runs to then, even when its last change of
    control is earlier); else its last change."""
    try:
        return pd.Timestamp(read_provenance(dataset.path).as_of).normalize()
    except (DataValidationError, ValueError, TypeError):
        pass
    if dataset.format.name == acled.CONTROL_FORMAT.name:
        events = acled.read_acled(dataset.path)  # cached: the control reader just read it
        last = metrics.last_day(events)
        if last is not None:
            return last
    return metrics.last_day(dataset.frame)


def load(
    *,
    control_path: str,
    boundaries_path: str,
    start_date: str,
    end_date: str,
    governorate: str,
    front_faction: str = "",
) -> Control:
    """Read and filter everything the report shows; parameters are checked as the command line
    checks them (a reversed period, an unknown governorate or faction is an error)."""
    scope = Scope.from_parameters(start_date, end_date, governorate)
    if str(front_faction or "").strip():
        metrics.front_role(pd.DataFrame(), front_faction)  # an unknown faction fails here
    own = is_bundled(control_path)
    if own:
        given = data.read(bundled.bundled_path("control_changes.csv"))
    else:
        given = data.read(control_path, domain="control")
    if given.kind != "changes":
        raise DataValidationError(
            f"{given.path}: a {given.format.title} file holds {given.kind}, not changes of "
            "control. Give the bundled control_changes.csv or an ACLED export as control_path."
        )
    frame = given.frame
    first, last = metrics.first_and_last(frame)
    file_as_of = _as_of(given)
    changes = in_governorate(frame, governorate)
    period = metrics.with_roles(in_period(changes, scope.start, scope.end))
    shapes, shapes_source = map_boundaries(boundaries_path)
    shares = shares_source = None
    if own:
        found = data.read(bundled.bundled_path("territory_shares.csv"))
        dated = found.frame["as_of_date"]
        shares = found.frame[dated.isna() | (dated < scope.span.stop)]
        shares_source = found.format.shown_title
    return Control(
        scope=scope,
        changes=changes,
        period=period,
        source=given.format.shown_title,
        source_file=given.file_name,
        source_format=given.format.name,
        bundled=own,
        file_as_of=file_as_of,
        first_date=first,
        last_date=last,
        boundaries=shapes,
        boundaries_source=shapes_source,
        boundaries_file=boundaries_file(boundaries_path),
        shares=shares,
        shares_source=shares_source,
        front_faction=str(front_faction or "").strip(),
    )
