"""Batch files: many parameter sets for one notebook, validated before anything runs.

A batch file (YAML) names the notebook, the output formats, shared ``parameters`` and its runs::

    notebook: situation_report        # a bundled notebook name, or a path from this file
    formats: [html, pdf]               # any of ipynb, html, pdf (default: all three)
    timeout: 600                       # seconds a cell may run before the run fails
    isolate: false                     # true: a fresh kernel per run (default: warm, reset)
    parameters:                        # shared by every run
      casualties_path: bundled
    matrix:                            # every combination of these values ...
      governorate: [Aleppo, Hama]
    periods:                           # ... times each period of this range
      start: 2024-11-27
      end: 2024-12-31
      split: week                      # week (Monday to Sunday), month, or none
    runs:                              # and/or explicit parameter sets
      - {governorate: all, start_date: 2024-11-27, end_date: 2024-12-08}

Every run is checked against the notebook's own parameters (names, types, dates, governorates,
files); all problems are reported at once, each with the run it belongs to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from analysis.errors import ParameterError
from analysis.paths import notebooks_dir
from analysis.report import params, prechecks
from analysis.report.render import FORMATS


class Periods(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: dt.date
    end: dt.date
    split: Literal["week", "month", "none"] = "none"


class BatchFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    notebook: str
    formats: list[Literal["ipynb", "html", "pdf"]] = Field(default_factory=lambda: list(FORMATS))
    timeout: int = Field(600, gt=0)
    isolate: bool = False  # a fresh kernel for every run (see analysis.report.kernels)
    parameters: dict[str, Any] = Field(default_factory=dict)
    matrix: dict[str, list[Any]] = Field(default_factory=dict)
    periods: Periods | None = None
    runs: list[dict[str, Any]] = Field(default_factory=list)

    @field_validator("matrix")
    @classmethod
    def _non_empty(cls, matrix: dict[str, list[Any]]) -> dict[str, list[Any]]:
        for name, values in matrix.items():
            if not values:
                raise ValueError(f"matrix entry {name!r} lists no values")
        return matrix


@dataclass(frozen=True)
class Run:
    """One parameter set: a stable id derived from its parameters, and the checked values."""

    id: str
    given: dict[str, Any]
    values: dict[str, Any]


@dataclass(frozen=True)
class Plan:
    source: Path
    notebook: Path
    formats: tuple[str, ...]
    timeout: int
    runs: tuple[Run, ...]
    isolate: bool = False

    @property
    def name(self) -> str:
        return self.source.stem


def split_period(periods: Periods) -> list[tuple[dt.date, dt.date]]:
    """The range cut into calendar weeks (Monday-Sunday) or months, clipped to the range."""
    if periods.end < periods.start:
        raise ParameterError(
            f"periods: end {periods.end} is before start {periods.start}; swap them."
        )
    if periods.split == "none":
        return [(periods.start, periods.end)]
    pieces = []
    first = periods.start
    while first <= periods.end:
        if periods.split == "week":
            last = first + dt.timedelta(days=6 - first.weekday())
        else:
            next_month = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            last = next_month - dt.timedelta(days=1)
        last = min(last, periods.end)
        pieces.append((first, last))
        first = last + dt.timedelta(days=1)
    return pieces


def slug(value: Any) -> str:
    text = Path(str(value)).name if "/" in str(value) else str(value)
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
    if len(text) > 60:  # keep file names within the file system's limit, still distinct
        text = text[:50] + "-" + hashlib.sha1(text.encode()).hexdigest()[:8]
    return text


def run_id(given: dict[str, Any]) -> str:
    """Stable, readable, sorted: ``end_date-2024-12-08__governorate-hama__start_date-...``."""
    return "__".join(f"{name}-{slug(given[name])}" for name in sorted(given)) or "defaults"


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        return False


def _notebook(name: str, base: Path) -> Path:
    for candidate in (
        base / name,
        Path(name),
        notebooks_dir() / name,
        notebooks_dir() / f"{name}.ipynb",
    ):
        if _is_file(candidate):
            return candidate.resolve()
    bundled = ", ".join(sorted(p.stem for p in notebooks_dir().glob("*.ipynb")))
    raise ParameterError(
        f"notebook {prechecks.short(name)!r} not found (looked beside the batch file and among "
        f"the bundled notebooks: {bundled})."
    )


def _numbered(seen: dict[str, int]) -> list[tuple[int, str]]:
    return [(number, ident) for ident, number in seen.items()]


def _data_problems(notebook: Path, runs: list[Run], numbers: dict[str, int]) -> list[str]:
    """Every data file the runs name, read and validated once however many runs share it
    (through the content cache, so the workers' kernels read it from there); a bad file is one
    problem naming the runs it spoils."""
    check = prechecks.DataCheck()
    spoiled: dict[str, list[Run]] = {}
    for run in runs:
        try:
            params.check_data(notebook, run.values, check)
        except ParameterError as exc:
            spoiled.setdefault(str(exc), []).append(run)
    found = []
    for message, where in spoiled.items():
        first = where[0]
        others = f" and {len(where) - 1} other run(s)" if len(where) > 1 else ""
        found.append(f"run {numbers[first.id]} ({first.id}){others}: {message}")
    return found


def load(path: str | Path) -> Plan:
    """Read and validate a batch file; every problem is reported at once."""
    source = Path(path).resolve()
    shown = prechecks.short_path(path)
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ParameterError(
            f"{shown}: cannot read the batch file ({exc.strerror or exc})."
        ) from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"{shown}: not valid YAML ({prechecks.one_line(str(exc))}).") from None
    try:
        spec = BatchFile.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in exc.errors()
        )
        raise ParameterError(f"{shown}: {problems}.") from None
    notebook = _notebook(spec.notebook, source.parent)
    params.notebook_parameters(notebook)  # a notebook that is not one: one line, not one a run
    given_sets: list[dict[str, Any]] = []
    periods = split_period(spec.periods) if spec.periods else [None]
    if spec.matrix or spec.periods:
        names = list(spec.matrix)
        for combo in itertools.product(*(spec.matrix[n] for n in names)):
            for period in periods:
                given = {**spec.parameters, **dict(zip(names, combo, strict=True))}
                if period:
                    given["start_date"], given["end_date"] = (d.isoformat() for d in period)
                given_sets.append(given)
    given_sets += [{**spec.parameters, **run} for run in spec.runs]
    if not given_sets:
        given_sets = [dict(spec.parameters)]
    problems, runs, seen = [], [], {}
    for number, given in enumerate(given_sets, start=1):
        given = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in given.items()}
        ident = run_id(given)
        if ident in seen:
            problems.append(f"run {number} ({ident}) repeats run {seen[ident]}")
            continue
        seen[ident] = number
        try:
            values = params.resolve(notebook, given, base=source.parent)
        except ParameterError as exc:
            problems.append(f"run {number} ({ident}): {exc}")
            continue
        runs.append(Run(ident, given, values))
    problems += _data_problems(notebook, runs, {ident: n for n, ident in _numbered(seen)})
    if problems:
        listed = problems[:50]
        more = f" ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise ParameterError(
            f"{shown}: {len(problems)} problem(s), nothing was run:\n  - "
            + "\n  - ".join(listed)
            + more
        )
    return Plan(source, notebook, tuple(spec.formats), spec.timeout, tuple(runs), spec.isolate)
