"""The four facts tables: the file read, its exact header, and the file it becomes.

This is the build's structure, shared with :mod:`analysis.data.bundled` (file names, schemas);
the prose written about each file is curated in ``metadata.yaml`` (see :mod:`.curated`).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.data.schema import (
    CASUALTY_TOLLS,
    CONTROL_CHANGES,
    DISPLACEMENT_FIGURES,
    TERRITORY_SHARES,
)

EXTRA_COLUMNS = ("record_id", "conflict_note", "weak_source")  # after the schema's columns


@dataclass(frozen=True)
class Table:
    key: str  # "tolls"
    facts_file: str  # file in data/raw/offensive_2024
    facts_columns: tuple[str, ...]  # its exact header
    out_file: str  # file written into data/offensive_2024
    schema: dict[str, str]
    id_prefix: str  # record_id is f"{id_prefix}-{row number:03d}"
    url_columns: tuple[str, ...]  # columns holding the row's source URL(s)

    @property
    def out_columns(self) -> list[str]:
        return [*self.schema, *EXTRA_COLUMNS]


TOLLS = Table(
    key="tolls",
    facts_file="casualties.csv",
    facts_columns=(
        "report_date",
        "as_of_date",
        "organisation",
        "qualifier",
        "total_deaths",
        "rebel_deaths",
        "government_side_deaths",
        "civilian_deaths",
        "breakdown_note",
        "scope",
        "source_url",
        "outlet",
        "notes",
    ),
    out_file="casualty_tolls.csv",
    schema=CASUALTY_TOLLS,
    id_prefix="tolls",
    url_columns=("source_url",),
)

DISPLACEMENT = Table(
    key="displacement",
    facts_file="displacement.csv",
    facts_columns=(
        "report_date",
        "as_of_date",
        "organisation",
        "qualifier",
        "displaced",
        "displaced_low",
        "displaced_high",
        "area",
        "breakdown_note",
        "source_url",
        "outlet",
        "notes",
    ),
    out_file="displacement_figures.csv",
    schema=DISPLACEMENT_FIGURES,
    id_prefix="displacement",
    url_columns=("source_url",),
)

CONTROL = Table(
    key="control",
    facts_file="control_events.csv",
    facts_columns=(
        "date",
        "place",
        "governorate",
        "latitude",
        "longitude",
        "coord_source",
        "event",
        "faction_gaining",
        "faction_losing",
        "source",
        "notes",
    ),
    out_file="control_changes.csv",
    schema=CONTROL_CHANGES,
    id_prefix="control",
    url_columns=("source",),
)

SHARES = Table(
    key="shares",
    facts_file="control_shares.csv",
    facts_columns=(
        "as_of_date",
        "report_date",
        "organisation",
        "scope",
        "metric",
        "faction",
        "value",
        "unit",
        "qualifier",
        "source_url",
        "notes",
    ),
    out_file="territory_shares.csv",
    schema=TERRITORY_SHARES,
    id_prefix="shares",
    url_columns=("source_url",),
)

TABLES = (TOLLS, DISPLACEMENT, CONTROL, SHARES)  # the order of the outputs and of DISAGREEMENTS.md
SOURCES_FILE = "sources.csv"
SOURCES_COLUMNS = ("url", "domain", "outlet", "role", "files", "record_ids")
DISAGREEMENTS_FILE = "DISAGREEMENTS.md"
