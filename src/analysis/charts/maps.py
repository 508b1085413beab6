"""Maps of Syria's governorates and districts: the base map, choropleths and point layers.

Maps are drawn in longitude/latitude (EPSG:4326) with a fixed aspect for Syria's latitude, so
no projection library is needed to draw; boundaries come from :mod:`analysis.data.boundaries`
(the bundled Natural Earth map by default, or OCHA COD-AB / geoBoundaries files). Every map's
footnote names its boundaries as :func:`analysis.data.boundaries.map_boundaries` attributes them,
with the date they are valid on when the file says it ("boundaries: OCHA COD-AB admin-1
boundaries, valid on 17 December 2020"): the callers pass it in ``source``.

Areas are drawn by :func:`draw_areas`, one path collection per layer, rather than with
``GeoDataFrame.plot``, which also renders the whole figure once more (``draw_idle``) each time
it is called: a tenth of a second per layer, for nothing, in a report.
"""

from __future__ import annotations

import itertools
import math

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.path import Path
from shapely.geometry.polygon import orient

from analysis import gazetteer, i18n
from analysis.charts.style import add_source, new_axes, source_line
from analysis.i18n import _

EDGE = "#ffffff"
EMPTY = "#eeeeee"
# Sequential blues (ColorBrewer Blues), readable in grey scale and for colour-blind readers.
SEQUENTIAL = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]


def base_map(boundaries: gpd.GeoDataFrame, ax: Axes | None = None, *, labels: bool = True) -> Axes:
    """Governorate outlines on a light fill, with an equal-distance aspect and no axes frame."""
    ax = new_axes(ax, figsize=(8, 7))
    draw_areas(ax, boundaries.geometry, facecolor=EMPTY, edgecolor="#9a9a9a", linewidth=0.6)
    _frame(ax, boundaries)
    if labels:
        label_governorates(ax, boundaries)
    return ax


def draw_areas(
    ax: Axes,
    geometries: gpd.GeoSeries,
    *,
    facecolor: object,
    edgecolor: object,
    linewidth: float,
    zorder: float = 1,
) -> PathCollection:
    """(Multi)polygons as one collection; ``facecolor`` is one colour, a colour per geometry,
    or "none" for outlines. Holes stay holes (Damascus inside Rural Damascus)."""
    collection = PathCollection(
        [area_path(geometry) for geometry in geometries],
        facecolors=facecolor,
        edgecolors=edgecolor,
        linewidths=linewidth,
        zorder=zorder,
    )
    ax.add_collection(collection, autolim=True)
    ax.autoscale_view()
    return collection


def area_path(geometry: object) -> Path:
    """A matplotlib path of a shapely (Multi)Polygon in lon/lat; empty for anything else.

    Each polygon is oriented first (outer ring anticlockwise, holes clockwise), so that the
    non-zero fill rule leaves its holes empty whatever the source file's winding order."""
    polygons = getattr(geometry, "geoms", [geometry])
    rings = []
    for polygon in polygons:
        if getattr(polygon, "geom_type", None) != "Polygon" or polygon.is_empty:
            continue
        polygon = orient(polygon, sign=1.0)
        for ring in (polygon.exterior, *polygon.interiors):
            rings.append(Path(np.asarray(ring.coords)[:, :2], closed=True))
    if not rings:
        return Path(np.empty((0, 2)))
    return Path.make_compound_path(*rings)


def _frame(ax: Axes, boundaries: gpd.GeoDataFrame) -> None:
    minx, miny, maxx, maxy = boundaries.total_bounds
    ax.set_xlim(minx - 0.2, maxx + 0.2)
    ax.set_ylim(miny - 0.2, maxy + 0.2)
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
    ax.set_axis_off()


def _governorate_name(pcode: str, name: str) -> str:
    """A map's label of a governorate: the boundaries' own name in English, the gazetteer's
    name in the edition's language otherwise."""
    if i18n.edition().language == "en":
        return name
    found = gazetteer.by_pcode().get(pcode)
    return name if found is None else found.shown


