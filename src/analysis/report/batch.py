"""Batch files: many parameter sets for one notebook, validated before anything runs.

A batch file (YAML) names the notebook, the output formats, shared ``parameters`` and its runs::

    notebook: situation_report        # a bundled notebook name, or a path from this file
    id: "{governorate}-{start_date}"  # optional: run ids (and file names) from this template
    formats: [html, pdf]               # any of ipynb, html, pdf (default: all three)
    timeout: 600                       # seconds a cell may run before the run fails
    isolate: false                     # true: a fresh kernel per run (default: warm, reset)
    requires: [casualties_path]        # parameters the user gives with -p NAME VALUE
    parameters:                        # shared by every run
      casualties_path: bundled         # or a folder, a pattern, or a list of files read as one
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

Each run has an id, which names its files (:mod:`analysis.report.run_ids`): without a
template, the parameters whose values differ between runs, sorted
(``governorate-hama__start_date-2024-12-02``; a lone run names all it gives). Governorates are
written by their gazetteer name first, so Aleppo, Halab and SY02 are one run. Two runs with one id
(a template that leaves out a parameter that varies) are refused at plan time, naming both.

A batch file is bounded before anything is built from it, each bound one line naming the file and
how to raise it: its size (``SITREP_MAX_BATCH_BYTES``, 1 MiB), the values it holds with YAML
aliases expanded and how deep they nest (``SITREP_MAX_BATCH_VALUES``, 200,000; 32 levels; an alias
inside the node it names is refused), the runs it makes, counted from the matrix's sizes and the
period's dates without making them (``SITREP_MAX_RUNS``, 20,000), and its id template (parameter
names only, and formats for text of at most 200 characters). A refusal quotes nothing of a file
that is not a batch file (a key, a secret's YAML): it names the file and what was expected.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from analysis import gazetteer
from analysis.errors import ParameterError
from analysis.parameters import is_bundled
from analysis.paths import notebooks_dir
from analysis.report import outdir, params, prechecks, run_ids
from analysis.report.render import FORMATS

MAX_BATCH_BYTES = 1 << 20
"""Largest batch file read, in bytes (``SITREP_MAX_BATCH_BYTES``): a batch lists parameters."""

MAX_BATCH_VALUES = 200_000
"""Most YAML values (mappings, lists, keys, items) a batch file may hold with its aliases
expanded (``SITREP_MAX_BATCH_VALUES``): about 20,000 runs written out one by one."""

MAX_RUNS = 20_000
"""Most runs one batch may make (``SITREP_MAX_RUNS``; the trends example makes 728)."""

MAX_DEPTH = 32
"""Deepest nesting of YAML values (a batch file needs four levels: runs, a run, a value)."""

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
"""A ``\\udcff`` escape: a file name that is not UTF-8, as JSON and Python write it in a string.
libyaml refuses it; PyYAML's own loader reads it back to the name's bytes."""


def _loader(text: str) -> type:
    """libyaml's safe loader (fast), or PyYAML's own for a text that escapes a file name that is
    not UTF-8 (which libyaml refuses)."""
    return yaml.SafeLoader if _SURROGATE.search(text) else _FAST_LOADER


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
    while True:
        if periods.split == "week":
            last = dt.date.fromordinal(
                min(first.toordinal() + 6 - first.weekday(), periods.end.toordinal())
            )
        else:
            month_end = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            last = min(month_end, periods.end)
        pieces.append((first, last))
        if last >= periods.end:  # never a day past the range (nor past 9999-12-31)
            return pieces
        first = last + dt.timedelta(days=1)


def count_periods(periods: Periods) -> int:
    """How many pieces :func:`split_period` cuts the range into, from the dates alone."""
    if periods.end < periods.start:
        raise ParameterError(
            f"periods: end {periods.end} is before start {periods.start}; swap them."
        )
    start, end = periods.start, periods.end
    if periods.split == "week":
        mondays = (end.toordinal() - end.weekday()) - (start.toordinal() - start.weekday())
        return mondays // 7 + 1
    if periods.split == "month":
        return (end.year - start.year) * 12 + end.month - start.month + 1
    return 1


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
        if name.endswith("_path") and not is_bundled(value):
            given[name] = (
                [_absolute(str(v)) for v in value]
                if isinstance(value, list | tuple)
                else _absolute(str(value))
            )
    return {**spec.parameters, **given}


def _absolute(text: str) -> str:
    """A path given on the command line, absolute from the current folder (``::member`` kept)."""
    if not text:
        return text
    file_part, sep, member = text.partition(prechecks.MEMBER)
    return os.path.abspath(Path(file_part).expanduser()) + sep + member


def limit(name: str, default: int) -> int:
    """The limit set by environment variable ``name`` (a whole number, at least 1), else
    ``default``; a value that is not one is refused in one line."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", "")) if len(raw) <= 18 else 0
    except ValueError:
        value = 0
    if value < 1:
        raise ParameterError(
            f"{name}={prechecks.short(raw)!r} is not a whole number of at least 1; unset it "
            f"(the default is {default}) or give a number, e.g. {name}={default}."
        )
    return value


