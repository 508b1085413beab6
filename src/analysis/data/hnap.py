"""OCHA / HNAP "IDP movements and IDP spontaneous return movements" workbook (Excel).

Source: UN OCHA (Turkey hub), IDP Task Force / HNAP, published on HDX as "Syrian Arab Republic:
IDP movements and IDP spontaneous return movements Data". Attribution: "OCHA/HNAP IDP Task Force".

Two summary sheets are read, each a table of monthly figures by governorate:
- ``IDPFlow_Summarysince2016``: IDP movements (``flow`` = "idp_arrivals"), January 2016 onward;
- ``RetFlow_Summary_SinceAugust2018``: IDP spontaneous returns (``flow`` = "idp_returns"),
  August 2018 onward (its header starts in January 2018, with empty columns before August).
Row 1 holds the year above the first month of each year, row 2 "Governorate" then month names,
then one row per governorate (OCHA spellings: "Dar'a", "Deir-ez-Zor", "Idleb"). The result is
long: one row per governorate, month (first day) and flow, ``people_count`` as published.

Quirks handled here:
- the governorate of a row is where people arrived (IDP movements) or returned to (returns),
  not where they came from. Evidence in the January 2019 edition: the January 2019 column equals,
  governorate by governorate, the sums of the community-level sheets ``December_IDPflow`` and
  ``December_Retflow`` by ``Mohafaza`` (the community receiving the IDPs), and equals the
  column totals of the origin-by-destination matrices ``Table-Origin_vs_Departure`` and
  ``ReturnTABLE-Origin_vs_Departure``, whose rows are labelled "Origin". For example 6,590 of
  Al-Hasakeh's 6,991 arrivals that month are IDPs from Deir-ez-Zor, 6,276 of them recorded at
  the community of Hole (al-Hol camp), during the fighting for the Hajin pocket.
- despite their names, the community sheets ("December_...") hold the month the summaries call
  January 2019. They are not read here.
- totals are never read: the "Total 2016".."Total" columns, the "Grand Total" row, the per-day
  average row and the unlabelled days-per-month row below it. Most are formulas saved without
  cached values; some "Grand Total" cells were typed over with numbers (e.g. M17 = 181052). The
  2019 total column is mislabelled "Total 2018". Reading stops at the "Grand Total" row.
- some figures are fractional (Dar'a October 2016 = 10183.83): HNAP averages sources. They are
  kept as published (``people_count`` is Float64), never rounded.
- a blank cell means no figure for that governorate and month; it is dropped, not read as 0.
- a formula in a governorate's month cell is refused: only typed figures are data here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pandas as pd

from analysis import gazetteer
from analysis.data.cache import cached_frame
from analysis.data.csvio import check_file
from analysis.data.formats import Format, register
from analysis.data.schema import IDP_FLOWS, conform
from analysis.errors import DataValidationError, UnknownGovernorateError
from analysis.i18n import N_

NAME = "hnap_idp_movements"
SOURCE = "OCHA/HNAP IDP Task Force"
_VERSION = "1"
MAX_SHOWN = 5

SHEETS = {
    "IDPFlow_Summarysince2016": "idp_arrivals",
    "RetFlow_Summary_SinceAugust2018": "idp_returns",
}
"""Summary sheet -> value of ``flow``. Both sheets are required."""

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%B").lower(),
        dt.date(2000, number, 1).strftime("%b").lower(),
    )
} | {"sept": 9}
_HEADER_SEARCH_ROWS = 10
_END_OF_TABLE = re.compile(r"^(grand\s*total|total|average)\b", re.IGNORECASE)
_TOTAL_COLUMN = re.compile(r"^(grand\s*)?total\b", re.IGNORECASE)
_BROKEN_WORKBOOK = (zipfile.BadZipFile, zlib.error, KeyError, EOFError, ParseError, OSError)
"""Errors of a damaged workbook, with openpyxl's InvalidFileException (openpyxl is imported
only when a workbook is read: reports that read none do not pay for it)."""


def _broken_workbook() -> tuple[type[BaseException], ...]:
    from openpyxl.utils.exceptions import InvalidFileException

    return (*_BROKEN_WORKBOOK, InvalidFileException)


def read_hnap_idp_movements(path: Path) -> pd.DataFrame:
    """Read the HNAP IDP movements workbook into the IDP-flows schema (long form)."""
    return cached_frame(path, NAME, _VERSION, lambda: _read(path))


def sniff(path: Path) -> bool:
    """True when ``path`` is a workbook holding one of the HNAP summary sheets.

    A file named .xlsx that is not a readable workbook raises a :class:`DataValidationError`
    (no format could read it, and "cannot tell the source" would hide the real problem).
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    workbook = _open(path)
    try:
        return bool(_sheet_keys(workbook.sheetnames).keys() & {_key(s) for s in SHEETS})
    finally:
        workbook.close()


