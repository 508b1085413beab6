"""UCDP Georeferenced Event Dataset (GED), event-level CSV.

Source: Uppsala Conflict Data Program, https://ucdp.uu.se/downloads/ (GED codebook 19.1 onwards).

Quirks handled here:
- dates: ``date_prec`` says how precisely an event is dated (1 the exact day, 2 a span of 2-6
  days, 3 a week, 4 a month, 5 more than a month, up to a year) and ``date_start``..``date_end``
  is the span it happened in (in the 2016-2019 Syria file, 4 and 5 hold 28% of all deaths, one
  event of 8,179 spanning all of 2016). ``date_earliest``..``date_latest`` keep that span; reports
  count an event in a period only when the whole span is inside it, never on its first day.
- ``where_prec`` (1 exact place .. 6 country, 7 air or sea) becomes ``place_precision``.
- the same ``id`` twice with identical values is one event published twice: the copy is dropped
  and counted (``copies_dropped``); the same ``id`` with different values is refused.
- deaths come as ``best`` with a ``low``..``high`` range; ``deaths_a``/``deaths_b`` are the two
  sides of the dyad, plus ``deaths_civilians`` and ``deaths_unknown``; ``best`` is their sum.
- an event may span days: ``date_start``..``date_end``. ``event_date`` is ``date_start`` (UCDP's
  own convention for daily series); ``event_date_end`` keeps the end.
- ``adm_1`` reads "Aleppo Governorate" and is empty for events located only to the country
  (339 of 16,566 in the 2016-2019 Syria file); those keep an empty ``admin1_pcode`` and count in
  country totals, never in a governorate's.
- ``low``/``high`` do not always bracket ``best`` in UCDP's own data; values are kept as
  published and ``sitrep data summary`` counts the exceptions.
- ``source_article`` holds quoted commas and embedded quotes: a real CSV parser is required.
- GED 25.1 has 49 columns (:data:`GED_COLUMNS`, in the published order); older files such as the
  2016-2019 Syria file have 41. Columns the reader does not use never matter, in any order.
- dates may be written ``2024-12-01`` or ``2024-12-01 00:00:00.000``; both are read as the day.

UCDP Candidate Events (``ucdp_candidate``): monthly releases in the GED layout whose figures are
provisional until the yearly GED release. Every row read from one carries ``provisional = True``,
so metrics and reports state it from the data. How a candidate file is recognised:

- without a header row (some releases): the first row is data with GED's 49 fields, an integer
  ``id`` and ISO dates where ``date_start`` and ``date_end`` stand (:func:`sniff_headerless`);
  the columns are read by position, in GED order;
- with a header row, the columns are GED's, so the file is detected as ``ucdp_ged``; the reader
  then looks at ``code_status``: final GED releases hold only ``Clear`` events, candidate
  releases also hold events still to be checked (``Check`` and similar values), and a file with
  any such value is read as provisional, whole. A candidate file whose events are all ``Clear``
  cannot be told from GED by its content: pass ``--format ucdp_candidate``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from analysis.data import validate
from analysis.data.cache import cached_frame
from analysis.data.csvio import check_file, locate_problem, read_header, sniff_text
from analysis.data.formats import Format, register
from analysis.data.schema import CASUALTY_EVENTS, conform
from analysis.data.tabular import CATEGORY, DATE, FLOAT, INT, TEXT, governorate_codes, read_columns
from analysis.errors import DataValidationError
from analysis.gazetteer import names_for

NAME = "ucdp_ged"
CANDIDATE = "ucdp_candidate"
_VERSION = "5"

GED_COLUMNS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)
"""The 49 columns of GED 25.1 (and of UCDP Candidate files), in the published order."""
FINAL_STATUS = "Clear"
"""The only ``code_status`` of events in a final GED release."""
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d+)?)?")
_VIOLENCE = {1: "state-based", 2: "non-state", 3: "one-sided"}

_SPEC = {
    "id": TEXT,
    "date_start": DATE,
    "date_end": DATE,
    "adm_1": CATEGORY,
    "where_coordinates": CATEGORY,
    "latitude": FLOAT,
    "longitude": FLOAT,
    "type_of_violence": INT,
    "side_a": CATEGORY,
    "side_b": CATEGORY,
    "deaths_a": INT,
    "deaths_b": INT,
    "deaths_civilians": INT,
    "deaths_unknown": INT,
    "low": INT,
    "best": INT,
    "high": INT,
    "source_original": CATEGORY,
}
_OPTIONAL = {
    "date_prec": INT,
    "where_prec": INT,
    "code_status": CATEGORY,
    "source_headline": TEXT,
}
DATE_PRECISION = {1: "day", 2: "days", 3: "week", 4: "month", 5: "year"}
PLACE_PRECISION = {
    1: "exact place",
    2: "near a place",
    3: "district",
    4: "governorate",
    5: "region",
    6: "country",
    7: "air or sea",
}


def read_ucdp_ged(path: Path) -> pd.DataFrame:
    """Read a UCDP GED CSV into the casualty-events schema (provisional when ``code_status``
    shows a candidate file, see the module's notes)."""
    return cached_frame(path, NAME, _VERSION, lambda: _read(path, candidate=False))


def read_ucdp_candidate(path: Path) -> pd.DataFrame:
    """Read a UCDP Candidate Events CSV, with or without a header row; every row provisional."""
    return cached_frame(path, CANDIDATE, _VERSION, lambda: _read(path, candidate=True))


def _first_row(path: Path) -> list[str]:
    check_file(path)
    text = sniff_text(path, 1 << 16)
    return next(csv.reader(io.StringIO(text)), [])


def _has_header(path: Path) -> bool:
    """Whether line 1 names columns (three of GED's names or more; a data row holds values): a
    header without a column the reader needs is then refused naming that column."""
    return len(set(_first_row(path)) & set(GED_COLUMNS)) >= 3


def sniff_headerless(path: Path) -> bool:
    """A UCDP Candidate file without a header row: the first row is data with GED's 49 fields,
    an integer ``id`` and ISO dates in the ``date_start`` and ``date_end`` positions."""
    row = _first_row(path)
    if len(row) != len(GED_COLUMNS):
        return False
    start, end = GED_COLUMNS.index("date_start"), GED_COLUMNS.index("date_end")
    return (
        row[0].strip().isdigit()
        and _ISO_DAY.fullmatch(row[start].strip()) is not None
        and _ISO_DAY.fullmatch(row[end].strip()) is not None
    )


def _read(path: Path, *, candidate: bool) -> pd.DataFrame:
    if candidate and not _has_header(path):
        raw = _read_headerless(path, {**_SPEC, **_OPTIONAL})
    else:
        header = set(read_header(path))
        spec = {**_SPEC, **{k: v for k, v in _OPTIONAL.items() if k in header}}
        raw = read_columns(
            path, spec, fmt=CANDIDATE if candidate else NAME, date_formats=_DATE_FORMATS
        )
    for column in ("date_start", "date_end"):
        raw[column] = raw[column].dt.normalize()
    provisional = candidate or _unchecked(raw)
    raw, copies = validate.drop_exact_duplicates(raw, "id", path)
    validate.require_values(raw, ["date_start", "best"], path)
    counts = ["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low", "best", "high"]
    validate.non_negative(raw, counts, path)
    # low > best or best > high occurs in UCDP's own releases (30 and 71 events in the 2016-2019
    # Syria file): kept as published and reported by `data summary`, not refused.
    validate.ordered(raw, "date_start", "date_end", path, ("date_start", "date_end"))
    pcodes = governorate_codes(raw["adm_1"], path, "adm_1")
    end = raw["date_end"].fillna(raw["date_start"])
    frame = {
        "event_id": raw["id"],
        "event_date": raw["date_start"],
        "event_date_end": raw["date_end"],
        "date_earliest": raw["date_start"],
        "date_latest": end,
        "date_precision": _coded(raw, "date_prec", DATE_PRECISION),
        "place_precision": _coded(raw, "where_prec", PLACE_PRECISION),
        "admin1_pcode": pcodes,
        "admin1_name": names_for(pcodes),
        "location": raw["where_coordinates"],
        "latitude": raw["latitude"],
        "longitude": raw["longitude"],
        "event_type": raw["type_of_violence"].map(_VIOLENCE).astype("string"),
        "side_a": raw["side_a"],
        "side_b": raw["side_b"],
        "deaths_best": raw["best"],
        "deaths_low": raw["low"],
        "deaths_high": raw["high"],
        "deaths_side_a": raw["deaths_a"],
        "deaths_side_b": raw["deaths_b"],
        "deaths_civilians": raw["deaths_civilians"],
        "deaths_unknown": raw["deaths_unknown"],
        "copies_dropped": copies,
        "provisional": pd.Series(provisional, index=raw.index, dtype="boolean"),
        "source": raw["source_original"],
        "notes_text": raw.get("source_headline"),
    }
    return conform({k: v for k, v in frame.items() if v is not None}, CASUALTY_EVENTS)


def _unchecked(raw: pd.DataFrame) -> bool:
    """Whether any event's ``code_status`` is not final (``Clear``): a candidate file."""
    if "code_status" not in raw:
        return False
    status = raw["code_status"].astype("string").str.strip()
    return bool((status.notna() & (status != "") & (status != FINAL_STATUS)).any())


def _read_headerless(path: Path, spec: dict[str, str]) -> pd.DataFrame:
    """The ``spec`` columns of a file without a header row, its columns in GED order."""
    width = len(_first_row(path))
    if width != len(GED_COLUMNS):
        raise DataValidationError(
            f"{path}: line 1 has {width} fields and no header row; a UCDP Candidate file without "
            f"a header must have GED's {len(GED_COLUMNS)} columns in order. Add the header row "
            "if the columns differ."
        )
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=list(GED_COLUMNS), block_size=1 << 24, use_threads=True
            ),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(spec),
                column_types={name: pa.string() for name in spec},
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise locate_problem(path, str(exc)) from None
    text = table.to_pandas()
    return pd.DataFrame({name: _typed(text[name], name, kind, path) for name, kind in spec.items()})


