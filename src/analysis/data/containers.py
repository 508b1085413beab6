"""Files as publishers ship them, turned into plain CSV files the readers can read.

One job: from a path as the user gives it (``ged.zip``, ``ged.zip::GEDEvent_v25_1.csv``,
``data.csv.gz``, ``book.xlsx::Sheet name``, a semicolon CSV with a BOM, an HXL row and a
preamble) to a :class:`Source`: the label that names the user's file in every message, and a
local file a reader can open.

- A file that is already a plain UTF-8 comma CSV with its header on line 1 is used as it is: no
  copy, no hashing, the fast path of the readers is unchanged.
- Anything else is converted once into such a CSV in ``cache_dir()/plain``, named by the
  source's SHA-256 (and the member or sheet), written whole or not at all, within the cache's
  bound (:mod:`analysis.data.cachedir`); a second read only hashes.
- What is inflated is bounded (:mod:`analysis.data.limits`): a zip's declared sizes are checked
  before anything is inflated (a workbook's too, before openpyxl opens it), the bytes really
  inflated are counted against the size and ratio limits, text is read in chunks and lines with
  a length limit. A zip in a zip, or a gzip in a zip, is checked at each level.
- Workbooks no sheet of which holds a registered CSV layout (the HNAP workbook) and JSON files
  are passed through unchanged: their readers open them directly.

The header is the first row that carries a registered format's signature columns (publishers'
preambles are skipped), or, when none does, the row above an HXL hashtag row; the HXL row is
dropped. Line numbers in a reader's messages about a converted file are shifted back to the
user's file.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import gzip
import hashlib
import io
import os
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from analysis.data import cachedir, cachewrite
from analysis.data.limits import CHUNK, MAX_LINE, Checked, check_declared, human, inflatable
from analysis.data.textfile import check_file, encoding_error, looks_like_name
from analysis.errors import DataValidationError

T = TypeVar("T")

SEPARATOR = "::"
"""Between a container and the member or sheet inside it: ``archive.zip::GEDEvent_v25_1.csv``."""

_VERSION = "1"
_HEAD = 1 << 16  # bytes looked at to decide whether a text file is plain
_HEADER_SEARCH = 40  # rows searched for the header (UNHCR downloads have about 14 before it)
_DELIMITERS = (",", ";", "\t")
_TEXT_MEMBERS = (".csv", ".tsv", ".txt", ".tab")
_DATA_MEMBERS = (*_TEXT_MEMBERS, ".xlsx", ".xlsm", ".gz", ".json", ".geojson")
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel or Office 97-2003 file (.xls); save it as .xlsx or CSV",
    b"BZh": "a bzip2 archive; decompress it first",
    b"\xfd7zXZ": "an xz archive; decompress it first",
    b"7z\xbc\xaf": "a 7-Zip archive; extract the data file first",
    b"Rar!": "a RAR archive; extract the data file first",
    b"PAR1": "a Parquet file; export it as CSV",
    b"SQLite format 3": "an SQLite database; export the table as CSV",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
_GEOPACKAGE = b"SQLite format 3\x00"
"""A GeoPackage (``.gpkg``) is an SQLite database: boundaries, read as such."""
_CONTROL_BYTES = bytes([*range(1, 9), *range(14, 26), *range(28, 32), 127])
"""Bytes no text file holds (tab, line ends, form feed and the DOS end-of-file mark aside)."""
_HXL_TAG = re.compile(r"^#[A-Za-z][\w]*(\s*[+][\w]+)*$")
_LINES = re.compile(r"\b(lines?|rows?) (\d+(?:, \d+)*)")


@dataclass(frozen=True)
class Source:
    """A data file as the user named it, and the local file its reader opens."""

    label: str
    """The user's file, with ``::member`` or ``::sheet`` when there is one: used in messages."""
    local: Path
    """The file a reader opens: the user's own file, or a converted plain CSV in the cache."""
    converted: bool = False
    skipped_above: int = 0
    """Lines (or sheet rows) of the user's file above the header."""
    hxl: bool = False
    """Whether an HXL hashtag row under the header was dropped."""
    header: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    """The HXL hashtag row that was dropped, one tag per header column ("" where none)."""

    @property
    def path(self) -> Path:
        """The label as a path (what :class:`~analysis.data.Dataset` records)."""
        return Path(self.label)

    def relabel(self, message: str) -> str:
        """A reader's message about ``local`` rewritten to name the user's file and lines."""
        if not self.converted:
            return message
        message = message.replace(str(self.local), self.label)
        if not (self.skipped_above or self.hxl):
            return message

        def shift(number: int) -> int:
            if number <= 1:
                return number + self.skipped_above
            return number + self.skipped_above + int(self.hxl)

        def lines(match: re.Match) -> str:
            numbers = ", ".join(str(shift(int(n))) for n in match.group(2).split(", "))
            return f"{match.group(1)} {numbers}"

        return _LINES.sub(lines, message)


