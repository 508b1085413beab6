"""The registry of supported input formats and detection from a file's header.

Each reader module registers its format with :func:`register`. Detection looks at the file, never
at its name alone: a CSV's header columns, an Excel workbook's sheet names, a GeoJSON's feature
properties. ``--format`` (``format=`` in Python) overrides detection.
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import i18n
from analysis.data import containers
from analysis.data.csvio import read_header
from analysis.data.textfile import table_columns
from analysis.errors import DataValidationError

DOMAINS = ("casualties", "displacement", "control", "boundaries", "health")


@dataclass(frozen=True, kw_only=True)
class Format:
    """One supported input format: everything said about it is said here, in the
    :func:`register` call of its reader's module (``sitrep data formats`` and the documentation's
    data formats page are made from these).

    ``signature`` is the set of CSV header columns that identifies the format (for CSV formats);
    ``sniff`` decides for other file types. ``count_columns`` are summed in ``data summary``.
    """

    name: str
    domain: str
    kind: str
    title: str
    """The source's name in reports (and in messages to the operator, in English): a dataset's
    own published name ("UCDP Georeferenced Event Dataset (GED)") stays as it is; one in this
    tool's words (the bundled files') is a message of the catalogue, marked with
    :func:`analysis.i18n.N_`, that a report shows as :attr:`shown_title`."""
    reader: Callable[[Path], pd.DataFrame]
    origin: str
    """Where the data comes from (publisher, page), for ``sitrep data formats``."""
    citation: str = ""
    """How a report cites the dataset in its sources (licence, what to cite), when it asks for
    more than the title."""
    home: str = ""
    """The dataset's page, linked from that citation."""
    columns: tuple[str, ...] = ()
    """The columns the reader requires, in its order: a file without any one of them is refused
    naming it (a CSV format's; empty for a workbook or GeoJSON format)."""
    sheets: tuple[str, ...] = ()
    """A workbook format's sheets the reader requires (refused, naming the sheet, without one)."""
    properties: tuple[str, ...] = ()
    """A GeoJSON format's feature property that names each feature's governorate (a feature
    without it is refused, naming it); the reader's docstring says what may stand in for it."""
    date_column: str | None = None
    count_columns: tuple[str, ...] = ()
    signature: frozenset[str] = frozenset()
    sniff: Callable[[Path], bool] | None = None
    suffixes: tuple[str, ...] = (".csv",)
    extra: dict = field(default_factory=dict)
    marks: frozenset[str] = frozenset()
    """Columns only this source has (ACLED's ``event_id_cnty``): a header with them but without
    the whole signature is named as this source with the missing columns listed."""
    also: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Other names a required column has in the publisher's other layouts (``Date`` for
    ``Attack date``): a file with any one of them has the column. ``sitrep data formats`` lists
    them beside the column."""
    layouts: tuple[frozenset[str], ...] = ()
    """Signatures of the publisher's other layouts of the same data (detected as this format)."""
    series: str = ""
    """The published series a file of this format belongs to: files of one series (a source's
    releases, whose ids name the same records: UCDP GED and Candidate events) can be read
    together as one source (:mod:`analysis.data.sets`); empty: a file of this format is read
    alone."""
    loose_names: bool = False
    """Whether the reader matches column names with spaces collapsed and case ignored."""
    hxl_check: Callable[[list[str], list[str]], list[str]] | None = None
    """Given a file's header and the HXL tag row under it, what the tags say against the header
    (one sentence each, for ``sitrep data summary``; the reader trusts the header)."""

    @property
    def shown_title(self) -> str:
        """:attr:`title` in the edition's language (:func:`analysis.i18n.gettext`; a published
        name that no message holds is shown as it is)."""
        return i18n.gettext(self.title)

    @property
    def needs(self) -> tuple[str, ...]:
        """The columns a file of this format must have (:attr:`columns`)."""
        return self.columns

    @property
    def signatures(self) -> tuple[frozenset[str], ...]:
        """Every header signature of the format: :attr:`signature`, then :attr:`layouts`."""
        return tuple(s for s in (self.signature, *self.layouts) if s)

    def needs_text(self) -> str:
        """:attr:`needs` as ``sitrep data formats`` and the documentation list them, each with
        its other names: ``Country, Attack date (or Date), ...``."""
        return ", ".join(
            name + (f" (or {' or '.join(self.also[name])})" if self.also.get(name) else "")
            for name in self.columns
        )

    def missing(self, header) -> list[str]:
        """The required columns (:attr:`columns`, in order) that ``header`` lacks under every
        name it may have (:attr:`also`)."""
        key = _loose if self.loose_names else str.strip
        present = {key(str(h).lstrip("\ufeff")) for h in header}
        return [
            name
            for name in self.columns
            if not any(key(n) in present for n in (name, *self.also.get(name, ())))
        ]