def _lines(bad: np.ndarray, values: pd.Series) -> str:
    """'lines 3, 9 ('x', 'y')' for a file without a header row (data row 0 is line 1)."""
    positions = np.flatnonzero(bad)
    shown = ", ".join(str(p + 1) for p in positions[:5])
    more = f" and {len(positions) - 5} more" if len(positions) > 5 else ""
    quoted = ", ".join(repr(v) for v in values.iloc[positions[:5]].tolist())
    return f"{'line' if len(positions) == 1 else 'lines'} {shown}{more} ({quoted})"


def _typed(values: pd.Series, name: str, kind: str, path: Path) -> pd.Series:
    """A text column of a headerless file as ``kind``, refusing cells that are not one."""
    text = values.astype("string").str.strip()
    given = (text.notna() & (text != "")).to_numpy(dtype=bool)
    if kind in (INT, FLOAT):
        numbers = pd.to_numeric(text.where(given), errors="coerce")
        bad = given & numbers.isna().to_numpy()
        if kind == INT:
            bad |= given & ~bad & (numbers.fillna(0) % 1 != 0).to_numpy()
        if bad.any():
            whole = "whole numbers" if kind == INT else "numbers"
            raise DataValidationError(
                f"{path}: column {name!r} (position {GED_COLUMNS.index(name) + 1}) must hold "
                f"{whole}, but {_lines(bad, values)} do not. Correct those cells."
            )
        return numbers.astype("Int64") if kind == INT else numbers.astype("float64")
    if kind == DATE:
        result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
        todo = given.copy()
        for fmt in _DATE_FORMATS:
            parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
            ok = parsed.notna()
            result.loc[parsed.index[ok]] = parsed[ok].astype("datetime64[ns]")
            todo[np.flatnonzero(todo)[ok.to_numpy()]] = False
        if todo.any():
            raise DataValidationError(
                f"{path}: column {name!r} (position {GED_COLUMNS.index(name) + 1}) has dates "
                f"that cannot be read at {_lines(todo, values)}. Expected YYYY-MM-DD; correct "
                "those cells."
            )
        return result
    if kind == CATEGORY:
        return text.where(given).astype("category")
    return text.where(given)


