"""The machine a benchmark ran on, as written beside its results."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def describe() -> str:
    """CPU model, cores, memory and Python version, e.g. "Intel Xeon, 2 cores, 24 GiB RAM,
    Python 3.11.7"."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, Python {platform.python_version()}"


def record(lines: list[str], *, here: Path, no_record: bool) -> None:
    """Print a benchmark's result lines and, unless ``no_record``, append them to
    ``here``/RESULTS.md."""
    print("\n".join(lines))
    if not no_record:
        with (here / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write("\n" + "\n".join(lines))