def _read_text(source: Path, shown: str) -> str:
    """The batch file's text: a regular file, at most ``SITREP_MAX_BATCH_BYTES``, UTF-8."""
    most = limit("SITREP_MAX_BATCH_BYTES", MAX_BATCH_BYTES)
    try:
        mode = os.stat(source).st_mode
        if not stat.S_ISREG(mode):  # a FIFO would block, /dev/zero never end
            what = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"
            raise ParameterError(
                f"{shown}: cannot read the batch file (it is {what}, not a file); name the "
                "YAML file itself."
            )
        with source.open("rb") as handle:
            raw = handle.read(most + 1)
    except OSError as exc:
        raise ParameterError(
            f"{shown}: cannot read the batch file ({exc.strerror or exc})."
        ) from None
    if len(raw) > most:
        size = os.stat(source).st_size
        raise ParameterError(
            f"{shown}: the batch file is {_size(max(size, len(raw)))}, more than the "
            f"{_size(most)} a batch file may be (SITREP_MAX_BATCH_BYTES={most}); a batch lists "
            "parameters, not data: check that this is the batch file, or raise the limit."
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParameterError(
            f"{shown}: not a batch file: not UTF-8 text (byte 0x{raw[exc.start]:02x} at "
            f"position {exc.start + 1}); a batch file is YAML text (see the examples in batches/)."
        ) from None


def _size(count: int) -> str:
    if count >= 1 << 20:
        return f"{count / (1 << 20):,.1f} MiB".replace(".0 ", " ")
    return f"{count / 1024:,.1f} KiB".replace(".0 ", " ") if count >= 1024 else f"{count} bytes"


def _check_values(text: str, shown: str) -> None:
    """Refuse a YAML text that holds more than ``SITREP_MAX_BATCH_VALUES`` values or nests
    deeper than :data:`MAX_DEPTH` levels once its aliases are expanded, or with an alias inside
    the node it names: a billion laughs in a kilobyte is refused here, before anything is built.

    Counted on the parser's events, one pass and no node kept: the values and height of each
    anchored node are remembered when it ends, so an alias costs one look-up however large the
    node it names. Problems of the YAML itself are left to the loader to report."""
    most = limit("SITREP_MAX_BATCH_VALUES", MAX_BATCH_VALUES)
    count, aliased = 0, False
    named: dict[str, tuple[int, int]] = {}  # anchor -> (values, levels below it)
    open_: list[list] = []  # per open mapping or list: [count before it, anchor, depth, deepest]
    try:
        for event in yaml.parse(text, Loader=_loader(text)):
            if isinstance(event, yaml.CollectionEndEvent):
                before, anchor, depth, deepest = open_.pop()
                if anchor is not None:
                    named[anchor] = (count - before, deepest - depth)
                if open_:
                    open_[-1][3] = max(open_[-1][3], deepest)
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            depth = len(open_)
            values, height = 1, 0
            if isinstance(event, yaml.AliasEvent):
                aliased = True
                if any(entry[1] == event.anchor for entry in open_):
                    raise ParameterError(
                        f"{shown}: line {event.start_mark.line + 1}: an alias inside the value "
                        "it names (a recursive alias); write the values out instead."
                    )
                values, height = named.get(event.anchor, (1, 0))  # undefined: the loader says
            count += values
            if count > most:
                what = "once its aliases are expanded" if aliased else "(keys, values, items)"
                raise ParameterError(
                    f"{shown}: the batch file holds more than {most:,} values {what}; a batch "
                    "lists parameters, not data: split it, remove aliases that repeat large "
                    f"parts, or raise the limit (SITREP_MAX_BATCH_VALUES={most})."
                )
            if depth + height > MAX_DEPTH:
                raise ParameterError(
                    f"{shown}: line {event.start_mark.line + 1}: values nested more than "
                    f"{MAX_DEPTH} levels deep; a batch file needs a few (see the examples in "
                    "batches/)."
                )
            if open_:
                open_[-1][3] = max(open_[-1][3], depth + height)
            if isinstance(event, yaml.CollectionStartEvent):
                open_.append([count - 1, event.anchor, depth, depth])
            elif isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                named[event.anchor] = (1, 0)
    except yaml.YAMLError:
        return


def _yaml_problem(exc: yaml.YAMLError, text: str, shown: str) -> str:
    """Where and what the YAML problem is, quoting nothing of the file: PyYAML's own message
    shows the line (a secret's, if this is not a batch file) and names tags and anchors."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or "cannot be read"
    context = getattr(exc, "context", None) or ""
    if context.startswith("found"):  # "found duplicate anchor; first occurrence"
        problem = context.split(";")[0]
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    else:
        position = max(0, int(getattr(exc, "position", 0) or 0))
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
    kept = re.sub(r"'(<[\w ]+>)'|('\\?.')|'[^']*'", lambda m: m[1] or m[2] or "", str(problem))
    kept = " ".join(kept.split()).rstrip(" ,;:")
    return (
        f"{shown}: not valid YAML at line {line}, column {column} ({kept}); a batch file is "
        "YAML text (see the examples in batches/)."
    )


_KEYS = frozenset(BatchFile.model_fields)


def _parse(source: Path, shown: str) -> BatchFile:
    """The batch file read, bounded and validated; one line for anything else, which quotes
    nothing of a file that is not a batch file."""
    text = _read_text(source, shown)
    _check_values(text, shown)
    try:
        raw = yaml.load(text, Loader=_loader(text))
    except yaml.YAMLError as exc:
        raise ParameterError(_yaml_problem(exc, text, shown)) from None
    except RecursionError:  # the pure-Python loader, on nesting the check did not count
        raise ParameterError(
            f"{shown}: values nested too deep for a batch file (see the examples in batches/)."
        ) from None
    if not isinstance(raw, dict) or not _KEYS & {str(key) for key in raw}:
        found = (
            "nothing"
            if raw is None or raw == {}
            else "a mapping with none of those keys"
            if isinstance(raw, dict)
            else "a list"
            if isinstance(raw, list)
            else "a single value"
        )
        raise ParameterError(
            f"{shown}: not a batch file: a YAML mapping with `notebook:` and the runs' "
            f"`parameters`, `matrix`, `periods` or `runs` is expected, but it holds {found} (see "
            "the examples in batches/)."
        )
    try:
        return BatchFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(_cut(part) for part in e['loc']) or 'file'}: {e['msg']}"
            for e in exc.errors()[:10]
        )
        more = f"; and {exc.error_count() - 10} more" if exc.error_count() > 10 else ""
        raise ParameterError(f"{shown}: {problems}{more}.") from None


def _cut(part: object, width: int = 24) -> str:
    text = str(part)
    return text if len(text) <= width else text[: width - 1] + "…"


def _check_runs(spec: BatchFile, shown: str) -> None:
    """Refuse a batch that would make more than ``SITREP_MAX_RUNS`` runs, counted from the
    sizes of the matrix and the dates of the period alone, before any run is made."""
    most = limit("SITREP_MAX_RUNS", MAX_RUNS)
    periods = count_periods(spec.periods) if spec.periods else 1
    sizes = [len(values) for values in spec.matrix.values()]
    combinations = 1
    for size in sizes:
        combinations *= size
        if combinations > most:  # a bound is enough, and a product of 50,000 lists is slow
            break
    varied = combinations * periods if (spec.matrix or spec.periods) else 0
    total = max(1, varied + len(spec.runs))
    if total <= most:
        return
    parts = []
    if spec.matrix:
        dims = " x ".join(f"{size:,}" for size in sizes[:6]) + (" x ..." if len(sizes) > 6 else "")
        parts.append(f"the matrix's {dims} values")
    if spec.periods:
        split = {"week": "weeks", "month": "months", "none": "period"}[spec.periods.split]
        parts.append(f"{periods:,} {split}")
    made = " times ".join(parts)
    if spec.runs:
        listed = f"{len(spec.runs):,} listed run" + ("s" if len(spec.runs) != 1 else "")
        made = f"{made}, plus {listed}" if made else listed
    count = f"{total:,}" if combinations <= most else f"more than {most:,}"
    raise ParameterError(
        f"{shown}: this batch makes {count} runs ({made}), more than the {most:,} allowed; "
        "make the matrix or the periods smaller, split the batch, or raise the limit "
        f"(SITREP_MAX_RUNS={most})."
    )


def load(path: str | Path, overrides: dict[str, Any] | None = None) -> Plan:
    """Read and validate a batch file; every problem is reported at once. ``overrides`` (from
    ``sitrep batch -p NAME VALUE``) set shared parameters for every run, e.g. the data file.

    The file's size, its values, the number of runs and the id template are bounded before any
    run is made (see the module's docstring)."""
    shown = prechecks.short_path(path)
    try:
        source = Path(path).resolve()
    except (OSError, ValueError, RuntimeError):  # a NUL byte; a link loop (RuntimeError < 3.13)
        problem = prechecks.path_problem(path, "batch file") or "not a usable file name."
        raise ParameterError(f"cannot read the batch file: {problem}") from None
    spec = _parse(source, shown)
    _check_runs(spec, shown)
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
    declared = params.notebook_parameters(notebook)  # not a notebook: one line, not one a run
    if spec.id is not None:
        try:
            run_ids.check_template(spec.id, declared, notebook.name)
        except ParameterError as exc:
            raise ParameterError(f"{shown}: {exc}") from None
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
        unique.setdefault(run_ids.canonical(normal), normal)
    merged = len(given_sets) - len(unique)
    given_sets = list(unique.values())
    defaults = {name: p.default for name, p in declared.items()}
    idents = run_ids.ids(given_sets, spec.id, defaults)
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
        if (
            run_ids.canonical(values) in by_values
        ):  # e.g. one file by a relative and an absolute path
            merged += 1
            continue
        by_values[run_ids.canonical(values)] = ident
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
