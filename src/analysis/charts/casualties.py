"""Casualty charts: reported cumulative tolls, deaths per day/week/month/year in recorded events
(events dated only to a span drawn apart, over their span), deaths by category, two sources.

Every function draws what it is given (tidy frames from :mod:`analysis.metrics.casualties`) and
computes nothing; each states its source and the as-of date of the data it shows once, in the
footnote; time axes are bounded to the report's period (:func:`~analysis.charts.style.time_axis`).
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.charts.bins import bin_words
from analysis.charts.palettes import (
    FACTION_COLOURS,
    ORGANISATION_MARKERS,
    SIDE_COLOURS,
    SIDE_LABELS,
)
from analysis.charts.style import (
    add_source,
    bin_lefts,
    bin_widths,
    new_axes,
    no_data,
    source_line,
    time_axis,
    use_house_style,
)
from analysis.i18n import _, date, gettext, number, pgettext, qualified
from analysis.metrics.results import Period, day_text
from analysis.metrics.time import NAMES
from analysis.organisations import shown as organisation_shown


def bin_word(freq: str) -> str:
    """One bin of ``freq`` (D, W, M, Y) in words, in the report's language: "week" (the words
    of :func:`analysis.charts.bins.bin_words`)."""
    return bin_words(freq)[0]


def bins_word(freq: str) -> str:
    """Several bins of ``freq`` in words: "weeks"."""
    return {
        "D": pgettext("chart bins", "days"),
        "W": pgettext("chart bins", "weeks"),
        "M": pgettext("chart bins", "months"),
        "Y": pgettext("chart bins", "years"),
    }.get(freq, NAMES.get(freq, freq) + "s")


def _thousands() -> FuncFormatter:
    return FuncFormatter(lambda value, pos: number(value))


def _count_axis(axis) -> None:
    """Whole numbers only, with thousands separators: a count of 1 is never ticked 0, 0, 1, 1."""
    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(_thousands())


BAR_COLOUR = "#6b8fb5"  # a mid blue: the low-high lines (black) stay visible on the bars
RANGE_COLOUR = "#1a1a1a"
LOWER_BOUND_QUALIFIERS = {"at least", "more than", "over"}
LABELLED_SPANS = 6
"""Spans drawn apart whose total is written on the chart (the largest)."""
SIDES = ("deaths_total", "deaths_rebels", "deaths_government_side", "deaths_civilians")


def _is_lower_bound(qualifiers: pd.Series) -> pd.Series:
    return qualifiers.fillna("").str.lower().isin(LOWER_BOUND_QUALIFIERS)


def main_organisation(tolls: pd.DataFrame) -> str | None:
    """The organisation with the most reported overall tolls (SOHR in the bundled data)."""
    counts = tolls.dropna(subset=["deaths_total"])["organisation"].value_counts()
    return str(counts.index[0]) if len(counts) else None


def _day_axis(ax: Axes, period: Period | None) -> None:
    if period is not None:
        time_axis(ax, period)
        return
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    ax.xaxis.set_major_formatter(  # "08 Dec" over "2024", in the edition's words
        FuncFormatter(lambda value, _pos: date(mdates.num2date(value), "dd MMM\ny"))
    )


def _lower_bound_handle() -> Line2D:
    return Line2D(
        [],
        [],
        marker="^",
        linestyle="none",
        color="#555555",
        label=_('▲ lower bound ("at least", "more than")'),
    )


def reported_tolls(
    tolls: pd.DataFrame, *, as_of: str | None = None, period: Period | None = None
) -> Figure:
    """Two panels: the main organisation's cumulative toll by side, and civilian deaths by
    organisation. Every published figure is a marker (two disagreeing reports for one day show
    as two markers); the line joins each day's latest report; lower bounds are triangles."""
    use_house_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.8), sharex=True)
    main_rows = tolls[tolls["series"] == "offensive"] if "series" in tolls else tolls
    organisation = main_organisation(main_rows)
    if organisation is None:
        no_data(left, _("No overall toll reported in this period"))
    else:
        rows = main_rows[main_rows["organisation"] == organisation].sort_values(
            ["as_of_date", "report_date"]
        )
        for side in SIDES:
            values = rows.dropna(subset=[side])
            if values.empty:
                continue
            colour = SIDE_COLOURS[side]
            latest = values.groupby("as_of_date", as_index=False).tail(1)
            left.plot(
                latest["as_of_date"], latest[side], color=colour, label=gettext(SIDE_LABELS[side])
            )
            bound = _is_lower_bound(values["qualifier"])
            left.scatter(
                values.loc[~bound, "as_of_date"],
                values.loc[~bound, side],
                color=colour,
                marker="o",
                s=22,
                zorder=3,
            )
            left.scatter(
                values.loc[bound, "as_of_date"],
                values.loc[bound, side],
                color=colour,
                marker="^",
                s=40,
                zorder=3,
            )
        last = rows.dropna(subset=["deaths_total"]).iloc[-1]
        left.annotate(
            qualified(last["qualifier"], number(int(last["deaths_total"]))),
            xy=(last["as_of_date"], last["deaths_total"]),
            xytext=(-6, 6),
            textcoords="offset points",
            ha="right",
            fontsize=9,
            fontweight="bold",
        )
        left.set_title(
            _("Cumulative deaths reported by %(organisation)s")
            % {"organisation": organisation_shown(organisation, short=True)}
        )
        handles, _labels = left.get_legend_handles_labels()
        left.legend(handles=[*handles, _lower_bound_handle()], loc="best", fontsize=8)
    left.set_ylabel(_("People killed (cumulative)"))
    _day_axis(left, period)

    civilians = tolls.dropna(subset=["deaths_civilians"])
    starred = False  # a civilian count resting on a single weak source is starred
    if civilians.empty:
        no_data(right, _("No civilian toll reported in this period"))
    else:
        for i, (org, rows) in enumerate(civilians.groupby("organisation", sort=True)):
            rows = rows.sort_values(["as_of_date", "report_date"])
            if "series" in rows:
                rows = rows[rows["series"] == "offensive"]
            if rows.empty:
                continue
            marker = ORGANISATION_MARKERS[i % len(ORGANISATION_MARKERS)]
            colour = plt.rcParams["axes.prop_cycle"].by_key()["color"][i % 8]
            latest = rows.groupby("as_of_date", as_index=False).tail(1)
            right.plot(
                latest["as_of_date"],
                latest["deaths_civilians"],
                color=colour,
                marker=marker,
                label=organisation_shown(str(org), short=True),
                linewidth=1.5,
            )
            bound = _is_lower_bound(rows["qualifier"])
            right.scatter(
                rows.loc[bound, "as_of_date"],
                rows.loc[bound, "deaths_civilians"],
                marker="^",
                s=60,
                facecolor="none",
                edgecolor=colour,
                zorder=3,
            )
            weak = rows["weak_source"].notna() if "weak_source" in rows else None
            for row in rows[weak.to_numpy(dtype=bool)].itertuples() if weak is not None else ():
                right.annotate(
                    "*",
                    (row.as_of_date, row.deaths_civilians),
                    xytext=(5, 2),
                    textcoords="offset points",
                    fontsize=11,
                    fontweight="bold",
                    zorder=4,
                )
                starred = True
        right.set_title(_("Civilian deaths, as reported by each organisation"))
        handles, _labels = right.get_legend_handles_labels()
        handles.append(_lower_bound_handle())
        if starred:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="$*$",
                    linestyle="none",
                    color="#333333",
                    label=_("* rests on a single weak source (see note)"),
                )
            )
        right.legend(handles=handles, loc="best", fontsize=8)
    right.set_ylabel(_("Civilians killed (cumulative)"))
    _day_axis(right, period)
    for ax in (left, right):
        ax.set_ylim(bottom=0)
    outlets = [
        organisation_shown(f"{org}", short=True) for org in tolls["organisation"].dropna().unique()
    ]
    add_source(
        fig,
        source_line(outlets, as_of)
        + " "
        + _(
            "Figures as published by each organisation (SOHR via AFP, EFE and dpa); scopes and "
            "methods differ (e.g. Civil Defence counts only opposition-held areas), so the "
            "organisations' civilian counts are shown side by side, not added."
        ),
    )
    return fig


