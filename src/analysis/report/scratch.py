"""One private scratch folder per process in the temporary folder, gone even after ``kill -9``.

Everything short-lived that a render or a batch puts in the temporary folder lives in one
folder, ``$TMPDIR/sitrep-XXXXXXXX/`` (mode 0700): the kernels' connection files (which hold
their keys) and IPC sockets, Chromium's profiles, and whatever the kernels and Chromium write
to their own temporary folder (their ``TMPDIR`` points there, so Chromium's
``org.chromium.Chromium.*`` folders land inside it too).

- The folder is marked as ours (:mod:`analysis.report.ownership`), and this process holds a
  lock on the marker for as long as it lives (an open-file-description lock, released by the
  kernel when the process ends however it ends).
- A **janitor** starts with it: a small process of the standard library alone
  (:mod:`analysis.report.janitor`), in a session of its own, that waits on a pipe from this
  process. When the pipe closes (this process exited, or was killed outright), it kills every
  process started with this folder in its environment (``SITREP_SCRATCH``: kernels, Chromium,
  and anything a browser wrapper script started without ``exec``), then removes the folder.
- At normal exit this process removes the folder itself. A folder whose owner and janitor were
  both killed (the whole machine's processes, say) is removed by the next process that makes
  one (:func:`sweep`), once its owner is provably gone.

Batch workers share their main process's folder (:func:`use`), so one janitor serves a batch.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from analysis.filelock import try_lock
from analysis.report import ownership

PREFIX = "sitrep-"
ENV = "SITREP_SCRATCH"
"""The environment variable naming the scratch folder, given to every child process."""
JANITOR = Path(__file__).resolve().with_name("janitor.py")
SOCKET_PATH_MAX = 100
"""Longest IPC socket path used (Unix allows 107 bytes); longer ones go to the abstract
namespace, which leaves no file at all."""

_lock = threading.Lock()
_state: dict[str, object] = {}


def folder() -> Path:
    """This process's scratch folder, made (with its janitor) on first use."""
    with _lock:
        if _state.get("pid") == os.getpid() and Path(str(_state["folder"])).is_dir():
            return Path(str(_state["folder"]))
        return _make()


def use(path: str | Path) -> None:
    """Make ``path`` (the scratch folder of this process's parent, a batch's main process)
    this process's scratch folder, if it is one of ours and this process has none yet;
    otherwise this process makes its own when it first needs one."""
    marker = ownership.read_marker(path, "scratch")
    if marker is None or ownership.provably_gone(marker.owner):
        return
    with _lock:
        if _state.get("pid") == os.getpid():
            return
        _state.clear()
        _state.update(pid=os.getpid(), folder=str(path), owned=False)


def child_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a child process (a kernel, Chromium): ``base`` (default: this
    process's), with the scratch folder as its temporary folder and named in ``SITREP_SCRATCH``
    (so the janitor can find it)."""
    path = str(folder())
    return {**(os.environ if base is None else base), ENV: path, "TMPDIR": path}


def socket_prefix(name: str) -> str:
    """An IPC socket path prefix in the scratch folder (abstract when the path would be too
    long for a Unix socket)."""
    path = os.path.join(folder(), name)
    if len(path.encode()) + 4 > SOCKET_PATH_MAX and sys.platform.startswith("linux"):
        return f"@{PREFIX}{name}"
    return path


def _lock_file(fd: int) -> bool:
    try:
        return try_lock(fd)
    except OSError:
        return False


def _make() -> Path:
    sweep()
    path = Path(tempfile.mkdtemp(prefix=PREFIX))
    # The marker is written and locked under another name, then renamed into place: it never
    # appears unlocked, so no sweep can take a live folder for an abandoned one.
    draft = path / (ownership.MARKER + ".new")
    ownership.write_marker(path, "scratch")
    os.replace(path / ownership.MARKER, draft)
    fd = os.open(draft, os.O_RDWR | os.O_CLOEXEC)
    _lock_file(fd)
    os.replace(draft, path / ownership.MARKER)
    janitor = _start_janitor(path)
    _state.clear()
    _state.update(pid=os.getpid(), folder=str(path), owned=True, fd=fd, janitor=janitor)
    atexit.register(_remove_at_exit, os.getpid())
    return path


def _start_janitor(path: Path) -> subprocess.Popen | None:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    try:
        return subprocess.Popen(
            [sys.executable, "-I", "-S", str(JANITOR), str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped by a Ctrl-C or a signal to our process group
            env=env,
        )
    except OSError:
        return None  # the folder is still removed at exit, or by the next sweep


def _remove_at_exit(pid: int) -> None:
    if _state.get("pid") != pid or not _state.get("owned"):
        return
    shutil.rmtree(str(_state["folder"]), ignore_errors=True)
    janitor = _state.get("janitor")
    if isinstance(janitor, subprocess.Popen) and janitor.stdin is not None:
        with contextlib.suppress(OSError):
            janitor.stdin.close()  # the janitor ends any leftover child and exits
    fd = _state.get("fd")
    if isinstance(fd, int):
        with contextlib.suppress(OSError):
            os.close(fd)
    _state.clear()


def sweep() -> list[Path]:
    """Remove the scratch folders in the temporary folder whose owner is gone: provably (same
    kernel and pid namespace), or because nobody holds the lock on its marker any more (another
    container sharing this temporary folder). Returns the folders removed."""
    removed = []
    try:
        entries = list(os.scandir(tempfile.gettempdir()))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        with contextlib.suppress(OSError):
            if not entry.is_dir(follow_symlinks=False):
                continue
        marker = ownership.read_marker(entry.path, "scratch")
        if marker is None or marker.owner == ownership.me():
            continue
        if ownership.checkable(marker.owner) and ownership.running(marker.owner):
            continue
        try:
            fd = os.open(marker.path, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if not _lock_file(fd):
                continue  # its owner lives (in another pid namespace)
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
        finally:
            os.close(fd)
    return removed


__all__ = ["ENV", "PREFIX", "child_env", "folder", "socket_prefix", "sweep", "use"]
