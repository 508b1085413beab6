"""The territorial control report's sources, organisations and weak-source notes in the Arabic
edition (issue 18), and unchanged in English: each checked against the catalogue, the
organisations table and the bundled data's translations, never against copied words."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import i18n, organisations, places
from analysis.data import bundled
from analysis.metrics.weak_source import place_day
from analysis.sections import control
from analysis.sections.control import map as control_map
from analysis.sections.control import shares, sources
from analysis.sections.text import note


def _load() -> control.Control:
    return control.load(
        control_path="bundled",
        boundaries_path="bundled",
        start_date="2024-11-27",
        end_date="2024-12-31",
        governorate="all",
    )


def _text(blocks) -> str:
    return " ".join(repr(b) for b in blocks)


@pytest.fixture(scope="module")
def english():
    return _load()


@pytest.fixture(scope="module")
def arabic():
    with i18n.editing("ar"):
        return _load()


def test_the_changes_and_shares_are_named_by_their_datasets_title_in_the_edition(english, arabic):
    changes, shares_title = bundled.CONTROL_FORMAT.title, bundled.SHARES_FORMAT.title
    assert (english.source, english.shares_source) == (changes, shares_title)
    with i18n.editing("ar"):
        assert arabic.source == i18n.gettext(changes) != changes
        assert arabic.shares_source == i18n.gettext(shares_title) != shares_title
        said = _text(sources.sources_section(arabic))
    assert arabic.source in said and changes not in said


def test_the_shares_name_each_organisation_by_its_arabic_name(english, arabic):
    published = set(english.shares["organisation"])
    assert "Jusoor for Studies" in published
    with i18n.editing("ar"):
        said = _text(shares.shares_section(arabic)) + _text(sources.sources_section(arabic))
        full = {organisations.shown(name) for name in published}
    assert full.isdisjoint(published)
    assert {name for name in full if name not in said} == set()
    assert "Jusoor for Studies" not in said and "opposition claim" not in said


def test_a_weak_source_note_gives_the_translated_page_and_the_editions_separators(english, arabic):
    weak = english.period.dropna(subset=["weak_source"])
    pages = set(weak["weak_source"])
    assert any("not verified" in page for page in pages)
    with i18n.editing("ar"):
        said = _text(control_map.map_section(arabic))
        translated = set(arabic.period["weak_source"].dropna())
        row = weak.iloc[0]
        named = note(place_day(row["place"], row["event_date"]))
        place = places.shown(row["place"])
        listed = i18n.pgettext("list", "; ")
    assert translated != pages
    assert {page for page in translated if page in said}
    assert not {page for page in pages - translated if page in said}
    assert place != row["place"] and place in named and ", " not in named
    assert listed != "; " and "; " not in said


def test_the_english_notes_keep_their_words_and_separators(english):
    row = english.period.dropna(subset=["weak_source"]).iloc[0]
    day = i18n.day(pd.Timestamp(row["event_date"]))
    assert note(place_day(row["place"], row["event_date"])) == f"{row['place']}, {day}"