def split(path: str | Path) -> tuple[Path, tuple[str, ...]]:
    """``"a.zip::b.csv"`` -> ``(Path("a.zip"), ("b.csv",))``; a plain path has no parts."""
    text = str(path)
    if SEPARATOR not in text or os.path.exists(os.path.expanduser(text)):  # "::" in a name
        return Path(text).expanduser(), ()
    head, *parts = text.split(SEPARATOR)
    return Path(head).expanduser(), tuple(parts)


def exists(path: str | Path) -> bool:
    """Whether the file part of ``path`` (before any ``::member``) is an existing file."""
    file, _ = split(path)
    return file.is_file()


def local_path(path: str | Path) -> Path:
    """The file to open for ``path``: itself, or for ``archive.zip::member`` the member's copy.

    For code that re-opens a :attr:`Dataset.path <analysis.data.Dataset.path>` (stat, hash)."""
    if SEPARATOR not in str(path):
        return Path(path)
    return open_source(path).local


def reading(path: str | Path, read: Callable[[Path], T]) -> T:
    """``read(local)`` for the file behind ``path``, its messages naming the user's file.

    Lets a reader given a user's path directly (a zip, a semicolon CSV, ``book.xlsx::Sheet``)
    read it as :func:`analysis.data.read` would."""
    source = open_source(path)
    if not source.converted:
        return read(source.local)
    try:
        return read(source.local)
    except DataValidationError as exc:
        raise relabelled(exc, source) from None


def relabelled(exc: DataValidationError, source: Source) -> DataValidationError:
    """``exc`` naming the user's file instead of its converted copy, its attributes kept (the
    columns of a :class:`~analysis.errors.MissingColumnsError`)."""
    error = type(exc)(source.relabel(str(exc)))
    error.__dict__.update(exc.__dict__)
    return error


Signatures = Callable[[], Iterable[frozenset[str]]]


class Wanted(Protocol):
    """A format named by the user (``--format``), as far as choosing a sheet or member goes
    (:class:`analysis.data.formats.Format`)."""

    name: str
    columns: tuple[str, ...]

    def missing(self, header: Sequence[str]) -> list[str]: ...

    def needs_text(self) -> str: ...


_wanted: ContextVar[Wanted | None] = ContextVar("wanted", default=None)


def _no_signatures() -> Iterable[frozenset[str]]:
    return ()


_signatures: Signatures = _no_signatures
_cache: dict[tuple, Source] = {}
_handed: dict[Path, None] = {}
"""The converted copies this process handed out lately, in order (never evicted by it)."""
cachedir.holding(lambda: list(_handed))


def use_signatures(provider: Signatures) -> None:
    """Set where header signatures come from (the format registry installs itself)."""
    global _signatures
    _signatures = provider


def _matches(cells: Iterable[object]) -> bool:
    names = {str(c).strip() for c in cells if c is not None and str(c).strip()}
    if not names:
        return False
    bom_free = {n.lstrip("\ufeff") for n in names}
    return any(sig and sig <= bom_free for sig in _signatures())


def open_source(path: str | Path, wanted: Wanted | None = None) -> Source:
    """The :class:`Source` for ``path`` (with optional ``::member``), converting when needed.

    With ``wanted`` (a table format the user named), a workbook's sheet or an archive's file is
    the one that holds that format's columns (or most of them, so that the reader names what is
    missing); none holding any is refused, naming the sheets or files."""
    token = _wanted.set(wanted if wanted is not None and wanted.columns else None)
    try:
        return _open_source(path)
    finally:
        _wanted.reset(token)


