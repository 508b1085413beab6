"""Writing an entry into the cache folder: whole or not at all, within the bound, and a
failure named as what it is.

:func:`writing` gives a temporary file beside the entry, created and locked at once (the lock
tells the sweep of :mod:`analysis.data.cachedir` that its writer is alive), and replaces the
entry with it when the block ends. What is written through its streams is counted against the
cache's bound and the disk's reserve as it goes (least recently used entries evicted to make
room). A write that fails or is interrupted (an exception, Ctrl-C, SIGTERM turned into one)
removes its temporary file and the folders it created; one killed outright leaves its file to
the next sweep.

A plain copy that a read needs and that cannot be written is one line
(:class:`~analysis.errors.CacheError`, exit status 1) saying what it is: "cache full", "disk
full", "permission denied", "read-only file system", "not a folder"; a frame that cannot be
written only costs speed (one warning line on stderr, once per process and cause).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path

from analysis.data import cachedir
from analysis.data.cachedir import Room, root
from analysis.data.limits import CACHE_MAX, KiB, MiB, human
from analysis.errors import CacheError
from analysis.filelock import same_file

_STEP_MAX = 64 * MiB
_STEP_MIN = 64 * KiB
_warned: set[str] = set()


class Unwritten(Exception):
    """An optional entry (a frame) was not written; the warning is already shown."""


class _Full(Exception):
    def __init__(self, room: Room, written: int, declared: bool) -> None:
        super().__init__(room.full)
        self.room = room
        self.written = written
        self.declared = declared  # the size is known ahead (a zip member), not a count so far


class Output:
    """A write in progress: its temporary file ``path`` (locked while open), and streams on it
    that count what is written against the cache's bound and the disk's reserve.

    The streams belong to the write: do not close them, :func:`writing` flushes them when the
    block ends, or drops what they hold when it fails."""

    def __init__(self, path: Path, fd: int, keep: Path) -> None:
        self.path = path
        self.fd = fd
        self.written = 0
        self.done = False
        self._keep = keep
        self._check_at = 0
        self._streams: list[io.IOBase] = []

    def binary(self) -> io.BufferedWriter:
        stream = io.BufferedWriter(_Counted(self), 1 << 20)
        self._streams.append(stream)
        return stream

    def text(self) -> io.TextIOWrapper:
        stream = io.TextIOWrapper(self.binary(), encoding="utf-8", newline="")
        self._streams.append(stream)
        return stream

    def reserve(self, expected: int = 0) -> None:
        """Make room for what is written and ``expected`` more bytes (at least a step)."""
        step = max(expected, _STEP_MIN)
        room = cachedir.make_room(
            self.written + expected, step, skip=(self.path,), keep=(self._keep,)
        )
        if room.full:
            raise _Full(room, self.written + expected, declared=expected > 0)
        headroom = min(room.bound - self.written, room.free - room.reserve)
        self._check_at = self.written + max(_STEP_MIN, min(_STEP_MAX, headroom // 2))

    def _wrote(self, count: int) -> None:
        self.written += count
        if self.written >= self._check_at:
            self.reserve()

    def _finish(self) -> None:
        for stream in reversed(self._streams):
            stream.flush()
        os.fsync(self.fd)

    def _drop(self) -> None:
        self.done = True  # what the streams still hold is discarded, not written
        for stream in reversed(self._streams):
            with contextlib.suppress(Exception):
                stream.close()


class _Counted(io.RawIOBase):
    def __init__(self, output: Output) -> None:
        super().__init__()
        self._output = output

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self._output.done:
            return len(data)
        count = os.write(self._output.fd, data)
        self._output._wrote(count)
        return count


@contextlib.contextmanager
def writing(kind: str, target: Path, what: str, *, needed: bool, size: int = 0) -> Iterator[Output]:
    """A locked temporary file beside ``target`` (in the subfolder ``kind``), which replaces
    ``target`` when the block ends; on a failure or an interruption nothing is left.

    ``what`` names the data in messages. ``needed``: a read cannot go on without the entry, so
    a failure to write it is a :class:`~analysis.errors.CacheError`; otherwise it is one warning
    and :class:`Unwritten`. ``size``: the bytes expected, for which room is made first."""
    made: list[Path] = []  # folders this write created, removed again if it fails
    output: Output | None = None
    keep = target.parent if kind == "plain" else target
    try:
        if str(root()) not in cachedir.swept_folders:
            cachedir.sweep()
        if not (root() / kind).is_dir():
            made.append(root() / kind)
        cachedir.folder(kind)
        if kind == "plain" and cachedir.make_folder(target.parent):
            made.append(target.parent)
        tmp, fd = _temporary(target)
        output = Output(tmp, fd, keep)
        output.reserve(size)
        yield output
        output._finish()
        os.replace(tmp, target)
        made = []
    except BaseException as exc:
        if output is not None:
            output._drop()
            with contextlib.suppress(OSError):
                os.unlink(output.path)
        for path in reversed(made):
            cachedir.prune(path)
        if not isinstance(exc, OSError | _Full):
            raise
        if needed:
            raise CacheError(_message(exc, what)) from None
        _warn(exc, what)
        raise Unwritten(str(exc)) from None
    finally:
        if output is not None:
            output.done = True
            os.close(output.fd)  # releases the lock
    cachedir.mark_used(target)
    cachedir.trim(keep=(keep,))


def _temporary(target: Path) -> tuple[Path, int]:
    """A new temporary file beside ``target``, created and locked."""
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        except FileNotFoundError:  # another process's sweep took the empty copy folder
            target.parent.mkdir(parents=True, exist_ok=True)
            continue
        if cachedir.lock(fd) != "busy" and same_file(fd, tmp):
            return tmp, fd
        os.close(fd)  # a sweep took it between its creation and the lock: that sweep removes it
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


# --- messages ------------------------------------------------------------------------------------

_PROBLEMS = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOENT: "no such folder",
    errno.ENOTDIR: "not a folder",
}
_ADVICE = {
    "disk full": "Free space there, or set SITREP_CACHE_DIR to a folder on a disk with room.",
    "disk quota exceeded": "Free space in your quota, or set SITREP_CACHE_DIR to another disk.",
    "permission denied": "Make it writable, or set SITREP_CACHE_DIR to a folder you can write.",
    "read-only file system": "Set SITREP_CACHE_DIR to a folder on a writable disk.",
    "no such folder": "Create it, or set SITREP_CACHE_DIR to an existing folder.",
    "not a folder": "Set SITREP_CACHE_DIR to a folder (a file is in the way).",
}


def problem(exc: BaseException) -> str:
    """What an error writing the cache is, in words: "disk full", "permission denied"..."""
    if isinstance(exc, _Full):
        return "cache full" if exc.room.full == "cache" else "disk full"
    if isinstance(exc, cachedir.NotOurs):
        return "not sitrep's folder"
    code = getattr(exc, "errno", None)
    if code is None and "No space left on device" in str(exc):  # Arrow's errors carry no errno
        code = errno.ENOSPC
    return _PROBLEMS.get(code, getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)


def _message(exc: BaseException, what: str) -> str:
    base = root()
    kind = problem(exc)
    if isinstance(exc, _Full) and kind == "cache full":
        room = exc.room
        size = f"takes {human(exc.written)}, more than" if exc.declared else "grows past"
        return (
            f"cache full: {what} is read through a plain copy in the cache at {base}, which "
            f"{size} the {human(room.bound)} the cache may hold ({CACHE_MAX.setting()}). Raise "
            "the bound above the file's uncompressed size (e.g. "
            f"{CACHE_MAX.raise_to(exc.written if exc.declared else 2 * exc.written)}), or give "
            "the file as a plain UTF-8 comma CSV, which is read in place."
        )
    if kind == "disk full":  # the reserve reached, or the disk itself full (ENOSPC)
        free, reserve = 0, 0
        with contextlib.suppress(OSError):
            free, reserve = cachedir.disk()
        if isinstance(exc, _Full):
            free, reserve = exc.room.free, exc.room.reserve
        return (
            f"disk full: {what} is read through a plain copy in the cache at {base}, and its "
            f"disk has {human(max(0, free))} free (sitrep leaves {human(reserve)} free). "
            + _ADVICE["disk full"]
        )
    if isinstance(exc, cachedir.NotOurs):
        return f"cannot write the cache for {what}: {exc.strerror}."
    where = getattr(exc, "filename", None) or base
    advice = _ADVICE.get(kind, "Set SITREP_CACHE_DIR to another folder.")
    return f"{kind}: cannot write the cache for {what} at {where}. {advice}"


def _warn(exc: BaseException, what: str) -> None:
    kind = problem(exc)
    if f"{kind}\0{root()}" in _warned:
        return
    _warned.add(f"{kind}\0{root()}")
    if isinstance(exc, _Full) and kind == "cache full":
        text = (
            f"not caching {what} ({human(exc.written)}): the cache at {root()} may hold "
            f"{human(exc.room.bound)} ({CACHE_MAX.setting()}); it will be read again next time"
        )
    elif isinstance(exc, cachedir.NotOurs):
        text = f"could not write the cache: {exc.strerror}; continuing without it"
    else:
        text = f"could not write the cache at {root()} ({kind}); continuing without it"
    print(f"sitrep: warning: {text}", file=sys.stderr)  # one line, as the command's others