def _read(path: Path) -> pd.DataFrame:
    check_file(path)
    workbook = _open(path)
    try:
        found = _sheet_keys(workbook.sheetnames)
        missing = [sheet for sheet in SHEETS if _key(sheet) not in found]
        if missing:
            raise DataValidationError(
                f"{path}: sheet{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(s) for s in missing)} not found; the workbook has "
                f"{', '.join(repr(s) for s in workbook.sheetnames) or 'no sheets'}. This reader "
                "needs both monthly summary sheets of the OCHA/HNAP IDP movements workbook: "
                "check that the file is the complete workbook, not a single exported sheet."
            )
        parts = []
        for sheet, flow in SHEETS.items():
            actual = found[_key(sheet)]
            try:
                rows = [tuple(row) for row in workbook[actual].iter_rows(values_only=True)]
            except _broken_workbook() as exc:
                raise _broken(path, exc) from None
            parts.append(_read_sheet(path, actual, rows, flow))
    finally:
        workbook.close()
    frame = pd.concat(parts, ignore_index=True)
    if frame.empty:
        raise DataValidationError(
            f"{path}: the summary sheets {', '.join(repr(s) for s in SHEETS)} hold no figures "
            "for any governorate and month. Check that this is a filled-in edition of the workbook."
        )
    frame["admin1_name"] = gazetteer.names_for(frame["admin1_pcode"].astype("string"))
    frame["source"] = SOURCE
    frame = frame.sort_values(["flow", "month", "admin1_pcode"], kind="stable")
    return conform(frame, IDP_FLOWS)


def _open(path: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=False)
    except _broken_workbook() as exc:
        raise _broken(path, exc) from None


def _broken(path: Path, exc: BaseException) -> DataValidationError:
    detail = str(exc).strip() or type(exc).__name__
    return DataValidationError(
        f"{path}: not a readable Excel workbook ({detail}). The file may be truncated or damaged, "
        "or be another kind of file renamed .xlsx: download the workbook again, or open it in "
        "Excel or LibreOffice and save it as .xlsx."
    )


def _key(sheet: str) -> str:
    return re.sub(r"[^a-z0-9]", "", sheet.lower())


def _sheet_keys(names: Iterable[str]) -> dict[str, str]:
    return {_key(name): name for name in names}


