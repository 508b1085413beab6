"""The pace of changes of control: stacked bars per time bin by gaining faction."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from analysis import factions
from analysis.charts.bins import bin_words
from analysis.charts.control.common import faction_handles, legend_beside, room_for_legend
from analysis.charts.palettes import FACTION_COLOURS
from analysis.charts.style import (
    add_source,
    bin_lefts,
    bin_widths,
    new_axes,
    no_data,
    number_ticks,
    source_line,
    time_axis,
)
from analysis.i18n import _
from analysis.metrics.results import Period


def advance_timeline(
    table: pd.DataFrame,
    period: Period,
    freq: str,
    ax: Axes | None = None,
    *,
    source: str,
    as_of: str | None = None,
    totals: dict[str, int] | None = None,
) -> Axes:
    """Stacked bars of changes of control per bin of ``period`` by gaining faction (tidy
    ``table`` from :func:`analysis.metrics.control.changes_by_bin`); each bar covers exactly
    the days of its bin inside the period. ``totals`` (role -> places) label the legend."""
    ax = new_axes(ax, figsize=(10, 4.6))
    if table.empty or int(table["changes"].sum()) == 0:
        return no_data(ax, _("No change of control in this period"))
    wide = table.pivot(index="bin_start", columns="gaining_role", values="changes").fillna(0)
    order = factions.in_legend_order(wide.columns)
    lefts, widths = bin_lefts(wide.index, period), bin_widths(wide.index, freq, period)
    gap = 0.15 if freq == "D" else 0.0
    if len(wide) == 1:  # one bin: a bar in its middle, not a block filling the chart
        gap = widths[0] * 0.7
    bottom = np.zeros(len(wide))
    for role in order:
        values = wide[role].to_numpy(dtype=float)
        ax.bar(
            [pd.Timestamp(x) + pd.Timedelta(days=gap / 2) for x in lefts],
            values,
            bottom=bottom,
            width=[w - gap for w in widths],
            align="edge",
            color=FACTION_COLOURS[role],
            edgecolor="white",
            linewidth=0.4,
        )
        bottom += values
    unit = bin_words(freq)[0]
    ax.set_ylabel(_("Changes of control per %(unit)s") % {"unit": unit})
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(number_ticks())
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.08)
    ax.set_title(_("Changes of control per %(unit)s, by gaining faction") % {"unit": unit})
    time_axis(ax, period)
    handles = faction_handles(order, counts=totals)
    legend_beside(ax, handles, title=_("Gained by (places in the period)"))
    room_for_legend(ax, len(handles) + 1)
    note = _(
        "Each change of control is counted in its %(unit)s; a place taken twice counts twice."
    ) % {"unit": unit}
    add_source(ax, source_line([source], as_of) + " " + note)
    return ax
