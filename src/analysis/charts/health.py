"""Charts of attacks on health care: incidents per month by governorate (stacked bars, each
spanning the days of its month inside the report's period) and health workers affected by kind.

Draw only: the frames come from :mod:`analysis.metrics.health`.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator, MaxNLocator

from analysis import i18n
from analysis.charts.palettes import OKABE_ITO
from analysis.charts.style import (
    add_source,
    bin_lefts,
    bin_widths,
    date_ticks,
    new_axes,
    no_data,
    time_axis,
)
from analysis.i18n import _, number
from analysis.metrics.health import OTHER_PLACES, UNKNOWN_PLACE
from analysis.metrics.results import Period

PLACE_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
]
OTHER_COLOURS = {OTHER_PLACES: "#b0b0b0", UNKNOWN_PLACE: OKABE_ITO["grey"]}
"""The colours of the rest of the governorates and of the incidents with no governorate."""
KIND_COLOUR = "#4d4d4d"


def incidents_per_month(
    by_governorate: pd.DataFrame,
    *,
    period: Period,
    places: Mapping[str, str],
    title: str,
    footnote: str,
    ax: Axes | None = None,
) -> Axes:
    """Stacked bars of incidents per month and governorate
    (:func:`analysis.metrics.health.monthly_by_governorate`); a bar covers the days of its month
    inside the period, so a month is never drawn on a day. ``places`` names the codes of the
    frame's places (the rest, no governorate); a governorate is named as published."""
    ax = new_axes(ax, figsize=(10, 4.2))
    ax.set_title(title, loc="left")
    if by_governorate.empty or by_governorate["incidents"].sum() == 0:
        no_data(ax, _("No incident recorded in this period"))
        add_source(ax, footnote)
        return ax
    wide = by_governorate.pivot(index="month", columns="governorate", values="incidents")
    wide = wide[list(dict.fromkeys(by_governorate["governorate"]))]
    lefts = mdates.date2num(pd.DatetimeIndex(bin_lefts(wide.index, period)))
    widths = np.asarray(bin_widths(wide.index, "M", period), dtype=float)
    bottom = np.zeros(len(wide))
    named = 0
    for place in wide.columns:
        values = wide[place].to_numpy(dtype=float)
        if len(wide.columns) == 1:
            colour = KIND_COLOUR  # one series (no governorate in the file): no legend needed
        elif place in OTHER_COLOURS:
            colour = OTHER_COLOURS[place]
        else:
            colour = PLACE_COLOURS[named % len(PLACE_COLOURS)]
            named += 1
        ax.bar(
            lefts,
            values,
            width=widths * 0.92,
            bottom=bottom,
            align="edge",
            color=colour,
            label=places.get(place, place),
            linewidth=0,
        )
        bottom += values
    ax.xaxis_date()
    time_axis(ax, period)
    if period.days <= 100:  # a few months: name them
        middles = lefts + widths / 2
        ax.xaxis.set_major_locator(FixedLocator(middles))
        ax.xaxis.set_major_formatter(date_ticks(i18n.short_month))  # "Dec 2024"
        ax.set_xlabel("")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.set_ylabel(_("Incidents in the month"))
    if len(wide.columns) > 1 or wide.columns[0] != UNKNOWN_PLACE:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    add_source(ax, footnote)
    return ax


def victims_by_kind(
    kinds: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    title: str,
    footnote: str,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of health workers affected by kind
    (:func:`analysis.metrics.health.victims_by_kind`); a kind the file does not count is named
    as such, never drawn as 0. ``labels`` names each kind (code -> name)."""
    ax = new_axes(ax, figsize=(8, 2.8))
    ax.set_title(title, loc="left")
    names = [labels[k] for k in kinds["kind"]][::-1]
    people = list(kinds["people"])[::-1]
    positions = np.arange(len(names))
    values = [0 if pd.isna(v) else int(v) for v in people]
    ax.barh(positions, values, color=KIND_COLOUR, height=0.6)
    top = max(values) if any(values) else 1
    for y, value in zip(positions, people, strict=True):
        text = _("not counted in this file") if pd.isna(value) else number(int(value))
        ax.text((0 if pd.isna(value) else value) + top * 0.01, y, text, va="center", fontsize=9)
    ax.set_yticks(positions, labels=names)
    ax.set_xlim(0, top * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(_("Health workers"))
    add_source(ax, footnote)
    return ax