def _open_source(path: str | Path) -> Source:
    file, parts = split(path)
    check_file(file)
    stat = file.stat()
    # The file's identity as in analysis.data.cache: a rewrite that keeps size and mtime still
    # changes the inode or st_ctime, so it is opened (and converted) again; a file changed in
    # the last two seconds (timestamps are coarse) is not remembered.
    key = (str(file.resolve()), parts, stat.st_dev, stat.st_ino, stat.st_size)
    key += (stat.st_mtime_ns, stat.st_ctime_ns, getattr(_wanted.get(), "name", None))
    if key in _cache and _cache[key].local.exists():
        return _handing(_cache[key])
    racy = time.time_ns() - stat.st_ctime_ns < 2_000_000_000
    source = _open(file, parts, str(file))
    if len(_cache) > 64:
        _cache.clear()
    if not racy:
        _cache[key] = source
    return _handing(source)


def _handing(source: Source) -> Source:
    """``source``, its copy (if any) marked as used now and as held by this process."""
    if source.converted:
        cachedir.mark_used(source.local)
        _handed.pop(source.local, None)
        _handed[source.local] = None
        while len(_handed) > 64:
            del _handed[next(iter(_handed))]
    return source


def _open(file: Path, parts: tuple[str, ...], label: str) -> Source:
    with file.open("rb") as handle:
        head = handle.read(_HEAD)
    if head.startswith(_GEOPACKAGE) and file.suffix.lower() == ".gpkg" and not parts:
        return Source(label=label, local=file)  # read by the boundary readers (pyogrio)
    if head.startswith(b"PK") and zipfile.is_zipfile(file):
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if not parts and any(n.lower().endswith(".shp") for n in names):
                return Source(label=label, local=file)  # a zipped shapefile, read by pyogrio
            if any(n.startswith("xl/") for n in names):
                check_declared(archive.infolist(), label, whole=True)  # before openpyxl reads
                return _excel(file, parts, label)
            return _zip(file, archive, parts, label)
    if head.startswith(b"PK\x03\x04") or file.suffix.lower() in (".xlsx", ".xlsm"):
        if file.suffix.lower() in (".xlsx", ".xlsm"):
            return Source(label=label, local=file)  # the workbook readers report the damage
        raise DataValidationError(
            f"{label}: the zip archive is damaged (it may be truncated). Download it again."
        )
    if head.startswith(b"\x1f\x8b"):
        if parts:
            raise DataValidationError(
                f"{label}: a gzip file holds one file only; remove "
                f"'{SEPARATOR}{SEPARATOR.join(parts)}' from the path."
            )
        return _text(file, label, opener=lambda: _gunzip(file, label), compressed=True)
    if parts:
        raise DataValidationError(
            f"{label}: is not a zip archive or an Excel workbook, so "
            f"'{SEPARATOR}{parts[0]}' cannot name a file or sheet in it. Give the path alone."
        )
    _refuse_binary(head, label)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"[") or file.suffix.lower() in (".json", ".geojson"):
        return Source(label=label, local=file)
    return _text(file, label, opener=lambda: _checked(file, label), compressed=False)


def _gunzip(file: Path, label: str) -> io.BufferedReader:
    """The inflated bytes of a gzip file, held to the limits as they are read."""
    raw = file.open("rb")
    inflated = Checked(gzip.GzipFile(fileobj=raw, mode="rb"), label, raw.tell, closing=(raw,))
    return io.BufferedReader(inflated, CHUNK)


def _checked(file: Path, label: str) -> io.BufferedReader:
    """The bytes of a text file, its lines held to the length limit as they are read."""
    return io.BufferedReader(Checked(file.open("rb"), label), CHUNK)


