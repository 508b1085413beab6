"""Provenance sidecars: every bundled file ``X.csv`` has ``X.provenance.yaml`` beside it.

A sidecar records producer, title, as-of date, source URLs, licence, citation and the SHA-256 of
the file, so a reader of a chart can trace each figure and a test can tell if a file was edited
without its sidecar.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from analysis.errors import DataValidationError
from analysis.files import sha256_file


class Provenance(BaseModel):
    model_config = ConfigDict(extra="allow")

    title: str
    producer: str
    as_of: str
    urls: list[str] = Field(min_length=1)
    licence: str
    citation: str
    sha256: str | None = None
    accessed: str | None = None
    description: str | None = None


def sidecar_path(path: Path) -> Path:
    name = path.name
    for suffix in (".geojson", ".json", ".csv", ".xlsx"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name(f"{name}.provenance.yaml")


def read_provenance(path: Path) -> Provenance:
    """The sidecar of data file ``path``."""
    side = sidecar_path(path)
    if not side.exists():
        raise DataValidationError(
            f"{path}: no provenance sidecar {side.name} beside it. Every bundled file needs one."
        )
    try:
        return Provenance.model_validate(yaml.safe_load(side.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise DataValidationError(f"{side}: not a valid provenance sidecar: {exc}") from None


def write_provenance(path: Path, meta: Provenance) -> Path:
    """Write the sidecar of ``path`` with the file's current checksum."""
    meta = meta.model_copy(update={"sha256": sha256_file(path)})
    side = sidecar_path(path)
    side.write_text(
        yaml.safe_dump(
            meta.model_dump(exclude_none=True), sort_keys=False, allow_unicode=True, width=100
        ),
        encoding="utf-8",
    )
    return side
