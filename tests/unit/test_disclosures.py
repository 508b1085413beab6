"""Every caveat travels with its number: the disclosures the metrics attach to their results,
worked out by hand on small frames, and the marked numbers and notes that state them."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.metrics import casualties as C
from analysis.metrics import in_governorate
from analysis.metrics import trends as T
from analysis.metrics.casualties.coverage import coverage_of, same_kinds
from analysis.metrics.results import Disclosure, Message, Period, Result
from analysis.metrics.weak_source import place_day
from analysis.sections.disclosures import Notes, event_source_name, key_figures_box
from analysis.sections.text import label, term
from analysis.sections.trends.words import overlap, percent, reference_text
from tests.said import read, words
from tests.unit.test_trends_events import events

WEEK = Period.of("2020-03-02", "2020-03-08")
SOURCE = "test"


def week_events(**extra):
    """Aleppo's week, by hand:

    - e0: 2 March, 5 deaths, Aleppo, exact place            counted
    - e1: 3 to 5 March (a span), 7 deaths, Aleppo, district counted, coarse date and place
    - e2: 28 February to 4 March, 11 deaths, Aleppo         crosses the start: not counted
    - e3: 6 March, 2 deaths, no governorate                 counted for the country only
    - e4: 8 to 10 March, 13 deaths, Idleb                   crosses the end: not counted
    - e5: 7 March, 3 deaths, Idleb, near a place            counted
    """
    rows = [
        dict(day="2020-03-02", deaths=5, pcode="SY02", place_precision="exact place"),
        dict(
            earliest="2020-03-03",
            latest="2020-03-05",
            deaths=7,
            pcode="SY02",
            place_precision="district",
            date_precision="days",
        ),
        dict(earliest="2020-02-28", latest="2020-03-04", deaths=11, pcode="SY02"),
        dict(day="2020-03-06", deaths=2, place_precision="exact place"),
        dict(earliest="2020-03-08", latest="2020-03-10", deaths=13, pcode="SY07"),
        dict(day="2020-03-07", deaths=3, pcode="SY07", place_precision="near a place"),
    ]
    frame = events(rows)
    for column, value in extra.items():
        frame[column] = pd.Series([value] * len(frame), dtype=frame[column].dtype)
    return frame


def kinds(result):
    return {d.kind: d.values for d in result.disclosures}


def test_the_country_total_discloses_what_it_leaves_out_and_holds():
    found = C.period_results(week_events(), WEEK, SOURCE)["all"]
    deaths = found["deaths"]
    assert (deaths.value, found["events"].value) == (5 + 7 + 2 + 3, 4)
    said = kinds(deaths)
    assert said["crossing"] == {"events": 2, "deaths": 11 + 13, "unit": "events"}
    assert said["no_governorate"] == {"events": 1, "deaths": 2}
    assert said["coarse_dates"] == {"events": 1, "deaths": 7, "total": 17, "share": 700 / 17}
    assert said["coarse_places"] == {"events": 1, "deaths": 7, "total": 17, "share": 700 / 17}
    assert "unplaced" not in said and "provisional" not in said and "coverage" not in said
    # every total of the period carries the same caveats
    assert found["events"].disclosures == deaths.disclosures


def test_a_governorate_discloses_the_events_it_cannot_place():
    frame = week_events()
    aleppo = in_governorate(frame, "SY02")
    unplaced = frame[frame["admin1_pcode"].isna()]
    found = C.period_results(aleppo, WEEK, SOURCE, unplaced=unplaced, where="Aleppo")["all"]
    said = kinds(found["deaths"])
    assert found["deaths"].value == 12
    assert said["crossing"] == {"events": 1, "deaths": 11, "unit": "events"}
    assert said["unplaced"] == {
        "events": 1,
        "deaths": 2,
        "unit": "events",
        "where": "Aleppo",
        "whole_file": False,
    }
    assert "no_governorate" not in said
    # The trends report's table computes the same results for every governorate at once.
    areas = C.period_results(frame, WEEK, SOURCE, areas={"SY02": "Aleppo", "SY07": "Idleb"})
    assert areas["SY02"]["deaths"] == found["deaths"]
    idleb = kinds(areas["SY07"]["deaths"])
    assert areas["SY07"]["deaths"].value == 3
    assert idleb["crossing"] == {"events": 1, "deaths": 13, "unit": "events"}
    assert "coarse_dates" not in idleb  # no death of Idleb's is dated coarsely


def test_trends_counts_are_the_casualties_results():
    frame = week_events()
    trends = T.event_trends(frame, WEEK, SOURCE)
    names = {"SY02": "Aleppo", "SY07": "Idleb"}  # the gazetteer's: areas are codes in trends
    for area in ("all", "SY02", "SY07"):
        expected = C.period_results(frame, WEEK, SOURCE, areas=names)[area]
        for measure, result in expected.items():
            assert trends.areas[area].counts[measure] == result


def test_provisional_and_coverage_are_disclosed():
    frame = week_events(provisional=True)
    frame["event_type"] = pd.Series(["Battles"] * len(frame), dtype="category")
    frame["event_date_end"] = frame["event_date"]
    coverage = coverage_of(frame, "ACLED")
    assert coverage.partial_types and coverage.types == ("Battles",)
    assert coverage.noun_kinds == ("Battles",)
    found = C.period_results(frame, WEEK, "ACLED, battles only", coverage=coverage)["all"]
    assert found["deaths"].label == Message.of("deaths_recorded", kinds=("Battles",))
    assert label(found["deaths"]) == "Deaths in recorded battles"
    assert label(found["events"]) == "Recorded battles"
    said = kinds(found["deaths"])
    assert said["provisional"] == {"events": 4, "deaths": 17, "total": 4}
    assert said["coverage"]["types"] == ("Battles",) and said["coverage"]["covers"] is True
    # a period reaching past the file's last date is disclosed as well
    longer = Period.of("2020-03-02", "2020-03-31")
    assert kinds(C.deaths(frame, longer, "S", coverage=coverage))["coverage"]["covers"] is False
    assert event_source_name(coverage) == "ACLED, battles only, to 8 March 2020"  # e4's date


def test_coverage_is_read_from_the_rows():
    frame = week_events()
    frame["event_type"] = pd.Series(["state-based", "non-state", "one-sided"] * 2, dtype="category")
    ucdp = coverage_of(frame, "UCDP GED")
    assert ucdp.codebook == "ucdp" and not ucdp.partial_types and ucdp.noun_kinds == ()
    one = coverage_of(frame[frame["event_type"] == "one-sided"], "UCDP GED")
    assert one.partial_types and one.noun_kinds == ("one-sided",)
    assert term("events_noun", kinds=one.noun_kinds) == "events of one-sided violence"
    assert one.types == ("one-sided",)  # a code; the catalogue names it
    assert term("event_type", type="one-sided") == "one-sided violence"
    assert not same_kinds(ucdp, one) and same_kinds(ucdp, ucdp)
    acled = week_events()
    acled["event_type"] = pd.Series(["Battles"] * len(acled), dtype="category")
    assert not same_kinds(ucdp, coverage_of(acled, "ACLED"))


def test_a_span_drawn_apart_is_an_average_per_bin():
    frame = week_events()
    _, apart = C.deaths_by_bin(frame, WEEK, "D")
    row = apart.iloc[0]  # e1: 7 deaths over 3 days
    assert (row["days"], row["per_bin"]) == (3, pytest.approx(7 / 3))


def test_what_the_small_multiples_cannot_draw():
    frame = week_events()
    series = T.bin_series(frame, WEEK, lookback_days=14)  # three weeks of 7-day bins
    left = T.undrawn(frame, series, WEEK)
    # e2 crosses a bin's edge (28 February to 4 March), e4 the series' end: neither is drawn
    assert left["all"].values == {"deaths": 24, "events": 2, "why": "span"}
    assert left["SY02"].values == {"deaths": 11, "events": 1, "why": "span"}
    assert left["SY07"].values == {"deaths": 13, "events": 1, "why": "span"}
    # e3 has no governorate: in the country's bars, in no governorate's panel
    assert left["none"].values == {"deaths": 2, "events": 1, "why": "no_governorate"}
    drawn = series["deaths"]["all"].sum()
    assert drawn + 24 == 5 + 7 + 11 + 2 + 13 + 3  # every death overlapping the span, once


def test_alert_windows_say_where_the_threshold_comes_from():
    rows = [dict(day="2019-01-01", deaths=0, pcode="SY02")]  # the data cover the year before
    rows += [dict(day="2020-01-15", deaths=400, pcode="SY02")]
    rows += [dict(day="2020-03-05", deaths=150, pcode="SY02")]
    rows += [dict(day="2020-03-08", deaths=0, pcode="SY02")]  # the data reach the week's end
    frame = events(rows)
    alert = T.event_trends(frame, WEEK, SOURCE).areas["SY02"].alert
    assert alert.window == Period.of("2020-02-08", "2020-03-08")
    assert alert.window_sum == 150
    # the highest earlier 30-day total: the 400 of 15 January, first reached in the 30 days
    # ending on 15 January
    assert alert.max_level1 == 400
    assert alert.max_level1_window == Period.of("2019-12-17", "2020-01-15")
    said = overlap(alert.window, WEEK)
    assert (said["holds"], said["inside"], said["before"]) == (True, 7, 23)
    earlier = overlap(alert.max_level1_window, WEEK)
    assert (earlier["inside"], earlier["holds"], earlier["within"]) == (0, False, False)
    late = overlap(Period.of("2020-02-06", "2020-03-06"), WEEK)
    assert late["inside"] == 5 and not late["holds"]


@pytest.mark.parametrize(
    ("value", "current", "shown"),
    [
        (6.25, 29, "6.25"),
        (7.5, 31, "7.5"),
        (24.8, 52, "24.8"),
        (21.0, 1, "21"),
        (7 / 3, 5, "2.333"),
    ],
)
def test_an_average_is_printed_as_precisely_as_its_change(value, current, shown):
    pct = round((current - value) * 100 / value, 9)  # as the bands compute it
    text = reference_text(value, current, pct)
    if shown is not None:
        assert text == shown
    printed = float(text.replace(",", ""))
    assert percent((current - printed) * 100 / printed) == percent(pct)  # the change follows


def result(key="deaths", value=804, *said):
    return Result(
        key=key,
        label=Message.of("as_published", name=key),
        value=value,
        unit="deaths",
        source="S",
        disclosures=said,
    )


CROSSING = Disclosure.of("crossing", events=27, deaths=804, unit="events")
COARSE = Disclosure.of("coarse_dates", events=3, deaths=30, total=100, share=30.0)


def test_marked_numbers_and_their_notes_follow_the_convention():
    notes = Notes("casualties key figures")
    deaths = result("deaths", 96, CROSSING, COARSE)
    events_ = result("events", 29, CROSSING, COARSE)
    marked = str(notes.mark(deaths))
    assert marked.startswith(
        '<span class="sitrep-marked"><span class="sitrep-result" data-key="deaths" '
        'data-disclosures="crossing coarse_dates">96</span><sup class="sitrep-mark">'
    )
    assert '<a href="#casualties-key-figures-crossing">a</a>' in marked
    assert '<a href="#casualties-key-figures-coarse-dates">b</a>' in marked
    notes.mark(events_)
    block = notes.block()
    notes_ = re.findall(
        r'<p class="sitrep-disclosure" id="([^"]+)" data-kind="([^"]+)">', block.data
    )
    assert notes_ == [
        ("casualties-key-figures-crossing", "crossing"),
        ("casualties-key-figures-coarse-dates", "coarse_dates"),
    ]  # one note per kind, however many numbers carry it
    assert "27 events with 804 deaths" in block.data
    assert "30 of the 100 deaths (30%)" in block.data
    assert notes.block() is None  # each note is shown once
    plain = str(notes.mark(result("x", 1)))
    assert 'data-disclosures=""' in plain and "sitrep-mark" not in plain


def test_an_arabic_report_letters_its_notes_in_the_abjad_order():
    from analysis import i18n

    with i18n.editing("ar"):
        notes = Notes("casualties key figures")
        marked = str(notes.mark(result("deaths", 96, COARSE, CROSSING)))
        block = notes.block().data
    letters = re.findall(r'<sup class="sitrep-mark"><a href="#[^"]+">([^<]+)</a>', marked)
    assert letters == ["أ", "ب"]  # in the order the notes were made, not by code point
    shown = re.findall(r'<span class="sitrep-note-mark">([^<]+)</span>', block)
    assert shown == ["أ", "ب"]


def test_one_note_lists_the_places_whose_caveats_differ():
    notes = Notes("trends governorates")
    notes.mark(result("deaths", 1, CROSSING), area="Aleppo")
    other = Disclosure.of("crossing", events=1, deaths=16, unit="events")
    notes.mark(result("deaths", 2, other), area="Deir-ez-Zor")
    (note,) = read(notes.block()).noted("crossing")  # one note, each place with its values
    assert note.text == words(
        "disclosure_crossing",
        items=[
            {"events": 27, "deaths": 804, "unit": "events", "area": "Aleppo"},
            {"events": 1, "deaths": 16, "unit": "events", "area": "Deir-ez-Zor"},
        ],
    )
    same = Notes("same")
    same.mark(result("deaths", 1, CROSSING), area="Aleppo")
    same.mark(result("deaths", 2, CROSSING), area="Idleb")
    assert "Aleppo" not in repr(same.block())  # one caveat for every place: said once


def test_the_key_figures_box_holds_its_notes():
    box = key_figures_box([result("deaths", 96, CROSSING)], Notes("box"))
    assert box.data.index('class="sitrep-key-figures"') < box.data.index("sitrep-disclosure")
    assert 'id="box-crossing"' in box.data
    assert "96[a]" in repr(box)


def test_every_kind_has_a_template():
    from analysis.metrics.results import DISCLOSURE_KINDS
    from analysis.sections.text import render

    values = {
        "crossing": CROSSING.values,
        "no_governorate": {"events": 1, "deaths": 2},
        "unplaced": {
            "events": 1,
            "deaths": None,
            "unit": "incidents",
            "where": "Hama",
            "whole_file": True,
        },
        "coarse_dates": COARSE.values,
        "coarse_places": COARSE.values,
        "partial_month": {
            "month": pd.Timestamp("2025-01-01"),
            "as_of": pd.Timestamp("2025-01-10"),
            "days": 10,
            "month_days": 31,
        },
        "whole_month": {"month": pd.Timestamp("2025-01-01"), "start": pd.Timestamp("2025-01-05")},
        "coverage": {
            "source": "ACLED",
            "types": ("Battles",),
            "codebook_types": ("Battles", "Riots"),
            "partial_types": True,
            "first": pd.Timestamp("2017-01-01"),
            "last": pd.Timestamp("2023-06-02"),
            "period": WEEK,
            "covers": True,
        },
        "provisional": {"events": 2, "deaths": 5, "total": 3},
        "undrawn": {"events": 2, "deaths": 5, "bar": "week", "why": "span"},
        "weak-source": {
            "entries": ((place_day("Saraqib", "2024-11-28"), "wikisum.wiki"),),
            "records": (),
        },
    }
    assert set(values) == set(DISCLOSURE_KINDS)
    for kind, said in values.items():
        text = render(f"disclosure_{kind}", items=[{**said, "area": None}])
        assert text and "None" not in text, kind
    unplaced = render("disclosure_unplaced", items=[{**values["unplaced"], "area": None}])
    assert "not for Hama alone" in unplaced
    assert "10 of its 31 days" in render(
        "disclosure_partial_month", items=[{**values["partial_month"], "area": None}]
    )
