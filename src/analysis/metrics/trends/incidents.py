"""The period's events one by one: the notable incidents and the points of the map.

Both take the events the period counts (whole span inside it: the casualties metrics' rule,
:func:`~analysis.metrics.casualties.events.inside`, read on the arrays of :mod:`.days`), for the
country (``governorate`` "all": every event, those with no governorate included) or one
governorate.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.schema import PLACE_PRECISIONS
from analysis.gazetteer import ALL, resolve
from analysis.metrics.results import Message, Period, Result
from analysis.metrics.trends.days import ROW, days_of

NOTABLE_COLUMNS = (
    "event_id",
    "date_earliest",
    "date_latest",
    "date_precision",
    "admin1_pcode",
    "admin1_name",
    "location",
    "latitude",
    "longitude",
    "deaths_best",
    "deaths_low",
    "deaths_high",
    "side_a",
    "side_b",
    "event_type",
    "sub_event_type",
    "notes_text",
)
PRECISE_PLACES = PLACE_PRECISIONS[: PLACE_PRECISIONS.index("district")]
"""Events located this precisely (or with coordinates and no precision given) are drawn."""
POINT_COLUMNS = ("latitude", "longitude", "location", "events", "deaths")
_MAP_COLUMNS = ("event_id", "place_precision", "latitude", "longitude", "location", "deaths_best")


def area_code(governorate: str) -> str:
    """ "all" or the pcode of ``governorate`` (a pcode, an OCHA name or a known alias)."""
    return ALL if str(governorate).strip().lower() == ALL else resolve(governorate).pcode


def counted_rows(
    events: pd.DataFrame,
    period: Period,
    governorate: str = ALL,
    columns: list[str] | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """The rows of ``events`` counted in ``period`` for ``governorate``, in file order, with
    ``columns`` only when given (a new frame; ``events`` is never changed)."""
    days = days_of(events)
    found = days.counted(days.day(period.start), days.day(period.end))
    area = area_code(governorate)
    if area != ALL:
        found = found[days.area[found] == ROW[area] - 1]
    chosen = events if columns is None else events[list(columns)]
    return chosen.iloc[days.rows[found]]


def notable(
    events: pd.DataFrame, period: Period, governorate: str = ALL, n: int = 10
) -> pd.DataFrame:
    """The ``n`` deadliest events counted in ``period``: by ``deaths_best``, largest first (ties:
    the earlier first, then by ``event_id``); events with no death figure last.

    Columns :data:`NOTABLE_COLUMNS`. ``notes_text`` is the source's own words (ACLED ``notes``,
    UCDP ``source_headline``), empty when the file has none. Texts are as published: escape
    them in HTML.
    """
    rows = counted_rows(events, period, governorate, NOTABLE_COLUMNS)
    ordered = rows.sort_values(
        ["deaths_best", "date_earliest", "event_id"],
        ascending=[False, True, True],
        na_position="last",
        kind="stable",
    ).head(n)
    out = ordered[list(NOTABLE_COLUMNS)].reset_index(drop=True)
    return out.assign(notes_text=out["notes_text"].astype("string").fillna(""))


def located_events(
    events: pd.DataFrame, period: Period, governorate: str = ALL, *, source: str = ""
) -> tuple[pd.DataFrame, Result, Result]:
    """The period's counted events for a map: ``(points, imprecise_events, imprecise_deaths)``.

    ``points``: one row per distinct ``(latitude, longitude)`` of the events located at an exact
    place or near a place (or with coordinates and no place precision given): columns
    :data:`POINT_COLUMNS` (``location``: the first place name at that point; ``events`` and
    ``deaths``, the sum of best estimates), deadliest first. Events located only to a district,
    governorate, region, the country, or with no coordinates, are never drawn: they are counted
    apart in the two results (``source`` names the data in them).
    """
    rows = counted_rows(events, period, governorate, _MAP_COLUMNS)
    precision = rows["place_precision"].astype("string")
    has_point = rows["latitude"].notna() & rows["longitude"].notna()
    precise = has_point & (precision.isin(PRECISE_PLACES) | precision.isna())
    drawn, apart = rows[precise.to_numpy(dtype=bool)], rows[~precise.to_numpy(dtype=bool)]
    points = (
        drawn.assign(
            deaths=drawn["deaths_best"].astype("Float64").fillna(0).astype("int64"),
            location=drawn["location"].astype("string"),
        )
        .groupby(["latitude", "longitude"], sort=True)
        .agg(
            location=("location", "first"),
            events=("event_id", "size"),
            deaths=("deaths", "sum"),
        )
        .reset_index()
        .sort_values(["deaths", "events"], ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    points["location"] = points["location"].astype("string")
    common = {"source": source, "period": period}
    return (
        points[list(POINT_COLUMNS)],
        Result(
            key="events_imprecise_location",
            label=Message.of("events_subset", subset="imprecise_location"),
            value=len(apart),
            unit="events",
            **common,
        ),
        Result(
            key="deaths_imprecise_location",
            label=Message.of("deaths_subset", subset="imprecise_location"),
            value=int(apart["deaths_best"].astype("Float64").sum()),
            unit="deaths",
            **common,
        ),
    )
