"""Charts of monthly counts by district (ACLED aggregates on HDX, HDX HAPI ``conflict_event``).

Counts per month, drawn per month: each month's bars cover the month (the part of it inside
the report's period), one bar per series side by side, never stacked, since ACLED's political
violence already includes civilian targeting. Nothing is drawn on a day. The functions draw
the tidy frames of :mod:`analysis.metrics.casualties.aggregates` and compute nothing.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from analysis import i18n
from analysis.charts.palettes import OKABE_ITO
from analysis.charts.style import add_source, no_data, source_line, time_axis, use_house_style
from analysis.metrics.results import Period

SERIES_COLOURS = {
    "political_violence": OKABE_ITO["vermillion"],
    "civilian_targeting": OKABE_ITO["blue"],
    "demonstrations": OKABE_ITO["bluish_green"],
}
_GAP = 0.08
"""Share of each month left blank between its bars and the next month's."""


def _month_span(month: pd.Timestamp, period: Period) -> tuple[pd.Timestamp, float]:
    """Left edge and width in days of the part of ``month`` inside ``period``."""
    first = max(month, period.start)
    last = min(month + pd.offsets.MonthEnd(0), period.end)
    return first, float((last - first).days + 1)


def _month_label(month: pd.Timestamp, *, long: bool) -> str:
    """A month under its bars: "January 2025", or "Jan" over "2025" when there are many (the
    Arabic edition's month names have no short form: the name over the year)."""
    if long:
        return i18n.month(month)
    return i18n.date(month, "MMM\ny")


def _month_ticks(
    ax, months: list[pd.Timestamp], period: Period, partial: pd.Timestamp | None = None
) -> None:
    """One label per month drawn, under the middle of its bars, when there are few months; the
    ``partial`` month's label says so."""
    middles = []
    for month in months:
        left, width = _month_span(month, period)
        middles.append(mdates.date2num(left) + width / 2)
    ax.xaxis.set_major_locator(FixedLocator(middles))
    labels = [_month_label(m, long=len(months) <= 4) for m in months]
    labels = [
        i18n.gettext("%(month)s (partial)") % {"month": label} if m == partial else label
        for m, label in zip(months, labels, strict=True)
    ]
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda x, pos: labels[pos] if pos < len(labels) else "")
    )
    ax.set_xlabel("")


def monthly_by_series(
    monthly: pd.DataFrame,
    *,
    period: Period,
    source: str,
    as_of: str | None,
    labels: dict[str, str],
    partial: tuple[pd.Timestamp, pd.Timestamp | None] | None = None,
) -> Figure:
    """Events (top) and fatalities (bottom) per month, one bar per series side by side.

    ``monthly``: ``month``, ``series``, ``events``, ``fatalities`` (NA for demonstrations).
    ``labels``: the legend's words for each series code in ``monthly``.
    ``partial``: ``(month, as_of)`` of a month the file runs only partly into (``as_of`` None
    when the file gives no date: it may be partial); its bars are hatched and labelled.
    """
    use_house_style()
    fig, (top, low) = plt.subplots(2, 1, figsize=(10, 6.4), sharex=True)
    if monthly.empty:
        no_data(top, i18n.gettext("No month of the file ends in this period."))
        low.set_visible(False)
        add_source(fig, source_line([source], as_of))
        return fig
    series = [s for s in SERIES_COLOURS if s in set(monthly["series"])]
    months = sorted(pd.Timestamp(m) for m in monthly["month"].unique())
    for ax, count, title, unit in (
        (top, "events", i18n.gettext("Events per month"), i18n.gettext("Events per month")),
        (
            low,
            "fatalities",
            i18n.gettext("Fatalities per month"),
            i18n.gettext("People killed per month"),
        ),
    ):
        # The same slot for a series in both panels, so a month's bars line up.
        drawn = [s for s in series if monthly.loc[monthly["series"] == s, count].notna().any()]
        if not drawn:
            no_data(ax, i18n.gettext("ACLED counts no fatalities in demonstrations."))
            ax.set_title(title)
            continue
        for index, name in enumerate(series):
            if name not in drawn:
                continue
            rows = monthly[monthly["series"] == name]
            lefts, widths, hatches = [], [], []
            for month in pd.to_datetime(rows["month"]):
                left, width = _month_span(month, period)
                share = width * (1 - _GAP) / len(series)
                lefts.append(left + pd.Timedelta(days=width * _GAP / 2 + index * share))
                widths.append(share)
                hatches.append("///" if partial is not None and month == partial[0] else "")
            bars = ax.bar(
                lefts,
                rows[count].astype(float),
                width=widths,
                align="edge",
                color=SERIES_COLOURS[name],
                label=labels[name],
            )
            for bar, hatch in zip(bars, hatches, strict=True):
                if hatch:
                    bar.set_hatch(hatch)
                    bar.set_edgecolor("white")
                    bar.set_alpha(0.75)
        ax.set_title(title)
        ax.set_ylabel(unit)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda x, pos: i18n.number(x)))
        time_axis(ax, period)
    top.set_xlabel("")
    partial_label = None
    if partial is not None and pd.Timestamp(partial[0]) in months:
        partial_label = (
            i18n.gettext("partial: to %(day)s") % {"day": i18n._date(partial[1], "d MMMM")}
            if partial[1] is not None
            else i18n.gettext("may be partial (no as-of date)")
        )
    if len(months) <= 24:
        _month_ticks(low, months, period, partial=None if partial is None else partial[0])
    handles, _ = top.get_legend_handles_labels()
    if partial_label is not None:
        handles.append(
            Patch(facecolor="#bbbbbb", edgecolor="white", hatch="///", label=partial_label)
        )
    top.legend(
        handles=handles,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.08),
        ncol=len(handles),
        borderaxespad=0.2,
    )
    note = i18n.gettext(
        "Monthly counts (ACLED), each month drawn over its days in the period; series side by "
        "side, never added: political violence includes civilian targeting; demonstrations "
        "have no fatalities."
    )
    add_source(fig, note + "\n" + source_line([source], as_of))
    return fig
