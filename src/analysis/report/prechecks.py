"""Data parameters read and validated before any kernel starts.

``sitrep render`` and ``sitrep batch`` (``--dry-run`` too) read every non-bundled ``*_path``
parameter here, with the reader the notebook will use (:func:`analysis.data.read` with the
parameter's domain from :data:`analysis.parameters.PATH_DOMAINS`; boundaries through
:func:`analysis.data.boundaries.read_boundaries`). Readers go through the content cache
(:mod:`analysis.data.cache`), so the kernel's read of a good file is a cache hit, and a missing,
unreadable, broken or wrong-domain file is one line naming the parameter, before seconds of
kernel start-up are spent.

Nothing here is imported when every path is bundled: then no data is read and the command line
keeps its speed (pandas is imported only for a file to read).
"""

from __future__ import annotations

import errno
import re
import stat
from pathlib import Path
from typing import Any

from analysis.errors import AnalysisError
from analysis.parameters import PATH_DOMAINS, is_bundled, is_set, members

SHORT = 60
"""Longest piece of a user's value quoted in a message."""

MEMBER = "::"
"""Separates a container from the member or sheet named in it (``archive.zip::data.csv``)."""


def short(value: object) -> str:
    """``value`` as text, cut to :data:`SHORT` characters then "..." when longer."""
    text = str(value)
    return text if len(text) <= SHORT else text[:SHORT] + "..."


def short_path(value: object) -> str:
    """A long path cut in the middle, keeping its start and its file name's end:
    ``/home/analyst/downl...ged_syria_652.1601.1911.csv`` (at most :data:`SHORT` characters)."""
    text = str(value)
    if len(text) <= SHORT:
        return text
    return text[:20] + "..." + text[-(SHORT - 23) :]


def container(value: object) -> Path:
    """The file on disk behind a path parameter (``book.xlsx`` for ``book.xlsx::Sheet 1``)."""
    return Path(str(value).split(MEMBER, 1)[0]).expanduser()


def path_problem(value: object, what: str = "data file") -> str | None:
    """Why the file named by ``value`` cannot be read as a data file, in one line; None if it can.

    Cheap (a ``stat`` and a one-byte read): a missing file, a name too long for the file system,
    a symbolic-link loop, a folder, a device or pipe, a file whose read fails (permissions).
    """
    path = container(value)
    shown = repr(short_path(path))
    try:
        info = path.stat()
    except OSError as exc:
        return _os_problem(exc, shown, path, what)
    except ValueError:  # an embedded NUL byte
        return f"{shown} is not a usable file name (it contains a NUL character)."
    if stat.S_ISDIR(info.st_mode):
        return f"{shown} is a folder, not a {what}. Name the file itself."
    if not stat.S_ISREG(info.st_mode):
        return f"{shown} is not a regular file (a device, pipe or socket). Name a {what}."
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as exc:
        return _os_problem(exc, shown, path, what)
    return None


def _os_problem(exc: OSError, shown: str, path: Path, what: str = "data file") -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return (
            f"the file name {shown} is too long for the file system ({len(str(path))} "
            "characters). Check the path."
        )
    if exc.errno == errno.ELOOP:
        return (
            f"{shown} is a symbolic link that leads back to itself (a link loop). "
            f"Point to the {what} itself."
        )
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"file {shown} does not exist. Check the path."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"file {shown} cannot be read (permission denied). Check its permissions "
            "or copy it somewhere readable."
        )
    if exc.errno == errno.EISDIR:
        return f"{shown} is a folder, not a {what}. Name the file itself."
    return f"file {shown} cannot be read ({exc.strerror or exc}). Check the path."


def one_line(message: str, value: object = None) -> str:
    """``message`` on one line, without advice to use a command-line option (render and batch
    have none to choose a format), quoting at most a short piece of a long ``value``."""
    text = " ".join(str(message).split())
    if value is not None:
        for whole in {str(value), str(Path(str(value)).expanduser())}:
            if len(whole) > SHORT and whole in text:
                text = text.replace(whole, short_path(whole) if "/" in whole else short(whole))
    sentences = re.split(r"(?<=[.;!?])\s+(?=[A-Z`'\"(])", text)
    kept = [s for s in sentences if not re.search(r"(?<![\w-])--[a-z]", s)]
    return " ".join(kept or sentences[:1]).strip()


