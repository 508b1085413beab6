"""Reading CSV files fast and failing precisely.

The fast path is pyarrow's multi-threaded CSV reader restricted to the columns a reader needs.
When it refuses a file, the slow path finds the exact line at fault (bad encoding, a row with the
wrong number of fields, an unterminated quote) so the error can name it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from analysis.data import containers
from analysis.data.textfile import check_file, encoding_error
from analysis.errors import DataValidationError

_BLOCK = 1 << 24  # 16 MiB blocks keep both cores busy without large peaks


def read_header(path: Path) -> list[str]:
    """Column names of a CSV file (UTF-8, optional BOM; or any file ``data.read`` takes)."""
    path = containers.open_source(path).local
    check_file(path)
    with path.open("rb") as handle:
        first = handle.readline(1 << 20)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise encoding_error(path, 1, first, exc) from None
    if not text.strip():
        raise DataValidationError(
            f"{path}: the first line is blank, so there is no header row. "
            "The file must start with the column names."
        )
    try:
        return next(csv.reader([text.rstrip("\r\n")]))
    except csv.Error as exc:  # e.g. one line of megabytes: not a header (and never quoted)
        raise DataValidationError(
            f"{path}: the first line is not a row of column names ({exc}). A CSV export of a "
            "supported source is expected; `sitrep data formats` lists them."
        ) from None


def read_csv(
    path: Path,
    columns: Sequence[str],
    types: Mapping[str, pa.DataType] | None = None,
) -> pa.Table:
    """Read ``columns`` of a UTF-8 CSV into an Arrow table, all as given ``types`` or text.

    Any structural problem raises :class:`DataValidationError` naming the line.
    """
    return containers.reading(path, lambda local: _read_csv(local, columns, types))


def _read_csv(
    path: Path, columns: Sequence[str], types: Mapping[str, pa.DataType] | None
) -> pa.Table:
    check_file(path)
    column_types = {name: (types or {}).get(name, pa.string()) for name in columns}
    try:
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=_BLOCK, use_threads=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(columns),
                column_types=column_types,
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise locate_problem(path, str(exc)) from None


def locate_problem(path: Path, arrow_message: str) -> DataValidationError:
    """Scan the file with Python's csv module to find the line behind an Arrow error."""
    with path.open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return encoding_error(path, number, line, exc)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            header = []
        width = len(header)
        last_line = 1
        try:
            for row in reader:
                if row and len(row) != width:
                    return _width_error(path, reader.line_num, len(row), width)
                last_line = reader.line_num
        except csv.Error as exc:
            return DataValidationError(
                f"{path}: cannot parse the CSV after line {last_line} ({exc}); the file may be "
                "truncated inside a quoted value. Export the file again."
            )
    return DataValidationError(
        f"{path}: the CSV reader refused the file ({_arrow_detail(arrow_message)}). Check that "
        "it is a CSV export of a supported source."
    )


def _arrow_detail(message: str) -> str:
    """Arrow's reason without the row it quotes ("Expected 2 columns, got 1: <the row>"), cut."""
    first = message.splitlines()[0] if message else ""
    first = re.sub(r"(got \d+):.*", r"\1", first) or "unknown problem"
    return first if len(first) <= 120 else first[:119] + "…"


def _width_error(path: Path, line: int, got: int, width: int) -> DataValidationError:
    with path.open("rb") as handle:
        total = sum(1 for _ in handle)
    where = "the last line" if line >= total else f"line {line}"
    hint = (
        "The file looks truncated: download or export it again."
        if line >= total
        else "A value may contain an unquoted comma; quote it or fix the row."
    )
    return DataValidationError(
        f"{path}: {where} (line {line}) has {got} fields where the header has {width}. {hint}"
    )


def sniff_text(path: Path, size: int = 4096) -> str:
    """First bytes of a file as text, for format detection."""
    with path.open("rb") as handle:
        return handle.read(size).decode("utf-8-sig", errors="replace")


def read_bytes_head(path: Path, size: int = 8) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


__all__ = ["check_file", "locate_problem", "read_csv", "read_header", "sniff_text"]