def deaths_per_bin(
    binned: pd.DataFrame,
    apart: pd.DataFrame,
    *,
    period: Period,
    freq: str,
    ranged: bool,
    source: str,
    as_of: str | None,
) -> Figure:
    """Deaths per bin (``freq``: D, W, M, Y) as bars covering exactly their days, with the
    low-high range as a line when the source has one; below, when ``apart`` has rows, the
    events dated only to a span covering several bins, each drawn over its span (never on its
    first day) at its average per bin (``per_bin``: its deaths spread evenly over its days), on
    the bars' scale: a span's total drawn on a taller scale of its own would read as a rate per
    bin many times too high. The totals of the :data:`LABELLED_SPANS` largest spans are written
    at their end."""
    use_house_style()
    unit, units = bin_word(freq), bins_word(freq)
    rows = 2 if len(apart) else 1
    fig, axes = plt.subplots(
        rows,
        1,
        figsize=(10, 5.2 if rows == 1 else 7.0),
        sharex=True,
        sharey=True,
        squeeze=False,
        height_ratios=[3, 1.6] if rows == 2 else [1],
    )
    top = axes[0][0]
    colour = BAR_COLOUR
    best = binned["deaths_best"].astype(float)
    label = _("Best estimate") if ranged else _("Fatalities as reported")
    if len(binned) == 1:
        middle = binned["bin_start"].iloc[0] + pd.Timedelta(hours=12)
        top.vlines(middle, 0, best.iloc[0], color=colour, linewidth=3)
        top.plot([middle], [best.iloc[0]], "o", color=colour, label=label)
    else:
        top.bar(
            bin_lefts(binned["bin_start"], period),
            best,
            width=bin_widths(binned["bin_start"], freq, period),
            align="edge",
            color=colour,
            edgecolor="white",
            linewidth=0.3 if len(binned) > 60 else 0.8,
            label=label,
        )
    if ranged:
        lefts = pd.DatetimeIndex(bin_lefts(binned["bin_start"], period))
        widths = pd.to_timedelta(bin_widths(binned["bin_start"], freq, period), unit="D")
        centres = lefts + widths / 2
        show = (binned["deaths_high"].astype(float) > 0).to_numpy()
        top.vlines(
            centres[show],
            binned["deaths_low"].astype(float)[show],
            binned["deaths_high"].astype(float)[show],
            color=RANGE_COLOUR,
            linewidth=1.6,
            label=_("Low to high estimate"),
        )
    _count_axis(top.yaxis)
    top.set_ylabel(_("People killed per %(unit)s") % {"unit": unit})
    top.set_ylim(bottom=0)
    top.set_title(_("Deaths per %(unit)s in events dated within the %(unit)s") % {"unit": unit})
    top.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, borderaxespad=0.2)
    time_axis(top, period)
    if rows == 2:
        low = axes[1][0]
        colour = SIDE_COLOURS["deaths_civilians"]
        starts = [max(pd.Timestamp(d), period.start) for d in apart["date_earliest"]]
        stops = [
            min(pd.Timestamp(d), period.end) + pd.Timedelta(days=1) for d in apart["date_latest"]
        ]
        heights = apart["per_bin"].astype(float).to_numpy()
        low.hlines(heights, starts, stops, color=colour)  # one collection, however many spans
        low.plot([*starts, *stops], [*heights, *heights], "|", color=colour, markersize=8)
        # The largest spans' totals, written at their end (all of them would cover the panel).
        largest = apart["deaths_best"].astype(float).to_numpy().argsort()[::-1][:LABELLED_SPANS]
        for i in largest:
            low.annotate(
                _("%(deaths)s in all") % {"deaths": number(float(apart["deaths_best"].iloc[i]))},
                xy=(stops[i], heights[i]),
                xytext=(2, 2),
                textcoords="offset points",
                fontsize=7,
                color="#5a5a5f",
                annotation_clip=True,
            )
        top.set_ylim(
            bottom=0,
            top=max(top.get_ylim()[1], float(apart["per_bin"].astype(float).max()) * 1.2),
        )
        low.set_ylabel(_("Average per %(unit)s\nover the span") % {"unit": unit})
        low.set_title(
            _("Events dated only to a span of %(units)s: average deaths per %(unit)s over it")
            % {"unit": unit, "units": units}
        )
        time_axis(low, period)
        top.set_xlabel("")
    add_source(fig, source_line([source], as_of))
    return fig


