"""Sparklines: a tiny inline SVG line for a table cell, written as text (no matplotlib).

>>> svg = sparkline_svg([3, 5, float("nan"), 8], highlight_last=1, label="Deaths per week")

The last points (the report's period) are in the accent colour of the trends charts; missing
values are gaps, never zeros; the baseline is zero. The SVG carries ``role="img"`` and an
escaped ``aria-label``, so it can sit in a report's HTML as it is.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.charts.palettes import OKABE_ITO

ACCENT = OKABE_ITO["vermillion"]
LINE = "#6b6b6b"


def sparkline_svg(
    values: Sequence[float],
    *,
    highlight_last: int = 1,
    width: int = 120,
    height: int = 22,
    label: str = "",
) -> str:
    """A small inline SVG line of ``values`` for a table cell, its last ``highlight_last``
    points (the report's period) in the accent colour, the baseline at zero; missing values
    (NaN, None, pd.NA) are gaps. An empty or all-zero series is a flat line at zero.
    ``label`` is the accessible name (``aria-label`` and ``<title>``), escaped."""
    numbers = np.array([np.nan if pd.isna(v) else float(v) for v in values], dtype=float)
    pad = 2.0  # room for the end dot (r=1.6)
    base = height - pad
    finite = numbers[np.isfinite(numbers)]
    high = float(finite.max()) if finite.size else 0.0
    low = min(0.0, float(finite.min())) if finite.size else 0.0
    span = high - low
    count = len(numbers)
    step = (width - 2 * pad) / (count - 1) if count > 1 else 0.0
    xs = pad + step * np.arange(count) if count > 1 else np.full(count, width / 2)
    ys = base - (numbers - low) / span * (height - 2 * pad) if span > 0 else np.full(count, base)
    zero = base - (0 - low) / span * (height - 2 * pad) if span > 0 else base
    name = html.escape(label, quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{name}" class="sparkline">',
        f"<title>{name}</title>" if label else "",
        f'<line class="spark-zero" x1="0" y1="{zero:.1f}" x2="{width}" y2="{zero:.1f}" '
        'stroke="#cccccc" stroke-width="0.8"/>',
    ]
    if not finite.size:
        parts.append(
            f'<polyline class="spark-line" points="{pad:.1f},{zero:.1f} {width - pad:.1f},'
            f'{zero:.1f}" fill="none" stroke="{LINE}" stroke-width="1.2"/>'
        )
    recent = max(0, min(int(highlight_last), count))
    for run, colour, cls in (
        (range(count), LINE, "spark-line"),
        (range(count - recent, count), ACCENT, "spark-recent"),
    ):
        for segment in _runs(numbers, run):
            points = " ".join(f"{xs[i]:.1f},{ys[i]:.1f}" for i in segment)
            parts.append(
                f'<polyline class="{cls}" points="{points}" fill="none" stroke="{colour}" '
                'stroke-width="1.2" stroke-linejoin="round" stroke-linecap="round"/>'
            )
            if len(segment) == 1 or (cls == "spark-recent" and segment[-1] == count - 1):
                i = segment[-1]
                parts.append(
                    f'<circle class="{cls}-dot" cx="{xs[i]:.1f}" cy="{ys[i]:.1f}" r="1.6" '
                    f'fill="{colour}"/>'
                )
    parts.append("</svg>")
    return "".join(parts)


def _runs(numbers: np.ndarray, indices: range) -> list[list[int]]:
    """The runs of consecutive finite values among ``indices`` (NaN splits a run)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i in indices:
        if math.isfinite(numbers[i]):
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs
