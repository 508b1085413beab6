"""Territorial control charts: who holds each place on a date, the pace of the advance, how far
the front moved, and reported shares of territory.

Every colour is ``FACTION_COLOURS[role]`` and every legend label ``FACTION_LABELS[role]``, with
roles from :mod:`analysis.factions` listed in one order, so a faction looks the same in every
chart. Each helper takes tidy data and an optional ``ax``, returns the Axes, and writes the
source and as-of date under the chart.
"""

from __future__ import annotations

import math

import geopandas as gpd
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis import control, factions, gazetteer
from analysis.charts import maps
from analysis.charts.palettes import FACTION_COLOURS
from analysis.charts.style import add_source, new_axes, no_data, source_line

HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]
DAILY_LIMIT_DAYS = 120
"""Periods longer than this are drawn per ISO week instead of per day."""
BEFORE_MARKER = "s"
CHANGED_MARKER = "o"
ZOOM_MARGIN = 0.25  # degrees around a governorate the map is zoomed to


def _date_text(value: object) -> str:
    return f"{pd.Timestamp(value):%-d %B %Y}"


def plain(text: str) -> str:
    """Text from data drawn as written: a "$" would otherwise start matplotlib mathtext."""
    return str(text).replace("$", r"\$")


def faction_handles(roles: list[str], kind: str = "patch", counts: dict | None = None) -> list:
    """Legend entries for ``roles`` (in legend order): coloured patches (bars) or markers."""
    handles = []
    for role in factions.in_legend_order(roles):
        text = factions.label(role)
        if counts is not None and role in counts:
            text += f" ({counts[role]:,})"
        colour = FACTION_COLOURS[role]
        if kind == "marker":
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=CHANGED_MARKER,
                    linestyle="none",
                    markerfacecolor=colour,
                    markeredgecolor="white",
                    markersize=8,
                    label=text,
                )
            )
        else:
            handles.append(Patch(facecolor=colour, edgecolor="none", label=text))
    return handles


def period_freq(dates: pd.Series) -> str:
    """Days ("D") for periods up to DAILY_LIMIT_DAYS long, else ISO weeks ("W")."""
    if dates.empty:
        return "D"
    span = (dates.max() - dates.min()).days + 1
    return "D" if span <= DAILY_LIMIT_DAYS else "W"


def _date_axis(ax: Axes, dates: pd.Series) -> None:
    """Date ticks on whole days (never two ticks with one label), with half a day of margin."""
    first, last = pd.Timestamp(dates.min()), pd.Timestamp(dates.max())
    span = (last - first).days
    if span <= 20:
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, math.ceil((span + 1) / 8))))
        ax.set_xlim(first - pd.Timedelta(hours=14), last + pd.Timedelta(hours=14))
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b\n%Y"))


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


