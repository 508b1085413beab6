"""Typed reading of CSV columns: fast when the file is clean, precise when it is not."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analysis import gazetteer
from analysis.data import validate
from analysis.data.csvio import check_file, locate_problem, read_header
from analysis.errors import DataValidationError, UnknownGovernorateError

INT = "int"
FLOAT = "float"
DATE = "date"
TEXT = "text"
CATEGORY = "category"  # text with few distinct values (governorates, event types)

_ARROW = {
    INT: pa.int64(),
    FLOAT: pa.float64(),
    DATE: pa.timestamp("s"),
    TEXT: pa.string(),
    CATEGORY: pa.dictionary(pa.int32(), pa.string()),
}


def read_columns(
    path: Path,
    spec: Mapping[str, str],
    *,
    fmt: str,
    date_formats: Sequence[str] = ("%Y-%m-%d",),
) -> pd.DataFrame:
    """Read the columns in ``spec`` (name -> INT/FLOAT/DATE/TEXT/CATEGORY) from a CSV file.

    Missing columns, non-numeric counts, unreadable dates, bad encoding and truncated rows all
    raise :class:`DataValidationError` naming the file, column and lines.
    """
    check_file(path)
    header = read_header(path)
    validate.require_columns(header, spec, path, fmt)
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=1 << 24, use_threads=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(spec),
                column_types={name: _ARROW[kind] for name, kind in spec.items()},
                timestamp_parsers=list(date_formats),
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise _explain(path, spec, fmt, date_formats, str(exc)) from None
    if table.num_rows == 0:
        validate.require_rows(pd.DataFrame(), path)
    return _to_pandas(table, spec)


def _to_pandas(table: pa.Table, spec: Mapping[str, str]) -> pd.DataFrame:
    columns = {}
    for name, kind in spec.items():
        column = table.column(name)
        if kind == INT:
            columns[name] = pd.Series(column.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get))
        elif kind == DATE:
            columns[name] = pd.Series(
                pc.cast(column, pa.timestamp("ns")).to_pandas()
            ).astype("datetime64[ns]")
        elif kind == CATEGORY:
            columns[name] = pd.Series(column.to_pandas())
        else:
            columns[name] = pd.Series(column.to_pandas())
    return pd.DataFrame(columns)


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
    codes = pd.Categorical.from_codes(
        categorical.cat.codes, categories=mapped.tolist() or [], validate=False
    ) if len(mapped) and mapped.is_unique else None
    if codes is not None:
        return pd.Series(codes, index=names.index).astype("string")
    lookup = dict(zip(categorical.cat.categories, mapped, strict=True))
    return categorical.map(lookup).astype("string")
