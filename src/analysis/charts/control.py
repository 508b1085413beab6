"""Territorial control charts: the last known holder of each place, the pace of changes of
control, how far one faction's front reached, and reported shares of territory.

Every colour is ``FACTION_COLOURS[role]`` and every legend label ``FACTION_LABELS[role]``, with
roles from :mod:`analysis.factions` listed in one order, so a faction looks the same in every
chart. Each helper takes tidy data from :mod:`analysis.metrics.control` and an optional ``ax``,
draws only, returns the Axes, and writes the source and as-of date under the chart. Time axes
are bounded to the report's period (:func:`analysis.charts.style.time_axis`); legends stay
inside the figure.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis import factions, gazetteer
from analysis.charts import maps
from analysis.charts.palettes import FACTION_COLOURS
from analysis.charts.style import (
    add_source,
    bin_lefts,
    bin_widths,
    new_axes,
    no_data,
    source_line,
    time_axis,
)
from analysis.metrics import control
from analysis.metrics.results import Period, day_text
from analysis.metrics.time import NAMES

HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]
MARKER = "o"
ZOOM_MARGIN = 0.25  # degrees around a governorate the map is zoomed to
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
AGE_LEGEND = {
    "recent": "in the period",
    "year_before": "in the year before it",
    "older": "more than a year before it",
}
"""Default legend text of each age group (a report passes its own, with dates)."""


def _date_text(value: object) -> str:
    return day_text(value)


def plain(text: str) -> str:
    """Text from data drawn as written: a "$" would otherwise start matplotlib mathtext."""
    return str(text).replace("$", r"\$")


def _marker(colour: str, age: str = "recent", label: str = "", size: float = 8) -> Line2D:
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
            text += f" ({counts[role]:,})"
        colour = FACTION_COLOURS[role]
        if kind == "marker":
            handles.append(_marker(colour, label=text))
        else:
            handles.append(Patch(facecolor=colour, edgecolor="none", label=text))
    return handles


def _legend(ax: Axes, handles: list, title: str | None = None):
    return ax.legend(
        handles=handles,
        title=title,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        title_fontsize=8,
        alignment="left",
    )


def _room_for_legend(ax: Axes, rows: int, extra: float = 1.1, width: float | None = None) -> None:
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


# ---------------------------------------------------------------------------------------------
# Map


def _zoom(ax: Axes, boundaries: gpd.GeoDataFrame, pcode: str) -> None:
    focus = boundaries[boundaries["admin1_pcode"] == pcode]
    if focus.empty:
        return
    minx, miny, maxx, maxy = focus.total_bounds
    margin = max(ZOOM_MARGIN, 0.12 * max(maxx - minx, maxy - miny))
    ax.set_xlim(minx - margin, maxx + margin)
    ax.set_ylim(miny - margin, maxy + margin)
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
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


def capital_label(place: str, pcode: str | None) -> str:
    """A provincial capital's label: its name, and the Arabic name of the city (which is the
    governorate's Arabic name, e.g. "Hama" and "حماة"), on two lines."""
    gov = gazetteer.by_pcode().get(str(pcode)) if pcode is not None else None
    if gov is None or not gov.name_ar:
        return str(place)
    return f"{place}\n{gov.name_ar}"


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
    age_legend: dict[str, str] | None = None,
) -> Axes:
    """Places coloured by their last known holder on ``date`` (tidy ``holders`` from
    :func:`analysis.metrics.control.holder_at`, with its ``age``), on the governorate base map.

    Filled circles: the place's last change is recent (``age``); hollow circles: in the year
    before; faded hollow circles: older (``age_legend`` says when each group is). Places
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
    unlocated = len(holders) - len(located)
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
    maps.label_governorates(ax, unnamed, fontsize=7.5)
    centres = unnamed.geometry.representative_point()
    obstacles = np.column_stack(
        [
            np.concatenate([located["longitude"].to_numpy(float), centres.x.to_numpy(float)]),
            np.concatenate([located["latitude"].to_numpy(float), centres.y.to_numpy(float)]),
        ]
    )
    _label_places(ax, label_places, obstacles)
    # The legend's counts are the metrics layer's (places per age group and holder).
    table = control.holders_by_age(holders)
    counts = table.groupby("holder_role")["places"].sum().to_dict() if len(table) else {}
    recent = table[table["age"] == "recent"]
    in_period = dict(zip(recent["holder_role"], recent["places"], strict=True))
    handles = []
    for role in factions.in_legend_order(counts):
        now, total = int(in_period.get(role, 0)), int(counts[role])
        text = f"{factions.label(role)} ({now:,}"
        text += f" filled, {total - now:,} hollow)" if total > now else ")"
        handles.append(Patch(facecolor=FACTION_COLOURS[role], edgecolor="none", label=text))
    title = "Last known holder (places)"
    ages = table.groupby("age")["places"].sum().to_dict() if len(table) else {}
    if handles:
        if set(ages) != {"recent"}:
            handles.append(Line2D([], [], linestyle="none", label=""))
            handles.append(Line2D([], [], linestyle="none", label="Last recorded change:"))
        for age in control.AGES if set(ages) != {"recent"} else ():
            if ages.get(age):
                text = f"{(age_legend or AGE_LEGEND)[age]} ({ages[age]:,})"
                handles.append(_marker("#555555", age, text))
        if own_figure:  # a figure legend, which the layout keeps inside the figure
            ax.figure.legend(
                handles=handles,
                title=title,
                loc="outside right upper",
                fontsize=8,
                title_fontsize=8,
                alignment="left",
            )
            _room_for_legend(ax, len(handles) + 2, width=MAP_WIDTH)
        else:
            _legend(ax, handles, title=title)
    else:
        ax.text(
            0.5,
            0.04,
            "No place with a recorded change of control",
            ha="center",
            transform=ax.transAxes,
            color="#5a5a5f",
        )
    ax.set_title(f"Last known holder of each place, {_date_text(date)}")
    text = source_line([source], as_of)
    text += (
        " Each point is a place, coloured by the faction that gained it in its last recorded "
        "change; filled points changed hands recently (see the legend). A hollow point is the "
        "last known holder, not current control."
    )
    if unlocated:
        text += (
            f" {unlocated:,} place{'s' if unlocated != 1 else ''} without coordinates "
            "(listed in the table) not drawn."
        )
    add_source(ax, text)
    return ax


# (offset in points, horizontal alignment, vertical alignment), tried in this order.
_LABEL_SPOTS: tuple[tuple[tuple[int, int], str, str], ...] = (
    ((5, -3), "left", "top"),
    ((-5, -3), "right", "top"),
    ((5, 3), "left", "bottom"),
    ((-5, 3), "right", "bottom"),
)
_LABEL_SIZE = 8.0


def _label_places(ax: Axes, places: pd.DataFrame, obstacles: np.ndarray) -> None:
    """Name ``places`` beside their points, on the side that covers the fewest other points,
    governorate names and labels already placed (text extents measured by the renderer)."""
    if places.empty:
        return
    ax.apply_aspect()
    renderer = ax.figure.canvas.get_renderer()
    to_px = ax.transData.transform
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    others = to_px(obstacles) if len(obstacles) else np.empty((0, 2))
    placed: list = []
    for row in places.drop_duplicates(subset=["place", "admin1_pcode"]).itertuples(index=False):
        if pd.isna(row.latitude) or pd.isna(row.longitude):
            continue
        if not (xmin <= row.longitude <= xmax and ymin <= row.latitude <= ymax):
            continue
        pcode = None if pd.isna(row.admin1_pcode) else str(row.admin1_pcode)
        label = ax.annotate(
            plain(capital_label(str(row.place), pcode)),
            (row.longitude, row.latitude),
            xytext=_LABEL_SPOTS[0][0],
            textcoords="offset points",
            fontsize=_LABEL_SIZE,
            fontweight="bold",
            color="#1d1d1f",
            linespacing=0.95,
            path_effects=HALO,
            zorder=6,
        )
        best, best_score = _LABEL_SPOTS[0], None
        for spot in _LABEL_SPOTS:
            _place_label(label, spot)
            box = label.get_window_extent(renderer).padded(2)
            covered = int(
                (
                    (others[:, 0] >= box.x0)
                    & (others[:, 0] <= box.x1)
                    & (others[:, 1] >= box.y0)
                    & (others[:, 1] <= box.y1)
                ).sum()
            )
            score = covered + 5 * sum(box.overlaps(other) for other in placed)
            if best_score is None or score < best_score:
                best, best_score = spot, score
        _place_label(label, best)
        placed.append(label.get_window_extent(renderer))


def _place_label(label, spot) -> None:
    (dx, dy), ha, va = spot
    label.xyann = (dx, dy)
    label.set_horizontalalignment(ha)
    label.set_verticalalignment(va)


# ---------------------------------------------------------------------------------------------
# Pace of changes of control


def advance_timeline(
    table: pd.DataFrame,
    period: Period,
    freq: str,
    ax: Axes | None = None,
    *,
    source: str,
    as_of: str | None = None,
    totals: dict[str, int] | None = None,
) -> Axes:
    """Stacked bars of changes of control per bin of ``period`` by gaining faction (tidy
    ``table`` from :func:`analysis.metrics.control.changes_by_bin`); each bar covers exactly
    the days of its bin inside the period. ``totals`` (role -> places) label the legend."""
    ax = new_axes(ax, figsize=(10, 4.6))
    if table.empty or int(table["changes"].sum()) == 0:
        return no_data(ax, "No change of control in this period")
    wide = table.pivot(index="bin_start", columns="gaining_role", values="changes").fillna(0)
    order = factions.in_legend_order(wide.columns)
    lefts, widths = bin_lefts(wide.index, period), bin_widths(wide.index, freq, period)
    gap = 0.15 if freq == "D" else 0.0
    if len(wide) == 1:  # one bin: a bar in its middle, not a block filling the chart
        gap = widths[0] * 0.7
    bottom = np.zeros(len(wide))
    for role in order:
        values = wide[role].to_numpy(dtype=float)
        ax.bar(
            [pd.Timestamp(x) + pd.Timedelta(days=gap / 2) for x in lefts],
            values,
            bottom=bottom,
            width=[w - gap for w in widths],
            align="edge",
            color=FACTION_COLOURS[role],
            edgecolor="white",
            linewidth=0.4,
        )
        bottom += values
    unit = NAMES[freq]
    ax.set_ylabel(f"Changes of control per {unit}")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.08)
    ax.set_title(f"Changes of control per {unit}, by gaining faction")
    time_axis(ax, period)
    handles = faction_handles(order, counts=totals)
    _legend(ax, handles, title="Gained by (places in the period)")
    _room_for_legend(ax, len(handles) + 1)
    note = f" Each change of control is counted in its {unit}; a place taken twice counts twice."
    add_source(ax, source_line([source], as_of) + note)
    return ax


# ---------------------------------------------------------------------------------------------
# Distance of one front


def front_distance(
    by_bin: pd.DataFrame,
    points: pd.DataFrame,
    period: Period,
    freq: str,
    ax: Axes | None = None,
    *,
    role: str,
    source: str,
    as_of: str | None = None,
    origin: tuple[float, float] | None = None,
    farthest: tuple[str, pd.Timestamp, float] | None = None,
) -> Axes:
    """How far from its starting point ONE faction's gains lay: each place it gained as a point
    (``points`` from :func:`analysis.metrics.control.place_distances`), and the farthest and
    median per bin (``by_bin`` from :func:`analysis.metrics.control.front_distance`) drawn at
    the middle of each bin; a single bin is drawn as points, not a line. ``farthest`` (place,
    day, km) is named."""
    ax = new_axes(ax, figsize=(10, 4.8))
    if by_bin.empty or points.empty:
        return no_data(ax, "No located change of control of this faction in this period")
    colour = FACTION_COLOURS[role]
    half_day = pd.Timedelta(hours=12)
    ax.scatter(
        points["event_date"] + half_day,
        points["distance_km"].astype(float),
        s=22 if len(points) <= 200 else 9,
        color=colour,
        alpha=0.8,
        edgecolor="white",
        linewidth=0.4,
        zorder=5,
        label=f"A place gained by {factions.label(role)}",
    )
    unit = NAMES[freq]
    lefts = bin_lefts(by_bin["bin_start"], period)
    widths = bin_widths(by_bin["bin_start"], freq, period)
    middles = [
        pd.Timestamp(x) + pd.Timedelta(days=w / 2) for x, w in zip(lefts, widths, strict=True)
    ]
    if freq != "D":
        single = len(by_bin) == 1
        for column, style, text in (
            ("max_km", "-", f"Farthest place that {unit}"),
            ("median_km", "--", f"Median of that {unit}'s places"),
        ):
            ax.plot(
                middles,
                by_bin[column].astype(float),
                color="#333333",
                linewidth=0 if single else (1.4 if column == "max_km" else 1.0),
                linestyle=style,
                marker="o" if column == "max_km" else "D",
                markersize=2.5,
                label=text,
                zorder=4,
            )
    else:
        # Daily: the farthest place of each day, joined only across consecutive days; a day
        # alone is its point.
        series = by_bin.set_index("bin_start")["max_km"].astype(float)
        full = pd.date_range(series.index.min(), series.index.max(), freq="D")
        series = series.reindex(full)
        ax.plot(
            full + half_day,
            series.to_numpy(),
            color="#333333",
            linewidth=1.0,
            label="Farthest place that day",
            zorder=4,
        )
    if farthest is not None:
        place, when, km = farthest
        ax.annotate(
            plain(f"{place}, {control.round_km(km):,} km"),
            xy=(pd.Timestamp(when) + half_day, float(km)),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=8,
            path_effects=HALO,
        )
    ax.set_ylabel("Distance from the starting point (km)")
    ax.set_ylim(bottom=0, top=float(points["distance_km"].max()) * 1.15 + 1)
    ax.set_title(f"How far from its starting point {factions.label(role)} gained places")
    time_axis(ax, period)
    handles, _ = ax.get_legend_handles_labels()
    _legend(ax, handles)
    where = (
        f" Starting point: {origin[0]:.2f}° N, {origin[1]:.2f}° E (centroid of the places this "
        "faction gained on its first day); great-circle distances; other factions' gains are "
        "not drawn."
        if origin
        else " Great-circle distances."
    )
    add_source(ax, source_line([source], as_of) + where)
    return ax


# ---------------------------------------------------------------------------------------------
# Shares of territory


def _report_label(organisation: str, label: object, date: object) -> str:
    if label is None or pd.isna(label) or str(label) == "":
        when = "undated"
    elif len(str(label)) == 7:  # a month, "2017-01"
        when = f"{pd.Timestamp(date):%b %Y}"
    else:
        when = f"{pd.Timestamp(date):%-d %b %Y}"
    return plain(f"{organisation}\n{when}")


def territory_shares(
    drawn: pd.DataFrame,
    sums: pd.DataFrame,
    ax: Axes | None = None,
    *,
    source: str,
    as_of: str | None = None,
) -> Axes:
    """Reported shares of Syria's territory, one stacked bar per report (organisation and
    as-of date), a segment per faction coloured by role and labelled with the value and its
    qualifier as published (``drawn`` from :func:`analysis.metrics.control.drawn_shares`);
    a report whose shares sum above 100% (``sums`` from
    :func:`analysis.metrics.control.share_sums`) is annotated, a figure with a conflict note is
    outlined with dashes and marked †, and the part of a bar a report leaves unassigned stays
    empty."""
    rows = drawn.copy()
    if rows.empty:
        return no_data(new_axes(ax), "No reported share of territory")
    rows["label"] = rows["as_of_label"].fillna("")
    rows["sort_date"] = rows["as_of_date"].fillna(pd.Timestamp.max.normalize())
    reports = (
        rows.groupby(["organisation", "label"], dropna=False)
        .agg(sort_date=("sort_date", "min"), as_of_date=("as_of_date", "min"))
        .reset_index()
        .sort_values(["sort_date", "organisation"], ascending=[False, True])
        .reset_index(drop=True)
    )
    ax = new_axes(ax, figsize=(10, 1.6 + 0.55 * len(reports)))
    totals = {
        (r.organisation, r.as_of_label): float(r.total_pct) for r in sums.itertuples(index=False)
    }
    order = {r: i for i, r in enumerate(factions.ROLES)}
    rows["role_order"] = rows["role"].map(order)
    conflicted = False
    for y, report in enumerate(reports.itertuples(index=False)):
        parts = rows[
            (rows["organisation"] == report.organisation) & (rows["label"] == report.label)
        ].sort_values(["role_order", "value"], ascending=[True, False])
        left = 0.0
        for part in parts.itertuples(index=False):
            value = float(part.value)
            has_conflict = "conflict_note" in rows and pd.notna(part.conflict_note)
            conflicted |= has_conflict
            ax.barh(
                y,
                value,
                left=left,
                height=0.62,
                color=FACTION_COLOURS[part.role],
                edgecolor="#1d1d1f" if has_conflict else "white",
                linestyle="--" if has_conflict else "-",
                linewidth=1.1 if has_conflict else 0.6,
            )
            qualifier = f"{part.qualifier} " if pd.notna(part.qualifier) else ""
            text = f"{qualifier}{value:g}%{' †' if has_conflict else ''}"
            if value >= 9:
                dark = part.role in ("isis", "government", "hts_moc")
                ax.text(
                    left + value / 2,
                    y,
                    text,
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color="white" if dark else "#1d1d1f",
                )
            else:
                ax.annotate(
                    text,
                    (left + value, y),
                    xytext=(0, 12),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    color="#1d1d1f",
                )
            left += value
        total = totals[(report.organisation, report.label)]
        if total > 100.005:
            summary = f"sums to {total:.2f}%"
            colour, weight = "#D55E00", "bold"
        elif total < 99.5:
            summary = f"rest ({100 - total:.1f}%) not given"
            colour, weight = "#5a5a5f", "normal"
        else:
            summary, colour, weight = "", "#5a5a5f", "normal"
        if summary:
            ax.text(
                max(total, 100) + 1.5,
                y,
                summary,
                va="center",
                fontsize=7.5,
                color=colour,
                fontweight=weight,
            )
    ax.axvline(100, color="#555555", linewidth=0.8, linestyle=":")
    ax.set_yticks(
        range(len(reports)),
        [_report_label(r.organisation, r.label, r.as_of_date) for r in reports.itertuples()],
        fontsize=8,
    )
    ax.set_xlim(0, 128)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel("Share of Syria's territory (%), as published")
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_title("Reported shares of territory, by report")
    handles = faction_handles(list(rows["role"].unique()))
    if conflicted:
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="#1d1d1f",
                linestyle="--",
                label="† sources disagree (see notes)",
            )
        )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        alignment="left",
    )
    add_source(
        ax,
        source_line([source], as_of)
        + " Each bar is one report; factions as each organisation names them, coloured by role.",
    )
    return ax
