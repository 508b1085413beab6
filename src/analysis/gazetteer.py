"""Governorate names from any source to OCHA P-codes.

UCDP writes "Hamah Governorate", ACLED "Hama", Natural Earth "Hamah", OCHA "Hama" with P-code SY05,
UNHCR "Hama [Admin 1]". Every reader turns these into ``admin1_pcode`` (SY01..SY14) and
``admin1_name`` (the OCHA English name) with :func:`to_pcodes`. A name that matches nothing is an
error that lists the closest known names: a silent miss would drop deaths from a governorate.

Matching ignores case, accents, apostrophes, hyphens and spaces, a trailing "Governorate",
"Province" or "[Admin 1]", and a leading Arabic article (Al-, Ar-, As-, Ad-, Ed-, El-).
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from analysis import i18n
from analysis.errors import UnknownGovernorateError
from analysis.paths import bundled

if TYPE_CHECKING:  # pandas is imported where needed: checking a name must stay cheap
    import pandas as pd

ALL = "all"
"""The ``governorate`` parameter value meaning the whole country."""

_SUFFIXES = re.compile(r"\s*(\[admin\s*1\]|governorate|province|muhafazat)\s*$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(al|ar|as|ad|ed|el|es|an|az|at)(?=[a-z]{3,})")


@dataclass(frozen=True)
class Governorate:
    pcode: str
    name: str
    name_ar: str
    iso_3166_2: str
    hasc: str
    fips: str
    aliases: tuple[str, ...]

    @property
    def shown(self) -> str:
        """The governorate's name in the report's language (:mod:`analysis.i18n`): its Arabic
        name in the Arabic edition (the gazetteer's, from OCHA's COD-AB), else ``name``."""
        return self.name_ar if i18n.edition().language == "ar" else self.name


def _key(name: str) -> str:
    """Normalised matching key: lower case ASCII letters and digits only."""
    text = _SUFFIXES.sub("", str(name).strip())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]", "", text)


def _keys(name: str) -> set[str]:
    key = _key(name)
    return {key, _ARTICLE.sub("", key)} - {""}


@cache
def governorates() -> tuple[Governorate, ...]:
    """The 14 governorates in P-code order, from the bundled gazetteer."""
    path = bundled("gazetteer", "governorates.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Governorate(
            pcode=row["admin1_pcode"],
            name=row["admin1_name"],
            name_ar=row["admin1_name_ar"],
            iso_3166_2=row["iso_3166_2"],
            hasc=row["hasc"],
            fips=row["fips"],
            aliases=tuple(a for a in row["aliases"].split(";") if a),
        )
        for row in rows
    )


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for gov in governorates():
        for label in (gov.pcode, gov.name, gov.iso_3166_2, gov.hasc, gov.name_ar, *gov.aliases):
            for key in _keys(label) if label != gov.name_ar else {label.strip()}:
                owner = index.setdefault(key, gov.pcode)
                if owner != gov.pcode:
                    raise RuntimeError(
                        f"gazetteer alias {label!r} names both {owner} and {gov.pcode}"
                    )
    return index


def by_pcode() -> dict[str, Governorate]:
    return {gov.pcode: gov for gov in governorates()}


def known_names() -> list[str]:
    """Every OCHA name and P-code, for error messages and parameter help."""
    return [f"{gov.name} ({gov.pcode})" for gov in governorates()]


def closest_names(name: str, n: int = 3) -> list[str]:
    labels = {}
    for gov in governorates():
        for label in (gov.name, *gov.aliases):
            labels.setdefault(_key(label), gov.name)
    matches = difflib.get_close_matches(_key(name), list(labels), n=n * 3, cutoff=0.5)
    seen: list[str] = []
    for match in matches:
        if labels[match] not in seen:
            seen.append(labels[match])
    return seen[:n]


def lookup(name: str) -> str | None:
    """P-code for a governorate name, alias or code, or None when nothing matches."""
    text = str(name).strip()
    index = _index()
    if text in index:  # Arabic names are matched as written
        return index[text]
    for key in _keys(text):
        if key in index:
            return index[key]
    return None


def resolve(name: str, *, what: str = "governorate") -> Governorate:
    """The governorate for ``name``.

    Raises :class:`UnknownGovernorateError` naming the closest known names.
    """
    pcode = lookup(name)
    if pcode is None:
        raise UnknownGovernorateError(_unknown_message([name], what))
    return by_pcode()[pcode]


def _unknown_message(names: Iterable[str], what: str) -> str:
    parts = []
    for name in names:
        close = closest_names(name)
        hint = f" (closest: {', '.join(close)})" if close else ""
        parts.append(f"{name!r}{hint}")
    return (
        f"unknown {what} {'; '.join(parts)}. Use an OCHA name or P-code: "
        + ", ".join(known_names())
        + "."
    )


def to_pcodes(names: pd.Series, *, what: str = "governorate") -> pd.Series:
    """Map a column of governorate names to P-codes. Missing names stay missing.

    Raises :class:`UnknownGovernorateError` listing every name that matches nothing, with the
    rows where each first occurs, so the caller can prefix the file and column.
    """
    values = names.astype("string")
    uniques = values.dropna().unique()
    mapping = {value: lookup(value) for value in uniques}
    unknown = [value for value, pcode in mapping.items() if pcode is None]
    if unknown:
        rows = {value: [int(i) for i in values.index[values == value][:3]] for value in unknown[:5]}
        detail = "; ".join(
            f"{value!r} at rows {', '.join(map(str, idx))}" for value, idx in rows.items()
        )
        raise UnknownGovernorateError(_unknown_message(unknown[:5], what) + f" Found: {detail}.")
    return values.map(mapping, na_action="ignore").astype("string")


def names_for(pcodes: pd.Series) -> pd.Series:
    import pandas as pd

    """OCHA English names for a column of P-codes (same dtype family as the input)."""
    names = {gov.pcode: gov.name for gov in governorates()}
    mapped = pcodes.map(names, na_action="ignore")
    return mapped if isinstance(pcodes.dtype, pd.CategoricalDtype) else mapped.astype("string")


def shown_names(frame: pd.DataFrame, name: str = "admin1_name") -> pd.DataFrame:
    """``frame`` with its governorates' names (column ``name``) as the edition shows them: as
    the frame has them in English; the gazetteer's Arabic name of each row's ``admin1_pcode``
    in Arabic (a row with no known P-code keeps its name)."""
    if i18n.edition().language == "en" or "admin1_pcode" not in frame or name not in frame:
        return frame
    found = by_pcode()
    names = [
        found[code].shown if isinstance(code, str) and code in found else shown
        for code, shown in zip(frame["admin1_pcode"], frame[name], strict=True)
    ]
    return frame.assign(**{name: names})


# ---------------------------------------------------------------------------------------------
# Districts (admin level 2)


@dataclass(frozen=True)
class District:
    """One of the 62 districts: OCHA's P-code (SY0204) and English name ("A'zaz"), its
    governorate's P-code, its Arabic name when a cited source gives one (else ""), and the
    other published spellings (ACLED's "Azaz")."""

    pcode: str
    name: str
    admin1_pcode: str
    name_ar: str
    aliases: tuple[str, ...]

    @property
    def shown(self) -> str:
        """The district's name in the report's language: its Arabic name in the Arabic edition
        when the gazetteer has one, else ``name``."""
        if i18n.edition().language == "ar" and self.name_ar:
            return self.name_ar
        return self.name


@cache
def districts() -> tuple[District, ...]:
    """The 62 districts in P-code order, from the bundled gazetteer (``districts.csv``)."""
    path = bundled("gazetteer", "districts.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    govs = by_pcode()
    found = []
    for row in rows:
        pcode, parent = row["admin2_pcode"], row["admin1_pcode"]
        if parent not in govs or not pcode.startswith(parent) or len(pcode) != 6:
            raise RuntimeError(f"{path}: district {pcode} is not in governorate {parent}")
        found.append(
            District(
                pcode=pcode,
                name=row["admin2_name"],
                admin1_pcode=parent,
                name_ar=row["admin2_name_ar"],
                aliases=tuple(a for a in row["aliases"].split(";") if a),
            )
        )
    return tuple(found)


def district_by_pcode() -> dict[str, District]:
    return {district.pcode: district for district in districts()}


@cache
def _district_index() -> dict[tuple[str, str], str]:
    """(governorate P-code, matching key) -> district P-code; names repeat across governorates
    (the district "Damascus" and the governorate), never within one."""
    index: dict[tuple[str, str], str] = {}
    for district in districts():
        labels = (district.name, *district.aliases)
        for key in {k for label in labels for k in _keys(label)} | {district.pcode.lower()}:
            owner = index.setdefault((district.admin1_pcode, key), district.pcode)
            if owner != district.pcode:
                raise RuntimeError(f"district spelling {key!r} names {owner} and {district.pcode}")
        if district.name_ar:
            index[(district.admin1_pcode, district.name_ar.strip())] = district.pcode
    return index


def lookup_district(name: str, admin1_pcode: str | None = None) -> str | None:
    """P-code of a district named or coded ``name`` (in governorate ``admin1_pcode`` when given;
    otherwise the name must be one district's only), or None."""
    text = str(name).strip()
    if text.upper() in district_by_pcode():
        return text.upper()
    keys = {text, *_keys(text)}
    found = {
        pcode
        for (parent, key), pcode in _district_index().items()
        if key in keys and (admin1_pcode is None or parent == admin1_pcode)
    }
    return found.pop() if len(found) == 1 else None


def closest_districts(name: str, admin1_pcode: str | None = None, n: int = 3) -> list[str]:
    """The districts whose names are closest to ``name`` ("A'zaz (SY0204)")."""
    pool = [d for d in districts() if admin1_pcode is None or d.admin1_pcode == admin1_pcode]
    labels = {_key(label): d for d in pool for label in (d.name, *d.aliases)}
    matches = difflib.get_close_matches(_key(name), list(labels), n=n * 3, cutoff=0.5)
    shown = [f"{labels[m].name} ({labels[m].pcode})" for m in matches]
    return list(dict.fromkeys(shown))[:n]
