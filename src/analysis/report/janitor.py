"""The janitor of a scratch folder: ``python -I -S janitor.py FOLDER`` (standard library only).

Started by :mod:`analysis.report.scratch` with a pipe on its standard input, in a session of
its own, ignoring the signals a terminal or a scheduler sends. It waits until the pipe closes:
its owner exited, or was killed outright (``kill -9``, the out-of-memory killer). Then it kills
every process whose environment names FOLDER in ``SITREP_SCRATCH`` (kernels, Chromium, and
whatever a browser wrapper script started without ``exec``), and removes FOLDER, trying again
for a few seconds while those processes die. It never touches anything else.
"""

import contextlib
import os
import shutil
import signal
import sys
import time

ENV = b"SITREP_SCRATCH="
TMP_PREFIX = "sitrep-"


def _children_of(folder: str) -> list[int]:
    """Pids of the processes started with ``SITREP_SCRATCH=folder`` (Linux /proc)."""
    needle = ENV + os.fsencode(folder)
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for name in entries:
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as handle:
                if needle in handle.read().split(b"\0"):
                    found.append(int(name))
        except OSError:
            continue
    return found


def clean(folder: str, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        for pid in _children_of(folder):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.lexists(folder) and not _children_of(folder):
            return
        if time.monotonic() > deadline:
            return
        time.sleep(0.2)


def main() -> int:
    folder = os.path.abspath(sys.argv[1])
    if not os.path.basename(folder).startswith(TMP_PREFIX):
        return 2  # only ever a scratch folder
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE):
        signal.signal(signum, signal.SIG_IGN)
    try:
        while os.read(0, 4096):
            pass
    except OSError:
        pass
    clean(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
