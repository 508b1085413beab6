"""ACLED (Armed Conflict Location & Event Data) export CSV.

Source: ACLED, https://acleddata.com/ (Terms of Use & Attribution Policy apply to the data).

One export serves two domains:
- casualties (format ``acled``): ``fatalities`` becomes ``deaths_best``. ACLED publishes one
  conservative figure per event, so ``deaths_low``/``deaths_high`` stay empty and no civilian
  count is derived (``civilian_targeting`` marks events, not victims).
- territorial control (format ``acled_control``): the sub-event types "Government regains
  territory" and "Non-state actor overtakes territory" are changes of control; ``actor1`` gains,
  ``actor2`` (if any) loses.

Quirks handled here:
- ``event_date`` is "01 January 2017" in older exports and ISO (2017-01-01) in newer ones; both
  are accepted, even mixed within one file.
- ``admin1`` uses ACLED spellings (Idleb, Dara, Deir ez Zor, Rural Damascus, Al Hasakeh, As
  Sweida, Lattakia, Tartous), normalised to OCHA P-codes through the gazetteer.
- dates: ``time_precision`` 1 means the day is known, 2 only the week, 3 only the month. The
  published ``event_date`` is kept; the span the event happened in (``date_earliest``..
  ``date_latest``) is that day, the seven days centred on it, or its calendar month. Reports count
  an event in a period only when that whole span is inside it.
- ``geo_precision`` 1 (the place), 2 (near it), 3 (a larger region) becomes ``place_precision``.
- ``fatalities`` is one conservative figure: there is no low-high range and no split by side.
  ``civilian_targeting`` ("Civilian targeting" or empty; newer exports only) marks events that
  targeted civilians.
- ``timestamp`` (Unix seconds: when ACLED last recorded the row) becomes ``recorded_date``; an
  event dated after it, or in the future, gets a quality note in reports.
- the same ``event_id_cnty`` twice with identical values is dropped and counted
  (``copies_dropped``); the same id with different values is refused, naming both lines.
- actor names carry date suffixes ("Military Forces of Syria (2000-)"); they are kept as published.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import validate
from analysis.data.cache import cached_frame
from analysis.data.csvio import read_header
from analysis.data.formats import Format, register
from analysis.data.schema import CASUALTY_EVENTS, CONTROL_CHANGES, conform
from analysis.data.tabular import CATEGORY, DATE, FLOAT, INT, TEXT, governorate_codes, read_columns
from analysis.gazetteer import names_for
from analysis.i18n import N_

NAME = "acled"
_VERSION = "3"
DATE_FORMATS = ("%d %B %Y", "%Y-%m-%d")
TERRITORY_SUB_EVENTS = ("Government regains territory", "Non-state actor overtakes territory")

_SPEC = {
    "event_id_cnty": TEXT,
    "event_date": DATE,
    "event_type": CATEGORY,
    "sub_event_type": CATEGORY,
    "actor1": CATEGORY,
    "actor2": CATEGORY,
    "admin1": CATEGORY,
    "location": TEXT,
    "latitude": FLOAT,
    "longitude": FLOAT,
    "source": TEXT,
    "fatalities": INT,
}
_OPTIONAL = {
    "time_precision": INT,
    "geo_precision": INT,
    "timestamp": TEXT,
    "civilian_targeting": CATEGORY,
    "notes": TEXT,
}
DATE_PRECISION = {1: "day", 2: "week", 3: "month"}
PLACE_PRECISION = {1: "exact place", 2: "near a place", 3: "region"}


def _span(dates: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day an event may have happened on, from its date and time_precision."""
    earliest, latest = dates.copy(), dates.copy()
    week = (precision == 2).fillna(False).to_numpy(dtype=bool)
    month = (precision == 3).fillna(False).to_numpy(dtype=bool)
    earliest[week] = dates[week] - pd.Timedelta(days=3)
    latest[week] = dates[week] + pd.Timedelta(days=3)
    earliest[month] = dates[month].dt.to_period("M").dt.start_time
    latest[month] = dates[month].dt.to_period("M").dt.end_time.dt.normalize()
    return earliest, latest


def _recorded(stamps: pd.Series) -> pd.Series:
    """The day of each ``timestamp`` (Unix seconds, or a date text in some exports)."""
    numbers = pd.to_numeric(stamps, errors="coerce")
    days = pd.to_datetime(numbers, unit="s", errors="coerce")
    texts = pd.to_datetime(stamps.where(numbers.isna()), errors="coerce", format="mixed")
    return days.fillna(texts).dt.normalize().astype("datetime64[ns]")


