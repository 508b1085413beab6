"""Locks in an output folder: one batch at a time per folder, one writer at a time per report.

- :class:`Lock`: the folder lock of ``sitrep batch`` (``.sitrep-batch.lock``).
- :class:`ReportLock`: the lock of one report (its file name stem) in a folder, held by the one
  process that writes it, from before its staging folder is made until its files are in
  place: ``sitrep render`` for its report, the main process of ``sitrep batch`` for each run in
  flight. A second writer of the same report is refused, and clean-up removes a staging folder
  only while it holds the lock of that report, so never one that a live writer still uses.

Report locks are byte-range locks on one file per folder, ``.sitrep-reports.lock`` (one byte
per report, at an offset taken from a hash of the stem). They are open-file-description locks
(Linux ``F_OFD_SETLK``): the kernel holds them for the open file, so they are released when the
process ends however it ends (even ``kill -9``), they conflict between pid namespaces
(containers) sharing the folder and within one process, and the Linux NFS client takes them on
the server (NLM or NFSv4 locks), so they hold between hosts on shared storage. Elsewhere, POSIX
record locks (``lockf``) stand in, which do not conflict within one process.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import fcntl
import hashlib
import os
from pathlib import Path

from analysis.errors import ParameterError

LOCK = ".sitrep-batch.lock"
REPORTS_LOCK = ".sitrep-reports.lock"
_BUSY = (errno.EAGAIN, errno.EACCES)


class Lock:
    def __init__(self, out: Path) -> None:
        self.path = out / LOCK
        self.handle = self.path.open("a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            raise ParameterError(
                f"{out} is in use by another batch ({holder}). Wait for it to finish, or give "
                "this batch another --out folder."
            ) from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(
            f"pid {os.getpid()} since {dt.datetime.now().isoformat(timespec='seconds')}"
        )
        self.handle.flush()

    def release(self) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


class _Flock(ctypes.Structure):
    """``struct flock`` as Linux lays it out (l_type, l_whence, l_start, l_len, l_pid)."""

    _fields_ = [
        ("l_type", ctypes.c_short),
        ("l_whence", ctypes.c_short),
        ("l_start", ctypes.c_int64),
        ("l_len", ctypes.c_int64),
        ("l_pid", ctypes.c_int32),
    ]


_OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", None)
_ofd = {"works": _OFD_SETLK is not None}


def _offset(stem: str) -> int:
    """The byte a report's lock covers: 56 bits of the SHA-256 of its stem."""
    return int.from_bytes(hashlib.sha256(stem.encode("utf-8", "surrogateescape")).digest()[:7])


def _try_lock(fd: int, offset: int, length: int = 1) -> bool:
    """An exclusive lock on ``length`` bytes of ``fd`` from ``offset`` (0: to the end of the
    file and beyond); False when another holder has any of them. Raises OSError when the file
    system cannot lock at all."""
    if _ofd["works"]:
        request = _Flock(fcntl.F_WRLCK, os.SEEK_SET, offset, length, 0)
        try:
            fcntl.fcntl(fd, _OFD_SETLK, bytes(request))
            return True
        except OSError as exc:
            if exc.errno in _BUSY:
                return False
            if exc.errno != errno.EINVAL:
                raise
            _ofd["works"] = False  # a kernel without OFD locks
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, length, offset, os.SEEK_SET)
        return True
    except OSError as exc:
        if exc.errno in _BUSY:
            return False
        raise


def _same_file(fd: int, path: Path) -> bool:
    try:
        mine, named = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (named.st_dev, named.st_ino)


class ReportLock:
    """The lock of report ``stem`` in the folder ``out`` (see the module docstring).

    :meth:`acquire` never waits: it says whether this process now holds the lock. The lock
    file is removed by the last holder to release (so a render leaves nothing but its report);
    a holder whose file was removed meanwhile opens the new one and locks again. A file system
    that cannot lock at all (some network mounts) makes :attr:`supported` False; the lock then
    counts as held for writing, and clean-up treats every report there as busy."""

    def __init__(self, out: Path, stem: str) -> None:
        self.out, self.stem = Path(out), stem
        self.fd: int | None = None
        self.supported = True

    @property
    def path(self) -> Path:
        return self.out / REPORTS_LOCK

    def acquire(self) -> bool:
        if self.fd is not None:
            return True
        for _ in range(100):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            try:
                held = _try_lock(fd, _offset(self.stem))
            except OSError:
                self.supported = False
                self.fd = fd  # no lock to be had: write without one
                return True
            if not held:
                os.close(fd)
                return False
            if _same_file(fd, self.path):
                self.fd = fd
                return True
            os.close(fd)  # the last holder removed the file after we opened it: again
        raise OSError(errno.EAGAIN, "the lock file keeps being replaced", str(self.path))

    def release(self) -> None:
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        try:
            # Nobody else holds any report here: the lock file goes (while still locked, so
            # anyone who opened it meanwhile sees it was removed and opens a new one). Only
            # with OFD locks: POSIX record locks would not see this process's other holders.
            if (
                self.supported
                and _ofd["works"]
                and _try_lock(fd, 0, 0)
                and _same_file(fd, self.path)
            ):
                self.path.unlink(missing_ok=True)
        except OSError:
            pass
        finally:
            os.close(fd)  # closing the open file description releases its locks

    def touch(self) -> float | None:
        """The storage's current time (an NFS server's clock, not this machine's): the lock
        file's modification time, set to now. None when it cannot be set."""
        if self.fd is None:
            return None
        try:
            os.utime(self.fd)
            return os.fstat(self.fd).st_mtime
        except OSError:
            return None

    def __enter__(self) -> ReportLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def report_busy(out: Path, stem: str, holder: str | None = None) -> ParameterError:
    """The one line for a second writer of one report."""
    who = f" ({holder})" if holder else ""
    return ParameterError(
        f"{out}: another sitrep process{who} is writing {stem} there right now. Wait for it to "
        "finish and run this again, or write to another folder with --out."
    )
