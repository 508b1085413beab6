"""The cache folder: what in it is sitrep's, its bound, and cleaning it up.

Layout of :func:`analysis.paths.cache_dir`::

    CACHEDIR.TAG                                 written when sitrep creates the folder
    plain/<sha256>-<member digest>-v<N>/<name>   plain CSV copies (analysis.data.containers)
    frames/<key>.arrow                           validated frames (analysis.data.cache)
    index/<sha1>.json                            the last key seen per path (the same)

Entries are written by :mod:`analysis.data.cachewrite`, each through a temporary file
``.<name>.<12-hex>.tmp`` beside it, locked while it is written.

**Ours, and not ours.** The folder may be a user's own (``SITREP_CACHE_DIR=$HOME``). Clearing,
eviction and the sweep look only inside sitrep's three subfolders, there only at names of
sitrep's patterns (64-hex frame keys, 40-hex index names, ``<64-hex>-<12-hex|whole>-v<N>`` copy
folders, ``.<name>.<12-hex>.tmp`` temporary files), at regular files only, never through a link.
A subfolder is sitrep's when the cache folder is (it holds sitrep's ``CACHEDIR.TAG``, written
when sitrep created it, or it is the default ``~/.cache/syria-sitrep``), when it holds sitrep's
``CACHEDIR.TAG`` itself (sitrep created it inside a folder of someone else's), or, for a cache
written by an older version, when it holds something and everything in it bears one of sitrep's
names. Any other is left alone and never written to. A ``CACHEDIR.TAG``
(https://bford.info/cachedir/) tells backup tools to skip a folder; sitrep writes one only into a
folder it has just created.

**The sweep.** A writer holds an exclusive lock on its temporary file while writing: an
open-file-description lock (``F_OFD_SETLK``), owned by the open file rather than by a process
id, so it holds across containers' pid namespaces, and forwarded to the server by Linux's NFS
client, so it holds across hosts sharing a home. A temporary file whose lock can be taken has no
writer left (one killed with ``kill -9``, a machine that crashed): the sweep removes it, and the
copy folder it leaves empty. One it cannot lock (a live writer; a file system without locks,
where nothing can be proved) is kept. The sweep runs once per process before its first write,
and on ``sitrep cache info`` and ``sitrep cache clear``.

**Bound.** The folder holds at most ``SITREP_CACHE_MAX`` (8 GiB) of sitrep's entries, and a
write never leaves less free disk than the smaller of 1 GiB and 5 % of the disk. Every hit marks
the entry's use in its access time, set explicitly (a file system mounted ``noatime`` or
``relatime`` would not keep it); before and while a write, the least recently used entries go
first. Never evicted: an entry this process holds right now (the plain copies its sources name,
its memorised frames), one any process used in the last :data:`RECENT_S` seconds (a reader
between opening a source and opening its file), another writer's temporary file. Removing an
entry that another process has open or memory-mapped is safe on a local Linux file system: only
the name goes; the inode and its pages live until the last descriptor or mapping is closed, so
the reader keeps the bytes it mapped, which never change (entries are replaced whole, never
written in place). Over NFS a file another host removes is gone for its readers too; the recent
window is what protects them there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis.data.limits import CACHE_MAX, GiB
from analysis.filelock import same_file, try_lock
from analysis.paths import cache_dir

KINDS = ("plain", "frames", "index")
RECENT_S = 10.0
"""An entry used this recently, by any process, is never evicted or cleared."""
TAG = "CACHEDIR.TAG"
_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
_TAG_TEXT = (
    f"{_SIGNATURE}\n"
    "# This file is a cache directory tag created by syria-sitrep (the sitrep command).\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
_NAMES = {
    "frames": re.compile(r"[0-9a-f]{64}\.arrow"),
    "index": re.compile(r"[0-9a-f]{40}\.json"),
    "plain": re.compile(r"[0-9a-f]{64}-(?:[0-9a-f]{12}|whole)-v\d+"),
}
_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")
_RESERVE_MAX = 1 * GiB
_RESERVE_SHARE = 0.05

_holders: list[Callable[[], Iterable[Path]]] = []
swept_folders: set[str] = set()
"""The cache folders this process has swept (once each, before its first write there)."""


def root() -> Path:
    return cache_dir()


def holding(provider: Callable[[], Iterable[Path]]) -> None:
    """Register what this process holds right now (cache files it will open again): never
    evicted by this process."""
    _holders.append(provider)


# --- ownership -----------------------------------------------------------------------------------


def _tagged(folder: Path) -> bool:
    try:
        if not stat.S_ISREG(os.lstat(folder / TAG).st_mode):
            return False
        with open(folder / TAG, encoding="utf-8", errors="replace") as handle:
            text = handle.read(512)
    except OSError:
        return False
    return text.startswith(_SIGNATURE) and "syria-sitrep" in text


def _write_tag(folder: Path) -> None:
    with contextlib.suppress(FileExistsError):
        fd = os.open(folder / TAG, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_TAG_TEXT)


def _default_root() -> bool:
    return not os.environ.get("SITREP_CACHE_DIR")


def _root_is_ours(base: Path) -> bool:
    return _default_root() or _tagged(base)


def _all_ours(folder: Path, kind: str) -> bool:
    """Whether ``folder`` holds something and everything in it bears one of sitrep's names for
    ``kind`` (a cache an older version wrote, without tags). An empty folder is not sitrep's:
    it may be someone's, made ready for their own files."""
    names = [item.name for item in _listing(folder)]
    return bool(names) and all(_NAMES[kind].fullmatch(n) or _TEMPORARY.fullmatch(n) for n in names)


