"""UCDP Georeferenced Event Dataset (GED), event-level CSV.

Source: Uppsala Conflict Data Program, https://ucdp.uu.se/downloads/ (GED codebook 19.1 onwards).

Quirks handled here:
- dates: ``date_prec`` says how precisely an event is dated (1 the exact day, 2 a span of 2-6
  days, 3 a week, 4 a month, 5 more than a month, up to a year) and ``date_start``..``date_end``
  is the span it happened in (in the 2016-2019 Syria file, 4 and 5 hold 28% of all deaths, one
  event of 8,179 spanning all of 2016). ``date_earliest``..``date_latest`` keep that span; reports
  count an event in a period only when the whole span is inside it, never on its first day.
- ``where_prec`` (1 exact place .. 6 country, 7 air or sea) becomes ``place_precision``.
- the same ``id`` twice with identical values is one event published twice: the copy is dropped
  and counted (``copies_dropped``); the same ``id`` with different values is refused.
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
from analysis.data.csvio import read_header
from analysis.data.formats import Format, register
from analysis.data.schema import CASUALTY_EVENTS, conform
from analysis.data.tabular import CATEGORY, DATE, FLOAT, INT, TEXT, governorate_codes, read_columns
from analysis.gazetteer import names_for

NAME = "ucdp_ged"
_VERSION = "3"
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
_OPTIONAL = {"date_prec": INT, "where_prec": INT}
DATE_PRECISION = {1: "day", 2: "days", 3: "week", 4: "month", 5: "year"}
PLACE_PRECISION = {
    1: "exact place",
    2: "near a place",
    3: "district",
    4: "governorate",
    5: "region",
    6: "country",
    7: "air or sea",
}


def read_ucdp_ged(path: Path) -> pd.DataFrame:
    """Read a UCDP GED CSV into the casualty-events schema."""
    return cached_frame(path, NAME, _VERSION, lambda: _read(path))


def _read(path: Path) -> pd.DataFrame:
    header = set(read_header(path))
    spec = {**_SPEC, **{k: v for k, v in _OPTIONAL.items() if k in header}}
    raw = read_columns(path, spec, fmt=NAME)
    raw, copies = validate.drop_exact_duplicates(raw, "id", path)
    validate.require_values(raw, ["date_start", "best"], path)
    counts = ["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low", "best", "high"]
    validate.non_negative(raw, counts, path)
    # low > best or best > high occurs in UCDP's own releases (30 and 71 events in the 2016-2019
    # Syria file): kept as published and reported by `data summary`, not refused.
    validate.ordered(raw, "date_start", "date_end", path, ("date_start", "date_end"))
    pcodes = governorate_codes(raw["adm_1"], path, "adm_1")
    end = raw["date_end"].fillna(raw["date_start"])
    frame = {
        "event_id": raw["id"],
        "event_date": raw["date_start"],
        "event_date_end": raw["date_end"],
        "date_earliest": raw["date_start"],
        "date_latest": end,
        "date_precision": _coded(raw, "date_prec", DATE_PRECISION),
        "place_precision": _coded(raw, "where_prec", PLACE_PRECISION),
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
        "copies_dropped": copies,
        "source": raw["source_original"],
    }
    return conform(frame, CASUALTY_EVENTS)


def _coded(raw: pd.DataFrame, column: str, labels: dict[int, str]) -> pd.Series:
    """Labels of a precision code column; empty where the file has no such column or value."""
    if column not in raw:
        return pd.Series(pd.NA, index=raw.index, dtype="string")
    return raw[column].map(labels, na_action="ignore").astype("string")


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
