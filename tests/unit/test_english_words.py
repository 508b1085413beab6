"""What the tests of the Arabic edition call an English sentence (tests/english.py), on short
texts as pdftotext gives an Arabic report's."""

from __future__ import annotations

from tests.english import english


def test_a_stop_word_or_an_english_month_is_english_wherever_it_stands():
    assert english("ما لا يقل عن 910 (at least 910)") == ["at least"]
    assert english("حتى 8 كانون الأول 2024؛ النطاق: 27 Nov - 8 Dec") == ["Nov - 8 Dec"]
    assert english("المصدر: SOHR (AFP via") == ["SOHR (AFP via"]


def test_three_latin_words_make_a_sentence_and_acronyms_and_marks_do_not_count():
    assert english("الخريطة Last known holder 2024") == ["Last known holder"]
    assert english("مراكز المحافظات Latakia، Damascus، Homs") == ["Latakia، Damascus، Homs"]
    assert english("المصادر: SOHR، OCHA، SNHR، UNHCR") == []  # acronyms: names, not words
    assert english("38 a ما يزيد على 1,100,000 b") == []  # the letters marking notes
    assert english("Syrian Civil Defence (White Helmets)") == [
        "Syrian Civil Defence (White Helmets"
    ]


def test_a_run_ends_at_an_arabic_letter_and_at_a_blank_line():
    assert english("Hama حماة Homs حمص Idleb") == []
    assert english("Tishreen Dam\n\nManbij") == []
    assert english("Syria whole\nmonth") == ["Syria whole month"]


def test_names_that_stay_latin_are_kept():
    kept = [
        "المصدر: UCDP GED Candidate 25.1",
        "الملف syr_admbnda_adm1_uncs_unocha.geojson",
        "https://reliefweb.int/report/syrian-arab-republic/flash-update-no-1",
        "syria-sitrep 0.1.0 · 2024",
        "عبر La Jornada",
        "Violence against civilians",  # an ACLED event type, as published
        "thedailyexclusives.com",
        "الملف ged_syria_652.1601.1911.csvتسجل",  # pdftotext glues a file name to a word
        "المصدرUCDP Georeferenced Event:",
        "acled_syria_battles_2017-01-01_2023-06-",  # a file name cut by a line break
        "signals/datasets/armed-conflict",  # a URL's path cut by a line break
    ]
    assert [text for text in kept if english(text)] == []


def test_names_a_data_file_publishes_are_kept():
    assert english("Government of Syria، حلب", published=["Government of Syria"]) == []
    assert english("Government of\nSyria", published=["Government of Syria"]) == []
    assert english("IS، Government of Turkey") == ["IS، Government of Turkey"]
    assert english("IS") == []  # an acronym, not the verb
    assert (
        english("Military Forces of\n2019-12-22 Syria", published=["Military Forces of Syria"])
        == []
    )
    assert english("Kingdom of the", published=["Netherlands (Kingdom of the)"]) == [
        "Kingdom of the"
    ]
