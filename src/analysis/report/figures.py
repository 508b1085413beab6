"""A run's key numbers, read from its executed notebook for the batch's manifest and front page.

A report notebook emits its key figures as one display output of type :data:`MIME` (made by
``analysis.sections.figures.batch_figures``). :func:`read_figures` finds those outputs in the
executed ``.ipynb`` (a plain JSON load: no kernel, no nbformat validation) and flattens them::

    {"deaths": {"label": "Deaths", "value": 34, "text": "at least 34", "unit": "deaths",
                "low": None, "high": None, "qualifier": "at least"},
     "extra": {"change_level": "large increase", "alert": "level 1"}}

Several such outputs are merged in order (a later figure of one key replaces an earlier one). A
notebook without them gives ``{}``; so does a notebook that cannot be read, since key numbers
are never a reason to fail a run that rendered.
"""

from __future__ import annotations

import json
import numbers
from pathlib import Path
from typing import Any

from analysis import outputs

MIME = outputs.FIGURES
EXTRA = "extra"
FIELDS = ("label", "value", "text", "unit", "low", "high", "qualifier")


def figure_outputs(nb: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures payloads of a notebook (as a dict), in cell order."""
    found = []
    cells = nb.get("cells")
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        outputs = cell.get("outputs")
        if not isinstance(outputs, list):
            continue
        for output in outputs:
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and isinstance(data.get(MIME), dict):
                found.append(data[MIME])
    return found


def _number(value: object) -> int | float | None:
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value
    return None


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def flatten(payloads: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures by key, plus ``extra``; values that are not numbers become None, texts become
    text, so a manifest never holds something a front page cannot show."""
    figures: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for payload in payloads:
        for item in payload.get("figures") or []:
            if not isinstance(item, dict) or not item.get("key") or item["key"] == EXTRA:
                continue
            figures[str(item["key"])] = {
                "label": _text(item.get("label")) or str(item["key"]),
                "value": _number(item.get("value")),
                "text": _text(item.get("text")) or "",
                "unit": _text(item.get("unit")),
                "low": _number(item.get("low")),
                "high": _number(item.get("high")),
                "qualifier": _text(item.get("qualifier")),
            }
        more = payload.get("extra")
        if isinstance(more, dict):
            for name, value in more.items():
                extra[str(name)] = _number(value) if _number(value) is not None else _text(value)
    if extra:
        figures[EXTRA] = extra
    return figures


def read_figures(nb_path: str | Path) -> dict[str, Any]:
    """The key figures an executed notebook emitted (see the module docstring); ``{}`` when it
    emitted none or cannot be read."""
    try:
        nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(nb, dict):
        return {}
    return flatten(figure_outputs(nb))


def is_figures_output(output: dict[str, Any]) -> bool:
    """True for a notebook output that carries key figures (dropped from published reports)."""
    data = output.get("data")
    return isinstance(data, dict) and MIME in data
