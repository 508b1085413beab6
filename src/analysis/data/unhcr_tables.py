"""The other UNHCR tables analysts use: IDMC IDPs, demographics, solutions and flows.

Source: UNHCR Refugee Data Finder, https://www.unhcr.org/refugee-statistics/, as distributed in
UNHCR's R package ``refugees`` (tables ``idmc``, ``demographics``, ``solutions``, ``flows``;
CC BY 4.0, cite "UNHCR Refugee Data Finder"). Every table has one row per year and pair of
countries (``coo``: origin, ``coa``: asylum; their ISO3 codes in ``coo_iso``/``coa_iso``).

What each carries (UNHCR's documentation of the package):
- ``idmc``: IDMC's estimate of people internally displaced by conflict at the end of the year
  (``total``; origin = asylum = the country). A stock: never summed across years.
- ``demographics``: the population at the end of the year by sex and age group (``f_0_4`` ...
  ``m_60``, ``f_other``/``m_other`` age unknown, ``f_total``/``m_total``), by population type
  (``pop_type``: REF refugees, ASY asylum-seekers, IDP, RDP returned IDPs, RET returned
  refugees, OOC others of concern, STA stateless, HST host community, OIP) and location in the
  country of asylum (``location``; Syria's IDPs by governorate, "Idleb [Admin 1]"). ``total``
  exceeds ``f_total + m_total`` where part of the population has no breakdown.
- ``solutions``: counted during the year: ``returned_refugees`` (origin = the country returned
  to, asylum = the country returned from), ``resettlement`` (refugees resettled to the asylum
  country), ``naturalisation`` (refugees naturalised by it), ``returned_idps``.
- ``flows``: newly recognised refugees and new asylum applications during the year
  (``refugees``, ``asylum_seekers``, ``refugee_like``, ``oip``).

Years and counts are floats ("2024.0") when the table went through pandas; fractions are
refused. Zero and empty (NA) mean different things: NA stays NA.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import validate
from analysis.data.cache import cached_frame
from analysis.data.csvio import read_header
from analysis.data.formats import Format, register
from analysis.data.schema import (
    DEMOGRAPHIC_AGES,
    IDMC_IDPS,
    REFUGEE_ARRIVALS,
    REFUGEE_DEMOGRAPHICS,
    REFUGEE_SOLUTIONS,
    conform,
)
from analysis.data.tabular import CATEGORY, FLOAT, read_columns
from analysis.data.unhcr import SOURCE, whole_numbers
from analysis.errors import DataValidationError
from analysis.i18n import N_

_VERSION = "1"
IDMC = "unhcr_idmc"
DEMOGRAPHICS = "unhcr_demographics"
SOLUTIONS = "unhcr_solutions"
FLOWS = "unhcr_flows"

_PAIR = {
    "coo_name": "origin_name",
    "coo_iso": "origin_iso3",
    "coa_name": "asylum_name",
    "coa_iso": "asylum_iso3",
}


def _read_table(
    path: Path,
    fmt: str,
    schema: dict[str, str],
    counts: dict[str, str],
    text: dict[str, str] | None = None,
    optional: dict[str, str] | None = None,
) -> pd.DataFrame:
    header = set(read_header(path))
    counts = dict(counts) | {s: d for s, d in (optional or {}).items() if s in header}
    text = _PAIR | (text or {})
    spec = {"year": FLOAT} | dict.fromkeys(text, CATEGORY) | dict.fromkeys(counts, FLOAT)
    raw = read_columns(path, spec, fmt=fmt)
    validate.require_values(raw, ["year"], path)
    whole_numbers(raw, ["year", *counts], path)
    validate.non_negative(raw, list(counts), path)
    frame = {"year": raw["year"]}
    for src, dst in (text | counts).items():
        frame[dst] = raw[src].astype("string") if src in text else raw[src]
    frame["source"] = pd.Series(SOURCE, index=raw.index)
    return conform(frame, schema)


def read_idmc(path: Path) -> pd.DataFrame:
    """IDMC conflict IDPs at the end of each year, into ``IDMC_IDPS``."""

    def build() -> pd.DataFrame:
        header = set(read_header(path))
        other = sorted(header & {"pop_type", "f_total", "m_total", "refugees", "idps"})
        if other:
            # IDMC's table has only the country pair and ``total``; a table with population
            # types or breakdowns is another UNHCR table that lacks some of its columns.
            raise DataValidationError(
                f"{path}: this has the columns of the IDMC table (coo_iso, coa_iso, total) but "
                f"also {', '.join(other)}, so it is another UNHCR table (demographics?) lacking "
                "some of its columns. Give the table as UNHCR publishes it, or pass --format."
            )
        return _read_table(path, IDMC, IDMC_IDPS, _IDMC_COUNTS)

    return cached_frame(path, IDMC, _VERSION, build)


_IDMC_COUNTS = {"total": "idps_count"}
_SOLUTIONS_COUNTS = {
    "returned_refugees": "returned_refugees",
    "resettlement": "resettlement",
    "naturalisation": "naturalisation",
}
_FLOWS_COUNTS = {"refugees": "refugees", "asylum_seekers": "asylum_seekers"}
_DEMOGRAPHICS_TEXT = {"pop_type": "population_type", "location": "location"}


def _required(counts: dict[str, str], text: dict[str, str] | None = None) -> tuple[str, ...]:
    """The columns :func:`_read_table` requires of a table with these ``counts`` and ``text``
    columns besides the year and the country pair (the same order)."""
    return ("year", *(_PAIR | (text or {})), *counts)


def read_solutions(path: Path) -> pd.DataFrame:
    """Returns, resettlement and naturalisation during each year, into ``REFUGEE_SOLUTIONS``."""
    return cached_frame(
        path,
        SOLUTIONS,
        _VERSION,
        lambda: _read_table(
            path,
            SOLUTIONS,
            REFUGEE_SOLUTIONS,
            _SOLUTIONS_COUNTS,
            optional={"returned_idps": "returned_idps"},
        ),
    )


def read_flows(path: Path) -> pd.DataFrame:
    """New refugees and asylum-seekers during each year, into ``REFUGEE_ARRIVALS``."""
    return cached_frame(
        path,
        FLOWS,
        _VERSION,
        lambda: _read_table(
            path,
            FLOWS,
            REFUGEE_ARRIVALS,
            _FLOWS_COUNTS,
            optional={"refugee_like": "refugee_like", "oip": "other_in_need"},
        ),
    )


def _demographic_counts() -> dict[str, str]:
    counts = {}
    for short, sex in (("f", "female"), ("m", "male")):
        for age in DEMOGRAPHIC_AGES:
            counts[f"{short}_{age}"] = f"{sex}_{age}"
        counts[f"{short}_total"] = f"{sex}_total"
    counts["total"] = "total"
    return counts


def read_demographics(path: Path) -> pd.DataFrame:
    """The population by sex, age group, type and location, into ``REFUGEE_DEMOGRAPHICS``."""
    text = _DEMOGRAPHICS_TEXT
    optional_text = {"loc_type": "location_type", "acc_type": "accommodation_type"}

    def build() -> pd.DataFrame:
        header = set(read_header(path))
        extra = {s: d for s, d in optional_text.items() if s in header}
        return _read_table(
            path, DEMOGRAPHICS, REFUGEE_DEMOGRAPHICS, _demographic_counts(), text | extra
        )

    return cached_frame(path, DEMOGRAPHICS, _VERSION, build)


_COMMON = {
    "date_column": None,
    "domain": "displacement",
    "home": "https://www.unhcr.org/refugee-statistics/",
}

IDMC_FORMAT = register(
    Format(
        name=IDMC,
        kind="idmc_idps",
        title=N_("UNHCR Refugee Data Finder, IDMC internally displaced persons"),
        reader=read_idmc,
        origin="UNHCR Refugee Data Finder, IDMC table (unhcr.org/refugee-statistics)",
        citation="Internal Displacement Monitoring Centre (IDMC), IDP figures as carried by the "
        'UNHCR Refugee Data Finder (CC BY 4.0); cite "UNHCR Refugee Data Finder" and IDMC',
        columns=_required(_IDMC_COUNTS),
        count_columns=("idps_count",),
        signature=frozenset({"coo_iso", "coa_iso", "total"}),
        extra={"year_column": "year", "stocks": True},
        **_COMMON,
    )
)
DEMOGRAPHICS_FORMAT = register(
    Format(
        name=DEMOGRAPHICS,
        kind="refugee_demographics",
        title=N_("UNHCR Refugee Data Finder, demographics (sex and age)"),
        reader=read_demographics,
        origin="UNHCR Refugee Data Finder, demographics table",
        citation='UNHCR Refugee Data Finder, demographics (CC BY 4.0); cite "UNHCR Refugee Data '
        'Finder"',
        columns=_required(_demographic_counts(), _DEMOGRAPHICS_TEXT),
        # No total: the rows mix refugees, IDPs, returnees and host communities; a sum of them
        # counts no one group. The displacement report states each group apart.
        count_columns=(),
        signature=frozenset({"coo_iso", "coa_iso", "pop_type", "f_total", "m_total", "total"}),
        extra={"year_column": "year", "stocks": True},
        **_COMMON,
    )
)
SOLUTIONS_FORMAT = register(
    Format(
        name=SOLUTIONS,
        kind="refugee_solutions",
        title=N_("UNHCR Refugee Data Finder, solutions (returns, resettlement, naturalisation)"),
        reader=read_solutions,
        origin="UNHCR Refugee Data Finder, solutions table",
        citation='UNHCR Refugee Data Finder, solutions (CC BY 4.0); cite "UNHCR Refugee Data '
        'Finder"',
        columns=_required(_SOLUTIONS_COUNTS),
        count_columns=("returned_refugees", "resettlement", "naturalisation", "returned_idps"),
        signature=frozenset({"coo_iso", "coa_iso", "resettlement", "naturalisation"}),
        extra={"year_column": "year", "stocks": False},
        **_COMMON,
    )
)
FLOWS_FORMAT = register(
    Format(
        name=FLOWS,
        kind="refugee_arrivals",
        title=N_("UNHCR Refugee Data Finder, flows (new refugees and asylum-seekers)"),
        reader=read_flows,
        origin="UNHCR Refugee Data Finder, flows table",
        citation='UNHCR Refugee Data Finder, flows (CC BY 4.0); cite "UNHCR Refugee Data Finder"',
        columns=_required(_FLOWS_COUNTS),
        count_columns=("refugees", "asylum_seekers"),
        signature=frozenset({"coo_iso", "coa_iso", "refugees", "asylum_seekers", "refugee_like"}),
        extra={"year_column": "year", "stocks": False},
        **_COMMON,
    )
)
