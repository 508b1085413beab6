"""The tests' reader of what a report says (tests/said.py), on blocks the sections make: a
sentence by its template, its numbers by their results' keys, notes by kind, marks left out."""

from analysis.metrics.results import Disclosure, Message, Period, Result
from analysis.sections.disclosures import Notes
from analysis.sections.text import sentence
from tests.said import ANY, numbers_in, read, says, words

PERIOD = Period.of("2017-01-02", "2017-01-08")


def result(key: str, value: int, *disclosures: Disclosure, **more) -> Result:
    return Result(
        key,
        Message.of(key),
        value,
        "deaths",
        "UCDP",
        period=PERIOD,
        disclosures=disclosures,
        **more,
    )


def test_a_sentence_its_numbers_and_its_notes_are_read_by_their_marks():
    crossing = Disclosure.of("crossing", events=1, deaths=40, unit="events")
    deaths = result("deaths", 12, crossing, low=10, high=16)
    events = Result("events", Message.of("events"), 2, "events", "UCDP", period=PERIOD)
    notes = Notes("casualties")
    made = sentence(
        "casualties_events_total",
        noun="events",
        deaths=deaths,
        events=events,
        civilians=None,
        where="Syria",
        notes=notes,
    )
    said = read([made, notes.block()])
    (total,) = said.all("casualties_events_total")
    assert said.sentence("casualties_events_total") is total
    assert total.values == {"events": 2, "deaths": 12}
    assert said.kinds("deaths") == {"crossing"} and said.kinds("events") == set()
    assert "12 " in total.text and "12a" not in total.text  # the marker's letter is left out
    (note,) = said.noted("crossing")
    assert note.text == words("disclosure_crossing", items=[{**crossing.values, "area": None}])
    assert {10, 16} <= set(total.numbers)  # UCDP's range, written out
    assert says(total.text, "casualties_events_total", **{
        "noun": "events", "deaths": deaths, "events": events, "civilians": None,
        "where": ANY, "notes": Notes("other"),
    })  # fmt: skip
    assert not says(total.text, "casualties_agg_no_months", where="Syria", source=ANY,
                    period=PERIOD, first=None, last=None)  # fmt: skip


def test_numbers_are_read_with_their_ranges_and_signs():
    assert numbers_in("12 (10–16) deaths, -95%, 1,234.5 and none") == [12, 10, 16, -95, 1234.5]
    stated = read('<span class="sitrep-result" data-key="x" data-disclosures="">none</span>')
    assert stated.results[0].value is None  # a missing figure, never read as 0
