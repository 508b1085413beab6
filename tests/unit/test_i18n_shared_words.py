"""The words every report shares, in the edition's language (issue 18): a result's qualifier,
short dates and the date ticks of charts, the chart's source line, the table of contents'
heading and the bundled files' titles; English exactly as before."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from analysis import i18n
from analysis.charts.style import month_lines, number_ticks, source_line, time_axis, year_axis
from analysis.data import formats
from analysis.data.boundaries import map_boundaries
from analysis.data.bundled import TOLLS_FORMAT
from analysis.data.ucdp import FORMAT as UCDP_FORMAT
from analysis.metrics.results import Message, Period, Result
from analysis.report.export import with_contents


def _result(qualifier: str | None, value=910, low=None, high=None) -> Result:
    return Result(
        key="toll",
        label=Message.of("toll"),
        value=value,
        unit="deaths",
        source="SOHR",
        qualifier=qualifier,
        low=low,
        high=high,
    )


def test_english_short_dates_are_written_as_strftime_wrote_them():
    assert i18n.short_day("2024-12-08") == "8 Dec 2024"
    assert i18n.short_day("2024-09-08") == "8 Sep 2024"  # not en_GB's "Sept"
    assert i18n.short_month("2024-12-01") == "Dec 2024"
    assert i18n.short_day_month("2024-11-27") == "27 Nov"
    assert i18n.day_month("2024-11-27") == "27 November"
    assert month_lines("2024-09-01") == "Sep\n2024"
    assert i18n.short_day(None) == "date not given"


def test_arabic_short_dates_name_the_month_whole_in_the_editions_digits():
    with i18n.editing("ar"):
        assert i18n.short_day("2024-12-08") == "8 كانون الأول 2024"
        assert i18n.short_day_month("2024-11-27") == "27 تشرين الثاني"
    with i18n.editing("ar", "arabic"):
        assert i18n.short_month("2024-12-01") == "كانون الأول ٢٠٢٤"
        assert month_lines("2024-12-01") == "كانون الأول\n٢٠٢٤"


def test_english_keeps_the_qualifier_as_published():
    assert _result("at least").text == "at least 910"
    assert _result("More than").text == "More than 910"  # the publisher's case kept
    assert _result(None).text == "910"
    ranged = _result("about", value=1_100_000, low=900_000, high=1_300_000)
    assert ranged.text == "about 1,100,000 (900,000–1,300,000)"


def test_arabic_writes_a_known_qualifier_through_its_message_and_keeps_the_code():
    with i18n.editing("ar"):
        assert _result("at least").text == "ما لا يقل عن 910"
        assert _result(" More  than ").text == "أكثر من 910"  # case and spaces do not matter
        assert _result("circa").text == "circa 910"  # no message: as published
        assert _result("at least").qualifier == "at least"  # the result keeps the published words
    with i18n.editing("ar", "arabic"):
        assert _result("over", value=1_000).text == "ما يزيد على ١٬٠٠٠"


def test_every_qualifier_has_a_message_with_the_number_in_it():
    with i18n.editing("ar"):
        for qualifier in i18n.QUALIFIERS:
            written = i18n.qualified(qualifier, "910")
            assert "910" in written and not written.startswith(qualifier), qualifier


def test_the_source_line_names_each_source_once_in_the_editions_language():
    line = source_line(["SOHR", "OCHA", "SOHR", ""], "8 December 2024")
    assert line.count("SOHR") == 1 and line.index("SOHR") < line.index("OCHA")  # once, in order
    assert line.endswith("8 December 2024.") and line.startswith(source_line(["SOHR"], None)[:-5])
    assert source_line(["UCDP"], None) == "Source: UCDP."
    with i18n.editing("ar"):
        as_of = i18n.day("2024-12-08")
        line = source_line(["SOHR", "OCHA"], as_of)
        assert line == "المصدر: SOHR؛ OCHA. البيانات حتى 8 كانون الأول 2024."
        assert source_line(["UCDP"], None) == "المصدر: UCDP."


def _tick_labels(start: str, end: str) -> list[str]:
    fig, ax = plt.subplots()
    time_axis(ax, Period.of(start, end))
    labels = [ax.xaxis.get_major_formatter()(t) for t in ax.get_xticks()] + [ax.get_xlabel()]
    plt.close(fig)
    return labels


@pytest.mark.parametrize(
    ("start", "end", "english", "arabic"),
    [
        ("2024-12-01", "2024-12-08", "1 Dec", "١ كانون الأول"),
        ("2024-11-27", "2024-12-31", "2 Dec", "٢ كانون الأول"),
        ("2024-01-01", "2024-12-31", "Sep\n2024", "أيلول\n٢٠٢٤"),
        ("2011-01-01", "2024-12-31", "2012", "٢٠١٢"),
    ],
)
def test_date_ticks_are_written_in_the_editions_language(start, end, english, arabic):
    assert english in _tick_labels(start, end)
    with i18n.editing("ar", "arabic"):
        labels = _tick_labels(start, end)
    assert arabic in labels
    assert not any(c.isascii() and c.isalnum() for label in labels for c in label)


def test_year_ticks_and_the_axis_year_in_arabic_digits():
    assert _tick_labels("2024-12-01", "2024-12-08")[-1] == "2024"
    with i18n.editing("ar", "arabic"):
        assert _tick_labels("2024-12-01", "2024-12-08")[-1] == "٢٠٢٤"
        fig, ax = plt.subplots()
        year_axis(ax, [2020, 2021])
        assert ax.xaxis.get_major_formatter()(2021, 0) == "٢٠٢١"
        plt.close(fig)


_PAGE = (
    '<main><p class="sitrep-subtitle">x</p><h2 id="a">Deaths</h2><p>1</p>'
    '<h2 id="b">Tolls</h2></main>'
)


def test_the_table_of_contents_is_headed_in_the_editions_language():
    english = with_contents(_PAGE)
    assert '<nav class="sitrep-toc" aria-label="Contents"><strong>Contents</strong>' in english
    arabic = with_contents(_PAGE, i18n.Edition("ar"))
    assert '<nav class="sitrep-toc" aria-label="المحتويات"><strong>المحتويات</strong>' in arabic


def test_the_bundled_files_titles_are_shown_in_the_editions_language():
    tolls, ucdp = TOLLS_FORMAT, UCDP_FORMAT
    assert formats.FORMATS["bundled_tolls"] is tolls
    assert tolls.shown_title == tolls.title
    assert tolls.title.startswith("syria-sitrep bundled")
    assert map_boundaries(None)[1] == "Natural Earth admin-1 (bundled map)"
    with i18n.editing("ar"):
        assert tolls.shown_title.startswith("حصائل القتلى المضمّنة في syria-sitrep")
        assert ucdp.shown_title == ucdp.title  # a dataset's own name stays as published
        assert map_boundaries(None)[1] == "Natural Earth admin-1 (الخريطة المضمّنة)"


def test_number_ticks_write_counts_in_the_editions_digits():
    assert number_ticks()(1200.0, 0) == "1,200"
    with i18n.editing("ar", "arabic"):
        assert number_ticks()(1200.0, 0) == "١٬٢٠٠"
