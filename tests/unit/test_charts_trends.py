"""Charts of change draw what they are given: small multiples per governorate, sparklines, the
events map. Expected values are worked out by hand from the small frames below."""

import math
import re
import xml.etree.ElementTree as ET

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from analysis.charts import trends
from analysis.charts.events_map import MAX_AREA, legend_values, not_drawn_text
from analysis.data.boundaries import map_boundaries
from analysis.metrics.results import Period

SVG = "{http://www.w3.org/2000/svg}"
PCODES = [f"SY{i:02d}" for i in range(1, 15)]
NAMES = {p: f"Gov {p[2:]}" for p in PCODES}
ACCENT = "#d55e00"  # Okabe-Ito vermillion, the period's colour


def _weekly(weeks=10):
    """Weekly bins from Monday 4 Nov 2024; governorate i has i deaths every week, except
    SY01, which has 100 in its last week, and SY03, which has no data in weeks 2 and 3."""
    index = pd.date_range("2024-11-04", periods=weeks, freq="7D")
    frame = pd.DataFrame({p: [float(i + 1)] * weeks for i, p in enumerate(PCODES)}, index=index)
    frame.iloc[-1, 0] = 100.0
    frame.iloc[2:4, 2] = np.nan
    frame["all"] = 9999.0  # the country column is not a panel
    return frame


def _panels(fig):
    titles = set(NAMES.values())
    return {ax.get_title(loc="left"): ax for ax in fig.axes if ax.get_title(loc="left") in titles}


def _bars(ax):
    """(first day, width in days, height, colour) of each bar of a panel."""
    found = [c for c in ax.collections if c.get_label() == "bars"]
    if not found:
        return []
    (bars,) = found
    colours = [to_hex(c) for c in bars.get_facecolors()]
    if len(colours) == 1:
        colours *= len(bars.get_paths())
    rows = []
    for path, colour in zip(bars.get_paths(), colours, strict=True):
        (x0, y0), (x1, y1) = path.vertices.min(axis=0), path.vertices.max(axis=0)
        assert y0 == 0
        rows.append((_day(x0), round(x1 - x0, 6), y1, colour))
    return rows


def _day(value):
    return pd.Timestamp(mdates.num2date(value)).tz_localize(None)


def test_one_panel_per_governorate_titled_by_name_in_pcode_order():
    period = Period.of("2025-01-06", "2025-01-12")  # the last week
    fig = trends.small_multiples(_weekly(), period, names=NAMES, freq="W")
    panels = _panels(fig)
    assert len(panels) == 14
    assert [ax.get_title(loc="left") for ax in fig.axes] == [NAMES[p] for p in PCODES]
    plt.close(fig)


def test_the_periods_bars_are_in_the_accent_colour_and_no_data_is_not_a_bar():
    # 26 Dec 2024 .. 8 Jan 2025 touches the weeks starting 23 Dec, 30 Dec and 6 Jan
    period = Period.of("2024-12-26", "2025-01-08")
    frame = _weekly()
    fig = trends.small_multiples(frame, period, names=NAMES, freq="W")
    panels = _panels(fig)
    bars = _bars(panels["Gov 02"])
    assert [start for start, *_ in bars] == list(frame.index)
    accented = [start for start, _, _, colour in bars if colour == ACCENT]
    assert accented == [pd.Timestamp(d) for d in ("2024-12-23", "2024-12-30", "2025-01-06")]
    # the last week is cut at the period's last day, as metrics.trends cuts its last bin
    assert [width for _, width, _, _ in bars] == [7] * 9 + [3]
    assert {height for _, _, height, _ in bars} == {2}
    (shade,) = panels["Gov 02"].patches  # the period's span, from its first day to the next
    assert _day(shade.get_x()) == period.start
    assert _day(shade.get_x() + shade.get_width()) == period.stop
    # SY03: 8 bars for 10 weeks, the two missing weeks drawn as no-data bands, not as zeros
    bars3 = _bars(panels["Gov 03"])
    assert len(bars3) == 8
    assert pd.Timestamp("2024-11-18") not in [start for start, *_ in bars3]
    plt.close(fig)