def deaths_by_category(
    table: pd.DataFrame,
    *,
    label_column: str,
    title: str,
    xlabel: str,
    source: str,
    as_of: str | None,
    value_column: str = "deaths_best",
    role_column: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of ``value_column`` per ``label_column``, in the table's order (first on
    top); the table arrives ranked and cut by the metrics. With ``role_column``, each bar has
    its faction's colour (grey for no role)."""
    ax = new_axes(ax, figsize=(10, 1.3 + 0.34 * max(3, len(table))))
    shown = table.iloc[::-1]
    colours = BAR_COLOUR
    if role_column is not None:
        colours = [
            FACTION_COLOURS.get(str(role), "#b0b0b0") if role else "#b0b0b0"
            for role in shown[role_column].fillna("")
        ]
    labels = [textwrap.shorten(str(v), 48, placeholder="…") for v in shown[label_column]]
    ax.barh(labels, shown[value_column].astype(float), color=colours)
    for y, value in enumerate(shown[value_column].astype(float)):
        ax.annotate(
            number(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center"
        )
    _count_axis(ax.xaxis)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.margins(x=0.12)
    add_source(ax, source_line([source], as_of))
    return ax


def compare_sources(
    first: pd.DataFrame,
    second: pd.DataFrame,
    by_governorate: pd.DataFrame,
    *,
    labels: tuple[str, str],
    period: Period,
    freq: str,
    as_of: str | None = None,
) -> Figure:
    """Two event datasets for the same period: deaths per bin of each (events dated within
    the bin) and their totals by governorate (``by_governorate`` has ``admin1_name`` and one
    column per label). Neither is adjusted to the other."""
    use_house_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.8), width_ratios=[3, 2])
    colours = (SIDE_COLOURS["deaths_civilians"], SIDE_COLOURS["deaths_government_side"])
    for frame, label, colour in zip((first, second), labels, colours, strict=True):
        x = pd.DatetimeIndex(bin_lefts(frame["bin_start"], period))
        values = frame["deaths_best"].astype(float).to_numpy()
        left.step(
            [*x, period.stop],
            [*values, values[-1] if len(values) else 0],
            where="post",
            color=colour,
            label=label,
        )
    unit = bin_word(freq)
    left.set_title(_("Deaths per %(unit)s, two sources") % {"unit": unit})
    left.set_ylabel(_("People killed per %(unit)s") % {"unit": unit})
    left.set_ylim(bottom=0)
    left.legend(loc="best", fontsize=8)
    time_axis(left, period)
    if len(by_governorate):
        table = by_governorate.iloc[::-1]
        height = 0.4
        y = range(len(table))
        for i, (label, colour) in enumerate(zip(labels, colours, strict=True)):
            right.barh(
                [v + (i - 0.5) * height for v in y],
                table[label].astype(float),
                height=height,
                color=colour,
                label=label,
            )
        right.set_yticks(list(y), table["admin1_name"], fontsize=8)
        right.grid(axis="x")
        right.grid(axis="y", visible=False)
        right.set_title(_("Deaths by governorate"))
        right.set_xlabel(_("People killed"))
    else:
        no_data(right, _("No events in this period"))
    add_source(
        fig,
        source_line(list(labels), as_of)
        + " "
        + _(
            "The two datasets code events differently (UCDP: best estimate per event; ACLED: "
            "conservative fatalities); differences are shown, not reconciled."
        ),
    )
    return fig


def as_of_text(day: pd.Timestamp | None) -> str | None:
    """The as-of date of a chart's footnote: the last day of the data it shows."""
    return None if day is None else day_text(day)