def label_governorates(ax: Axes, boundaries: gpd.GeoDataFrame, fontsize: float = 7) -> None:
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for row in boundaries.itertuples():
        name = _governorate_name(row.admin1_pcode, row.admin1_name)
        if row.admin1_pcode == "SY01":  # Damascus is too small to hold its name: label beside it
            point = row.geometry.representative_point()
            ax.annotate(
                name,
                (point.x, point.y),
                xytext=(-22, 6),
                textcoords="offset points",
                ha="right",
                fontsize=fontsize,
                color="#222222",
                path_effects=halo,
                zorder=5,
                arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6},
            )
            continue
        _label_inside(ax, name, row.geometry, fontsize, halo)


def district_name(row: object) -> str:
    """A map's or a table's name of a district (a row of a
    :func:`~analysis.data.boundaries.read_districts` frame): its Arabic name in the Arabic
    edition when the gazetteer or the boundaries give one, else OCHA's English name."""
    arabic = getattr(row, "admin2_name_ar", "")
    if i18n.edition().language == "ar" and isinstance(arabic, str) and arabic.strip():
        return arabic
    return str(row.admin2_name)


def label_districts(ax: Axes, districts: gpd.GeoDataFrame, fontsize: float = 7) -> None:
    """Each district's name at a point inside it."""
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for row in districts.itertuples():
        _label_inside(ax, district_name(row), row.geometry, fontsize, halo)


def _label_inside(ax: Axes, name: str, geometry: object, fontsize: float, halo: list) -> None:
    """``name`` centred on a point inside ``geometry``, haloed to read over the shading."""
    point = geometry.representative_point()
    ax.annotate(
        name,
        (point.x, point.y),
        ha="center",
        va="center",
        fontsize=fontsize,
        color="#222222",
        path_effects=halo,
        zorder=5,
    )


def choropleth(
    boundaries: gpd.GeoDataFrame,
    values: pd.Series,
    *,
    title: str,
    legend_label: str,
    source: str,
    as_of: str | None = None,
    ax: Axes | None = None,
    key: str = "admin1_pcode",
) -> Axes:
    """Governorates shaded by ``values`` (indexed by admin1_pcode) in five classes; with
    ``key="admin2_pcode"``, the districts of ``boundaries`` (a
    :func:`~analysis.data.boundaries.read_districts` frame, one governorate's or more) shaded by
    ``values`` indexed by admin2_pcode, each labelled with its name.

    Areas without a value are light grey and named as such in the legend, so a missing
    figure is never read as zero.
    """
    ax = new_axes(ax, figsize=(8, 5.6))
    merged = boundaries.merge(
        values.rename("value").rename_axis(key).reset_index(),
        on=key,
        how="left",
        validate="1:1",
    )
    present = merged["value"].dropna().astype(float)
    missing = merged.loc[merged["value"].isna()]
    if not missing.empty:
        draw_areas(ax, missing.geometry, facecolor=EMPTY, edgecolor="#9a9a9a", linewidth=0.8)
    if not present.empty:
        classes = class_ranges(present)
        cmap = ListedColormap(SEQUENTIAL[: len(classes)])
        norm = BoundaryNorm(class_boundaries(classes, present), cmap.N)
        shaded = merged.dropna(subset=["value"])
        colours = cmap(norm(shaded["value"].astype(float).to_numpy()))
        draw_areas(ax, shaded.geometry, facecolor=colours, edgecolor=EDGE, linewidth=0.8)
        whole = _whole(present)
        handles = [
            plt.Rectangle((0, 0), 1, 1, color=cmap(i), label=_class_label(low, high, whole, last))
            for i, (low, high) in enumerate(classes)
            for last in [i == len(classes) - 1]
        ]
        if merged["value"].isna().any():
            handles.append(plt.Rectangle((0, 0), 1, 1, color=EMPTY, label=_("no figure")))
        classes_read = (
            _("(both ends included)") if whole else _("(from each low end, up to the next)")
        )
        ax.legend(
            handles=handles,
            title=f"{legend_label}\n{classes_read}",
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            fontsize=8,
            title_fontsize=8,
        )
    _frame(ax, boundaries)
    if key == "admin2_pcode":
        label_districts(ax, boundaries)
    else:
        label_governorates(ax, boundaries)
    ax.set_title(title)
    add_source(ax, source_line([source], as_of))
    return ax


