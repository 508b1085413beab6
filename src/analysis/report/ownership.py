"""What this product made, who made it, and whether its maker is provably gone.

Every folder syria-sitrep creates to work in (a report's staging folder inside the output
folder, a process's scratch folder in the temporary folder) holds a marker file,
:data:`MARKER`, naming the process that owns it: host, boot id, pid namespace, pid and the
process's start time. Clean-up removes a folder only when its marker is ours and its owner is
provably gone:

- **Same kernel and pid namespace** (same boot id and pid-namespace inode): the owner is gone
  when no process has its pid, or the process with that pid started at another time (the pid
  was reused). This is proof.
- **Another host or container** (shared storage, another pid namespace): a pid there means
  nothing here. The owner refreshes its marker's modification time every
  :data:`HEARTBEAT_S` seconds while it lives (:func:`heartbeat`); the folder counts as
  abandoned only when the marker has not been refreshed for :data:`LEASE_S` seconds, measured
  on the storage's own clock (the mtime of a file touched just now beside it), never on this
  machine's. The callers add a lock that works on shared storage (:mod:`analysis.report.lock`).

A folder without our marker is never removed, whatever its name: a user's
``.thesis.20240101.d/`` next to the reports is not ours.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import socket
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

MARKER = ".sitrep-owner.json"
"""The marker file inside every folder syria-sitrep creates to work in."""
TOOL = "syria-sitrep"
HEARTBEAT_S = 20.0
"""How often a live owner refreshes its markers."""
LEASE_S = 600.0
"""How long a marker may go unrefreshed before its folder counts as abandoned, when the owner
is on another host or in another pid namespace (its pid cannot be checked from here)."""
_MARKER_MAX = 1 << 16


@dataclass(frozen=True)
class Process:
    """One process, as another process on any host can later recognise it."""

    host: str
    boot_id: str
    pid_ns: int
    pid: int
    start: int
    """Start time in clock ticks after boot (Linux ``/proc/PID/stat``, field 22); 0 elsewhere."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Process | None:
        try:
            return cls(
                host=str(data["host"]),
                boot_id=str(data["boot_id"]),
                pid_ns=int(data["pid_ns"]),
                pid=int(data["pid"]),
                start=int(data["start"]),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}"


def _read(path: str) -> str:
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            return handle.read().strip()
    except OSError:
        return ""


@functools.cache
def _boot_id() -> str:
    return _read("/proc/sys/kernel/random/boot_id")


def _pid_ns() -> int:
    try:
        return os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return 0


def start_time(pid: int) -> int | None:
    """The start time of process ``pid`` in clock ticks after boot; None when there is no such
    process, or only its zombie (it has ended; its parent has not collected its status). Where
    /proc is missing (not Linux), 0 for a live process."""
    stat = _read(f"/proc/{pid}/stat")
    if stat:
        try:
            fields = stat.rsplit(")", 1)[1].split()
            return None if fields[0] in ("Z", "X", "x") else int(fields[19])
        except (IndexError, ValueError):
            return None
    if sys.platform.startswith("linux"):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return 0
    return 0


_me: tuple[int, Process] | None = None


def me() -> Process:
    """This process (computed once per process; a forked child computes its own)."""
    global _me
    pid = os.getpid()
    if _me is None or _me[0] != pid:
        _me = (
            pid,
            Process(
                host=socket.gethostname(),
                boot_id=_boot_id(),
                pid_ns=_pid_ns(),
                pid=pid,
                start=start_time(pid) or 0,
            ),
        )
    return _me[1]


def checkable(process: Process) -> bool:
    """Whether ``process``'s pid can be checked from here: same kernel (boot id) and pid
    namespace on Linux; elsewhere, the same host."""
    here = me()
    if here.boot_id:
        return process.boot_id == here.boot_id and process.pid_ns == here.pid_ns
    return process.host == here.host and not process.boot_id


def running(process: Process) -> bool:
    """Whether ``process`` still runs; only meaningful when :func:`checkable`."""
    started = start_time(process.pid)
    return started is not None and (started == process.start or not process.start)