def test_shared_scale_is_one_scale_and_free_scale_labels_each_panels_highest_bin():
    period = Period.of("2025-01-06", "2025-01-12")
    shared = trends.small_multiples(_weekly(), period, names=NAMES, freq="W", scale="shared")
    limits = {ax.get_ylim() for ax in _panels(shared).values()}
    assert len(limits) == 1
    low, high = limits.pop()
    assert low == 0 and high >= 100  # SY01's 100 deaths fit every panel's scale
    plt.close(shared)

    free = trends.small_multiples(_weekly(), period, names=NAMES, freq="W", scale="free")
    panels = _panels(free)
    assert len({ax.get_ylim() for ax in panels.values()}) == 14
    for i, pcode in enumerate(PCODES):
        ax = panels[NAMES[pcode]]
        highest = 100 if pcode == "SY01" else i + 1
        assert ax.get_ylim()[0] == 0 and ax.get_ylim()[1] >= highest
        assert list(ax.get_yticks()) == [highest]
        free.canvas.draw()
        assert [t.get_text() for t in ax.get_yticklabels()] == [f"{highest:,}"]
    plt.close(free)


def test_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="scale"):
        trends.small_multiples(
            _weekly(), Period.of("2025-01-06", "2025-01-12"), names=NAMES, freq="W", scale="log"
        )


def test_highlighted_panel_is_framed_and_date_ticks_stay_inside_the_series():
    period = Period.of("2025-01-06", "2025-01-12")
    frame = _weekly()
    fig = trends.small_multiples(
        frame, period, names=NAMES, freq="W", highlight="SY05", source="Source: UCDP GED."
    )
    panels = _panels(fig)
    framed = [t for t, ax in panels.items() if ax.spines["top"].get_visible()]
    assert framed == ["Gov 05"]
    titles = {t.get_text(): t for t in fig.findobj(plt.Text) if t.get_text().startswith("Gov")}
    assert [k for k, t in titles.items() if to_hex(t.get_color()) == ACCENT] == ["Gov 05"]
    first, stop = frame.index[0], frame.index[-1] + pd.Timedelta(days=7)
    for ax in panels.values():
        low, high = (_day(v) for v in ax.get_xlim())
        assert (low, high) == (first, stop)
        ticks = [_day(t) for t in ax.get_xticks()]
        assert ticks == [first, stop - pd.Timedelta(days=1)]
    texts = [t.get_text() for t in fig.findobj(plt.Text)]
    assert sum(t.startswith("Source: UCDP GED") for t in texts) == 1
    plt.close(fig)


def test_monthly_bars_cover_their_month_and_a_day_count_freq_works():
    index = pd.date_range("2024-01-01", periods=3, freq="MS")
    frame = pd.DataFrame({"SY01": [1.0, 2.0, 3.0], "SY02": [0.0, 0.0, 5.0]}, index=index)
    fig = trends.small_multiples(
        frame, Period.of("2024-03-01", "2024-03-31"), names=NAMES, freq="M"
    )
    bars = _bars(_panels(fig)["Gov 01"])
    assert [width for _, width, _, _ in bars] == [31, 29, 31]  # 2024 is a leap year
    assert [colour == ACCENT for *_, colour in bars] == [False, False, True]
    assert [height for _, _, height, _ in bars] == [1, 2, 3]
    plt.close(fig)
    fortnights = frame.set_axis(pd.date_range("2024-01-01", periods=3, freq="14D"))
    fig = trends.small_multiples(
        fortnights, Period.of("2024-01-29", "2024-02-11"), names=NAMES, freq="14D"
    )
    assert [width for _, width, _, _ in _bars(_panels(fig)["Gov 02"])] == [14, 14, 14]
    assert "Other bins of 14 days" in _texts(fig)
    assert "Deaths per 14 days by governorate" in _texts(fig)
    plt.close(fig)


