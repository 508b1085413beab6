"""Attacks on health care: Insecurity Insight / Safeguarding Health in Conflict Coalition (SHCC)
incident files (yearly files, newer layouts, multi-country workbooks), into the
``HEALTH_ATTACKS`` schema.

Source: Insecurity Insight and SHCC, "SHCC attacks on health care" incident data, one workbook per
year (HDX: https://data.humdata.org/organization/insecurity-insight). Licence CC BY-SA; cite
"Safeguarding Health in Conflict Coalition and Insecurity Insight". The HDX copies are Excel
workbooks with an HXL hashtag row; the xlsx/HXL layer in front of every reader hands this reader
a plain CSV with the header on line 1 (a stray hashtag row is dropped here too).

Every year has its own layout; columns are matched by name with spaces collapsed and case
ignored, so a trailing space ("Perpetrator ", "Total health worker arrested ") does not matter.
Quirks by release (Syria rows of each year's first sheet):
- 2018 ("SHCC Event Code" SYR1.., 19 columns): dates "2018-01-02 00:00:00" (an Excel date);
  no governorate, no weapon; "Perpetrator " is a category (StateActor, NonStateArmedGroups, ...).
- 2019 (24 columns): "Attack date" is the month only ("2019-01") with the day in "Attack day";
  the date is that day when it is a day of that month, else the month (``date_precision``). The
  only year with a governorate, "State/Province/Division/Governorate/Department" ("Idlib
  governorate", "Rif Damasaq governorate", "NoInformation" for none).
- 2020 (18 columns): "Attack date" is the month only ("2020-01") and there is no day column:
  those incidents are dated to the month. Event codes are bare numbers. "Weapons use".
- 2021 (23 columns): dates "2021-01-24 00:00:00"; "Perpetrator " values carry a trailing comma
  ("Opposition Group, "), dropped here; "Name of perpetrator ", "Weapons use".
- 2022 (67 columns): no "SHCC Event Code" (the incident id is "SiND Event ID"); "Reported
  Perpetrator Name", "Weapon Carried/Used"; per-profession and per-sex breakdowns are not read.
- Common to all years: "Country", "Attack date" and "Total health worker killed / injured /
  kidnapped / arrested", and the attacks on facilities that reported destruction or damage.
- A kind of count that a year's layout has no column for is NA, never 0; a blank cell in a
  column the layout has means none was reported and is 0. The publisher counts one where a
  number is unspecified. Counts are health workers only, not patients or other civilians.
- Release files cover every country: only rows whose "Country" is Syria are kept.
- No release has coordinates; "Latitude"/"Longitude" are read when a file has them.
- Newer releases rename the columns: "Date" for "Attack date", "Health Workers Killed /
  Injured / Kidnapped / Arrested" for "Total health worker ...", "Number of Attacks on Health
  Facilities Reporting Destruction / Damaged", "Reported Perpetrator", "SiND Event ID",
  "Admin 1"; the 2022 file has both names of the counts. Each house column's names, the yearly
  files' first, are in ``_ALIASES``; the format's required columns and their other names
  (``FORMAT.columns``, ``FORMAT.also``) are made from it, and the reader requires exactly those.
- HDX's multi-country workbooks ("2016-2023 Attacks on Health Care Incident Data") hold every
  country and year in one sheet (its name ends with a space) beside a "MetaData&Notes" sheet;
  the container layer picks the data sheet, and the Country filter above keeps Syria.
- Their row 2 is an HXL tag row (dropped by the container layer, kept as the source's tags).
  Tags can be wrong (kidnapped and arrested swapped in one release): columns are read by their
  header, and :func:`hxl_disagreements` says where a count's tag names another count, for
  ``sitrep data summary``.
- The publisher says the data are not comprehensive: incidents are those it could verify from
  open sources and partners, neither complete nor representative.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis import gazetteer
from analysis.data import validate
from analysis.data.cache import cached_frame
from analysis.data.csvio import read_csv, read_header
from analysis.data.formats import Format, register
from analysis.data.schema import HEALTH_ATTACKS, conform
from analysis.data.tabular import governorate_codes
from analysis.errors import DataValidationError
from analysis.i18n import N_

NAME = "shcc_health_attacks"
_VERSION = "1"
SOURCE = "Insecurity Insight / SHCC"

# House column -> its names in the layouts, as published (matched with spaces collapsed and case
# ignored): the yearly files' first, then the newer releases' and the multi-country workbooks'.
_ALIASES = {
    "incident_id": ("SHCC Event Code", "SiND Event ID", "Event ID"),
    "country": ("Country",),
    "date": ("Attack date", "Date"),
    "day": ("Attack day",),
    "governorate": (
        "State/Province/Division/Governorate/Department",
        "Governorate",
        "Admin 1",
        "Admin1",
    ),
    "latitude": ("Latitude",),
    "longitude": ("Longitude",),
    "perpetrator": ("Perpetrator", "Reported Perpetrator"),
    "perpetrator_name": ("Name of perpetrator", "Reported Perpetrator Name"),
    "weapon": ("Weapons use", "Weapon Carried/Used", "Weapon use", "Weapon Used"),
    "health_workers_killed": ("Total health worker killed", "Health Workers Killed"),
    "health_workers_injured": ("Total health worker injured", "Health Workers Injured"),
    "health_workers_kidnapped": ("Total health worker kidnapped", "Health Workers Kidnapped"),
    "health_workers_arrested": ("Total health worker arrested", "Health Workers Arrested"),
    "facilities_destroyed": (
        "Total number of attacks on facilities which reported destruction",
        "Number of Attacks on Health Facilities Reporting Destruction",
    ),
    "facilities_damaged": (
        "Total number of attacks on facilities which reported damage",
        "Number of Attacks on Health Facilities Reporting Damaged",
    ),
}
COUNTS = (
    "health_workers_killed",
    "health_workers_injured",
    "health_workers_kidnapped",
    "health_workers_arrested",
    "facilities_destroyed",
    "facilities_damaged",
)
_REQUIRED = ("country", "date", "health_workers_killed")
_SIGNATURE = frozenset(
    {
        "Country",
        "Attack date",
        "Total health worker killed",
        "Total health worker injured",
        "Total health worker kidnapped",
    }
)
_NEWER_SIGNATURE = frozenset(
    {
        "Country",
        "Date",
        "Health Workers Killed",
        "Health Workers Injured",
        "Health Workers Kidnapped",
    }
)
# What an HXL tag under a count column says it counts: a tag that names another kind of count
# and not its own disagrees with the header (one release swapped kidnapped and arrested).
_TAG_WORDS = {
    "health_workers_killed": ("killed", "dead", "death"),
    "health_workers_injured": ("injured", "wounded"),
    "health_workers_kidnapped": ("kidnapped", "abducted"),
    "health_workers_arrested": ("arrested", "detained"),
    "facilities_destroyed": ("destroyed", "destruction"),
    "facilities_damaged": ("damaged", "damage"),
}
_NO_INFORMATION = {"", "noinformation", "no information", "unknown", "notapplicable"}
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%Y-%m", "%d/%m/%Y")
_MONTH_ONLY = re.compile(r"^\d{4}-\d{1,2}$")
_SYRIA = {"syria", "syrian arab republic", "syr"}


def _key(name: str) -> str:
    return " ".join(str(name).split()).lower()


def columns_of(header: list[str]) -> dict[str, str]:
    """House column -> the file's own column name, for the columns this layout has."""
    by_key = {}
    for name in header:
        by_key.setdefault(_key(name), name)
    found = {}
    for house, aliases in _ALIASES.items():
        for alias in aliases:
            if _key(alias) in by_key:
                found[house] = by_key[_key(alias)]
                break
    return found


