"""Place names on the control map: a provincial capital in English and Arabic (in the Arabic
edition, in Arabic only), each placed beside its point on the side that covers the fewest other
points and labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from analysis import gazetteer, i18n, places
from analysis.charts.control.common import HALO, plain


def capital_label(
    place: str, pcode: str | None, latitude: float | None = None, longitude: float | None = None
) -> str:
    """A provincial capital's label: its name, and the Arabic name of the city (which is the
    governorate's Arabic name, e.g. "Hama" and "حماة"), on two lines. The Arabic edition writes
    the Arabic name alone (the place's own, :func:`analysis.places.shown`, else the city's)."""
    gov = gazetteer.by_pcode().get(str(pcode)) if pcode is not None else None
    if i18n.edition().language == "ar":
        own = places.shown(str(place), latitude, longitude)
        if own != str(place) or gov is None or not gov.name_ar:
            return own
        return gov.name_ar
    if gov is None or not gov.name_ar:
        return str(place)
    return f"{place}\n{gov.name_ar}"


# (offset in points, horizontal alignment, vertical alignment), tried in this order.
_LABEL_SPOTS: tuple[tuple[tuple[int, int], str, str], ...] = (
    ((5, -3), "left", "top"),
    ((-5, -3), "right", "top"),
    ((5, 3), "left", "bottom"),
    ((-5, 3), "right", "bottom"),
)
_LABEL_SIZE = 8.0


def label_places(ax: Axes, places: pd.DataFrame, obstacles: np.ndarray) -> None:
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
            plain(capital_label(str(row.place), pcode, row.latitude, row.longitude)),
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
