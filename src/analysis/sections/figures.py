"""A run's key numbers for its batch's front page, emitted by the notebook as one display output.

The last cell of a report notebook calls ``display(batch_figures(section.headlines(report)))``.
The output carries the numbers as JSON under :data:`MIME` (read after the run by
:mod:`analysis.report.figures`, which puts them in the batch's manifest, front page and
``overview.csv``) and one short readable line as ``text/plain``, which is all JupyterLab
shows. The published HTML and PDF drop this output (:mod:`analysis.report.export`).

Each figure is a :class:`~analysis.metrics.results.Result` as the report states it: its key,
label, value, text as published (``at least 910``), unit, low, high and qualifier. ``extra``
carries what is not a number: ``change_level="large increase"``, ``alert="level 1"``,
``area="Hama"``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

from analysis import outputs
from analysis.i18n import _, pgettext
from analysis.metrics.results import Result
from analysis.sections.text import label

MIME = outputs.FIGURES


def _plain(value: object) -> str | int | float | None:
    """``value`` as plain JSON: NumPy and pandas numbers as int or float (whole floats as int),
    NaN and missing as None, anything else as its text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, numbers.Number):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return None
        if isinstance(value, numbers.Integral) or number.is_integer():
            return int(number)
        return number
    if isinstance(value, str):
        return value
    try:  # pandas.NA and NaT are missing values
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _figure(result: Result) -> dict[str, object]:
    return {
        "key": result.key,
        "label": label(result),
        "value": None if result.missing else _plain(result.value),
        "text": result.text,
        "unit": result.unit,
        "low": _plain(result.low),
        "high": _plain(result.high),
        "qualifier": result.qualifier,
    }


class BatchFigures:
    """A displayable set of key figures: a MIME bundle with the JSON and one readable line."""

    def __init__(self, figures: list[dict[str, object]], extra: dict[str, object]) -> None:
        self.figures, self.extra = figures, extra

    @property
    def data(self) -> dict[str, object]:
        return {"figures": self.figures, "extra": self.extra}

    def line(self) -> str:
        """``Key figures for the batch: Events 12; Deaths at least 34; change level: large
        increase``."""
        parts = [f"{f['label']} {f['text']}" for f in self.figures]
        parts += [f"{name.replace('_', ' ')}: {value}" for name, value in self.extra.items()]
        shown = pgettext("list", "; ").join(parts) if parts else pgettext("key figures", "none")
        return _("Key figures for the batch: %(figures)s") % {"figures": shown}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, object]:
        return {MIME: self.data, "text/plain": self.line()}

    def __repr__(self) -> str:
        return self.line()


def batch_figures(
    results: Iterable[Result | None], **extra: str | int | float | None
) -> BatchFigures:
    """The run's key figures for its batch (None results skipped), and ``extra`` values such as
    ``change_level``, ``alert`` or ``area``; display the returned object in the notebook."""
    figures = [_figure(result) for result in results if result is not None]
    return BatchFigures(figures, {name: _plain(value) for name, value in extra.items()})
