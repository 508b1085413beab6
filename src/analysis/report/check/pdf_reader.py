"""A report's PDF as the check reads it: pages of lines of text, whether a page holds a figure,
and the outline (the report's headings with their pages).

pypdf reads the file's structure (pages, fonts, outline); the text is taken from the pages'
content streams here, with regular expressions over the text operators only. pypdf's own
``extract_text`` parses every operator of a page, the paths of maps and charts included, and
takes about 5 s for a 25-page situation report; this takes a tenth of that. It reads what
Chromium (Skia) writes: text in ``BT``/``ET`` blocks, fonts with a ``ToUnicode`` map, glyphs
placed with ``Tm``/``Td``. A line is a run of text on one baseline in the order the page draws
it. Text in the page margins (the page number and the footer) is left out.
"""

from __future__ import annotations

import contextlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import DataValidationError, ParameterError

FOOTER = "syria-sitrep"
"""The footer of every page the ``sitrep`` template prints (its ``@page`` margin box)."""

MARGIN_PT = 40.0
"""Text whose baseline is this close to the top or bottom edge of the page stands in the page
margins (the template's margins are 16 and 18 mm, 45 and 51 pt; the footer's baseline is
about 30 pt from the edge)."""

_NUM = rb"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
# The operators that place text, found by their names (a character class first, so the regular
# expression engine skips the numbers of paths quickly); operands are read back from before them.
_STATE = re.compile(rb"(?:q|Q|cm|BT|Do)(?![\w*'\"])")
_END_TEXT = re.compile(rb"(?<![\w/])ET(?![\w])")
_TEXT = re.compile(
    rb"/(?P<font>[^\s/\[\]()<>{}%]+)\s+(?P<size>" + _NUM + rb")\s+Tf(?![\w])"
    rb"|(?P<tm>(?:" + _NUM + rb"\s+){6})Tm(?![\w])"
    # Chromium's idiom: one glyph at a time, each moved along the baseline ("6.4 0 Td <0044>
    # Tj"): a whole run of them is one match.
    rb"|(?P<run>(?:" + _NUM + rb"\s+0\s+Td\s*<[0-9A-Fa-f]*>\s*Tj\s*)+)"
    rb"|(?P<tdx>" + _NUM + rb")\s+(?P<tdy>" + _NUM + rb")\s+T[dD](?![\w])"
    rb"|(?P<tl>" + _NUM + rb")\s+TL(?![\w])"
    rb"|(?P<tstar>T\*)"
    rb"|<(?P<hex>[0-9A-Fa-f\s]*)>\s*Tj(?![\w])"
    rb"|\((?P<lit>(?:\\.|[^\\)])*)\)\s*Tj(?![\w])"
    rb"|\[(?P<arr>(?:<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|[-+\d.\s])*)\]\s*TJ(?![\w])",
    re.DOTALL,
)
_RUN_PART = re.compile(rb"(" + _NUM + rb")\s+0\s+Td\s*<([0-9A-Fa-f]*)>")
_ARRAY_PART = re.compile(rb"<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\)|(" + _NUM + rb")")
_SEGMENTS = re.compile(rb"(?<![\w])[lcvy](?![\w])")
# Ligatures as letters, so that "ﬁle" reads and matches as "file".
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
    | {"\ufb05": "st", "\ufb06": "st"}
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@dataclass
class Line:
    text: str
    page: int  # from 1
    y: float  # baseline, points from the bottom of the page
    size: float


@dataclass
class Page:
    number: int
    lines: list[Line]
    segments: int  # path segments drawn (lines and curves): figures and maps have many
    images: int

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class OutlineEntry:
    title: str
    depth: int
    page: int  # from 1


@dataclass
class PdfReport:
    path: Path
    title: str
    pages: list[Page]
    outline: list[OutlineEntry] = field(default_factory=list)


