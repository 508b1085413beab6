"""Small disks for fault tests: a tmpfs mounted for one test (root only; skipped elsewhere)."""

import contextlib
import shutil
import subprocess
from pathlib import Path

import pytest


@contextlib.contextmanager
def tmpfs(folder: Path, options: str = "size=1m"):
    """A fresh tmpfs mounted at ``folder`` with ``options`` (``size=2m``, ``ro``, ``mode=0755``),
    unmounted when the block ends, whatever happens; the test is skipped where mounting is not
    permitted."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command here")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()})")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=False)
