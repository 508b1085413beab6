"""UCDP GED 25.1 (49 columns) and UCDP Candidate events, with and without a header row, on
small files: detection, precision codes, and provisional figures carried from the file to the
metrics, the report's sections and ``sitrep data summary``."""

import csv

import pytest

from analysis import data
from analysis.data.ucdp import GED_COLUMNS, sniff_headerless
from analysis.errors import DataValidationError
from analysis.metrics.casualties.quality import provisional, quality_notes
from analysis.metrics.results import Message, Result
from analysis.sections import casualties as section
from analysis.summary import as_text, summarise
from tests.said import read, words
from tests.unit.test_event_files import ucdp_row


def counted(events: int) -> Result:
    """A count of events, as the provisional sentence is given it."""
    return Result("provisional", Message.of("provisional_events"), events, "events", "")


def ged_row(i, status="Clear", **overrides):
    """A row in GED 25.1's 49 columns; the columns the reader skips hold plausible values."""
    base = ucdp_row(i)
    extra = {
        "relid": f"SYR-2017-1-{i}",
        "active_year": "1",
        "code_status": status,
        "conflict_dset_id": "299",
        "conflict_new_id": "299",
        "conflict_name": "Syria: Government",
        "dyad_dset_id": "11973",
        "dyad_new_id": "11973",
        "dyad_name": "Government of Syria - IS",
        "side_a_dset_id": "118",
        "side_a_new_id": "118",
        "side_b_dset_id": "234",
        "side_b_new_id": "234",
        "number_of_sources": "1",
        "source_article": '"SOHR,2017-01-02,shelling, ""quoted"""',
        "source_office": "SOHR",
        "source_date": "2017-01-02",
        "source_headline": "shelling",
        "where_prec": "1",
        "where_description": "Aleppo town",
        "adm_2": "Jebel Saman district",
        "geom_wkt": "POINT (37.16 36.2)",
        "priogrid_gid": "181154",
        "country": "Syria",
        "country_id": "652",
        "region": "Middle East",
        "event_clarity": "1",
        "date_prec": "1",
        "gwnoa": "652",
        "gwnob": "",
    }
    row = {column: {**base, **extra}.get(column, "") for column in GED_COLUMNS}
    row.update(overrides)
    return row


def write(path, rows, header=True):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if header:
            writer.writerow(GED_COLUMNS)
        writer.writerows([[row[c] for c in GED_COLUMNS] for row in rows])
    return path


def test_ged_columns_are_the_49_of_25_1_in_order():
    assert len(GED_COLUMNS) == 49
    assert GED_COLUMNS[:5] == ("id", "relid", "year", "active_year", "code_status")
    assert GED_COLUMNS[38:40] == ("date_start", "date_end")
    assert GED_COLUMNS[-5:] == ("best", "high", "low", "gwnoa", "gwnob")


def test_ged_25_1_is_detected_and_read_with_its_precision_codes(tmp_path):
    rows = [
        ged_row(1, where_prec="6", date_prec="1"),
        ged_row(2, where_prec="7", date_prec="2", date_start="2017-01-02", date_end="2017-01-05"),
        ged_row(3, where_prec="3", date_prec="3", date_start="2017-01-01", date_end="2017-01-07"),
        ged_row(4, where_prec="4", date_prec="4", date_start="2017-01-01", date_end="2017-01-31"),
        ged_row(5, where_prec="5", date_prec="5", date_start="2017-01-01", date_end="2017-12-31"),
    ]
    ds = data.read(write(tmp_path / "GEDEvent_v25_1.csv", rows))
    assert ds.format.name == "ucdp_ged"
    frame = ds.frame
    assert list(frame["place_precision"].astype(str)) == [
        "country",
        "air or sea",
        "district",
        "governorate",
        "region",
    ]
    assert list(frame["date_precision"].astype(str)) == ["day", "days", "week", "month", "year"]
    assert list(frame["date_latest"].dt.strftime("%Y-%m-%d")) == [
        "2017-01-02",
        "2017-01-05",
        "2017-01-07",
        "2017-01-31",
        "2017-12-31",
    ]
    assert not frame["provisional"].any()
    assert provisional(frame, "UCDP") is None
    assert int(frame["deaths_best"].sum()) == 30


