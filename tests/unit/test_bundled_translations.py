"""The bundled data in the Arabic edition: every text cell a reader sees has its Arabic, which
states the same numbers, and the readers give it there while codes and figures stay the same;
organisations are shown by their own Arabic names."""

from __future__ import annotations

import csv
import re
from collections import OrderedDict

import pandas as pd
import pytest

from analysis import data, i18n, organisations
from analysis.data import bundled
from analysis.data.formats import FORMATS
from analysis.metrics.displacement.reported import area_kind, mentions_returns
from analysis.sections import text

FOLDER = bundled.bundled_path("casualty_tolls.csv").parent
FORMAT_OF = {file: name for name, file in bundled.FILES.items()}
ARABIC = re.compile(r"[\u0600-\u06FF]")


def _entries() -> list[dict[str, str]]:
    with bundled.translations_file(FOLDER, "ar").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read(file: str, language: str) -> pd.DataFrame:
    with i18n.editing(language):
        return bundled.read_bundled(FORMATS[FORMAT_OF[file]].domain, FORMATS[FORMAT_OF[file]].kind)


def test_every_translation_states_exactly_the_numbers_of_its_english():
    entries = _entries()
    assert entries
    for entry in entries:
        english = sorted(re.findall(r"\d+", entry["en"]))
        assert sorted(re.findall(r"\d+", entry["ar"])) == english, entry["en"]
        assert ARABIC.search(entry["ar"]) or entry["ar"] == entry["en"], entry["en"]


def test_no_text_cell_a_reader_sees_lacks_a_translation():
    given = {(e["file"], e["column"], e["en"]) for e in _entries()}
    for file, columns in bundled.TRANSLATED.items():
        frame = _read(file, "en")
        for column in columns:
            cells = {c for c in frame[column].dropna() if c.strip()}
            assert cells
            assert {(file, column, c) for c in cells} <= given, (file, column)


@pytest.mark.parametrize("file", list(bundled.TRANSLATED))
def test_the_arabic_edition_reads_the_arabic_text_and_the_same_codes_and_figures(file):
    english, arabic = _read(file, "en"), _read(file, "ar")
    translated = bundled.TRANSLATED[file]
    assert list(arabic.columns) == list(english.columns)
    assert list(arabic.dtypes) == list(english.dtypes)
    others = [c for c in english.columns if c not in translated]
    pd.testing.assert_frame_equal(arabic[others], english[others])
    by_english = {(e["column"], e["en"]): e["ar"] for e in _entries() if e["file"] == file}
    for column in translated:
        for en, ar in zip(english[column], arabic[column], strict=True):
            if pd.isna(en):
                assert pd.isna(ar)
            else:
                assert ar == by_english[(column, en)]


def test_the_english_edition_reads_the_files_as_published():
    for file in bundled.TRANSLATED:
        published = pd.read_csv(FOLDER / file, dtype=str, keep_default_na=False)
        frame = _read(file, "en")
        for column in bundled.TRANSLATED[file]:
            assert frame[column].fillna("").tolist() == published[column].tolist()


def test_what_the_metrics_match_on_the_text_is_the_same_in_both_editions():
    english = _read("displacement_figures.csv", "en")
    arabic = _read("displacement_figures.csv", "ar")
    assert area_kind(arabic).tolist() == area_kind(english).tolist()
    for i in range(len(english)):
        assert mentions_returns(arabic.iloc[[i]]) == mentions_returns(english.iloc[[i]]), i


def test_a_file_kept_for_a_later_read_is_kept_per_language():
    path = FOLDER / "casualty_tolls.csv"
    store: OrderedDict = OrderedDict()
    with data.keeping(store):
        english = data.read(path).frame
        with i18n.editing("ar"):
            arabic = data.read(path).frame
            again = data.read(path).frame
        assert data.read(path).frame["scope"].tolist() == english["scope"].tolist()
    assert arabic["scope"].tolist() != english["scope"].tolist()
    assert again["scope"].tolist() == arabic["scope"].tolist()
    assert len(store) == 2


def test_a_copy_of_a_file_without_translations_beside_it_reads_as_published(tmp_path):
    copy = tmp_path / "casualty_tolls.csv"
    copy.write_bytes((FOLDER / "casualty_tolls.csv").read_bytes())
    with i18n.editing("ar"):
        frame = bundled.read_tolls(copy)
    assert frame["scope"].tolist() == _read("casualty_tolls.csv", "en")["scope"].tolist()


def test_organisations_keep_their_published_names_in_english():
    for name in ("SOHR", "OCHA / IDP Task Force", "Barran Press", ""):
        assert organisations.shown(name) == name
        assert organisations.shown(name, short=True) == name
    assert organisations.shown(None) is None


def test_organisations_by_their_own_arabic_names_in_the_arabic_edition():
    with i18n.editing("ar"):
        assert organisations.shown("SOHR") == "المرصد السوري لحقوق الإنسان"
        assert organisations.shown("SOHR", short=True) == "المرصد السوري"
        assert organisations.shown("SNHR") == "الشبكة السورية لحقوق الإنسان"
        assert organisations.shown("OCHA", short=True) == "أوتشا"
        assert organisations.shown("Jusoor for Studies") == "مركز جسور للدراسات"
        assert organisations.shown("Reuters") == "رويترز"
        # a name followed by a note in brackets: the note as it stands
        assert organisations.shown("SOHR (AFP via X)") == "المرصد السوري لحقوق الإنسان (AFP via X)"
        # a name with no entry stays as published
        assert organisations.shown("Barran Press") == "Barran Press"


def test_every_organisation_of_the_bundled_data_has_an_arabic_name():
    names = organisations.table()
    for file in ("casualty_tolls.csv", "displacement_figures.csv", "territory_shares.csv"):
        for name in _read(file, "en")["organisation"].dropna().unique():
            assert name in names, name
            assert ARABIC.search(names[name]["ar"]) and ARABIC.search(names[name]["short"])


def test_templates_show_an_organisation_through_the_filter():
    template = "{{ name|organisation }} / {{ name|organisation(short=True) }}"
    assert text._environment().from_string(template).render(name="SOHR") == "SOHR / SOHR"
    with i18n.editing("ar"):
        shown = text._environment().from_string(template).render(name="SOHR")
    assert shown == "المرصد السوري لحقوق الإنسان / المرصد السوري"
