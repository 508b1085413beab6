"""Checks of a file on disk before anything reads it as data, the message for text that is not
UTF-8, and what a message may quote of a file not yet known to be data (:func:`table_columns`).
Kept apart from the readers so that the container layer (:mod:`analysis.data.containers`), the
CSV reader (:mod:`analysis.data.csvio`), detection (:mod:`analysis.data.formats`) and validation
use them without importing each other.
"""

from __future__ import annotations

import csv
import errno
import io
import re
import stat
from collections.abc import Sequence
from pathlib import Path

from analysis.errors import DataValidationError


def _shown(path: Path) -> str:
    """A path for a message: whole, or cut in the middle when very long."""
    text = str(path)
    return text if len(text) <= 80 else text[:30] + "..." + text[-47:]


def check_file(path: Path) -> None:
    """Refuse, in one line, a path that is not a readable, non-empty regular file."""
    try:
        info = path.stat()
    except OSError as exc:
        shown = _shown(path)
        if exc.errno == errno.ENAMETOOLONG:
            raise DataValidationError(
                f"{shown}: the file name is too long for the file system "
                f"({len(str(path))} characters). Check the path."
            ) from None
        if exc.errno == errno.ELOOP:
            raise DataValidationError(
                f"{shown}: a symbolic link that leads back to itself (a link loop). Point to the "
                "data file itself."
            ) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise DataValidationError(
                f"{shown}: cannot be read (permission denied). Check its permissions."
            ) from None
        raise DataValidationError(
            f"{shown}: no such file. Check the path (it is read as given)."
        ) from None
    except ValueError:
        raise DataValidationError(
            f"{_shown(path)!r} is not a usable file name (it contains a NUL character)."
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise DataValidationError(f"{path}: is a folder, not a data file. Name the file itself.")
    if not stat.S_ISREG(info.st_mode):
        raise DataValidationError(
            f"{path}: is not a regular file (a device, pipe or socket). Name a data file."
        )
    if info.st_size == 0:
        raise DataValidationError(
            f"{path}: the file is empty (0 bytes). Export the data again or point to another file."
        )
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as exc:
        reason = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else exc.strerror
        raise DataValidationError(
            f"{path}: cannot be read ({reason}). Check its permissions or copy it somewhere "
            "readable."
        ) from None


def encoding_error(
    path: Path, line: int, raw: bytes, exc: UnicodeDecodeError
) -> DataValidationError:
    bad = raw[exc.start : exc.start + 1].hex()
    return DataValidationError(
        f"{path}: line {line} is not valid UTF-8 (byte 0x{bad} at position {exc.start + 1}). "
        "Re-save the file as UTF-8, for example with `iconv -f WINDOWS-1256 -t UTF-8` for Arabic "
        "Windows files or `-f LATIN1` for Western European ones."
    )


NAME_WIDTH = 24
"""Longest column name quoted in a message (longer ones are cut and end with "…")."""

NAMES_SHOWN = 8
"""Column names quoted in a message at most; the rest are counted ("and 12 more")."""

_SAMPLE = 1 << 16  # bytes of the file looked at to decide whether it is a table
_SAMPLE_ROWS = 20  # rows under the header whose field counts must agree with it
_LONGEST_NAME = 100  # a header cell longer than this is not a column name
_PATH_LIKE = re.compile(r"(^|[\s:=,;'\"(])(~|\.{1,2})?/[\w.~-]|://|^[A-Za-z]:\\|/\.\w")
"""A path's start (``/root``, ``~/x``, ``:/bin/bash``, ``C:\\``, ``/.ssh``), not a slash between
words as publishers write them (``State/Province/Governorate``, ``Returnees/IDPs``)."""
_SHELL_LIKE = re.compile(
    r"^#!|^-{3,}|\$[({\w]|`|&&|\||;|^[A-Za-z_][\w.]*=|[<>]\s*[/&]"
    r"|(^|\s)(sudo|rm|chmod|chown|curl|wget|export|eval)\s"
)


def looks_like_name(name: str) -> bool:
    """Whether a header cell reads as a column name: printable, short-ish, and neither a path nor
    a piece of shell, a key file or an assignment (``#!/bin/sh``, ``KEY=value``, ``/root``)."""
    return (
        len(name) <= _LONGEST_NAME
        and name.isprintable()
        and not _PATH_LIKE.search(name)
        and not _SHELL_LIKE.search(name)
    )


def table_columns(names: Sequence[str], path: Path | str | None = None) -> str | None:
    """The header ``names`` for a message (``'a', 'b', 'ISO3 code' and 3 more``, each cut to
    :data:`NAME_WIDTH` characters), or None when they do not look like a table's column names.

    A message about a file not yet known to be data quotes nothing else of it, and quotes its
    header only when the file looks like a table: at least two non-empty names, each of which
    :func:`looks_like_name`, and, given the file (``path``, a comma CSV as the readers see it),
    a header line that ends within the first 64 KiB and rows under it whose field counts mostly
    agree with it. ``/etc/passwd``, a shell script, a key or one huge line are never quoted.
    """
    names = [str(n) for n in names]
    filled = [n for n in names if n.strip()]
    if len(filled) < 2 or len(filled) * 2 < len(names):
        return None
    if not all(looks_like_name(n) for n in names):
        return None
    if path is not None and not _rows_agree(Path(path)):
        return None
    cut = [n if len(n) <= NAME_WIDTH else n[: NAME_WIDTH - 1] + "…" for n in names]
    text = ", ".join(repr(n) for n in cut[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return text + (f" and {more} more" if more > 0 else "")


def _rows_agree(path: Path) -> bool:
    """Whether the file's first line is a complete row of at least two fields and the rows under
    it (up to :data:`_SAMPLE_ROWS`) mostly have as many fields."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(_SAMPLE)
            complete = not handle.read(1)
    except OSError:
        return False
    text = raw.decode("utf-8-sig", errors="replace")
    if not complete:
        if "\n" not in text:
            return False  # one line longer than the sample: not a header
        text = text[: text.rfind("\n") + 1]  # the last line may be cut
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    except csv.Error:
        return False
    if not rows or len(rows[0]) < 2:
        return False
    widths = [len(row) for row in rows[1 : _SAMPLE_ROWS + 1]]
    return sum(w == len(rows[0]) for w in widths) * 5 >= len(widths) * 4