def _coded(raw: pd.DataFrame, column: str, labels: dict[int, str]) -> pd.Series:
    if column not in raw:
        return pd.Series(pd.NA, index=raw.index, dtype="string")
    return raw[column].map(labels, na_action="ignore").astype("string")


def _read_events(path: Path) -> pd.DataFrame:
    header = set(read_header(path))
    spec = {**_SPEC, **{k: v for k, v in _OPTIONAL.items() if k in header}}
    raw = read_columns(path, spec, fmt=NAME, date_formats=DATE_FORMATS)
    raw, copies = validate.drop_exact_duplicates(raw, "event_id_cnty", path)
    validate.require_values(raw, ["event_date", "fatalities"], path)
    precision = raw["time_precision"] if "time_precision" in raw else pd.Series(dtype="Int64")
    earliest, latest = _span(raw["event_date"], precision.reindex(raw.index))
    targeting = None
    if "civilian_targeting" in raw:
        flag = raw["civilian_targeting"].astype("string").str.strip().str.lower()
        # An empty column (as in exports made before ACLED filled it) says nothing either way.
        targeting = flag.eq("civilian targeting").fillna(False).astype("boolean")
        if flag.isna().all():
            targeting[:] = pd.NA
    validate.non_negative(raw, ["fatalities"], path)
    pcodes = governorate_codes(raw["admin1"], path, "admin1")
    frame = {
        "event_id": raw["event_id_cnty"],
        "event_date": raw["event_date"],
        "event_date_end": raw["event_date"],
        "date_earliest": earliest,
        "date_latest": latest,
        "date_precision": _coded(raw, "time_precision", DATE_PRECISION),
        "place_precision": _coded(raw, "geo_precision", PLACE_PRECISION),
        "admin1_pcode": pcodes,
        "admin1_name": names_for(pcodes),
        "location": raw["location"],
        "latitude": raw["latitude"],
        "longitude": raw["longitude"],
        "event_type": raw["event_type"],
        "sub_event_type": raw["sub_event_type"],
        "side_a": raw["actor1"],
        "side_b": raw["actor2"],
        "civilian_targeting": targeting,
        "deaths_best": raw["fatalities"],
        "recorded_date": _recorded(raw["timestamp"]) if "timestamp" in raw else None,
        "copies_dropped": copies,
        "source": raw["source"],
        "notes_text": raw.get("notes"),
    }
    frame = {k: v for k, v in frame.items() if v is not None}
    return conform(frame, CASUALTY_EVENTS)


def read_acled(path: Path) -> pd.DataFrame:
    """Read an ACLED export into the casualty-events schema."""
    return cached_frame(path, NAME, _VERSION, lambda: _read_events(path))


def read_acled_control(path: Path) -> pd.DataFrame:
    """Changes of control in an ACLED export (the two territory sub-event types)."""
    events = read_acled(path)
    changes = events[events["sub_event_type"].isin(TERRITORY_SUB_EVENTS)]
    frame = pd.DataFrame(
        {
            "event_date": changes["event_date"],
            "place": changes["location"],
            "admin1_pcode": changes["admin1_pcode"],
            "admin1_name": changes["admin1_name"],
            "latitude": changes["latitude"],
            "longitude": changes["longitude"],
            "coord_source": "ACLED",
            "event": changes["sub_event_type"],
            "faction_gaining": changes["side_a"],
            "faction_losing": changes["side_b"],
            "source": changes["source"],
            "notes": "ACLED event " + changes["event_id"],
        }
    )
    return conform(frame, CONTROL_CHANGES)


_SIGNATURE = frozenset({"event_id_cnty", "event_date", "fatalities", "sub_event_type", "admin1"})
_MARKS = frozenset({"event_id_cnty"})  # ACLED's own: a header with it is an ACLED export

FORMAT = register(
    Format(
        name=NAME,
        domain="casualties",
        kind="events",
        series="acled",
        title="ACLED",
        reader=read_acled,
        origin="ACLED Data Export Tool, acleddata.com (account needed; event level)",
        columns=tuple(_SPEC),
        date_column="event_date",
        count_columns=("deaths_best",),
        signature=_SIGNATURE,
        marks=_MARKS,
    )
)

CONTROL_FORMAT = register(
    Format(
        name="acled_control",
        domain="control",
        kind="changes",
        title=N_("ACLED (territory sub-events)"),
        reader=read_acled_control,
        origin="ACLED Data Export Tool, acleddata.com (the territory sub-events)",
        columns=tuple(_SPEC),
        date_column="event_date",
        signature=_SIGNATURE,
        marks=_MARKS,
    )
)
