"""Benchmark: what `sitrep check` costs beside the render it checks.

Measured here, on the default situation report (bundled data, the country, HTML and PDF): the
time of `sitrep render` (one run, a fresh cache folder), then the time of
:func:`analysis.report.check.check` on its HTML and PDF, in this process, after one warm-up call
(the rules file and pypdf loaded), as the median of ``--repeat`` calls. The ratio of the two is
the result: a check should cost a small part of the render it checks (target: at most 0.25x,
since a batch checks every report it makes). Both are measured in one run on one machine, so
the ratio holds when the machine is noisy.

Results are appended to benchmarks/RESULTS.md with the machine. Run with `make bench-check`.
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

from analysis.report.check import check

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
TARGET_RATIO = 0.25


def render(out: Path) -> tuple[float, Path, Path]:
    """Seconds to render the default situation report into ``out``, and its HTML and PDF."""
    env = {**os.environ, "SITREP_CACHE_DIR": str(out / "cache")}
    command = [str(BIN / "sitrep"), "render", "notebooks/situation_report.ipynb", "--out", out]
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    (html,) = out.glob("*.html")
    (pdf,) = out.glob("*.pdf")
    return seconds, html, pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="checks timed (median)")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    given = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        rendered, html, pdf = render(Path(scratch))
        check([html, pdf])  # warm-up: the rules file and pypdf loaded once
        timed = []
        for _ in range(given.repeat):
            start = time.perf_counter()
            check([html, pdf])
            timed.append(time.perf_counter() - start)
    checked = statistics.median(timed)
    ratio = checked / rendered
    verdict = "holds" if ratio <= TARGET_RATIO else "misses"
    lines = [
        f"### {dt.date.today():%Y-%m-%d}: check benchmark, situation_report; {describe()}",
        "",
        "| case | seconds |",
        "|---|---|",
        f"| `sitrep render` of the default situation report (HTML+PDF) | {rendered:.2f} |",
        f"| `check` of its HTML and PDF, median of {given.repeat} "
        f"({min(timed):.3f}–{max(timed):.3f}) | {checked:.3f} |",
        "",
        f"Check/render: {ratio:.3f}x (target at most {TARGET_RATIO}x: {verdict}).",
        "",
    ]
    record(lines, here=HERE, no_record=given.no_record)


if __name__ == "__main__":
    main()
