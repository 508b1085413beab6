"""How far one connected advance of one faction reached: the distance of each place it gained
from its starting point, with the farthest and median per time bin, isolated places hollow and
the farthest place named with its support."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from analysis import factions, places
from analysis.charts.bins import bin_words
from analysis.charts.control.common import HALO, fixed, legend_beside, plain
from analysis.charts.palettes import FACTION_COLOURS
from analysis.charts.style import (
    add_source,
    bin_lefts,
    bin_widths,
    new_axes,
    no_data,
    number_ticks,
    source_line,
    time_axis,
)
from analysis.i18n import _, ngettext, number
from analysis.metrics import control
from analysis.metrics.results import Period


def _place(points: pd.DataFrame, name: str) -> str:
    """A place of ``points`` by its name in the edition's language (matched with its
    coordinates when the points have them)."""
    if {"place", "latitude", "longitude"} <= set(points.columns):
        rows = points[points["place"].astype(str) == str(name)]
        if len(rows):
            return places.shown(
                str(name), float(rows["latitude"].iloc[0]), float(rows["longitude"].iloc[0])
            )
    return places.shown(str(name))


def _title_inside(ax: Axes, text: str) -> None:
    """``text`` as the chart's title, on two lines when one line would run out of the figure
    (a long faction label, or the Arabic edition's title starting at the axes' right edge)."""
    title = ax.set_title(text)
    ax.figure.draw_without_rendering()  # the layout places the axes beside their legend
    box, frame = title.get_window_extent(), ax.figure.bbox
    if box.x0 < frame.x0 or box.x1 > frame.x1:
        words = text.split()
        half = min(
            range(1, len(words)),
            key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))),
            default=1,
        )
        title.set_text(" ".join(words[:half]) + "\n" + " ".join(words[half:]))


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
    support: int | None = None,
    supported: tuple[str, pd.Timestamp, float] | None = None,
    link_km: float | None = None,
    support_km: float | None = None,
) -> Axes:
    """How far from its starting point ONE connected advance of one faction reached: each place
    it gained as a point (``points`` from :func:`analysis.metrics.control.place_distances`;
    isolated places, with no other gain within ``support_km``, hollow; places resting on a
    single weak source starred), and the farthest and median per bin (``by_bin`` from
    :func:`analysis.metrics.control.front_distance`) drawn at the middle of each bin; a single
    bin is drawn as points, not a line. ``farthest`` (place, day, km) is named with its
    ``support`` (changes within ``support_km``); ``supported`` (the farthest place that is not
    isolated, when the farthest is) is named too."""
    ax = new_axes(ax, figsize=(10, 4.8))
    if by_bin.empty or points.empty:
        return no_data(ax, _("No located change of control of this faction in this period"))
    colour = FACTION_COLOURS[role]
    half_day = pd.Timedelta(hours=12)
    isolated = (
        points["isolated"].astype(bool)
        if "isolated" in points
        else pd.Series(False, index=points.index)
    )
    size = 22 if len(points) <= 200 else 9
    for alone, label in (
        (False, _("A place gained by %(faction)s") % {"faction": factions.label(role)}),
        (
            True,
            _("Isolated: no other gain within %(km)s km") % {"km": number(support_km, 2)}
            if support_km
            else "",
        ),
    ):
        part = points[isolated == alone]
        if part.empty:
            continue
        ax.scatter(
            part["event_date"] + half_day,
            part["distance_km"].astype(float),
            s=size,
            facecolor="white" if alone else colour,
            edgecolor=colour if alone else "white",
            linewidth=1.2 if alone else 0.4,
            alpha=0.8 if not alone else 1.0,
            zorder=5,
            label=label,
        )
    weak = (
        points["weak_source"].notna()
        if "weak_source" in points
        else pd.Series(False, index=points.index)
    )
    for row in points[weak.to_numpy(dtype=bool)].itertuples(index=False):
        ax.annotate(
            "*",
            xy=(row.event_date + half_day, float(row.distance_km)),
            xytext=(3, 1),
            textcoords="offset points",
            fontsize=10,
            fontweight="bold",
            path_effects=HALO,
            zorder=6,
        )
    unit = bin_words(freq)[0]
    lefts = bin_lefts(by_bin["bin_start"], period)
    widths = bin_widths(by_bin["bin_start"], freq, period)
    middles = [
        pd.Timestamp(x) + pd.Timedelta(days=w / 2) for x, w in zip(lefts, widths, strict=True)
    ]
    if freq != "D":
        single = len(by_bin) == 1
        for column, style, text in (
            ("max_km", "-", _("Farthest place that %(unit)s") % {"unit": unit}),
            ("median_km", "--", _("Median of that %(unit)s's places") % {"unit": unit}),
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
            label=_("Farthest place that %(unit)s") % {"unit": unit},
            zorder=4,
        )
    if farthest is not None:
        place, when, km = farthest
        said = {
            "place": _place(points, place),
            "km": number(control.round_km(km)),
            "radius": number(support_km, 2) if support_km else "",
            "changes": number(support) if support is not None else "",
        }
        if support is not None and support_km and support == 1:
            text = _("%(place)s, %(km)s km (isolated: no other gain within %(radius)s km)") % said
        elif support is not None and support_km:
            text = (
                ngettext(
                    "%(place)s, %(km)s km (%(changes)s change within %(radius)s km)",
                    "%(place)s, %(km)s km (%(changes)s changes within %(radius)s km)",
                    int(support),
                )
                % said
            )
        else:
            text = _("%(place)s, %(km)s km") % said
        ax.annotate(
            plain(text),
            xy=(pd.Timestamp(when) + half_day, float(km)),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=8,
            path_effects=HALO,
            ha="right"
            if pd.Timestamp(when) > period.start + (period.end - period.start) / 2
            else "left",
        )
    if supported is not None:
        place, when, km = supported
        ax.annotate(
            plain(
                _("%(place)s, %(km)s km (farthest with another gain near it)")
                % {"place": _place(points, place), "km": number(control.round_km(km))}
            ),
            xy=(pd.Timestamp(when) + half_day, float(km)),
            xytext=(6, -10),
            textcoords="offset points",
            fontsize=8,
            path_effects=HALO,
            ha="right"
            if pd.Timestamp(when) > period.start + (period.end - period.start) / 2
            else "left",
        )
    ax.set_ylabel(_("Distance from the starting point (km)"))
    ax.yaxis.set_major_formatter(number_ticks())
    ax.set_ylim(bottom=0, top=float(points["distance_km"].max()) * 1.2 + 1)
    title = _("How far from its starting point one advance of %(faction)s reached") % {
        "faction": factions.label(role)
    }
    time_axis(ax, period)
    handles, _labels = ax.get_legend_handles_labels()
    if weak.any():
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="$*$",
                color="#1d1d1f",
                label=_("* rests on a single weak source (see note)"),
            )
        )
    legend_beside(ax, handles)
    if origin and link_km:
        where = _(
            "Starting point: %(lat)s° N, %(lon)s° E (centroid of the advance's gains on its "
            "first day); great-circle distances; one advance: gains linked by a chain of gains "
            "each within %(km)s km; other factions' gains and separate advances are not drawn."
        ) % {"lat": fixed(origin[0], 2), "lon": fixed(origin[1], 2), "km": number(link_km, 2)}
    elif origin:
        where = _(
            "Starting point: %(lat)s° N, %(lon)s° E (centroid of the advance's gains on its "
            "first day); great-circle distances; other factions' gains and separate advances "
            "are not drawn."
        ) % {"lat": fixed(origin[0], 2), "lon": fixed(origin[1], 2)}
    else:
        where = _("Great-circle distances.")
    add_source(ax, source_line([source], as_of) + " " + where)
    _title_inside(ax, title)
    return ax
