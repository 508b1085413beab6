"""The Arabic edition's layout (issue 18, section 3), printed by the real browser: a chart with
known Arabic words keeps them as text, shaped and in order, in the PDF; a right-to-left page is
printed right to left, with its page number in Arabic on the left; mixed text (Latin names,
numbers, dates inside Arabic sentences) comes back from the PDF in logical order."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis import i18n
from analysis.charts.style import add_source, use_house_style
from analysis.report import export
from analysis.report.browser import Browser
from analysis.sections.blocks import FigureBlock

pytestmark = pytest.mark.slow

ALEPPO, IDPS = "حلب", "النازحون داخلياً"
SENTENCE = "أفاد المرصد السوري بمقتل 910 أشخاص حتى 8 كانون الأول 2024"


def _chart() -> str:
    """A bar chart in the Arabic edition: title, axis label, tick labels, legend and source in
    Arabic, with a Latin name and a number among them."""
    with i18n.editing("ar"):
        use_house_style()
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.bar([ALEPPO, "إدلب", "حماة"], [3, 2, 1], label=IDPS)
        ax.set_title(f"{IDPS} في {ALEPPO}")
        ax.set_ylabel("أحداث")
        ax.legend()
        add_source(fig, "المصدر: UCDP GED 25.1، 2024")
        return FigureBlock(fig, alt=IDPS).data


def _report(tmp_path: Path, markup: str) -> Path:
    """``markup`` as one output of a notebook, exported as the Arabic edition and printed."""
    nb = new_notebook(
        cells=[new_code_cell("", outputs=[new_output("display_data", {"text/html": markup})])]
    )
    html = tmp_path / "report_ar.html"
    html.write_text(export.to_html(nb, "تقرير", i18n.Edition("ar")), encoding="utf-8")
    pdf = tmp_path / "report_ar.pdf"
    browser = Browser()
    try:
        browser.print_pdf(html, pdf)
    finally:
        browser.close()
    return pdf


def _text(pdf: Path, *options: str) -> str:
    """The PDF's text by pdftotext, without the controls (U+202A..U+202C) by which it marks the
    direction of runs."""
    done = subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return "".join(c for c in done.stdout if c not in "\u202a\u202b\u202c")


def _letters(text: str) -> str:
    """``text``'s letters in order: the shaped forms a chart's glyphs are named by (U+FE70..)
    as the letters they are (NFKC), and no white space. pdftotext infers spaces from gaps and
    puts the one after a left-to-right run (a number, a Latin name) on its other side; the
    letters, digits and names themselves come back in logical order."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _shaped(text: str) -> bool:
    """Whether ``text`` has Arabic letters in a joined form (initial, medial, final)."""
    return any("\ufe70" <= c <= "\ufefc" for c in text)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rtl")
    markup = f"<h2 id='x'>{ALEPPO}</h2><p class='sentence'>{SENTENCE}</p>{_chart()}"
    return _report(tmp, markup)


def test_a_chart_keeps_arabic_words_as_text_shaped_and_in_their_order(printed):
    text = _text(printed)
    assert _shaped(text)  # the browser joined the letters of the chart's words
    letters = _letters(text)
    assert _letters(f"{IDPS} في {ALEPPO}") in letters  # the title
    assert _letters("UCDP GED 25.1، 2024") in letters  # a Latin name and numbers in place
    for word in ("أحداث", "إدلب", "حماة", IDPS):  # axis label, tick labels, legend
        assert _letters(word) in letters


def test_a_sentence_with_numbers_and_dates_comes_back_in_logical_order(printed):
    assert _letters(SENTENCE) in _letters(_text(printed))


def _blocks(pdf: Path) -> list[tuple[float, float, str]]:
    """The PDF's first page as blocks of text: (left, right, letters in visual order)."""
    bbox = _text(pdf, "-bbox-layout")
    page = bbox.split("</page>")[0]
    found = []
    for block in re.findall(r"<block (.*?)</block>", page, re.S):
        left = float(re.search(r'xMin="([\d.]+)"', block).group(1))
        right = float(re.search(r'xMax="([\d.]+)"', block).group(1))
        found.append((left, right, "".join(re.findall(r">([^<>]*)</word>", block))))
    return found


def test_a_right_to_left_page_is_printed_right_to_left(printed):
    blocks = _blocks(printed)
    heading, sentence = blocks[0], blocks[1]  # pdftotext's letters are in visual order here
    assert heading[2] == ALEPPO[::-1]
    # the heading and the sentence start at the same right edge, the sentence ends on the left
    assert abs(heading[1] - sentence[1]) < 2
    assert sentence[0] > 100  # a short sentence: it ends well before the left margin
    # the page's number, in Arabic, at the bottom left; the tool's name at the bottom right
    layout = _text(printed, "-layout").splitlines()
    bottom = [line for line in layout if "syria-sitrep" in line and "صفحة" in line]
    assert bottom, layout
    assert bottom[0].index("صفحة") < bottom[0].index("syria-sitrep")
