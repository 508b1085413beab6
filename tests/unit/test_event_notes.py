"""The source's own words are read with each event: ACLED ``notes``, UCDP ``source_headline``
(shown under the notable incidents), equal to the raw file's cells."""

import csv

from analysis import data


def first_rows(path, key, column, n=50):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(zip(range(n), csv.DictReader(handle), strict=False))
    return {row[key]: row[column] for _, row in rows}


def test_acled_notes(realdata):
    path = realdata(
        "acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv"
    )
    expected = first_rows(path, "event_id_cnty", "notes")
    frame = data.read(path).frame.set_index("event_id")
    assert all(frame.loc[k, "notes_text"] == v for k, v in expected.items())
    assert all(expected.values())


def test_ucdp_headlines(realdata):
    path = realdata("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
    expected = first_rows(path, "id", "source_headline")
    frame = data.read(path).frame.set_index("event_id")
    for key, value in expected.items():
        got = frame.loc[key, "notes_text"]
        assert (got if isinstance(got, str) else "") == value
