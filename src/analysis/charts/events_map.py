"""The map of a period's events: one circle per place, its area proportional to the deaths
there, over the governorate boundaries.

Places with events but no deaths are small hollow markers, so a place where fighting killed no
one is still seen. Events located only to a district or governorate have no place to be drawn
at: the map says how many they are (the caller counts them) instead of putting them on a
centroid. All places are one scatter call, so a map of thousands of places draws in
milliseconds, as a batch of hundreds of reports needs.
"""

from __future__ import annotations

import math
import textwrap

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Transform, blended_transform_factory

from analysis.charts import maps
from analysis.charts.sparkline import ACCENT
from analysis.charts.style import add_source, source_line, use_house_style
from analysis.i18n import gettext, ngettext, number

MAP_WIDTH = 6.7
"""Inches: the content width of a portrait A4 page."""
KEY_HEIGHT = 0.75  # inches under the map for the size legend and the not-drawn note
MAX_MAP_HEIGHT = 6.6  # inches: a tall governorate is drawn narrower, so the figure fits a page
MAX_AREA = 520.0
"""Area (pt²) of the circle of the place with the most deaths."""
AREA_PER_DEATH = 12.0
"""Area (pt²) of one death while no place has many (MAX_AREA / AREA_PER_DEATH deaths)."""
TITLE_WIDTH = 64  # characters of the bold title on a line of MAP_WIDTH
MIN_AREA = 4.0  # the smallest filled circle stays visible
HOLLOW_AREA = 10.0
FILL = to_rgba(ACCENT, 0.55)
EDGE = "#7a3300"
HOLLOW_EDGE = "#333333"
ZOOM_MARGIN = 0.2  # degrees around a highlighted governorate
NICE = (1, 2, 5)
RASTER_ABOVE = 500
"""More places than this are drawn as one image inside the SVG (the map stays vector): 1,500
real places as SVG elements weigh 1.7 MB in a report, as an image 0.6 MB."""


def death_scale(top: float) -> float:
    """Points² per death: at most :data:`AREA_PER_DEATH`, less when the largest place (``top``
    deaths) would otherwise be bigger than :data:`MAX_AREA`."""
    return AREA_PER_DEATH if top <= 0 else min(AREA_PER_DEATH, MAX_AREA / top)


def legend_values(top: float) -> list[int]:
    """Two or three round numbers of deaths for the size legend, the largest not above
    ``top``: 1, 2, 5, 10, 20, 50, ... spread by about 4 and 20 times."""
    if top < 1:
        return []
    largest = _nice_below(top)
    values = [largest]
    for ratio in (4, 20):
        value = _nice_below(largest / ratio)
        if value >= 1 and value not in values:
            values.append(value)
    if len(values) == 1 and largest > 1:
        values.append(1)
    return sorted(values)


def _nice_below(value: float) -> int:
    if value < 1:
        return 0
    power = 10 ** math.floor(math.log10(value))
    return int(max(n * power for n in NICE if n * power <= value))


def events_map(
    points: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    *,
    imprecise_events: int,
    imprecise_deaths: int,
    highlight: str | None = None,
    source: str = "",
    title_note: str = "",
) -> Figure:
    """The period's located events by place (``points``: ``latitude``, ``longitude``,
    ``location``, ``events``, ``deaths``, one row per place) over ``boundaries``.

    Circle area is proportional to deaths (scaled so the largest place is at most
    :data:`MAX_AREA`), with a legend of round values; places with no deaths are small hollow
    markers. ``highlight`` (a P-code) zooms to that governorate and outlines it.
    ``imprecise_events`` / ``imprecise_deaths`` (events located only to a district or
    coarser) are stated in a note, not drawn. ``source`` is the footnote text, or a bare source
    name; ``title_note`` (the period, say) ends the title.
    """
    use_house_style()
    fig, ax = plt.subplots(figsize=(MAP_WIDTH, 7.0))
    maps.base_map(boundaries, ax=ax, labels=True)
    if highlight is not None:
        _zoom(ax, boundaries, highlight)
    deaths = pd.to_numeric(points["deaths"], errors="coerce").fillna(0).to_numpy(float)
    top = float(deaths.max()) if len(deaths) else 0.0
    scale = death_scale(top)
    if len(points):
        _scatter(ax, points, deaths, scale)
    else:
        ax.text(
            0.5,
            0.5,
            gettext("No precisely located events in the period"),
            ha="center",
            va="center",
            transform=ax.transAxes,
            color="#333333",
            bbox={"facecolor": "white", "edgecolor": "#9a9a9a", "boxstyle": "round,pad=0.4"},
            zorder=6,
        )
    if title_note:
        title = gettext("Events by place, circles sized by deaths, %(note)s") % {
            "note": _plain(title_note)
        }
    else:
        title = gettext("Events by place, circles sized by deaths")
    # the figure's title, not the axes': a zoomed tall governorate (Tartous) has narrow axes
    fig.suptitle(
        textwrap.fill(title, TITLE_WIDTH),
        x=0.01,
        ha="left",
        fontsize=plt.rcParams["axes.titlesize"],
        fontweight="bold",
    )
    killed = deaths[deaths > 0]
    _key(
        ax,
        legend_values(top),
        scale,
        has_hollow=bool((deaths == 0).any()),
        enlarged=bool((killed * scale < MIN_AREA).any()),
    )
    note = not_drawn_text(imprecise_events, imprecise_deaths)
    if note:  # under the map, at the figure's right edge, beside the size legend
        ax.text(
            0.99,
            -0.02,
            textwrap.fill(note, 40),
            ha="right",
            va="top",
            transform=_under(fig, ax),
            fontsize=8,
            color="#333333",
        )
    _fit_height(fig, ax)
    if source:
        add_source(fig, source_footnote(source))
    return fig


