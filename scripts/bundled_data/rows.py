"""Process: each facts row -> one row of the house schema (:mod:`analysis.data.schema`).

Numbers, dates and coordinates are written exactly as published once checked; governorate names
become OCHA P-codes through the gazetteer; each row gets a ``record_id`` in source order, an
empty ``conflict_note`` (filled by :mod:`.conflicts`) and an empty ``weak_source`` (filled by
:mod:`.weak_sources`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from analysis.errors import DataValidationError

from .cells import Cell, parses
from .curated import TOLL_SERIES_YAML, Curated
from .facts import Fact
from .tables import CONTROL, DISPLACEMENT, SHARES, TOLLS, Table

_MONTH = re.compile(r"^\d{4}-\d{2}$")
_ORIGIN = re.compile(r"^fled (?P<name>.+?) governorate$", re.IGNORECASE)


@dataclass
class Built:
    """A table's facts and the rows built from them, in the same order."""

    table: Table
    facts: list[Fact]
    rows: list[dict[str, str]]


def build_rows(table: Table, facts: list[Fact], curated: Curated) -> Built:
    make = ROW_BUILDERS[table.key]
    rows = []
    for number, fact in enumerate(facts, start=1):
        out = make(Cell(table, fact), curated)
        if list(out) != list(table.schema):
            raise AssertionError(f"{table.key}: built columns differ from the schema")
        out["record_id"] = f"{table.id_prefix}-{number:03d}"
        out["conflict_note"] = ""
        out["weak_source"] = ""
        rows.append(out)
    return Built(table, facts, rows)


def toll_row(cell: Cell, curated: Curated) -> dict[str, str]:
    out = {
        "report_date": cell.day("report_date", required=True),
        "as_of_date": cell.day("as_of_date", required=True),
        "organisation": cell.text("organisation", required=True),
        "qualifier": cell.text("qualifier"),
        "deaths_total": cell.count("total_deaths"),
        "deaths_rebels": cell.count("rebel_deaths"),
        "deaths_government_side": cell.count("government_side_deaths"),
        "deaths_civilians": cell.count("civilian_deaths"),
        "breakdown_note": cell.text("breakdown_note"),
        "scope": cell.text("scope"),
        "source_url": cell.url("source_url"),
        "outlet": cell.text("outlet"),
        "notes": cell.text("notes"),
        "series": _series(cell, curated),  # rules in toll_series.yaml
    }
    counts = ("deaths_total", "deaths_rebels", "deaths_government_side", "deaths_civilians")
    if not any(out[c] for c in counts):
        raise cell.fail("total_deaths", "the row has no death count in any column")
    return out


def _series(cell: Cell, curated: Curated) -> str:
    scope = cell.text("scope")
    series = curated.series_of(scope)
    if series is None:
        raise DataValidationError(
            f"{cell.table.facts_file} line {cell.fact.line}, column 'scope': {scope!r} matches no "
            f"rule of {TOLL_SERIES_YAML}, which has no default. Add a rule there giving this "
            "toll its series (offensive, partial or context) and run `make data` again."
        )
    return series


def displacement_row(cell: Cell, curated: Curated) -> dict[str, str]:
    area = cell.text("area", required=True)
    pcode = name = ""
    origin = _ORIGIN.match(area)
    if origin:  # a figure for people who fled one governorate
        gov = cell.governorate("area", origin.group("name"))
        pcode, name = gov.pcode, gov.name
    out = {
        "report_date": cell.day("report_date"),
        "as_of_date": cell.day("as_of_date"),
        "organisation": cell.text("organisation", required=True),
        "qualifier": cell.text("qualifier"),
        "displaced_count": cell.count("displaced"),
        "displaced_low": cell.count("displaced_low"),
        "displaced_high": cell.count("displaced_high"),
        "area": area,
        "admin1_pcode": pcode,
        "admin1_name": name,
        "breakdown_note": cell.text("breakdown_note"),
        "source_url": cell.url("source_url"),
        "outlet": cell.text("outlet"),
        "notes": cell.text("notes"),
    }
    low, high = out["displaced_low"], out["displaced_high"]
    if not (out["displaced_count"] or low or high):
        raise cell.fail("displaced", "the row has neither a figure nor a low..high range")
    if bool(low) != bool(high):
        raise cell.fail("displaced_low", "a range needs both displaced_low and displaced_high")
    if low and int(low) > int(high):
        raise cell.fail("displaced_low", f"the low value {low} is above the high value {high}")
    return out


def control_row(cell: Cell, curated: Curated) -> dict[str, str]:
    gov = cell.governorate("governorate", cell.text("governorate", required=True))
    latitude, longitude = cell.number("latitude"), cell.number("longitude")
    if bool(latitude) != bool(longitude):
        raise cell.fail("latitude", "a point needs both latitude and longitude")
    return {
        "event_date": cell.day("date", required=True),
        "place": cell.text("place", required=True),
        "admin1_pcode": gov.pcode,
        "admin1_name": gov.name,
        "latitude": latitude,
        "longitude": longitude,
        "coord_source": cell.text("coord_source"),
        "event": cell.text("event", required=True),
        "faction_gaining": cell.text("faction_gaining"),
        "faction_losing": cell.text("faction_losing"),
        "source": cell.urls("source"),
        "notes": cell.text("notes"),
    }


def shares_row(cell: Cell, curated: Curated) -> dict[str, str]:
    label = cell.text("as_of_date")
    if not label:
        as_of = ""
    elif _MONTH.match(label) and parses(label, "%Y-%m"):
        as_of = f"{label}-01"  # a month stands for its first day; the label keeps the month
    else:
        as_of = cell.day("as_of_date")
    return {
        "as_of_date": as_of,
        "as_of_label": label,
        "report_date": cell.day("report_date"),
        "organisation": cell.text("organisation", required=True),
        "scope": cell.text("scope"),
        "metric": cell.text("metric", required=True),
        "faction": cell.text("faction"),
        "value": cell.number("value"),
        "unit": cell.text("unit", required=True),
        "qualifier": cell.text("qualifier"),
        "source_url": cell.url("source_url"),
        "notes": cell.text("notes"),
    }


ROW_BUILDERS: dict[str, Callable[[Cell, Curated], dict[str, str]]] = {
    TOLLS.key: toll_row,
    DISPLACEMENT.key: displacement_row,
    CONTROL.key: control_row,
    SHARES.key: shares_row,
}
