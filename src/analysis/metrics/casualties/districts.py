"""Events and deaths by district (admin2) in one governorate, from district boundaries.

Event files (UCDP GED, ACLED) name a governorate but no district; each event has coordinates.
An event counted in a governorate's report is placed in a district by its point (point in
polygon, :func:`analysis.data.boundaries.point_in_district`) when the source locates it at a
place or near one (or gives coordinates and no precision). The other counted events are never
put in a district, and are counted apart, so that the districts and the parts set apart add up
to the governorate's total:

- ``imprecise_location``: located only to a district, a governorate or a wider area (the
  places the casualties metrics disclose as coarse, :data:`.events.COARSE_PLACES`), or without
  coordinates: the point, when there is one, is a centroid, not where the event happened;
- ``outside_districts``: a precise point that lies in none of the governorate's districts of
  the boundaries given (the source's governorate and the boundaries disagree, or the point is
  outside Syria's land).

Monthly counts by district (ACLED aggregates on HDX, HAPI) carry their own admin2 P-codes
(checked against the gazetteer when read): :func:`aggregate_values` takes them as they are.

Each function returns tidy frames and :class:`~analysis.metrics.results.Result` values; none
reads files or draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from analysis.data.boundaries import point_in_district
from analysis.metrics.casualties.coverage import has_range
from analysis.metrics.casualties.events import COARSE_PLACES, Subset, counted, subset
from analysis.metrics.results import Period

DISTRICT_KEYS = ("admin2_pcode", "admin2_name", "admin2_name_ar", "admin1_pcode")
"""The columns of a district in :attr:`DistrictCounts.table` (from the boundaries)."""


@dataclass(frozen=True)
class DistrictCounts:
    """A governorate's counted events by district, and the events set apart.

    ``table``: one row per district of the governorate in the boundaries (:data:`DISTRICT_KEYS`,
    ``events``, ``deaths_best`` and, when the source gives a range, ``deaths_low`` and
    ``deaths_high``), largest first; a district with no event has 0 (an event file covers the
    whole country: no event recorded, not "no figure"). ``placed``, ``imprecise`` and
    ``outside`` are the events in the table, those located too coarsely (or without
    coordinates) and those whose point is in none of the districts; the three add up to the
    governorate's counted events and their deaths.
    """

    table: pd.DataFrame
    placed: Subset
    imprecise: Subset
    outside: Subset

    @property
    def parts(self) -> tuple[Subset, Subset, Subset]:
        return (self.placed, self.imprecise, self.outside)


def precise_points(rows: pd.DataFrame) -> np.ndarray:
    """Which events have a point that says where they happened: coordinates, and a place
    precision finer than a district (or none given)."""
    has_point = rows["latitude"].notna() & rows["longitude"].notna()
    coarse = rows["place_precision"].astype("string").isin(COARSE_PLACES).fillna(False)
    return (has_point & ~coarse).to_numpy(dtype=bool)


def _districts_of(districts: gpd.GeoDataFrame, admin1_pcode: str) -> gpd.GeoDataFrame:
    mine = districts[districts["admin1_pcode"] == admin1_pcode]
    return mine.sort_values("admin2_pcode", kind="stable")


def events_by_district(
    events: pd.DataFrame,
    districts: gpd.GeoDataFrame,
    admin1_pcode: str,
    period: Period,
    source: str,
) -> DistrictCounts:
    """The events of governorate ``admin1_pcode`` counted in ``period`` (``events``: the
    report's rows of that governorate), by district of ``districts`` (a
    :func:`~analysis.data.boundaries.read_districts` frame, at full precision), with the events
    set apart (see the module)."""
    rows = counted(events, period)
    mine = _districts_of(districts, admin1_pcode)
    precise = precise_points(rows)
    found = np.full(len(rows), None, dtype=object)
    if precise.any():
        picked = rows[precise]
        placed_in = point_in_district(
            picked["latitude"].to_numpy(), picked["longitude"].to_numpy(), mine
        )
        found[np.flatnonzero(precise)] = [None if pd.isna(c) else str(c) for c in placed_in]
    placed = np.array([code is not None for code in found], dtype=bool)
    outside = precise & ~placed
    columns = ["deaths_best", "deaths_low", "deaths_high"] if has_range(events) else ["deaths_best"]
    sums = (
        rows[placed][columns]
        .astype("Float64")
        .fillna(0)
        .assign(events=1, admin2_pcode=pd.array(found[placed], dtype="string"))
        .groupby("admin2_pcode")[["events", *columns]]
        .sum()
        .reset_index()
    )
    keys = pd.DataFrame(mine[list(DISTRICT_KEYS)]).reset_index(drop=True)
    table = keys.merge(sums, on="admin2_pcode", how="left", validate="1:1")
    for column in ("events", *columns):
        table[column] = table[column].fillna(0).round().astype("int64")
    table = table.sort_values(
        ["deaths_best", "events", "admin2_pcode"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    return DistrictCounts(
        table=table,
        placed=subset(rows[placed], "in_districts", source, period),
        imprecise=subset(rows[~precise], "imprecise_location", source, period),
        outside=subset(rows[outside], "outside_districts", source, period),
    )


def district_values(table: pd.DataFrame, column: str) -> pd.Series:
    """``column`` of a district table by ``admin2_pcode``, for a map."""
    return table.set_index("admin2_pcode")[column].rename_axis("admin2_pcode")


def aggregate_values(
    by_district: pd.DataFrame, districts: gpd.GeoDataFrame, admin1_pcode: str, column: str
) -> pd.Series:
    """``column`` of monthly counts by district (``by_area(frame, "admin2")``) for each district
    of governorate ``admin1_pcode`` in ``districts``, by ``admin2_pcode``: a district the file
    has no row for has no figure (NA: the file lists the districts it counts), one it has rows
    for keeps its count, 0 included."""
    mine = _districts_of(districts, admin1_pcode)["admin2_pcode"].astype("string")
    given = by_district.set_index(by_district["admin2_pcode"].astype("string"))[column]
    return given.reindex(pd.Index(mine, name="admin2_pcode")).astype("Int64")


__all__ = [
    "DISTRICT_KEYS",
    "DistrictCounts",
    "aggregate_values",
    "district_values",
    "events_by_district",
    "precise_points",
]
