"""What the territorial control charts share: how a place is marked by the age of its last
recorded change, faction legend entries in one order, a legend beside the axes with room for
it, and text from data drawn as written."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis import factions, gazetteer, i18n
from analysis.charts.palettes import FACTION_COLOURS

HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]
MARKER = "o"
LEGEND_ROW_IN = 0.19
"""Height of one legend row in inches (8 pt text), to size figures so legends fit."""
AGE_STYLE = {
    # age: (filled, size factor, edge width, alpha, z-order)
    "recent": (True, 1.0, 0.6, 1.0, 5),
    "year_before": (False, 0.6, 1.1, 0.9, 4),
    "older": (False, 0.4, 0.7, 0.4, 3),
}
"""How a place is drawn by the age of its last recorded change (metrics.control.AGES):
changes in the period are filled and on top; older ones hollow, and faded when more than a
year old, because they are the last known holder, not current control."""


def fixed(value: float, decimals: int) -> str:
    """``value`` with exactly ``decimals`` decimals (``35.90``, ``6,371.0``), with the edition's
    separators and digits: for coordinates and sums of shares written to a fixed precision."""
    from babel.numbers import format_decimal

    current = i18n.edition()
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    written = format_decimal(
        float(value), format=pattern, locale=current.locale, numbering_system=current.numbering
    )
    return i18n.digits(written)


def governorate(pcode: object, published: object) -> str:
    """A governorate's name as the edition writes it: as published in English (the file's or
    the map's name, as the reports always showed it); in another edition, the gazetteer's name
    in that language (:attr:`analysis.gazetteer.Governorate.shown`) when ``pcode`` is known."""
    missing = published is None or (not isinstance(published, str) and bool(pd.isna(published)))
    text = "" if missing else str(published)
    if i18n.edition().language == "en" or pcode is None:
        return text
    gov = gazetteer.by_pcode().get(str(pcode))
    return gov.shown if gov is not None else text


def plain(text: str) -> str:
    """Text from data drawn as written: a "$" would otherwise start matplotlib mathtext."""
    return str(text).replace("$", r"\$")


def age_marker(colour: str, age: str = "recent", label: str = "", size: float = 8) -> Line2D:
    filled, factor, width, alpha, _ = AGE_STYLE[age]
    return Line2D(
        [],
        [],
        marker=MARKER,
        linestyle="none",
        markerfacecolor=colour if filled else "white",
        markeredgecolor="white" if filled else colour,
        markeredgewidth=width if not filled else 0.6,
        markersize=size * math.sqrt(factor),
        alpha=alpha,
        label=label,
    )


def faction_handles(roles: list[str], kind: str = "patch", counts: dict | None = None) -> list:
    """Legend entries for ``roles`` (in legend order): coloured patches (bars) or markers."""
    handles = []
    for role in factions.in_legend_order(roles):
        text = factions.label(role)
        if counts is not None and role in counts:
            text += f" ({i18n.number(counts[role])})"
        colour = FACTION_COLOURS[role]
        if kind == "marker":
            handles.append(age_marker(colour, label=text))
        else:
            handles.append(Patch(facecolor=colour, edgecolor="none", label=text))
    return handles


def legend_beside(ax: Axes, handles: list, title: str | None = None):
    return ax.legend(
        handles=handles,
        title=title,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        title_fontsize=8,
        alignment="left",
    )


def room_for_legend(ax: Axes, rows: int, extra: float = 1.1, width: float | None = None) -> None:
    """Make the figure tall enough for a legend of ``rows`` rows beside the axes (and the
    footnote under it), and, for a map (``width``: the map's own width in inches), wide enough
    for the map and the legend's measured width, so no legend is cut off."""
    fig = ax.figure
    fig_width, height = fig.get_size_inches()
    needed = rows * LEGEND_ROW_IN + extra
    if needed > height:
        fig.set_size_inches(fig_width, needed)
    legend = fig.legends[-1] if fig.legends else ax.get_legend()
    if width is not None and legend is not None:
        renderer = fig.canvas.get_renderer()
        legend_in = legend.get_window_extent(renderer).width / fig.dpi
        fig.set_size_inches(max(fig_width, width + legend_in + 0.4), fig.get_size_inches()[1])
