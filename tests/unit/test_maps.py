"""Map drawing: governorate areas as paths, holes kept, one collection per layer."""

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
