"""Benchmark: the batch's bookkeeping per finished run, as a batch grows to 728 runs.

Measured on manifest entries shaped like a trends batch's (14 governorates x 52 weeks, HTML and
PDF outputs, three key figures, a change level and an alert), in a temporary folder:
  record    ``Manifest.record``: what a finished run costs now (one journal line; the full
            files follow from a timer thread at most every two seconds); the first record
            after a full write creates the journal file again, the largest time
  full      ``Manifest.write``: manifest.json, index.html and overview.csv rewritten whole, which
            is what every finished run cost before the journal (and what the timer does)
Prints the median and the largest time of each, at several batch sizes. Writes nothing else.
Run with ``.venv/bin/python benchmarks/bench_manifest.py``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from machine import describe

from analysis.report.batch import Plan, Run
from analysis.report.manifest import Manifest
from analysis.report.records import Output, RunRecord, RunStatus

GOVERNORATES = (
    "Aleppo", "Idleb", "Hama", "Homs", "Dara", "Damascus", "Rural Damascus", "Lattakia",
    "Tartous", "Quneitra", "As Sweida", "Deir ez Zor", "Ar Raqqa", "Al Hasakeh",
)  # fmt: skip


def plan_of(weeks: int) -> Plan:
    runs = tuple(
        Run(
            f"governorate-{g.lower().replace(' ', '-')}__week-{w:02d}",
            {"governorate": g, "start_date": f"2023-W{w:02d}", "casualties_path": "/d/e.csv"},
            {},
        )
        for w in range(weeks)
        for g in GOVERNORATES
    )
    return Plan(Path("/b/trends.yaml"), Path("/b/trends.ipynb"), ("html", "pdf"), 600, runs)


def entry(run: Run, out: Path, n: int) -> RunRecord:
    figure = {"unit": "deaths", "low": None, "high": None, "qualifier": None}
    return RunRecord(
        run.id,
        run.given,
        RunStatus.OK,
        fingerprint="f" * 64,
        inputs_sha256={"casualties_path": "a" * 64},
        started="2026-01-01T00:00:00+00:00",
        duration_s=3.2,
        outputs={
            kind: Output(str(out / f"{run.id}.{kind}"), 123456, "b" * 64)
            for kind in ("html", "pdf")
        },
        figures={
            key: {**figure, "label": key.replace("_", " "), "value": n, "text": f"{n:,}"}
            for key in ("events", "deaths", "civilian_deaths")
        }
        | {"extra": {"change_level": "large increase", "alert": "level 1"}},
    )


def measure(weeks: int, repeat: int) -> tuple[list[float], list[float]]:
    plan = plan_of(weeks)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        book = Manifest(plan, out, "c" * 64, interval=3600)  # the timer never fires here
        for i, run in enumerate(plan.runs):
            book.entries[run.id] = entry(run, out, i)
        book.write()
        record, full = [], []
        for run in plan.runs[-repeat:]:  # as in a batch: runs between two full writes
            clock = time.perf_counter()
            book.record(run, entry(run, out, 1))
            record.append(time.perf_counter() - clock)
        for _ in range(repeat):
            clock = time.perf_counter()
            book.write()
            full.append(time.perf_counter() - clock)
    return record, full


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=14, help="runs timed at each size")
    args = parser.parse_args()
    print(describe())
    print(f"{'runs':>5}  {'record median':>14}  {'record max':>11}  {'full median':>12}  full max")
    for weeks in (4, 13, 26, 52):
        record, full = measure(weeks, args.repeat)
        print(
            f"{weeks * len(GOVERNORATES):>5}  {statistics.median(record) * 1000:>11.3f} ms"
            f"  {max(record) * 1000:>8.3f} ms  {statistics.median(full) * 1000:>9.1f} ms"
            f"  {max(full) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
