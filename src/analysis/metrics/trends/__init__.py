"""What changed: the period against its baselines, alerts, and the series behind them.

Methods (every threshold a parameter with the published default):

- change levels: ACLED Trendfinder's bands and small-numbers guard (:class:`Bands`);
- alerts: HDX Signals' rule for armed conflict (ACLED): the 30-day sum of fatalities against
  the maximum of the previous 366 days (level 1) and 1,096 days (level 2), none under 100
  (:class:`AlertRule`).

Counting rules (the project's, cited by the reports):

- an event counts in a period, a baseline block, an alert window or a chart's bin when its
  whole span ``date_earliest``..``date_latest`` lies inside it; events with no governorate count
  in the country's totals only;
- baselines are counted block by block with the same rule and averaged: ``previous`` (the block
  of the period's length just before it), ``previous_4`` (the 4 blocks before it),
  ``previous_year`` (``round(364 / days)`` blocks: the 52 weeks before a week); monthly data
  (HDX aggregates): a month belongs to the period holding its last day, and the baselines are
  blocks of the period's months (``previous_year``: the average of the 12 months before);
- coverage is the whole file's (first to last day); a level or alert whose days the data do not
  cover is None, with the reason naming the dates.

Modules: :mod:`.rules` (bands, alert rule), :mod:`.results` (what is returned), :mod:`.days`
(per-day arrays, cached per frame), :mod:`.compare` (baselines), :mod:`.events` and
:mod:`.monthly` (the two kinds of data), :mod:`.series` (bins for small multiples and
sparklines), :mod:`.incidents` (notable events and the map's points).
"""

from analysis.metrics.trends.compare import YEAR_DAYS, blocks
from analysis.metrics.trends.events import event_trends
from analysis.metrics.trends.incidents import (
    NOTABLE_COLUMNS,
    POINT_COLUMNS,
    counted_rows,
    located_events,
    notable,
)
from analysis.metrics.trends.monthly import aggregate_series, aggregate_trends
from analysis.metrics.trends.results import Alert, AreaTrend, Comparison, Coverage, Trends
from analysis.metrics.trends.rules import (
    BASELINES,
    HDX_SIGNALS,
    LEVELS,
    MEASURES,
    TRENDFINDER,
    AlertRule,
    Bands,
)
from analysis.metrics.trends.series import SERIES_MEASURES, bin_series, undrawn

__all__ = [
    "BASELINES",
    "HDX_SIGNALS",
    "LEVELS",
    "MEASURES",
    "NOTABLE_COLUMNS",
    "POINT_COLUMNS",
    "SERIES_MEASURES",
    "TRENDFINDER",
    "YEAR_DAYS",
    "Alert",
    "AlertRule",
    "AreaTrend",
    "Bands",
    "Comparison",
    "Coverage",
    "Trends",
    "aggregate_series",
    "aggregate_trends",
    "bin_series",
    "blocks",
    "counted_rows",
    "event_trends",
    "located_events",
    "notable",
    "undrawn",
]