def provably_gone(process: Process) -> bool:
    """True only when ``process`` is known to have ended (see the module docstring)."""
    return checkable(process) and not running(process)


# ------------------------------------------------------------------------------------ markers


@dataclass(frozen=True)
class Marker:
    """The content of a :data:`MARKER` file."""

    kind: str
    """``staging`` (a report's files before they are moved into place) or ``scratch``."""
    owner: Process
    """The process that will finish or remove the folder (and, for staging, holds the report's
    lock)."""
    writer: Process
    """The process that writes into it (a batch worker, possibly on another host)."""
    stem: str = ""
    """For staging: the report's file name without its extension."""
    path: Path | None = None


def write_marker(folder: Path, kind: str, *, owner: Process | None = None, stem: str = "") -> Path:
    """Mark ``folder`` as made by this product (written whole, before anything else goes in)."""
    owner = owner or me()
    data = {
        "tool": TOOL,
        "kind": kind,
        "stem": stem,
        "owner": owner.as_dict(),
        "writer": me().as_dict(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    target = Path(folder) / MARKER
    tmp = target.with_name(MARKER + ".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, target)
    return target


def read_marker(folder: str | Path, kind: str | None = None) -> Marker | None:
    """The marker of ``folder``, or None when the folder is not one of ours (no marker, not a
    regular file, not our JSON, another kind)."""
    path = Path(folder) / MARKER
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not os.path.isfile(path):  # a FIFO or device named like a marker
                return None
            raw = handle.read(_MARKER_MAX + 1)
    except OSError:
        return None
    if len(raw) > _MARKER_MAX:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("tool") != TOOL:
        return None
    owner = Process.from_dict(data.get("owner"))
    writer = Process.from_dict(data.get("writer")) or owner
    if owner is None or writer is None or not isinstance(data.get("kind"), str):
        return None
    if kind is not None and data["kind"] != kind:
        return None
    stem = data.get("stem") if isinstance(data.get("stem"), str) else ""
    return Marker(data["kind"], owner, writer, stem, path)


def abandoned(marker: Marker, now: float | None) -> bool:
    """Whether the owner and the writer of ``marker``'s folder are both provably gone, or, where
    they cannot be checked from here, have not refreshed the marker for :data:`LEASE_S`
    seconds by the storage's clock ``now`` (the modification time of a file touched just now
    beside it; None: unknown, so not abandoned)."""
    stale = None

    def gone(process: Process) -> bool:
        nonlocal stale
        if checkable(process):
            return not running(process)
        if stale is None:
            try:
                stale = now is not None and now - marker.path.stat().st_mtime > LEASE_S
            except OSError:
                stale = False
        return stale

    return gone(marker.owner) and gone(marker.writer)


# ---------------------------------------------------------------------------------- heartbeat


class _Heartbeat:
    """Refreshes the modification time of this process's live markers every
    :data:`HEARTBEAT_S` seconds, in one daemon thread started with the first marker."""

    def __init__(self) -> None:
        self.paths: set[Path] = set()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.pid = 0

    def add(self, path: Path) -> None:
        with self.lock:
            if self.pid != os.getpid():  # a forked child starts afresh
                self.paths, self.thread, self.pid = set(), None, os.getpid()
            self.paths.add(Path(path))
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="sitrep-heartbeat")
                self.thread.daemon = True
                self.thread.start()
        with contextlib.suppress(OSError):
            os.utime(path)

    def discard(self, path: Path) -> None:
        with self.lock:
            self.paths.discard(Path(path))

    def _run(self) -> None:
        while True:
            time.sleep(HEARTBEAT_S)
            with self.lock:
                paths = list(self.paths)
            for path in paths:
                with contextlib.suppress(OSError):
                    os.utime(path)


heartbeat = _Heartbeat()


__all__ = [
    "HEARTBEAT_S",
    "LEASE_S",
    "MARKER",
    "Marker",
    "Process",
    "abandoned",
    "checkable",
    "heartbeat",
    "me",
    "provably_gone",
    "read_marker",
    "running",
    "write_marker",
]
