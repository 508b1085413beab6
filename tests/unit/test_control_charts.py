"""Territorial control charts: what they return, their source line, one colour per faction,
legends inside the figure, time axes bounded to the period."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex

from analysis import data, factions
from analysis.charts import control as charts
from analysis.charts.palettes import FACTION_COLOURS
from analysis.data import boundaries, bundled
from analysis.data.schema import CONTROL_CHANGES, conform
from analysis.metrics import control
from analysis.metrics.results import Period

SOURCE = "Test source (control_changes.csv)"
SPAN = Period.of("2024-11-27", "2024-12-31")
AGE_LEGEND = {"recent": "lately", "year_before": "the year before", "older": "long ago"}
"""The words of the map's age groups, which a report gives the chart."""


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
    legend = ax.figure.legends[-1] if ax.figure.legends else ax.get_legend()
    out = {}
    for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
        if hasattr(handle, "get_markerfacecolor"):
            colour = handle.get_markerfacecolor()
        else:
            colour = handle.get_facecolor()
        out[re.sub(r" \([\d,; a-z]+\)$", "", text.get_text())] = to_hex(colour)
    return out


def legend_inside(ax: Axes) -> bool:
    fig = ax.figure
    fig.canvas.draw()
    legend = fig.legends[-1] if fig.legends else ax.get_legend()
    box, frame = legend.get_window_extent(), fig.bbox
    return box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1 and box.y0 >= frame.y0 - 1


def test_map_returns_axes_with_source_and_one_point_per_located_place(changes, shapes):
    holders = control.holder_at(changes, "2024-12-31", since="2024-11-27")
    ax = charts.control_map(
        shapes, holders, "2024-12-31", source=SOURCE, age_legend=AGE_LEGEND, as_of="31 Dec 2024"
    )
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
    located = holders[holders["has_coordinates"]]
    ax = charts.control_map(
        shapes,
        holders,
        "2024-12-31",
        source=SOURCE,
        age_legend=AGE_LEGEND,
        label_places=control.capitals(located),
    )
    labels = {t.get_text() for t in ax.texts}
    assert "Hama\nحماة" in labels
    assert "Deir ez-Zor\nدير الزور" in labels
    assert charts.capital_label("Aleppo", "SY02") == "Aleppo\nحلب"


def test_map_zooms_to_one_governorate(changes, shapes):
    hama = changes[changes["admin1_pcode"] == "SY05"]
    holders = control.holder_at(hama, "2024-12-31")
    ax = charts.control_map(
        shapes, holders, "2024-12-31", source=SOURCE, age_legend=AGE_LEGEND, focus="SY05"
    )
    minx, miny, maxx, maxy = shapes[shapes["admin1_pcode"] == "SY05"].total_bounds
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 < minx and x1 > maxx and (x1 - x0) < (maxx - minx) + 2  # zoomed, with a margin
    assert y0 < miny and y1 > maxy and (y1 - y0) < (maxy - miny) + 2


def timeline(frame, span=SPAN, freq="D"):
    table = control.changes_by_bin(frame, span, freq)
    return charts.advance_timeline(table, span, freq, source=SOURCE, as_of="31 December 2024")


def front_chart(frame, span=SPAN, freq="D", faction=""):
    front = control.front(frame, span, freq, SOURCE, faction)
    ax = charts.front_distance(
        front.by_bin,
        front.points,
        span,
        freq,
        role=front.role,
        source=SOURCE,
        origin=front.origin,
        farthest=front.farthest_at,
        support=front.support.value,
        supported=front.supported_at,
        link_km=control.LINK_KM,
        support_km=control.SUPPORT_KM,
    )
    return ax, front


def test_a_faction_has_one_colour_in_every_legend(changes, shapes, shares):
    holders = control.holder_at(changes, "2024-12-31")
    in_map = legend_colours(
        charts.control_map(shapes, holders, "2024-12-31", source=SOURCE, age_legend=AGE_LEGEND)
    )
    in_timeline = legend_colours(timeline(changes))
    in_shares = legend_colours(
        charts.territory_shares(
            control.drawn_shares(shares), control.share_sums(shares), source=SOURCE
        )
    )
    for role in ("hts_moc", "sna", "sdf", "southern", "other"):
        label = factions.label(role)
        assert in_map[label] == in_timeline[label] == to_hex(FACTION_COLOURS[role])
    government = factions.label("government")
    assert in_shares[government] == to_hex(FACTION_COLOURS["government"])
    ax, _ = front_chart(changes)
    dots = [c for c in ax.collections if len(c.get_offsets())]
    assert to_hex(dots[0].get_facecolor()[0]) == to_hex(FACTION_COLOURS["hts_moc"])