def squash(text: str) -> str:
    """``text`` for finding it in another rendering: compatibility forms (the ligature "ﬁ"
    as "fi"), no spaces, no soft hyphens or joiners, lower case."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u00ad\u200b\u2060]+", "", text).lower()


class _Font:
    """Decodes a font's character codes to text through its ``ToUnicode`` map."""

    def __init__(self, font: object) -> None:
        self.width = 1
        self.map: dict[bytes, str] = {}
        self.widths: dict[int, float] = {}
        self.default_width = 500.0
        self.memo: dict[bytes, tuple[str, float]] = {}
        if hasattr(font, "get"):
            self._widths(font)
        unicode_map = font.get("/ToUnicode") if hasattr(font, "get") else None
        if unicode_map is None:
            return
        try:
            data = unicode_map.get_object().get_data()
        except Exception:  # a broken stream: its text is not read, the rest is
            return
        space = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", data)
        if space:
            self.width = max(1, len(space.group(1)) // 2)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
            for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                self.map[bytes.fromhex(src.decode())] = _utf16(dst)
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
            for low, high, rest in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block
            ):
                first, last = int(low, 16), int(high, 16)
                size = len(low) // 2
                if rest.startswith(b"["):
                    targets = re.findall(rb"<([0-9A-Fa-f]*)>", rest)
                    for offset, dst in enumerate(targets[: last - first + 1]):
                        self.map[(first + offset).to_bytes(size, "big")] = _utf16(dst)
                    continue
                start = int(rest[1:-1] or b"0", 16)
                nbytes = max(2, len(rest) - 2) // 2
                for offset in range(min(last - first, 65535) + 1):
                    code = (start + offset).to_bytes(nbytes, "big")
                    self.map[(first + offset).to_bytes(size, "big")] = code.decode(
                        "utf-16-be", "replace"
                    )

    def _widths(self, font: object) -> None:
        """Glyph widths (thousandths of the font size): a CID font's ``/W``, a simple
        font's ``/Widths``."""
        try:
            descendants = font.get("/DescendantFonts")
            if descendants is not None:
                cid = descendants.get_object()[0].get_object()
                self.default_width = float(cid.get("/DW", 1000))
                spec = list(cid.get("/W", []))
                i = 0
                while i + 1 < len(spec):
                    first, second = (
                        spec[i],
                        spec[i + 1].get_object()
                        if hasattr(spec[i + 1], "get_object")
                        else spec[i + 1],
                    )
                    if isinstance(second, list):
                        for offset, width in enumerate(second):
                            self.widths[int(first) + offset] = float(width)
                        i += 2
                    else:
                        for code in range(int(first), int(second) + 1):
                            self.widths[code] = float(spec[i + 2])
                        i += 3
            elif font.get("/Widths") is not None:
                first = int(font.get("/FirstChar", 0))
                for offset, width in enumerate(font["/Widths"].get_object()):
                    self.widths[first + offset] = float(width)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError):
            self.widths = {}

    def decode(self, raw: bytes) -> tuple[str, float]:
        """The text of ``raw`` and its advance, in thousandths of the font size."""
        known = self.memo.get(raw)
        if known is None:
            known = self.memo[raw] = self._decode(raw)
        return known

    def _decode(self, raw: bytes) -> tuple[str, float]:
        w = self.width
        codes = [raw[i : i + w] for i in range(0, len(raw), w)]
        advance = sum(self.widths.get(int.from_bytes(c, "big"), self.default_width) for c in codes)
        if not self.map:
            return raw.decode("latin-1"), advance
        return "".join(self.map.get(c, "\ufffd") for c in codes), advance


def _utf16(hexdigits: bytes) -> str:
    data = bytes.fromhex(hexdigits.decode())
    return data.decode("utf-16-be", "replace") if len(data) >= 2 else data.decode("latin-1")


def _literal(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i : i + 1]
        if c == b"\\" and i + 1 < len(raw):
            nxt = raw[i + 1 : i + 2]
            if nxt.isdigit():
                digits = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4]).group(0)
                out.append(int(digits, 8) & 0xFF)
                i += 1 + len(digits)
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        out += c
        i += 1
    return bytes(out)


