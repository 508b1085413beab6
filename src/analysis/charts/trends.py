"""Charts of change: one small panel per governorate on one page (:func:`small_multiples`).

The panels show deaths per bin (week or month) for every governorate in a grid sized for a
portrait A4 page, the report's period shaded and its bars in the accent colour. The trends
report's other charts live in their own modules and are re-exported here:
:func:`~analysis.charts.sparkline.sparkline_svg` (a tiny SVG line for a table cell, no
matplotlib) and :func:`~analysis.charts.events_map.events_map` (the period's events by place).
All draw what they are given (series and tables from :mod:`analysis.metrics`) and compute no
totals.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, MaxNLocator

from analysis import i18n
from analysis.charts.bins import bar_stops, bin_unit, bin_words
from analysis.charts.events_map import events_map, source_footnote
from analysis.charts.sparkline import ACCENT, sparkline_svg
from analysis.charts.style import (
    add_source,
    date_ticks,
    number_ticks,
    use_house_style,
)
from analysis.i18n import N_, gettext
from analysis.metrics.results import Period

BAR = "#6b8fb5"  # the casualty charts' mid blue
PERIOD_SHADE = "#fbe3d3"  # a pale tint of the accent, under the bars
NO_DATA_SHADE = "#e6e6e6"
MIN_SHADE = 0.02  # the period's shaded span is at least this share of a panel's width
SCALES = ("shared", "free")
COLUMNS = 4
KEY_ROW = 0.5  # height of the key's row, in panel heights, when no panel cell is free for it
__all__ = ["bin_unit", "events_map", "small_multiples", "sparkline_svg"]
DEATHS = N_("Deaths")
"""The default measure (a message: the caller's own measure is shown as given)."""
PAGE_SIZE = (6.7, 8.6)
"""Inches: the content width of a portrait A4 page (17 cm) and most of its height."""


def _plain(text: object) -> str:
    """Text drawn as written: a "$" would otherwise start matplotlib mathtext."""
    return str(text).replace("$", r"\$")


def small_multiples(
    series: pd.DataFrame,
    period: Period,
    *,
    names: Mapping[str, str],
    freq: str | None = None,
    scale: str = "shared",
    highlight: str | None = None,
    measure: str = DEATHS,
    source: str = "",
    partial: tuple[pd.Timestamp, pd.Timestamp | None] | None = None,
) -> Figure:
    """One panel per governorate (``series``: rows = bin starts, columns = P-codes; an "all"
    column is left out), on one page, panels in P-code order titled by ``names``.

    The bins are read from the index's spacing (N days, calendar months or years; see
    :func:`bin_unit` for a caption's words); ``freq`` (D, W, M, Y or "14D") is only needed for a
    series of under two bins, and never overrides the index: a month of 31-day bins drawn as
    weeks would show a month's deaths as a week's.
    Bars cover their bin's days (one collection per panel, labelled "bars"); bins overlapping
    ``period`` are in the accent colour over a shaded span; bins without data (NaN) are grey
    bands, never drawn as zero. ``scale`` "shared" gives every panel one y scale, numbered on
    the left column and stated in the key; "free" gives each panel its own, numbered at its
    highest bin, so panels are not compared by the bars' heights. ``highlight`` (a P-code)
    frames that panel. ``source`` is the footnote (:func:`~analysis.charts.style.source_line`
    text), or a bare source name. ``partial`` is ``(bin start, as-of date)`` of a month the file
    runs only partly into (as-of None: it may be partial): its bars are hatched, and the key
    says so.
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}, not {scale!r}")
    starts = pd.DatetimeIndex(series.index)
    stops, freq = bar_stops(starts, freq, period)
    pcodes = sorted(str(c) for c in series.columns if str(c) != "all")
    values = series[pcodes].astype(float) if pcodes else series.iloc[:, 0:0]
    use_house_style()
    rows = max(1, math.ceil(len(pcodes) / COLUMNS))
    spare = rows * COLUMNS - len(pcodes)
    key_row = KEY_ROW if not spare else 0.0  # no empty cell for the key: a short row under
    fig = plt.figure(figsize=(PAGE_SIZE[0], max(3.0, PAGE_SIZE[1] * (rows + key_row) / 4)))
    grid = fig.add_gridspec(
        rows + bool(key_row), COLUMNS, height_ratios=[1] * rows + ([key_row] if key_row else [])
    )
    xlim = (starts.min(), stops.max()) if len(starts) else (period.start, period.stop)
    top = float(np.nanmax(values.to_numpy())) if values.notna().to_numpy().any() else 0.0
    shared_top = _headroom(top)
    axes: list[Axes] = []
    for i, pcode in enumerate(pcodes):
        row, col = divmod(i, COLUMNS)
        ax = fig.add_subplot(grid[row, col])
        axes.append(ax)
        column = values[pcode]
        _panel(ax, column, starts, stops, period, xlim)
        if partial is not None:
            _hatch(ax, column, starts, stops, pd.Timestamp(partial[0]))
        title = _plain(names.get(pcode, pcode))
        if pcode == highlight:
            ax.set_title(title, fontsize=9, fontweight="bold", color=ACCENT, loc="left")
            for spine in ax.spines.values():
                spine.set_visible(True)
                spine.set_color(ACCENT)
                spine.set_linewidth(1.6)
        else:
            ax.set_title(title, fontsize=8.5, fontweight="normal", loc="left")
        peak = float(column.max()) if column.notna().any() else 0.0
        if scale == "shared":
            ax.set_ylim(0, shared_top)
            ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
            if col != 0:
                ax.tick_params(axis="y", labelleft=False)
        else:
            ax.set_ylim(0, _headroom(peak))
            ax.yaxis.set_major_locator(FixedLocator([peak] if peak > 0 else [0]))
        ax.yaxis.set_major_formatter(number_ticks())
        if column.isna().all() and (scale == "free" or values.isna().to_numpy().all()):
            ax.set_yticks([])  # no scale where nothing is drawn: no data is not 0
        ax.tick_params(axis="both", labelsize=7, length=2, pad=1.5)
        below = i + COLUMNS < len(pcodes)
        _date_ticks(ax, xlim, labels=not below)
    unit, others = bin_words(freq)
    title = gettext("%(measure)s per %(unit)s by governorate") % {
        "measure": gettext(measure),
        "unit": unit,
    }
    fig.suptitle(
        _plain(title),
        x=0.01,
        ha="left",
        fontsize=11,
        fontweight="bold",
    )
    key = _key_text(scale, unit, width=24 * spare if spare else 110)
    period_key = gettext("Report period: %(period)s")
    handles = [
        Patch(facecolor=ACCENT, edgecolor="none", label=period_key % {"period": period.label}),
        Patch(facecolor=BAR, edgecolor="none", label=others),
    ]
    if values.isna().to_numpy().any():
        handles.append(Patch(facecolor=NO_DATA_SHADE, edgecolor="none", label=gettext("No data")))
    if partial is not None and pd.Timestamp(partial[0]) in starts:
        said = (
            gettext("Partial: to %(day)s") % {"day": i18n.day(partial[1])}
            if partial[1] is not None
            else gettext("May be partial (no as-of date)")
        )
        handles.append(Patch(facecolor=ACCENT, edgecolor="white", hatch="////", label=said))
    if spare and axes:  # in the empty cells right of the last panel, outside its layout
        legend = axes[-1].legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.25, 1.02),
            fontsize=7.5,
            borderaxespad=0,
        )
        note = axes[-1].text(
            1.25, 0.0, key, transform=axes[-1].transAxes, fontsize=7.5, color="#333333"
        )
        legend.set_in_layout(False)
        note.set_in_layout(False)
    elif axes:  # in the short row under the first panel of the last row
        legend = axes[-COLUMNS].legend(
            handles=handles,
            title=key,
            loc="upper left",
            bbox_to_anchor=(0.0, -0.25),
            fontsize=7.5,
            title_fontsize=7.5,
            ncol=len(handles),
            alignment="left",
            borderaxespad=0,
        )
        legend.set_in_layout(False)
    if not pcodes:
        fig.text(0.5, 0.5, gettext("No governorate series to draw"), ha="center", color="#5a5a5f")
    if source:
        add_source(fig, source_footnote(source))
    return fig


def _hatch(
    ax: Axes,
    column: pd.Series,
    starts: pd.DatetimeIndex,
    stops: pd.DatetimeIndex,
    month: pd.Timestamp,
) -> None:
    """Hatch the bar of ``month`` (a partial month), over the bar drawn by :func:`_panel`."""
    where = np.flatnonzero(starts == month)
    if not len(where) or pd.isna(column.iloc[where[0]]):
        return
    i = where[0]
    box = _boxes(
        mdates.date2num(starts[i : i + 1]),
        mdates.date2num(stops[i : i + 1]),
        0.0,
        column.to_numpy()[i : i + 1],
    )
    ax.add_collection(
        PolyCollection(
            box, facecolors="none", edgecolors="white", hatch="////", linewidths=0, zorder=2.5
        ),
        autolim=False,
    )


def _headroom(top: float) -> float:
    return top * 1.12 if top > 0 else 1.0


def _panel(
    ax: Axes,
    column: pd.Series,
    starts: pd.DatetimeIndex,
    stops: pd.DatetimeIndex,
    period: Period,
    xlim: tuple[pd.Timestamp, pd.Timestamp],
) -> None:
    """The bars of one governorate; no-data bins as grey bands, the period shaded."""
    ax.grid(axis="y", linewidth=0.5)
    shaded = (max(period.start, xlim[0]), min(period.stop, xlim[1]))
    if shaded[0] < shaded[1]:  # a period outside the series is not shaded
        ax.axvspan(*_visible(shaded, xlim), color=PERIOD_SHADE, lw=0, zorder=0)
    present = column.notna().to_numpy()
    inside = np.asarray((starts < period.stop) & (stops > period.start))
    lefts, rights = mdates.date2num(starts), mdates.date2num(stops)
    if (~present).any():  # full-height bands, one collection
        ax.add_collection(
            PolyCollection(
                _boxes(lefts[~present], rights[~present], np.zeros((~present).sum()), 1.0),
                facecolors=NO_DATA_SHADE,
                linewidths=0,
                zorder=0.5,
                transform=ax.get_xaxis_transform(),
            ),
            autolim=False,
        )
    if present.any():  # every bar of the panel in one collection (fast to build and draw)
        ax.add_collection(
            PolyCollection(
                _boxes(lefts[present], rights[present], 0.0, column.to_numpy()[present]),
                facecolors=np.where(inside[present], ACCENT, BAR),
                # an outline keeps a one-day bar of the period visible on a year's axis
                edgecolors=np.where(inside[present], ACCENT, "none"),
                linewidths=np.where(inside[present], 0.6, 0.0),
                zorder=2,
                label="bars",
            ),
            autolim=False,
        )
    else:
        ax.text(
            0.5,
            0.5,
            gettext("No data"),
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontsize=7,
            color="#5a5a5f",
        )
    ax.set_xlim(*xlim)


def _visible(
    span: tuple[pd.Timestamp, pd.Timestamp], xlim: tuple[pd.Timestamp, pd.Timestamp]
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The period's shaded span, widened about its middle to at least :data:`MIN_SHADE` of the
    axis (a day on a year's axis would be a hairline) and kept inside it."""
    width, least = span[1] - span[0], (xlim[1] - xlim[0]) * MIN_SHADE
    if width >= least:
        return span
    start = min(max(span[0] - (least - width) / 2, xlim[0]), xlim[1] - least)
    return start, start + least


def _boxes(lefts: np.ndarray, rights: np.ndarray, bottoms: object, tops: object) -> np.ndarray:
    """Rectangles as (n, 4, 2) vertices, for a PolyCollection."""
    lefts, rights = np.asarray(lefts, float), np.asarray(rights, float)
    bottoms = np.broadcast_to(np.asarray(bottoms, float), lefts.shape)
    tops = np.broadcast_to(np.asarray(tops, float), lefts.shape)
    return np.stack(
        [
            np.column_stack([lefts, bottoms]),
            np.column_stack([lefts, tops]),
            np.column_stack([rights, tops]),
            np.column_stack([rights, bottoms]),
        ],
        axis=1,
    )


def _date_ticks(ax: Axes, xlim: tuple[pd.Timestamp, pd.Timestamp], *, labels: bool) -> None:
    """Two ticks, on the series' first and last day (never outside its range): month and year,
    or the day too when the series is shorter than a year."""
    first, last = xlim[0], xlim[1] - pd.Timedelta(days=1)
    ax.xaxis.set_major_locator(FixedLocator(mdates.date2num([first, last])))
    short = (last - first).days < 365
    ax.xaxis.set_major_formatter(date_ticks(i18n.short_day if short else i18n.short_month))
    if not labels:
        ax.tick_params(axis="x", labelbottom=False)
        return
    ends = ax.get_xticklabels()
    if len(ends) == 2:
        ends[0].set_horizontalalignment("left")
        ends[1].set_horizontalalignment("right")


def _key_text(scale: str, unit: str, *, width: int) -> str:
    """What the scale means, wrapped to ``width`` characters."""
    if scale == "shared":
        text = gettext(
            "All panels share one scale (numbered on the left column), so bar heights compare "
            "across governorates. One bar per %(unit)s."
        )
    else:
        text = gettext(
            "Each panel has its own scale, numbered at its highest "
            "%(unit)s: compare those numbers, not the bar heights. One bar per %(unit)s."
        )
    return textwrap.fill(text % {"unit": unit}, width)