def _owned(kind: str, base: Path | None = None) -> Path | None:
    """The subfolder ``kind`` when it exists and is sitrep's; None otherwise."""
    base = root() if base is None else base
    folder = base / kind
    if folder.is_symlink() or not folder.is_dir():
        return None
    if _root_is_ours(base) or _tagged(folder) or _all_ours(folder, kind):
        return folder
    return None


class NotOurs(OSError):
    """A folder of someone else's where sitrep would write."""


def folder(kind: str) -> Path:
    """The subfolder ``kind``, created (and tagged) when missing; OSError when it cannot be."""
    base = root()
    created = make_folder(base)
    if created or (_default_root() and not _tagged(base)):
        _write_tag(base)
    sub = base / kind
    if make_folder(sub):
        if not _root_is_ours(base):
            _write_tag(sub)
        return sub
    if _owned(kind, base) is None:
        raise NotOurs(
            errno.EEXIST,
            f"{sub} is not sitrep's (it was there before, without sitrep's {TAG}); set "
            "SITREP_CACHE_DIR to a folder of its own",
        )
    if not _root_is_ours(base) and not _tagged(sub):
        _write_tag(sub)  # an untagged folder of sitrep's files, from an older version: adopted
    return sub


def make_folder(path: Path) -> bool:
    """Create ``path`` (and its parents); whether this call created it."""
    try:
        path.mkdir(parents=True)
    except FileExistsError:
        if not path.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(path)) from None
        return False
    return True


# --- entries -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    kind: str
    """``plain``, ``frames``, ``index``, or ``temporary`` (being written, or left by a killed
    writer)."""
    path: Path
    size: int
    used_ns: int
    """Last use: the entry's access time, set on every hit."""


def entries(base: Path | None = None) -> list[Entry]:
    """sitrep's entries in the cache folder, temporary files included."""
    base = root() if base is None else base
    found: list[Entry] = []
    for kind in KINDS:
        sub = _owned(kind, base)
        if sub is None:
            continue
        for item in _listing(sub):
            if _TEMPORARY.fullmatch(item.name) and item.is_file(follow_symlinks=False):
                found.append(_file_entry("temporary", item))
            elif not _NAMES[kind].fullmatch(item.name):
                continue
            elif kind != "plain" and item.is_file(follow_symlinks=False):
                found.append(_file_entry(kind, item))
            elif kind == "plain" and item.is_dir(follow_symlinks=False):
                found.extend(_copy_entries(Path(item.path)))
    return found


