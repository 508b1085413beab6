"""UCDP Georeferenced Event Dataset (GED), event-level CSV.

Source: Uppsala Conflict Data Program, https://ucdp.uu.se/downloads/ (GED codebook 19.1 onwards).

Quirks handled here:
- deaths come as ``best`` with a ``low``..``high`` range; ``deaths_a``/``deaths_b`` are the two
  sides of the dyad, plus ``deaths_civilians`` and ``deaths_unknown``; ``best`` is their sum.
- an event may span days: ``date_start``..``date_end``. ``event_date`` is ``date_start`` (UCDP's
  own convention for daily series); ``event_date_end`` keeps the end.
- ``adm_1`` reads "Aleppo Governorate" and is empty for events located only to the country
  (339 of 16,566 in the 2016-2019 Syria file); those keep an empty ``admin1_pcode`` and count in
  country totals, never in a governorate's.
- ``low``/``high`` do not always bracket ``best`` in UCDP's own data; values are kept as
  published and ``sitrep data summary`` counts the exceptions.
- ``source_article`` holds quoted commas and embedded quotes: a real CSV parser is required.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import validate
from analysis.data.cache import cached_frame
from analysis.data.formats import Format, register
from analysis.data.schema import CASUALTY_EVENTS, conform
from analysis.data.tabular import CATEGORY, DATE, FLOAT, INT, TEXT, governorate_codes, read_columns
from analysis.gazetteer import names_for

NAME = "ucdp_ged"
_VERSION = "2"
_VIOLENCE = {1: "state-based", 2: "non-state", 3: "one-sided"}

_SPEC = {
    "id": TEXT,
    "date_start": DATE,
    "date_end": DATE,
    "adm_1": CATEGORY,
    "where_coordinates": CATEGORY,
    "latitude": FLOAT,
    "longitude": FLOAT,
    "type_of_violence": INT,
    "side_a": CATEGORY,
    "side_b": CATEGORY,
    "deaths_a": INT,
    "deaths_b": INT,
    "deaths_civilians": INT,
    "deaths_unknown": INT,
    "low": INT,
    "best": INT,
    "high": INT,
    "source_original": CATEGORY,
}


def read_ucdp_ged(path: Path) -> pd.DataFrame:
    """Read a UCDP GED CSV into the casualty-events schema."""
    return cached_frame(path, NAME, _VERSION, lambda: _read(path))


def _read(path: Path) -> pd.DataFrame:
    raw = read_columns(path, _SPEC, fmt=NAME)
    validate.require_values(raw, ["date_start", "best"], path)
    counts = ["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low", "best", "high"]
    validate.non_negative(raw, counts, path)
    # low > best or best > high occurs in UCDP's own releases (30 and 71 events in the 2016-2019
    # Syria file): kept as published and reported by `data summary`, not refused.
    validate.ordered(raw, "date_start", "date_end", path, ("date_start", "date_end"))
    pcodes = governorate_codes(raw["adm_1"], path, "adm_1")
    frame = {
        "event_id": raw["id"],
        "event_date": raw["date_start"],
        "event_date_end": raw["date_end"],
        "admin1_pcode": pcodes,
        "admin1_name": names_for(pcodes),
        "location": raw["where_coordinates"],
        "latitude": raw["latitude"],
        "longitude": raw["longitude"],
        "event_type": raw["type_of_violence"].map(_VIOLENCE).astype("string"),
        "side_a": raw["side_a"],
        "side_b": raw["side_b"],
        "deaths_best": raw["best"],
        "deaths_low": raw["low"],
        "deaths_high": raw["high"],
        "deaths_side_a": raw["deaths_a"],
        "deaths_side_b": raw["deaths_b"],
        "deaths_civilians": raw["deaths_civilians"],
        "deaths_unknown": raw["deaths_unknown"],
        "source": raw["source_original"],
    }
    return conform(frame, CASUALTY_EVENTS)


FORMAT = register(
    Format(
        name=NAME,
        domain="casualties",
        kind="events",
        title="UCDP Georeferenced Event Dataset (GED)",
        reader=read_ucdp_ged,
        date_column="event_date",
        count_columns=(
            "deaths_best",
            "deaths_low",
            "deaths_high",
            "deaths_side_a",
            "deaths_side_b",
            "deaths_civilians",
            "deaths_unknown",
        ),
        signature=frozenset({"best", "low", "high", "date_start", "type_of_violence"}),
    )
)
