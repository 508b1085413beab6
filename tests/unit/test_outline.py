"""The bookmarks of a right-to-left PDF read as their headings (analysis.report.outline)."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from analysis.report.outline import headings, in_reading_order

ARABIC = "الضحايا: محافظة حلب (\u2066SY02\u2069)"
# As Chromium writes it: the runs in the order they are drawn, left to right.
DRAWN = ")\u2069SY02\u2066(الضحايا: محافظة حلب "


def printed(*titles: str) -> bytes:
    """A one-page PDF with one top-level bookmark per title, as a browser would print it."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    for title in titles:
        writer.add_outline_item(title=title, page_number=0)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def titles(pdf: bytes) -> list[str]:
    return [item.title for item in PdfReader(io.BytesIO(pdf)).outline]


def page(direction: str, *shown: str) -> str:
    body = "".join(f"<h{level}>{text}</h{level}>" for level, text in enumerate(shown, 1))
    return f'<!DOCTYPE html><html lang="ar" dir="{direction}"><body>{body}</body></html>'


def test_a_mixed_arabic_bookmark_is_given_its_headings_text(tmp_path):
    html = tmp_path / "r.html"
    html.write_text(page("rtl", ARABIC, "أرقام رئيسية"), encoding="utf-8")
    fixed = in_reading_order(printed(DRAWN, "أرقام رئيسية"), html)
    assert titles(fixed) == [ARABIC, "أرقام رئيسية"]


def test_a_pdf_whose_bookmarks_read_right_is_returned_as_it_is(tmp_path):
    html = tmp_path / "r.html"
    html.write_text(page("rtl", "أرقام رئيسية", "المصادر"), encoding="utf-8")
    pdf = printed("أرقام رئيسية", "المصادر")
    assert in_reading_order(pdf, html) is pdf
    html.write_text(page("ltr", "Casualties: Aleppo (SY02)"), encoding="utf-8")
    english = printed("(SY02) Aleppo :Casualties")  # never touched in a left-to-right page
    assert in_reading_order(english, html) is english


def test_a_bookmark_is_only_given_the_text_of_a_heading_with_its_characters(tmp_path):
    html = tmp_path / "r.html"
    html.write_text(page("rtl", "حلب (SY02)", ARABIC), encoding="utf-8")
    fixed = in_reading_order(printed("غير معروف", DRAWN), html)
    assert titles(fixed) == ["غير معروف", ARABIC]


def test_headings_are_read_as_text_in_the_pages_order():
    markup = '<h1 id="t">A &amp; B <sup class="sitrep-mark">a</sup></h1>\n<h3>  C\n D </h3>'
    assert headings(markup) == ["A & B a", "C D"]


def test_an_arabic_heading_with_brackets_or_arabic_digits_is_read_again(tmp_path):
    heading = "أرقام أخرى (مساحات) حتى ٣١ كانون الأول ٢٠١٩"
    drawn = "٢٠١٩ كانون الأول ٣١)مساحات(أرقام أخرى حتى"  # runs in drawn order
    html = tmp_path / "r.html"
    html.write_text(page("rtl", heading), encoding="utf-8")
    assert titles(in_reading_order(printed(drawn), html)) == [heading]
