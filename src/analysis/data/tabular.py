"""Typed reading of CSV columns: fast when the file is clean, precise when it is not."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from analysis import gazetteer
from analysis.data import containers, validate
from analysis.data.csvio import check_file, locate_problem, read_header
from analysis.errors import DataValidationError, UnknownGovernorateError

INT = "int"
FLOAT = "float"
DATE = "date"
TEXT = "text"
CATEGORY = "category"  # text with few distinct values (governorates, event types)

_DICT = pa.dictionary(pa.int32(), pa.string())
_ARROW = {
    INT: pa.int64(),
    FLOAT: pa.float64(),
    DATE: _DICT,  # dates repeat: parse each distinct text once (strptime per row is slow)
    TEXT: pa.string(),
    CATEGORY: _DICT,
}


def _read_arrow(path: Path, spec: Mapping[str, str], newlines_in_values: bool) -> pa.Table:
    return pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=1 << 24, use_threads=True),
        parse_options=pacsv.ParseOptions(newlines_in_values=newlines_in_values),
        convert_options=pacsv.ConvertOptions(
            include_columns=list(spec),
            column_types={name: _ARROW[kind] for name, kind in spec.items()},
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )


def read_columns(
    path: Path,
    spec: Mapping[str, str],
    *,
    fmt: str,
    date_formats: Sequence[str] = ("%Y-%m-%d",),
) -> pd.DataFrame:
    """Read the columns in ``spec`` (name -> INT/FLOAT/DATE/TEXT/CATEGORY) from a CSV file.

    Missing columns, non-numeric counts, unreadable dates, bad encoding and truncated rows all
    raise :class:`DataValidationError` naming the file, column and lines. ``path`` may be any
    file :func:`analysis.data.read` takes (zip, gz, xlsx sheet, semicolons, preamble).
    """
    return containers.reading(
        path, lambda local: _read_columns(local, spec, fmt=fmt, date_formats=date_formats)
    )


def _read_columns(
    path: Path,
    spec: Mapping[str, str],
    *,
    fmt: str,
    date_formats: Sequence[str],
) -> pd.DataFrame:
    check_file(path)
    header = read_header(path)
    validate.require_columns(header, spec, path, fmt)
    try:
        # Fast path: values without line breaks let pyarrow split the file freely across
        # threads. A quoted value holding a line break fails this path; then read carefully.
        try:
            table = _read_arrow(path, spec, newlines_in_values=False)
        except pa.ArrowInvalid:
            table = _read_arrow(path, spec, newlines_in_values=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise _explain(path, spec, fmt, date_formats, str(exc)) from None
    if table.num_rows == 0:
        validate.require_rows(pd.DataFrame(), path)
    frame = _to_pandas(table, spec)
    for name, kind in spec.items():
        if kind == DATE:
            frame[name] = _parse_dates(frame[name], name, path, date_formats)
    return frame


def _to_pandas(table: pa.Table, spec: Mapping[str, str]) -> pd.DataFrame:
    columns = {}
    for name, kind in spec.items():
        column = table.column(name)
        if kind == INT:
            columns[name] = column.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
        else:
            columns[name] = column.to_pandas()
    return pd.DataFrame(columns)


def _parse_dates(
    values: pd.Series, name: str, path: Path, date_formats: Sequence[str]
) -> pd.Series:
    """Parse a categorical column of date texts: each distinct text is parsed once."""
    categorical = values.astype("category")
    texts = pd.Series(categorical.cat.categories.astype(str))
    try:
        parsed = validate.to_dates(texts, name, None, date_formats)
    except DataValidationError as exc:
        bad = set(texts[validate.to_dates_failures(texts, date_formats)])
        positions = categorical.isin(bad).to_numpy().nonzero()[0]
        shown = categorical.iloc[positions[:5]].astype(str).tolist()
        if "impossible dates" in str(exc):
            raise DataValidationError(
                f"{path}: column {name!r} has impossible dates at "
                f"{validate.show_lines(positions, shown)}; correct those cells."
            ) from None
        raise DataValidationError(
            f"{path}: column {name!r} has dates that cannot be read at "
            f"{validate.show_lines(positions, shown)}"
            f". Expected {' or '.join(validate.describe_date_format(f) for f in date_formats)}; "
            "correct those cells."
        ) from None
    codes = categorical.cat.codes.to_numpy()
    days = parsed.to_numpy(dtype="datetime64[ns]")
    result = days[codes] if len(days) else np.full(len(codes), np.datetime64("NaT", "ns"))
    result[codes < 0] = np.datetime64("NaT", "ns")
    return pd.Series(result, index=values.index, dtype="datetime64[ns]")


def _explain(
    path: Path, spec: Mapping[str, str], fmt: str, date_formats: Sequence[str], message: str
) -> DataValidationError:
    """Re-read as text to find the exact cells behind a conversion error."""
    if "conversion error" not in message and "invalid value" not in message.lower():
        return locate_problem(path, message)
    try:
        text = pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(spec),
                column_types={name: pa.string() for name in spec},
            ),
        ).to_pandas()
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        return locate_problem(path, str(exc))
    try:
        for name, kind in spec.items():
            if kind in (INT, FLOAT):
                numbers = validate.to_numeric(text[name], name, path)
                if kind == INT:
                    fractional = (numbers.notna() & (numbers % 1 != 0)).to_numpy()
                    if fractional.any():
                        positions = fractional.nonzero()[0]
                        return DataValidationError(
                            f"{path}: column {name!r} must hold whole numbers, but "
                            f"{validate.show_lines(positions, text[name].iloc[positions].tolist())}"
                            " do not. Correct those cells."
                        )
            elif kind == DATE:
                validate.to_dates(text[name], name, path, date_formats)
    except DataValidationError as exc:
        return exc
    return locate_problem(path, message)


def governorate_codes(names: pd.Series, path: Path, column: str) -> pd.Series:
    """P-codes for a column of governorate names (categorical or text); unknown names fail."""
    categorical = names.astype("category")
    try:
        mapped = gazetteer.to_pcodes(pd.Series(categorical.cat.categories.astype(str)))
    except UnknownGovernorateError as exc:
        unknown = [
            name for name in categorical.cat.categories if gazetteer.lookup(str(name)) is None
        ]
        positions = categorical.isin(unknown).to_numpy().nonzero()[0]
        raise UnknownGovernorateError(
            f"{path}: column {column!r} has unknown governorate names at "
            f"{validate.show_lines(positions, categorical.iloc[positions[:5]].tolist())}. "
            + str(exc).split(". Found:")[0]
            + ". Correct the names, or add the spelling to data/gazetteer/governorates.csv."
        ) from None
    lookup = dict(zip(categorical.cat.categories, mapped, strict=True))
    return categorical.map(lookup, na_action="ignore").astype("category")