def _loose(name: str) -> str:
    return " ".join(name.split()).lower()


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add ``fmt`` to the registry (each reader module registers its formats when imported)."""
    if fmt.domain not in DOMAINS:
        raise ValueError(f"unknown domain {fmt.domain!r}")
    if not fmt.origin:
        raise ValueError(f"format {fmt.name!r}: say where its data comes from (origin)")
    FORMATS[fmt.name] = fmt
    return fmt


def get(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise DataValidationError(
            f"unknown format {name!r}; supported formats: {', '.join(sorted(FORMATS))}."
        ) from None


def _signatures():
    return [s for f in FORMATS.values() for s in f.signatures]


containers.use_signatures(_signatures)


def _near(fmt: Format, header: set[str]) -> bool:
    """Whether ``header`` looks like ``fmt``'s source though it lacks signature columns."""
    if fmt.marks and fmt.marks <= header:
        return True
    return any(
        len(sig) >= 3 and len(sig & header) >= max(2, math.ceil(len(sig) * 0.6))
        for sig in fmt.signatures
    )


def _overlap(fmt: Format, header: set[str]) -> int:
    return max((len(sig & header) for sig in fmt.signatures), default=0)


def detect(path: str | Path, domain: str | None = None) -> Format:
    """The format of ``path`` (``archive.zip::member`` and ``book.xlsx::Sheet`` too).

    One file can serve several domains (an ACLED export holds deaths and changes of control);
    ``domain`` picks the reader for the domain wanted, else the first registered one.
    """
    return detect_source(containers.open_source(path), domain)


def detect_source(source: containers.Source, domain: str | None = None) -> Format:
    """The format of an opened :class:`~analysis.data.containers.Source`.

    With ``domain``, a file of another domain is named as what it is ("a UNHCR ... file
    (displacement data), but casualties data is expected here"), not as unknown.
    """
    pool = [f for f in FORMATS.values() if domain is None or f.domain == domain]
    found, near, seen = _find(source, pool)
    if found is not None:
        return found
    if domain is not None:
        others = [f for f in FORMATS.values() if f.domain != domain]
        other, other_near, _ = _find(source, others)
        if other is not None:
            raise DataValidationError(
                f"{source.label}: this is {_article(other.title)} {other.title} file "
                f"({other.domain} data), but {domain} data is expected here. "
                f"`sitrep data formats --domain {domain}` lists the {domain} formats."
            )
        near = near or other_near
    if near is not None:
        fmt, missing = near
        raise DataValidationError(
            f"{source.label}: {_article(fmt.title)} {fmt.title} file without "
            + ", ".join(f"`{c}`" for c in missing)
            + f" (the {fmt.name} format needs "
            + ("this column" if len(missing) == 1 else "these columns")
            + "). Export the data again with all columns."
        )
    wanted = f" {domain}" if domain else ""
    listing = f"sitrep data formats --domain {domain}" if domain else "sitrep data formats"
    raise DataValidationError(
        f"{source.label}: cannot tell which source this file comes from ({seen}); it "
        f"matches none of the{wanted} formats. `{listing}` lists them with the columns each "
        "needs."
    )


def check_family(source: containers.Source, fmt: Format) -> None:
    """Refuse, in one line, a workbook or JSON file given to a table format (``--format``) that
    has no sheet to read: never read as text (whose refusal would be about its encoding)."""
    if not fmt.columns or ".csv" not in fmt.suffixes:
        return
    family = _family(source.local)
    if family == "csv":
        return
    what = "a workbook" if family == "excel" else "a JSON file"
    raise DataValidationError(
        f"{source.label}: {what}, but format {fmt.name} reads a table with the columns "
        f"{fmt.needs_text()}. Name the sheet or file that holds them as PATH{containers.SEPARATOR}"
        "NAME, or export it as CSV."
    )


