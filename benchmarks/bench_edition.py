"""Benchmark: what the Arabic edition of a report costs beside the English one.

Measured here: `sitrep render` of the default situation report (bundled data, the country, HTML
and PDF) in English and in Arabic, alternated ``--repeat`` times in one run on one machine (a
fresh cache folder each), the median of each and their ratio. Target: the Arabic edition within
1.2x of the English one (issue 18).

Results are appended to benchmarks/RESULTS.md with the machine. Run with `make bench-edition`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe, record

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
TARGET_RATIO = 1.2
EDITIONS = {"English": (), "Arabic": ("-p", "language", "ar")}


def render(edition: tuple[str, ...], out: Path) -> float:
    """Seconds to render the default situation report in ``edition`` into ``out``."""
    env = {**os.environ, "SITREP_CACHE_DIR": str(out / "cache")}
    command = [str(BIN / "sitrep"), "render", "notebooks/situation_report.ipynb", *edition]
    start = time.perf_counter()
    subprocess.run([*command, "--out", out], cwd=REPO, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=4, help="renders of each edition")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    given = parser.parse_args()
    timed: dict[str, list[float]] = {name: [] for name in EDITIONS}
    with tempfile.TemporaryDirectory() as scratch:
        for turn in range(given.repeat):
            for name, edition in EDITIONS.items():
                timed[name].append(render(edition, Path(scratch) / f"{name}-{turn}"))
    medians = {name: statistics.median(times) for name, times in timed.items()}
    ratio = medians["Arabic"] / medians["English"]
    verdict = "holds" if ratio <= TARGET_RATIO else "misses"
    lines = [
        f"### {dt.date.today():%Y-%m-%d}: edition benchmark, situation_report; {describe()}",
        "",
        "| edition | median of renders (HTML+PDF) | range |",
        "|---|---|---|",
        *(
            f"| {name} | {medians[name]:.2f} s | {min(t):.2f}–{max(t):.2f} s |"
            for name, t in timed.items()
        ),
        "",
        f"Arabic/English: {ratio:.2f}x (target at most {TARGET_RATIO}x: {verdict}); "
        f"{given.repeat} renders of each, alternated.",
        "",
    ]
    record(lines, here=HERE, no_record=given.no_record)


if __name__ == "__main__":
    main()
