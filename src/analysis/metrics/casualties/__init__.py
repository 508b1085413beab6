"""Casualty numbers: every figure the casualties report states, from tidy frames.

Two kinds of input (see :mod:`analysis.data.schema`):

- reported tolls (``CASUALTY_TOLLS``): cumulative figures published by organisations. The
  headline is the latest whole-offensive toll (:func:`headline_toll`).
- events (``CASUALTY_EVENTS``, UCDP GED or ACLED): one row per event with the span of days it
  happened in (``date_earliest``..``date_latest``). How events are counted, following the data
  producers' guidance that an event's date is only as precise as its precision code says:

  * an event counts in a period when its whole span lies inside the period
    (:func:`counted`); an event whose span crosses the period's first or last day is not
    counted in it, and is reported apart (:func:`spanning_edges`);
  * in a chart by day, week, month or year, an event whose span lies in one bin is drawn in that
    bin; an event whose span covers several bins is never drawn on its first day but apart, over
    its whole span (:func:`deaths_by_bin`, :func:`drawn_apart`). Bins plus the events apart
    make the period's total;
  * events with no governorate count in national totals only (:func:`no_governorate`).

One module per job; every name is re-exported here, so ``from analysis.metrics import
casualties as metrics; metrics.deaths(...)`` works whatever module holds it:

- :mod:`.events`: which events a period counts (the rules above) and the totals stated from them,
  each with its disclosures (:func:`period_results`)
- :mod:`.coverage`: what an event file covers, from its content (kinds of events, dates)
- :mod:`.bins`: deaths per day, week, month or year, and the events drawn apart
- :mod:`.breakdowns`: by governorate, type, side, faction role; deadliest events; two files
- :mod:`.districts`: a governorate's events by district, placed by their points, and monthly
  counts by district
- :mod:`.quality`: duplicates, impossible dates, date and place precision, quality notes
- :mod:`.tolls`: reported tolls and the headline toll

Every function returns a :class:`~analysis.metrics.results.Result` or a tidy frame; none reads
files or draws.
"""

from analysis.metrics.casualties.bins import deaths_by_bin, drawn_apart
from analysis.metrics.casualties.breakdowns import (
    SIDE_PARTS,
    actor_roles,
    compare_by_governorate,
    deaths_by_governorate,
    deaths_by_side,
    deaths_by_type,
    deaths_per_governorate,
    largest_events,
    top_rows,
    type_column,
    unassigned_actors,
)
from analysis.metrics.casualties.coverage import EventCoverage, coverage_of, same_kinds
from analysis.metrics.casualties.events import (
    ALL,
    COARSE_PLACES,
    DEATH_COLUMNS,
    Subset,
    civilian_deaths,
    civilians_known,
    coarse_dates,
    counted,
    deaths,
    disclosures,
    event_count,
    has_range,
    has_sides,
    last_day,
    no_governorate,
    overlapping,
    period_results,
    spanning,
    spanning_edges,
    unattributed_deaths,
)
from analysis.metrics.casualties.quality import (
    by_precision,
    copies_dropped,
    date_quality,
    quality_notes,
)
from analysis.metrics.casualties.tolls import (
    OFFENSIVE,
    headline_civilians,
    headline_toll,
    last_toll_day,
    latest_tolls,
    offensive_tolls,
    other_civilian_counts,
    toll_results,
)

__all__ = [
    "ALL",
    "COARSE_PLACES",
    "DEATH_COLUMNS",
    "OFFENSIVE",
    "SIDE_PARTS",
    "EventCoverage",
    "Subset",
    "actor_roles",
    "by_precision",
    "civilian_deaths",
    "civilians_known",
    "coarse_dates",
    "compare_by_governorate",
    "copies_dropped",
    "counted",
    "coverage_of",
    "date_quality",
    "deaths",
    "deaths_by_bin",
    "deaths_by_governorate",
    "deaths_by_side",
    "deaths_by_type",
    "deaths_per_governorate",
    "disclosures",
    "drawn_apart",
    "event_count",
    "has_range",
    "has_sides",
    "headline_civilians",
    "headline_toll",
    "largest_events",
    "last_day",
    "last_toll_day",
    "latest_tolls",
    "no_governorate",
    "offensive_tolls",
    "other_civilian_counts",
    "overlapping",
    "period_results",
    "quality_notes",
    "same_kinds",
    "spanning",
    "spanning_edges",
    "toll_results",
    "top_rows",
    "type_column",
    "unassigned_actors",
    "unattributed_deaths",
]
