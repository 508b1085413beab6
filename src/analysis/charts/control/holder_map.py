"""The map of last known holders: each place coloured by the faction that gained it in its
last recorded change, filled or hollow by how old that change is, on the governorate base
map."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis import factions
from analysis.charts import maps
from analysis.charts.control.common import (
    AGE_STYLE,
    HALO,
    MARKER,
    age_marker,
    governorate,
    legend_beside,
    room_for_legend,
)
from analysis.charts.control.labels import label_places as _label_places
from analysis.charts.palettes import FACTION_COLOURS
from analysis.charts.style import add_source, new_axes, source_line
from analysis.i18n import _, ngettext, number, pgettext
from analysis.metrics import control
from analysis.metrics.results import day_text

ZOOM_MARGIN = 0.25  # degrees around a governorate the map is zoomed to


def _zoom(ax: Axes, boundaries: gpd.GeoDataFrame, pcode: str) -> None:
    focus = maps.zoom_to(ax, boundaries, pcode, margin=ZOOM_MARGIN, share=0.12)
    if focus.empty:
        return
    maps.draw_areas(
        ax, focus.geometry, facecolor="none", edgecolor="#333333", linewidth=1.4, zorder=2
    )


MAP_WIDTH = 5.9
"""Width of a map in inches (the legend beside it adds its own width)."""


def _fit_figure(ax: Axes, map_width: float = MAP_WIDTH, extra: float = 0.9) -> None:
    """Give the figure the height the map needs at its aspect (no empty band under it)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    ratio = (y1 - y0) / ((x1 - x0) * math.cos(math.radians((y0 + y1) / 2)))
    ax.figure.set_size_inches(map_width + 3.1, max(3.5, map_width * ratio + extra))


def _marker_size(n: int) -> float:
    return 46 if n <= 80 else 22 if n <= 600 else 9


