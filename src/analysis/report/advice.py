"""The operator's advice a run emitted, read from its executed notebook.

Sections display advice for the person running the report (``analysis.sections.advice``) as
outputs of type :data:`MIME`. The published HTML and PDF leave them out
(:mod:`analysis.report.export`); :func:`read_advice` finds them in the executed ``.ipynb`` (a
plain JSON load, no kernel) so that ``sitrep render`` prints them on stderr and ``sitrep
batch`` keeps them in its manifest. A notebook that cannot be read gives none: advice is never
a reason to fail a run that rendered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from analysis import outputs

MIME = outputs.ADVICE


def is_advice_output(output: dict[str, Any]) -> bool:
    """True for a notebook output that carries advice (left out of published reports)."""
    data = output.get("data") if isinstance(output, dict) else None
    return isinstance(data, dict) and MIME in data


def advice_in(nb: dict[str, Any]) -> list[str]:
    """The advice texts of a notebook (as a dict), in cell order, each once."""
    found: dict[str, None] = {}
    cells = nb.get("cells")
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        outputs = cell.get("outputs")
        for output in outputs if isinstance(outputs, list) else []:
            if is_advice_output(output):
                payload = output["data"][MIME]
                text = payload.get("text") if isinstance(payload, dict) else None
                if isinstance(text, str) and text.strip():
                    found[" ".join(text.split())] = None
    return list(found)


def read_advice(path: str | Path) -> list[str]:
    """The advice texts of the executed notebook at ``path``."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return advice_in(nb) if isinstance(nb, dict) else []


__all__ = ["MIME", "advice_in", "is_advice_output", "read_advice"]
