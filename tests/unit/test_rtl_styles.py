"""The Arabic edition's layout pieces that need no browser: the page's bottom line, the chart
style of each edition, right-to-left text in a chart's SVG."""

from __future__ import annotations

import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from analysis import i18n
from analysis.charts import svg
from analysis.charts.style import use_house_style
from analysis.report import export


def test_the_english_bottom_line_is_what_it_was():
    css = export.page_css(i18n.ENGLISH)
    assert '@bottom-right { content: "Page " counter(page) " of " counter(pages);' in css
    assert '@bottom-left { content: "syria-sitrep";' in css


def test_the_arabic_bottom_line_swaps_sides_and_counts_in_its_digits():
    css = export.page_css(i18n.Edition("ar", "arabic"))
    number = re.search(r"@bottom-left \{ content: ([^;]*);", css).group(1)
    assert "counter(page, arabic-indic)" in number and "counter(pages, arabic-indic)" in number
    assert "Page" not in number  # the catalogue's words
    assert '@bottom-right { content: "syria-sitrep";' in css
    assert "direction: rtl" in css


def test_css_strings_are_escaped():
    assert export._css_string('a "b" \\ c') == '"a \\"b\\" \\\\ c"'


@pytest.mark.parametrize(
    ("text", "rtl"),
    [("حلب", True), ("المصدر: UCDP 2024", True), ("Aleppo", False), ("١٢٣", False), ("-5", False)],
)
def test_right_to_left_text_is_told_by_its_letters(text, rtl):
    assert svg.right_to_left(text) is rtl


def _svg(title: str) -> str:
    fig, ax = plt.subplots()
    ax.set_title(title)
    with plt.rc_context({"svg.fonttype": "none"}):
        out = svg.to_svg(fig).decode("utf-8")
    plt.close(fig)
    return out


def test_a_chart_writes_right_to_left_text_as_an_isolate_and_english_as_it_was():
    assert f"{svg.RLI}حلب 2024{svg.PDI}</text>" in _svg("حلب 2024")
    english = _svg("Aleppo 2024")
    assert "Aleppo 2024</text>" in english and svg.RLI not in english


def test_the_arabic_edition_draws_in_an_arabic_font_with_titles_on_the_right():
    with i18n.editing("ar"):
        use_house_style()
        assert mpl.rcParams["font.family"][0] == "Noto Sans Arabic"
        assert mpl.rcParams["axes.titlelocation"] == "right"
    use_house_style()
    assert mpl.rcParams["font.family"][0] == "Noto Sans"
    assert mpl.rcParams["axes.titlelocation"] == "left"


@pytest.mark.parametrize(
    ("text", "isolated"),
    [
        (
            "أفاد SOHR (AFP via La Jornada (2024-12-08)) بمقتل 910.",
            "أفاد <bdi>SOHR (AFP via La Jornada (2024-12-08))</bdi> بمقتل 910.",
        ),
        ("المصدر: UCDP GED 25.1، 2024", "المصدر: <bdi>UCDP GED 25.1</bdi>، 2024"),
        ("(SOHR) و AT&amp;T; ثم", "(<bdi>SOHR</bdi>) و <bdi>AT&amp;T</bdi>; ثم"),
        ("في 2024-12-08 قتل 910", "في <bdi>2024-12-08</bdi> قتل 910"),
        ("من 27 Nov - 8 Dec؛ 910 أشخاص", "من <bdi>27 Nov - 8 Dec</bdi>؛ 910 أشخاص"),
    ],
)
def test_latin_runs_in_arabic_text_are_isolated(text, isolated):
    html = f"<head><title>T</title><style>a {{ b: c }}</style></head><body><p>{text}</p></body>"
    expected = isolated.replace("<bdi>", export.LRI).replace("</bdi>", export.PDI)
    assert export.isolate_latin(html) == html.replace(text, expected)
