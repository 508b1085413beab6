"""Process lifetimes: stop on SIGTERM and SIGHUP as on Ctrl-C, and leave nothing behind.

- :func:`stop_on_signals` turns SIGTERM and SIGHUP (what systemd, docker, Slurm and
  ``timeout`` send) into :class:`Stopped`, a ``KeyboardInterrupt``, in the main thread, so a
  batch or a render cleans up exactly as it does on Ctrl-C.
- Children die with their parent when it is killed outright (SIGKILL): every kernel, worker and
  Chromium asks Linux for a parent-death signal (``prctl(PR_SET_PDEATHSIG)``), and a batch
  worker also watches its parent's pid, as a fallback.
- What a killed process leaves behind is cleaned up elsewhere: its scratch folder in the
  temporary folder by that folder's janitor (:mod:`analysis.report.scratch`), its staging
  folders by the next writer of the same output folder (:mod:`analysis.report.staging`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator

_PR_SET_PDEATHSIG = 1


class Stopped(KeyboardInterrupt):
    """The process was asked to stop by ``signum`` (SIGINT, SIGTERM or SIGHUP)."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within this block, SIGTERM and SIGHUP raise :class:`Stopped` in the main thread (once:
    a second signal during the clean-up is ignored, so the clean-up finishes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = False

    def handler(signum, frame):
        nonlocal raised
        if not raised:
            raised = True
            raise Stopped(signum)

    previous = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):
            previous[signum] = signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signum, old)


def stops_on_signals(function: Callable) -> Callable:
    """``function`` run within :func:`stop_on_signals`."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with stop_on_signals():
            return function(*args, **kwargs)

    return wrapper


@functools.cache
def _prctl() -> Callable | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int, signum: int = signal.SIGKILL) -> None:
    """In this process: receive ``signum`` when the parent (pid ``parent``) dies, and exit now
    if it has died already. Linux only; elsewhere it does nothing."""
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def child_preexec(signum: int = signal.SIGKILL) -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess.Popen``: the child dies with this process (``signum``).

    The C function is looked up here, before the fork, so the child only calls it. Note that
    Linux sends the signal when the *thread* that started the child ends: start long-lived
    children from a thread that lives as long as they do."""
    if _prctl() is None:
        return None
    return functools.partial(die_with_parent, os.getpid(), signum)


def watch_parent(interval: float = 1.0) -> None:
    """Exit this process within ``interval`` seconds of its parent's death (a fallback for
    systems without a parent-death signal, or for a parent-death signal lost to a thread)."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="sitrep-parent-watch", daemon=True).start()
