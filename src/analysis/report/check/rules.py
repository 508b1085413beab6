"""The rules of ``sitrep check``: each takes what a reader reads of a report (HTML blocks, PDF
lines) and returns its findings. The definitions are in the package's docstring
(:mod:`analysis.report.check`); the words and patterns in ``rules.yaml``."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.report.check.findings import Finding, one_line, quote
from analysis.report.check.html_reader import HtmlReport
from analysis.report.check.pdf_reader import Line, PdfReport, squash
from analysis.report.check.vocabulary import Vocabulary

RULES = (
    "empty-heading",
    "blank-page",
    "repeated-table",
    "operator-phrase",
    "file-name",
    "broken-range",
    "plural",
    "missing-disclosure",
    "unresolved-mark",
    "unmarked-result",
)
"""Every rule's id, in the order the docs list them (docs/check.md)."""

HTML_ONLY = (
    "empty-heading",
    "repeated-table",
    "missing-disclosure",
    "unresolved-mark",
    "unmarked-result",
)
"""Rules that need the structure of the HTML; a PDF alone is checked without them."""

PDF_ONLY = ("blank-page",)
"""Rules that need pages."""

_WHERE = {
    "heading": "a heading",
    "caption": "a caption",
    "key-figure": "a key-figure box",
    "chart": "a chart",
    "table": "a table",
    "list": "a list",
    "text": "the text",
}


@dataclass
class Text:
    """A piece of text a reader reads, and where it stands."""

    text: str
    section: str | None
    context: str  # heading, caption, key-figure, chart, table, list, text
    back_matter: bool
    order: int
    page: int | None = None
    kept: tuple[tuple[int, int], ...] = ()


def html_texts(report: HtmlReport) -> list[Text]:
    """Every block of the HTML, headings included, as texts."""
    texts = [
        Text(b.text, b.section, b.context, b.back_matter, b.order, kept=b.kept)
        for b in report.blocks
    ]
    texts += [
        Text(h.text, h.section, "heading", h.back_matter, h.order)
        for h in report.headings
        if h.text
    ]
    return sorted(texts, key=lambda t: t.order)


# ------------------------------------------------------------------------------------ structure


def empty_headings(report: HtmlReport) -> list[Finding]:
    """A level-2 or level-3 heading with no text, figure, table or list before the next heading
    of its level or higher."""
    return [
        Finding(
            "empty-heading",
            f'"{quote(h.text)}" has nothing under it (no text, figure, table or list) before '
            "the next heading",
            section=h.section,
            needle=h.text,
            order=h.order,
        )
        for h in report.headings
        if h.level in (2, 3) and h.text and not h.has_content
    ]


def repeated_tables(report: HtmlReport) -> list[Finding]:
    """The same table printed twice: the same header and rows (whatever the caption), or the
    same records under other columns (header and rows cut to their first two cells, at least
    two rows: the same dates and places, say)."""
    whole: dict[tuple, object] = {}
    records: dict[tuple, object] = {}
    found = []
    for table in sorted(report.tables, key=lambda t: t.order):
        if len(table.rows) < 2:  # a header alone, or one row without a header
            continue
        same = tuple(table.rows)
        akin = tuple(row[:2] for row in table.rows) if len(table.rows) > 2 else None
        earlier, how = whole.get(same), "is printed twice"
        if earlier is None and akin is not None and akin in records:
            earlier, how = records[akin], "repeats the rows of another table"
        whole.setdefault(same, table)
        if akin is not None:
            records.setdefault(akin, table)
        if earlier is None:
            continue
        label = table.caption or " | ".join(c for c in table.rows[0] if c)
        where = f'under "{earlier.section}"' if earlier.section else "before the first section"
        count = len(table.rows) - 1
        found.append(
            Finding(
                "repeated-table",
                f'table "{quote(label)}" ({count} row{"" if count == 1 else "s"}) {how}: first '
                f"{where}",
                section=table.section,
                needle=" ".join(c for c in table.rows[1] if c),
                order=table.order,
            )
        )
    return found


# ----------------------------------------------------------------------------------------- text


