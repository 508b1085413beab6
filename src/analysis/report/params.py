"""Notebook parameters: read them from the tagged cell, check values before any kernel starts.

The ``parameters`` cell of a report notebook declares each parameter with a runnable default
and a trailing comment that is its help text. Values given on the command line are strings;
they are converted to the type of the default and checked by meaning:

- ``*_date``: an ISO date (YYYY-MM-DD); ``end_date`` not before ``start_date``;
- ``governorate``: "all" or any name or P-code the gazetteer knows;
- ``*_path``: "bundled" (the bundled 2024 dataset), an existing file, or several files of one
  source read as one: a folder, a glob pattern or a list (``-p NAME`` given more than once);
- ``language`` and ``digits``: an edition :mod:`analysis.i18n` writes (``en``/``ar``,
  ``latin``/``arabic``).
"""

from __future__ import annotations

import ast
import difflib
import functools
import io
import json
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis import i18n
from analysis.errors import ParameterError
from analysis.parameters import (
    BUNDLED,
    check_date,
    check_faction,
    check_governorate,
    check_period,
    check_trend_parameters,
    is_bundled,
    is_set,
    members,
)
from analysis.report import prechecks

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # "str", "int", "float", "bool"
    default: Any
    help: str

    @property
    def meaning(self) -> str:
        if self.name.endswith("_date"):
            return "ISO date (YYYY-MM-DD)"
        if self.name == "governorate":
            return "'all' or a governorate name or P-code"
        if self.name.endswith("_path"):
            return f"'{BUNDLED}', a data file, a folder or a pattern"
        return self.type


