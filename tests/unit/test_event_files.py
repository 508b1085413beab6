"""Malformed event files: each gets one clear error naming the file, the column and the lines."""

import csv

import pytest

from analysis import data
from analysis.errors import DataValidationError, UnknownGovernorateError

UCDP_HEADER = [
    "id",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_coordinates",
    "adm_1",
    "latitude",
    "longitude",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "low",
    "best",
    "high",
    "source_original",
]
ACLED_HEADER = [
    "event_id_cnty",
    "event_date",
    "year",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
    "fatalities",
]


def ucdp_row(i, **overrides):
    row = {
        "id": str(i),
        "year": "2017",
        "type_of_violence": "1",
        "side_a": "Government of Syria",
        "side_b": "IS",
        "where_coordinates": "Aleppo town",
        "adm_1": "Aleppo Governorate",
        "latitude": "36.2",
        "longitude": "37.16",
        "date_start": f"2017-01-0{i % 9 + 1}",
        "date_end": f"2017-01-0{i % 9 + 1}",
        "deaths_a": "1",
        "deaths_b": "2",
        "deaths_civilians": "3",
        "deaths_unknown": "0",
        "low": "5",
        "best": "6",
        "high": "8",
        "source_original": 'SOHR, "quoted"',
    }
    row.update(overrides)
    return row


def write(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_valid_ucdp_file_reads_into_the_schema(tmp_path):
    path = write(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(i) for i in range(5)])
    ds = data.read(path)
    assert ds.format.name == "ucdp_ged"
    assert ds.frame["deaths_best"].sum() == 30
    assert ds.frame["deaths_low"].sum() == 25
    assert set(ds.frame["admin1_pcode"].astype(str)) == {"SY02"}


def test_acled_dates_in_both_styles(tmp_path):
    rows = [
        {
            "event_id_cnty": "SYR1",
            "event_date": "01 January 2017",
            "year": "2017",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "actor1": "A",
            "actor2": "B",
            "admin1": "Idleb",
            "location": "Saraqab",
            "latitude": "35.8",
            "longitude": "36.8",
            "source": "SOHR",
            "notes": "line one, with a comma",
            "fatalities": "4",
        },
        {
            "event_id_cnty": "SYR2",
            "event_date": "2017-01-02",
            "year": "2017",
            "event_type": "Battles",
            "sub_event_type": "Government regains territory",
            "actor1": "Military Forces of Syria (2000-)",
            "actor2": "HTS",
            "admin1": "Dara",
            "location": "Dar'a",
            "latitude": "32.6",
            "longitude": "36.1",
            "source": "SANA",
            "notes": "a note\nover two lines",
            "fatalities": "0",
        },
    ]
    path = write(tmp_path / "acled.csv", ACLED_HEADER, rows)
    events = data.read(path).frame
    assert [str(d.date()) for d in events["event_date"]] == ["2017-01-01", "2017-01-02"]
    assert list(events["admin1_pcode"].astype(str)) == ["SY07", "SY12"]
    control = data.read(path, domain="control")
    assert control.format.name == "acled_control"
    assert list(control.frame["faction_gaining"].astype(str)) == [
        "Military Forces of Syria (2000-)"
    ]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(DataValidationError, match=r"empty.csv: the file is empty"):
        data.read(path, format="ucdp_ged")


def test_header_without_rows(tmp_path):
    path = write(tmp_path / "header.csv", UCDP_HEADER, [])
    with pytest.raises(DataValidationError, match="header but no data rows"):
        data.read(path)


def test_truncated_last_line(tmp_path):
    path = write(tmp_path / "cut.csv", UCDP_HEADER, [ucdp_row(i) for i in range(4)])
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.rstrip("\n").rfind(",2017-01-0")], encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        data.read(path)
    message = str(err.value)
    assert "cut.csv" in message and "the last line (line 5)" in message
    assert "truncated" in message


def test_missing_required_column(tmp_path):
    header = [c for c in UCDP_HEADER if c != "high"]
    rows = [{k: v for k, v in ucdp_row(1).items() if k != "high"}]
    path = write(tmp_path / "nohigh.csv", header, rows)
    with pytest.raises(DataValidationError) as err:
        data.read(path, format="ucdp_ged")
    assert "nohigh.csv: missing required column 'high'" in str(err.value)


def test_non_numeric_deaths(tmp_path):
    rows = [ucdp_row(1), ucdp_row(2, best="twelve"), ucdp_row(3)]
    path = write(tmp_path / "text.csv", UCDP_HEADER, rows)
    with pytest.raises(DataValidationError) as err:
        data.read(path)
    assert "text.csv: column 'best' must hold numbers" in str(err.value)
    assert "line 3 ('twelve')" in str(err.value)


def test_unparseable_dates(tmp_path):
    rows = [ucdp_row(1), ucdp_row(2), ucdp_row(3, date_start="31/02/2017")]
    path = write(tmp_path / "dates.csv", UCDP_HEADER, rows)
    with pytest.raises(DataValidationError) as err:
        data.read(path)
    assert "dates.csv: column 'date_start' has dates that cannot be read at line 4" in str(
        err.value
    )
    assert "'31/02/2017'" in str(err.value)


def test_negative_counts(tmp_path):
    rows = [ucdp_row(1), ucdp_row(2, deaths_civilians="-3")]
    path = write(tmp_path / "neg.csv", UCDP_HEADER, rows)
    with pytest.raises(DataValidationError) as err:
        data.read(path)
    assert "neg.csv: column 'deaths_civilians' has negative counts at line 3" in str(err.value)


