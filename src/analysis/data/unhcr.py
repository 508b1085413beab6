"""UNHCR population statistics (Refugee Data Finder), end-of-year stocks as CSV.

Source: UNHCR Refugee Data Finder, https://www.unhcr.org/refugee-statistics/, as distributed in
UNHCR's R package ``refugees`` (table ``population``; CC BY 4.0, cite "UNHCR Refugee Data
Finder"). One row per year, country of origin and country of asylum.

Quirks handled here:
- refugees, asylum-seekers and IDPs are end-of-year stocks; returns are counted during the year.
  Summing a stock over years counts the same people again: the sums, within a year only, are in
  :mod:`analysis.metrics.displacement`.
- years and counts are written as floats ("2024.0", "1200.0") when the table went through
  pandas; they are accepted, but a fractional year or count is refused.
- zero and empty (NA) both occur and mean different things: NA stays NA. In the 2025.12.1
  release ``oip`` is empty in every row of the Syria subset.
- ``coo``/``coa`` are UNHCR's own country codes (Germany is "GFR"); the ISO3 codes are in
  ``coo_iso``/``coa_iso`` and are the ones kept.
- returned refugees are recorded with the country returned to as origin (``coo_iso``) and the
  country returned from as asylum (``coa_iso``); IDPs and returned IDPs with origin = asylum.
- ``oip`` (other people in need of international protection, since 2022) and ``hst`` (host
  community, since 2023) are absent from older releases; when absent they are left empty.
- The Refugee Data Finder's own download (``query_data.zip``: a data CSV and a footnotes CSV;
  the data CSV has several preamble lines above its header) uses long column names ("Country of
  origin (ISO)", "Refugees under UNHCR's mandate", "Returned IDPss" sic). It is its own format,
  ``unhcr_download``, read into the same schema. The zip and the preamble are dealt with in
  front of every reader (:mod:`analysis.data.containers`); this reader gets a CSV whose header
  is its first line. The download lets the user pick the population types: refugees and
  asylum-seekers must be there, any other type not chosen is left empty (not zero). Small
  counts are rounded by UNHCR (under 5 to a multiple of 5), so totals are approximate.

The other UNHCR tables (IDMC IDPs, demographics, solutions, flows) are in
:mod:`analysis.data.unhcr_tables`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import validate
from analysis.data.cache import cached_frame
from analysis.data.csvio import read_header
from analysis.data.formats import Format, register
from analysis.data.schema import REFUGEE_STOCKS, conform
from analysis.data.tabular import CATEGORY, FLOAT, read_columns
from analysis.errors import DataValidationError
from analysis.i18n import N_

NAME = "unhcr_population"
DOWNLOAD = "unhcr_download"
SOURCE = "UNHCR Refugee Data Finder"
_VERSION = "1"

# Source column -> house column. Counts are read as floats ("1200.0") and checked to be whole.
_TEXT = {
    "coo_name": "origin_name",
    "coo_iso": "origin_iso3",
    "coa_name": "asylum_name",
    "coa_iso": "asylum_iso3",
}
_COUNTS = {
    "refugees": "refugees",
    "asylum_seekers": "asylum_seekers",
    "returned_refugees": "returned_refugees",
    "idps": "idps_count",
    "returned_idps": "returned_idps",
    "stateless": "stateless",
    "ooc": "others_of_concern",
}
_OPTIONAL_COUNTS = {
    "oip": "other_in_need",
    "hst": "host_community",
}


# The Refugee Data Finder download: long column name -> house column.
_DOWNLOAD_YEAR = "Year"
_DOWNLOAD_TEXT = {
    "Country of origin": "origin_name",
    "Country of origin (ISO)": "origin_iso3",
    "Country of asylum": "asylum_name",
    "Country of asylum (ISO)": "asylum_iso3",
}
_DOWNLOAD_COUNTS = {
    "Refugees under UNHCR's mandate": "refugees",
    "Asylum-seekers": "asylum_seekers",
}
_DOWNLOAD_OPTIONAL = {
    "Returned refugees": "returned_refugees",
    "IDPs of concern to UNHCR": "idps_count",
    "Returned IDPss": "returned_idps",  # sic, as UNHCR writes it
    "Returned IDPs": "returned_idps",  # in case UNHCR corrects the spelling
    "Stateless persons": "stateless",
    "Others of concern": "others_of_concern",
    "Other people in need of international protection": "other_in_need",
    "Host community": "host_community",
}


def read_unhcr_population(path: Path) -> pd.DataFrame:
    """Read a UNHCR ``population`` CSV into the refugee-stocks schema."""
    return cached_frame(path, NAME, _VERSION, lambda: _read(path))


def read_unhcr_download(path: Path) -> pd.DataFrame:
    """Read the data CSV of a Refugee Data Finder download into the refugee-stocks schema."""
    return cached_frame(path, DOWNLOAD, _VERSION, lambda: _read_download(path))


def _read(path: Path) -> pd.DataFrame:
    header = set(read_header(path))
    counts = dict(_COUNTS)
    counts.update({src: dst for src, dst in _OPTIONAL_COUNTS.items() if src in header})
    return _stocks(path, NAME, "year", _TEXT, counts)


def _read_download(path: Path) -> pd.DataFrame:
    header = set(read_header(path))
    counts = dict(_DOWNLOAD_COUNTS)
    counts.update({src: dst for src, dst in _DOWNLOAD_OPTIONAL.items() if src in header})
    return _stocks(path, DOWNLOAD, _DOWNLOAD_YEAR, _DOWNLOAD_TEXT, counts)


def _stocks(
    path: Path, fmt: str, year: str, text: dict[str, str], counts: dict[str, str]
) -> pd.DataFrame:
    spec = {year: FLOAT} | dict.fromkeys(text, CATEGORY) | dict.fromkeys(counts, FLOAT)
    raw = read_columns(path, spec, fmt=fmt)
    validate.require_values(raw, [year], path)
    whole_numbers(raw, [year, *counts], path, year=year)
    validate.non_negative(raw, list(counts), path)
    frame = pd.DataFrame({"year": raw[year]})
    for src, dst in (text | counts).items():
        frame[dst] = raw[src]
    frame["source"] = SOURCE
    return conform(frame, REFUGEE_STOCKS)


def whole_numbers(raw: pd.DataFrame, columns: list[str], path: Path, *, year: str = "year") -> None:
    """Refuse a fractional year or count, naming the column and lines."""
    for column in columns:
        values = raw[column]
        fractional = (values.notna() & (values % 1 != 0)).to_numpy(dtype=bool)
        if fractional.any():
            positions = np.flatnonzero(fractional)
            what = "years" if column == year else "counts of people"
            raise DataValidationError(
                f"{path}: column {column!r} must hold whole numbers ({what}), but "
                f"{validate.show_lines(positions, values.iloc[positions[:5]].tolist())} do not. "
                "Correct those cells; a year may be written 2024 or 2024.0, not 2024.5."
            )


FORMAT = register(
    Format(
        name=NAME,
        domain="displacement",
        kind="refugee_stocks",
        title=N_("UNHCR Refugee Data Finder, population statistics"),
        reader=read_unhcr_population,
        origin="UNHCR Refugee Data Finder, unhcr.org/refugee-statistics (tidy tables)",
        citation="UNHCR Refugee Data Finder, population statistics (CC BY 4.0); cite "
        '"UNHCR Refugee Data Finder"',
        home="https://www.unhcr.org/refugee-statistics/",
        columns=("year", *_TEXT, *_COUNTS),
        date_column=None,
        count_columns=(
            "refugees",
            "asylum_seekers",
            "returned_refugees",
            "idps_count",
            "returned_idps",
        ),
        signature=frozenset({"coo_iso", "coa_iso", "refugees", "asylum_seekers", "idps"}),
        extra={"year_column": "year", "stocks": True},
    )
)


DOWNLOAD_FORMAT = register(
    Format(
        name=DOWNLOAD,
        domain="displacement",
        kind="refugee_stocks",
        title=N_("UNHCR Refugee Data Finder, population statistics (website download)"),
        reader=read_unhcr_download,
        origin="UNHCR Refugee Data Finder website download (query_data.zip)",
        citation="UNHCR Refugee Data Finder, population statistics, website download (CC BY "
        '4.0); cite "UNHCR Refugee Data Finder"',
        home="https://www.unhcr.org/refugee-statistics/download/",
        columns=(_DOWNLOAD_YEAR, *_DOWNLOAD_TEXT, *_DOWNLOAD_COUNTS),
        date_column=None,
        count_columns=FORMAT.count_columns,
        signature=frozenset(
            {
                "Country of origin (ISO)",
                "Country of asylum (ISO)",
                "Refugees under UNHCR's mandate",
                "Asylum-seekers",
            }
        ),
        extra={"year_column": "year", "stocks": True},
    )
)