def test_the_index_spacing_decides_the_bars_whatever_freq_says():
    # A month's report: 31-day bins ending on 31 Dec 2019 (as metrics.trends.bin_series makes
    # them), given freq "W" as the trends section gives it: each bar covers 31 days, never 7,
    # and the words say so (a month's deaths drawn as a week's would be 4 times too high).
    index = pd.date_range(end="2019-12-01", periods=4, freq="31D")
    frame = pd.DataFrame({"SY01": [1.0, 2.0, 3.0, 4.0]}, index=index)
    period = Period.of("2019-12-01", "2019-12-31")
    fig = trends.small_multiples(frame, period, names=NAMES, freq="W")
    bars = _bars(_panels(fig)["Gov 01"])
    assert [(start, width) for start, width, *_ in bars] == [(d, 31) for d in index]
    assert [colour == ACCENT for *_, colour in bars] == [False, False, False, True]
    texts = _texts(fig)
    assert "Deaths per 31 days by governorate" in texts
    assert "Other bins of 31 days" in texts and "Other weeks" not in texts
    assert trends.bin_unit(index, "W") == "31 days"
    plt.close(fig)
    # A day's report: bins of one day
    days = pd.date_range(end="2019-12-23", periods=5, freq="D")
    fig = trends.small_multiples(
        frame.set_axis(days[:4]).reindex(days).fillna(0.0),
        Period.of("2019-12-23", "2019-12-23"),
        names=NAMES,
        freq="W",
    )
    assert {width for _, width, *_ in _bars(_panels(fig)["Gov 01"])} == {1}
    assert "Deaths per day by governorate" in _texts(fig) and "Other days" in _texts(fig)
    plt.close(fig)
    # Several years: calendar months, the last cut at the period's last day (15 Dec)
    months = pd.date_range("2019-09-01", periods=4, freq="MS")
    fig = trends.small_multiples(
        frame.set_axis(months), Period.of("2017-01-01", "2019-12-15"), names=NAMES, freq="W"
    )
    bars = _bars(_panels(fig)["Gov 01"])
    assert [width for _, width, *_ in bars] == [30, 31, 30, 15]
    assert "Deaths per month by governorate" in _texts(fig)
    plt.close(fig)


def test_bin_unit_reads_the_index_and_falls_back_on_freq():
    assert trends.bin_unit(pd.date_range("2024-01-01", periods=3, freq="7D")) == "week"
    assert trends.bin_unit(pd.date_range("2024-01-01", periods=3, freq="D"), "W") == "day"
    assert trends.bin_unit(pd.date_range("2021-01-01", periods=3, freq="YS")) == "year"
    assert trends.bin_unit(pd.DatetimeIndex(["2024-01-01"]), "M") == "month"
    with pytest.raises(ValueError, match="freq"):
        trends.bin_unit(pd.DatetimeIndex(["2024-01-01"]))
    with pytest.raises(ValueError, match="freq"):
        trends.bin_unit(pd.DatetimeIndex(["2024-01-01"]), "fortnight")


# Sparklines ----------------------------------------------------------------------------------


def _points(svg, cls):
    root = ET.fromstring(svg)
    lines = [p for p in root.iter(f"{SVG}polyline") if p.get("class") == cls]
    return [[tuple(map(float, xy.split(","))) for xy in p.get("points").split()] for p in lines]


def _zero(svg):
    line = next(ET.fromstring(svg).iter(f"{SVG}line"))
    return float(line.get("y1"))


def test_sparkline_takes_a_nullable_series():
    values = pd.Series([1, None, 3], dtype="Float64")  # a metrics column with <NA>
    assert values.tolist()[1] is pd.NA
    svg = trends.sparkline_svg(values.tolist(), label="x")
    assert [len(r) for r in _points(svg, "spark-line")] == [1, 1]


def test_sparkline_is_valid_svg_with_one_point_per_value_and_zero_at_the_baseline():
    values = [0, 4, 2, 8]
    svg = trends.sparkline_svg(values, highlight_last=1, width=100, height=20, label="Aleppo")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-label") == "Aleppo"
    (line,) = _points(svg, "spark-line")
    assert len(line) == 4
    xs = [x for x, _ in line]
    assert xs == sorted(xs) and xs[0] >= 0 and xs[-1] <= 100
    ys = [y for _, y in line]
    assert ys[0] == pytest.approx(_zero(svg))  # the 0 is on the baseline
    assert min(ys) == ys[3] and ys[3] >= 0  # 8 is the highest point, inside the box
    # heights above the baseline are proportional to the values
    assert (_zero(svg) - ys[1]) / (_zero(svg) - ys[3]) == pytest.approx(4 / 8, abs=0.02)
    # the last point (the period) is marked in the accent colour
    dots = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "spark-recent-dot"]
    assert len(dots) == 1 and dots[0].get("fill").lower() == ACCENT
    assert float(dots[0].get("cx")) == pytest.approx(xs[3])