def test_map_legend_fits_inside_the_figure_on_a_long_legend(changes, shapes):
    holders = control.holders(changes, Period.of("2024-12-09", "2024-12-31"))
    assert set(holders["age"]) == {"recent", "year_before"}
    ax = charts.control_map(shapes, holders, "2024-12-31", source=SOURCE, age_legend=AGE_LEGEND)
    assert legend_inside(ax)
    labels = [t.get_text() for t in ax.figure.legends[-1].get_texts()]
    assert any(label.startswith("the year before (") for label in labels)


def test_timeline_bars_add_up_and_stay_inside_the_period(changes):
    ax = timeline(changes)
    assert f"Source: {SOURCE}" in figure_texts(ax)
    heights = sum(p.get_height() for p in ax.patches)
    expected = len(
        changes[(changes["event_date"] >= SPAN.start) & (changes["event_date"] < SPAN.stop)]
    )
    assert heights == expected
    low, high = ax.get_xlim()
    assert matplotlib.dates.num2date(low).date() == SPAN.start.date()
    assert matplotlib.dates.num2date(high).date() == SPAN.stop.date()
    assert legend_inside(ax)


def test_front_chart_draws_one_faction_and_names_its_farthest_place(changes):
    ax, front = front_chart(changes)
    assert f"Source: {SOURCE}" in figure_texts(ax)
    assert factions.label("hts_moc") in ax.get_title(loc="left")
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith(f"{front.farthest_at[0]}, ") for t in texts)
    assert not any(t.startswith("Abu Kamal") for t in texts)  # taken by the SDF, not HTS
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    hts = control.with_roles(changes)
    hts = hts[(hts["gaining_role"] == "hts_moc") & hts["latitude"].notna()]
    # Deir ez-Zor (10 Dec), 300 km east of the Idlib-to-Homs advance, is a separate advance:
    # not drawn, and never the farthest place.
    assert drawn == len(hts) - 1 == len(front.points)
    assert "Deir ez-Zor" not in set(front.points["place"])
    assert front.farthest_at[0] == "Homs"
    far = next(t for t in texts if t.startswith("Homs, "))
    assert f"({front.support.value} changes within 25 km)" in far
    hollow = [
        c
        for c in ax.collections
        if len(c.get_offsets()) and to_hex(c.get_facecolor()[0]) == to_hex("white")
    ]
    assert sum(len(c.get_offsets()) for c in hollow) == int(front.points["isolated"].sum())
    # Saraqib's entry on 28 Nov rests on a single weak source: starred, with a legend entry.
    assert texts.count("*") == int(front.points["weak_source"].notna().sum()) == 1
    assert any("single weak source" in t.get_text() for t in ax.get_legend().get_texts())


def test_territory_shares_keep_qualifiers_and_show_the_jusoor_conflict(shares):
    ax = charts.territory_shares(
        control.drawn_shares(shares), control.share_sums(shares), source=SOURCE, as_of="31 Dec 2024"
    )
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
    ax = timeline(empty)
    assert [t.get_text() for t in ax.texts] == ["No change of control in this period"]
    ax = charts.territory_shares(
        control.drawn_shares(shares.iloc[0:0]), control.share_sums(shares.iloc[0:0]), source=SOURCE
    )
    assert ax.texts[0].get_text() == "No reported share of territory"


def test_a_one_day_period_is_a_bar_in_the_middle_of_the_day_not_a_block(changes):
    day = Period.of("2024-12-06", "2024-12-06")
    ax = timeline(changes, span=day)
    bars = [p for p in ax.patches if p.get_height() > 0]
    assert bars and all(p.get_width() < 0.5 for p in bars)
    expected = int((changes["event_date"] == "2024-12-06").sum())
    assert sum(p.get_height() for p in ax.patches) == expected
    low, high = ax.get_xlim()
    assert high - low == 1  # the axis is that one day