def _json_layout(path: Path) -> str:
    """What a JSON file of no known layout is, when that helps the user give the right one."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16).decode("utf-8", "replace")
    except OSError:
        head = ""
    if '"Topology"' in head:
        return (
            "a TopoJSON file; give the same boundaries as GeoJSON (e.g. `mapshaper IN.json "
            "-o format=geojson`)"
        )
    if "ADM0_PCODE" in head.upper() and "ADM1_PCODE" not in head.upper():
        return "a country outline (ADM0); give the governorate (ADM1) boundaries file"
    return "a JSON file of no known layout"


def _find(
    source: containers.Source, pool: list[Format]
) -> tuple[Format | None, tuple[Format, list[str]] | None, str]:
    """The format of ``source`` among ``pool``; else the nearest miss and what was seen."""
    local = source.local
    family = _family(local)
    if family != "csv":
        for fmt in pool:
            if fmt.sniff is not None and local.suffix.lower() in (*fmt.suffixes, ".json"):
                try:
                    if fmt.sniff(local):
                        return fmt, None, ""
                except (OSError, ValueError, json.JSONDecodeError, zipfile.BadZipFile):
                    continue
        if family == "excel":
            return None, None, "found a workbook with no sheet of a known layout"
        if family == "geo":
            return (
                None,
                None,
                "found a zipped shapefile or GeoPackage with no layer of a known layout",
            )
        return None, None, f"found {_json_layout(local)}"
    header_list = list(source.header) if source.header else read_header(local)
    header = {h.strip() for h in header_list} | set(header_list)
    matched = [(len(s), f) for f in pool for s in f.signatures if s <= header]
    # The most specific signature wins (e.g. bundled tolls over a generic table).
    matched.sort(key=lambda found: found[0], reverse=True)
    if matched:
        return matched[0][1], None, ""
    for fmt in pool:
        if fmt.sniff is not None and ".csv" in fmt.suffixes:
            try:
                if fmt.sniff(local):
                    return fmt, None, ""
            except (OSError, ValueError, UnicodeDecodeError):
                continue
    near = [f for f in pool if _near(f, header)]
    near.sort(key=lambda f: _overlap(f, header), reverse=True)
    if not near:
        return None, None, _seen(header_list, local)
    fmt = near[0]
    # Every column the reader would refuse the file without, not only the signature's.
    missing = fmt.missing(header_list) if fmt.columns else sorted(fmt.signature - header)
    if not missing:
        return fmt, None, ""  # the source's file with all the reader needs: read it
    return None, (fmt, missing), _seen(header_list, local)


def _seen(header: list[str], local: Path) -> str:
    """What the refusal of an unknown text file says it found: its column names (cut) when it
    looks like a table, else only that it is not one; nothing else of a file that may be a key,
    a password file or a script is ever quoted."""
    shown = table_columns(header, local)
    if shown:
        return f"found columns {shown}"
    return "it is not a table: a CSV export has a first line of column names and rows under it"


def _article(title: str) -> str:
    """ "an" before "ACLED", "HDX", "OCHA", "a" before "UCDP", "UNHCR", "syria-sitrep"."""
    word = title.split()[0] if title.split() else title
    if word.isupper() and len(word) > 1:  # an acronym: said letter by letter or as a word
        spelled = word[0] in "AEFHILMNORSX" and word not in ("UNHCR", "NATO")
        return "an" if spelled or word[0] in "AEIO" else "a"
    return "an" if word[:1].lower() in "aeio" else "a"


def _family(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "excel"
    if suffix in (".json", ".geojson"):
        return "json"
    with path.open("rb") as handle:
        head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith(b"SQLite format 3\x00") and suffix == ".gpkg":
        return "geo"  # a GeoPackage
    if head.startswith(b"PK") and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            if any(n.lower().endswith(".shp") for n in archive.namelist()):
                return "geo"  # a zipped shapefile
        return "excel"
    return "csv"