def test_sparkline_highlights_the_last_points_and_leaves_gaps_for_missing_values():
    values = [1, 2, float("nan"), 3, pd.NA, 5, 6, 7]
    svg = trends.sparkline_svg(values, highlight_last=3, label="x")
    runs = _points(svg, "spark-line")
    assert [len(r) for r in runs] == [2, 1, 3]  # NaN and NA split the line
    assert sum(len(r) for r in runs) == 6
    (recent,) = _points(svg, "spark-recent")
    assert recent == runs[2]  # the last three values, 5, 6 and 7
    root = ET.fromstring(svg)
    strokes = {
        p.get("stroke").lower()
        for p in root.iter(f"{SVG}polyline")
        if p.get("class") == "spark-recent"
    }
    assert strokes == {ACCENT}


@pytest.mark.parametrize("values", [[], [0, 0, 0], [float("nan")] * 3])
def test_empty_or_zero_sparkline_is_a_flat_line_at_zero(values):
    svg = trends.sparkline_svg(values, label="none")
    lines = _points(svg, "spark-line")
    assert lines
    assert {y for line in lines for _, y in line} == {_zero(svg)}


def test_sparkline_label_is_escaped():
    svg = trends.sparkline_svg([1, 2], label='<script>alert("x")</script> & co')
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    assert root.get("aria-label") == '<script>alert("x")</script> & co'
    assert root.find(f"{SVG}title").text == '<script>alert("x")</script> & co'


# Events map ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def boundaries():
    gdf, _ = map_boundaries("bundled")
    return gdf


def _places(deaths):
    n = len(deaths)
    return pd.DataFrame(
        {
            "latitude": np.linspace(33.0, 36.5, n),
            "longitude": np.linspace(36.0, 40.0, n),
            "location": [f"place {i}" for i in range(n)],
            "events": [1 + i for i in range(n)],
            "deaths": deaths,
        }
    )


def _markers(ax):
    (scatter,) = [c for c in ax.collections if len(c.get_sizes())]
    return scatter


def _texts(fig):
    return [t.get_text() for t in fig.findobj(plt.Text)]


def test_every_place_is_one_marker_with_area_proportional_to_deaths(boundaries):
    points = _places([10, 40, 0, 20])
    fig = trends.events_map(points, boundaries, imprecise_events=12, imprecise_deaths=34)
    ax = fig.axes[0]
    scatter = _markers(ax)
    offsets = scatter.get_offsets()
    assert len(offsets) == 4
    by_place = {}
    for (lon, lat), size, face in zip(
        offsets, scatter.get_sizes(), scatter.get_facecolors(), strict=True
    ):
        row = points[np.isclose(points["longitude"], lon) & np.isclose(points["latitude"], lat)]
        by_place[int(row["deaths"].iloc[0])] = (size, face[3])
    assert by_place[40][0] / by_place[10][0] == pytest.approx(4)
    assert by_place[20][0] / by_place[10][0] == pytest.approx(2)
    assert by_place[0][1] == 0  # no deaths: a hollow marker
    assert all(alpha > 0 for d, (_, alpha) in by_place.items() if d)
    assert not_drawn_text(12, 34) in [t.replace("\n", " ") for t in _texts(fig)]
    plt.close(fig)


def test_largest_circle_is_capped_and_the_size_legend_has_round_values(boundaries):
    points = _places([5000, 1000, 3])
    fig = trends.events_map(points, boundaries, imprecise_events=1, imprecise_deaths=1)
    sizes = sorted(_markers(fig.axes[0]).get_sizes())
    assert sizes[-1] == pytest.approx(MAX_AREA)
    assert sizes[-1] / sizes[-2] == pytest.approx(5)
    legend = fig.axes[0].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    numbers = [int(t.replace(",", "")) for t in labels if re.fullmatch(r"[\d,]+", t)]
    assert 2 <= len(numbers) <= 3 and max(numbers) <= 5000
    for n in numbers:  # 1, 2 or 5 times a power of ten
        assert n / 10 ** math.floor(math.log10(n)) in (1, 2, 5)
    assert any("1 event (1 death)" in t.replace("\n", " ") for t in _texts(fig))
    plt.close(fig)


