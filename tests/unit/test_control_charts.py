"""Territorial control charts: what they return, their source line, one colour per faction."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex

from analysis import control, data, factions
from analysis.charts import control as charts
from analysis.charts.palettes import FACTION_COLOURS
from analysis.data import boundaries, bundled

SOURCE = "Test source (control_changes.csv)"


@pytest.fixture(scope="module")
def changes():
    return data.read(bundled.bundled_path("control_changes.csv")).frame


@pytest.fixture(scope="module")
def shares():
    return data.read(bundled.bundled_path("territory_shares.csv")).frame


@pytest.fixture(scope="module")
def shapes():
    return boundaries.default_boundaries()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def figure_texts(ax: Axes) -> str:
    return " ".join(t.get_text() for t in ax.figure.texts)


def legend_colours(ax: Axes) -> dict[str, str]:
    """Legend label -> colour of its handle (patch face or marker face)."""
    legend = ax.get_legend()
    out = {}
    for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
        if hasattr(handle, "get_markerfacecolor"):
            colour = handle.get_markerfacecolor()
        else:
            colour = handle.get_facecolor()
        out[re.sub(r" \([\d,]+\)$", "", text.get_text())] = to_hex(colour)
    return out


def test_map_returns_axes_with_source_and_one_point_per_located_place(changes, shapes):
    holders = control.holder_at(changes, "2024-12-31", since="2024-11-27")
    ax = charts.control_map(shapes, holders, "2024-12-31", source=SOURCE, as_of="31 Dec 2024")
    assert isinstance(ax, Axes)
    footer = figure_texts(ax)
    assert f"Source: {SOURCE}" in footer and "Data as of 31 Dec 2024" in footer
    unlocated = int((~holders["has_coordinates"]).sum())
    assert unlocated == 4
    assert f"{unlocated} places without coordinates" in footer
    drawn = sum(len(c.get_offsets()) for c in ax.collections if hasattr(c, "get_offsets"))
    assert drawn >= int(holders["has_coordinates"].sum())
    assert "31 December 2024" in ax.get_title(loc="left")


def test_map_names_capitals_in_english_and_arabic_in_logical_order(changes, shapes):
    """matplotlib 3.11 shapes Arabic itself: the label must hold the text as written (no
    reshaping or reversing), else the rendered name comes out reversed."""
    holders = control.holder_at(changes, "2024-12-31")
    ax = charts.control_map(shapes, holders, "2024-12-31", source=SOURCE)
    labels = {t.get_text() for t in ax.texts}
    assert "Hama\nحماة" in labels
    assert "Deir ez-Zor\nدير الزور" in labels
    assert charts.capital_label("Aleppo", "SY02") == "Aleppo\nحلب"


def test_map_zooms_to_one_governorate(changes, shapes):
    hama = changes[changes["admin1_pcode"] == "SY05"]
    holders = control.holder_at(hama, "2024-12-31")
    ax = charts.control_map(shapes, holders, "2024-12-31", source=SOURCE, focus="SY05")
    minx, miny, maxx, maxy = shapes[shapes["admin1_pcode"] == "SY05"].total_bounds
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 < minx and x1 > maxx and (x1 - x0) < (maxx - minx) + 2  # zoomed, with a margin
    assert y0 < miny and y1 > maxy and (y1 - y0) < (maxy - miny) + 2


def test_a_faction_has_one_colour_in_every_legend(changes, shapes, shares):
    holders = control.holder_at(changes, "2024-12-31")
    in_map = legend_colours(charts.control_map(shapes, holders, "2024-12-31", source=SOURCE))
    in_timeline = legend_colours(charts.advance_timeline(changes, source=SOURCE))
    in_front = legend_colours(
        charts.front_distance(
            control.front_distance(changes),
            points=control.place_distances(changes),
            source=SOURCE,
        )
    )
    in_shares = legend_colours(charts.territory_shares(shares, source=SOURCE))
    for role in ("hts_moc", "sna", "sdf", "southern", "other"):
        label = factions.label(role)
        assert (
            in_map[label] == in_timeline[label] == in_front[label] == to_hex(FACTION_COLOURS[role])
        )
    government = factions.label("government")
    assert in_shares[government] == to_hex(FACTION_COLOURS["government"])


def test_timeline_stacks_places_per_day_by_gaining_faction(changes):
    ax = charts.advance_timeline(changes, source=SOURCE, as_of="31 Dec 2024")
    assert isinstance(ax, Axes)
    assert f"Source: {SOURCE}" in figure_texts(ax)
    heights = pd.Series([p.get_height() for p in ax.patches], index=[p.get_x() for p in ax.patches])
    per_day = control.changes_per_day(changes)
    assert heights.sum() == per_day["places"].sum()
    assert (
        heights.groupby(level=0).sum().max()
        == per_day.groupby("period_start")["places"].sum().max()
    )


def test_front_distance_returns_axes_with_source_and_names_the_farthest_place(changes):
    origin = control.front_origin(changes)
    ax = charts.front_distance(
        control.front_distance(changes, origin),
        points=control.place_distances(changes, origin),
        origin=origin,
        source=SOURCE,
    )
    assert isinstance(ax, Axes)
    assert f"Source: {SOURCE}" in figure_texts(ax)
    far = control.place_distances(changes, origin).sort_values("distance_km").iloc[-1]
    assert any(t.get_text().startswith(f"{far['place']}, ") for t in ax.texts)


def test_territory_shares_keep_qualifiers_and_show_the_jusoor_conflict(shares):
    ax = charts.territory_shares(shares, source=SOURCE, as_of="31 Dec 2024")
    assert isinstance(ax, Axes)
    assert f"Source: {SOURCE}" in figure_texts(ax)
    texts = [t.get_text() for t in ax.texts]
    assert "sums to 100.45%" in texts  # Jusoor, Feb 2020: 63.83 + 10.98 + 25.64
    assert "over 72.8% †" in texts  # SOHR's qualifier kept, disputed figure marked
    assert "about 17%" in texts
    assert "63.83% †" in texts
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "SOHR\nundated" in labels and "Jusoor for Studies\n29 Feb 2020" in labels


def test_empty_data_says_so_instead_of_drawing_an_empty_chart(changes, shares):
    empty = changes.iloc[0:0]
    ax = charts.advance_timeline(empty, source=SOURCE)
    assert [t.get_text() for t in ax.texts] == ["No change of control in this period"]
    ax = charts.front_distance(control.front_distance(empty), source=SOURCE)
    assert "No located change" in ax.texts[0].get_text()
    ax = charts.territory_shares(shares.iloc[0:0], source=SOURCE)
    assert ax.texts[0].get_text() == "No reported share of territory"