def test_dates_written_with_a_time_are_read_as_the_day(tmp_path):
    rows = [ged_row(1, date_start="2024-12-01 00:00:00.000", date_end="2024-12-02 00:00:00.000")]
    frame = data.read(write(tmp_path / "ged.csv", rows)).frame
    assert frame["date_earliest"].iloc[0].isoformat() == "2024-12-01T00:00:00"
    assert frame["date_latest"].iloc[0].isoformat() == "2024-12-02T00:00:00"


def test_a_candidate_file_with_a_header_is_provisional_from_its_code_status(tmp_path):
    rows = [ged_row(1), ged_row(2, status="Check"), ged_row(3)]
    ds = data.read(write(tmp_path / "GEDEvent_v24_0_12.csv", rows))
    # Same columns as GED: detected as GED, and every row read as provisional.
    assert ds.format.name == "ucdp_ged"
    assert ds.frame["provisional"].all()
    found = provisional(ds.frame, "UCDP")
    assert found.value == 3 and Message.of("deaths_in_these_events", deaths=18) in found.notes
    assert Message.of("quality_provisional", marked=3, events=3) in quality_notes(ds.frame)


def test_a_candidate_file_with_only_clear_events_needs_the_format_named(tmp_path):
    path = write(tmp_path / "candidate.csv", [ged_row(1), ged_row(2)])
    assert not data.read(path).frame["provisional"].any()
    named = data.read(path, format="ucdp_candidate")
    assert named.format.name == "ucdp_candidate"
    assert named.frame["provisional"].all()


def test_a_headerless_candidate_file_is_sniffed_and_read_in_ged_order(tmp_path):
    rows = [ged_row(1), ged_row(2, best="10", high="12", low="9", deaths_unknown="4"), ged_row(3)]
    path = write(tmp_path / "GEDEvent_v25_0_1.csv", rows, header=False)
    assert sniff_headerless(path)
    assert not sniff_headerless(write(tmp_path / "with_header.csv", rows))
    ds = data.read(path, format="ucdp_candidate")
    frame = ds.frame
    assert len(frame) == 3
    assert list(frame["event_id"]) == ["1", "2", "3"]
    assert list(frame["deaths_best"]) == [6, 10, 6]
    assert list(frame["deaths_low"]) == [5, 9, 5]
    assert list(frame["deaths_high"]) == [8, 12, 8]
    assert list(frame["admin1_pcode"].astype(str)) == ["SY02"] * 3
    assert frame["provisional"].all()


def test_a_headerless_candidate_file_is_detected(tmp_path):
    path = write(tmp_path / "candidate.csv", [ged_row(1), ged_row(2)], header=False)
    assert data.read(path).format.name == "ucdp_candidate"


def test_sniff_wants_49_fields_an_integer_id_and_iso_dates(tmp_path):
    def first(row):
        path = tmp_path / "one.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerow(row)
        return sniff_headerless(path)

    good = [ged_row(1)[c] for c in GED_COLUMNS]
    assert first(good)
    assert not first(good[:48])
    assert not first(["x", *good[1:]])
    assert not first([*good[:38], "02/01/2017", *good[39:]])


def test_headerless_bad_cells_are_named_by_line_and_column(tmp_path):
    rows = [ged_row(1), ged_row(2, best="twelve"), ged_row(3)]
    path = write(tmp_path / "bad.csv", rows, header=False)
    with pytest.raises(DataValidationError) as err:
        data.read(path, format="ucdp_candidate")
    message = str(err.value)
    assert "'best'" in message and "position 45" in message and "line 2" in message
    rows = [ged_row(1), ged_row(2), ged_row(3, date_end="3 January")]
    path = write(tmp_path / "dates.csv", rows, header=False)
    with pytest.raises(DataValidationError, match=r"'date_end'.*line 3 \('3 January'\)"):
        data.read(path, format="ucdp_candidate")


