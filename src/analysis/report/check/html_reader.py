"""A report's HTML as the check reads it: sections, headings, blocks of text, tables, figures'
text, and the results, markers and notes of the disclosure convention.

The HTML is the one ``sitrep render`` writes (nbconvert with the ``sitrep`` template), read
with the standard library's parser in one pass. Sections are the level-2 headings; text in
``<style>``, ``<script>``, ``<title>`` and the contents (``nav``, hidden in print) is not read,
nor attributes (alt text). The text a figure's SVG draws (axis labels, legend, the footnote
with its source) is read from the image's data URI, as the PDF prints it.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from analysis.errors import DataValidationError, ParameterError

GENERATOR = "syria-sitrep"
"""The ``<meta name="generator">`` of every report the ``sitrep`` template writes."""

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
_SKIP = frozenset(("style", "script", "title", "nav", "head", "template"))
_BLOCKS = frozenset(
    {"p", "li", "td", "th", "caption", "figcaption", "div", "dd", "dt", "pre", "blockquote"}
    | {"figure", "section", "main", "body", "header", "footer", "article", "aside", "text"}
    | {f"h{n}" for n in range(1, 7)}
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML collapses these; a no-break space is kept
_SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Block:
    """The text of one element as a reader reads it (a paragraph, a cell, a caption, a line of
    a chart), with where it stands."""

    text: str
    section: str  # the level-2 heading above it ("" before the first)
    context: str  # heading, caption, key-figure, chart, table, list or text
    back_matter: bool
    order: int
    kept: tuple[tuple[int, int], ...] = ()  # spans of ``text`` that cannot break (nowrap)


@dataclass
class Heading:
    level: int
    text: str
    section: str
    back_matter: bool
    order: int
    has_content: bool = False


@dataclass
class Table:
    section: str
    caption: str
    rows: list[tuple[str, ...]]
    back_matter: bool
    order: int


@dataclass
class Result:
    """A ``span.sitrep-result``: a number stated with caveats (``data-disclosures``)."""

    key: str
    kinds: tuple[str, ...]
    section: str
    order: int
    text: str = ""
    marked: bool = False


@dataclass
class Note:
    """A ``.sitrep-disclosure`` note (``data-kind``, ``id``)."""

    id: str
    kind: str
    section: str
    text: str = ""


@dataclass
class Mark:
    """A ``sup.sitrep-mark`` and the note it links to."""

    target: str
    label: str
    section: str
    order: int = 0


@dataclass
class HtmlReport:
    path: Path
    title: str
    blocks: list[Block] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)


@dataclass
class _Open:
    tag: str
    classes: frozenset[str]
    attrs: dict[str, str]
    nowrap: bool
    buffer: list[str] | None = None  # a block's text
    size: int = 0  # its length so far
    kept: list[tuple[int, int]] | None = None
    section: str | None = None  # the section where its first text stood
    back: bool | None = None
    order: int = 0


class _Reader(HTMLParser):
    def __init__(self, path: Path, back_matter: re.Pattern[str], nowrap: frozenset[str]):
        super().__init__(convert_charrefs=True)
        self.report = HtmlReport(path, "")
        self.back_pattern = back_matter
        self.nowrap_classes = nowrap
        self.stack: list[_Open] = []
        self.skipping = 0
        self.section = ""
        self.back = False
        self.order = 0
        self.generator = False
        self.tables: list[Table] = []
        self.row: list[str] | None = None
        self.open_heading: Heading | None = None
        self.results: list[Result] = []  # open result spans
        self.after_result: Result | None = None
        self.notes: list[Note] = []  # open notes
        self.mark: Mark | None = None
        self.pending: list[Heading] = []  # headings waiting for content

    # -------------------------------------------------------------------------------- helpers
    def _context(self, entry: _Open) -> str:
        """Where a block stands: heading, chart, caption, key-figure, table, list or text."""
        stack = [*self.stack, entry]
        tags = {o.tag for o in stack}
        classes = set().union(*(o.classes for o in stack))
        if tags & _HEADINGS.keys():
            return "heading"
        if "svg" in tags:
            return "chart"
        if "figcaption" in tags or "caption" in tags:
            return "caption"
        if "sitrep-key-figures" in classes or "sitrep-kf" in classes:
            return "key-figure"
        if "td" in tags or "th" in tags:
            return "table"
        if "li" in tags:
            return "list"
        return "text"

    def _mark_content(self) -> None:
        """Something a reader sees stands here: the headings waiting for content have it."""
        for heading in self.pending:
            heading.has_content = True
        self.pending = []

    def _block(self) -> _Open | None:
        return next((o for o in reversed(self.stack) if o.buffer is not None), None)

    # -------------------------------------------------------------------------------- parsing
    def handle_starttag(self, tag: str, attrs_list: list) -> None:
        attrs = {k: (v or "") for k, v in attrs_list}
        if tag == "meta" and attrs.get("name") == "generator":
            self.generator = self.generator or GENERATOR in attrs.get("content", "")
        if self.skipping or tag in _SKIP:
            if tag not in _VOID:
                self.skipping += 1
            return
        classes = frozenset(attrs.get("class", "").split())
        style = attrs.get("style", "").replace(" ", "").lower()
        nowrap = bool(classes & self.nowrap_classes) or "white-space:nowrap" in style
        self.order += 1
        if self.after_result is not None:
            if tag == "sup" and "sitrep-mark" in classes:
                self.after_result.marked = True
            self.after_result = None
        if tag in _HEADINGS:
            self._heading(_HEADINGS[tag])
        elif tag in ("img", "svg", "table", "ul", "ol", "video", "canvas", "object"):
            self._mark_content()
        if tag == "img":
            self._figure_text(attrs.get("src", ""))
        if tag == "br":
            block = self._block()
            if block is not None and block.buffer and not block.buffer[-1].endswith(" "):
                block.buffer.append(" ")
                block.size += 1
        if tag in _VOID:
            return
        entry = _Open(tag, classes, attrs, nowrap, order=self.order)
        if tag in _BLOCKS:
            entry.buffer, entry.kept = [], []
        self.stack.append(entry)
        if tag == "table":
            self.tables.append(Table(self.section, "", [], self.back, self.order))
        elif tag == "tr" and self.tables:
            self.row = []
        if "sitrep-result" in classes:
            kinds = tuple(attrs.get("data-disclosures", "").split())
            result = Result(attrs.get("data-key", ""), kinds, self.section, self.order)
            self.results.append(result)
            self.report.results.append(result)
        if "sitrep-disclosure" in classes:
            note = Note(attrs.get("id", ""), attrs.get("data-kind", ""), self.section)
            self.notes.append(note)
            self.report.notes.append(note)
        if tag == "a" and any(o.tag == "sup" and "sitrep-mark" in o.classes for o in self.stack):
            href = attrs.get("href", "")
            target = href[1:] if href.startswith("#") else href
            self.mark = Mark(target, "", self.section, self.order)
            self.report.marks.append(self.mark)

    def handle_startendtag(self, tag: str, attrs_list: list) -> None:
        self.handle_starttag(tag, attrs_list)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def _heading(self, level: int) -> None:
        heading = Heading(level, "", self.section, self.back, self.order)
        # A heading ends the wait of the pending headings of its level or deeper.
        self.pending = [h for h in self.pending if h.level < level]
        self.pending.append(heading)
        self.report.headings.append(heading)
        self.open_heading = heading

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag not in _VOID:
                self.skipping -= 1
            return
        if not any(o.tag == tag for o in self.stack):
            return  # a stray end tag
        while self.stack:
            entry = self.stack.pop()
            self._close(entry)
            if entry.tag == tag:
                break

    def _close(self, entry: _Open) -> None:
        text = ""
        if entry.buffer is not None:
            raw = "".join(entry.buffer)
            text = raw.strip(" ")
            shift = len(raw) - len(raw.lstrip(" "))
            kept = tuple((a - shift, b - shift) for a, b in entry.kept or ())
            if entry.tag in _HEADINGS:
                self._close_heading(text)
            elif text:
                self.report.blocks.append(
                    Block(
                        text,
                        self.section if entry.section is None else entry.section,
                        self._context(entry),
                        self.back if entry.back is None else entry.back,
                        entry.order,
                        kept,
                    )
                )
        if entry.tag in ("td", "th") and self.row is not None:
            self.row.append(text)
        elif entry.tag == "tr" and self.row is not None and self.tables:
            if any(self.row):
                self.tables[-1].rows.append(tuple(self.row))
            self.row = None
        elif entry.tag == "caption" and self.tables:
            self.tables[-1].caption = text
        elif entry.tag == "table" and self.tables:
            self.report.tables.append(self.tables.pop())
        if "sitrep-result" in entry.classes and self.results:
            self.after_result = self.results.pop()
        if "sitrep-disclosure" in entry.classes and self.notes:
            self.notes.pop()
        if entry.tag == "a":
            self.mark = None

    def _close_heading(self, text: str) -> None:
        heading = self.open_heading
        self.open_heading = None
        if heading is None:
            return
        heading.text = text
        if heading.level == 1 and not self.report.title:
            self.report.title = text
        if heading.level == 2:
            self.section = text
            self.back = self.back or bool(self.back_pattern.match(text))
            heading.section = text
            heading.back_matter = self.back

    def handle_data(self, data: str) -> None:
        if self.skipping or not data:
            return
        text = _SPACE.sub(" ", data)
        visible = bool(text.strip(" "))
        if visible:
            if not any(o.tag in _HEADINGS for o in self.stack):
                self._mark_content()
            self.after_result = None
        for result in self.results:
            result.text += text
        for note in self.notes:
            note.text += text
        if self.mark is not None:
            self.mark.label += text.strip()
        block = self._block()
        if block is None:
            return
        if block.section is None and visible:
            block.section, block.back = self.section, self.back
        buffer = block.buffer
        if text.startswith(" ") and (not buffer or buffer[-1].endswith(" ")):
            text = text[1:]
            if not text:
                return
        start = block.size
        buffer.append(text)
        block.size += len(text)
        if any(o.nowrap for o in self.stack):
            block.kept.append((start, block.size))

    # ------------------------------------------------------------------------------ figures
    def _figure_text(self, src: str) -> None:
        """The text a figure's SVG draws, one block per text element (context "chart")."""
        prefix = "data:image/svg+xml;base64,"
        if not src.startswith(prefix):
            return
        try:
            svg = base64.b64decode(src[len(prefix) :], validate=False).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return
        for match in _SVG_TEXT.finditer(svg):
            text = _SPACE.sub(" ", html.unescape(_TAG.sub("", match.group(1)))).strip(" ")
            if text:
                self.report.blocks.append(Block(text, self.section, "chart", self.back, self.order))


def read_html(path: Path, back_matter: re.Pattern[str], nowrap: frozenset[str]) -> HtmlReport:
    """Read a report's HTML; a file that is not a sitrep report is refused in one line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParameterError(f"cannot read {path}: {exc.strerror or exc}.") from None
    text = data.decode("utf-8", "replace")
    reader = _Reader(path, back_matter, nowrap)
    reader.feed(text)
    reader.close()
    if not reader.generator:
        raise DataValidationError(
            f"{path} is not a report made by sitrep (its HTML has no 'syria-sitrep' generator "
            "tag); give the .html or .pdf that `sitrep render` or `sitrep batch` wrote."
        )
    return reader.report