def _listing(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as listing:
            return list(listing)
    except OSError:
        return []


def _file_entry(kind: str, item: os.DirEntry) -> Entry:
    info = item.stat(follow_symlinks=False)
    return Entry(kind, Path(item.path), info.st_size, info.st_atime_ns)


def _copy_entries(folder: Path) -> list[Entry]:
    """A copy folder: one ``plain`` entry (its files), and its temporary files apart."""
    size, used, found = 0, 0, []
    for item in _listing(folder):
        if not item.is_file(follow_symlinks=False):
            continue
        if _TEMPORARY.fullmatch(item.name):
            found.append(_file_entry("temporary", item))
            continue
        info = item.stat(follow_symlinks=False)
        size += info.st_size
        used = max(used, info.st_atime_ns)
    if used:
        found.append(Entry("plain", folder, size, used))
    return found


def mark_used(path: Path) -> None:
    """Record a hit on the entry at ``path``: its access time is now (its modification time,
    when it was written, is kept)."""
    with contextlib.suppress(OSError):
        info = path.stat()
        os.utime(path, ns=(time.time_ns(), info.st_mtime_ns))


def discard(path: Path) -> None:
    """Remove the plain copy holding ``path`` (a member whose content was then refused)."""
    folder = path.parent
    if folder.parent.name == "plain" and _NAMES["plain"].fullmatch(folder.name):
        _remove(Entry("plain", folder, 0, 0))
        prune(folder.parent)


def prune(folder: Path) -> None:
    """Remove a subfolder of sitrep's that holds nothing (but sitrep's tag)."""
    names = {item.name for item in _listing(folder)}
    if names <= {TAG} and (not names or _tagged(folder)):
        with contextlib.suppress(OSError):
            if names:
                os.unlink(folder / TAG)
            os.rmdir(folder)  # fails when another writer has just started there


def _remove(entry: Entry) -> bool:
    """Remove an entry of sitrep's (never following a link); whether it is gone."""
    try:
        if entry.kind != "plain":
            if stat.S_ISREG(os.lstat(entry.path).st_mode):
                os.unlink(entry.path)
            return True
        for item in _listing(entry.path):
            if item.is_file(follow_symlinks=False) and not _TEMPORARY.fullmatch(item.name):
                os.unlink(item.path)
        with contextlib.suppress(OSError):  # a live writer's temporary file is still in it
            os.rmdir(entry.path)
        return True
    except FileNotFoundError:
        return True
    except OSError:  # not permitted (another user's shared cache)
        return False


def _held() -> set[Path]:
    held = set()
    for provider in _holders:
        for path in provider():
            path = Path(path)
            held.add(path.parent if path.parent.parent.name == "plain" else path)
    return held


# --- disk and bound ------------------------------------------------------------------------------


def disk(base: Path | None = None) -> tuple[int, int]:
    """Free bytes on the cache's disk, and the free bytes a write must leave."""
    base = root() if base is None else base
    probe = base
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    info = os.statvfs(probe)
    size = info.f_blocks * info.f_frsize
    return info.f_bavail * info.f_frsize, min(_RESERVE_MAX, int(size * _RESERVE_SHARE))


@dataclass
class Room:
    """Whether a write of ``needed`` bytes fits, after evicting what could be evicted."""

    full: str | None  # None, "cache" or "disk"
    total: int  # sitrep's bytes in the folder, the write's own temporary file not counted
    free: int
    reserve: int
    bound: int


def make_room(needed: int, to_write: int, skip: Iterable[Path] = (), keep: Iterable[Path] = ()):
    """Evict least recently used entries until ``needed`` more bytes fit under the bound and
    ``to_write`` more bytes leave the reserve free on disk. ``skip``: not counted (a write's
    own temporary file, counted in ``needed``); ``keep``: never evicted.

    Full means what cannot be helped: ``needed`` alone is more than the bound ("cache"), or
    the disk cannot take ``to_write`` more ("disk"). Entries in use that keep the folder over
    its bound do not make it full: the folder passes the bound until they are no longer in use,
    rather than fail a read (the bound is what the cache keeps, not a reader's working set)."""
    bound = CACHE_MAX.value()
    skip = set(skip)
    listed = [e for e in entries() if e.path not in skip]
    total = sum(e.size for e in listed)
    free, reserve = disk()
    held, recent = _held() | set(keep), time.time_ns() - int(RECENT_S * 1e9)
    evictable = sorted(
        (e for e in listed if e.kind != "temporary" and e.path not in held and e.used_ns < recent),
        key=lambda e: e.used_ns,
    )
    for entry in evictable:
        if total + needed <= bound and free - to_write >= reserve:
            break
        if _remove(entry):
            total -= entry.size
            free += entry.size
    full = "cache" if needed > bound else "disk" if free - to_write < reserve else None
    return Room(full, total, free, reserve, bound)


def trim(keep: Iterable[Path] = ()) -> None:
    """Evict least recently used entries until the folder is within its bound."""
    with contextlib.suppress(OSError):
        make_room(0, 0, keep=keep)


# --- the sweep -----------------------------------------------------------------------------------


@dataclass
class Swept:
    removed: int = 0
    freed: int = 0
    live: int = 0
    """Temporary files kept: a live writer holds them (or nothing can prove it does not)."""


def sweep() -> Swept:
    """Remove the temporary files of writers that are gone, and copy folders left empty."""
    swept = Swept()
    swept_folders.add(str(root()))
    for entry in entries():
        if entry.kind == "temporary":
            if _remove_if_unlocked(entry.path):
                swept.removed += 1
                swept.freed += entry.size
            else:
                swept.live += 1
    plain = _owned("plain")
    for item in _listing(plain) if plain else []:
        if _NAMES["plain"].fullmatch(item.name) and item.is_dir(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.rmdir(item.path)  # only when empty; a writer that loses it makes it again
    for kind in KINDS:
        sub = _owned(kind)
        if sub is not None:
            prune(sub)
    return swept


def _remove_if_unlocked(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        if lock(fd) != "locked" or not same_file(fd, path):
            return False
        os.unlink(path)  # still locked: no writer can take it over meanwhile
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def lock(fd: int) -> str:
    """Take an exclusive lock on the open file ``fd`` without waiting (:mod:`analysis.filelock`):
    ``"locked"``, ``"busy"`` (another open file holds one) or ``"none"`` (the file system has no
    locks)."""
    try:
        return "locked" if try_lock(fd) else "busy"
    except OSError:
        return "none"


# --- info and clear ------------------------------------------------------------------------------


def info() -> dict:
    """What ``sitrep cache info`` shows (temporary files of writers that are gone swept first)."""
    base = root()
    swept = sweep() if base.is_dir() else Swept()
    listed = entries() if base.is_dir() else []
    kinds = {}
    for kind in (*KINDS, "temporary"):
        of_kind = [e for e in listed if e.kind == kind]
        kinds[kind] = {"entries": len(of_kind), "bytes": sum(e.size for e in of_kind)}
    used = [e.used_ns for e in listed if e.kind != "temporary"]
    free, reserve = disk()
    foreign = [k for k in KINDS if (base / k).exists() and _owned(k) is None]
    return {
        "folder": str(base),
        "exists": base.is_dir(),
        "not_a_folder": base.exists() and not base.is_dir(),
        "bound": CACHE_MAX.value(),
        "bound_source": CACHE_MAX.source,
        "total": sum(e.size for e in listed),
        "kinds": kinds,
        "oldest_use": _when(min(used)) if used else None,
        "newest_use": _when(max(used)) if used else None,
        "free": free,
        "reserve": reserve,
        "swept": {"removed": swept.removed, "bytes": swept.freed, "live": swept.live},
        "not_ours": [str(base / k) for k in foreign],
    }


def _when(ns: int) -> str:
    return dt.datetime.fromtimestamp(ns / 1e9).astimezone().isoformat(timespec="seconds")


def clear() -> dict:
    """Remove every entry of sitrep's but those in use (used in the last :data:`RECENT_S`
    seconds, or a live writer's temporary file); subfolders left empty go too."""
    base = root()
    if not base.is_dir():
        return {"folder": str(base), "removed": 0, "bytes": 0, "kept": 0, "kept_bytes": 0}
    swept = sweep()
    removed, freed, kept, kept_bytes = swept.removed, swept.freed, 0, 0
    recent = time.time_ns() - int(RECENT_S * 1e9)
    for entry in entries():
        if entry.kind != "temporary" and entry.used_ns < recent and _remove(entry):
            removed += 1
            freed += entry.size
        else:
            kept += 1
            kept_bytes += entry.size
    for kind in KINDS:
        sub = _owned(kind)
        if sub is not None:
            prune(sub)
    return {"folder": str(base), "removed": removed, "bytes": freed, "kept": kept,
            "kept_bytes": kept_bytes}  # fmt: skip
