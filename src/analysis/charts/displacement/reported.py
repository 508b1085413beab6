"""Charts of reported displacement figures (the bundled 2024 dataset): figures over time, one
marker per published figure, and figures by governorate of origin.

The numbers (peak, fall after it, what each figure covers) come from
:mod:`analysis.metrics.displacement`; these helpers only draw them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from analysis.charts.displacement.common import (
    BAR_COLOUR,
    HIGHLIGHT_COLOUR,
    ORGANISATION_COLOURS,
    people_axis,
    short_day,
)
from analysis.charts.palettes import ORGANISATION_MARKERS
from analysis.charts.style import add_source, new_axes, no_data, time_axis
from analysis.i18n import _
from analysis.metrics.results import Period, Result
from analysis.organisations import shown as organisation_shown

NOON = pd.Timedelta(hours=12)
"""A figure as of a day is drawn at the middle of that day (the axis spans whole days)."""


def organisation_styles(names: pd.Series) -> dict[str, tuple[str, str]]:
    """Organisation -> (colour, marker), assigned in alphabetical order of the names."""
    ordered = sorted({str(n) for n in names.dropna()})
    return {
        name: (
            ORGANISATION_COLOURS[i % len(ORGANISATION_COLOURS)],
            ORGANISATION_MARKERS[i % len(ORGANISATION_MARKERS)],
        )
        for i, name in enumerate(ordered)
    }


def reported_displacement(
    points: pd.DataFrame,
    daily: pd.DataFrame,
    *,
    period: Period,
    footnote: str,
    peak: Result | None = None,
    fall: bool = False,
    net_of_returns: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """People reported displaced over the report's period, one marker per published figure.

    ``points`` is :func:`analysis.metrics.displacement.reported_points` (whole-of-Syria figures
    filled, regional ones hollow and never joined; a range is a capped vertical bar, a lower
    bound carries an upward arrow; a figure resting on a single weak source is starred);
    ``daily`` the highest whole-of-Syria figure of each day
    (joined by a grey line); ``peak`` is annotated; ``fall`` / ``net_of_returns`` add a text
    saying that later figures are lower (net of returns). ``footnote``: source and as-of date.
    """
    ax = new_axes(ax, figsize=(10, 6.4))
    if points.empty:
        no_data(ax, _("No dated displacement figure in this period"))
        add_source(ax, footnote)
        return ax
    points = points.assign(as_of_date=points["as_of_date"] + NOON)  # a figure is of its whole day
    styles = organisation_styles(points["organisation"])
    top = float(pd.concat([points["value"], points["high"]]).astype(float).max())
    bound_length = top * 0.045
    if len(daily) > 1:
        ax.plot(
            daily["as_of_date"] + NOON,
            daily["value"],
            color="#777777",
            linewidth=1.2,
            zorder=1,
            label=_("Whole of Syria: highest figure each day"),
        )
    for org, rows in points.groupby("organisation", sort=True):
        colour, marker = styles[str(org)]
        national = (rows["kind"] == "national").to_numpy()
        point = rows["value"].notna().to_numpy()
        for subset, filled in ((national, True), (~national, False)):
            chosen = rows[subset & point]
            if not chosen.empty:
                ax.scatter(
                    chosen["as_of_date"],
                    chosen["value"].astype(float),
                    marker=marker,
                    s=46,
                    facecolor=colour if filled else "white",
                    edgecolor=colour,
                    linewidth=1.4,
                    zorder=3,
                )
        lower = rows[rows["lower_bound"].to_numpy() & point]
        if not lower.empty:
            ax.errorbar(
                lower["as_of_date"],
                lower["value"].astype(float),
                yerr=bound_length,
                lolims=True,
                fmt="none",
                ecolor=colour,
                elinewidth=1.0,
                capsize=3,
                zorder=2,
            )
        ranges = rows[rows["low"].notna().to_numpy() & ~point]
        if not ranges.empty:
            low = ranges["low"].astype(float).to_numpy()
            high = ranges["high"].astype(float).to_numpy()
            ax.errorbar(
                ranges["as_of_date"],
                (low + high) / 2,
                yerr=(high - low) / 2,
                fmt="none",
                ecolor=colour,
                elinewidth=2.2,
                capsize=5,
                capthick=2.2,
                zorder=2,
            )
        shown = organisation_shown(str(org), short=True)
        ax.scatter([], [], marker=marker, color=colour, s=46, label=shown)
    weak = points["weak_source"].notna() if "weak_source" in points else None
    if weak is not None and weak.any():
        for row in points[weak.to_numpy(dtype=bool)].itertuples(index=False):
            y = row.value if pd.notna(row.value) else row.high
            ax.annotate(
                "*",
                (row.as_of_date, float(y)),
                xytext=(5, 2),
                textcoords="offset points",
                fontsize=11,
                fontweight="bold",
                zorder=6,
            )
    if peak is not None:
        y = float(peak.value if not peak.missing else peak.high)
        words = {
            "figure": peak.text,
            "source": organisation_shown(peak.source, short=True),
            "day": short_day(peak.as_of),
        }
        if fall:
            shown = _("Peak: %(figure)s\n%(source)s, %(day)s") % words
        else:
            shown = _("Highest: %(figure)s\n%(source)s, %(day)s") % words
        ax.annotate(
            shown,
            xy=(peak.as_of + NOON, y),
            xytext=(0, 34),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9,
            fontweight="bold",
            arrowprops={"arrowstyle": "-", "color": "#333333", "linewidth": 0.8},
            gid="peak-annotation",
        )
    if fall:
        why = (
            _(
                "Figures after the peak are net of returns:\npeople who went home are "
                "subtracted, so the\ncount falls. The peak is not the number\nstill displaced."
            )
            if net_of_returns
            else _("Figures after the peak are lower;\nthey are not cumulative counts.")
        )
        ax.text(
            0.985,
            0.04,
            why,
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=8.5,
            color="#333333",
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "#f5f5f7", "edgecolor": "#cccccc"},
            gid="returns-note",
        )
    handles, _shown = ax.get_legend_handles_labels()
    grey = "#555555"
    handles += [
        Line2D([], [], marker="o", linestyle="none", color=grey, label=_("Whole of Syria")),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markerfacecolor="white",
            markeredgecolor=grey,
            label=_("One region or movement (see table)"),
        ),
    ]
    if points["lower_bound"].any():
        handles.append(
            Line2D(
                [],
                [],
                marker="^",
                linestyle="none",
                color=grey,
                label=_("Lower bound (more than)"),
            )
        )
    if weak is not None and weak.any():
        handles.append(
            Line2D(
                [],
                [],
                marker="$*$",
                linestyle="none",
                color=grey,
                label=_("* rests on a single weak source (see note)"),
            )
        )
    if (points["low"].notna() & points["value"].isna()).any():
        handles.append(
            Line2D(
                [],
                [],
                marker="_",
                markersize=10,
                linestyle="none",
                color=grey,
                label=_("Range (low to high)"),
            )
        )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.13),
        ncols=3,
        fontsize=8.5,
        columnspacing=1.2,
    )
    ax.set_ylim(0, top * 1.3)
    people_axis(ax)
    time_axis(ax, period)
    ax.set_ylabel(_("People displaced (as reported)"))
    ax.set_title(_("People reported displaced, by organisation and date of the figure"))
    add_source(ax, footnote)
    return ax


def displaced_by_origin(
    bars: pd.DataFrame,
    *,
    labels: Sequence[str],
    footnote: str,
    highlight: str | None = None,
    context: Result | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of the figures by governorate of origin
    (:func:`analysis.metrics.displacement.origin_bars`), labelled as published; a range is a bar
    to its low end with the range drawn over it; ``highlight`` (a P-code) colours that
    governorate; ``context`` (the whole-of-Syria figure they are parts of) goes in the title;
    ``labels`` names each bar, in the order of ``bars``."""
    ax = new_axes(ax, figsize=(10, 3.6))
    if bars.empty:
        no_data(ax, _("No figure by governorate of origin in this period"))
        add_source(ax, footnote)
        return ax
    y = np.arange(len(bars))
    colours = [HIGHLIGHT_COLOUR if p == highlight else BAR_COLOUR for p in bars["admin1_pcode"]]
    ax.barh(y, bars["base"].to_numpy(), color=colours, height=0.6)
    ranges = bars[bars["low"].notna() & (bars["value"] != bars["base"])]
    if not ranges.empty:
        ax.hlines(
            y[ranges.index.to_numpy()], ranges["low"], ranges["high"], color="#999999", linewidth=4
        )
    for position, value, text in zip(y, bars["value"], bars["text"], strict=True):
        ax.text(value, position, f"  {text}", va="center", ha="left", fontsize=9)
    ax.set_yticks(y, list(labels))
    ax.set_xlim(0, float(bars["value"].max()) * 1.3)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    people_axis(ax, "x")
    ax.set_xlabel(_("People displaced from the governorate (as reported)"))
    title = _("People displaced, by governorate of origin")
    if context is not None:
        whole = _("(of %(figure)s displaced in all of Syria, %(source)s, %(day)s)") % {
            "figure": context.text,
            "source": organisation_shown(context.source, short=True),
            "day": short_day(context.as_of),
        }
        title += "\n" + whole
    ax.set_title(title)
    add_source(
        ax,
        footnote
        + " "
        + _(
            "Governorates of origin (where people fled from); governorates without a published "
            "figure are not shown. Parts of a national figure, not additional to it."
        ),
    )
    return ax
