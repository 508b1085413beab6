"""House style and source footnotes shared by every chart."""

from __future__ import annotations

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


def add_source(target: Axes | Figure, text: str) -> None:
    """Write ``text`` (source and as-of date) under the chart, left-aligned, small and grey."""
    fig = target if isinstance(target, Figure) else target.figure
    fig.text(
        0.0,
        -0.01,
        text,
        ha="left",
        va="top",
        fontsize=8,
        color="#5a5a5f",
        wrap=True,
        transform=fig.transFigure,
    )


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
