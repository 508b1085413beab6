"""The registry of supported input formats and detection from a file's header.

Each reader module registers its format with :func:`register`. Detection looks at the file, never
at its name alone: a CSV's header columns, an Excel workbook's sheet names, a GeoJSON's feature
properties. ``--format`` (``format=`` in Python) overrides detection.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data.csvio import check_file, read_header, sniff_text
from analysis.errors import DataValidationError

DOMAINS = ("casualties", "displacement", "control", "boundaries", "health")


@dataclass(frozen=True)
class Format:
    """One supported input format.

    ``signature`` is the set of CSV header columns that identifies the format (for CSV formats);
    ``sniff`` decides for other file types. ``count_columns`` are summed in ``data summary``.
    """

    name: str
    domain: str
    kind: str
    title: str
    reader: Callable[[Path], pd.DataFrame]
    date_column: str | None = None
    count_columns: tuple[str, ...] = ()
    signature: frozenset[str] = frozenset()
    sniff: Callable[[Path], bool] | None = None
    suffixes: tuple[str, ...] = (".csv",)
    extra: dict = field(default_factory=dict)


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    if fmt.domain not in DOMAINS:
        raise ValueError(f"unknown domain {fmt.domain!r}")
    FORMATS[fmt.name] = fmt
    return fmt


def get(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise DataValidationError(
            f"unknown format {name!r}; supported formats: {', '.join(sorted(FORMATS))}."
        ) from None


def _family(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "excel"
    if suffix in (".json", ".geojson"):
        return "json"
    head = sniff_text(path, 64).lstrip()
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith("PK") and zipfile.is_zipfile(path):
        return "excel"
    return "csv"


def detect(path: Path, domain: str | None = None) -> Format:
    """The format of ``path``, decided from its content.

    One file can serve several domains (an ACLED export holds deaths and changes of control);
    ``domain`` picks the reader for the domain wanted, else the first registered one.
    """
    check_file(path)
    family = _family(path)
    candidates = []
    pool = [f for f in FORMATS.values() if domain is None or f.domain == domain]
    if family == "csv":
        header = set(read_header(path))
        candidates = [f for f in pool if f.signature and f.signature <= header]
        # The most specific signature wins (e.g. bundled tolls over a generic table).
        candidates.sort(key=lambda f: len(f.signature), reverse=True)
        if candidates:
            return candidates[0]
        seen = ", ".join(sorted(header)[:12])
    else:
        for fmt in pool:
            if fmt.sniff is not None and path.suffix.lower() in (*fmt.suffixes, ".json"):
                try:
                    if fmt.sniff(path):
                        return fmt
                except (OSError, ValueError, json.JSONDecodeError, zipfile.BadZipFile):
                    continue
        seen = f"a {family} file"
    wanted = f" {domain}" if domain else ""
    raise DataValidationError(
        f"{path}: cannot tell which source this file comes from (found {seen}). Supported"
        f"{wanted} formats: "
        + "; ".join(f"{f.name} ({f.title})" for f in pool)
        + ". Pass --format NAME if the file is one of them with renamed columns."
    )