def _fit_figure(ax: Axes, map_width: float = 5.9, extra: float = 0.9) -> None:
    """Give the figure the height the map needs at its aspect (no empty band under it)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    ratio = (y1 - y0) / ((x1 - x0) * math.cos(math.radians((y0 + y1) / 2)))
    ax.figure.set_size_inches(map_width + 2.5, max(3.5, map_width * ratio + extra))


def _marker_size(n: int) -> float:
    return 46 if n <= 80 else 18 if n <= 600 else 7


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
) -> Axes:
    """Places coloured by the faction holding them on ``date`` (tidy ``holders`` from
    :func:`analysis.control.holder_at`), on the governorate base map.

    Circles: the place changed hands in the period (``changed_since``); squares: its last
    recorded change is older. Places without coordinates are counted in the footnote.
    ``focus`` (a P-code) zooms to one governorate, keeping the neighbours' outlines.
    ``label_places`` (rows of ``holders``) are named on the map; by default the provincial
    capitals among the holders, in English and Arabic.
    """
    own_figure = ax is None
    ax = maps.base_map(boundaries, ax=new_axes(ax, figsize=(9.5, 7.2)), labels=False)
    if focus is not None:
        _zoom(ax, boundaries, focus)
    if own_figure:
        _fit_figure(ax)
    located = holders[holders["has_coordinates"].astype(bool)] if len(holders) else holders
    unlocated = len(holders) - len(located)
    size = _marker_size(len(located))
    counts = holders["holder_role"].value_counts().to_dict() if len(holders) else {}
    for role in factions.in_legend_order(located["holder_role"].unique() if len(located) else []):
        colour = FACTION_COLOURS[role]
        rows = located[located["holder_role"] == role]
        changed = rows["changed_since"].astype(bool)
        ax.scatter(
            rows.loc[changed, "longitude"],
            rows.loc[changed, "latitude"],
            s=size,
            marker=CHANGED_MARKER,
            facecolor=colour,
            edgecolor="white",
            linewidth=0.6,
            zorder=4,
        )
        ax.scatter(
            rows.loc[~changed, "longitude"],
            rows.loc[~changed, "latitude"],
            s=size * 0.8,
            marker=BEFORE_MARKER,
            facecolor="white",
            edgecolor=colour,
            linewidth=1.1,
            zorder=3,
        )
    if label_places is None:
        label_places = control.capitals(located) if len(located) else located
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
    handles = faction_handles(list(counts), kind="marker", counts=counts)
    if len(located) and not located["changed_since"].astype(bool).all():
        handles += [
            Line2D([], [], linestyle="none", label=""),
            Line2D(
                [],
                [],
                marker=CHANGED_MARKER,
                linestyle="none",
                markerfacecolor="#777777",
                markeredgecolor="white",
                markersize=8,
                label="changed hands in the period",
            ),
            Line2D(
                [],
                [],
                marker=BEFORE_MARKER,
                linestyle="none",
                markerfacecolor="white",
                markeredgecolor="#777777",
                markersize=7,
                label="last changed before the period",
            ),
        ]
    if handles:
        ax.legend(
            handles=handles,
            title="Held by (places)",
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            fontsize=8,
            title_fontsize=8,
            alignment="left",
        )
    else:
        ax.text(
            0.5,
            0.04,
            "No place with a recorded change of control",
            ha="center",
            transform=ax.transAxes,
            color="#5a5a5f",
        )
    ax.set_title(f"Who held each place on {_date_text(date)}")
    text = source_line([source], as_of)
    text += " Each point is a place, coloured by the faction that gained it in its last change."
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
# Timeline of the advance


def advance_timeline(
    changes: pd.DataFrame,
    ax: Axes | None = None,
    *,
    source: str,
    as_of: str | None = None,
    freq: str | None = None,
) -> Axes:
    """Stacked bars of places changing hands per day (or week, for long periods) by gaining
    faction (tidy ``changes`` in the CONTROL_CHANGES schema)."""
    ax = new_axes(ax, figsize=(10, 4.6))
    if changes.empty:
        return no_data(ax, "No change of control in this period")
    freq = freq or period_freq(changes["event_date"])
    table = control.changes_per_day(changes, freq=freq)
    wide = table.pivot(index="period_start", columns="gaining_role", values="places").fillna(0)
    order = factions.in_legend_order(wide.columns)
    width = 0.8 if freq == "D" else 5.6
    bottom = np.zeros(len(wide))
    for role in order:
        values = wide[role].to_numpy(dtype=float)
        ax.bar(
            wide.index,
            values,
            bottom=bottom,
            width=width,
            color=FACTION_COLOURS[role],
            edgecolor="white",
            linewidth=0.4,
        )
        bottom += values
    unit = "day" if freq == "D" else "week"
    ax.set_ylabel(f"Places changing hands per {unit}")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.08)
    ax.set_title(f"Places changing hands per {unit}, by gaining faction")
    _date_axis(ax, wide.index.to_series())
    totals = control.places_by_gaining_role(changes).set_index("gaining_role")["places"]
    ax.legend(
        handles=faction_handles(order, counts=totals.to_dict()),
        title="Gained by (places in the period)",
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        title_fontsize=8,
        alignment="left",
    )
    note = f" A place is counted once per {unit} and faction; a place taken twice counts twice."
    add_source(ax, source_line([source], as_of) + note)
    return ax


# ---------------------------------------------------------------------------------------------
# Distance of the front


def front_distance(
    distances: pd.DataFrame,
    ax: Axes | None = None,
    *,
    source: str,
    as_of: str | None = None,
    points: pd.DataFrame | None = None,
    origin: tuple[float, float] | None = None,
) -> Axes:
    """Distance of each day's captured places from the starting point: the farthest and the
    median per day or week (tidy ``distances`` from :func:`analysis.control.front_distance`),
    over every place as a point coloured by gaining faction (``points`` from
    :func:`analysis.control.place_distances`)."""
    ax = new_axes(ax, figsize=(10, 4.8))
    if distances.empty:
        return no_data(ax, "No located change of control in this period")
    roles: list[str] = []
    if points is not None and not points.empty:
        roles = factions.in_legend_order(points["gaining_role"].unique())
        for role in roles:
            rows = points[points["gaining_role"] == role]
            ax.scatter(
                rows["event_date"],
                rows["distance_km"].astype(float),
                s=22 if len(points) <= 200 else 8,
                color=FACTION_COLOURS[role],
                alpha=0.85,
                edgecolor="white",
                linewidth=0.4,
                zorder=3,
            )
    weekly = len(distances) > 1 and distances["period_start"].diff().min() >= pd.Timedelta(days=7)
    unit = "week" if weekly else "day"
    # Days (weeks) without a located change are gaps in the lines, not interpolated.
    full = pd.date_range(
        distances["period_start"].min(),
        distances["period_start"].max(),
        freq="7D" if weekly else "D",
        name="period_start",
    )
    series = distances.set_index("period_start").reindex(full)
    for column, style, text in (
        ("max_km", "-", f"Farthest place that {unit}"),
        ("median_km", "--", f"Median of that {unit}'s places"),
    ):
        ax.plot(
            series.index,
            series[column].astype(float),
            color="#333333",
            linewidth=1.4 if column == "max_km" else 1.0,
            linestyle=style,
            marker="o" if column == "max_km" else None,
            markersize=2.5,
            label=text,
            zorder=4,
        )
    if points is not None and not points.empty:
        far = points.loc[points["distance_km"].astype(float).idxmax()]
        ax.annotate(
            plain(f"{far['place']}, {control.round_km(far['distance_km']):,} km"),
            xy=(far["event_date"], float(far["distance_km"])),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=8,
            path_effects=HALO,
        )
    ax.set_ylabel("Distance from the starting point (km)")
    ax.set_ylim(bottom=0, top=float(distances["max_km"].max()) * 1.15 + 1)
    ax.set_title("How far from the starting point places changed hands")
    lines, _ = ax.get_legend_handles_labels()
    ax.legend(
        handles=[*lines, *faction_handles(roles, kind="marker")],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        alignment="left",
    )
    _date_axis(ax, distances["period_start"])
    where = (
        f" Starting point: {origin[0]:.2f}° N, {origin[1]:.2f}° E (centroid of the first day's "
        "changes); great-circle distances."
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
    shares: pd.DataFrame,
    ax: Axes | None = None,
    *,
    source: str,
    as_of: str | None = None,
) -> Axes:
    """Reported shares of Syria's territory, one stacked bar per report (organisation and
    as-of date), a segment per faction coloured by role and labelled with the value and its
    qualifier as published. Only ``share_of_territory`` rows in percent with a number are
    drawn; a report whose shares sum above 100% is annotated, a figure with a conflict note is
    outlined with dashes and marked †, and the part of a bar a report leaves unassigned stays
    empty."""
    rows = control.shares_of_territory(shares)
    rows = rows[(rows["unit"] == "percent") & rows["value"].notna()].copy()
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
        total = float(parts["value"].sum())
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
