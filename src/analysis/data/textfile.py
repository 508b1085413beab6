"""Checks of a file on disk before anything reads it as data, and the message for text that is
not UTF-8. Kept apart from the readers so that both the container layer
(:mod:`analysis.data.containers`) and the CSV reader (:mod:`analysis.data.csvio`) use them
without importing each other.
"""

from __future__ import annotations

import errno
import stat
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
