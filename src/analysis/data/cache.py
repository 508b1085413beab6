"""A cache of validated frames keyed by the content of the input file.

Reading a million-row event file, validating it and normalising its governorates takes seconds;
a second read of the same bytes is served from an Arrow IPC file in
:func:`analysis.paths.cache_dir` (never beside the input, whose folder may be read-only). The key
is the SHA-256 of the file's bytes plus the format and the reader's version, so an edited file
or a changed reader misses; the bytes are always hashed, a file's name or date is never trusted.

Scheduling only: a small index remembers the last key seen for a path with its size and
modification time. When the index suggests the file is new, hashing runs in a thread alongside
the read (the two overlap on I/O); otherwise the hash is computed first and the cache read.
A cache that cannot be written (full disk, read-only home) only costs speed, never a result.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

from analysis.data.containers import local_path
from analysis.files import replacing, sha256_file
from analysis.paths import cache_dir


def content_key(path: Path, *parts: str) -> str:
    """SHA-256 of the file's SHA-256 and ``parts`` (format, reader version)."""
    return hashlib.sha256("\0".join([sha256_file(path), *parts]).encode()).hexdigest()


def _index_file(path: Path) -> Path:
    name = hashlib.sha1(str(path.resolve()).encode()).hexdigest()
    return cache_dir() / "index" / f"{name}.json"


def _stat_token(path: Path) -> dict:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _entry(key: str) -> Path:
    return cache_dir() / "frames" / f"{key}.arrow"


def _load(target: Path) -> pd.DataFrame | None:
    if not target.exists():
        return None
    try:
        return feather.read_table(target, memory_map=True).to_pandas()
    except (OSError, pa.ArrowException):
        target.unlink(missing_ok=True)  # a damaged entry is rebuilt
        return None


def cached_frame(
    path: Path, fmt: str, version: str, build: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """``build()``'s result for ``path``, from the cache when the file's bytes are unchanged."""
    if os.environ.get("SITREP_NO_CACHE"):
        return build()
    path = local_path(path)  # archive.zip::member: the member's copy holds the bytes
    index = _index_file(path)
    token = _stat_token(path)
    try:
        remembered = json.loads(index.read_text())
    except (OSError, ValueError):
        remembered = {}
    if {k: remembered.get(k) for k in token} == token and _entry(
        remembered.get("key", "")
    ).exists():
        key = content_key(path, fmt, version)
        frame = _load(_entry(key))
        if frame is None:
            frame = build()
            _store(frame, _entry(key))
    else:
        with ThreadPoolExecutor(max_workers=1) as pool:
            hashing = pool.submit(content_key, path, fmt, version)
            frame = build()
            key = hashing.result()
        _store(frame, _entry(key))
    _remember(index, {**token, "key": key})
    return frame


def _write(target: Path, write: Callable[[Path], None]) -> None:
    """``write(tmp)`` then ``tmp`` moved to ``target``; a failure is a warning, not an error."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target) as tmp:
            write(tmp)
    except (OSError, pa.ArrowException) as exc:
        warnings.warn(
            f"could not write the cache at {target.parent} ({exc}); continuing without it",
            stacklevel=4,
        )


def _store(frame: pd.DataFrame, target: Path) -> None:
    if target.exists():
        return
    table = pa.Table.from_pandas(frame, preserve_index=False)
    _write(target, lambda tmp: feather.write_feather(table, str(tmp), compression="lz4"))


def _remember(index: Path, record: dict) -> None:
    _write(index, lambda tmp: tmp.write_text(json.dumps(record), encoding="utf-8"))