def _whole(values: pd.Series) -> bool:
    """The values are whole numbers (counts)."""
    numbers = values.astype(float).to_numpy()
    return bool(np.all(np.isfinite(numbers)) and np.all(numbers == np.round(numbers)))


def _class_edges(values: pd.Series) -> list[float]:
    """Up to five classes with rounded quantile edges, from 0 (or the minimum) to the maximum."""
    low = min(0.0, float(values.min()))
    high = float(values.max())
    if high <= low:
        return [low, high + 1]
    quantiles = np.unique(np.quantile(values, [0.2, 0.4, 0.6, 0.8]))
    edges = [low, *[_round(q) for q in quantiles if low < q < high], high]
    return sorted(set(edges))


def class_ranges(values: pd.Series) -> list[tuple[float, float]]:
    """Up to five classes that never share an edge, as (low, high) pairs from the rounded
    quantile edges of :func:`_class_edges`.

    Whole numbers (counts): each class holds the whole numbers from its low to its high end,
    both included, and the next starts one above (0-4, 5-24, 25-99). Other values: each class
    runs from its low end up to, not including, the next class's low end (the high end given
    is that next low end); the last includes the maximum."""
    edges = _class_edges(values)
    if not _whole(values):
        return list(itertools.pairwise(edges))
    edges = [float(math.floor(e + 0.5)) for e in edges]
    lows = [edges[0], *[e + 1 for e in edges[1:-1]]]
    highs = edges[1:]
    classes = [(lo, hi) for lo, hi in zip(lows, highs, strict=True) if lo <= hi]
    return classes or [(edges[0], edges[-1])]


def class_boundaries(classes: list[tuple[float, float]], values: pd.Series) -> list[float]:
    """Boundaries for a colour norm that puts each value in its class of
    :func:`class_ranges` (half-way between whole numbers for counts)."""
    if _whole(values):
        return [classes[0][0] - 0.5, *[high + 0.5 for _, high in classes]]
    top = float(values.max())
    return [classes[0][0], *[high for _, high in classes[:-1]], np.nextafter(top, np.inf)]


def _class_label(low: float, high: float, whole: bool, last: bool) -> str:
    if i18n.edition().language == "en":  # as the English maps always wrote them
        if whole:
            return f"{low:,.0f}" if low == high else f"{low:,.0f} – {high:,.0f}"
        return f"{low:,.4g} – {high:,.4g}" if last else f"{low:,.4g} to under {high:,.4g}"
    shown = {"low": _four_digits(low), "high": _four_digits(high)}
    if whole:
        shown = {"low": i18n.number(low), "high": i18n.number(high)}
        return shown["low"] if low == high else _("%(low)s – %(high)s") % shown
    return _("%(low)s – %(high)s") % shown if last else _("%(low)s to under %(high)s") % shown


def _four_digits(value: float) -> str:
    """``value`` with four significant digits at most, the edition's way."""
    if value == 0:
        return i18n.number(0)
    return i18n.number(value, max(0, 3 - math.floor(math.log10(abs(value)))))


def _round(value: float) -> float:
    if value <= 0:
        return value
    magnitude = 10 ** max(0, int(math.log10(value)) - 1)
    return round(value / magnitude) * magnitude


def zoom_to(
    ax: Axes, boundaries: gpd.GeoDataFrame, pcode: str, *, margin: float, share: float
) -> gpd.GeoDataFrame:
    """Zoom ``ax`` to governorate ``pcode`` with a margin of at least ``margin`` degrees (or
    ``share`` of its extent), at the latitude's aspect; returns its rows (empty: not zoomed)."""
    focus = boundaries[boundaries["admin1_pcode"] == pcode]
    if focus.empty:
        return focus
    minx, miny, maxx, maxy = focus.total_bounds
    pad = max(margin, share * max(maxx - minx, maxy - miny))
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
    return focus
