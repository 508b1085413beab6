"""A cache of validated frames keyed by the content of the input file.

Reading a million-row event file, validating it and normalising its governorates takes seconds;
a second read of the same bytes is served from a Parquet file in :func:`analysis.paths.cache_dir`
(never beside the input, whose folder may be read-only). The key is the SHA-256 of the file's
bytes plus the format and the reader's version, so an edited file or a changed reader misses.
A cache that cannot be written (full disk, read-only home) only costs speed, never a result.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.paths import cache_dir

_CHUNK = 1 << 22


def content_key(path: Path, *parts: str) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    for part in parts:
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def cached_frame(
    path: Path, fmt: str, version: str, build: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """``build()``'s result for ``path``, from the cache when the file's bytes are unchanged."""
    if os.environ.get("SITREP_NO_CACHE"):
        return build()
    key = content_key(path, fmt, version)
    target = cache_dir() / "frames" / f"{key}.parquet"
    if target.exists():
        try:
            return pq.read_table(target).to_pandas()
        except (OSError, pa.ArrowException):
            target.unlink(missing_ok=True)  # a damaged entry is rebuilt below
    frame = build()
    _store(frame, target)
    return frame


def _store(frame: pd.DataFrame, target: Path) -> None:
    tmp_name = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        os.close(fd)
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp_name)
        os.replace(tmp_name, target)
        tmp_name = None
    except (OSError, pa.ArrowException) as exc:
        warnings.warn(f"could not write the cache at {target.parent} ({exc}); continuing without it",
                      stacklevel=3)
    finally:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
