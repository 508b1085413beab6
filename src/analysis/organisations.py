"""Organisations and sources in the report's language.

A file names the organisation that published a figure as it was published ("SOHR", "OCHA / IDP
Task Force", "Jusoor for Studies"); metrics group and match on that name, never on its
translation. Where a reader sees it, :func:`shown` gives it for the edition
(:mod:`analysis.i18n`): unchanged in English; in Arabic, the organisation's own Arabic name from
``organisations.yaml`` beside this module (SOHR: المرصد السوري لحقوق الإنسان), in full or, with
``short=True``, in the short form kept for tables, chart legends and repeated mentions. A name
followed by a note in brackets ("SOHR (AFP via La Jornada)", as a figure's source says it) is
shown with its organisation's name and the note as it stands. A name with no entry is shown as
published.

>>> from analysis import i18n
>>> with i18n.editing("ar"):
...     shown("SOHR"), shown("OCHA", short=True), shown("Barran Press")
('المرصد السوري لحقوق الإنسان', 'أوتشا', 'Barran Press')
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from analysis import i18n
from analysis.errors import DataValidationError

TABLE = "organisations.yaml"
_KEYS = {"ar", "short"}
_NOTED = re.compile(r"^(?P<name>.+?)(?P<note>\s+\(.*\))$", re.DOTALL)


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    """name as published -> {"ar": full Arabic name, "short": short form (the full if none)}."""
    path = resources.files("analysis") / TABLE
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("organisations")
    if not isinstance(entries, dict):
        raise DataValidationError(f"{path}: expected a mapping 'organisations' of names.")
    found: dict[str, dict[str, str]] = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("ar"), str):
            raise DataValidationError(f"{path}: {name!r} needs an 'ar' name.")
        unknown = set(entry) - _KEYS
        if unknown:
            raise DataValidationError(
                f"{path}: {name!r} has unknown keys {sorted(unknown)}; use {sorted(_KEYS)}."
            )
        found[str(name)] = {"ar": entry["ar"], "short": entry.get("short") or entry["ar"]}
    return found


def shown(name: str, short: bool = False) -> str:
    """The organisation or source ``name`` as the report's edition shows it (see the module);
    anything but a name (a missing value) is returned as it is."""
    if i18n.edition().language != "ar" or not isinstance(name, str):
        return name
    text = name
    names = table()
    form = "short" if short else "ar"
    if text in names:
        return names[text][form]
    noted = _NOTED.match(text)
    if noted and noted["name"] in names:
        return names[noted["name"]][form] + noted["note"]
    return text


__all__ = ["shown", "table"]