def test_unknown_governorate(tmp_path):
    rows = [ucdp_row(1), ucdp_row(2, adm_1="Hamaa Governorate")]
    path = write(tmp_path / "gov.csv", UCDP_HEADER, rows)
    with pytest.raises(UnknownGovernorateError) as err:
        data.read(path)
    message = str(err.value)
    assert "gov.csv: column 'adm_1'" in message and "line 3" in message
    assert "closest: Hama" in message


def test_non_utf8_file(tmp_path):
    path = write(tmp_path / "latin.csv", UCDP_HEADER, [ucdp_row(1), ucdp_row(2)])
    raw = path.read_bytes().replace(b"Aleppo town", "Alepp\u00e9 town".encode("latin-1"), 1)
    path.write_bytes(raw)
    with pytest.raises(DataValidationError) as err:
        data.read(path)
    assert "latin.csv: line 2 is not valid UTF-8" in str(err.value)
    assert "iconv" in str(err.value)


def test_unrecognised_file_lists_supported_formats(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        data.read(path)
    message = str(err.value)
    assert "cannot tell which source" in message and "'a', 'b'" in message
    assert "sitrep data formats" in message  # the list lives there, not in the message
    assert "--format" not in message  # `render` has no such option
    assert len(message) < 400


def test_ucdp_precision_and_span_are_read(tmp_path):
    header = [*UCDP_HEADER, "date_prec", "where_prec"]
    rows = [
        {**ucdp_row(1), "date_prec": "1", "where_prec": "1"},
        {
            **ucdp_row(2, date_start="2017-01-01", date_end="2017-12-31"),
            "date_prec": "5",
            "where_prec": "6",
        },
    ]
    events = data.read(write(tmp_path / "ged.csv", header, rows)).frame
    assert list(events["date_precision"].astype(str)) == ["day", "year"]
    assert list(events["place_precision"].astype(str)) == ["exact place", "country"]
    assert str(events["date_latest"].iloc[1].date()) == "2017-12-31"
    assert str(events["date_earliest"].iloc[1].date()) == "2017-01-01"


def _acled(i, **overrides):
    row = {
        "event_id_cnty": f"SYR{i}",
        "event_date": "15 March 2017",
        "year": "2017",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "A",
        "actor2": "B",
        "admin1": "Idleb",
        "location": "Saraqab",
        "latitude": "35.8",
        "longitude": "36.8",
        "source": "SOHR",
        "notes": "",
        "fatalities": "2",
        "time_precision": "1",
        "geo_precision": "1",
        "timestamp": "1603755447",
        "civilian_targeting": "",
    }
    row.update(overrides)
    return row


def test_acled_time_precision_gives_the_span_of_the_day_week_or_month(tmp_path):
    header = [*ACLED_HEADER, "time_precision", "geo_precision", "timestamp", "civilian_targeting"]
    rows = [
        _acled(1),
        _acled(2, time_precision="2", geo_precision="2"),
        _acled(3, time_precision="3", geo_precision="3", civilian_targeting="Civilian targeting"),
    ]
    events = data.read(write(tmp_path / "acled.csv", header, rows)).frame
    spans = [
        (str(a.date()), str(b.date()))
        for a, b in zip(events["date_earliest"], events["date_latest"], strict=True)
    ]
    assert spans == [
        ("2017-03-15", "2017-03-15"),
        ("2017-03-12", "2017-03-18"),  # a week centred on the date given
        ("2017-03-01", "2017-03-31"),  # the whole month
    ]
    assert list(events["date_precision"].astype(str)) == ["day", "week", "month"]
    assert list(events["place_precision"].astype(str)) == ["exact place", "near a place", "region"]
    assert list(events["civilian_targeting"]) == [False, False, True]
    assert str(events["recorded_date"].iloc[0].date()) == "2020-10-26"
    # the published date is kept for the control reader
    assert set(events["event_date"].astype(str)) == {"2017-03-15"}


def test_exact_duplicates_are_dropped_and_counted(tmp_path):
    rows = [ucdp_row(1), ucdp_row(2), ucdp_row(2), ucdp_row(2), ucdp_row(3)]
    events = data.read(write(tmp_path / "dup.csv", UCDP_HEADER, rows)).frame
    assert list(events["event_id"]) == ["1", "2", "3"]
    assert int(events["copies_dropped"].sum()) == 2
    assert int(events["deaths_best"].sum()) == 3 * 6


def test_same_id_with_different_values_names_both_lines(tmp_path):
    rows = [ucdp_row(1), ucdp_row(2), ucdp_row(3), ucdp_row(2, best="7")]
    path = write(tmp_path / "clash.csv", UCDP_HEADER, rows)
    with pytest.raises(DataValidationError) as err:
        data.read(path)
    message = str(err.value)
    assert "clash.csv" in message and "id '2'" in message
    assert "lines 3 and 5" in message and "best" in message


def test_acled_duplicate_ids(tmp_path):
    header = ACLED_HEADER
    plain = {k: v for k, v in _acled(1).items() if k in header}
    path = write(tmp_path / "a.csv", header, [plain, plain, {**plain, "event_id_cnty": "SYR9"}])
    events = data.read(path).frame
    assert len(events) == 2 and int(events["copies_dropped"].sum()) == 1
    other = {**plain, "fatalities": "5"}
    path = write(tmp_path / "b.csv", header, [plain, other])
    with pytest.raises(DataValidationError, match=r"event_id_cnty 'SYR1' appears at lines 2 and 3"):
        data.read(path)


def test_dates_no_calendar_can_hold_are_refused(tmp_path):
    rows = [ucdp_row(1), ucdp_row(2, date_start="2999-01-01", date_end="2999-01-01")]
    path = write(tmp_path / "far.csv", UCDP_HEADER, rows)
    with pytest.raises(DataValidationError) as err:
        data.read(path)
    assert "far.csv: column 'date_start' has impossible dates at line 3" in str(err.value)