def test_legend_values_are_round_and_not_above_the_largest_place():
    assert legend_values(40) == [1, 5, 20]
    assert legend_values(2300) == [100, 500, 2000]
    assert legend_values(3) == [1, 2]
    assert legend_values(1) == [1]
    assert legend_values(0) == []


def test_no_note_when_every_event_is_located_and_one_collection_for_many_places(boundaries):
    few = trends.events_map(_places([1, 2, 3]), boundaries, imprecise_events=0, imprecise_deaths=0)
    assert not [t for t in _texts(few) if t.startswith("Not drawn")]
    collections = len(few.axes[0].collections)
    assert not _markers(few.axes[0]).get_rasterized()
    plt.close(few)
    rng = np.random.default_rng(0)
    many = _places(rng.integers(0, 50, 5000))
    fig = trends.events_map(many, boundaries, imprecise_events=0, imprecise_deaths=0)
    assert len(fig.axes[0].collections) == collections  # one scatter, not one per place
    assert len(_markers(fig.axes[0]).get_offsets()) == 5000
    assert _markers(fig.axes[0]).get_rasterized()  # one image in the SVG, not 5,000 paths
    plt.close(fig)


def test_no_located_events_says_so_and_still_draws_the_map(boundaries):
    fig = trends.events_map(
        _places([]), boundaries, imprecise_events=3, imprecise_deaths=0, source="UCDP GED"
    )
    ax = fig.axes[0]
    assert not [c for c in ax.collections if len(c.get_sizes())]
    assert ax.collections, "the governorates are drawn"
    texts = _texts(fig)
    assert any(t.startswith("No precisely located events") for t in texts)
    assert not_drawn_text(3, 0) in [t.replace("\n", " ") for t in texts]
    assert "Source: UCDP GED." in texts
    plt.close(fig)


def test_highlight_zooms_to_the_governorate(boundaries):
    fig = trends.events_map(
        _places([1]), boundaries, imprecise_events=0, imprecise_deaths=0, highlight="SY02"
    )
    ax = fig.axes[0]
    minx, miny, maxx, maxy = boundaries[boundaries["admin1_pcode"] == "SY02"].total_bounds
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 < minx < maxx < x1 and y0 < miny < maxy < y1
    assert x1 - x0 < (maxx - minx) + 1.0  # zoomed: a margin, not the whole country
    country = boundaries.total_bounds
    assert x1 - x0 < country[2] - country[0]
    plt.close(fig)


def test_a_short_series_names_days_and_an_empty_one_says_no_data():
    frame = _weekly(4)  # 4 Nov .. 1 Dec 2024
    fig = trends.small_multiples(
        frame, Period.of("2024-11-25", "2024-12-01"), names=NAMES, freq="W"
    )
    fig.canvas.draw()
    last_row = _panels(fig)["Gov 14"]
    assert [t.get_text() for t in last_row.get_xticklabels()] == ["4 Nov 2024", "1 Dec 2024"]
    plt.close(fig)
    empty = frame.iloc[0:0]
    period = Period.of("2024-11-25", "2024-12-01")
    fig = trends.small_multiples(empty, period, names=NAMES, freq="W")
    panels = _panels(fig)
    assert len(panels) == 14 and not any(_bars(ax) for ax in panels.values())
    assert _texts(fig).count("No data") == 14
    assert {tuple(_day(v) for v in ax.get_xlim()) for ax in panels.values()} == {
        (period.start, period.stop)
    }
    plt.close(fig)


def test_a_period_outside_the_series_is_not_shaded_and_a_bad_freq_is_refused():
    frame = _weekly(4)
    fig = trends.small_multiples(
        frame, Period.of("2025-03-03", "2025-03-09"), names=NAMES, freq="W"
    )
    ax = _panels(fig)["Gov 02"]
    assert not ax.patches  # no shaded span (and no no-data band)
    assert not [b for b in _bars(ax) if b[3] == ACCENT]
    plt.close(fig)
    with pytest.raises(ValueError, match="freq"):
        trends.small_multiples(
            frame, Period.of("2024-11-25", "2024-12-01"), names=NAMES, freq="fortnight"
        )


