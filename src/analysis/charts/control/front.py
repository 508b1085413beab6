"""How far one faction's front reached: the distance of each place it gained from its starting
point, with the farthest and median per time bin."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from analysis import factions
from analysis.charts.control.common import HALO, legend_beside, plain
from analysis.charts.palettes import FACTION_COLOURS
from analysis.charts.style import (
    add_source,
    bin_lefts,
    bin_widths,
    new_axes,
    no_data,
    source_line,
    time_axis,
)
from analysis.metrics import control
from analysis.metrics.results import Period
from analysis.metrics.time import NAMES


def front_distance(
    by_bin: pd.DataFrame,
    points: pd.DataFrame,
    period: Period,
    freq: str,
    ax: Axes | None = None,
    *,
    role: str,
    source: str,
    as_of: str | None = None,
    origin: tuple[float, float] | None = None,
    farthest: tuple[str, pd.Timestamp, float] | None = None,
) -> Axes:
    """How far from its starting point ONE faction's gains lay: each place it gained as a point
    (``points`` from :func:`analysis.metrics.control.place_distances`), and the farthest and
    median per bin (``by_bin`` from :func:`analysis.metrics.control.front_distance`) drawn at
    the middle of each bin; a single bin is drawn as points, not a line. ``farthest`` (place,
    day, km) is named."""
    ax = new_axes(ax, figsize=(10, 4.8))
    if by_bin.empty or points.empty:
        return no_data(ax, "No located change of control of this faction in this period")
    colour = FACTION_COLOURS[role]
    half_day = pd.Timedelta(hours=12)
    ax.scatter(
        points["event_date"] + half_day,
        points["distance_km"].astype(float),
        s=22 if len(points) <= 200 else 9,
        color=colour,
        alpha=0.8,
        edgecolor="white",
        linewidth=0.4,
        zorder=5,
        label=f"A place gained by {factions.label(role)}",
    )
    unit = NAMES[freq]
    lefts = bin_lefts(by_bin["bin_start"], period)
    widths = bin_widths(by_bin["bin_start"], freq, period)
    middles = [
        pd.Timestamp(x) + pd.Timedelta(days=w / 2) for x, w in zip(lefts, widths, strict=True)
    ]
    if freq != "D":
        single = len(by_bin) == 1
        for column, style, text in (
            ("max_km", "-", f"Farthest place that {unit}"),
            ("median_km", "--", f"Median of that {unit}'s places"),
        ):
            ax.plot(
                middles,
                by_bin[column].astype(float),
                color="#333333",
                linewidth=0 if single else (1.4 if column == "max_km" else 1.0),
                linestyle=style,
                marker="o" if column == "max_km" else "D",
                markersize=2.5,
                label=text,
                zorder=4,
            )
    else:
        # Daily: the farthest place of each day, joined only across consecutive days; a day
        # alone is its point.
        series = by_bin.set_index("bin_start")["max_km"].astype(float)
        full = pd.date_range(series.index.min(), series.index.max(), freq="D")
        series = series.reindex(full)
        ax.plot(
            full + half_day,
            series.to_numpy(),
            color="#333333",
            linewidth=1.0,
            label="Farthest place that day",
            zorder=4,
        )
    if farthest is not None:
        place, when, km = farthest
        ax.annotate(
            plain(f"{place}, {control.round_km(km):,} km"),
            xy=(pd.Timestamp(when) + half_day, float(km)),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=8,
            path_effects=HALO,
        )
    ax.set_ylabel("Distance from the starting point (km)")
    ax.set_ylim(bottom=0, top=float(points["distance_km"].max()) * 1.15 + 1)
    ax.set_title(f"How far from its starting point {factions.label(role)} gained places")
    time_axis(ax, period)
    handles, _ = ax.get_legend_handles_labels()
    legend_beside(ax, handles)
    where = (
        f" Starting point: {origin[0]:.2f}° N, {origin[1]:.2f}° E (centroid of the places this "
        "faction gained on its first day); great-circle distances; other factions' gains are "
        "not drawn."
        if origin
        else " Great-circle distances."
    )
    add_source(ax, source_line([source], as_of) + where)
    return ax
