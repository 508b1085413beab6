"""Territorial control charts: the last known holder of each place, the pace of changes of
control, how far one faction's front reached, and reported shares of territory.

One module per chart: :mod:`.holder_map` (with place names from :mod:`.labels`),
:mod:`.timeline`, :mod:`.front` and :mod:`.shares`; :mod:`.common` holds the markers, legends
and text helpers they share. Every public name is importable from this package.

Every colour is ``FACTION_COLOURS[role]`` and every legend label ``FACTION_LABELS[role]``, with
roles from :mod:`analysis.factions` listed in one order, so a faction looks the same in every
chart. Each helper takes tidy data from :mod:`analysis.metrics.control` and an optional ``ax``,
draws only, returns the Axes, and writes the source and as-of date under the chart. Time axes
are bounded to the report's period (:func:`analysis.charts.style.time_axis`); legends stay
inside the figure.
"""

from analysis.charts.control.common import (
    AGE_STYLE,
    HALO,
    LEGEND_ROW_IN,
    MARKER,
    faction_handles,
    fixed,
    governorate,
    plain,
)
from analysis.charts.control.front import front_distance
from analysis.charts.control.holder_map import (
    MAP_WIDTH,
    ZOOM_MARGIN,
    control_map,
)
from analysis.charts.control.labels import capital_label
from analysis.charts.control.shares import territory_shares
from analysis.charts.control.timeline import advance_timeline

__all__ = [
    "AGE_STYLE",
    "HALO",
    "LEGEND_ROW_IN",
    "MAP_WIDTH",
    "MARKER",
    "ZOOM_MARGIN",
    "advance_timeline",
    "capital_label",
    "control_map",
    "faction_handles",
    "fixed",
    "front_distance",
    "governorate",
    "plain",
    "territory_shares",
]