def test_the_size_legend_says_when_small_circles_are_enlarged(boundaries):
    # 1 death next to 1,000: drawn at the smallest visible size, larger than its share
    fig = trends.events_map(_places([1000, 1]), boundaries, imprecise_events=0, imprecise_deaths=0)
    enlarged = fig.axes[0].get_legend().get_title().get_text()
    plt.close(fig)
    fig = trends.events_map(_places([10, 1]), boundaries, imprecise_events=0, imprecise_deaths=0)
    title = fig.axes[0].get_legend().get_title().get_text()
    plt.close(fig)
    assert "enlarged" in enlarged and "enlarged" not in title  # said only when it is so
    assert title.startswith("Deaths at a place") and enlarged.startswith(title.rstrip(")"))


def test_not_drawn_note_counts_in_words():
    assert not_drawn_text(12, 34).startswith("Not drawn: 12 events (34 deaths) ")
    assert not_drawn_text(1, 1).startswith("Not drawn: 1 event (1 death) located")
    assert not_drawn_text(1200, 0).startswith("Not drawn: 1,200 events (0 deaths)")
    assert not_drawn_text(0, 0) == ""


def test_a_narrow_governorate_keeps_the_whole_title_legend_and_note_on_the_figure(boundaries):
    # Tartous zoomed is tall and narrow: a title over its axes ran off the page ("... to 31
    # Decemb"); the title, the size legend and the not-drawn note must stay on the figure and
    # the legend must not run into the note.
    note = "1 January 2017 to 31 December 2022"
    fig = trends.events_map(
        _places([1, 0, 250]),
        boundaries,
        imprecise_events=1234,
        imprecise_deaths=5678,
        highlight="SY10",
        title_note=note,
    )
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    title = " ".join(fig.get_suptitle().split())  # wrapped to the page's width
    assert title.endswith(f", {note}")  # the whole title, its period last
    shown = [t for t in fig.findobj(plt.Text) if t.get_text().strip() and t.get_visible()]
    for text in shown:
        box = text.get_window_extent(renderer)
        assert box.x0 >= -1 and box.x1 <= width + 1, text.get_text()
    legend = fig.axes[0].get_legend().get_window_extent(renderer)
    (drawn_note,) = [t for t in shown if t.get_text().startswith("Not drawn")]
    assert not legend.overlaps(drawn_note.get_window_extent(renderer))
    plt.close(fig)


def test_a_one_day_period_on_a_year_of_days_is_still_seen():
    # A day's report: 365 one-day bins; the period's shade is widened to 2% of the axis (about
    # 7 days, kept inside it) and its bar has an accent outline, so it is more than a hairline.
    days = pd.date_range(end="2019-12-23", periods=365, freq="D")
    frame = pd.DataFrame({"SY07": np.arange(365, dtype=float)}, index=days)
    fig = trends.small_multiples(
        frame, Period.of("2019-12-23", "2019-12-23"), names=NAMES, freq="D"
    )
    ax = _panels(fig)["Gov 07"]
    (shade,) = ax.patches
    low, high = ax.get_xlim()
    assert shade.get_width() == pytest.approx(0.02 * (high - low))
    assert shade.get_x() + shade.get_width() == pytest.approx(high)  # kept inside the axis
    (bars,) = [c for c in ax.collections if c.get_label() == "bars"]
    widths = bars.get_linewidths()
    assert widths[-1] > 0 and not any(widths[:-1])  # only the period's bar is outlined
    assert to_hex(bars.get_edgecolors()[-1]) == ACCENT
    plt.close(fig)


def test_a_panel_without_data_has_no_scale():
    frame = _weekly(4)
    frame["SY02"] = np.nan  # Gov 02 has no data at all
    period = Period.of("2024-11-25", "2024-12-01")
    free = trends.small_multiples(frame, period, names=NAMES, freq="W", scale="free")
    assert list(_panels(free)["Gov 02"].get_yticks()) == []  # not a "0" for no data
    assert list(_panels(free)["Gov 03"].get_yticks()) == [3]
    plt.close(free)
    shared = trends.small_multiples(frame, period, names=NAMES, freq="W")
    assert len(_panels(shared)["Gov 05"].get_yticks()) > 1  # the row's shared scale stays
    plt.close(shared)
    nothing = frame * np.nan  # a period before the data: no panel has data
    shared = trends.small_multiples(nothing, period, names=NAMES, freq="W")
    panels = _panels(shared)
    assert len(panels) == 14 and all(list(ax.get_yticks()) == [] for ax in panels.values())
    plt.close(shared)