def test_a_headerless_file_of_another_width_is_refused_with_the_count(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("1,2,3\n4,5,6\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="line 1 has 3 fields and no header row"):
        data.read(path, format="ucdp_candidate")


def test_the_report_on_a_candidate_file_says_provisional_once_in_each_place(tmp_path):
    rows = [ged_row(i, status="Check" if i == 2 else "Clear") for i in range(1, 6)]
    path = write(tmp_path / "candidate.csv", rows)
    report = section.load(
        casualties_path=str(path), start_date="2017-01-01", end_date="2017-01-31", governorate="all"
    )
    key = [b for b in section.key_figures(report) if "provisional" in repr(b).lower()]
    assert len(key) == 1  # the note under the box, which every figure marks
    said = read(key[0])
    assert said.results and all("provisional" in r.kinds for r in said.results)
    (note,) = said.noted("provisional")  # all 5 events (6 deaths each) are candidate events
    assert note.text == words(
        "disclosure_provisional", items=[{"events": 5, "deaths": 30, "total": 5, "area": None}]
    )
    sources = [block for block in section.sources_section(report) if "provisional" in repr(block)]
    assert len(sources) == 1
    assert read(sources).sentence("casualties_provisional_source").text == words(
        "casualties_provisional_source", events=counted(5), total=5, second=""
    )  # every event of the file


def test_the_report_on_a_final_ged_file_says_nothing_of_provisional_figures(tmp_path):
    path = write(tmp_path / "ged.csv", [ged_row(i) for i in range(1, 6)])
    report = section.load(
        casualties_path=str(path), start_date="2017-01-01", end_date="2017-01-31", governorate="all"
    )
    blocks = [*section.key_figures(report), *section.sources_section(report)]
    assert "provisional" not in "\n".join(repr(b) for b in blocks)


def test_data_summary_on_a_candidate_file_says_provisional(tmp_path):
    path = write(tmp_path / "candidate.csv", [ged_row(1), ged_row(2)], header=False)
    summary = summarise(path, format="ucdp_candidate")
    assert summary["provisional_events"] == 2
    text = as_text(summary)
    assert "provisional data: all 2 events are UCDP Candidate events" in text
    final = summarise(write(tmp_path / "ged.csv", [ged_row(1)]))
    assert final["provisional_events"] == 0
    assert "provisional" not in as_text(final)


def test_a_ged_25_1_file_without_best_is_named_as_ucdp_with_the_column(tmp_path):
    header = [c for c in GED_COLUMNS if c != "best"]
    path = tmp_path / "GEDEvent_v25_1.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow([ged_row(1)[c] for c in header])
    with pytest.raises(DataValidationError) as err:
        data.read(path)
    message = str(err.value)
    assert "UCDP" in message and "`best`" in message
    assert "cannot tell" not in message


def test_a_compared_candidate_file_is_said_provisional_in_the_sources(tmp_path):
    final = write(tmp_path / "ged.csv", [ged_row(i) for i in range(1, 6)])
    candidate = write(tmp_path / "candidate.csv", [ged_row(i) for i in range(1, 4)], header=False)
    report = section.load(
        casualties_path=str(final),
        compare_path=str(candidate),
        start_date="2017-01-01",
        end_date="2017-01-31",
        governorate="all",
    )
    assert not [b for b in section.key_figures(report) if "provisional" in repr(b)]
    sources = [b for b in section.sources_section(report) if "provisional" in repr(b)]
    assert len(sources) == 1
    said = read(sources).sentence("casualties_provisional_source")
    assert said.text == words(
        "casualties_provisional_source",
        events=counted(3),
        total=3,
        second=report.comparison_source,  # the compared file, named by what it holds
    )  # every event of the compared file
