"""Locks that belong to an open file, not to a process: the one locking primitive of sitrep.

Linux's open-file-description locks (``F_OFD_SETLK``) are held by the open file: they are
released when its last descriptor closes, so when the process ends however it ends (even
``kill -9``); they conflict between two descriptors of one process, between pid namespaces
(containers) sharing a folder, and, through Linux's NFS client, between hosts sharing a file
system. The report locks (:mod:`analysis.report.lock`) lock one byte per report of a shared lock
file; the cache (:mod:`analysis.data.cachedir`) locks the whole temporary file it writes.

Elsewhere (macOS): a whole file is locked with ``flock`` (also held by the open file); a byte
range with POSIX record locks (``lockf``), which belong to the process, so two holders in one
process do not see each other there.
"""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # not a Unix
    fcntl = None

_BUSY = (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK)


class _Flock(ctypes.Structure):
    """``struct flock`` as Linux lays it out (l_type, l_whence, l_start, l_len, l_pid)."""

    _fields_ = [
        ("l_type", ctypes.c_short),
        ("l_whence", ctypes.c_short),
        ("l_start", ctypes.c_int64),
        ("l_len", ctypes.c_int64),
        ("l_pid", ctypes.c_int32),
    ]


_ofd = {"works": fcntl is not None and hasattr(fcntl, "F_OFD_SETLK")}


def per_open_file() -> bool:
    """Whether locks here belong to the open file (OFD locks), not to the process."""
    return _ofd["works"]


def try_lock(fd: int, offset: int = 0, length: int = 0) -> bool:
    """An exclusive lock on ``length`` bytes of the open file ``fd`` from ``offset`` (``length``
    0: to the end of the file and beyond, the whole file from 0), without waiting. False when
    another holder has any of those bytes; OSError when the file system cannot lock at all."""
    if fcntl is None:
        raise OSError(errno.ENOLCK, "no file locks on this system")
    if _ofd["works"]:
        request = _Flock(fcntl.F_WRLCK, os.SEEK_SET, offset, length, 0)
        try:
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, bytes(request))
            return True
        except OSError as exc:
            if exc.errno in _BUSY:
                return False
            if exc.errno != errno.EINVAL:
                raise
            _ofd["works"] = False  # a kernel without OFD locks
    try:
        if offset == 0 and length == 0:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, length, offset, os.SEEK_SET)
        return True
    except OSError as exc:
        if exc.errno in _BUSY:
            return False
        raise


def same_file(fd: int, path: str | Path) -> bool:
    """Whether the open file ``fd`` is still the file named ``path`` (not removed or replaced
    since it was opened)."""
    try:
        mine, named = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (named.st_dev, named.st_ino)


__all__ = ["per_open_file", "same_file", "try_lock"]