def test_map_legend_counts_each_style_of_point_as_drawn(shapes):
    # HTS gained 3 places in the period, 2 in the year before it and 1 long before; the SDF one
    # place long before; one HTS place in the period has no coordinates (not drawn).
    rows = [
        ("2024-12-05", "A", 36.2, 37.1, "HTS-led MOC"),
        ("2024-12-06", "B", 36.0, 37.0, "HTS-led MOC"),
        ("2024-12-07", "C", 35.9, 36.8, "HTS-led MOC"),
        ("2024-12-07", "Nowhere", None, None, "HTS-led MOC"),
        ("2024-03-01", "D", 35.6, 36.7, "HTS-led MOC"),
        ("2024-06-01", "E", 35.5, 36.6, "HTS-led MOC"),
        ("2019-01-01", "F", 35.4, 36.5, "HTS-led MOC"),
        ("2019-01-01", "G", 36.5, 40.1, "SDF"),
    ]
    frame = pd.DataFrame(
        rows, columns=["event_date", "place", "latitude", "longitude", "faction_gaining"]
    )
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    frame = frame.assign(
        admin1_pcode="SY02", admin1_name="Aleppo", event="captured", faction_losing="SAA"
    )
    frame = conform(frame, CONTROL_CHANGES)
    period = Period.of("2024-12-01", "2024-12-31")
    holders = control.holders(frame, period)
    ax = charts.control_map(shapes, holders, period.end, source=SOURCE, age_legend=AGE_LEGEND)
    labels = [t.get_text() for t in ax.figure.legends[-1].get_texts()]
    # Counted here from the rows: the drawn points of each style, per faction.
    assert f"{factions.label('hts_moc')} (3 filled, 2 hollow, 1 faded)" in labels
    assert f"{factions.label('sdf')} (1 faded)" in labels
    drawn = {"filled": 0, "hollow": 0, "faded": 0}
    for c in ax.collections:
        if len(c.get_paths()) != 1:  # the governorates, not a layer of points
            continue
        face = to_hex(c.get_facecolor()[0], keep_alpha=False)
        if face != to_hex("white"):
            drawn["filled"] += len(c.get_offsets())
        elif c.get_alpha() is not None and c.get_alpha() < 0.5:
            drawn["faded"] += len(c.get_offsets())
        else:
            drawn["hollow"] += len(c.get_offsets())
    assert drawn == {"filled": 3, "hollow": 2, "faded": 2}
    ages = [label for label in labels if label.startswith(tuple(AGE_LEGEND.values()))]
    assert any(label.endswith("(3, filled)") for label in ages)
    assert any(label.endswith("(2, hollow)") for label in ages)
    assert any(label.endswith("(2, faded)") for label in ages)


def test_the_arabic_charts_have_arabic_words_dates_and_factions(changes, shares, shapes):
    """In the Arabic edition, titles, axes, legends and tick dates of the control charts are
    Arabic; no English month abbreviation is left (strftime wrote them before)."""
    from analysis import i18n

    with i18n.editing("ar"):
        held = control.holders(changes, SPAN)
        ax = charts.control_map(shapes, held, SPAN.end, source=SOURCE, age_legend=AGE_LEGEND)
        assert ax.get_title(loc="right").startswith("آخر جهة مسيطرة معروفة")
        governorates = {t.get_text() for t in ax.texts}
        assert "حلب" in governorates and "Aleppo" not in governorates
        table = control.changes_by_bin(changes, SPAN, "D")
        ax = charts.advance_timeline(table, SPAN, "D", source=SOURCE)
        assert ax.get_ylabel() == "تغييرات السيطرة في كل يوم"
        assert ax.get_legend().get_title().get_text() == "سيطر عليها (أماكن في الفترة)"
        ax = charts.territory_shares(
            control.drawn_shares(shares), control.share_sums(shares), source=SOURCE, period=SPAN
        )
        ax.figure.canvas.draw()
        labels = " ".join(t.get_text() for t in ax.get_yticklabels())
        assert "شباط 2020" in labels and "غير مؤرخ" in labels
        assert not re.search(r"\b(Jan|Feb|May|Aug|Sep|Dec)\b", labels)
        texts = [t.get_text() for t in ax.texts]
        assert "المجموع 100.45%" in texts


def test_the_arabic_shares_chart_names_organisations_by_their_short_arabic_names(shares):
    """Bar labels and the footnote give each organisation's short Arabic form
    (:func:`analysis.organisations.shown`), never its published English name."""
    from analysis import i18n, organisations

    drawn = control.drawn_shares(shares)
    published = set(drawn["organisation"])
    with i18n.editing("ar"):
        ax = charts.territory_shares(drawn, control.share_sums(shares), source=SOURCE)
        short = {organisations.shown(name, short=True) for name in published}
    labels = " ".join(t.get_text() for t in ax.get_yticklabels())
    footnote = " ".join(t.get_text() for t in ax.figure.texts)
    assert short.isdisjoint(published)
    assert all(name in labels and name in footnote for name in short)
    assert not any(name in labels or name in footnote for name in published)