def control_map(
    boundaries: gpd.GeoDataFrame,
    holders: pd.DataFrame,
    date: object,
    ax: Axes | None = None,
    *,
    source: str,
    as_of: str | None = None,
    focus: str | None = None,
    label_places: pd.DataFrame | None = None,
    age_legend: dict[str, str],
) -> Axes:
    """Places coloured by their last known holder on ``date`` (tidy ``holders`` from
    :func:`analysis.metrics.control.holder_at`, with its ``age``), on the governorate base map.

    Filled circles: the place's last change is recent (``age``); hollow circles: in the year
    before; faded hollow circles: older (``age_legend``, the words of each group of
    :data:`~analysis.metrics.control.AGES`, says when each group is: the report's). Places
    without coordinates are counted in the footnote. ``focus`` (a P-code) zooms to one
    governorate, keeping the neighbours' outlines. ``label_places`` (rows of ``holders``) are
    named on the map (in English and Arabic for provincial capitals); by default none.
    """
    own_figure = ax is None
    ax = maps.base_map(boundaries, ax=new_axes(ax, figsize=(9.5, 7.2)), labels=False)
    if focus is not None:
        _zoom(ax, boundaries, focus)
    if own_figure:
        _fit_figure(ax)
    located = holders[holders["has_coordinates"].astype(bool)] if len(holders) else holders
    recent_located = int((located["age"] == "recent").sum()) if len(located) else 0
    size = _marker_size(recent_located or len(located))
    for age in reversed(control.AGES):  # oldest first, so recent changes are drawn on top
        filled, factor, width, alpha, zorder = AGE_STYLE[age]
        rows = located[located["age"] == age] if len(located) else located
        for role in factions.in_legend_order(rows["holder_role"].unique() if len(rows) else []):
            colour = FACTION_COLOURS[role]
            part = rows[rows["holder_role"] == role]
            ax.scatter(
                part["longitude"],
                part["latitude"],
                s=size * factor,
                marker=MARKER,
                facecolor=colour if filled else "white",
                edgecolor="white" if filled else colour,
                linewidth=width,
                alpha=alpha,
                zorder=zorder,
            )
    if label_places is None:
        label_places = located.iloc[0:0]
    # A governorate whose capital is named on the map is not named again at its centre.
    named = set(label_places["admin1_pcode"].dropna().astype(str)) if len(label_places) else set()
    unnamed = boundaries[~boundaries["admin1_pcode"].isin(named)]
    written = [
        governorate(pcode, name)
        for pcode, name in zip(unnamed["admin1_pcode"], unnamed["admin1_name"], strict=True)
    ]
    maps.label_governorates(ax, unnamed.assign(admin1_name=written), fontsize=7.5)
    centres = unnamed.geometry.representative_point()
    obstacles = np.column_stack(
        [
            np.concatenate([located["longitude"].to_numpy(float), centres.x.to_numpy(float)]),
            np.concatenate([located["latitude"].to_numpy(float), centres.y.to_numpy(float)]),
        ]
    )
    _label_places(ax, label_places, obstacles)
    # The legend's counts are the metrics layer's: each entry counts the points it stands for
    # (places with coordinates), by how they are drawn: filled, hollow or faded.
    table = control.holders_by_age(holders)
    drawn = table[table["located"] > 0] if len(table) else table
    styles = {
        "recent": pgettext("map points", "filled"),
        "year_before": pgettext("map points", "hollow"),
        "older": pgettext("map points", "faded"),
    }
    counted = {
        "recent": lambda n: pgettext("map points", "%(n)s filled") % {"n": number(n)},
        "year_before": lambda n: pgettext("map points", "%(n)s hollow") % {"n": number(n)},
        "older": lambda n: pgettext("map points", "%(n)s faded") % {"n": number(n)},
    }
    handles = []
    for role in factions.in_legend_order(drawn["holder_role"].unique() if len(drawn) else []):
        mine = drawn[drawn["holder_role"] == role].set_index("age")["located"]
        counts = [(a, int(mine[a])) for a in control.AGES if a in mine.index]
        if [age for age, _n in counts] == ["recent"]:
            text = f"{factions.label(role)} ({number(counts[0][1])})"
        else:
            listed = pgettext("list", ", ").join(counted[age](n) for age, n in counts)
            text = f"{factions.label(role)} ({listed})"
        handles.append(Patch(facecolor=FACTION_COLOURS[role], edgecolor="none", label=text))
    ages = drawn.groupby("age")["located"].sum().astype(int).to_dict() if len(drawn) else {}
    weak = located["weak_source"].notna() if "weak_source" in located else None
    if weak is not None and weak.any():
        for row in located[weak.to_numpy(dtype=bool)].itertuples(index=False):
            ax.annotate(
                "*",
                (row.longitude, row.latitude),
                xytext=(4, 2),
                textcoords="offset points",
                fontsize=11,
                fontweight="bold",
                path_effects=HALO,
                zorder=7,
            )
    held = control.held_counts(holders)
    title = _("Last known holder (places drawn)")
    if handles:
        if set(ages) != {"recent"}:
            handles.append(Line2D([], [], linestyle="none", label=""))
            handles.append(Line2D([], [], linestyle="none", label=_("Last recorded change:")))
        for age in control.AGES if set(ages) != {"recent"} else ():
            if ages.get(age):
                text = _("%(when)s (%(n)s, %(style)s)") % {
                    "when": age_legend[age],
                    "n": number(ages[age]),
                    "style": styles[age],
                }
                handles.append(age_marker("#555555", age, text))
        if weak is not None and weak.any():
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="$*$",
                    color="#1d1d1f",
                    label=_("* last change rests on a single weak source"),
                )
            )
        if own_figure:  # a figure legend, which the layout keeps inside the figure
            ax.figure.legend(
                handles=handles,
                title=title,
                loc="outside right upper",
                fontsize=8,
                title_fontsize=8,
                alignment="left",
            )
            room_for_legend(ax, len(handles) + 2, width=MAP_WIDTH)
        else:
            legend_beside(ax, handles, title=title)
    else:
        ax.text(
            0.5,
            0.04,
            _("No place with a recorded change of control"),
            ha="center",
            transform=ax.transAxes,
            color="#5a5a5f",
        )
    ax.set_title(_("Last known holder of each place, %(day)s") % {"day": day_text(date)})
    text = source_line([source], as_of)
    text += " " + _(
        "Each point is a place, coloured by the faction that gained it in its last recorded "
        "change; filled points changed hands recently (see the legend). A hollow point is the "
        "last known holder, not current control."
    )
    unlocated = held.unlocated
    if unlocated:
        text += " " + ngettext(
            "%(n)s place without coordinates (listed in the table) not drawn.",
            "%(n)s places without coordinates (listed in the table) not drawn.",
            int(unlocated),
        ) % {"n": number(unlocated)}
    add_source(ax, text)
    return ax