def _masked(text: str, vocab: Vocabulary) -> str:
    """``text`` with file names and web addresses blanked out (same length)."""
    for pattern in (vocab.web_address, vocab.file_name):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _sentences(text: str) -> list[tuple[int, int]]:
    """The spans of ``text``'s sentences (cut after ., ! or ? and a space)."""
    spans, start = [], 0
    for match in re.finditer(r"[.!?]['\")\]]*\s+", text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def operator_phrases(texts: Iterable[Text], vocab: Vocabulary) -> list[Finding]:
    """Instructions to the operator and the machinery's words: one finding per sentence,
    naming every kind it holds and quoting the first."""
    found = []
    for item in texts:
        masked = _masked(item.text, vocab)
        for low, high in _sentences(masked):
            sentence = masked[low:high]
            hits = []
            for phrase in vocab.operator_phrases:
                match = phrase.pattern.search(sentence)
                if match:
                    lead = len(match.group(0)) - len(match.group(0).lstrip(" .!?:;(\u2014\n"))
                    hits.append((low + match.start() + lead, low + match.end(), phrase.kind))
            if not hits:
                continue
            hits.sort()
            start, end, _ = hits[0]
            kinds = ", ".join(f"{kind} ({one_line(item.text[a:b])!r})" for a, b, kind in hits)
            found.append(
                Finding(
                    "operator-phrase",
                    f'speaks to the operator: {kinds}: "{quote(item.text, start, end)}"',
                    section=item.section,
                    page=item.page,
                    needle=item.text[start:end],
                    order=item.order,
                )
            )
    return found


def file_names(texts: Iterable[Text], vocab: Vocabulary) -> list[Finding]:
    """A file name anywhere before the back matter ("Sources and method", the annex)."""
    found = []
    for item in texts:
        if item.back_matter:
            continue
        masked = vocab.web_address.sub(lambda m: " " * len(m.group(0)), item.text)
        for match in vocab.file_name.finditer(masked):
            name = match.group(0)
            found.append(
                Finding(
                    "file-name",
                    f'"{quote(name)}" in {_WHERE.get(item.context, "the text")}: '
                    f'"{quote(item.text, match.start(), match.end())}"',
                    section=item.section,
                    page=item.page,
                    needle=name,
                    order=item.order,
                )
            )
    return found


def plural(texts: Iterable[Text], vocab: Vocabulary) -> list[Finding]:
    """ "1 deaths", "1 people", "0 death", "38 place.": 1 takes the singular, any other number
    the plural."""
    found = []
    for item in texts:
        for match in vocab.plural_one.finditer(item.text):
            noun = match.group("noun")
            right = vocab.singular_of.get(re.sub(r"\s+", " ", noun.lower()), noun)
            found.append(_plural(item, match, f"1 takes the singular ({right!r})"))
        for match in vocab.singular_many.finditer(item.text):
            noun = match.group("noun")
            right = vocab.plural_of.get(re.sub(r"\s+", " ", noun.lower()), noun)
            number = match.group(0).split()[0]
            found.append(_plural(item, match, f"{number} takes the plural ({right!r})"))
    return found


def _plural(item: Text, match: re.Match, advice: str) -> Finding:
    return Finding(
        "plural",
        f'"{match.group(0)}": {advice}: "{quote(item.text, match.start(), match.end())}"',
        section=item.section,
        page=item.page,
        needle=match.group(0),
        order=item.order,
    )


def _can_break(text: str) -> bool:
    """Whether a browser may break a line inside ``text`` (a range): at an ordinary space, or
    after a dash without a word joiner (U+2060) after it."""
    return " " in text or bool(re.search(r"[\u2013\u2014](?!\u2060)", text))


def _covered(start: int, end: int, spans: tuple[tuple[int, int], ...]) -> bool:
    """Whether ``[start, end)`` lies inside the union of ``spans``."""
    position = start
    for a, b in sorted(spans):
        if a <= position < b:
            position = b
        if position >= end:
            return True
    return position >= end


def ranges_not_kept(texts: Iterable[Text], vocab: Vocabulary) -> list[Finding]:
    """In the HTML: a range that a browser may break across two lines (not in a nowrap
    element, and with a space or a dash without a word joiner)."""
    found = []
    for item in texts:
        if item.context in ("chart", "heading"):
            continue  # a chart's text does not wrap; a heading is checked in the PDF
        for match in vocab.range_pattern.finditer(item.text):
            if not _can_break(match.group(0)) or _covered(match.start(), match.end(), item.kept):
                continue
            found.append(
                Finding(
                    "broken-range",
                    f"range not kept together (it may break across lines): "
                    f'"{quote(item.text, match.start(), match.end())}"',
                    section=item.section,
                    needle=match.group(0),
                    order=item.order,
                )
            )
    return found


# ------------------------------------------------------------------------------------------ PDF


def h2_depth(report: PdfReport) -> int:
    """The outline depth of the level-2 headings: 1 under a lone title, else 0."""
    top = [e for e in report.outline if e.depth == 0]
    return 1 if len(top) == 1 and any(e.depth == 1 for e in report.outline) else 0


def back_matter_page(report: PdfReport, vocab: Vocabulary) -> int | None:
    """The page where the back matter starts, from the outline, else from a line that is
    its heading."""
    depth = h2_depth(report)
    for entry in report.outline:
        if entry.depth == depth and vocab.back_matter.match(entry.title):
            return entry.page
    for page in report.pages:  # no outline: a short capitalised line that is the heading
        for line in page.lines:
            text = line.text.strip()
            if len(text) < 60 and text[:1].isupper() and vocab.back_matter.match(text):
                return page.number
    return None


def blank_pages(report: PdfReport, vocab: Vocabulary) -> list[Finding]:
    """A page of the body with fewer than ``min_lines`` lines of text and no figure."""
    start = back_matter_page(report, vocab)
    # Without back matter, the last page may end short.
    body = report.pages[:-1] if start is None else [p for p in report.pages if p.number < start]
    sections = {}
    for line, section, _ in line_sections(report, vocab):
        sections.setdefault(line.page, section)
    found = []
    current = None
    for page in report.pages:
        current = sections.get(page.number, current)
        if page not in body:
            continue
        figure = page.images or page.segments >= vocab.figure_segments
        if len(page.lines) >= vocab.blank_min_lines or figure:
            continue
        shown = " / ".join(line.text for line in page.lines)
        count = len(page.lines)
        found.append(
            Finding(
                "blank-page",
                f"nearly blank page in the body: {count} line{'' if count == 1 else 's'} of "
                f"text and no figure{': ' + chr(34) + quote(shown) + chr(34) if shown else ''}",
                section=current,
                page=page.number,
                order=page.number * 100000,
            )
        )
    return found


def broken_ranges(report: PdfReport, vocab: Vocabulary) -> list[Finding]:
    """A range split across two lines of the PDF (from one line to the next, or from the end
    of a page to the start of the next)."""
    placed = line_sections(report, vocab)
    found = []
    last = -2  # the pair of lines of the last finding
    for index, ((first, section, _), (second, _, _)) in enumerate(itertools.pairwise(placed)):
        joined = first.text + "\n" + second.text
        cut = len(first.text)
        for match in vocab.range_pattern.finditer(joined):
            if not match.start() < cut < match.end():
                continue
            if index == last + 1 and match.start() == 0:
                continue  # the same range, split again on its third line
            last = index
            before = quote(first.text, match.start(), cut, width=32)
            after = quote(second.text, 0, match.end() - cut - 1, width=32)
            found.append(
                Finding(
                    "broken-range",
                    f'range split across two lines: "{before}" / "{after}"',
                    section=section,
                    page=first.page,
                    needle=match.group(0),
                    order=first.page * 100000 + index,
                )
            )
    return found


def line_sections(report: PdfReport, vocab: Vocabulary) -> list[tuple[Line, str | None, bool]]:
    """Every line of the PDF with its section and whether it is in the back matter: a line
    opens a section when it is the next level-2 heading of the outline (a heading whose line
    is not found opens its section at the top of its page)."""
    depth = h2_depth(report)
    heads = [e for e in report.outline if e.depth == depth]
    placed: list[tuple[Line, str | None, bool]] = []
    section: str | None = None
    back = False
    following = 0
    for page in report.pages:
        while following < len(heads) and heads[following].page < page.number:
            section = heads[following].title
            back = back or bool(vocab.back_matter.match(section))
            following += 1
        for line in page.lines:
            head = heads[following] if following < len(heads) else None
            if head is not None and head.page == page.number:
                title, text = squash(head.title), squash(line.text)
                if len(text) >= min(len(title), 8) and title.startswith(text[:40]):
                    section = head.title
                    back = back or bool(vocab.back_matter.match(section))
                    following += 1
            placed.append((line, section, back))
    return placed


def pdf_texts(report: PdfReport, vocab: Vocabulary) -> list[Text]:
    """The PDF's lines as texts, one per run of lines of one section on one page."""
    texts: list[Text] = []
    runs = itertools.groupby(line_sections(report, vocab), key=lambda p: (p[1], p[2], p[0].page))
    for (section, back, page), placed in runs:
        text = "\n".join(line.text for line, _, _ in placed)
        texts.append(Text(text, section, "text", back, len(texts), page))
    return texts


# ---------------------------------------------------------------------------------- disclosures


def disclosures(report: HtmlReport) -> list[Finding]:
    """The disclosure convention (see :mod:`analysis.report.check`): every kind a result
    lists has a note of that kind in its section; every marker links to a note; a result with
    disclosures carries a marker."""
    kinds: dict[str, set[str]] = {}
    for note in report.notes:
        kinds.setdefault(note.section, set()).add(note.kind)
    ids = {note.id for note in report.notes if note.id}
    found = []
    for result in report.results:
        shown = quote(result.text)
        for kind in result.kinds:
            if kind not in kinds.get(result.section, set()):
                found.append(
                    Finding(
                        "missing-disclosure",
                        f'result "{result.key}" ("{shown}") needs the disclosure "{kind}", and '
                        "no note of that kind is in its section",
                        section=result.section,
                        needle=result.text,
                        order=result.order,
                    )
                )
        if result.kinds and not result.marked:
            found.append(
                Finding(
                    "unmarked-result",
                    f'result "{result.key}" ("{shown}") has disclosures '
                    f"({', '.join(result.kinds)}) and no marker after it",
                    section=result.section,
                    needle=result.text,
                    order=result.order,
                )
            )
    for mark in report.marks:
        if mark.target not in ids:
            found.append(
                Finding(
                    "unresolved-mark",
                    f'marker "{mark.label}" links to "#{mark.target}", which is no disclosure '
                    "note in this report",
                    section=mark.section,
                    needle=mark.label,
                    order=mark.order,
                )
            )
    return found