def _refuse_binary(head: bytes, label: str) -> None:
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise DataValidationError(
                f"{label}: this is {what}, not a data table. Give a CSV, gzip, zip or xlsx file."
            )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataValidationError(
            f"{label}: the text is UTF-16. Re-save the file as UTF-8 (for example with "
            "`iconv -f UTF-16 -t UTF-8`)."
        )
    if b"\x00" in head[:4096]:
        raise DataValidationError(
            f"{label}: this is a binary file, not a CSV table (it holds NUL bytes). Give a CSV, "
            "gzip, zip or xlsx file of a supported source."
        )
    sample = head[:4096]
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    if controls > max(4, len(sample) // 100):
        raise DataValidationError(
            f"{label}: this is a binary file, not a CSV table (it holds control bytes that no "
            "text has). Give a CSV, gzip, zip or xlsx file of a supported source."
        )


# --- text --------------------------------------------------------------------------------------


def _decode_head(raw: bytes, label: str, compressed: bool) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        return decoder.decode(raw, final=False)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _encoding_error(label, line, raw, exc, compressed) from None


def _encoding_error(
    label: str, line: int, raw: bytes, exc: UnicodeDecodeError, compressed: bool
) -> DataValidationError:
    start = raw.rfind(b"\n", 0, exc.start) + 1
    end = raw.find(b"\n", exc.start)
    text = raw[start : end if end >= 0 else len(raw)]
    local = UnicodeDecodeError("utf-8", text, exc.start - start, exc.end - start, exc.reason)
    error = encoding_error(Path(label), line, text, local)
    if compressed:
        inside = f"{label}: line {line} of the decompressed text is"
        resave = "Decompress the file and re-save the text as UTF-8"
        return DataValidationError(
            str(error)
            .replace(f"{label}: line {line} is", inside)
            .replace("Re-save the file as UTF-8", resave)
        )
    return error


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most sample lines into the same number (>1) of fields."""
    best, best_score = ",", (0, 0)
    sample = [line for line in lines if line.strip()][:_HEADER_SEARCH]
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(sample, delimiter=delimiter))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if r]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        if common < 2:
            continue
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _is_hxl(row: list[str]) -> bool:
    cells = [c.strip() for c in row if c.strip()]
    return bool(cells) and all(_HXL_TAG.match(c) for c in cells)


def _layout(text: str, complete: bool) -> tuple[str, int, bool, list[str], tuple[str, ...] | None]:
    """Delimiter, lines above the header, whether an HXL row follows it, the header, and the HXL
    row's tags (None without one)."""
    lines = text.splitlines()
    if not complete and lines:
        lines = lines[:-1]  # the last line of a partial head may be cut
    lines = lines[: _HEADER_SEARCH + 2]
    rows_by_delimiter = {}
    header_at = None
    delimiter = None
    for candidate in _DELIMITERS:
        try:
            rows = list(csv.reader(lines[:_HEADER_SEARCH], delimiter=candidate))
        except csv.Error:
            continue
        rows_by_delimiter[candidate] = rows
        for number, row in enumerate(rows):
            if len(row) > 1 and _matches(row):
                if header_at is None or number < header_at:
                    header_at, delimiter = number, candidate
                break
    if delimiter is None:
        # No known header: an HXL hashtag row still tells where the header is (the row above
        # it), so a publisher's preamble is skipped and the refusal names the real columns.
        delimiter, header_at = _sniff_delimiter(lines), 0
        for candidate, rows in rows_by_delimiter.items():
            tagged = next((i for i, row in enumerate(rows) if i and _is_hxl(row)), None)
            if tagged is not None and len(rows[tagged - 1]) > 1:
                delimiter, header_at = candidate, tagged - 1
                break
    rows = rows_by_delimiter.get(delimiter) or list(csv.reader(lines, delimiter=delimiter))
    header = rows[header_at] if header_at < len(rows) else []
    hxl = header_at + 1 < len(rows) and _is_hxl(rows[header_at + 1])
    if header:
        header[0] = header[0].lstrip("\ufeff")
    tags = _tags(rows[header_at + 1], len(header)) if hxl else None
    return delimiter, header_at, hxl, [h.strip() for h in header], tags


def _tags(row: list[str], width: int) -> tuple[str, ...]:
    """An HXL row's tags, one per header column."""
    cells = [c.strip() for c in row[:width]]
    return tuple(cells + [""] * (width - len(cells)))


def _text(file: Path, label: str, opener: Callable[[], io.BufferedIOBase], compressed: bool):
    try:
        with opener() as handle:
            raw = handle.read(_HEAD)
            complete = len(handle.read(1)) == 0
    except (OSError, EOFError, zlib.error) as exc:
        raise DataValidationError(
            f"{label}: the compressed file is damaged ({exc}). Download it again."
        ) from None
    if compressed:
        _refuse_binary(raw, f"{label} (decompressed)")
    bom = raw.startswith(codecs.BOM_UTF8)
    text = _decode_head(raw, label, compressed)
    if not text.strip():
        check_file(file)
        raise DataValidationError(
            f"{label}: the file holds no text (only blank lines). Export the data again."
        )
    delimiter, above, hxl, header, tags = _layout(text, complete)
    plain = not compressed and not bom and delimiter == "," and above == 0 and not hxl
    if plain:
        return Source(label=label, local=file, header=tuple(header))
    target = _target(file, label, _csv_name(label.split(SEPARATOR)[-1]))
    if target.exists():
        cachedir.mark_used(target)
    else:
        _write_text(target, opener, label, delimiter, above, hxl, compressed)
    return Source(
        label=label,
        local=target,
        converted=True,
        skipped_above=above,
        hxl=hxl,
        header=tuple(header),
        tags=tags,
    )


class _Text:
    """The text of a file being converted (BOM dropped, line ends kept), by lines or by chunks;
    ``handle`` holds it to the limits (:class:`~analysis.data.limits.Checked`). An error reading
    it (never one writing the copy) is one line naming the line reached."""

    def __init__(self, handle: io.BufferedIOBase, label: str, compressed: bool) -> None:
        self._reader = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        self._reader._CHUNK_SIZE = CHUNK  # fewer, larger reads than the default 8 KiB
        self._label = label
        self._compressed = compressed
        self.line = 0

    def lines(self) -> Iterator[str]:
        with self._errors():
            for line in self._reader:
                self.line += 1
                yield line

    def chunks(self) -> Iterator[str]:
        """The rest of the text, in chunks: a copy without work per line (a file of a million
        blank lines is copied, or refused by the limits, in the time of its bytes)."""
        while True:
            with self._errors():
                chunk = self._reader.read(CHUNK)
            if not chunk:
                return
            self.line += chunk.count("\n")
            yield chunk

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        label, compressed = self._label, self._compressed
        try:
            yield
        except UnicodeDecodeError as exc:
            where = "the text inside" if compressed else "the file"
            raise DataValidationError(
                f"{label}: {where} is not valid UTF-8 after line {self.line}"
                f" (byte 0x{exc.object[exc.start : exc.start + 1].hex()}). "
                + (
                    "Decompress it and re-save the text as UTF-8"
                    if compressed
                    else "Re-save the file as UTF-8"
                )
                + ", for example with `iconv -f WINDOWS-1256 -t UTF-8` for Arabic Windows files "
                "or `-f LATIN1` for Western European ones."
            ) from None
        except (OSError, EOFError, zlib.error) as exc:
            raise DataValidationError(
                f"{label}: the compressed file is damaged after line {self.line} ({exc}). "
                "Download it again."
            ) from None


def _write_text(target, opener, label, delimiter, above, hxl, compressed) -> None:
    with opener() as handle, cachewrite.writing("plain", target, label, needed=True) as output:
        text = _Text(handle, label, compressed)
        out = output.text()
        if delimiter == ",":
            last = above + int(hxl)  # the header, or the HXL row under it
            for number, line in enumerate(text.lines()):
                if number == above:
                    out.write(line)
                if number >= last:
                    break
            for chunk in text.chunks():
                out.write(chunk)
            return
        writer = csv.writer(out, lineterminator="\n")
        rows = csv.reader(text.lines(), delimiter=delimiter)
        limit = MAX_LINE.value()
        before = csv.field_size_limit(max(csv.field_size_limit(), limit))
        try:
            for number, row in enumerate(rows):
                if number < above or (hxl and number == above + 1):
                    continue
                writer.writerow(row)
        except csv.Error as exc:
            raise _csv_error(label, rows.line_num, exc, limit, compressed) from None
        finally:
            csv.field_size_limit(before)


def _csv_error(label: str, line: int, exc: csv.Error, limit: int, compressed: bool):
    where = " of the decompressed text" if compressed else ""
    if "field limit" in str(exc):
        return DataValidationError(
            MAX_LINE.refusal(
                label,
                f"a field ending at line {line}{where} is longer than {human(limit)} (a quote "
                "left open?)",
            )
        )
    return DataValidationError(
        f"{label}: line {line}{where} cannot be read as CSV ({exc}). Check the quotes on that "
        "line, or export the file again."
    )


def _target(file: Path, label: str, name: str) -> Path:
    """Where the plain copy of ``label`` goes: a folder named by the source's SHA-256 (and the
    member or sheet), holding a file with the user's file name (readers may look at names)."""
    from analysis.files import sha256_file
    from analysis.paths import cache_dir

    inner = label.split(SEPARATOR, 1)[1] if SEPARATOR in label else ""
    digest = hashlib.sha256(inner.encode()).hexdigest()[:12] if inner else "whole"
    safe = re.sub(r"[^\w.\- ]+", "_", name).strip() or "data.csv"
    return cache_dir() / "plain" / f"{sha256_file(file)}-{digest}-v{_VERSION}" / safe[:120]


def _csv_name(name: str) -> str:
    """The plain-CSV name for a user's file name: ``a.csv.gz`` -> ``a.csv``, ``b.xlsx`` ->
    ``b.csv``, ``c.tsv`` -> ``c.csv``."""
    base = Path(name).name
    for suffix in (".gz", ".xlsx", ".xlsm", ".tsv", ".txt", ".tab", ".csv"):
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
    return base + ".csv"


# --- zip -----------------------------------------------------------------------------------------


def _members(archive: zipfile.ZipFile) -> list[str]:
    return [
        info.filename
        for info in archive.infolist()
        if not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not Path(info.filename).name.startswith(".")
    ]


def _member_rows(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    """The first rows of a text member, split by each delimiter (header candidates)."""
    if not name.lower().endswith(_TEXT_MEMBERS) or not inflatable(archive.getinfo(name)):
        return []
    with archive.open(name) as handle:
        raw = handle.read(_HEAD)
    text = raw.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()[:_HEADER_SEARCH]
    return [
        row
        for delimiter in _DELIMITERS
        for row in csv.reader(lines, delimiter=delimiter)
        if len(row) > 1
    ]


def _lacking(wanted: Wanted, rows: Iterable[list[str]]) -> tuple[tuple[int, int], int] | None:
    """((columns of ``wanted`` missing, minus the row's width), the row's index) for the row of
    ``rows`` with fewest missing (the widest of those: a data table over a notes sheet), or None
    when no row has any of them."""
    best = None
    for number, row in enumerate(rows):
        cells = [c for c in row if c]
        missing = len(wanted.missing(cells))
        score = (missing, -len(cells))
        if missing < len(wanted.columns) and (best is None or score < best[0]):
            best = (score, number)
    return best


def _none_has(wanted: Wanted, label: str, kind: str, names: list[str]) -> DataValidationError:
    return DataValidationError(
        f"{label}: no {kind} in it has the columns of format {wanted.name} "
        f"({wanted.needs_text()}); its {kind}s are {_list(names)}. Name the right one as "
        f"`{label}{SEPARATOR}NAME`, or check the format."
    )


def _zip(file: Path, archive: zipfile.ZipFile, parts: tuple[str, ...], label: str) -> Source:
    members = _members(archive)
    if parts:
        wanted = parts[0]
        found = [m for m in members if m == wanted] or [
            m for m in members if Path(m).name.lower() == wanted.lower()
        ]
        if not found:
            raise DataValidationError(
                f"{label}: the archive has no file {wanted!r}; it holds {_list(members)}."
            )
        member = found[0]
    else:
        data = [m for m in members if m.lower().endswith(_DATA_MEMBERS)]
        if not data:
            raise DataValidationError(
                f"{label}: the archive holds no CSV, xlsx, gz or JSON file (it holds "
                f"{_list(members)})."
            )
        if len(data) == 1:
            member = data[0]
        else:
            try:
                heads = {m: _member_rows(archive, m) for m in data}
            except (OSError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise DataValidationError(
                    f"{label}: the archive is damaged ({exc}). Download it again."
                ) from None
            wanted = _wanted.get()
            if wanted is not None:  # the file holding the named format's columns, or most
                scores = {m: _lacking(wanted, heads[m]) for m in data}
                scored = [m for m in data if scores[m] is not None]
                if not scored:
                    raise _none_has(wanted, label, "file", data)
                fewest = min(scores[m][0] for m in scored)
                matching = [m for m in scored if scores[m][0] == fewest]
            else:
                matching = [m for m in data if any(_matches(r) for r in heads[m])]
            if len(matching) != 1:
                shown = matching or data
                raise DataValidationError(
                    f"{label}: the archive holds several data files ({_list(shown)}); name one "
                    f"as `{label}{SEPARATOR}{shown[0]}`."
                )
            member = matching[0]
    inner_label = f"{label}{SEPARATOR}{member}"
    target = _target(file, inner_label, Path(member).name)
    if target.exists():
        cachedir.mark_used(target)
    else:
        _extract(archive, archive.getinfo(member), target, inner_label)
    try:
        source = _open(target, parts[1:], inner_label)
    except DataValidationError:
        cachedir.discard(target)  # a member refused (a bomb in a zip in a zip) is not kept
        raise
    if source.local == target:  # read as it is: still name the member in messages
        return Source(label=inner_label, local=target, converted=True, header=source.header)
    return source


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, label: str) -> None:
    """Copy a member into the cache, checked against the limits: on its declared sizes first,
    then on the bytes really inflated."""
    check_declared([info], label.rsplit(SEPARATOR, 1)[0])
    with cachewrite.writing("plain", target, label, needed=True, size=info.file_size) as output:
        out = output.binary()
        with _damaged(label):
            member = archive.open(info)
        text = info.filename.lower().endswith(_TEXT_MEMBERS)
        with Checked(member, label, lambda: _consumed(member, info), lines=text) as inflated:
            while True:
                with _damaged(label):  # reading the archive; writing is cachedir's to name
                    chunk = inflated.read(CHUNK)
                if not chunk:
                    break
                out.write(chunk)


@contextlib.contextmanager
def _damaged(label: str) -> Iterator[None]:
    try:
        yield
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise DataValidationError(
            f"{label}: cannot extract the file from the archive ({exc}); the archive may be "
            "damaged. Download it again."
        ) from None


def _consumed(member, info: zipfile.ZipInfo) -> int:
    """Compressed bytes of ``info`` read so far (its whole size when that cannot be told)."""
    left = getattr(member, "_compress_left", 0)
    return info.compress_size - left if isinstance(left, int) else info.compress_size


def _list(names: list[str], limit: int = 6, width: int = 60) -> str:
    """Member or sheet names for a message: the first ``limit``, each cut to ``width``."""
    cut = [n if len(n) <= width else n[: width - 1] + "…" for n in names[:limit]]
    return ", ".join(cut) + (f" and {len(names) - limit} more" if len(names) > limit else "")


# --- Excel ---------------------------------------------------------------------------------------


def _excel(file: Path, parts: tuple[str, ...], label: str) -> Source:
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    broken = (zipfile.BadZipFile, zlib.error, KeyError, EOFError, ParseError, OSError)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (*broken, InvalidFileException, ValueError, TypeError) as exc:
        detail = str(exc)  # openpyxl's text may quote the workbook's XML: only a short plain one
        said = f": {detail}" if len(detail) <= 80 and looks_like_name(detail) else ""
        raise DataValidationError(
            f"{label}: cannot open the workbook ({type(exc).__name__}{said}). Save it again "
            "from Excel as .xlsx, or export the data sheet as CSV."
        ) from None
    try:
        names = workbook.sheetnames
        if len(parts) > 1:
            raise DataValidationError(
                f"{label}: name one sheet after the workbook ('{SEPARATOR}{parts[0]}'), nothing "
                "more."
            )
        if parts:
            found = [s for s in names if s == parts[0]] or [
                s for s in names if s.strip().lower() == parts[0].strip().lower()
            ]
            if not found:
                raise DataValidationError(
                    f"{label}: the workbook has no sheet {parts[0]!r}; its sheets are "
                    f"{_list([repr(n) for n in names], 12)}."
                )
            chosen = [(found[0], _header_row(workbook[found[0]], required=False))]
        else:
            chosen = [(s, _header_row(workbook[s])) for s in names]
            chosen = [(s, h) for s, h in chosen if h is not None]
            wanted = _wanted.get()
            if wanted is not None:  # the sheets holding the named format's columns, or most
                if not chosen:
                    raise _none_has(wanted, label, "sheet", [repr(n) for n in names])
                fewest = min(h[4] for _, h in chosen)
                chosen = [(s, h) for s, h in chosen if h[4] == fewest]
            if not chosen:
                return Source(label=label, local=file)  # a workbook reader (HNAP) decides
            headers = {tuple(h[1]) for _, h in chosen}
            if len(headers) > 1:
                sheets = _list([repr(s) for s, _ in chosen])
                raise DataValidationError(
                    f"{label}: several sheets hold data ({sheets}); name one as "
                    f"`{label}{SEPARATOR}{chosen[0][0]}`."
                )
        sheet_label = label + (f"{SEPARATOR}{chosen[0][0]}" if len(chosen) == 1 else "")
        together = SEPARATOR.join(["*", *(s for s, _ in chosen)])
        target = _target(
            file,
            sheet_label if len(chosen) == 1 else label + f"{SEPARATOR}{together}",
            _csv_name(file.name),
        )
        above, header, hxl, tags, _ = chosen[0][1]
        if target.exists():
            cachedir.mark_used(target)
        else:
            _write_sheets(workbook, target, [(s, h) for s, h in chosen], label, broken)
    finally:
        workbook.close()
    return Source(
        label=sheet_label,
        local=target,
        converted=True,
        skipped_above=above,
        hxl=hxl,
        header=tuple(header),
        tags=tags,
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _header_row(sheet, required: bool = True) -> tuple | None:
    """(rows above the header, header, HXL row below, its tags, columns of the wanted format
    missing) of a sheet; None when no header matches (no row with any of the wanted format's
    columns, when a format is wanted)."""
    rows = []
    for row in sheet.iter_rows(max_row=_HEADER_SEARCH + 1, values_only=True):
        rows.append([_cell(v).strip() for v in row])
    wanted = _wanted.get()
    lacking = _lacking(wanted, rows[:_HEADER_SEARCH]) if wanted is not None else None
    if wanted is not None:
        number = lacking[1] if lacking else None
    else:
        number = next((i for i, r in enumerate(rows[:_HEADER_SEARCH]) if _matches(r)), None)
    if number is None:
        if required:
            return None
        tagged = next((i for i, r in enumerate(rows) if i and _is_hxl(r)), None)  # see _layout
        number = tagged - 1 if tagged else next((i for i, r in enumerate(rows) if any(r)), 0)
    header = _trim(rows[number]) if rows else []
    hxl = number + 1 < len(rows) and _is_hxl(rows[number + 1])
    tags = _tags(rows[number + 1], len(header)) if hxl else None
    return number, header, hxl, tags, lacking[0] if lacking else (0, 0)


def _trim(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


def _write_sheets(workbook, target: Path, chosen, label: str, broken: tuple) -> None:
    with cachewrite.writing("plain", target, label, needed=True) as output:
        writer = csv.writer(output.text(), lineterminator="\n")
        for index, (name, (above, header, hxl, _, _)) in enumerate(chosen):
            width = len(header)
            if index == 0:
                writer.writerow(header)
            skip = above + 1 + int(hxl)
            for number, row in enumerate(_sheet_rows(workbook[name], label, broken)):
                if number < skip:
                    continue
                cells = [_cell(v) for v in row[:width]]
                if not any(cells):
                    continue
                writer.writerow(cells + [""] * (width - len(cells)))


def _sheet_rows(sheet, label: str, broken: tuple) -> Iterator[tuple]:
    """The rows of a sheet; a workbook damaged past its first rows is one line, not a traceback
    (and never taken for a problem writing the cache)."""
    try:
        yield from sheet.iter_rows(values_only=True)
    except broken as exc:
        raise DataValidationError(
            f"{label}: cannot read the workbook ({type(exc).__name__}: {exc}). Save it again "
            "from Excel as .xlsx, or export the data sheet as CSV."
        ) from None


__all__ = [
    "SEPARATOR",
    "Source",
    "exists",
    "local_path",
    "open_source",
    "reading",
    "split",
    "use_signatures",
]
