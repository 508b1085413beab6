"""Files written whole or not at all, and the SHA-256 of a file.

Every file syria-sitrep writes for others to read (reports, manifests, cache entries) goes
through :func:`replacing` or :func:`write_atomic`: the bytes go to a temporary file in the
destination's own folder (same file system, so the final rename is atomic), are flushed to
disk, and the temporary file then replaces the destination in one step. A reader sees the old
file or the new one, never a half-written one; on any failure the temporary file is removed and
the destination is untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of the bytes of the file at ``path``."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@contextlib.contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; it replaces ``path`` when the block ends
    without an exception, and is removed otherwise.

    For writers that want a file name (``feather.write_feather``); whatever was written there is
    flushed to disk before the rename. The file gets the usual permissions (``0666`` less the
    umask), not ``mkstemp``'s ``0600``: reports and manifests are meant to be read by others.
    """
    path = Path(path)
    tmp = _new_temporary(path)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write ``data`` (text in ``encoding``, or bytes) to ``path``, whole or not at all."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    with replacing(path) as tmp, open(tmp, "wb") as handle:
        handle.write(payload)


def _new_temporary(path: Path) -> Path:
    """An empty file of a new, unpredictable name beside ``path``, created with mode 0666 so that
    the process's umask applies (reading the umask would mean changing it, for every thread)."""
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return tmp
    raise FileExistsError(f"no free temporary name beside {path}")
