"""Batch files: many parameter sets for one notebook, validated before anything runs.

A batch file (YAML) names the notebook, the output formats, shared ``parameters`` and its runs::

    notebook: situation_report        # a bundled notebook name, or a path from this file
    id: "{governorate}-{start_date}"  # optional: run ids (and file names) from this template
    formats: [html, pdf]               # any of ipynb, html, pdf (default: all three)
    timeout: 600                       # seconds a cell may run before the run fails
    isolate: false                     # true: a fresh kernel per run (default: warm, reset)
    requires: [casualties_path]        # parameters the user gives with -p NAME VALUE
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

Each run has an id, which names its files: without a template, the parameters whose values
differ between runs, sorted (``governorate-hama__start_date-2024-12-02``; a lone run names all
it gives). Governorates are written by their gazetteer name first, so Aleppo, Halab and SY02 are
one run. Two runs with one id (a template that leaves out a parameter that varies) are refused
at plan time, naming both.
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import json
import os
import re
import string
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from analysis import gazetteer
from analysis.errors import ParameterError
from analysis.parameters import is_bundled
from analysis.paths import notebooks_dir
from analysis.report import outdir, params, prechecks
from analysis.report.render import FORMATS, cap, short_hash, slug


class Periods(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: dt.date
    end: dt.date
    split: Literal["week", "month", "none"] = "none"


class BatchFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    notebook: str
    id: str | None = None  # a template of run ids, e.g. "{governorate}-{start_date}"
    formats: list[Literal["ipynb", "html", "pdf"]] = Field(default_factory=lambda: list(FORMATS))
    timeout: int = Field(600, gt=0)
    isolate: bool = False  # a fresh kernel for every run (see analysis.report.kernels)
    requires: list[str] = Field(default_factory=list)  # parameters to give with -p (a data file)
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
    merged: int = 0  # parameter sets that named the same report as another (Aleppo and Halab)

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


def _normal(given: dict[str, Any]) -> dict[str, Any]:
    """Values that name the same thing written one way: dates as ISO text, a governorate by its
    gazetteer name (Aleppo, Halab, حلب and SY02 are all "Aleppo"); unknown names are left for
    the parameter checks to report."""
    normal = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in given.items()}
    governorate = normal.get("governorate")
    if isinstance(governorate, str):
        if governorate.strip().lower() == gazetteer.ALL:
            normal["governorate"] = gazetteer.ALL
        elif (pcode := gazetteer.lookup(governorate)) is not None:
            normal["governorate"] = gazetteer.by_pcode()[pcode].name
    return normal


def _key(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)


def run_ids(given_sets: list[dict[str, Any]]) -> list[str]:
    """Readable ids, distinct for distinct parameter sets: ``governorate-hama__start_date-...``.

    Only parameters whose value differs between runs are named (a lone run names all it gives);
    each value is a slug (:func:`render.slug`: Arabic stays Arabic, a path gives its file name)
    and values of one parameter whose slugs coincide (two ``data.csv`` in different folders) get
    a short hash of the full value; an id too long for a file name keeps its start and a hash.
    """
    names = sorted({name for given in given_sets for name in given})
    if len(given_sets) > 1:
        names = [
            name
            for name in names
            if len({_key({"v": given[name]}) if name in given else None for given in given_sets})
            > 1
        ]
    pieces: dict[str, dict[str, str]] = {}
    for name in names:
        values = {_key({"v": g[name]}): g[name] for g in given_sets if name in g}
        slugs = {key: slug(value) for key, value in values.items()}
        counts = collections.Counter(slugs.values())
        pieces[name] = {
            key: text if counts[text] == 1 else f"{text}-{short_hash(values[key])}"
            for key, text in slugs.items()
        }
    ids = []
    for given in given_sets:
        parts = [
            f"{name}-{pieces[name][_key({'v': given[name]})]}" for name in names if name in given
        ]
        ids.append(cap("__".join(parts) or "defaults"))
    counts = collections.Counter(ids)
    return [  # still equal (a cut id): the full parameter set's hash tells them apart
        ident if counts[ident] == 1 else cap(f"{ident}-{short_hash(_key(given))}", 200)
        for ident, given in zip(ids, given_sets, strict=True)
    ]


def run_id(given: dict[str, Any]) -> str:
    """The id of a run on its own: every parameter it gives."""
    return run_ids([given])[0]


def _template_fields(template: str) -> list[str]:
    try:
        return [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]
    except ValueError as exc:
        raise ParameterError(f"id template {template!r}: {exc}.") from None


def _templated_id(template: str, given: dict[str, Any], defaults: dict[str, Any]) -> str:
    values = {**defaults, **given}
    text = template.format_map({name: slug(value) for name, value in values.items()})
    text = re.sub(r"[^\w.-]+", "-", unicodedata.normalize("NFKC", text)).strip(".-") or "x"
    return cap(text)


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


def _overridden(spec: BatchFile, overrides: dict[str, Any], shown: str) -> dict[str, Any]:
    """The batch's shared parameters with those given on the command line (``-p NAME VALUE``)
    in their place. A relative path given there is taken from the current folder, not from the
    batch file's. A parameter the matrix or the periods vary cannot be set for every run."""
    varied = set(spec.matrix) | ({"start_date", "end_date"} if spec.periods else set())
    clash = sorted(varied & set(overrides))
    if clash:
        raise ParameterError(
            f"{shown}: {', '.join(map(repr, clash))} varies between the runs of this batch "
            "(matrix or periods); edit the batch file instead of giving it with -p."
        )
    given = dict(overrides)
    for name, value in given.items():
        text = str(value)
        if name.endswith("_path") and text and not is_bundled(text):
            file_part, sep, member = text.partition(prechecks.MEMBER)
            given[name] = os.path.abspath(Path(file_part).expanduser()) + sep + member
    return {**spec.parameters, **given}


