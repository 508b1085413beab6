"""Load: the facts CSVs, as text, with their header checked column by column."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import DataValidationError

from .tables import Table


@dataclass(frozen=True)
class Fact:
    line: int  # physical line in the facts file where the row ends (header = line 1)
    values: dict[str, str]  # column -> cell, stripped of surrounding spaces


def load_facts(raw_dir: Path, table: Table) -> list[Fact]:
    path = raw_dir / table.facts_file
    if not path.is_file():
        raise DataValidationError(
            f"{path}: no such facts file. The build reads the copies in data/raw/offensive_2024 "
            "(see PROVENANCE.yaml there); pass another folder as the first argument."
        )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        header = tuple(next(reader, ()))
        if header != table.facts_columns:
            missing = [c for c in table.facts_columns if c not in header]
            extra = [c for c in header if c not in table.facts_columns]
            raise DataValidationError(
                f"{path}: the header is not the one this build maps (missing {missing}, "
                f"unexpected {extra}, expected order {list(table.facts_columns)}). Update "
                "scripts/bundled_data/tables.py and rows.py to map the new columns."
            )
        facts = []
        for cells in reader:
            if not cells:
                continue
            if len(cells) != len(header):
                raise DataValidationError(
                    f"{path}: line {reader.line_num} has {len(cells)} fields where the header "
                    f"has {len(header)}. Quote values that contain commas."
                )
            values = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
            facts.append(Fact(reader.line_num, values))
    if not facts:
        raise DataValidationError(f"{path}: the facts file has no rows.")
    return facts
