"""The casualty and disclosure sentences are messages of the catalogue (one per sentence
variant, plurals by ngettext): the English edition says each variant as it always did, the
singular and the plural apart, and a sentence with two counts agrees with each."""

import pandas as pd
import pytest

from analysis.sections.text import render


def _crossing(events, deaths, unit="events"):
    return render(
        "disclosure_crossing", items=[dict(events=events, deaths=deaths, unit=unit, area=None)]
    )


@pytest.mark.parametrize(
    ("events", "deaths", "unit", "pieces"),
    [
        (1, None, "events", ("Not counted: 1 event overlaps ", " so it may ")),
        (3, 1, "events", ("3 events with 1 death overlap ", " so they may ")),
        (1, 40, "incidents", ("1 incident with 40 deaths is ", " to a month ", " so it may ")),
        (1234, 5678, "events", ("1,234 events with 5,678 deaths overlap ", " so they may ")),
    ],
)
def test_a_crossing_note_agrees_with_its_counts(events, deaths, unit, pieces):
    said = _crossing(events, deaths, unit)
    assert all(piece in said for piece in pieces), said


def test_a_note_for_several_places_lists_each():
    items = [
        dict(events=3, deaths=5, unit="events", area="Aleppo"),
        dict(events=1, deaths=None, unit="incidents", area="Hama"),
    ]
    said = render("disclosure_crossing", items=items)
    assert said.startswith("Not counted, because")
    assert said.endswith("Hama: 1 incident.") and "Aleppo: 3 events with 5 deaths; " in said


@pytest.mark.parametrize(
    ("events", "deaths", "unit", "pieces"),
    [
        (1, 3, "week", ("1 event with 3 deaths is dated ", " weeks: it is ", "single week")),
        (3, 1, "day", ("3 events with 1 death are dated ", " days: they are ", "single day")),
    ],
)
def test_events_drawn_apart_name_their_bins(events, deaths, unit, pieces):
    said = render("casualties_apart", events=events, deaths=deaths, unit=unit)
    assert all(piece in said for piece in pieces), said


def test_what_a_chart_could_not_draw():
    items = [
        dict(deaths=1, events=1, bar="week", why="span", area=None),
        dict(deaths=3, events=2, bar="week", why="no_governorate", area=None),
    ]
    said = render("disclosure_undrawn", items=items)
    assert said.startswith("Not drawn: 1 death in 1 event ") and "(week)" in said
    assert "3 deaths (2 events)" in said


def test_months_of_monthly_counts_are_named_through_the_edition():
    items = [dict(month=pd.Timestamp("2024-11-01"), start=pd.Timestamp("2024-11-27"), area=None)]
    said = render("disclosure_whole_month", items=items)
    assert said.startswith("November 2024 is counted whole") and "before 27 November 2024" in said


@pytest.mark.parametrize(
    ("types", "last", "name"),
    [
        ((), None, "ACLED"),
        (("Battles",), pd.Timestamp("2023-06-02"), "ACLED, battles only, to 2 June 2023"),
        (("Battles", "Riots"), None, "ACLED, battles and riots only"),
    ],
)
def test_a_source_is_named_by_what_it_holds(types, last, name):
    said = render("disclosure_source", title="ACLED", types=types, last=last, last_month=None)
    assert said == name


@pytest.mark.parametrize(
    ("values", "said"),
    [
        (dict(precision="day", days_min=1, days_max=1), "the exact day"),
        (dict(precision="month", days_min=28, days_max=31), "a span of 28 to 31 days"),
        (dict(precision="month", days_min=8, days_max=8), "a span of 8 days"),
    ],
)
def test_how_precisely_events_are_dated(values, said):
    assert render("casualties_precision_label", calendar_months=False, **values) == said
