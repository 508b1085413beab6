"""House style and source footnotes shared by every chart."""

from __future__ import annotations

import math
from importlib import resources

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

STYLE_FILE = resources.files("analysis") / "styles" / "report.mplstyle"


def use_house_style() -> None:
    """Apply the packaged report.mplstyle to every figure made afterwards."""
    mpl.style.use(str(STYLE_FILE))


def new_axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    if ax is not None:
        return ax
    use_house_style()
    _, ax = plt.subplots(figsize=figsize)
    return ax


SOURCE_FONTSIZE = 8


def add_source(target: Axes | Figure, text: str) -> None:
    """Write ``text`` (source and as-of date) under the chart, left-aligned, small and grey.

    The footnote sits inside the figure and the layout leaves room for it, so a figure is drawn
    once when saved (a "tight" bounding box would draw it twice).
    """
    fig = target if isinstance(target, Figure) else target.figure
    width_in, height_in = fig.get_size_inches()
    chars_per_line = max(20, int(width_in * 72 / (SOURCE_FONTSIZE * 0.52)))
    lines = sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))
    band = (lines * SOURCE_FONTSIZE * 1.35 + 6) / 72 / height_in
    fig.text(
        0.005,
        0.004,
        text,
        ha="left",
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
    unique = list(dict.fromkeys(s for s in sources if s))
    text = "Source: " + "; ".join(unique) + "."
    if as_of:
        text += f" Data as of {as_of}."
    return text


def no_data(ax: Axes, message: str) -> Axes:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#5a5a5f")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax
