"""The Arabic edition (issue 18), through the real pipeline: `sitrep render -p language ar`
writes a right-to-left report beside the English one, stating the same numbers."""

from __future__ import annotations

import re

import pytest

from tests import said
from tests.integration.reader import REPO, sitrep, unmarked_pdf_text

pytestmark = pytest.mark.slow

CASUALTIES = REPO / "notebooks" / "casualties.ipynb"


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The default casualties report in English, and in Arabic with Arabic-Indic digits."""
    out = tmp_path_factory.mktemp("editions")
    for given in ((), ("-p", "language", "ar", "-p", "digits", "arabic")):
        done = sitrep("render", CASUALTIES, *given, "--out", out)
        assert done.returncode == 0, done.stderr
    return out


def test_the_arabic_edition_is_written_beside_the_english_one(editions):
    stems = sorted(p.stem for p in editions.glob("*.pdf"))
    assert stems == [
        "casualties_2024-11-27_2024-12-31",
        "casualties_2024-11-27_2024-12-31_ar_arabic-digits",
    ]
    arabic = (editions / f"{stems[1]}.html").read_text(encoding="utf-8")
    english = (editions / f"{stems[0]}.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="ar" dir="rtl">', arabic)
    assert re.search(r'<html lang="en" dir="ltr">', english)


_VALUE = re.compile(
    r'class="sitrep-kf-value"[^>]*>(.*?)</|<td(?![^>]*class="date")[^>]*>(.*?)</td>', re.S
)


def _numbers(html: str) -> list:
    """The numbers a reader reads in key figures, marked results and table cells, in order (a
    table's dates are not numbers: ISO in English, the edition's words in Arabic)."""
    cells = [a or b for a, b in _VALUE.findall(html)]
    marked = [(r.key, r.numbers) for r in said.read(html).results]
    return [said.numbers_in(re.sub(r"<[^>]+>", " ", c)) for c in cells] + marked


def test_both_editions_state_the_same_numbers(editions):
    stated = {}
    for html in editions.glob("*.html"):
        stated[html.stem.endswith("digits")] = _numbers(html.read_text(encoding="utf-8"))
    english, arabic = stated[False], stated[True]
    assert sum(len(n) for n in english if isinstance(n, list)) > 10  # numbers were found
    assert arabic == english


def test_the_arabic_pdf_writes_dates_and_digits_the_arabic_way(editions):
    (pdf,) = editions.glob("*_ar_arabic-digits.pdf")
    text = unmarked_pdf_text(pdf)
    assert "كانون" in text and "الأول" in text  # December, as Syrian publications name it
    assert "٢٠٢٤" in text  # Arabic-Indic digits
