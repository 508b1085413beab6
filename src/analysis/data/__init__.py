"""Readers for every supported source, into one tidy schema per domain.

>>> from analysis import data
>>> ds = data.read("ged_syria.csv")            # format detected from the header
>>> ds.format.name, ds.frame["deaths_best"].sum()

Every reader has one shape: read -> rename to the house schema -> validate -> return. A file is
either loaded whole and valid, or refused with a :class:`~analysis.errors.DataValidationError`
naming the file, column and lines at fault.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import i18n
from analysis.data import cache, containers, formats, sets
from analysis.data.formats import FORMATS, Format, detect
from analysis.data.sets import FileSet
from analysis.errors import DataValidationError
from analysis.parameters import BUNDLED, is_set, members

# Each reader module registers its formats when imported, in this order (the order `sitrep data
# formats` lists them and detection tries them). A reader that cannot be imported stops the
# import of analysis.data here: its formats are never silently missing.
try:
    # isort: off
    from analysis.data import (  # noqa: F401
        bundled,
        ucdp,
        acled,
        acled_hdx,
        unhcr,
        unhcr_tables,
        hnap,
        boundaries,
        health_attacks,
    )
    # isort: on
except ImportError as exc:
    raise ImportError(
        f"a reader of analysis.data cannot be imported ({exc}), so its formats cannot be read. "
        "Install what is missing (`make setup`), or fix the reader module the traceback names."
    ) from exc


@dataclass(frozen=True)
class Dataset:
    """A validated frame and where it came from.

    ``path`` names the user's file, with ``::member`` or ``::sheet`` when the data came from
    inside an archive or workbook; ``local`` is the file the reader opened (the same file, or its
    plain-CSV copy in the cache), for code that must open it again.
    """

    frame: pd.DataFrame
    format: Format
    path: Path
    local: Path | None = None
    notes: tuple[str, ...] = ()
    """What reading found that the operator should know, for ``sitrep data summary`` (an HXL
    tag row that says something else than the header it sits under; the header was trusted)."""
    files: FileSet | None = None
    """For several files read as one source (a folder, a pattern, a list): what each held and
    the records found in more than one (:mod:`analysis.data.sets`); None for one file."""

    @property
    def kind(self) -> str:
        return self.format.kind

    @property
    def source_label(self) -> str:
        """Short attribution for headings, captions, boxes and chart footnotes: the source named
        by what it is (its format's title), never by its file name, which a report states once,
        in its sources and method (:attr:`file_name`)."""
        return self.format.title

    @property
    def file_name(self) -> str:
        """The file's name as the user gave it (``ged.zip::GEDEvent_v25_1.csv`` for a member of
        an archive, ``book.xlsx::Sheet`` for a sheet), for the one mention in sources and method;
        for several files read as one, their names joined (:attr:`files` says what each held)."""
        if self.files is not None:
            return ", ".join(self.files.names)
        return self.path.name


def read(
    path: str | Path | list | tuple, format: str | None = None, *, domain: str | None = None
) -> Dataset:
    """Read and validate ``path``; ``format`` overrides detection; ``domain`` checks the result.

    ``path`` may name a file inside an archive or a sheet of a workbook:
    ``"ged251-csv.zip::GEDEvent_v25_1.csv"``, ``"book.xlsx::Sheet name"``; zip, gzip, xlsx, BOM,
    semicolon or tab delimiters, an HXL row and a preamble above the header are handled by
    :mod:`analysis.data.containers`. A folder, a glob pattern or a list names several files of
    one source, read as one table (:mod:`analysis.data.sets`; one file found is read as that
    file). Inside :func:`keeping`, a file already read is not opened again.
    """
    if is_set(path):
        return _read_set(path, format, domain)
    store = _kept.get()
    if store is None:
        return _read(path, format, domain)
    key = _kept_key(path, format, domain)
    if key is None:  # the file cannot even be looked at: read says why
        return _read(path, format, domain)
    found = store.get(key)
    if found is not None:
        store.move_to_end(key)
        return found
    found = _read(path, format, domain)
    for stale in [k for k in store if k[:2] == key[:2] and k[-1] != key[-1]]:  # since changed
        del store[stale]
    if time.time_ns() - key[-1][-1] >= cache.RACY_S * 1e9:  # else maybe still being written
        store[key] = found
        while len(store) > KEPT_FILES:
            store.popitem(last=False)
    return found


KEPT_FILES = 8
"""Files a :func:`keeping` store holds at most (the least recently read go first)."""

_kept: ContextVar[OrderedDict[tuple, Dataset] | None] = ContextVar("kept", default=None)


@contextmanager
def keeping(store: OrderedDict[tuple, Dataset]) -> Iterator[OrderedDict[tuple, Dataset]]:
    """Within the block, :func:`read` gives a file it has read into ``store`` from there: the
    same :class:`Dataset`, without opening the file again (not even to detect its format),
    while the file is unchanged (its device, inode, size, modification and status-change times,
    as :mod:`analysis.data.cache` checks them; an edited file is read again and replaces its old
    entry; a file changed less than :data:`analysis.data.cache.RACY_S` before it was read is not
    kept). ``store`` is the caller's, so what it holds outlives the block: the explore notebook
    (:mod:`analysis.sections.explore`) loads a report again for every governorate or period
    picked, and reads each file once. At most :data:`KEPT_FILES` files are held.

    The content cache (:func:`analysis.data.cache.cached_frame`) already spares a second parse
    of the same bytes in one process; this spares the file's opening and detection too, and
    holds under ``SITREP_NO_CACHE=1``. The datasets are shared, never copied: no reader, metric
    or section assigns into a frame it is given."""
    token = _kept.set(store)
    try:
        yield store
    finally:
        _kept.reset(token)


def _read_set(value: object, format: str | None, domain: str | None) -> Dataset:
    """Every file ``value`` names, read by its own reader and combined into one table."""
    found = members(value)
    if not found:
        raise DataValidationError(
            f"{sets.name_of(value)}: no data file there (a folder's CSV, gzip, zip, xlsx and "
            "JSON files are read, not its sub-folders). Check the folder or pattern."
        )
    if len(found) == 1:
        return read(found[0], format, domain=domain)
    if domain is not None and domain not in ("casualties", "health"):
        raise DataValidationError(
            f"{sets.name_of(value)}: names {len(found)} files, but {domain} data is read from "
            "one file; several files are read as one source only for events (casualties) and "
            "attacks on health care. Name one file."
        )
    datasets = [read(member, format, domain=domain) for member in found]
    frame, files = sets.remembered(
        [(m, d.format) for m, d in zip(found, datasets, strict=True)],
        lambda: sets.combine([(d.file_name, d.format, d.frame) for d in datasets]),
    )
    first = datasets[0]
    where = Path(str(value)) if not isinstance(value, list | tuple) else first.path.parent
    return Dataset(frame=frame, format=sets.chosen_format(files), path=where, files=files)


def _kept_key(path: str | Path, format: str | None, domain: str | None) -> tuple | None:
    file, parts = containers.split(path)
    try:
        s = file.stat()
        where = str(file.resolve())
    except (OSError, RuntimeError):
        return None
    identity = (s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns)
    # A reader may give text in the edition's language (the bundled files): keyed by it.
    edition = i18n.edition()
    return (where, parts, edition.language, edition.digits, format, domain, identity)


def _read(path: str | Path, format: str | None, domain: str | None) -> Dataset:
    named = formats.get(format) if format else None
    # A format named: the sheet of a workbook or the file of an archive holding its columns.
    source = containers.open_source(path, wanted=named)
    fmt = named or formats.detect_source(source, domain)
    if named is not None:
        formats.check_family(source, named)
    if domain is not None and fmt.domain != domain:
        raise DataValidationError(
            f"{source.label}: this is a {fmt.title} file ({fmt.domain} data), but {domain} data "
            f"is expected here. `sitrep data formats --domain {domain}` lists the {domain} "
            "formats."
        )
    try:
        frame = fmt.reader(source.local)
    except DataValidationError as exc:
        if not source.converted:
            raise
        raise containers.relabelled(exc, source) from None
    notes = ()
    if fmt.hxl_check is not None and source.tags and source.header:
        notes = tuple(fmt.hxl_check(list(source.header), list(source.tags)))
    return Dataset(frame=frame, format=fmt, path=source.path, local=source.local, notes=notes)


__all__ = ["BUNDLED", "FORMATS", "KEPT_FILES", "Dataset", "Format", "detect", "keeping", "read"]
