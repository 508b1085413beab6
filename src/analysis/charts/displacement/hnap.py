"""Charts of OCHA/HNAP monthly IDP movements: arrivals and spontaneous returns per month (two
series, never added), by governorate, and a heatmap of arrivals by governorate and month.

Monthly figures are drawn as what they are: one marker per month, with a horizontal bar
spanning the days of the month inside the report's period, on a time axis bounded to the period.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import PowerNorm
from matplotlib.ticker import FixedLocator, FuncFormatter

from analysis.charts.displacement.common import (
    HEATMAP_CMAP,
    HIGHLIGHT_COLOUR,
    SERIES_COLOURS,
    month_tick,
    people_axis,
)
from analysis.charts.style import add_source, bin_lefts, bin_widths, new_axes, no_data, time_axis
from analysis.i18n import _, number
from analysis.metrics.results import Period

FLOWS = ("idp_arrivals", "idp_returns")


def monthly_flows(
    monthly: pd.DataFrame,
    *,
    period: Period,
    title: str,
    footnote: str,
    labels: Mapping[str, str],
    ax: Axes | None = None,
) -> Axes:
    """Arrivals and returns per month (:func:`analysis.metrics.displacement.monthly_totals`):
    a marker at the middle of each month's days in the period, a thin bar across those days,
    and a line joining consecutive months of each series (a published zero is a marker on the
    baseline; a month without a figure has none, and breaks the line). ``labels`` names each
    series in the legend (with its own months when the two differ)."""
    ax = new_axes(ax, figsize=(10, 4.2))
    drawn = False
    for flow in FLOWS:
        series = monthly[["month", flow]].dropna()
        if series.empty:
            continue
        lefts = mdates.date2num(pd.DatetimeIndex(bin_lefts(series["month"], period)))
        widths = np.asarray(bin_widths(series["month"], "M", period), dtype=float)
        values = series[flow].astype(float).to_numpy()
        ax.xaxis_date()
        ax.errorbar(
            lefts + widths / 2,
            values,
            xerr=widths / 2,
            fmt="o-",
            markersize=4,
            linewidth=0,
            elinewidth=0.8,
            color=SERIES_COLOURS[flow],
            label=labels[flow],
            clip_on=False,
        )
        # The line joins consecutive months only: a month without a figure breaks it, so no
        # figure is read into a month that has none.
        months = pd.date_range(series["month"].min(), series["month"].max(), freq="MS")
        full = series.set_index("month")[flow].astype(float).reindex(months)
        full_lefts = mdates.date2num(pd.DatetimeIndex(bin_lefts(pd.Series(months), period)))
        full_widths = np.asarray(bin_widths(pd.Series(months), "M", period), dtype=float)
        ax.plot(
            full_lefts + full_widths / 2,
            full.to_numpy(),
            color=SERIES_COLOURS[flow],
            linewidth=1.4,
        )
        drawn = True
    if not drawn:
        no_data(ax, _("No monthly figure in this period"))
        add_source(ax, footnote)
        return ax
    time_axis(ax, period)
    if period.days <= 100:  # a few months: name them instead of weekly ticks
        months = pd.date_range(period.start.replace(day=1), period.end, freq="MS")
        middles = [
            max(m, period.start)
            + (min(m + pd.offsets.MonthEnd(0), period.end) - max(m, period.start)) / 2
            for m in months
        ]
        ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(middles)))
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda value, _pos: month_tick(mdates.num2date(value)))
        )
        ax.set_xlabel("")
    people_axis(ax)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(_("People in the month"))
    ax.legend(loc="best")
    ax.set_title(title)
    add_source(ax, footnote)
    return ax


def by_governorate(
    totals: pd.DataFrame,
    *,
    title: str,
    footnote: str,
    highlight: str | None = None,
    labels: Mapping[str, str],
    ax: Axes | None = None,
) -> Axes:
    """Arrivals and returns by governorate over the period's months
    (:func:`analysis.metrics.displacement.totals_by_governorate`), two bars per governorate. A
    published zero is labelled "0" (its bar has no length); a series with no figure for a
    governorate that the other has is labelled "no figure". ``labels`` names each series in the
    legend (with its own months when the two differ)."""
    rows = totals.dropna(how="all", subset=list(FLOWS)).iloc[::-1].reset_index(drop=True)
    ax = new_axes(ax, figsize=(10, max(3.0, 0.42 * len(rows) + 1.4)))
    if rows.empty:
        no_data(ax, _("No IDP movements recorded in this period"))
        add_source(ax, footnote)
        return ax
    y = np.arange(len(rows))
    height = 0.4
    for offset, flow in zip((height / 2, -height / 2), FLOWS, strict=True):
        values = rows[flow].astype("Float64")
        present = values.notna().to_numpy()
        if present.any():
            ax.barh(
                y[present] + offset,
                values[present].astype(float).to_numpy(),
                height=height,
                color=SERIES_COLOURS[flow],
                label=labels[flow],
            )
        zero = (values == 0).fillna(False).to_numpy(dtype=bool)
        for position in y[zero]:
            ax.text(0, position + offset, " " + number(0), va="center", ha="left", fontsize=7.5)
        other = rows[next(f for f in FLOWS if f != flow)].notna().to_numpy()
        for position in y[~present & other] if present.any() else ():
            ax.text(
                0,
                position + offset,
                " " + _("no figure"),
                va="center",
                ha="left",
                fontsize=7,
                color="#5a5a5f",
                style="italic",
            )
    names = rows["admin1_name"].astype(str).tolist()
    ax.set_yticks(y, names)
    if highlight is not None:
        for tick, pcode in zip(ax.get_yticklabels(), rows["admin1_pcode"], strict=True):
            if pcode == highlight:
                tick.set_color(HIGHLIGHT_COLOUR)
                tick.set_fontweight("bold")
    ax.grid(axis="y", visible=False)
    people_axis(ax, "x")
    ax.set_xlabel(_("People over the months shown"))
    ax.legend(loc="best")
    ax.set_title(title)
    add_source(ax, footnote)
    return ax


def arrivals_heatmap(grid: pd.DataFrame, *, footnote: str, ax: Axes | None = None) -> Axes:
    """Arrivals by governorate (rows) and month (columns), square-root colour scale so small
    governorates stay visible; blank where no figure was published, and a published zero is
    written "0" in its cell (the palest colour would otherwise pass for a blank)."""
    ax = new_axes(ax, figsize=(10, 5.4))
    if grid.empty:
        no_data(ax, _("No IDP arrivals recorded in this period"))
        add_source(ax, footnote)
        return ax
    values = grid.to_numpy(dtype=float)
    vmax = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    image = ax.imshow(
        np.ma.masked_invalid(values),
        aspect="auto",
        cmap=HEATMAP_CMAP,
        norm=PowerNorm(gamma=0.5, vmin=0, vmax=max(vmax, 1.0)),
        interpolation="nearest",
    )
    months = pd.DatetimeIndex(grid.columns)
    for row, col in zip(*np.nonzero(values == 0), strict=True):
        ax.text(col, row, number(0), ha="center", va="center", fontsize=6.5, color="#1d1d1f")
    ax.set_yticks(np.arange(len(grid)), grid.index.astype(str).tolist())
    step = max(1, len(months) // 12)
    ticks = np.arange(0, len(months), step)
    ax.set_xticks(ticks, [month_tick(months[i], lines=2) for i in ticks])
    ax.grid(False)
    ax.set_title(_("IDP arrivals per month, by governorate of arrival (largest total on top)"))
    bar = ax.figure.colorbar(image, ax=ax, pad=0.01, fraction=0.04)
    bar.set_label(_("People arriving in the month"))
    bar.formatter = FuncFormatter(lambda value, _pos: number(value))
    bar.update_ticks()
    add_source(ax, footnote)
    return ax


__all__ = ["arrivals_heatmap", "by_governorate", "monthly_flows"]