def source_footnote(source: str) -> str:
    """``source`` as the chart's footnote: as given when it is a source line already
    (:func:`~analysis.charts.style.source_line`, in any edition), else a line naming it."""
    opening = gettext("Source: %(source)s.").split("%(")[0].strip()
    written = tuple(start for start in ("Source", opening) if start)
    return source if source.startswith(written) else source_line([source], None)


def _plain(text: str) -> str:
    """Text drawn as written: a "$" would otherwise start matplotlib mathtext."""
    return str(text).replace("$", r"\$")


def not_drawn_text(events: int, deaths: int) -> str:
    """The note on events not drawn: "Not drawn: 12 events (34 deaths) located only to a
    district, governorate or wider area"; "" when every event is located to a place."""
    if not events:
        return ""
    shown = ngettext("%(count)s event", "%(count)s events", events) % {"count": number(events)}
    killed = ngettext("%(count)s death", "%(count)s deaths", deaths) % {"count": number(deaths)}
    return gettext(
        "Not drawn: %(events)s (%(deaths)s) located only to a district, governorate or wider area"
    ) % {"events": shown, "deaths": killed}


def _scatter(ax: Axes, points: pd.DataFrame, deaths: np.ndarray, scale: float) -> None:
    """All places in one collection, the largest first so that small circles stay on top;
    an image when there are very many (:data:`RASTER_ABOVE`)."""
    order = np.argsort(-deaths, kind="stable")
    deaths = deaths[order]
    killed = deaths > 0
    sizes = np.where(killed, np.maximum(deaths * scale, MIN_AREA), HOLLOW_AREA)
    faces = np.where(killed[:, None], np.array(FILL), np.zeros(4))
    edges = np.where(killed[:, None], np.array(to_rgba(EDGE)), np.array(to_rgba(HOLLOW_EDGE)))
    ax.scatter(
        points["longitude"].to_numpy(float)[order],
        points["latitude"].to_numpy(float)[order],
        s=sizes,
        facecolors=faces,
        edgecolors=edges,
        linewidths=np.where(killed, 0.5, 0.8),
        zorder=3,
        rasterized=len(deaths) > RASTER_ABOVE,
    )


def _key(ax: Axes, values: list[int], scale: float, *, has_hollow: bool, enlarged: bool) -> None:
    """The size legend under the map; ``enlarged``: some circles were drawn at the smallest
    visible size, larger than their deaths, and the title says so."""
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markersize=math.sqrt(max(v * scale, MIN_AREA)),
            markerfacecolor=FILL,
            markeredgecolor=EDGE,
            markeredgewidth=0.5,
            label=number(v),
        )
        for v in values
    ]
    if has_hollow:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=math.sqrt(HOLLOW_AREA),
                markerfacecolor="none",
                markeredgecolor=HOLLOW_EDGE,
                markeredgewidth=0.8,
                label=gettext("events, no deaths"),
            )
        )
    if handles:  # under the map, left-aligned
        ax.legend(
            handles=handles,
            title=gettext("Deaths at a place (circle area; the smallest enlarged to be seen)")
            if enlarged
            else gettext("Deaths at a place (circle area)"),
            loc="upper left",
            bbox_to_anchor=(0.01, -0.02),
            bbox_transform=_under(ax.figure, ax),
            ncol=len(handles),
            fontsize=8,
            title_fontsize=8,
            alignment="left",
            borderaxespad=0.2,
            columnspacing=1.0,
            handlelength=3.1,
            handleheight=2.2,
            handletextpad=0.2,
        )


def _under(fig: Figure, ax: Axes) -> Transform:
    """x across the figure, y down from the map's bottom: the key and the note sit under the
    map at the page's edges, apart even when a zoomed governorate (Tartous) is narrow."""
    return blended_transform_factory(fig.transFigure, ax.transAxes)


def _zoom(ax: Axes, boundaries: gpd.GeoDataFrame, pcode: str) -> None:
    focus = maps.zoom_to(ax, boundaries, pcode, margin=ZOOM_MARGIN, share=0.1)
    if focus.empty:
        return
    maps.draw_areas(
        ax, focus.geometry, facecolor="white", edgecolor="none", linewidth=0, zorder=1.2
    )
    maps.draw_areas(
        ax, focus.geometry, facecolor="none", edgecolor="#333333", linewidth=1.4, zorder=2
    )


def _fit_height(fig: Figure, ax: Axes) -> None:
    """The figure as tall as the map needs at its aspect, plus title, key and footnote."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    ratio = (y1 - y0) / ((x1 - x0) * math.cos(math.radians((y0 + y1) / 2)))
    map_height = min(MAP_WIDTH * ratio, MAX_MAP_HEIGHT)
    fig.set_size_inches(MAP_WIDTH, map_height + KEY_HEIGHT + 0.6)
