"""The words every report shares, in an Arabic render of the casualties report on the bundled
data (issue 18): the charts' source lines and date ticks, the results' qualifiers and dates."""

from __future__ import annotations

import base64
import html
import re
import unicodedata

import pytest

from tests.english import pdf_text
from tests.integration.reader import REPO, sitrep

pytestmark = pytest.mark.slow

CASUALTIES = REPO / "notebooks" / "casualties.ipynb"
_SVG = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")
_TEXT = re.compile(r"<text\b.*?</text>", re.S)
_ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")
_ENGLISH_TICK = re.compile(r"^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    """The default casualties report in Arabic with Arabic-Indic digits: (HTML, PDF text)."""
    out = tmp_path_factory.mktemp("arabic")
    done = sitrep(
        "render", CASUALTIES, "-p", "language", "ar", "-p", "digits", "arabic", "--out", out
    )
    assert done.returncode == 0, done.stderr
    (page,) = out.glob("*_ar_arabic-digits.html")  # named beside the English report
    (pdf,) = out.glob("*.pdf")
    # pdftotext keeps the reading order of a right-to-left line; pypdf's text does not
    return page.read_text(encoding="utf-8"), " ".join(pdf_text(pdf).split())


def chart_texts(page: str) -> list[str]:
    """Every text of the report's charts (their SVG text elements), as a reader reads it:
    presentation forms folded (NFKC), direction isolates dropped."""
    texts = []
    for encoded in _SVG.findall(page):
        svg = base64.b64decode(encoded).decode("utf-8")
        for element in _TEXT.findall(svg):
            text = html.unescape(re.sub(r"<[^>]+>", "", element))
            text = unicodedata.normalize("NFKC", text).translate(_ISOLATES).strip()
            if text:
                texts.append(text)
    return texts


def test_the_charts_source_lines_are_arabic(arabic):
    texts = chart_texts(arabic[0])
    sources = [t for t in texts if t.startswith("المصدر: ")]
    assert sources, texts
    assert any("البيانات حتى" in t and "كانون الأول ٢٠٢٤" in t for t in sources), sources
    assert not [t for t in texts if t.startswith("Source")]


def test_the_charts_date_ticks_are_arabic(arabic):
    texts = chart_texts(arabic[0])
    assert "٩ كانون الأول" in texts  # a Monday's tick of the weekly axis
    assert "٢٠٢٤" in texts  # the axis's year
    assert not [t for t in texts if _ENGLISH_TICK.match(t)]


def test_the_arabic_report_is_named_and_marked_as_its_edition(arabic):
    page = arabic[0]
    assert re.search(r'<html lang="ar" dir="rtl">', page)
    assert "كانون" in arabic[1] and "٢٠٢٤" in arabic[1]  # Syrian month names, Arabic digits


def test_qualifiers_and_dates_are_arabic_in_the_pdf(arabic):
    text = arabic[1]
    assert "ما لا يقل عن" in text  # SOHR's "at least 910", as Arabic writes it
    assert "٩١٠" in text
    assert "البيانات حتى" in text and "المصدر" in text
    assert "Data as of" not in text
