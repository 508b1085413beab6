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
- actor names carry date suffixes ("Military Forces of Syria (2000-)"); they are kept as published.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import validate
from analysis.data.cache import cached_frame
from analysis.data.formats import Format, register
from analysis.data.schema import CASUALTY_EVENTS, CONTROL_CHANGES, conform
from analysis.data.tabular import CATEGORY, DATE, FLOAT, INT, TEXT, governorate_codes, read_columns
from analysis.gazetteer import names_for

NAME = "acled"
_VERSION = "1"
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


def _read_events(path: Path) -> pd.DataFrame:
    raw = read_columns(path, _SPEC, fmt=NAME, date_formats=DATE_FORMATS)
    validate.require_values(raw, ["event_date", "fatalities"], path)
    validate.non_negative(raw, ["fatalities"], path)
    pcodes = governorate_codes(raw["admin1"], path, "admin1")
    frame = {
        "event_id": raw["event_id_cnty"],
        "event_date": raw["event_date"],
        "event_date_end": raw["event_date"],
        "admin1_pcode": pcodes,
        "admin1_name": names_for(pcodes),
        "location": raw["location"],
        "latitude": raw["latitude"],
        "longitude": raw["longitude"],
        "event_type": raw["event_type"],
        "sub_event_type": raw["sub_event_type"],
        "side_a": raw["actor1"],
        "side_b": raw["actor2"],
        "deaths_best": raw["fatalities"],
        "source": raw["source"],
    }
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

FORMAT = register(
    Format(
        name=NAME,
        domain="casualties",
        kind="events",
        title="ACLED",
        reader=read_acled,
        date_column="event_date",
        count_columns=("deaths_best",),
        signature=_SIGNATURE,
    )
)

CONTROL_FORMAT = register(
    Format(
        name="acled_control",
        domain="control",
        kind="changes",
        title="ACLED (territory sub-events)",
        reader=read_acled_control,
        date_column="event_date",
        signature=_SIGNATURE,
    )
)
