"""Attacks on health care: the SHCC reader on small files in each yearly layout, the metrics on
small frames against hand counts, and the section without a file."""

import pandas as pd
import pytest

from analysis import data
from analysis.data.health_attacks import read_health_attacks
from analysis.data.schema import HEALTH_ATTACKS, conform
from analysis.errors import DataValidationError
from analysis.metrics import health as metrics
from analysis.metrics.results import Message, Period
from analysis.sections import health as section
from tests.said import numbers_in, read, words


def write(tmp_path, text, name="shcc.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


LAYOUT_2018 = (
    "SHCC Event Code,Country,Attack date,SHCC Attack Type,Total health worker killed,"
    "Total health worker injured,Total health worker kidnapped,Total health worker arrested ,"
    "Total number of attacks on facilities which reported destruction,"
    "Total number of attacks on facilities which reported damage,Perpetrator \n"
    "SYR1,Syria,2018-01-02 00:00:00,Intentional,2,,,,,1,StateActor\n"
    "SYR2,Syria,2018-02-10 00:00:00,Intentional,,3,,1,1,,NoInformation\n"
    "IRQ1,Iraq,2018-02-11 00:00:00,Intentional,5,5,5,5,,,StateActor\n"
)

LAYOUT_2019 = (
    "SHCC Event Code,Country,State/Province/Division/Governorate/Department,Attack date,"
    "Attack month,Attack day,Perpetrator ,Total health worker killed,"
    "Total health worker kidnapped,Total health worker arrested ,Total health worker injured,"
    "Total number of attacks on facilities which reported destruction,"
    "Total number of attacks on facilities which reported damage\n"
    "SY1,Syria,Idlib governorate,2019-01,January,5,StateActor,1,,,,,1\n"
    "SY2,Syria,Rif Damasaq governorate,2019-02,February,30,StateActor,,1,,,,\n"
    "SY3,Syria,NoInformation,2019-03,March,,Multiple,,,2,,,\n"
)


def test_2018_layout_trailing_spaces_and_other_countries(tmp_path):
    frame = read_health_attacks(write(tmp_path, LAYOUT_2018))
    assert list(frame.columns) == list(HEALTH_ATTACKS)
    assert list(frame["incident_id"]) == ["SYR1", "SYR2"]  # the Iraq row is not Syria's
    assert frame["health_workers_killed"].sum() == 2
    assert frame["health_workers_injured"].sum() == 3
    assert frame["health_workers_arrested"].sum() == 1  # "...arrested " with a trailing space
    assert list(frame["perpetrator"]) == ["StateActor", "NoInformation"]
    assert list(frame["event_date"]) == [pd.Timestamp("2018-01-02"), pd.Timestamp("2018-02-10")]
    assert set(frame["date_precision"]) == {"day"}
    # no governorate and no weapon column in 2018: empty, not guessed
    assert frame["admin1_pcode"].isna().all()
    assert frame["weapon"].isna().all()


def test_2019_layout_month_dates_with_a_day_and_governorates(tmp_path):
    frame = read_health_attacks(write(tmp_path, LAYOUT_2019)).set_index("incident_id")
    assert frame.loc["SY1", "event_date"] == pd.Timestamp("2019-01-05")
    assert frame.loc["SY1", "date_precision"] == "day"
    # 30 February is no day: the incident keeps its month
    assert frame.loc["SY2", "event_date"] == pd.Timestamp("2019-02-01")
    assert frame.loc["SY2", "date_precision"] == "month"
    assert frame.loc["SY3", "date_precision"] == "month"  # no day given
    assert frame.loc["SY1", "admin1_pcode"] == "SY07"
    assert frame.loc["SY2", "admin1_pcode"] == "SY03"  # "Rif Damasaq" is Rural Damascus
    assert pd.isna(frame.loc["SY3", "admin1_pcode"])  # "NoInformation"


def test_a_count_the_layout_lacks_is_na_never_zero(tmp_path):
    text = (
        "Attack date,Country,Total health worker killed,Total health worker injured,"
        "Total health worker kidnapped,Weapons use\n"
        "2020-01,Syria,1,,,Firearm\n"
        "2020-02,Syria,,2,,ExplosiveWeapons\n"
    )
    frame = read_health_attacks(write(tmp_path, text))
    assert frame["health_workers_arrested"].isna().all()
    assert frame["facilities_damaged"].isna().all()
    assert list(frame["health_workers_kidnapped"]) == [0, 0]  # blank cell: none reported
    assert list(frame["weapon"]) == ["Firearm", "ExplosiveWeapons"]
    assert list(frame["incident_id"]) == ["shcc:2", "shcc:3"]  # no id column: file and line
    kinds = metrics.victims_by_kind(frame).set_index("kind")["people"]
    assert pd.isna(kinds["health_workers_arrested"])
    assert kinds["health_workers_killed"] == 1
    keys = [r.key for r in metrics.results(frame, Period.of("2020-01-01", "2020-12-31"), "Syria")]
    assert "health_workers_arrested" not in keys
    assert "health_workers_killed" in keys


def test_detected_as_health_data_from_its_signature(tmp_path):
    ds = data.read(write(tmp_path, LAYOUT_2019), domain="health")
    assert ds.format.name == "shcc_health_attacks"
    assert ds.format.domain == "health"
    assert data.read(write(tmp_path, LAYOUT_2019)).format.domain == "health"
    with pytest.raises(DataValidationError):  # not casualty data
        data.read(write(tmp_path, LAYOUT_2019), domain="casualties")


def test_bad_counts_and_dates_are_refused_with_the_line(tmp_path):
    bad_count = LAYOUT_2018.replace(
        "SYR1,Syria,2018-01-02 00:00:00,Intentional,2,",
        "SYR1,Syria,2018-01-02 00:00:00,Intentional,two,",
    )
    with pytest.raises(DataValidationError, match=r"'Total health worker killed'.*line 2"):
        read_health_attacks(write(tmp_path, bad_count))
    bad_date = LAYOUT_2018.replace("2018-02-10 00:00:00", "10th Feb")
    with pytest.raises(DataValidationError, match=r"'Attack date'.*line 3"):
        read_health_attacks(write(tmp_path, bad_date, "dates.csv"))


def test_a_file_without_syria_rows_is_refused(tmp_path):
    text = LAYOUT_2018.replace(",Syria,", ",Yemen,")
    with pytest.raises(DataValidationError, match=r"no row .* is for Syria"):
        read_health_attacks(write(tmp_path, text))


def test_repeated_incident_ids_are_refused(tmp_path):
    text = LAYOUT_2018.replace("SYR2,", "SYR1,")
    with pytest.raises(DataValidationError, match="incident id is repeated at lines 2, 3"):
        read_health_attacks(write(tmp_path, text))


def incidents(rows):
    frame = pd.DataFrame(
        rows,
        columns=[
            "incident_id",
            "event_date",
            "date_precision",
            "admin1_pcode",
            "admin1_name",
            "health_workers_killed",
            "health_workers_arrested",
        ],
    )
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    return conform(frame, HEALTH_ATTACKS)


ROWS = [
    ("a", "2019-01-05", "day", "SY07", "Idleb", 2, 0),
    ("b", "2019-01-20", "day", "SY07", "Idleb", 0, 1),
    ("c", "2019-02-01", "month", None, None, 1, 0),  # February, day unknown
    ("d", "2019-03-15", "day", "SY02", "Aleppo", 3, 0),
]


def test_an_incident_known_to_the_month_counts_only_when_the_whole_month_is_in():
    frame = incidents(ROWS)
    whole = metrics.select(frame, Period.of("2019-01-01", "2019-03-31"))
    assert len(whole.incidents) == 4
    assert whole.month_only_left_out == 0
    part = metrics.select(frame, Period.of("2019-01-01", "2019-02-14"))
    assert list(part.incidents["incident_id"]) == ["a", "b"]
    assert part.month_only_left_out == 1  # "c" may be after 14 February
    idleb = metrics.select(frame, Period.of("2019-01-01", "2019-03-31"), "SY07")
    assert list(idleb.incidents["incident_id"]) == ["a", "b"]
    assert idleb.no_governorate == 1


def test_results_and_monthly_frames_match_hand_counts():
    frame = incidents(ROWS)
    period = Period.of("2019-01-01", "2019-04-30")
    found = {r.key: r for r in metrics.results(frame, period, "Syria")}
    assert found["health_incidents"].value == 4
    assert found["health_incidents"].qualifier == "at least"
    assert Message.of("recorded_incidents_only") in found["health_incidents"].notes
    assert found["health_workers_killed"].value == 6
    assert found["health_workers_arrested"].value == 1
    assert "health_workers_injured" not in found  # the frame does not count injuries
    monthly = metrics.monthly(frame, period)
    assert list(monthly["month"].dt.month) == [1, 2, 3, 4]
    assert list(monthly["incidents"]) == [2, 1, 1, 0]
    assert list(monthly["health_workers_killed"]) == [2, 1, 3, 0]
    assert monthly["health_workers_injured"].isna().all()
    assert metrics.busiest_month(monthly) == (pd.Timestamp("2019-01-01"), 2)
    tidy = metrics.monthly_by_governorate(frame, period)
    assert tidy["incidents"].sum() == 4
    feb = tidy[tidy["month"] == "2019-02-01"].set_index("governorate")["incidents"]
    assert feb[metrics.UNKNOWN_PLACE] == 1
    assert feb["Idleb"] == 0
    places = metrics.by_governorate(frame)
    assert list(places["governorate"]) == ["Idleb", "Aleppo", metrics.UNKNOWN_PLACE]
    assert list(places["incidents"]) == [2, 1, 1]


def test_no_file_shows_the_reader_nothing_and_advises_the_operator():
    report = section.load(health_attacks_path="", start_date="2019-01-01", end_date="2019-12-31")
    assert report is None
    (block,) = section.section(report)
    assert block.kind == "advice" and block.data == ""  # nothing in the published report
    assert "health_attacks_path" in block.text
    assert list(section.sources_section(report)) == []


def section_text(path, start, end, governorate="all"):
    """What a reader sees of the section: its body and its part of Sources and method (advice
    for the operator left out, as the export leaves it out)."""
    report = section.load(
        health_attacks_path=str(path), start_date=start, end_date=end, governorate=governorate
    )
    blocks = [*section.section(report), *section.sources_section(report)]
    return " ".join(repr(block) for block in blocks if block.kind != "advice")


def section_said(path, start, end, governorate="all"):
    """:func:`section_text` read by its marks (:mod:`tests.said`): sentences, numbers, notes."""
    report = section.load(
        health_attacks_path=str(path), start_date=start, end_date=end, governorate=governorate
    )
    blocks = [*section.section(report), *section.sources_section(report)]
    return report, read([block for block in blocks if block.kind != "advice"])


def test_section_states_the_counts_and_what_it_leaves_out(tmp_path):
    path = write(tmp_path, LAYOUT_2019)
    _, said = section_said(path, "2019-01-01", "2019-03-31")
    summary = said.sentence("health_summary")
    assert summary.values["health_incidents"] == 3 and "in Syria" in summary.text
    assert summary.values["health_workers_killed"] == 1
    assert summary.values["health_workers_injured"] is None  # none reported, never "0"
    assert said.says("health_caveat")  # neither complete nor representative
    assert "CC BY-SA" in said.sentence("health_attribution").text
    _, idlib = section_said(path, "2019-01-01", "2019-03-31", "Idlib")
    summary = idlib.sentence("health_summary")
    assert summary.values["health_incidents"] == 1 and "Idleb" in summary.text
    assert idlib.kinds("health_incidents") == {"unplaced"}
    (note,) = idlib.noted("unplaced")  # the incident with no governorate, left out here
    assert numbers_in(note.text) == [1] and "Idleb" in note.text
    # a period partly covering February: the incident known only to the month is left out
    _, part = section_said(path, "2019-01-01", "2019-02-20")
    assert part.sentence("health_summary").values["health_incidents"] == 1
    assert part.kinds("health_incidents") == {"crossing"}
    (note,) = part.noted("crossing")
    assert note.text == words(
        "disclosure_crossing",
        items=[{"events": 1, "deaths": None, "unit": "incidents", "area": None}],
    )


def test_section_without_incidents_says_where_the_file_is(tmp_path):
    path = write(tmp_path, LAYOUT_2018)
    text = section_text(path, "2024-01-01", "2024-12-31")
    # the section is left out; Sources and method says why, in a reader's words
    assert text.startswith("Attacks on health care Data:")
    report, said = section_said(path, "2024-01-01", "2024-12-31")
    assert said.sentence("left_out").text == words(
        "left_out",
        items=[
            {
                "part": "health_none",
                "source": report.source,
                "period": Period.of("2024-01-01", "2024-12-31"),
                "where": "Syria",
                "file_span": Period.of("2018-01-02", "2018-02-10"),  # the file's incidents
            }
        ],
    )
    assert "give a period" not in text.lower()
    (advice,) = section.section(report)
    assert "give a period inside it" in advice.text
    placed = section_text(path, "2018-01-01", "2018-12-31", "Hama")
    assert "incidents run" not in placed  # the period is right; the file has no places
    # A file without places cannot be split: the country's figure, said so, never "no incident
    # in Hama".
    assert "records no incident" not in placed
    _, said = section_said(path, "2018-01-01", "2018-12-31", "Hama")
    summary = said.sentence("health_summary")
    assert summary.values["health_incidents"] == 2 and "in Syria" in summary.text
    (note,) = said.noted("unplaced")
    assert note.text == words(
        "disclosure_unplaced",
        items=[
            {"events": 2, "unit": "incidents", "where": "Hama", "whole_file": True, "area": None}
        ],
    )


def test_the_frames_hold_codes_and_the_section_names_them_from_the_catalogue(tmp_path):
    from analysis.sections import text

    # The frames by governorate and by kind hold codes, never words.
    path = write(tmp_path, LAYOUT_2019)
    report = section.load(
        health_attacks_path=str(path), start_date="2019-01-01", end_date="2019-03-31"
    )
    assert metrics.UNKNOWN_PLACE in set(report.by_governorate["governorate"])
    assert list(report.kinds["kind"]) == list(metrics.VICTIMS)
    one = metrics.monthly_by_governorate(report.incidents, report.scope.span, top=1)
    assert metrics.OTHER_PLACES in set(one["governorate"])  # the rest, by its code
    # The charts show the catalogue's words for those codes.
    figures = section.section(report).figures
    legend = figures["attacks"].axes[0].get_legend().get_texts()
    assert text.term("health_place", place=metrics.UNKNOWN_PLACE) in [t.get_text() for t in legend]
    ticks = [t.get_text() for t in figures["health_workers"].axes[0].get_yticklabels()]
    assert ticks == [text.term("health_workers_fate", kind=k) for k in metrics.VICTIMS][::-1]
    # A kind the file does not count is named by the catalogue's word for its code.
    path = write(
        tmp_path,
        "Attack date,Country,Total health worker killed,Total health worker injured,"
        "Total health worker kidnapped,Weapons use\n2020-01,Syria,1,,,Firearm\n",
        name="shcc2020.csv",
    )
    _, said = section_said(path, "2020-01-01", "2020-12-31")
    summary = said.sentence("health_summary").text
    arrested = text.term("health_workers_fate", kind="health_workers_arrested")
    assert f"health workers {arrested}." in summary
