"""Readers for every supported source, into one tidy schema per domain.

>>> from analysis import data
>>> ds = data.read("ged_syria.csv")            # format detected from the header
>>> ds.format.name, ds.frame["deaths_best"].sum()

Every reader has one shape: read -> rename to the house schema -> validate -> return. A file is
either loaded whole and valid, or refused with a :class:`~analysis.errors.DataValidationError`
naming the file, column and lines at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data import containers, formats
from analysis.data.formats import FORMATS, Format, detect
from analysis.errors import DataValidationError
from analysis.parameters import BUNDLED

# Each reader module registers its formats when imported, in this order (the order `sitrep data
# formats` lists them and detection tries them). A reader that cannot be imported stops the
# import of analysis.data here: its formats are never silently missing.
try:
    # isort: off
    from analysis.data import (  # noqa: F401
        bundled,
        ucdp,
        acled,
        acled_hdx,
        unhcr,
        unhcr_tables,
        hnap,
        boundaries,
        health_attacks,
    )
    # isort: on
except ImportError as exc:
    raise ImportError(
        f"a reader of analysis.data cannot be imported ({exc}), so its formats cannot be read. "
        "Install what is missing (`make setup`), or fix the reader module the traceback names."
    ) from exc


@dataclass(frozen=True)
class Dataset:
    """A validated frame and where it came from.

    ``path`` names the user's file, with ``::member`` or ``::sheet`` when the data came from
    inside an archive or workbook; ``local`` is the file the reader opened (the same file, or its
    plain-CSV copy in the cache), for code that must open it again.
    """

    frame: pd.DataFrame
    format: Format
    path: Path
    local: Path | None = None

    @property
    def kind(self) -> str:
        return self.format.kind

    @property
    def source_label(self) -> str:
        """Short attribution for headings, captions, boxes and chart footnotes: the source named
        by what it is (its format's title), never by its file name, which a report states once,
        in its sources and method (:attr:`file_name`)."""
        return self.format.title

    @property
    def file_name(self) -> str:
        """The file's name as the user gave it (``ged.zip::GEDEvent_v25_1.csv`` for a member of
        an archive, ``book.xlsx::Sheet`` for a sheet), for the one mention in sources and method."""
        return self.path.name


def read(path: str | Path, format: str | None = None, *, domain: str | None = None) -> Dataset:
    """Read and validate ``path``; ``format`` overrides detection; ``domain`` checks the result.

    ``path`` may name a file inside an archive or a sheet of a workbook:
    ``"ged251-csv.zip::GEDEvent_v25_1.csv"``, ``"book.xlsx::Sheet name"``; zip, gzip, xlsx, BOM,
    semicolon or tab delimiters, an HXL row and a preamble above the header are handled by
    :mod:`analysis.data.containers`.
    """
    source = containers.open_source(path)
    fmt = formats.get(format) if format else formats.detect_source(source, domain)
    if domain is not None and fmt.domain != domain:
        raise DataValidationError(
            f"{source.label}: this is a {fmt.title} file ({fmt.domain} data), but {domain} data "
            f"is expected here. `sitrep data formats --domain {domain}` lists the {domain} "
            "formats."
        )
    try:
        frame = fmt.reader(source.local)
    except DataValidationError as exc:
        if not source.converted:
            raise
        raise containers.relabelled(exc, source) from None
    return Dataset(frame=frame, format=fmt, path=source.path, local=source.local)


__all__ = ["BUNDLED", "FORMATS", "Dataset", "Format", "detect", "read"]
