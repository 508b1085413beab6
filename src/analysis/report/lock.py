"""The folder lock: one batch at a time per output folder."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from pathlib import Path

from analysis.errors import ParameterError

LOCK = ".sitrep-batch.lock"


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
