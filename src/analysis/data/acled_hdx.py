"""ACLED monthly aggregates by admin2 as published on HDX, and HDX HAPI ``conflict_event``.

Source: ACLED, https://acleddata.com/ (Terms of Use & Attribution Policy apply to the data),
re-published by OCHA's Centre for Humanitarian Data on HDX (https://data.humdata.org/) as
monthly counts per district, and served by HDX HAPI as the ``conflict_event`` table.

Both become ``CASUALTY_AGGREGATES``: one row per admin2 (district), month and series. These are
counts per month and district, never daily data. The series are ACLED's:
``political_violence`` (events and fatalities; it already includes civilian targeting),
``civilian_targeting`` (events and fatalities) and ``demonstrations`` (events only, no
fatalities). They overlap and are never added together.

ACLED aggregates (formats ``acled_hdx_political_violence``, ``acled_hdx_civilian_targeting``,
``acled_hdx_demonstrations``):
- HDX publishes three workbooks (sheets ``HRP_1``, ``HRP_2``, ``Non_HRP`` and a terms sheet),
  or the country's CSV; the container layer hands this reader the data sheet as CSV. Columns:
  Country, Admin1, Admin2, ISO3, Admin2 Pcode, Admin1 Pcode, Month, Year, Events, Fatalities
  (no Fatalities in the demonstrations file).
- the political violence and civilian targeting files have the same columns: nothing in their
  content tells them apart. The series is taken from the file's name as HDX publishes it
  (``..._political_violence_...``/``political-violence``, ``..._civilian_targeting_...``/
  ``civilian-targeting``). A renamed file is refused with a sentence saying to name the series:
  ``--format acled_hdx_political_violence`` or ``--format acled_hdx_civilian_targeting`` on the
  command line, ``data.read(path, format="acled_hdx_civilian_targeting")`` in Python. A file
  without Fatalities is the demonstrations file, whatever its name.
- Month is an English month name ("January"), Year a number: the row's month is their first day.
- global sheets hold every country: only Syria's rows (ISO3 ``SYR``) are kept; a file with no
  Syrian row is refused.
- every district appears every month, with 0 events where nothing was recorded (kept: a zero
  is a count). The file name carries the as-of date ("as-of-2025-01-10"): its last month is
  then partial; the date is kept in ``source`` notes by the report, not here.

HDX HAPI ``conflict_event`` (format ``hdx_hapi_conflict_event``):
- UTF-8 with a BOM and an HXL hashtag row under the header in HDX downloads (the container
  layer removes both). One row per admin2, month and ``event_type`` (``political_violence``,
  ``civilian_targeting``, ``demonstration``); ``fatalities`` is empty for demonstrations.
- ``reference_period_start``..``reference_period_end`` must be one calendar month; the month
  is its first day. Only Syria's rows (``location_code`` ``SYR``) are kept.
- ``warning`` and ``error`` are HAPI's quality flags: a row with an ``error`` is refused
  (naming the lines); warnings are kept.

Governorates: the admin1 P-codes (SY01..SY14) are resolved through the gazetteer, which gives
``admin1_name`` its OCHA spelling. Districts: each admin2 P-code must be one of the gazetteer's 62
districts (SY0100..SY1402), in the row's governorate, or the file is refused in one line naming
the rows; the P-codes are kept (upper case), and the names as published.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data import validate
from analysis.data.cache import cached_frame
from analysis.data.csvio import check_file, read_header
from analysis.data.formats import Format, register
from analysis.data.schema import AGGREGATE_SERIES, CASUALTY_AGGREGATES, conform
from analysis.data.tabular import CATEGORY, INT, TEXT, governorate_codes, read_columns
from analysis.errors import DataValidationError
from analysis.gazetteer import closest_districts, district_by_pcode, names_for
from analysis.i18n import N_

_VERSION = "2"
SOURCE = "ACLED via HDX"
HAPI_SOURCE = "ACLED via HDX HAPI"
COUNTRY = "SYR"

POLITICAL_VIOLENCE, CIVILIAN_TARGETING, DEMONSTRATIONS = AGGREGATE_SERIES
SERIES_LABELS = {
    POLITICAL_VIOLENCE: "political violence",
    CIVILIAN_TARGETING: "civilian targeting",
    DEMONSTRATIONS: "demonstrations",
}

_MONTHS = {pd.Timestamp(2000, m, 1).strftime("%B").lower(): m for m in range(1, 13)}
_NAMED = {
    POLITICAL_VIOLENCE: re.compile(r"political[\s_-]*violence", re.IGNORECASE),
    CIVILIAN_TARGETING: re.compile(r"civilian[\s_-]*targeting", re.IGNORECASE),
    DEMONSTRATIONS: re.compile(r"demonstration", re.IGNORECASE),
}
_AGG_COLUMNS = {
    "Admin1": CATEGORY,
    "Admin2": CATEGORY,
    "Admin2 Pcode": CATEGORY,
    "Admin1 Pcode": CATEGORY,
    "Month": CATEGORY,
    "Year": INT,
    "Events": INT,
}
_AGG_OPTIONAL = {"ISO3": CATEGORY, "Country": CATEGORY}
_HAPI_COLUMNS = {
    "location_code": CATEGORY,
    "admin1_code": CATEGORY,
    "admin2_code": CATEGORY,
    "admin2_name": CATEGORY,
    "event_type": CATEGORY,
    "events": INT,
    "fatalities": INT,
    "reference_period_start": TEXT,
    "reference_period_end": TEXT,
}
_HAPI_OPTIONAL = {"error": TEXT}
_HAPI_TYPES = {
    "political_violence": POLITICAL_VIOLENCE,
    "civilian_targeting": CIVILIAN_TARGETING,
    "demonstration": DEMONSTRATIONS,
    "demonstrations": DEMONSTRATIONS,
}


def series_from_name(path: Path) -> str | None:
    """The series an aggregates file holds, from its name as HDX publishes it (or None)."""
    found = [series for series, pattern in _NAMED.items() if pattern.search(Path(path).name)]
    return found[0] if len(found) == 1 else None


_AS_OF = re.compile(r"as[-_ ]of[-_ ](\d{4})-(\d{2})-(\d{2})", re.IGNORECASE)


def as_of_in_name(path: Path) -> pd.Timestamp | None:
    """The as-of date HDX puts in an aggregates file's name ("...as-of-2025-01-10"), or None."""
    found = _AS_OF.search(Path(path).name)
    if found is None:
        return None
    try:
        return pd.Timestamp(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def _syria(raw: pd.DataFrame, column: str, path: Path) -> pd.DataFrame:
    """Syria's rows of a (possibly global) file; refused when there are none."""
    if column not in raw:
        return raw
    codes = raw[column].astype("string").str.strip().str.upper()
    if column == "Country":
        codes = codes.replace({"SYRIA": COUNTRY, "SYRIAN ARAB REPUBLIC": COUNTRY})
    keep = (codes == COUNTRY).fillna(False).to_numpy(dtype=bool)
    if not keep.any():
        shown = ", ".join(sorted(codes.dropna().unique())[:5]) or "none"
        raise DataValidationError(
            f"{path}: no row is for Syria (column {column!r} holds {shown}). Give the Syria "
            "file, or a global file that includes Syria."
        )
    return raw[keep].reset_index(drop=True)


def _months(names: pd.Series, years: pd.Series, path: Path) -> pd.Series:
    numbers = names.astype("string").str.strip().str.lower().map(_MONTHS)
    bad = numbers.isna().to_numpy() | years.isna().to_numpy()
    if bad.any():
        positions = bad.nonzero()[0]
        raise DataValidationError(
            f"{path}: column 'Month' must hold an English month name ('January') and 'Year' a "
            f"year, but {validate.show_lines(positions, names.iloc[positions].tolist())} do not. "
            "Correct those cells."
        )
    return pd.to_datetime(
        pd.DataFrame({"year": years.astype(int), "month": numbers.astype(int), "day": 1})
    ).astype("datetime64[ns]")


def _governorates(codes: pd.Series, path: Path, column: str) -> tuple[pd.Series, pd.Series]:
    validate.require_values(pd.DataFrame({column: codes}), [column], path)
    pcodes = governorate_codes(codes.astype("string"), path, column).astype("string")
    return pcodes, names_for(pcodes)


def _districts(codes: pd.Series, names: pd.Series, pcodes: pd.Series, path: Path, column: str):
    """The admin2 P-codes of ``column``, checked against the gazetteer's 62 districts and the
    rows' governorates (``pcodes``): a code the gazetteer does not know, or of a district of
    another governorate, would put counts on no map and in no district's row."""
    values = codes.astype("string").str.strip().str.upper()
    known = district_by_pcode()
    unknown = (~values.isin(list(known))).fillna(True).to_numpy(dtype=bool)
    if unknown.any():
        positions = unknown.nonzero()[0]
        close = closest_districts(str(names.iloc[positions[0]]))
        hint = f" (closest to its name {names.iloc[positions[0]]!r}: {', '.join(close)})"
        raise DataValidationError(
            f"{path}: column {column!r} holds codes that are not the P-code of one of Syria's 62 "
            f"districts, at {validate.show_lines(positions, codes.iloc[positions].tolist())}"
            f"{hint if close else ''}. Correct those cells, or add the district to "
            "data/gazetteer/districts.csv."
        )
    parents = values.map({p: d.admin1_pcode for p, d in known.items()}).astype("string")
    other = (parents != pcodes.astype("string")).fillna(True).to_numpy(dtype=bool)
    if other.any():
        positions = other.nonzero()[0]
        raise DataValidationError(
            f"{path}: column {column!r} names a district of another governorate than the row's, "
            f"at {validate.show_lines(positions, values.iloc[positions].tolist())} (in "
            f"{', '.join(sorted(set(parents.iloc[positions].dropna())))}, the rows say "
            f"{', '.join(sorted(set(pcodes.iloc[positions].dropna())))}). Correct those cells."
        )
    return values


def _read_aggregates(path: Path, series: str) -> pd.DataFrame:
    header = set(read_header(path))
    fmt = f"acled_hdx_{series}"
    spec = {name: _AGG_COLUMNS.get(name, INT) for name in _aggregate_columns(series)}
    spec.update({k: v for k, v in _AGG_OPTIONAL.items() if k in header})
    raw = read_columns(path, spec, fmt=fmt)
    raw = _syria(raw, "ISO3" if "ISO3" in raw else "Country", path)
    counts = ["Events", "Fatalities"] if "Fatalities" in raw else ["Events"]
    validate.require_values(raw, ["Month", "Year", *counts], path)
    validate.non_negative(raw, counts, path)
    pcodes, names = _governorates(raw["Admin1 Pcode"], path, "Admin1 Pcode")
    frame = {
        "month": _months(raw["Month"], raw["Year"], path),
        "admin1_pcode": pcodes,
        "admin1_name": names,
        "admin2_pcode": _districts(
            raw["Admin2 Pcode"], raw["Admin2"], pcodes, path, "Admin2 Pcode"
        ),
        "admin2_name": raw["Admin2"].astype("string"),
        "series": pd.Series(series, index=raw.index, dtype="string"),
        "events": raw["Events"],
        "fatalities": raw.get("Fatalities"),
        "source": pd.Series(SOURCE, index=raw.index, dtype="string"),
    }
    frame = conform({k: v for k, v in frame.items() if v is not None}, CASUALTY_AGGREGATES)
    _no_repeats(frame, path)
    return frame


def _no_repeats(frame: pd.DataFrame, path: Path) -> None:
    """One row per district, month and series: a repeated one would be counted twice."""
    keys = ["admin2_pcode", "month", "series"]
    repeated = frame.duplicated(keys, keep=False).to_numpy()
    if repeated.any():
        positions = repeated.nonzero()[0]
        raise DataValidationError(
            f"{path}: the same district, month and series appear more than once, at "
            f"{validate.show_lines(positions, frame['admin2_pcode'].iloc[positions].tolist())}. "
            "Each district has one row per month: remove the repeated rows."
        )


def _read_hapi(path: Path) -> pd.DataFrame:
    header = set(read_header(path))
    spec = {**_HAPI_COLUMNS, **{k: v for k, v in _HAPI_OPTIONAL.items() if k in header}}
    raw = read_columns(path, spec, fmt=HAPI_FORMAT_NAME)
    raw = _syria(raw, "location_code", path)
    validate.require_values(raw, ["events", "reference_period_start"], path)
    validate.non_negative(raw, ["events", "fatalities"], path)
    if "error" in raw:
        flagged = raw["error"].astype("string").str.strip().fillna("").ne("").to_numpy()
        if flagged.any():
            positions = flagged.nonzero()[0]
            raise DataValidationError(
                f"{path}: HAPI marks rows as errors at "
                f"{validate.show_lines(positions, raw['error'].iloc[positions].tolist())}. "
                "Download the table again, or remove those rows."
            )
    kinds = raw["event_type"].astype("string").str.strip().str.lower()
    series = kinds.map(_HAPI_TYPES)
    unknown = series.isna().to_numpy()
    if unknown.any():
        positions = unknown.nonzero()[0]
        raise DataValidationError(
            f"{path}: column 'event_type' has values other than political_violence, "
            "civilian_targeting and demonstration at "
            f"{validate.show_lines(positions, kinds.iloc[positions].tolist())}. "
            "Correct those cells."
        )
    start = validate.to_dates(
        raw["reference_period_start"].astype("string").str.slice(0, 10),
        "reference_period_start",
        path,
        ("%Y-%m-%d",),
    )
    end = validate.to_dates(
        raw["reference_period_end"].astype("string").str.slice(0, 10),
        "reference_period_end",
        path,
        ("%Y-%m-%d",),
    )
    month = start.dt.to_period("M").dt.start_time
    whole = (start == month) & (end == month + pd.offsets.MonthEnd(0))
    if not whole.all():
        positions = (~whole).to_numpy().nonzero()[0]
        raise DataValidationError(
            f"{path}: each row must cover one calendar month (reference_period_start on the "
            "first day, reference_period_end on the last), but "
            f"{validate.show_lines(positions, raw['reference_period_start'].iloc[positions])}"
            " do not. This reader takes HAPI's monthly conflict_event table."
        )
    # Demonstrations have no fatalities in ACLED's aggregates: empty, never zero.
    fatalities = raw["fatalities"].mask(series == DEMONSTRATIONS)
    pcodes, names = _governorates(raw["admin1_code"], path, "admin1_code")
    frame = conform(
        {
            "month": month.astype("datetime64[ns]"),
            "admin1_pcode": pcodes,
            "admin1_name": names,
            "admin2_pcode": _districts(
                raw["admin2_code"], raw["admin2_name"], pcodes, path, "admin2_code"
            ),
            "admin2_name": raw["admin2_name"].astype("string"),
            "series": series.astype("string"),
            "events": raw["events"],
            "fatalities": fatalities,
            "source": pd.Series(HAPI_SOURCE, index=raw.index, dtype="string"),
        },
        CASUALTY_AGGREGATES,
    )
    _no_repeats(frame, path)
    return frame


def _reader(series: str):
    def read(path: Path) -> pd.DataFrame:
        return cached_frame(
            path, f"acled_hdx:{series}", _VERSION, lambda: _read_aggregates(path, series)
        )

    read.__doc__ = f"Read an ACLED {SERIES_LABELS[series]} aggregates file from HDX."
    return read


def read_acled_hdx(path: Path) -> pd.DataFrame:
    """Read an ACLED aggregates file with events and fatalities; the series (political violence
    or civilian targeting) comes from the file's name, as HDX publishes it."""
    check_file(path)
    header = set(read_header(path))
    series = series_from_name(path)
    if "Fatalities" not in header:
        series = DEMONSTRATIONS
    elif series not in (POLITICAL_VIOLENCE, CIVILIAN_TARGETING):
        raise DataValidationError(
            f"{path}: an ACLED aggregates file from HDX, but its name does not say whether it "
            "holds political violence or civilian targeting (both files have the same columns). "
            "Keep the name HDX gives the file, or put 'political_violence' or "
            "'civilian_targeting' in its name. "
            "Or pass --format acled_hdx_political_violence or "
            "--format acled_hdx_civilian_targeting (format= in Python)."
        )
    return FORMATS_BY_SERIES[series].reader(path)


def read_hapi_conflict_event(path: Path) -> pd.DataFrame:
    """Read an HDX HAPI conflict_event table (Syria's rows) into the aggregates schema."""
    return cached_frame(path, HAPI_FORMAT_NAME, _VERSION, lambda: _read_hapi(path))


_AGG_SIGNATURE = frozenset({"Admin2 Pcode", "Admin1 Pcode", "Month", "Year", "Events"})
_TITLE = N_("ACLED monthly aggregates (HDX)")
_SERIES_TITLES = {
    POLITICAL_VIOLENCE: N_("ACLED monthly aggregates (HDX), political violence"),
    CIVILIAN_TARGETING: N_("ACLED monthly aggregates (HDX), civilian targeting"),
    DEMONSTRATIONS: N_("ACLED monthly aggregates (HDX), demonstrations"),
}
_SERIES_ORIGINS = {
    POLITICAL_VIOLENCE: "ACLED political violence events and fatalities on HDX",
    CIVILIAN_TARGETING: "ACLED civilian targeting events and fatalities on HDX",
    DEMONSTRATIONS: "ACLED demonstration events on HDX",
}


def _aggregate_columns(series: str) -> tuple[str, ...]:
    """The columns :func:`_read_aggregates` requires for ``series`` (no Fatalities in the
    demonstrations file)."""
    return (*_AGG_COLUMNS, *(() if series == DEMONSTRATIONS else ("Fatalities",)))


FORMATS_BY_SERIES = {
    series: register(
        Format(
            name=f"acled_hdx_{series}",
            domain="casualties",
            kind="aggregates",
            title=_SERIES_TITLES[series],
            reader=_reader(series),
            date_column="month",
            origin=_SERIES_ORIGINS[series],
            columns=_aggregate_columns(series),
            count_columns=("events",) if series == DEMONSTRATIONS else ("events", "fatalities"),
            # Detected: demonstrations (no Fatalities column). The other two share columns and
            # are detected as ``acled_hdx`` below, which tells them apart by the file's name.
            signature=_AGG_SIGNATURE if series == DEMONSTRATIONS else frozenset(),
            extra={"series": series},
        )
    )
    for series in AGGREGATE_SERIES
}

FORMAT = register(
    Format(
        name="acled_hdx",
        domain="casualties",
        kind="aggregates",
        title=_TITLE,
        reader=read_acled_hdx,
        origin="ACLED monthly aggregates by admin2 on HDX (data.humdata.org, CSV or xlsx)",
        # A file without Fatalities is read as the demonstrations file, whatever its name.
        columns=_aggregate_columns(POLITICAL_VIOLENCE),
        date_column="month",
        count_columns=("events", "fatalities"),
        signature=_AGG_SIGNATURE | {"Fatalities"},
    )
)

HAPI_FORMAT_NAME = "hdx_hapi_conflict_event"
HAPI_FORMAT = register(
    Format(
        name=HAPI_FORMAT_NAME,
        domain="casualties",
        kind="aggregates",
        title=N_("HDX HAPI conflict events (ACLED)"),
        reader=read_hapi_conflict_event,
        origin="HDX HAPI conflict_event table (hapi.humdata.org; ACLED data)",
        columns=tuple(_HAPI_COLUMNS),
        date_column="month",
        # Its series overlap (political violence includes civilian targeting): a column sum
        # over the file would add them. Totals go by series
        # (analysis.metrics.casualties.aggregates.totals_by_series).
        count_columns=(),
        extra={"series_column": "series"},
        signature=frozenset(
            {"admin2_code", "event_type", "events", "fatalities", "reference_period_start"}
        ),
    )
)
