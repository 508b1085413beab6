"""``sitrep check``: what would stop an officer from publishing a report as it comes out.

It reads a report that ``sitrep render`` or ``sitrep batch`` wrote, its HTML (structure:
sections, headings, tables, the disclosure markup) and/or its PDF (pages and lines), and applies
the rules below. It starts no kernel and no browser, and takes well under a second for a
25-page report. Given both files of a report (``NAME.html`` and ``NAME.pdf``), the text rules
run on the HTML and each finding is given the page of the PDF where its text stands; the page
rules run on the PDF. Given a PDF alone, the rules that need the HTML's structure
(``empty-heading``, ``repeated-table`` and the disclosure rules) are skipped, and said so.

The body is everything before the first level-2 heading that starts with "Sources and method"
or "Annex" (the back matter; ``rules.yaml``). In the PDF, that heading's page comes from the
PDF's outline (Chromium writes the report's headings as bookmarks).

Rules (ids are stable; words and patterns live in ``rules.yaml``):

``empty-heading``
    An h2 or h3 followed by no text, figure, table or list before the next heading of the same
    or a higher level (an h2 whose h3 has content is not empty).
``blank-page``
    A page of the body (before the back matter; all pages but the last when there is none)
    with fewer than 4 lines of text and no figure (no image, fewer than 20 path segments).
    Page numbers and the footer, in the page margins, are not counted.
``repeated-table``
    The same table printed twice: the same header and rows, whatever its caption; or the same
    records under other columns (the header and at least two rows equal when cut to their
    first two cells: the same changes of control, by date and place).
``operator-phrase``
    An instruction to, or a word of, whoever runs the report, anywhere in the report: a
    parameter or code name (snake_case, e.g. ``casualties_path``), a command-line option
    (``--out``), a command (``sitrep render``), an environment variable (``SITREP_...``), an
    imperative at the start of a sentence or clause ("Give a ... as", "choose a period that
    includes ...", "Narrow the period", "Raise the timeout"), or the words notebook, parameter,
    JupyterLab, kernel, timeout. One finding per block of text, naming the kinds it holds.
``file-name``
    A file name (a word ending in .csv, .xlsx, .zip, .gz, .json, .geojson, ..., with or
    without a folder) anywhere before the back matter: in a heading, a caption, a key-figure
    box, a chart (its SVG text), a table or the text. Web addresses are not file names.
``broken-range``
    A range (two numbers or dates joined by an en dash, an em dash or a spaced hyphen:
    "900,000–1,300,000", "27 Nov - 8 Dec", "2017–2019") split across two lines of the PDF. In
    the HTML, a range that may be split: one with an ordinary space in it or a dash without a
    word joiner (U+2060) after it, outside an element that keeps it on one line (class
    ``sitrep-range`` or ``sitrep-nowrap``, a ``num`` or ``date`` table cell, ``white-space:
    nowrap``). Given both files, a range found broken in the PDF is told once, with its page.
``plural``
    A number and a noun that disagree: "1 deaths", "1 people" (1 takes the singular), "0
    death", "38 place." (any other number takes the plural). Years are not counts; a singular
    noun used as an adjective ("2 death tolls") is not a finding.
``missing-disclosure``, ``unresolved-mark``, ``unmarked-result``
    The disclosure convention below: a result lists a kind of disclosure that no note of that
    kind in its section carries; a marker links to no disclosure note; a result that lists
    disclosures has no marker right after it.

The disclosure convention. A number stated with caveats is marked in the HTML as::

    <span class="sitrep-result" data-key="deaths" data-disclosures="crossing coarse">804</span>
    <sup class="sitrep-mark"><a href="#d-deaths-crossing">1</a></sup>
    <sup class="sitrep-mark"><a href="#d-deaths-coarse">2</a></sup>

``data-key`` names the result, ``data-disclosures`` lists the kinds of disclosure it needs
(space-separated), and one marker per disclosure follows the span at once. Each disclosure is a
note placed after the box, chart or table that states the result, in the same section (before
the next h2)::

    <p class="sitrep-disclosure" id="d-deaths-crossing" data-kind="crossing">1. 27 events
    with 804 deaths cross the week's edges and are not counted.</p>

A note of a kind serves every result of its section that lists that kind. Ids are unique in
the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from analysis.errors import ParameterError
from analysis.report.check import rules
from analysis.report.check.findings import Checked, Finding
from analysis.report.check.html_reader import HtmlReport, read_html
from analysis.report.check.pdf_reader import PdfReport, read_pdf, squash
from analysis.report.check.vocabulary import Vocabulary, vocabulary

RULES = rules.RULES
__all__ = ["RULES", "Checked", "Finding", "check", "check_report"]

_HTML = (".html", ".htm")
_PDF = (".pdf",)


def pair(paths: Iterable[str | Path]) -> list[tuple[Path | None, Path | None]]:
    """The reports named by ``paths``: a ``NAME.html`` and a ``NAME.pdf`` in one folder are one
    report. Order is that of the first file of each."""
    reports: dict[tuple[Path, str], list[Path | None]] = {}
    for given in paths:
        path = Path(given)
        suffix = path.suffix.lower()
        if suffix not in _HTML + _PDF:
            raise ParameterError(
                f"{path}: give a report's .html or .pdf (as `sitrep render` writes them)."
            )
        if not path.is_file():
            what = "a folder" if path.is_dir() else "no such file"
            raise ParameterError(f"{path}: {what}; give a report's .html or .pdf.")
        key = (path.resolve().parent, path.stem)
        slot = reports.setdefault(key, [None, None])
        slot[0 if suffix in _HTML else 1] = path
    return [(html, pdf) for html, pdf in reports.values()]


def check(paths: Iterable[str | Path]) -> list[Checked]:
    """Check each report named by ``paths`` (see :func:`pair`); a file that is not a report
    made by sitrep, or cannot be read, is refused with one line (ParameterError or
    DataValidationError) before any report is checked."""
    vocab = vocabulary()
    loaded = []
    for html_path, pdf_path in pair(paths):
        html = read_html(html_path, vocab.back_matter, vocab.nowrap_classes) if html_path else None
        pdf = read_pdf(pdf_path) if pdf_path else None
        loaded.append((html_path, pdf_path, html, pdf))
    return [check_report(html, pdf, vocab, hp, pp) for hp, pp, html, pdf in loaded]


def check_report(
    html: HtmlReport | None,
    pdf: PdfReport | None,
    vocab: Vocabulary | None = None,
    html_path: Path | None = None,
    pdf_path: Path | None = None,
) -> Checked:
    """The findings of one report, read already."""
    vocab = vocab or vocabulary()
    found: list[Finding] = []
    if html is not None:
        texts = rules.html_texts(html)
        found += rules.empty_headings(html)
        found += rules.repeated_tables(html)
        found += rules.operator_phrases(texts, vocab)
        found += rules.file_names(texts, vocab)
        found += rules.plural(texts, vocab)
        found += rules.ranges_not_kept(texts, vocab)
        found += rules.disclosures(html)
        for finding in found:
            finding.file = html_path or html.path
    if pdf is not None:
        on_pages: list[Finding] = []
        on_pages += rules.blank_pages(pdf, vocab)
        broken = rules.broken_ranges(pdf, vocab)
        on_pages += broken
        if html is None:
            texts = rules.pdf_texts(pdf, vocab)
            on_pages += rules.operator_phrases(texts, vocab)
            on_pages += rules.file_names(texts, vocab)
            on_pages += rules.plural(texts, vocab)
        else:
            _locate(found, pdf)
            # A range found broken in the PDF is told once, from the PDF, on its page.
            told = Counter((squash(f.needle), f.page) for f in broken)
            kept = []
            for finding in found:
                key = (squash(finding.needle), finding.page)
                if finding.rule == "broken-range" and told[key] > 0:
                    told[key] -= 1
                    continue
                kept.append(finding)
            found = kept
        for finding in on_pages:
            finding.file = pdf_path or pdf.path
        if html is not None:
            for finding in found:
                if finding.page is not None:
                    finding.file = pdf_path or pdf.path
        found += on_pages
        # By page; on a page, by rule, then in the order of the report.
        found.sort(
            key=lambda f: (f.page if f.page is not None else 10**9, RULES.index(f.rule), f.order)
        )
    else:
        found.sort(key=lambda f: f.order)
    skipped = rules.HTML_ONLY if html is None else (rules.PDF_ONLY if pdf is None else ())
    return Checked(
        html_path or (html.path if html else None),
        pdf_path or (pdf.path if pdf else None),
        found,
        skipped,
    )


def _locate(found: list[Finding], pdf: PdfReport) -> None:
    """Give each finding of the HTML the page of the PDF where its text stands: searched in its
    section's pages first, then anywhere; the n-th finding of one text in one section gets
    its n-th place."""
    pages = [squash(page.text) for page in pdf.pages]
    depth = rules.h2_depth(pdf)
    heads = [e for e in pdf.outline if e.depth == depth]
    spans: dict[str, tuple[int, int]] = {}
    for index, head in enumerate(heads):
        end = heads[index + 1].page if index + 1 < len(heads) else len(pages)
        spans.setdefault(squash(head.title), (head.page, end))
    first_page = heads[0].page if heads else 1
    seen: dict[tuple[str, str], int] = {}
    for finding in sorted(found, key=lambda f: f.order):
        needle = squash(finding.needle)
        if finding.page is not None or not needle:
            continue
        section = squash(finding.section or "")
        low, high = spans.get(section, (1, first_page) if not section else (1, len(pages)))
        places = [
            number
            for number in range(low, high + 1)
            for _ in range(pages[number - 1].count(needle))
        ]
        if not places:
            places = [n for n in range(1, len(pages) + 1) if needle in pages[n - 1]][:1]
        if not places:
            continue
        nth = seen.get((needle, section), 0)
        seen[(needle, section)] = nth + 1
        finding.page = places[min(nth, len(places) - 1)]