def hxl_disagreements(header: list[str], tags: list[str]) -> list[str]:
    """What the HXL tag row under ``header`` says against it: one sentence per count column
    whose tag names another kind of count (``#affected+arrested`` under "Health Workers
    Kidnapped"). The reader goes by the header."""
    found = columns_of(header)
    tag_of = dict(zip(header, tags, strict=False))
    said = []
    for house, words in _TAG_WORDS.items():
        column = found.get(house)
        tag = str(tag_of.get(column) or "").strip().lower() if column else ""
        if not tag:
            continue
        attributes = set(re.split(r"[+#\s]+", tag)) - {""}
        if attributes & set(words):
            continue
        other = [k for k, w in _TAG_WORDS.items() if k != house and attributes & set(w)]
        if other:
            said.append(
                f"the HXL tag {tag!r} under column {column.strip()!r} says "
                f"{other[0].replace('_', ' ')}; read as the header says "
                f"({house.replace('_', ' ')})"
            )
    return said


def read_health_attacks(path: Path) -> pd.DataFrame:
    """Read a SHCC / Insecurity Insight incident CSV into the health-attacks schema."""
    return cached_frame(path, NAME, _VERSION, lambda: _read(path))


def _read(path: Path) -> pd.DataFrame:
    header = read_header(path)
    found = columns_of(header)
    # FORMAT.columns under any of their names (FORMAT.also): every one missing is named.
    validate.require_columns(header, FORMAT.missing(header), path, NAME)
    raw = read_csv(path, list(found.values())).to_pandas()
    raw = raw.rename(columns={v: k for k, v in found.items()})
    # An HXL hashtag row under the header is not an incident.
    if len(raw) and str(raw["date"].iloc[0]).startswith("#"):
        raw = raw.iloc[1:]
    country = raw["country"].astype("string").str.strip().str.lower()
    raw = raw[country.isin(_SYRIA).fillna(False).to_numpy()].reset_index(drop=True)
    if raw.empty:
        raise DataValidationError(
            f"{path}: no row of this attacks-on-health-care file is for Syria (column "
            f"{found['country']!r}). Use the Syria rows of the release, or another year's file."
        )
    validate.require_values(raw, ["date"], path)
    dates, precision = _dates(raw, path, found)
    counts = {}
    for house in COUNTS:
        if house not in raw:
            counts[house] = pd.Series(pd.NA, index=raw.index, dtype="Int64")
            continue
        numbers = validate.to_numeric(raw[house], found[house], path)
        fractional = (numbers.notna() & (numbers % 1 != 0)).to_numpy()
        if fractional.any():
            positions = fractional.nonzero()[0]
            raise DataValidationError(
                f"{path}: column {found[house]!r} must hold whole numbers, but "
                f"{validate.show_lines(positions, raw[house].iloc[positions].tolist())} do not. "
                "Correct those cells."
            )
        counts[house] = numbers.fillna(0).round().astype("Int64")
    counted = pd.DataFrame(counts)
    validate.non_negative(counted, [c for c in COUNTS if c in raw], path)
    ids = _incident_ids(raw, path)
    pcodes = _governorates(raw, path, found)
    frame = {
        "incident_id": ids,
        "event_date": dates,
        "date_precision": precision,
        "admin1_pcode": pcodes,
        "admin1_name": gazetteer.names_for(pcodes),
        "latitude": _optional_numbers(raw, "latitude", found, path),
        "longitude": _optional_numbers(raw, "longitude", found, path),
        "perpetrator": _text(raw, "perpetrator"),
        "perpetrator_name": _text(raw, "perpetrator_name"),
        "weapon": _text(raw, "weapon"),
        **counts,
        "source": pd.Series(SOURCE, index=raw.index),
    }
    return conform(frame, HEALTH_ATTACKS)


