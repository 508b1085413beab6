"""Benchmark: sitrep against the naive shell loop, on the same notebook and data, in one run.

The naive way, per parameter set, is three commands:
    papermill NOTEBOOK out.ipynb -p governorate G
    jupyter nbconvert --to html --no-input out.ipynb
    chromium --headless --print-to-pdf=out.pdf out.html
Measured here:
    one report     naive chain of three commands  vs  `sitrep render` (HTML and PDF),
                   alternated --repeat times (default 5); the medians are compared
    16 reports     naive loop                    vs  `sitrep batch` (default workers)
    re-run         `sitrep batch` again on the unchanged batch (all runs skipped)
Results are appended to benchmarks/RESULTS.md with the machine. Run with `make bench-batch`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
NOTEBOOK = REPO / "notebooks" / "situation_report.ipynb"
GOVERNORATES = [
    "Damascus",
    "Aleppo",
    "Rural Damascus",
    "Homs",
    "Hama",
    "Lattakia",
    "Idleb",
    "Al-Hasakeh",
    "Deir-ez-Zor",
    "Tartous",
    "Ar-Raqqa",
    "Dar'a",
    "As-Sweida",
    "Quneitra",
    "all",
    "SY05",
]


def browser() -> str:
    sys.path.insert(0, str(REPO / "src"))
    from analysis.report.export import find_browser

    return find_browser()


def naive_one(governorate: str, work: Path, chromium: str) -> None:
    stem = work / f"naive_{governorate.replace(' ', '_').replace(chr(39), '')}"
    run = lambda cmd: subprocess.run(cmd, check=True, capture_output=True, cwd=REPO)  # noqa: E731
    run(
        [
            BIN / "papermill",
            NOTEBOOK,
            f"{stem}.ipynb",
            "-p",
            "governorate",
            governorate,
            "--cwd",
            NOTEBOOK.parent,
        ]
    )
    run([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", f"{stem}.ipynb"])
    with tempfile.TemporaryDirectory() as profile:
        run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={stem}.pdf",
                f"{stem}.html",
            ]
        )


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the one-report case")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    chromium = browser()
    runs = GOVERNORATES[: args.reports]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        render = [
            BIN / "sitrep",
            "render",
            NOTEBOOK,
            "-p",
            "governorate",
            "Hama",
            "--to",
            "html,pdf",
            "--out",
            work / "single",
        ]
        naive_runs, ours_runs = [], []
        for _ in range(max(1, args.repeat)):  # alternated, so both see the same machine state
            naive_runs.append(timed(lambda: naive_one("Hama", work, chromium)))
            ours_runs.append(timed(lambda: subprocess.run(render, check=True, capture_output=True)))
        naive_single, ours_single = statistics.median(naive_runs), statistics.median(ours_runs)
        naive_batch = timed(lambda: [naive_one(g, work, chromium) for g in runs])
        batch_file = work / "bench.yaml"
        listed = ", ".join(f'"{g}"' for g in runs)
        batch_file.write_text(
            f"notebook: {NOTEBOOK}\nformats: [html, pdf]\nmatrix:\n  governorate: [{listed}]\n"
        )
        command = [BIN / "sitrep", "batch", batch_file, "--out", work / "batch", "--quiet"]
        ours_batch = timed(lambda: subprocess.run(command, check=True, capture_output=True))
        rerun = timed(lambda: subprocess.run(command, check=True, capture_output=True))
        shutil.rmtree(work / "batch", ignore_errors=True)
    lines = [
        f"| one report (HTML+PDF), median of {len(ours_runs)} | {naive_single:.2f} s "
        f"({min(naive_runs):.2f}–{max(naive_runs):.2f}) | {ours_single:.2f} s "
        f"({min(ours_runs):.2f}–{max(ours_runs):.2f}) | {naive_single / ours_single:.1f}x |",
        f"| {len(runs)} reports (HTML+PDF) | {naive_batch:.1f} s | {ours_batch:.1f} s | "
        f"{naive_batch / ours_batch:.1f}x |",
        f"| re-run of the unchanged batch | {ours_batch:.1f} s (first run) | {rerun:.2f} s | "
        f"{100 * rerun / ours_batch:.1f}% of the first run |",
    ]
    print("\n".join(lines))
    if not args.no_record:
        with (HERE / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write(
                f"\n### {dt.date.today().isoformat()}: batch benchmark, situation_report; "
                f"{describe()}\n\n| case | naive loop | sitrep | speed-up |\n|---|---|---|---|\n"
                + "\n".join(lines)
                + "\n"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