def notebook_parameters(notebook: str | Path) -> dict[str, Parameter]:
    """The parameters declared in ``notebook``'s cell tagged ``parameters``.

    Read with the standard library alone (JSON and the ``ast`` of the cell), so checking
    parameters costs milliseconds and happens before any Jupyter machinery is imported.
    """
    path = Path(notebook)
    problem = prechecks.path_problem(path, "notebook")
    if problem:
        raise ParameterError(f"notebook: {problem}")
    return _parameters_of(str(path.resolve()), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _parameters_of(path: str, mtime_ns: int) -> dict[str, Parameter]:
    shown = prechecks.short_path(path)
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        detail = prechecks.short(" ".join(str(exc).split()))
        raise ParameterError(f"{shown}: not a readable notebook ({detail}).") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise ParameterError(
            f"{shown}: JSON, but not a Jupyter notebook (no list of cells). "
            "Give a .ipynb notebook saved by Jupyter."
        )
    tagged = [c for c in cells if c.get("cell_type") == "code" and "parameters" in _tags(c)]
    if len(tagged) != 1:
        raise ParameterError(
            f"{shown}: expected exactly one cell tagged 'parameters', found {len(tagged)}. "
            "Tag the cell that assigns the defaults (View > Cell metadata in JupyterLab)."
        )
    source = tagged[0].get("source", "")
    source = "".join(map(str, source)) if isinstance(source, list) else str(source)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(
            f"{shown}: the parameters cell is not valid Python ({exc.msg}, line {exc.lineno})."
        ) from None
    lines = source.splitlines()
    result: dict[str, Parameter] = {}
    for node in tree.body:
        if not (isinstance(node, ast.Assign | ast.AnnAssign)):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if len(targets) != 1 or not isinstance(targets[0], ast.Name) or node.value is None:
            continue
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise ParameterError(
                f"{shown}: parameter {targets[0].id!r} needs a literal default (a string, number,"
                " boolean or None), not an expression."
            ) from None
        line = lines[node.end_lineno - 1] if node.end_lineno else ""
        help_text = _comment(line)
        kind = type(default).__name__ if default is not None else "str"
        result[targets[0].id] = Parameter(targets[0].id, kind, default, help_text)
    return result


def _tags(cell: dict) -> list:
    metadata = cell.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    return tags if isinstance(tags, list) else []


def _comment(line: str) -> str:
    """The trailing ``# comment`` of a source line (ignoring ``#`` inside strings)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line).readline))
    except (tokenize.TokenError, IndentationError):
        return ""
    for token in tokens:
        if token.type == tokenize.COMMENT:
            return token.string.lstrip("#").strip()
    return ""


def _convert(param: Parameter, raw: Any) -> Any:
    if param.name.endswith("_path") and isinstance(raw, list | tuple):
        # Several files read as one source: a list of paths (a YAML list, -p given repeatedly).
        if not raw or not all(isinstance(item, str) and item.strip() for item in raw):
            raise ParameterError(
                f"parameter {param.name!r} lists no files or an empty name; give each file's "
                "path, a folder or a pattern."
            )
        return list(raw)
    if param.name.endswith("_date") and param.type == "str":
        # None, "", "2024-12", a YAML number: refused like any bad date, with the same words.
        return check_date(param.name, raw).isoformat()
    shown = prechecks.short(raw)
    if not isinstance(raw, str):
        value = raw
    elif param.type == "int":
        try:
            value = int(raw)
        except ValueError:
            raise ParameterError(
                f"parameter {param.name!r} must be a whole number, got {shown!r}."
            ) from None
    elif param.type == "float":
        try:
            value = float(raw)
        except ValueError:
            raise ParameterError(
                f"parameter {param.name!r} must be a number, got {shown!r}."
            ) from None
    elif param.type == "bool":
        if raw.lower() not in _TRUE | _FALSE:
            raise ParameterError(f"parameter {param.name!r} must be true or false, got {shown!r}.")
        value = raw.lower() in _TRUE
    else:
        value = raw
    expected = {"int": int, "float": (int, float), "bool": bool, "str": str}.get(param.type)
    if expected and not isinstance(value, expected):
        raise ParameterError(
            f"parameter {param.name!r} must be {param.type}, "
            f"got {type(value).__name__} {prechecks.short(value)!r}."
        )
    return value


def resolve(
    notebook: str | Path, given: dict[str, Any], *, base: Path | None = None
) -> dict[str, Any]:
    """Check ``given`` against the notebook's parameters; return the values to inject.

    Raises :class:`ParameterError` for an unknown name (with the closest declared name), a value
    of the wrong type, a bad date, an end date before the start date, an unknown governorate or
    a data path that does not exist. Paths are made absolute (relative to ``base`` or the
    current folder) since the kernel runs elsewhere.
    """
    declared = notebook_parameters(notebook)
    problems = []
    for name in given:
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            problems.append(
                f"unknown parameter {prechecks.short(name)!r} for {Path(notebook).name}.{hint} "
                f"Known parameters: {', '.join(declared)}."
            )
    if problems:
        raise ParameterError(" ".join(problems))
    values: dict[str, Any] = {}
    for name, raw in given.items():
        values[name] = _convert(declared[name], raw)
    merged = {name: values.get(name, p.default) for name, p in declared.items()}
    for name, value in merged.items():
        try:
            if name.endswith("_date"):
                check_date(name, value)
            if name == "governorate":
                check_governorate(value)
            if name == "front_faction":
                check_faction(value)
        except ParameterError as exc:
            raise ParameterError(prechecks.one_line(str(exc), value)) from None
        if name.endswith("_path") and not is_bundled(value):
            path = _data_path(name, value, base)
            if name in values:
                values[name] = path
    if "language" in merged or "digits" in merged:
        i18n.Edition(  # a bad language or digits: one line naming the parameter
            str(merged.get("language", "en")).strip().lower(),
            str(merged.get("digits", "latin")).strip().lower(),
        )
    if "start_date" in merged and "end_date" in merged:
        check_period(merged["start_date"], merged["end_date"])
    check_trend_parameters(merged)
    return values


def _data_path(name: str, value: Any, base: Path | None) -> str | list[str]:
    """The absolute path of an existing data file named by parameter ``name`` (the kernel runs
    elsewhere); ``archive.zip::member`` keeps its member. Refused in one line when the file is
    missing, a link loop, unreadable or its name too long. A folder or a pattern stays one
    (absolute: the files it holds when the report runs are read), a list is made of absolute
    paths; each must name at least one readable file."""
    if isinstance(value, list | tuple):
        return [_one_path(name, item, base) for item in value]
    return _one_path(name, value, base)


def _one_path(name: str, value: Any, base: Path | None) -> str:
    text = str(value)
    file_part, sep, member = text.partition(prechecks.MEMBER)
    path = Path(file_part).expanduser()
    if not path.is_absolute():
        path = (base or Path.cwd()) / path
    if not sep and is_set(str(path)):
        found = members(str(path))
        if not found:
            raise ParameterError(
                f"parameter {name!r}: {prechecks.short_path(text)!r} holds no data file (a "
                "folder's CSV, gzip, zip, xlsx and JSON files are read, not its sub-folders). "
                "Check the path."
            )
        for member in found:
            problem = prechecks.path_problem(member)
            if problem:
                raise ParameterError(f"parameter {name!r}: {problem}")
        return str(path.resolve()) if path.is_dir() else str(path)
    problem = prechecks.path_problem(path)
    if problem:
        if problem.endswith("Check the path."):
            problem += f" Or give '{BUNDLED}' for the bundled 2024 dataset."
        raise ParameterError(f"parameter {name!r}: {problem}")
    return str(path.resolve()) + sep + member


def check_data(
    notebook: str | Path, values: dict[str, Any], check: prechecks.DataCheck | None = None
) -> None:
    """Read and validate every non-bundled data file among the notebook's parameters (``values``
    as :func:`resolve` returns them), with the reader the report uses, before any kernel starts.

    A file that is missing, unreadable, broken or of another kind of data (a UNHCR table given
    as ``casualties_path``) raises :class:`ParameterError` naming the parameter. Reads go through
    the content cache, so the kernel's read of a good file is a cache hit; ``check`` remembers
    the files already read (a batch passes one for all its runs). Nothing is read, and pandas
    is not imported, when every data parameter is bundled.
    """
    declared = notebook_parameters(notebook)
    merged = {name: values.get(name, p.default) for name, p in declared.items()}
    if not prechecks.needs_reading(merged):
        return
    found = (check or prechecks.DataCheck()).problems(merged, prechecks.data_parameters(declared))
    if found:
        raise ParameterError(" ".join(f"parameter {name!r}: {text}" for name, text in found))
