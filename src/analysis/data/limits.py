"""Limits on what one input file may cost, and streams that keep to them.

A compressed file is small on disk and may be enormous inside: a zip of zeros inflates a
thousand times, a gzip of one endless line has no line end to stop at. Everything the container
layer (:mod:`analysis.data.containers`) inflates passes through :class:`Checked`, which counts
the bytes really produced (never trusting a header) and stops as soon as a limit is passed; lines
are held to a length limit, so neither a whole member nor a whole line is ever held in memory.

Each limit is read from its environment variable when it is used, with a default that fits real
publisher files (a global UCDP GED or ACLED export inflates to 0.3-3 GB, CSV text compresses 5
to 20 times):

==========================  =========  ====================================================
``SITREP_MAX_INFLATED``     4G         bytes one compressed file (zip member, gzip) inflates to
``SITREP_MAX_RATIO``        200        inflated size / compressed size, once past the floor
``SITREP_RATIO_FLOOR``      64M        inflated bytes (or lines, /64) before the ratio is checked
``SITREP_MAX_LINE``         16M        characters of one line of a compressed or converted text
``SITREP_CACHE_MAX``        8G         what the cache folder may hold (:mod:`.cachedir`)
==========================  =========  ====================================================

Sizes take a unit (K, M, G, T, binary: ``4G`` is 4 GiB; a trailing ``B`` or ``iB`` is allowed);
a value that is not one is refused in one line naming the variable. A refusal names the file,
the limit, its value and how to raise it.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from analysis.errors import DataValidationError, ParameterError

KiB, MiB, GiB, TiB = 1 << 10, 1 << 20, 1 << 30, 1 << 40
_UNITS = {"": 1, "K": KiB, "M": MiB, "G": GiB, "T": TiB}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*$", re.IGNORECASE)
_RATIO = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?::\s*1)?\s*$")
CHUNK = 1 << 20
"""Bytes inflated per read: what one step of a copy or a conversion holds in memory."""
_LINE_BYTES = 64
"""The ratio is also checked once a text has more lines than the ratio floor has 64-byte lines
(a million, by default): a conversion's work goes by lines, and a million lines of a real table
inflate to 50 MB or more, while a million blank ones take 1 MB."""


def parse_size(text: str) -> int | None:
    """``"4G"`` -> 4 GiB in bytes; ``None`` when ``text`` is not a size."""
    match = _SIZE.match(text)
    if not match:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def human(size: float) -> str:
    """``4294967296`` -> ``"4 GiB"``, ``1572864`` -> ``"1.5 MiB"``, ``900`` -> ``"900 bytes"``."""
    for unit, scale in (("TiB", TiB), ("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if size >= scale:
            value = size / scale
            shown = f"{value:.0f}" if value >= 100 else f"{value:.1f}".removesuffix(".0")
            return f"{shown} {unit}"
    return f"{int(size)} bytes"


def _short(size: int) -> str:
    """A size as an environment variable takes it: ``8G``, ``1536M``, ``100K``, ``12``."""
    for unit, scale in (("T", TiB), ("G", GiB), ("M", MiB), ("K", KiB)):
        if size >= scale and size % scale == 0:
            return f"{size // scale}{unit}"
    return f"{-(-size // MiB)}M" if size >= MiB else str(size)


@dataclass(frozen=True)
class Limit:
    """A limit read from ``variable``, ``default`` when it is unset or empty."""

    variable: str
    default: int
    what: str
    ratio: bool = False
    zero_ok: bool = False

    def value(self) -> int:
        text = os.environ.get(self.variable, "").strip()
        if not text:
            return self.default
        if self.ratio:
            match = _RATIO.match(text)
            value = int(float(match.group(1))) if match else None
            if value is None or value < 1:
                raise ParameterError(
                    f"{self.variable}={text!r} is not a ratio: give a whole number of at least "
                    f"1, e.g. {self.variable}={self.default}."
                )
            return value
        value = parse_size(text)
        if value is None or (value == 0 and not self.zero_ok):
            raise ParameterError(
                f"{self.variable}={text!r} is not a size: give bytes or a number with K, M, G or "
                f"T (binary units, 4G = 4 GiB), e.g. {self.variable}={_short(self.default)}."
            )
        return value

    @property
    def source(self) -> str:
        """Where the value comes from: the variable, or ``"default"``."""
        return self.variable if os.environ.get(self.variable, "").strip() else "default"

    def shown(self, value: int | None = None) -> str:
        value = self.value() if value is None else value
        return f"{value}:1" if self.ratio else human(value)

    def setting(self) -> str:
        """``SITREP_MAX_INFLATED=4G`` as set, or the default in the same form."""
        text = os.environ.get(self.variable, "").strip()
        if not text:
            text = str(self.default) if self.ratio else _short(self.default)
        return f"{self.variable}={text}"

    def raise_to(self, needed: int | None = None) -> str:
        """``SITREP_MAX_INFLATED=8G``: a value above ``needed`` (or twice the current one)."""
        value = max(self.value() * 2, 1)
        while needed is not None and value <= needed:
            value *= 2
        return f"{self.variable}={value if self.ratio else _short(value)}"

    def refusal(self, label: str, finding: str, needed: int | None = None) -> str:
        """The one line of a refusal: file, what was found, the limit, how to raise it."""
        return (
            f"{label}: refused: {finding}; the limit on the {self.what} is {self.shown()} "
            f"({self.setting()}). If the file is genuine, raise it, e.g. {self.raise_to(needed)}."
        )


MAX_INFLATED = Limit("SITREP_MAX_INFLATED", 4 * GiB, "inflated size of one compressed file")
MAX_RATIO = Limit("SITREP_MAX_RATIO", 200, "compression ratio", ratio=True)
RATIO_FLOOR = Limit(
    "SITREP_RATIO_FLOOR", 64 * MiB, "size below which no ratio is checked", zero_ok=True
)
MAX_LINE = Limit("SITREP_MAX_LINE", 16 * MiB, "length of one line")
CACHE_MAX = Limit("SITREP_CACHE_MAX", 8 * GiB, "size of the cache", zero_ok=True)
ALL = (MAX_INFLATED, MAX_RATIO, RATIO_FLOOR, MAX_LINE, CACHE_MAX)


# --- inflating -----------------------------------------------------------------------------------


class Checked(io.RawIOBase):
    """The bytes of ``stream``, counted and refused past the limits as they are read.

    ``lines``: a run of more than ``SITREP_MAX_LINE`` bytes without a line end (``\\n`` or
    ``\\r``) is refused, found by a search per chunk (no Python work per line), so a text
    reader above it never holds a longer line. ``compressed``, when given, tells how many
    compressed bytes were consumed so far: the bytes read are then also held to the size and
    ratio limits (counted, never trusting a header). Every read is at most :data:`CHUNK` bytes;
    ``closing`` are closed with the stream."""

    def __init__(
        self,
        stream,
        label: str,
        compressed: Callable[[], int] | None = None,
        closing: tuple = (),
        lines: bool = True,
    ) -> None:
        super().__init__()
        self._stream = stream
        self._label = label
        self._compressed = compressed
        self._closing = closing
        self.inflated = 0
        self._lines = 0 if lines else None  # line ends seen
        self._run = 0  # bytes since the last line end
        self._max_line = MAX_LINE.value()
        if compressed is not None:
            self._max = MAX_INFLATED.value()
            self._ratio = MAX_RATIO.value()
            self._floor = RATIO_FLOOR.value()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self._stream.read(min(len(view), CHUNK))
        view[: len(data)] = data
        self.inflated += len(data)
        if self._lines is not None and data:
            self._line_ends(data)
        if self._compressed is not None:
            self._check_size()
        return len(data)

    def _line_ends(self, data: bytes) -> None:
        last = max(data.rfind(b"\n"), data.rfind(b"\r"))
        if last < 0:
            self._run += len(data)
        else:
            self._lines += data.count(b"\n") or data.count(b"\r")
            self._run = len(data) - last - 1
        if self._run > self._max_line:
            where = "of the decompressed text " if self._compressed else ""
            raise DataValidationError(
                MAX_LINE.refusal(
                    self._label,
                    f"line {self._lines + 1} {where}is longer than {human(self._max_line)}",
                )
            )

    def _check_size(self) -> None:
        if self.inflated > self._max:
            raise DataValidationError(
                MAX_INFLATED.refusal(self._label, f"it inflates to more than {human(self._max)}")
            )
        if self.inflated > self._floor or (self._lines or 0) > self._floor // _LINE_BYTES:
            compressed = max(1, self._compressed())
            if self.inflated > self._ratio * compressed:
                raise DataValidationError(
                    MAX_RATIO.refusal(
                        self._label,
                        f"its {human(compressed)} inflate to more than {human(self.inflated)} "
                        f"(over {self.inflated // compressed} times), as a decompression bomb "
                        "does",
                        self.inflated // compressed,
                    )
                )

    def close(self) -> None:
        try:
            for stream in (self._stream, *self._closing):
                stream.close()
        finally:
            super().close()


# --- declared sizes ------------------------------------------------------------------------------

_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA"}


def inflatable(info: zipfile.ZipInfo) -> bool:
    """Whether a zip member is stored or deflated: the methods inflated with bounded memory."""
    return info.compress_type in _METHODS


def check_declared(infos: list[zipfile.ZipInfo], label: str, whole: bool = False) -> None:
    """Refuse a zip's members from their declared sizes, before inflating anything.

    Python's zipfile never returns more than a member's declared size (it stops there, and the
    CRC check then fails), so a declared size within the limits bounds the real one. Members
    compressed otherwise than stored or deflated are refused: Python inflates bzip2 and LZMA
    members without a bound on one step's output. ``whole``: the members are read together (a
    workbook), so their sizes add up."""
    for info in infos:
        if info.is_dir():
            continue
        where = f"{label}::{info.filename}" if not whole else f"{label} (its {info.filename})"
        if not inflatable(info):
            method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
            raise DataValidationError(
                f"{where}: compressed with {method}, which sitrep does not inflate (it cannot "
                "bound the memory that takes). Extract the file with `unzip` or 7-Zip and give "
                "it directly, or zip it again with the usual (deflate) compression."
            )
        _check_sizes(where, info.file_size, info.compress_size)
    if whole:
        total = sum(info.file_size for info in infos)
        _check_sizes(label, total, sum(info.compress_size for info in infos), together=True)


def _check_sizes(where: str, size: int, compressed: int, together: bool = False) -> None:
    says = (
        "the archive says its files together inflate"
        if together
        else "the archive says it inflates"
    )
    if size > MAX_INFLATED.value():
        raise DataValidationError(MAX_INFLATED.refusal(where, f"{says} to {human(size)}", size))
    ratio = size // max(1, compressed)
    if size > RATIO_FLOOR.value() and ratio > MAX_RATIO.value():
        raise DataValidationError(
            MAX_RATIO.refusal(
                where,
                f"{says} to {human(size)} from {human(compressed)} ({ratio} times), as a "
                "decompression bomb does",
                ratio,
            )
        )


__all__ = [
    "ALL",
    "CACHE_MAX",
    "MAX_INFLATED",
    "MAX_LINE",
    "MAX_RATIO",
    "RATIO_FLOOR",
    "Checked",
    "Limit",
    "check_declared",
    "human",
    "inflatable",
    "parse_size",
]