def _coded(raw: pd.DataFrame, column: str, labels: dict[int, str]) -> pd.Series:
    """Labels of a precision code column; empty where the file has no such column or value."""
    if column not in raw:
        return pd.Series(pd.NA, index=raw.index, dtype="string")
    return raw[column].map(labels, na_action="ignore").astype("string")


FORMAT = register(
    Format(
        name=NAME,
        domain="casualties",
        kind="events",
        series="ucdp",
        title="UCDP Georeferenced Event Dataset (GED)",
        reader=read_ucdp_ged,
        date_column="event_date",
        count_columns=(
            "deaths_best",
            "deaths_low",
            "deaths_high",
            "deaths_side_a",
            "deaths_side_b",
            "deaths_civilians",
            "deaths_unknown",
        ),
        signature=frozenset({"best", "low", "high", "date_start", "type_of_violence"}),
        marks=frozenset({"dyad_new_id", "where_prec"}),  # UCDP's own
        columns=tuple(_SPEC),
        origin="Uppsala Conflict Data Program, ucdp.uu.se/downloads (GED, CSV or zip)",
    )
)

# Same columns as GED: a file with a header row is detected as ``ucdp_ged`` (and read as
# provisional when its ``code_status`` says so); a headerless file is recognised by ``sniff``.
CANDIDATE_FORMAT = register(
    Format(
        name=CANDIDATE,
        domain="casualties",
        kind="events",
        series="ucdp",
        title="UCDP Candidate Events",
        reader=read_ucdp_candidate,
        date_column="event_date",
        count_columns=FORMAT.count_columns,
        sniff=sniff_headerless,
        columns=tuple(_SPEC),
        origin="UCDP Candidate Events, ucdp.uu.se/downloads (monthly, provisional). GED's "
        "columns; a file without a header row is recognised by itself; one with a header is "
        "read as ucdp_ged, provisional when code_status holds unchecked events, else name it "
        "with --format ucdp_candidate",
    )
)
