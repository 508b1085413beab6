"""The output folder, checked before any kernel starts (``sitrep render`` and ``sitrep batch``).

:func:`check` refuses, in one line naming the folder, an output folder where the reports
cannot be written: it (or a folder above it) is a file or a broken link, its disk is mounted
read-only, it cannot be written (permissions), a file name or path would be too long for the
file system, a report's file would land on a folder, or its disk has less free space than one
report needs. It creates nothing: a folder still to be made is judged by its nearest existing
ancestor.

A report's size is estimated from what the folder holds: the same report's earlier files, else
the median size of the folder's other files of that kind, else :data:`DEFAULT_FILE_MB` for
each of the ipynb, HTML and PDF (``SITREP_REPORT_FILE_MB`` sets it). The check is an early,
honest refusal, not a promise: a disk that fills up during the run still fails the run with
"disk full", and nothing already in the folder is lost.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis import oserrors
from analysis.errors import ParameterError
from analysis.report import prechecks, staging

FILE_MB_ENV = "SITREP_REPORT_FILE_MB"
DEFAULT_FILE_MB = 10.0
"""Megabytes assumed for each report file (ipynb, HTML, PDF) when the folder holds none to go
by. The bundled situation report takes 0.9, 1.1 and 0.7 MB."""

NOT_REPORTS = frozenset({"index.html"})  # a batch's front page, not a report


@dataclass(frozen=True)
class Space:
    """The free space on the output folder's disk and what the reports are estimated to need:
    ``one``, the largest report (refused when more than ``free``), and ``all``, every report
    whose files are not there yet (plus room to replace one that is)."""

    free: int
    one: int
    all: int


def file_mb() -> float:
    """The size assumed for a report file, in MB (:data:`FILE_MB_ENV`)."""
    raw = os.environ.get(FILE_MB_ENV, "").strip()
    if not raw:
        return DEFAULT_FILE_MB
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also NaN
        raise ParameterError(
            f"{FILE_MB_ENV}={prechecks.short(raw)!r} is not a size in MB; set it to a number "
            f"such as {DEFAULT_FILE_MB:g}, or unset it."
        )
    return value


def check(out: str | os.PathLike, stems: Sequence[str], formats: Sequence[str]) -> Space:
    """Refuse (:class:`ParameterError`, one line) an output folder ``out`` where the reports
    named ``stems`` (``<stem>.<format>``) cannot be written; else the space they need."""
    out = Path(out).absolute()
    shown = prechecks.short_path(out)
    existing = out
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent

    def refuse(problem: str, advice: str | None = "choose another folder with --out") -> None:
        said = f"{problem}; {advice}" if advice else problem
        raise ParameterError(f"cannot write in the output folder {shown}: {said}.")

    if os.path.islink(existing) and not os.path.exists(existing):
        refuse(f"{prechecks.short_path(existing)} is a link to nothing (a broken link)")
    if not os.path.isdir(existing):
        where = (
            f" ({prechecks.short_path(existing)} is a file)"
            if existing != out
            else " (it is a file)"
            if os.path.isfile(existing)
            else ""
        )
        refuse(f"not a folder{where}")
    try:
        disk = os.statvfs(existing)
    except OSError as exc:
        refuse(oserrors.describe(exc, existing), None)
    if disk.f_flag & os.ST_RDONLY:
        refuse("read-only file system (its disk is mounted read-only)")
    if not os.access(existing, os.W_OK | os.X_OK):
        refuse(
            f"permission denied ({prechecks.short_path(existing)} is not writable)",
            "check its permissions and owner, or choose another folder with --out",
        )
    _check_names(out, existing, stems, shown)
    there = _listing(out, formats) if existing == out else {}
    for stem in stems:
        for fmt in formats:
            if f"{stem}.{fmt}" in there and there[f"{stem}.{fmt}"] is None:
                refuse(f"{stem}.{fmt} there is a folder, where the report's file goes")
    if disk.f_files and not disk.f_favail:
        refuse("disk full (no free inodes)", "remove files from that disk or choose another one")
    free = disk.f_bavail * disk.f_frsize
    space = _space(there, stems, formats, free)
    if space.one > free:
        basis = (
            "from the reports already there"
            if any(size for size in there.values())
            else f"{file_mb():g} MB for each of {', '.join(formats)}; {FILE_MB_ENV} sets this"
        )
        raise ParameterError(
            f"not enough space in the output folder {shown}: {oserrors.size(free)} free on its "
            f"disk, a report needs about {oserrors.size(space.one)} ({basis}); free space "
            "on that disk or choose another folder with --out."
        )
    return space


def _check_names(out: Path, existing: Path, stems: Sequence[str], shown: str) -> None:
    try:
        name_max = os.pathconf(existing, "PC_NAME_MAX")
        path_max = os.pathconf(existing, "PC_PATH_MAX")
    except (OSError, ValueError):
        name_max, path_max = 255, 4096
    for part in out.relative_to(existing).parts:  # folders still to be made
        if len(os.fsencode(part)) > name_max:
            raise ParameterError(
                f"cannot write in the output folder {shown}: a folder name in it is longer than "
                f"the file system allows ({name_max} bytes); choose another folder with --out."
            )
    for stem in stems:
        folder = staging.prefix(stem) + "x" * 8  # tempfile.mkdtemp adds 8 characters
        kept = f"{stem}.{staging.PDF_FAILED}.ipynb"  # the longest name of a report's files
        names = (folder, kept, f"{stem}.failed.ipynb")
        paths = (out / folder / f"{stem}.ipynb", out / kept)
        if (
            max(len(os.fsencode(n)) for n in names) > name_max
            or max(len(os.fsencode(p)) for p in paths) >= path_max
        ):
            raise ParameterError(
                f"{stem}: its file names would be too long for {shown}; shorten the output "
                "folder's path (or the id template of the batch file)."
            )


def _listing(out: Path, formats: Sequence[str]) -> dict[str, int | None]:
    """The names in ``out`` that end in one of ``formats``: a file's size, None for anything
    that is not a file (a folder). One pass over the folder, whatever the number of runs."""
    found: dict[str, int | None] = {}
    suffixes = tuple(f".{fmt}" for fmt in formats)
    try:
        with os.scandir(out) as entries:
            for entry in entries:
                if not entry.name.endswith(suffixes):
                    continue
                try:
                    found[entry.name] = entry.stat().st_size if entry.is_file() else None
                except OSError:
                    continue
    except OSError:
        pass
    return found


def _typical(there: dict[str, int | None], formats: Sequence[str]) -> dict[str, int | None]:
    """The median size of the report files of each format there, None when there are none."""
    sizes: dict[str, list[int]] = {fmt: [] for fmt in formats}
    for name, size in there.items():
        stem, _, fmt = name.rpartition(".")
        if size is None or not stem or name.startswith(".") or fmt not in sizes:
            continue
        if name in NOT_REPORTS or stem.endswith(".failed"):
            continue
        sizes[fmt].append(size)
    return {fmt: int(statistics.median(found)) if found else None for fmt, found in sizes.items()}


def _space(
    there: dict[str, int | None], stems: Sequence[str], formats: Sequence[str], free: int
) -> Space:
    default = int(file_mb() * 1024 * 1024)
    typical = _typical(there, formats)
    one = total = replaced = 0
    for stem in stems:
        need, made = 0, False
        for fmt in formats:
            earlier = there.get(f"{stem}.{fmt}")
            made = made or earlier is not None
            guess = typical[fmt]
            need += earlier if earlier is not None else guess if guess is not None else default
        one = max(one, need)
        if made:
            replaced = max(replaced, need)  # the new files sit beside the old until they replace
        else:
            total += need
    return Space(free=free, one=one, all=total + replaced)
