"""Dates, qualifiers, governorates, countries and numbers that tables and charts show, in the
Arabic edition and unchanged in English (issue 18): each checked against i18n, the gazetteer or
CLDR, never against copied words."""

from __future__ import annotations

import pandas as pd
from babel.core import Locale

from analysis import gazetteer, i18n
from analysis.sections.blocks import table
from analysis.sections.casualties.tolls import _qualifier
from analysis.sections.displacement.common import countries_in_edition
from analysis.sections.trends import words

DAY = pd.Timestamp("2024-12-04")


def test_a_tables_date_is_iso_in_english_and_the_editions_day_in_arabic():
    frame = pd.DataFrame({"as_of_date": [DAY]})
    assert "2024-12-04" in table(frame).data
    with i18n.editing("ar"):
        shown = table(frame).data
        assert i18n.day(DAY) in shown
    assert "2024-12-04" not in shown


def test_a_qualifier_alone_is_as_published_in_english_and_the_catalogues_in_arabic():
    assert _qualifier("at least") == "at least"
    assert pd.isna(_qualifier(float("nan")))
    with i18n.editing("ar"):
        shown = _qualifier("at least")
        assert shown == i18n.qualified("at least", "").strip()
    assert shown and not any("a" <= c.lower() <= "z" for c in shown)


def test_governorates_keep_the_frames_names_in_english_and_the_gazetteers_in_arabic():
    frame = pd.DataFrame({"admin1_pcode": ["SY07", None], "admin1_name": ["Idleb", "elsewhere"]})
    assert gazetteer.shown_names(frame) is frame
    with i18n.editing("ar"):
        shown = gazetteer.shown_names(frame)["admin1_name"].tolist()
    assert shown == [gazetteer.by_pcode()["SY07"].name_ar, "elsewhere"]


def test_countries_of_asylum_are_unhcrs_in_english_and_cldrs_in_arabic():
    frame = pd.DataFrame({"asylum_iso3": ["TUR", "ZZX"], "asylum_name": ["Türkiye", "Nowhere"]})
    assert countries_in_edition(frame) is frame
    with i18n.editing("ar"):
        shown = countries_in_edition(frame)["asylum_name"].tolist()
    assert shown == [Locale.parse("ar_SY").territories["TR"], "Nowhere"]


def test_a_baseline_and_a_change_state_the_same_figures_in_both_digits():
    english = (words.reference_text(6.25, 8, 28.0), words.percent(-12.5), words.percent(0.2))
    assert english == ("6.25", "-12%", "0%")  # Python's rounding, as the reports always had
    with i18n.editing("ar", "arabic"):
        arabic = (words.reference_text(6.25, 8, 28.0), words.percent(-12.5), words.percent(0.2))
    assert all("٠" <= c <= "٩" for a in arabic for c in a if c.isdigit())  # Arabic-Indic ...
    latin = str.maketrans("٠١٢٣٤٥٦٧٨٩٫٪", "0123456789.%")
    assert [a.translate(latin) for a in arabic] == list(english)  # ... the same figures