class DataCheck:
    """Reads each distinct (file, domain) once, however many runs or parameters name it."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], str | None] = {}
        self.reads = 0

    def problems(self, values: dict[str, Any], accepted: dict[str, str] | None = None) -> list:
        """``[(parameter, message), ...]`` for the data parameters among ``values`` (the merged
        values of one run: defaults and given) whose file cannot be used."""
        found = []
        for name, value in values.items():
            domain = PATH_DOMAINS.get(name)
            if domain is None or is_bundled(value):
                continue
            given = value if isinstance(value, list | tuple) else str(value)
            problem = self.problem(given, domain, accepted)
            if problem:
                found.append((name, problem))
        return found

    def problem(
        self, value: str | list | tuple, domain: str, accepted: dict[str, str] | None = None
    ) -> str | None:
        """Why ``value`` (a file, or several read as one: a folder, a pattern, a list) cannot be
        used as ``domain`` data, in one line naming the file at fault; None if it can. A set is
        checked as one input, its files listed anew each time (a file added to a folder is
        read)."""
        several = is_set(value)
        files = members(value) if several else ()
        key = (tuple(files) if several else value, domain)
        if key not in self._seen:
            if several:
                first = next(filter(None, map(path_problem, files)), None)
                self._seen[key] = first or self._read_set(value, domain)
            else:
                self._seen[key] = path_problem(value) or self._read(value, domain, accepted)
        return self._seen[key]

    def _read_set(self, value: str | list | tuple, domain: str) -> str | None:
        """Several files read as one, by the reader the report uses: a file the set cannot
        hold is named in the one line."""
        self.reads += 1
        from analysis import data

        try:
            data.read(value, domain=None if domain == "any" else domain)
        except AnalysisError as exc:
            return one_line(str(exc))
        except OSError as exc:
            return one_line(f"{exc.filename or value}: {exc.strerror or exc}")
        from analysis.data import cache

        cache.forget()
        return None

    def _read(self, value: str, domain: str, accepted: dict[str, str] | None) -> str | None:
        self.reads += 1
        if domain == "any":  # the kind the file's layout says (explore.ipynb's data_path)
            fmt = _detected(value)
            if fmt is None:
                return (
                    f"{short_path(value)!r} is not a data file of a format the reports read. "
                    "Give a file as its publisher ships it; `sitrep data formats` lists them."
                )
            domain = fmt.domain
        try:
            if domain == "boundaries":
                from analysis.data.boundaries import read_boundaries

                read_boundaries(value)
            else:
                from analysis import data

                data.read(value, domain=domain)
        except AnalysisError as exc:
            other = _other_domain(value, domain, accepted)
            return one_line(other or str(exc), value)
        except OSError as exc:
            return _os_problem(exc, repr(short_path(container(value))), container(value))
        except Exception as exc:  # a reader tripped on a broken file: still one line
            # What the reader said may quote the file: only for a file of a known format.
            detail = type(exc).__name__
            if _detected(value) is not None:
                detail = short(one_line(f"{detail}: {exc}", value))
            return (
                f"{short_path(value)!r} could not be read as {domain} data ({detail}). "
                "Check that the file is complete and of a supported format."
            )
        from analysis.data import cache

        cache.forget()  # checked, not kept: the kernel reads it, this process never again
        return None


def _detected(value: str):
    """The format of the file named by ``value``, or None when it is of no known format (or
    cannot even be looked at)."""
    try:
        from analysis.data.formats import detect

        return detect(Path(value))
    except Exception:
        return None


def _other_domain(value: str, domain: str, accepted: dict[str, str] | None) -> str | None:
    """When a file refused as ``domain`` data is another kind of data, say which, and which
    parameter of the notebook takes it."""
    fmt = _detected(value)
    if fmt is None or fmt.domain == domain:
        return None
    takes = [n for n, d in (accepted or {}).items() if d == fmt.domain]
    hint = (
        f" Give it as {' or '.join(repr(n) for n in takes)}."
        if takes
        else " This report does not use that kind of data."
    )
    return (
        f"{short_path(value)!r} holds {fmt.domain} data ({fmt.title}), but {domain} data is "
        f"expected here.{hint}"
    )


def data_parameters(declared: dict[str, Any]) -> dict[str, str]:
    """The notebook's data parameters and the domain each takes."""
    return {name: PATH_DOMAINS[name] for name in declared if name in PATH_DOMAINS}


def needs_reading(values: dict[str, Any]) -> bool:
    return any(name in PATH_DOMAINS and not is_bundled(v) for name, v in values.items())


__all__ = [
    "SHORT",
    "DataCheck",
    "container",
    "data_parameters",
    "needs_reading",
    "one_line",
    "path_problem",
    "short",
    "short_path",
]