def _cell(column: int, row: int) -> str:
    """Excel reference of a 0-based column and row index."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column + 1)}{row + 1}"


def _shown(items: list[str]) -> str:
    text = ", ".join(items[:MAX_SHOWN])
    if len(items) > MAX_SHOWN:
        text += f" and {len(items) - MAX_SHOWN} more"
    return text


def _read_sheet(path: Path, sheet: str, rows: list[tuple], flow: str) -> pd.DataFrame:
    where = f"{path}: sheet {sheet!r}"
    header_row = _find_header(where, rows)
    width = max((len(row) for row in rows), default=0)
    rows = [row + (None,) * (width - len(row)) for row in rows]
    months, totals = _month_columns(where, rows[header_row - 1], rows[header_row], header_row)
    records: list[tuple[pd.Timestamp, str, float]] = []
    labels: dict[str, list[str]] = {}  # governorate label -> cells in column A
    bad_values: list[str] = []
    negative: list[str] = []
    formulas: list[str] = []
    unlabelled: list[str] = []
    orphans: list[str] = []  # figures under a blank or total header
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        label = _text(row[0])
        if label and _END_OF_TABLE.match(label):
            break
        figures = [c for c in range(1, width) if c not in totals and not _blank(row[c])]
        if not label:
            if figures:
                unlabelled.append(
                    f"A{r + 1} (the row holds {_cell(figures[0], r)}={row[figures[0]]!r})"
                )
            continue
        labels.setdefault(label, []).append(f"A{r + 1}")
        for c in figures:
            ref = _cell(c, r)
            if c not in months:
                orphans.append(f"{ref}={row[c]!r}")
                continue
            value = row[c]
            if isinstance(value, str) and value.strip().startswith("="):
                formulas.append(f"{ref} ({value.strip()})")
                continue
            number = _number(value)
            if number is None:
                bad_values.append(f"{ref} ({value!r})")
            elif number < 0:
                negative.append(f"{ref} ({value!r})")
            else:
                records.append((months[c], label, number))
    _refuse(
        where,
        bad_values,
        "not a number of people",
        "Enter each figure as a number, or leave the cell blank when there is no figure.",
    )
    _refuse(
        where,
        negative,
        "negative counts",
        "Counts of people cannot be negative: correct those cells.",
    )
    _refuse(
        where,
        formulas,
        "formulas where a monthly figure is expected",
        "Only typed figures are read: replace each formula by the figure it stands for.",
    )
    _refuse(
        where,
        unlabelled,
        "blank governorate name on a row that holds figures",
        "Write the governorate's OCHA name in column A, or clear the row.",
    )
    _refuse(
        where,
        orphans,
        f"figures under a blank month header in row {header_row + 1}",
        f"Give the column a month name in row {header_row + 1} and its year in row "
        f"{header_row}, or clear the cells.",
    )
    pcodes = _governorates(where, labels)
    return pd.DataFrame(
        {
            "month": pd.Series([m for m, _, _ in records], dtype="datetime64[ns]"),
            "admin1_pcode": pd.Series([pcodes[g] for _, g, _ in records], dtype="string"),
            "flow": pd.Series([flow] * len(records), dtype="string"),
            "people_count": pd.Series([v for _, _, v in records], dtype="Float64"),
        }
    )


def _find_header(where: str, rows: list[tuple]) -> int:
    for r, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        if row and (_text(row[0]) or "").lower() == "governorate":
            if r == 0:
                raise DataValidationError(
                    f"{where}: the header 'Governorate' is in cell A1, leaving no row above it "
                    "for the years. Expected row 1 to hold the years and row 2 'Governorate' "
                    "followed by month names."
                )
            return r
    raise DataValidationError(
        f"{where}: no header row with 'Governorate' in column A within the first "
        f"{_HEADER_SEARCH_ROWS} rows. Expected row 1 to hold the years, row 2 'Governorate' "
        "followed by month names, then one row per governorate."
    )


def _month_columns(
    where: str, years_row: tuple, header: tuple, header_row: int
) -> tuple[dict[int, pd.Timestamp], set[int]]:
    """Month columns (0-based column -> first day of the month) and total columns to skip."""
    months: dict[int, pd.Timestamp] = {}
    totals: set[int] = set()
    first_seen: dict[pd.Timestamp, str] = {}
    year: int | None = None
    for c in range(1, len(header)):
        year_cell = years_row[c]
        number = _number(year_cell) if not _blank(year_cell) else None
        if number is not None and number.is_integer() and 1990 <= number <= 2100:
            year = int(number)
        title = header[c]
        if isinstance(title, str) and _TOTAL_COLUMN.match(title.strip()):
            totals.add(c)
            continue
        if _blank(title):
            continue
        ref = _cell(c, header_row)
        if isinstance(title, dt.datetime | dt.date):
            month = pd.Timestamp(title.year, title.month, 1)
        else:
            number_of_month = _MONTHS.get(str(title).strip().rstrip(".").lower())
            if number_of_month is None:
                raise DataValidationError(
                    f"{where}: cannot read the month header in cell {ref} ({title!r}). Row "
                    f"{header_row + 1} must hold month names (January..December) or 'Total ...'"
                    f" columns, with each year written in row {header_row} above its first month."
                )
            if year is None:
                raise DataValidationError(
                    f"{where}: cell {ref} ({title!r}) has no year: row {header_row} holds no "
                    f"year (e.g. 2016) at or to the left of {_cell(c, header_row - 1)}. Write "
                    "the year above the first month of each year."
                )
            month = pd.Timestamp(year, number_of_month, 1)
        if month in first_seen:
            raise DataValidationError(
                f"{where}: month {month:%B %Y} appears twice, in cells {first_seen[month]} and "
                f"{ref}. Check the years in row {header_row} (is a new year missing?) and the "
                "month names."
            )
        first_seen[month] = ref
        months[c] = month
    if not months:
        raise DataValidationError(
            f"{where}: no month columns in row {header_row + 1}. Expected month names "
            "(January..December) after 'Governorate'."
        )
    return months, totals


def _governorates(where: str, labels: dict[str, list[str]]) -> dict[str, str]:
    pcodes: dict[str, str] = {}
    unknown = []
    for label, cells in labels.items():
        pcode = gazetteer.lookup(label)
        if pcode is None:
            close = gazetteer.closest_names(label)
            hint = f"; closest: {', '.join(close)}" if close else ""
            unknown.append(f"{cells[0]} ({label!r}{hint})")
        else:
            pcodes[label] = pcode
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        raise UnknownGovernorateError(
            f"{where} cell{plural} {_shown(unknown)}: unknown governorate{plural}. "
            "Use an OCHA name: "
            + ", ".join(gov.name for gov in gazetteer.governorates())
            + ". Correct the name, or add the spelling to data/gazetteer/governorates.csv."
        )
    owners: dict[str, str] = {}
    for label, cells in labels.items():
        cells_text = ", ".join(cells)
        if len(cells) > 1 or pcodes[label] in owners:
            earlier = owners.get(pcodes[label])
            both = f"{earlier} and {cells_text}" if earlier else cells_text
            raise DataValidationError(
                f"{where} cells {both}: governorate {gazetteer.by_pcode()[pcodes[label]].name} "
                "has more than one row, so its figures would be counted twice. Merge the rows "
                "into one."
            )
        owners[pcodes[label]] = cells_text
    return pcodes


def _refuse(where: str, cells: list[str], problem: str, todo: str) -> None:
    """'<file>: sheet 'S' cell D7 (-5): negative counts. <todo>' for the first few cells."""
    if cells:
        plural = "s" if len(cells) > 1 else ""
        raise DataValidationError(f"{where} cell{plural} {_shown(cells)}: {problem}. {todo}")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str | None:
    if _blank(value):
        return None
    return str(value).strip()


def _number(value: object) -> float | None:
    """A finite number from a cell (int, float or numeric text), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


FORMAT = register(
    Format(
        name=NAME,
        domain="displacement",
        kind="idp_flows",
        title=N_("OCHA/HNAP IDP movements and spontaneous returns by governorate"),
        reader=read_hnap_idp_movements,
        origin="OCHA/HNAP IDP Task Force workbook on HDX (data.humdata.org)",
        citation="OCHA/HNAP IDP Task Force, Syrian Arab Republic: IDP movements and IDP "
        "spontaneous return movements Data (HDX); attribution required",
        home="https://data.humdata.org/dataset/"
        "syrian-arab-republic-idp-movements-and-idp-spontaneous-return-movements-data",
        sheets=tuple(SHEETS),
        date_column="month",
        count_columns=("people_count",),
        sniff=sniff,
        suffixes=(".xlsx",),
    )
)
