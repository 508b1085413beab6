"""Benchmark: a year of weekly reports for every governorate from a 1,000,000-row event file.

Measured here, with `sitrep batch` (HTML and PDF, default workers, a fresh cache folder each):
    ratio   the 112-run batch (14 governorates x 8 weeks) on the 1,000,000-row ACLED-like file
            and on a 10,000-row random sample of it; target: at most 1.3x (each worker reads
            the big file once, then serves it from memory: analysis.data.cache)
    year    the 728-run batch (14 governorates x 52 weeks) on the big file: total time, time per
            report, and the peak memory of the whole process tree (sitrep, its workers and
            their kernels, Chromium) up to run 50 and from run 50 to run 700; target: flat
Memory is sampled every 0.5 s as the sum of the proportional set size (PSS: shared pages split
between the processes sharing them; RSS where PSS cannot be read) of every process in the tree;
the run count of each sample is the number of PDFs already in the output folder. Each batch's
CPU time (its whole process tree) is given beside its wall time: the machine may be shared.

The files are generated once into benchmarks/_work/ (git-ignored), by the generator of
bench_read_events.py, over three years (2012-2014), so that the sample still has a few events
per governorate and week (about 4.5): both batches then draw the same charts and tables, and
the ratio measures the cost of the file's size, not of "no data" pages against full ones.
Results are appended to benchmarks/RESULTS.md with the machine. Run with `make bench-trends`;
`--skip-728` or `--runs 100` for a quick try.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import psutil
from bench_read_events import generate
from machine import describe

from analysis.gazetteer import governorates

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "_work"
BIN = Path(sys.executable).parent
BIG_ROWS = 1_000_000
SAMPLE_ROWS = 10_000
SPAN_DAYS = 1096  # 2012-01-01 to 2014-12-31
YEAR_START = dt.date(2013, 1, 7)  # a Monday: 52 weeks of 2013, a year of data on either side
GOVERNORATES = [g.name for g in governorates()]  # the 14, in the gazetteer's order
TARGET_RATIO = 1.3


def default_notebook() -> Path:
    trends = REPO / "notebooks" / "trends.ipynb"
    return trends if trends.exists() else REPO / "notebooks" / "casualties.ipynb"


def event_files() -> tuple[Path, Path]:
    """The 1,000,000-row file and its 10,000-row random sample, made once."""
    big = WORK / f"acled_{BIG_ROWS}_{SPAN_DAYS}d.csv"
    if not big.exists():
        print(f"generating {big} ...", flush=True)
        generate("acled", BIG_ROWS, big, span_days=SPAN_DAYS)
    small = WORK / f"{big.stem}_sample_{SAMPLE_ROWS}.csv"
    if not small.exists() or small.stat().st_mtime < big.stat().st_mtime:
        print(f"sampling {small} ...", flush=True)
        sample(big, small, SAMPLE_ROWS)
    return big, small


def sample(source: Path, target: Path, rows: int, seed: int = 11) -> None:
    """``rows`` lines of ``source`` drawn at random (without replacement), in file order, under
    its header. The generated file has one event per line (no quoted line breaks)."""
    with source.open("rb") as handle:
        total = sum(1 for _ in handle) - 1
    keep = np.zeros(total, dtype=bool)
    keep[np.random.default_rng(seed).choice(total, size=rows, replace=False)] = True
    tmp = target.with_suffix(".tmp")
    with source.open("rb") as handle, tmp.open("wb") as out:
        out.write(handle.readline())
        for number, line in enumerate(handle):
            if keep[number]:
                out.write(line)
    os.replace(tmp, target)


def write_batch(folder: Path, notebook: Path, events: Path, weeks: int) -> Path:
    """A batch file: every governorate times ``weeks`` weeks from :data:`YEAR_START`."""
    end = YEAR_START + dt.timedelta(weeks=weeks, days=-1)
    listed = ", ".join('"' + g.replace('"', '\\"') + '"' for g in GOVERNORATES)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "batch.yaml"
    path.write_text(
        f'notebook: "{notebook}"\n'
        "formats: [html, pdf]\n"
        f'parameters:\n  casualties_path: "{events}"\n'
        f"matrix:\n  governorate: [{listed}]\n"
        f"periods:\n  start: {YEAR_START}\n  end: {end}\n  split: week\n",
        encoding="utf-8",
    )
    return path


ROLES = ("main", "workers", "kernels", "chromium")


def role(process: psutil.Process, root: psutil.Process) -> str:
    """Which part of the batch ``process`` is: its main process, a worker, a kernel, Chromium."""
    if process.pid == root.pid:
        return "main"
    command = " ".join(process.cmdline())
    if "ipykernel" in command:
        return "kernels"
    if "chrom" in process.name().lower() or "chrom" in command.lower():
        return "chromium"
    return "workers"


@dataclass
class Sample:
    seconds: float
    runs_done: int
    mib: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.mib.values())


@dataclass
class Watch:
    """Samples the memory of a process tree and the PDFs in ``out`` every ``every`` seconds."""

    root: psutil.Process
    out: Path
    every: float = 0.5
    samples: list[Sample] = field(default_factory=list)
    pss: bool = True

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._start = time.perf_counter()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _tree_mib(self) -> dict[str, float]:
        totals = dict.fromkeys(ROLES, 0.0)
        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return {}
        for process in processes:
            try:
                memory = process.memory_full_info() if self.pss else process.memory_info()
                used = memory.pss if self.pss else memory.rss
                totals[role(process, self.root)] += used / 2**20
            except psutil.AccessDenied:
                self.pss = False
            except psutil.Error:
                continue  # a process that ended between the listing and the reading
        return totals

    def _done(self) -> int:
        try:
            return sum(1 for e in os.scandir(self.out) if e.name.endswith(".pdf"))
        except OSError:
            return 0

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            mib = self._tree_mib()
            if any(mib.values()):
                self.samples.append(Sample(time.perf_counter() - self._start, self._done(), mib))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def peak(self, low: int, high: int) -> float:
        """Peak MiB over the samples taken while ``low`` <= runs done < ``high``."""
        chosen = [s.total for s in self.samples if low <= s.runs_done < high]
        return max(chosen) if chosen else float("nan")


def cpu_seconds() -> float:
    """User and system CPU time of this process's finished descendants (all the batch's
    processes, reaped by their parents): unlike wall time, barely moved by other work running
    on the machine."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_batch(
    batch: Path, out: Path, cache: Path, watch: bool = False
) -> tuple[float, float, Watch]:
    """Wall and CPU seconds `sitrep batch` took (fresh cache folder), and its memory samples."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    out.mkdir(parents=True)
    env = {**os.environ, "SITREP_CACHE_DIR": str(cache)}
    command = [BIN / "sitrep", "batch", batch, "--out", out, "--quiet", "--force"]
    start, cpu = time.perf_counter(), cpu_seconds()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    watcher = Watch(psutil.Process(process.pid), out, every=0.5 if watch else 2.0)
    _, stderr = process.communicate()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    watcher.stop()
    if process.returncode != 0:
        raise SystemExit(f"{batch}: sitrep batch failed ({process.returncode}):\n{stderr[-3000:]}")
    pdfs = sum(1 for _ in out.glob("*.pdf"))
    print(f"  {batch.parent.name}: {seconds:.1f} s, {cpu:.1f} s CPU, {pdfs} PDFs", flush=True)
    return seconds, cpu, watcher


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebook", type=Path, default=default_notebook())
    parser.add_argument("--weeks", type=int, default=8, help="weeks of the ratio batches")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each ratio batch")
    parser.add_argument("--runs", type=int, default=728, help="runs of the year batch")
    parser.add_argument("--skip-728", action="store_true", help="only the ratio batches")
    parser.add_argument("--skip-ratio", action="store_true", help="only the year batch")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    args = parser.parse_args()
    notebook = args.notebook.resolve()
    big, small = event_files()
    work = WORK / "trends"
    lines = []
    if not args.skip_ratio:
        runs = len(GOVERNORATES) * args.weeks
        print(f"{runs}-run batch, {notebook.name}, on {small.name} then {big.name}", flush=True)
        timed: dict[str, list[float]] = {"sample": [], "big": []}
        cpu: dict[str, list[float]] = {"sample": [], "big": []}
        for _ in range(max(1, args.repeat)):  # alternated, so both see the same machine state
            for label, events in (("sample", small), ("big", big)):
                batch = write_batch(work / f"ratio_{label}", notebook, events, args.weeks)
                wall, used, _ = run_batch(batch, work / f"ratio_{label}" / "out", work / "cache")
                timed[label].append(wall)
                cpu[label].append(used)
        sample_s, big_s = statistics.median(timed["sample"]), statistics.median(timed["big"])
        sample_cpu, big_cpu = statistics.median(cpu["sample"]), statistics.median(cpu["big"])
        ratio = big_s / sample_s
        verdict = "meets" if ratio <= TARGET_RATIO else "misses"
        each = "" if args.repeat < 2 else f", medians of {args.repeat} alternated"
        lines.append(
            f"| {runs} runs on {SAMPLE_ROWS:,} rows vs {BIG_ROWS:,} rows{each} | "
            f"{sample_s:.1f} s vs {big_s:.1f} s (CPU {sample_cpu:.0f} s vs {big_cpu:.0f} s) | "
            f"ratio {ratio:.2f} ({verdict} the {TARGET_RATIO}x target; CPU "
            f"{big_cpu / sample_cpu:.2f}) |"
        )
    if not args.skip_728:
        weeks = -(-args.runs // len(GOVERNORATES))
        runs = len(GOVERNORATES) * weeks
        print(f"{runs}-run batch, {notebook.name}, on {big.name}", flush=True)
        batch = write_batch(work / "year", notebook, big, weeks)
        seconds, _, watcher = run_batch(batch, work / "year" / "out", work / "cache", watch=True)
        first, later = watcher.peak(0, 50), watcher.peak(50, 700)
        lines.append(
            f"| {runs} runs on {BIG_ROWS:,} rows | {seconds:.0f} s total, "
            f"{seconds / runs:.2f} s per report | peak memory {first:,.0f} MiB up to run 50, "
            f"{later:,.0f} MiB from run 50 to 700 |"
        )
        trace = work / "year" / "memory.csv"
        trace.write_text(
            "seconds,runs_done,tree_mib,"
            + ",".join(f"{r}_mib" for r in ROLES)
            + "\n"
            + "".join(
                f"{s.seconds:.1f},{s.runs_done},{s.total:.0f},"
                + ",".join(f"{s.mib[r]:.0f}" for r in ROLES)
                + "\n"
                for s in watcher.samples
            ),
            encoding="utf-8",
        )
        print(f"  memory trace: {trace}", flush=True)
    print("\n".join(lines))
    if lines and not args.no_record:
        with (HERE / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write(
                f"\n### {dt.date.today().isoformat()}: year-of-weeks benchmark, {notebook.name} "
                f"(HTML+PDF, default workers); {describe()}\n\n| case | time | result |\n"
                "|---|---|---|\n" + "\n".join(lines) + "\n"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