def _dates(raw: pd.DataFrame, path: Path, found: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """The day of each incident, or the first day of its month when only the month is given."""
    text = raw["date"].astype("string").str.strip()
    dates = validate.to_dates(text, found["date"], path, _DATE_FORMATS).dt.normalize()
    month_only = text.str.fullmatch(_MONTH_ONLY.pattern).fillna(False)
    precision = pd.Series("day", index=raw.index, dtype="string")
    precision[month_only] = "month"
    if "day" in raw and month_only.any():
        days = pd.to_numeric(raw["day"], errors="coerce")
        month_end = (dates + pd.offsets.MonthEnd(0)).dt.day
        usable = month_only & days.notna() & (days >= 1) & (days <= month_end) & (days % 1 == 0)
        offset = pd.to_timedelta(days.where(usable, 1) - 1, unit="D")
        dates = dates.where(~usable, dates + offset)
        precision[usable] = "day"
    return dates, precision


def _incident_ids(raw: pd.DataFrame, path: Path) -> pd.Series:
    """The file's incident id; ``<file stem>:<line>`` where the file gives none."""
    lines = pd.Series([f"{path.stem}:{i + 2}" for i in range(len(raw))], index=raw.index)
    if "incident_id" not in raw:
        return lines.astype("string")
    ids = raw["incident_id"].astype("string").str.strip()
    ids = ids.str.replace(r"\.0$", "", regex=True)
    ids = ids.where(ids.notna() & (ids != ""), lines)
    repeated = ids.duplicated(keep=False).to_numpy()
    if repeated.any():
        positions = repeated.nonzero()[0]
        raise DataValidationError(
            f"{path}: the incident id is repeated at "
            f"{validate.show_lines(positions, ids.iloc[positions].tolist())}; each incident "
            "must appear once. Remove the copies or correct the ids."
        )
    return ids


def _governorates(raw: pd.DataFrame, path: Path, found: dict[str, str]) -> pd.Series:
    if "governorate" not in raw:
        return pd.Series(pd.NA, index=raw.index, dtype="string")
    names = raw["governorate"].astype("string").str.strip()
    keys = names.str.lower().str.replace(r"\s*governorate$", "", regex=True)
    names = names.where(~keys.isin(_NO_INFORMATION).fillna(True))
    return governorate_codes(names, path, found["governorate"])


def _optional_numbers(
    raw: pd.DataFrame, house: str, found: dict[str, str], path: Path
) -> pd.Series:
    if house not in raw:
        return pd.Series(float("nan"), index=raw.index)
    return validate.to_numeric(raw[house], found[house], path).astype(float)


def _text(raw: pd.DataFrame, house: str) -> pd.Series:
    """Text as given, trailing commas and spaces dropped; "No information" kept as given."""
    if house not in raw:
        return pd.Series(pd.NA, index=raw.index, dtype="string")
    values = raw[house].astype("string").str.strip().str.rstrip(",").str.strip()
    return values.where(values != "")


FORMAT = register(
    Format(
        name=NAME,
        domain="health",
        kind="incidents",
        series="shcc",
        title=N_("Insecurity Insight / SHCC attacks on health care"),
        reader=read_health_attacks,
        origin="Insecurity Insight / SHCC incident files on HDX: yearly files, newer layouts "
        "and multi-country workbooks (Syria's rows kept)",
        # Matched with spaces collapsed and case ignored; the other names of each in _ALIASES.
        columns=tuple(_ALIASES[house][0] for house in _REQUIRED),
        also={_ALIASES[house][0]: _ALIASES[house][1:] for house in _REQUIRED if house != "country"},
        loose_names=True,
        date_column="event_date",
        count_columns=COUNTS,
        signature=_SIGNATURE,
        layouts=(_NEWER_SIGNATURE,),
        hxl_check=hxl_disagreements,
    )
)