def _mul(a: tuple, b: tuple) -> tuple:
    """The product of two PDF matrices (a, b, c, d, e, f): ``a`` then ``b``."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _numbers(raw: bytes) -> tuple[float, ...]:
    return tuple(float(v) for v in raw.split())


@dataclass
class _Piece:
    text: str
    x: float
    y: float
    size: float
    advance: float  # the width it takes, in points
    rotated: bool = False  # drawn up or down the page (a chart's y-axis label)


class _PageText:
    """The text pieces and path segments of one page (and the forms it draws)."""

    def __init__(self) -> None:
        self.pieces: list[_Piece] = []
        self.segments = 0
        self.images = 0
        self.fonts: dict[int, _Font] = {}

    def run(self, data: bytes, resources: object, ctm: tuple, depth: int = 0) -> None:
        self.segments += len(_SEGMENTS.findall(data))
        fonts = _resource(resources, "/Font")
        xobjects = _resource(resources, "/XObject")
        stack: list[tuple] = []
        position = 0
        while True:
            match = _STATE.search(data, position)
            if match is None:
                break
            start, position = match.span()
            if start and data[start - 1 : start] not in b" \t\r\n\f\x00":
                continue  # part of a name or a word: /Q1, ...
            op = match.group(0)
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop() if stack else ctm
            elif op == b"cm":
                operands = data[max(0, start - 160) : start].split()[-6:]
                with contextlib.suppress(ValueError):
                    ctm = _mul(tuple(float(v) for v in operands), ctm)
            elif op == b"BT":
                end = _END_TEXT.search(data, position)
                stop = end.start() if end else len(data)
                self._text(data[position:stop], fonts, ctm)
                position = end.end() if end else len(data)
            elif xobjects is not None and depth < 8:  # Do
                name = data[max(0, start - 128) : start].split()[-1:]
                if name and name[0].startswith(b"/"):
                    self._draw(xobjects, name[0][1:], ctm, depth)

    def _draw(self, xobjects: object, name: bytes, ctm: tuple, depth: int) -> None:
        target = xobjects.get("/" + name.decode("latin-1"))
        if target is None:
            return
        target = target.get_object()
        subtype = target.get("/Subtype")
        if subtype == "/Image":
            self.images += 1
        elif subtype == "/Form":
            matrix = tuple(float(v) for v in target.get("/Matrix", (1, 0, 0, 1, 0, 0)))
            try:
                data = target.get_data()
            except Exception:
                return
            self.run(data, target.get("/Resources"), _mul(matrix, ctm), depth + 1)

    def _font(self, fonts: object, name: bytes) -> _Font:
        ref = fonts.get("/" + name.decode("latin-1")) if fonts is not None else None
        if ref is None:
            return _Font(None)
        key = id(ref.get_object()) if not hasattr(ref, "idnum") else ref.idnum
        if key not in self.fonts:
            self.fonts[key] = _Font(ref.get_object())
        return self.fonts[key]

    def _text(self, block: bytes, fonts: object, ctm: tuple) -> None:
        font, size, leading = _Font(None), 0.0, 0.0
        line = matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        for match in _TEXT.finditer(block):
            kind = match.lastgroup
            if kind == "size":
                font, size = self._font(fonts, match.group("font")), float(match.group("size"))
            elif kind == "tm":
                line = matrix = _numbers(match.group("tm"))
            elif kind == "run":
                parts = _RUN_PART.findall(match.group("run"))
                moves = [float(dx) for dx, _ in parts]
                line = matrix = _mul((1, 0, 0, 1, moves[0], 0), line)
                text, advance = font.decode(b"".join(bytes.fromhex(h.decode()) for _, h in parts))
                last = font.decode(bytes.fromhex(parts[-1][1].decode()))[1]
                width = sum(moves[1:]) + last / 1000 * size  # text space
                self._piece(text, width, size, matrix, ctm)
                line = matrix = _mul((1, 0, 0, 1, sum(moves[1:]), 0), line)
            elif kind == "tdy":
                tx, ty = float(match.group("tdx")), float(match.group("tdy"))
                line = matrix = _mul((1, 0, 0, 1, tx, ty), line)
            elif kind == "tl":
                leading = float(match.group("tl"))
            elif kind == "tstar":
                line = matrix = _mul((1, 0, 0, 1, 0, -leading), line)
            else:
                if kind == "hex":
                    raw = bytes.fromhex(match.group("hex").decode())
                elif kind == "lit":
                    raw = _literal(match.group("lit"))
                else:
                    raw = b"".join(
                        bytes.fromhex(h.decode()) if h else _literal(lit)
                        for h, lit, _ in _ARRAY_PART.findall(match.group("arr"))
                        if h or lit
                    )
                text, advance = font.decode(raw)
                width = advance / 1000 * size
                self._piece(text, width, size, matrix, ctm)
                matrix = _mul((1, 0, 0, 1, width, 0), matrix)

    def _piece(self, text: str, width: float, size: float, matrix: tuple, ctm: tuple) -> None:
        """Text drawn at ``matrix`` (text space) under ``ctm``, ``width`` long in text space."""
        if not text:
            return
        full = _mul(matrix, ctm)
        scale = math.sqrt(abs(full[0] * full[3] - full[1] * full[2])) or 1.0
        rotated = abs(full[1]) > abs(full[0])
        self.pieces.append(_Piece(text, full[4], full[5], size * scale, width * scale, rotated))


def _resource(resources: object, key: str) -> object:
    if resources is None:
        return None
    resources = resources.get_object()
    value = resources.get(key)
    return value.get_object() if value is not None else None


def _lines(pieces: list[_Piece], number: int, height: float) -> tuple[list[Line], str]:
    """Pieces in drawing order joined into lines: a new line where the baseline moves or the
    text goes back to the left. Returns the lines and the text in the page margins."""
    lines: list[Line] = []
    margins: list[str] = []
    parts: list[str] = []
    y = size = end_x = 0.0

    def flush() -> None:
        text = "".join(parts).strip().translate(_LIGATURES)
        if not text:
            return
        if MARGIN_PT < y < height - MARGIN_PT:
            lines.append(Line(text, number, y, size))
        else:
            margins.append(text)

    rotated = False
    x = 0.0
    for piece in pieces:
        tolerance = 0.5 * max(piece.size, size, 1.0)
        if piece.rotated or rotated:
            # Text up or down the page is one line while it keeps its x.
            if piece.rotated and rotated and abs(piece.x - x) <= tolerance:
                parts.append(piece.text)
                continue
            flush()
            parts, y, size, x, rotated = [piece.text], piece.y, piece.size, piece.x, piece.rotated
            end_x = piece.x + piece.advance
            continue
        if not parts or abs(piece.y - y) > tolerance or piece.x < end_x - 2 * piece.size:
            flush()
            parts, y, size = [piece.text], piece.y, piece.size
        else:
            # Separate runs on one baseline (table cells, a bold word): a gap is a space.
            gap = piece.x > end_x + 0.15 * piece.size
            if gap and not parts[-1].endswith(" ") and not piece.text.startswith(" "):
                parts.append(" ")
            parts.append(piece.text)
            size = max(size, piece.size)
        end_x = piece.x + piece.advance
    flush()
    return lines, " ".join(margins)


def read_pdf(path: Path) -> PdfReport:
    """Read a report's PDF; a file that is not a PDF printed by sitrep is refused in one line."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise ParameterError(f"cannot read {path}: {exc.strerror or exc}.") from None
    if b"%PDF-" not in head:
        raise DataValidationError(f"{path} is not a PDF; give the .pdf that `sitrep render` wrote.")
    try:
        reader = PdfReader(path)
        pages = []
        fonts: dict = {}
        for number, page in enumerate(reader.pages, start=1):
            contents = page.get("/Contents")
            data = b""
            if contents is not None:
                contents = contents.get_object()
                streams = contents if isinstance(contents, list) else [contents]
                data = b"\n".join(s.get_object().get_data() for s in streams)
            box = page.mediabox
            drawn = _PageText()
            drawn.fonts = fonts
            drawn.run(data, page.get("/Resources"), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
            lines, margins = _lines(drawn.pieces, number, float(box.top))
            if number == 1 and FOOTER not in margins:
                raise DataValidationError(
                    f"{path} is not a report printed by sitrep (its pages have no "
                    f"'{FOOTER}' footer); give the .pdf that `sitrep render` or `sitrep batch` "
                    "wrote."
                )
            pages.append(Page(number, lines, drawn.segments, drawn.images))
        title = str((reader.metadata or {}).get("/Title") or "")
        outline = _outline(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise DataValidationError(
            f"{path} cannot be read as a PDF ({type(exc).__name__}); give the .pdf that "
            "`sitrep render` wrote."
        ) from None
    if not pages:
        raise DataValidationError(f"{path} has no pages.")
    return PdfReport(path, title, pages, outline)


def _outline(reader: object) -> list[OutlineEntry]:
    entries: list[OutlineEntry] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
                continue
            try:
                page = reader.get_destination_page_number(item) + 1
            except Exception:  # an entry without a page: skipped
                continue
            entries.append(OutlineEntry(str(item.title or "").strip(), depth, page))

    try:
        walk(reader.outline, 0)
    except Exception:  # a PDF without an outline: sections are not known
        return []
    return entries
