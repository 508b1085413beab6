"""House style and source footnotes shared by every chart."""

from __future__ import annotations

import math
from collections.abc import Callable
from importlib import resources

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter

from analysis import i18n
from analysis.metrics.results import Period
from analysis.metrics.time import bin_last_day

STYLE_FILE = resources.files("analysis") / "styles" / "report.mplstyle"


ARABIC_STYLE = {
    # Noto Sans Arabic first, so Arabic letters and punctuation come from one font; Latin names
    # and digits fall back to Noto Sans glyph by glyph. The SVG keeps text as text
    # (svg.fonttype none) with this list, and the browser shapes and orders the Arabic.
    "font.family": ["Noto Sans Arabic", "Noto Sans", "DejaVu Sans"],
    # Titles start where Arabic lines start. Time still runs from left to right, as in the
    # charts of Arabic-language news and UN publications.
    "axes.titlelocation": "right",
}
"""What the Arabic edition's charts change in the house style."""


def use_house_style() -> None:
    """Apply the packaged report.mplstyle to every figure made afterwards, with the fonts and
    title side of the report's edition (:func:`analysis.i18n.edition`)."""
    mpl.style.use(str(STYLE_FILE))
    if i18n.edition().direction == "rtl":
        mpl.rcParams.update(ARABIC_STYLE)


def new_axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    if ax is not None:
        return ax
    use_house_style()
    _, ax = plt.subplots(figsize=figsize)
    return ax


SOURCE_FONTSIZE = 8


def add_source(target: Axes | Figure, text: str) -> None:
    """Write ``text`` (source and as-of date) under the chart, small and grey, aligned where the
    edition's lines start (left; right in Arabic).

    The footnote sits inside the figure and the layout leaves room for it, so a figure is drawn
    once when saved (a "tight" bounding box would draw it twice).
    """
    fig = target if isinstance(target, Figure) else target.figure
    width_in, height_in = fig.get_size_inches()
    chars_per_line = max(20, int(width_in * 72 / (SOURCE_FONTSIZE * 0.52)))
    lines = sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))
    band = (lines * SOURCE_FONTSIZE * 1.35 + 6) / 72 / height_in
    rtl = i18n.edition().direction == "rtl"  # the footnote starts where lines start
    fig.text(
        0.995 if rtl else 0.005,
        0.004,
        text,
        ha="right" if rtl else "left",
        va="bottom",
        fontsize=SOURCE_FONTSIZE,
        color="#5a5a5f",
        wrap=True,
        transform=fig.transFigure,
    )
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        left, bottom, width, height = engine.get()["rect"] or (0, 0, 1, 1)
        new_bottom = max(bottom, band)
        engine.set(rect=(left, new_bottom, width, height - (new_bottom - bottom)))
    else:
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, band + 0.08))


def source_line(sources: list[str], as_of: str | None) -> str:
    """The footnote naming a chart's sources (each once, in order) and, when given, the date
    its data is as of (``as_of``, already written: :func:`analysis.i18n.day`), in the edition's
    language: "Source: SOHR; OCHA. Data as of 8 December 2024." """
    unique = list(dict.fromkeys(s for s in sources if s))
    named = i18n.pgettext("list", "; ").join(unique)
    if as_of:
        return i18n.gettext("Source: %(source)s. Data as of %(day)s.") % {
            "source": named,
            "day": as_of,
        }
    return i18n.gettext("Source: %(source)s.") % {"source": named}


def no_data(ax: Axes, message: str) -> Axes:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#5a5a5f")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def time_axis(ax: Axes, period: Period) -> None:
    """Bound the x axis to the report's period (its first day to the end of its last day) and
    label it with ticks that suit its length: days, then months, then years; never fractions of
    a year and never dates outside the period."""
    ax.set_xlim(period.start, period.stop)
    years = period.days / 365.25
    if period.days <= 16:
        locator = mdates.DayLocator(interval=max(1, math.ceil(period.days / 8)))
        formatter = date_ticks(i18n.short_day_month)
    elif period.days <= 100:
        locator = mdates.WeekdayLocator(byweekday=mdates.MO, interval=max(1, period.days // 60))
        formatter = date_ticks(i18n.short_day_month)
    elif years <= 2.2:
        locator = mdates.MonthLocator(interval=max(1, math.ceil(period.days / 30.4 / 9)))
        formatter = date_ticks(month_lines)
    else:
        locator = mdates.YearLocator(base=max(1, math.ceil(years / 10)))
        formatter = date_ticks(i18n.year)
    # Ticks only on days of the period: the axis runs to the end of the last day, and a tick
    # there would name the day after the period.
    first, last = mdates.date2num(period.start), mdates.date2num(period.end)
    values = locator.tick_values(period.start.to_pydatetime(), period.end.to_pydatetime())
    ticks = [t for t in values if first <= t <= last]
    if period.days <= 16:  # one label per day, under the middle of the day's bar
        ticks = [t + 0.5 for t in ticks]
    ax.xaxis.set_major_locator(FixedLocator(ticks or [first]))
    ax.xaxis.set_major_formatter(formatter)
    if period.start.year == period.end.year and years <= 2.2 and period.days <= 100:
        ax.set_xlabel(i18n.year(period.end))


def month_lines(value: object) -> str:
    """A month's tick on two lines, its short name over its year: ``Dec`` over ``2024``."""
    return i18n.date(value, "MMM") + "\n" + i18n.year(value)


def date_ticks(write: Callable[[pd.Timestamp], str]) -> FuncFormatter:
    """A date axis's tick formatter writing each tick with ``write`` (an
    :mod:`analysis.i18n` date function: :func:`~analysis.i18n.short_day_month`,
    :func:`~analysis.i18n.short_month`, :func:`month_lines`), in the edition's language and
    digits; matplotlib's own formatters write English month names and Latin digits only."""

    def tick(value: float, _position: object = None) -> str:
        return write(pd.Timestamp(mdates.num2date(value)).tz_localize(None))

    return FuncFormatter(tick)


def number_ticks(decimals: int = 0) -> FuncFormatter:
    """A value axis's tick formatter writing counts the edition's way (``1,200``; ``١٬٢٠٠`` with
    Arabic-Indic digits): matplotlib's own formatters write Latin digits only."""
    return FuncFormatter(lambda value, _position=None: i18n.number(value, decimals))


def bin_widths(starts: pd.Series | pd.DatetimeIndex, freq: str, period: Period) -> list[float]:
    """Width in days of each bin starting at ``starts``, cut to the period, for bar charts whose
    bars cover exactly the days they count (a partial first or last week is narrower)."""
    widths = []
    for start in pd.DatetimeIndex(starts):
        first = max(start, period.start)
        last = min(bin_last_day(start, freq), period.end)
        widths.append((last - first).days + 1)
    return widths


def bin_lefts(starts: pd.Series | pd.DatetimeIndex, period: Period) -> list[pd.Timestamp]:
    """Left edge of each bin inside the period (the period's first day for a partial bin)."""
    return [max(start, period.start) for start in pd.DatetimeIndex(starts)]


def year_axis(ax: Axes, years: list[int] | pd.Series) -> None:
    """An axis of whole years (UNHCR end-of-year stocks, yearly totals): one tick per year, or
    every few years on a long span, labelled as integers; never 2023.78."""
    values = sorted({int(y) for y in years})
    if not values:
        return
    step = max(1, math.ceil(len(range(values[0], values[-1] + 1)) / 12))
    ticks = list(range(values[0], values[-1] + 1, step))
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: i18n.digits(f"{round(x)}")))
    ax.set_xlim(values[0] - 0.6, values[-1] + 0.6)
