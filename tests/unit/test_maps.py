"""Map drawing: governorate areas as paths, holes kept, one collection per layer."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from shapely.geometry import MultiPolygon, Polygon

from analysis.charts import maps
from analysis.data import boundaries


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _signed_area(vertices: np.ndarray) -> float:
    x, y = vertices[:-1, 0], vertices[:-1, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def _rings(path) -> list[np.ndarray]:
    rings, current = [], []
    for vertex, code in path.iter_segments(simplify=False):
        if code == path.MOVETO and current:
            rings.append(np.array(current))
            current = []
        if code != path.CLOSEPOLY:
            current.append(vertex[-2:])
        else:
            current.append(current[0])
    rings.append(np.array(current))
    return rings


def test_holes_are_wound_against_the_outer_ring_whatever_the_file_says():
    outer = [(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]  # clockwise, as some files have it
    hole = [(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)]  # anticlockwise: same sense as a fill
    rings = _rings(maps.area_path(Polygon(outer, [hole])))
    assert len(rings) == 2
    assert _signed_area(rings[0]) == pytest.approx(100)
    assert _signed_area(rings[1]) == pytest.approx(-4)


def test_multipolygons_and_empty_geometries():
    two = MultiPolygon([Polygon([(0, 0), (1, 0), (1, 1)]), Polygon([(5, 5), (6, 5), (6, 6)])])
    assert len(_rings(maps.area_path(two))) == 2
    assert len(maps.area_path(Polygon()).vertices) == 0
    assert len(maps.area_path(None).vertices) == 0


def test_rural_damascus_is_drawn_with_damascus_cut_out():
    shapes = boundaries.default_boundaries()
    rural = shapes.loc[shapes["admin1_pcode"] == "SY03", "geometry"].iloc[0]
    city = shapes.loc[shapes["admin1_pcode"] == "SY01", "geometry"].iloc[0].representative_point()
    fig, ax = plt.subplots()
    collection = maps.draw_areas(ax, [rural], facecolor="red", edgecolor="none", linewidth=0)
    fig.canvas.draw()
    pixel = ax.transData.transform((city.x, city.y))
    rgba = np.asarray(fig.canvas.buffer_rgba())
    row, col = int(fig.bbox.height - pixel[1]), int(pixel[0])
    assert tuple(rgba[row, col][:3]) == (255, 255, 255), "Damascus is painted over"
    assert isinstance(collection, PathCollection)


def test_choropleth_draws_one_collection_per_layer_and_names_missing_figures():
    shapes = boundaries.default_boundaries()
    values = pd.Series({"SY01": 10, "SY02": 500, "SY07": 40})
    ax = maps.choropleth(shapes, values, title="Deaths", legend_label="deaths", source="Test")
    collections = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [len(c.get_paths()) for c in collections] == [len(shapes) - 3, 3]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[-1] == "no figure"


def _class_of(value, labels):
    """The legend class a count falls in, read from the labels ("5 – 24", "25")."""
    found = []
    for i, label in enumerate(labels):
        parts = [float(p.replace(",", "")) for p in label.split(" – ")]
        low, high = parts[0], parts[-1]
        if low <= value <= high:
            found.append(i)
    return found


@pytest.mark.parametrize(
    "counts",
    [
        {"SY01": 0, "SY02": 4, "SY03": 5, "SY04": 24, "SY05": 25, "SY06": 100, "SY07": 1234},
        {"SY01": 1, "SY02": 2, "SY03": 3},
        {"SY01": 0, "SY02": 0, "SY03": 7},
        {f"SY{i:02d}": v for i, v in enumerate([3, 8, 13, 40, 41, 90, 300, 301, 2000], 1)},
    ],
)
def test_choropleth_classes_of_counts_never_share_an_edge(counts):
    shapes = boundaries.default_boundaries()
    values = pd.Series(counts)
    ax = maps.choropleth(shapes, values, title="Deaths", legend_label="deaths", source="Test")
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts() if t.get_text() != "no figure"]
    assert "both ends included" in legend.get_title().get_text()
    bounds = [[float(p.replace(",", "")) for p in label.split(" – ")] for label in labels]
    for (_, high), (low, _) in itertools.pairwise([(b[0], b[-1]) for b in bounds]):
        assert low == high + 1, labels  # 0 – 4, then 5 – 24: no value in two classes
    shaded = [c for c in ax.collections if isinstance(c, PathCollection)][-1]
    colours = dict(
        zip(
            shapes[shapes["admin1_pcode"].isin(values.index)]["admin1_pcode"],
            [tuple(c) for c in shaded.get_facecolor()],
            strict=True,
        )
    )
    handles = {h.get_label(): tuple(h.get_facecolor()) for h in legend.legend_handles}
    for pcode, value in counts.items():
        (index,) = _class_of(value, labels)  # exactly one class holds each value
        assert colours[pcode] == handles[labels[index]], (pcode, value, labels)