def load(path: str | Path, overrides: dict[str, Any] | None = None) -> Plan:
    """Read and validate a batch file; every problem is reported at once. ``overrides`` (from
    ``sitrep batch -p NAME VALUE``) set shared parameters for every run, e.g. the data file."""
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
    missing = [n for n in spec.requires if n not in (overrides or {}) and n not in spec.parameters]
    if missing:
        example = " ".join(f"-p {n} {'FILE' if n.endswith('_path') else 'VALUE'}" for n in missing)
        raise ParameterError(
            f"{shown}: this batch needs {', '.join(map(repr, missing))}; give "
            f"{'it' if len(missing) == 1 else 'them'} on the command line: {example}."
        )
    if overrides:
        spec = spec.model_copy(update={"parameters": _overridden(spec, overrides, shown)})
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
    problems: list[str] = []
    unique: dict[str, dict[str, Any]] = {}  # the same values written twice make one run
    for given in given_sets:
        normal = _normal(given)
        unique.setdefault(_key(normal), normal)
    merged = len(given_sets) - len(unique)
    given_sets = list(unique.values())
    if spec.id is not None:
        declared = params.notebook_parameters(notebook)
        unknown = [f for f in _template_fields(spec.id) if f not in declared]
        if unknown:
            raise ParameterError(
                f"{shown}: id template {spec.id!r} names {', '.join(map(repr, unknown))}, not "
                f"parameters of {notebook.name} (known: {', '.join(declared)})."
            )
        defaults = {name: p.default for name, p in declared.items()}
        idents = [_templated_id(spec.id, given, defaults) for given in given_sets]
    else:
        idents = run_ids(given_sets)
    runs, seen, by_values = [], {}, {}
    for number, (ident, given) in enumerate(zip(idents, given_sets, strict=True), start=1):
        if ident in seen:
            problems.append(
                f"run {number} ({ident}) has the same id as run {seen[ident]}: "
                + (
                    "add a parameter that tells them apart to the id template."
                    if spec.id is not None
                    else "give them different parameters."
                )
            )
            continue
        seen[ident] = number
        try:
            values = params.resolve(notebook, given, base=source.parent)
        except ParameterError as exc:
            problems.append(f"run {number} ({ident}): {exc}")
            continue
        if _key(values) in by_values:  # e.g. one file by a relative and an absolute path
            merged += 1
            continue
        by_values[_key(values)] = ident
        runs.append(Run(ident, given, values))
    problems += _data_problems(notebook, runs, seen)
    if problems:
        listed = problems[:50]
        more = f" ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise ParameterError(
            f"{shown}: {len(problems)} problem(s), nothing was run:\n  - "
            + "\n  - ".join(listed)
            + more
        )
    return Plan(
        source, notebook, tuple(spec.formats), spec.timeout, tuple(runs), spec.isolate, merged
    )


def check_outputs(plan: Plan, out: Path) -> outdir.Space:
    """Refuse, in one line, an output folder where the batch's files cannot be created
    (:func:`analysis.report.outdir.check`); else the free space and what the runs need.
    Creates nothing."""
    return outdir.check(out, [run.id for run in plan.runs], plan.formats)
