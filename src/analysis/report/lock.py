"""Locks in an output folder: one batch at a time per folder, one writer at a time per report.

- :class:`Lock`: the folder lock of ``sitrep batch`` (``.sitrep-batch.lock``).
- :class:`ReportLock`: the lock of one report (its file name stem) in a folder, held by the one
  process that writes it, from before its staging folder is made until its files are in
  place: ``sitrep render`` for its report, the main process of ``sitrep batch`` for each run in
  flight. A second writer of the same report is refused, and clean-up removes a staging folder
  only while it holds the lock of that report, so never one that a live writer still uses.

Report locks are byte-range locks on one file per folder, ``.sitrep-reports.lock`` (one byte
per report, at an offset taken from a hash of the stem), held by the open file
(:mod:`analysis.filelock`): released when the process ends however it ends (even ``kill -9``),
conflicting between pid namespaces (containers) sharing the folder and within one process, and
taken on the server by the Linux NFS client, so they hold between hosts on shared storage.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import os
from pathlib import Path

from analysis.errors import ParameterError
from analysis.filelock import per_open_file, same_file, try_lock

LOCK = ".sitrep-batch.lock"
REPORTS_LOCK = ".sitrep-reports.lock"


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


def _offset(stem: str) -> int:
    """The byte a report's lock covers: 56 bits of the SHA-256 of its stem."""
    return int.from_bytes(hashlib.sha256(stem.encode("utf-8", "surrogateescape")).digest()[:7])


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
                held = try_lock(fd, _offset(self.stem), 1)
            except OSError:
                self.supported = False
                self.fd = fd  # no lock to be had: write without one
                return True
            if not held:
                os.close(fd)
                return False
            if same_file(fd, self.path):
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
                and per_open_file()
                and try_lock(fd, 0, 0)
                and same_file(fd, self.path)
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
