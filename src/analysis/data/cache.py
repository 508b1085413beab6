"""A cache of validated frames keyed by the content of the input file.

Reading a million-row event file, validating it and normalising its governorates takes seconds;
a second read of the same bytes is served from an Arrow IPC file in
:func:`analysis.paths.cache_dir` (never beside the input, whose folder may be read-only). The key
is the SHA-256 of the file's bytes plus the format and the reader's version, so an edited file
or a changed reader misses. A file's name or date alone is never trusted.

Two layers:

- **On disk** (across processes): the Arrow file of each key, uncompressed and memory-mapped
  when read: text columns stay in the file's pages, which the system shares between the
  processes reading them (a batch's kernels), and loading decompresses nothing (for 1,000,000
  ACLED rows: 0.17 s and 0.3 GiB of private memory, against 0.39 s and 0.7 GiB with lz4; the
  file is 0.5 GiB instead of 0.2). Entries are replaced whole, never rewritten in place, so a
  mapped file cannot change under its reader. A small index remembers the last
  key seen for a path with its size and modification time; when it suggests the file is new,
  hashing runs in a thread alongside the read (the two overlap on I/O), otherwise the hash is
  computed first and the cache read. A cache that cannot be written (full disk, read-only home)
  only costs speed, never a result; nor does a frame larger than the cache's bound, which is
  simply not stored. The folder's bound, eviction (least recently used first; every hit marks a
  use) and clean-up are :mod:`analysis.data.cachedir`'s.
- **In memory** (within one process, e.g. a batch worker's warm kernel, whose modules survive
  the reset between runs): the last few frames, by key (at most :data:`MEMO_FRAMES` and
  :data:`MEMO_BYTES`, least recently used first out), so the second run of a worker on the
  same file reads, parses and hashes nothing. To find the key without hashing the file again, the
  process remembers, per path, the file's device, inode, size, modification time and status-change
  time (``st_ctime``) with its SHA-256, and trusts the SHA-256 while all five are unchanged. A
  user can set a file's modification time back (``touch -d``, ``os.utime``) but not its
  ``st_ctime``: any write, ``utime``, ``chmod`` or rename over the path changes the inode or
  ``st_ctime``, so an edited or replaced file misses. File-system timestamps are coarse (a few
  ms), so a file changed within :data:`RACY_S` seconds of being hashed is not remembered (hashed
  again next time), as git does with "racily clean" index entries.

Every read returns its own shallow copy of the memorised frame: with pandas' copy-on-write, a
caller that adds or overwrites a column changes its copy only, never the memo or another run
(an analyst's notebook may do that). A batch's warm kernel, which runs only the report code,
calls :func:`share_frames`: every run then gets the memorised frame itself, so what the report
code keeps per frame object (``analysis.metrics.trends.days.days_of``) serves every run. No
reader, metric or section assigns into the frame it is given (checked by the tests on the
reports' sections). ``SITREP_NO_CACHE=1`` turns both layers off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

from analysis.data import cachedir, cachewrite
from analysis.data.containers import local_path
from analysis.files import sha256_file
from analysis.paths import cache_dir

MEMO_FRAMES = 8
"""Frames kept in memory per process, at most: a situation report reads up to about seven
files, and each of its runs must find all of them (least recently used out would otherwise
evict each file just before it is read again)."""
MEMO_BYTES = 2 << 30
"""Memory the kept frames may take together (pandas' deep count); the oldest go first, and the
newest frame is kept whatever its size. A 1,000,000-row ACLED file takes about 0.5 GiB."""
RACY_S = 2.0
"""A file whose status changed less than this before it was hashed is not remembered."""
_DIGESTS_KEPT = 256

_shared = False
_frames: OrderedDict[str, pd.DataFrame] = OrderedDict()
_sizes: dict[str, int] = {}
_digests: dict[str, tuple[tuple[int, ...], str]] = {}


def _held() -> list[Path]:
    """The entries of the frames this process keeps in memory (never evicted by it)."""
    folder = f"{cache_dir()}\0"
    return [_entry(k[len(folder) :]) for k in list(_frames) if k.startswith(folder)]


cachedir.holding(_held)


def content_key(path: Path, *parts: str) -> str:
    """SHA-256 of the file's SHA-256 and ``parts`` (format, reader version)."""
    return _key(sha256_file(path), *parts)


def _key(digest: str, *parts: str) -> str:
    return hashlib.sha256("\0".join([digest, *parts]).encode()).hexdigest()


def _identity(path: Path) -> tuple[int, ...]:
    """Device, inode, size, modification and status-change times of ``path``."""
    s = path.stat()
    return (s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns)


def file_digest(path: str | Path) -> str:
    """SHA-256 of the bytes of ``path`` (for ``archive.zip::member``, of the member), hashed
    once per process while the file is unchanged (same identity as for the memo): a key for
    what a process derives from a file and keeps between runs."""
    path = local_path(path)
    return _known_digest(path) or _digest(path)


def _known_digest(path: Path) -> str | None:
    """The SHA-256 this process computed for ``path``, if the file is provably unchanged."""
    remembered = _digests.get(str(path.resolve()))
    if remembered is None:
        return None
    identity, digest = remembered
    return digest if _identity(path) == identity else None


def _digest(path: Path) -> str:
    """SHA-256 of ``path``, remembered with the file's identity unless it changed meanwhile."""
    before = _identity(path)
    clock = time.time_ns()
    digest = sha256_file(path)
    racy = clock - before[4] < RACY_S * 1e9
    if not racy and _identity(path) == before:
        if len(_digests) >= _DIGESTS_KEPT:
            _digests.clear()
        _digests[str(path.resolve())] = (before, digest)
    return digest


def _in_folder(key: str) -> str:
    """The memo's key: the content key in the current cache folder (a process that switches
    folders, as tests do, finds each file's entry written there too)."""
    return f"{cache_dir()}\0{key}"


def _memo_get(key: str) -> pd.DataFrame | None:
    frame = _frames.get(key)
    if frame is not None:
        _frames.move_to_end(key)
    return frame


def _memo_put(key: str, frame: pd.DataFrame) -> bool:
    """Keep ``frame``; whether it is new to the memo (read or built just now)."""
    new = key not in _frames
    if new:
        _sizes[key] = int(frame.memory_usage(deep=True).sum())
    _frames[key] = frame
    _frames.move_to_end(key)
    while len(_frames) > 1 and (
        len(_frames) > MEMO_FRAMES or sum(_sizes[k] for k in _frames) > MEMO_BYTES
    ):
        oldest, _ = _frames.popitem(last=False)
        del _sizes[oldest]
    return new


def _release() -> None:
    """Give Arrow's freed memory back to the system: its allocator keeps what a parse or a
    load used at its peak (about 0.6 GiB for a 1,000,000-row file) until told to let it go."""
    pa.default_memory_pool().release_unused()


def forget() -> None:
    """Drop what this process holds in memory (frames and file identities)."""
    _frames.clear()
    _sizes.clear()
    _digests.clear()
    _release()


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
        frame = _in_one_chunk(feather.read_table(target, memory_map=True).to_pandas())
    except FileNotFoundError:  # evicted meanwhile by another process
        return None
    except (OSError, pa.ArrowException):
        target.unlink(missing_ok=True)  # a damaged entry is rebuilt
        return None
    cachedir.mark_used(target)
    return frame


def cached_frame(
    path: Path, fmt: str, version: str, build: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """``build()``'s result for ``path``, from memory or the cache when the file's bytes are
    unchanged; a shallow copy of its own for each caller."""
    if os.environ.get("SITREP_NO_CACHE"):
        return build()
    path = local_path(path)  # archive.zip::member: the member's copy holds the bytes

    def built() -> pd.DataFrame:  # what is kept and stored: text columns in one chunk
        return _in_one_chunk(build())

    digest = _known_digest(path)
    if digest is not None:
        key = _key(digest, fmt, version)
        frame = _memo_get(_in_folder(key))
        if frame is None:
            frame = _from_disk(path, key, built)
        else:
            cachedir.mark_used(_entry(key))
    else:
        key, frame = _read(path, fmt, version, built)
    if _memo_put(_in_folder(key), frame):
        _release()
    return frame if _shared else frame.copy(deep=False)


def share_frames(on: bool = True) -> None:
    """Hand every reader the memorised frame itself, not a copy (for batch kernels, which run
    only the report code; see the module docstring)."""
    global _shared
    _shared = on


def sharing() -> bool:
    """Whether readers hand out the memorised frames themselves (:func:`share_frames`)."""
    return _shared


def _in_one_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each Arrow-backed column (text) in one contiguous chunk.

    A CSV parse or a file written in record batches leaves text split in chunks, and filtering
    rows of a chunked column first concatenates its chunks (pyarrow's ``take``): on 1,000,000
    ACLED rows, 0.1 s per filter instead of 1 ms, paid again by every run of a batch."""
    joined = {}
    for name, column in frame.items():
        if not isinstance(column.array, pd.arrays.ArrowExtensionArray):
            continue
        chunked = column.array.__arrow_array__()
        if not isinstance(chunked, pa.ChunkedArray) or chunked.num_chunks < 2:
            continue
        try:
            joined[name] = column.dtype.__from_arrow__(chunked.combine_chunks())
        except (pa.ArrowInvalid, pa.ArrowCapacityError):  # over 2 GiB of text: left in chunks
            continue
    if not joined:
        return frame
    frame = frame.copy(deep=False)
    for name, values in joined.items():
        frame[name] = values
    return frame


def _from_disk(path: Path, key: str, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The frame of ``key`` from its Arrow file, else built and stored."""
    frame = _load(_entry(key))
    if frame is None:
        frame = build()
        _store(frame, _entry(key), path)
    _remember(_index_file(path), path, key)
    return frame


def _read(
    path: Path, fmt: str, version: str, build: Callable[[], pd.DataFrame]
) -> tuple[str, pd.DataFrame]:
    """Key and frame of a file this process does not know: hashed, then loaded or built."""
    index = _index_file(path)
    token = _stat_token(path)
    try:
        remembered = json.loads(index.read_text())
    except (OSError, ValueError):
        remembered = {}
    if {k: remembered.get(k) for k in token} == token and _entry(
        remembered.get("key", "")
    ).exists():
        key = _key(_digest(path), fmt, version)
        return key, _from_disk(path, key, build)
    with ThreadPoolExecutor(max_workers=1) as pool:
        hashing = pool.submit(_digest, path)
        frame = build()
        key = _key(hashing.result(), fmt, version)
    _store(frame, _entry(key), path)
    _remember(index, path, key, token)
    return key, frame


def _write(target: Path, write: Callable[[Path], None], what: str, size: int = 0) -> None:
    """``write(tmp)``, then ``tmp`` moved to ``target``; a failure is a warning, not an error."""
    try:
        with cachewrite.writing(target.parent.name, target, what, needed=False, size=size) as out:
            write(out.path)
    except cachewrite.Unwritten:
        pass  # warned once
    except pa.ArrowException as exc:  # not an OSError: Arrow could not store the frame
        print(f"sitrep: warning: could not store {what} in the cache ({exc})", file=sys.stderr)


def _store(frame: pd.DataFrame, target: Path, path: Path) -> None:
    if target.exists():
        return
    table = pa.Table.from_pandas(frame, preserve_index=False)
    rows = max(1, table.num_rows)  # one record batch: columns load in one chunk (_in_one_chunk)
    _write(
        target,
        lambda tmp: feather.write_feather(
            table, str(tmp), compression="uncompressed", chunksize=rows
        ),
        f"the frame of {path}",
        size=table.nbytes,  # an uncompressed Arrow file is about its table's size
    )


def _remember(index: Path, path: Path, key: str, token: dict | None = None) -> None:
    try:
        record = {**(token or _stat_token(path)), "key": key}
    except OSError:  # the file is gone (a plain copy another process evicted): nothing to keep
        return
    _write(
        index,
        lambda tmp: tmp.write_text(json.dumps(record), encoding="utf-8"),
        f"the index entry of {path}",
    )
