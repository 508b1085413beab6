"""Colours and axis helpers shared by the displacement charts.

The charts name no series themselves: the words of a legend or an axis come from the section
that draws them (a ``labels`` mapping from a series' code to its name), so that every word has
its home in the message catalogue."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from analysis import i18n
from analysis.charts.palettes import OKABE_ITO

# Okabe-Ito, like palettes.py; yellow is left out (too pale on white).
ORGANISATION_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
]
SERIES_COLOURS = {
    "idp_arrivals": OKABE_ITO["blue"],
    "idp_returns": OKABE_ITO["bluish_green"],
    "refugees": OKABE_ITO["blue"],
    "asylum_seekers": OKABE_ITO["sky_blue"],
    "idps_count": OKABE_ITO["vermillion"],
    "returned_refugees": OKABE_ITO["orange"],
    "returned_idps": OKABE_ITO["bluish_green"],
}
ASYLUM_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    "#6b4c9a",
    "#8c6d31",
]
OTHER_COLOUR = OKABE_ITO["grey"]
HIGHLIGHT_COLOUR = OKABE_ITO["vermillion"]
BAR_COLOUR = "#4d4d4d"
HEATMAP_CMAP = "cividis_r"  # sequential and readable with the common colour-vision deficiencies


def people_axis(ax: Axes, axis: str = "y") -> None:
    formatter = FuncFormatter(lambda value, _pos: i18n.number(value))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def short_day(value: object) -> str:
    """A day in a chart's annotation: ``8 Dec 2024`` in English, the edition's day otherwise."""
    return i18n.short_day(value)


def month_tick(value: object, lines: int = 1) -> str:
    """A month on a chart's axis: ``Dec 2018`` (on two lines when ``lines`` is 2) in English,
    the edition's month otherwise (its name and year, on two lines when asked)."""
    return i18n.date(value, "MMM\ny" if lines == 2 else "MMM y")
