"""Attacks on health care as Insecurity Insight ships them now (issue 19 §4): the newer headers
(``Date``, ``Health Workers Killed``, ...), a multi-country sheet (Syria kept by its Country
column), and an HXL tag row under the header, trusted less than the header and said so."""

from __future__ import annotations

import json

import openpyxl
import pytest

from analysis import data, summary
from analysis.cli import main
from analysis.errors import MissingColumnsError

NEWER = [
    "SiND Event ID",
    "Date",
    "Country",
    "Country ISO",
    "Admin 1",
    "Reported Perpetrator",
    "Weapon Carried/Used",
    "Location of Incident ",
    "Health Workers Killed",
    "Health Workers Injured",
    "Health Workers Kidnapped",
    "Health Workers Arrested ",
    "Number of Attacks on Health Facilities Reporting Destruction",
    "Number of Attacks on Health Facilities Reporting Damaged",
]
# The tags of one release, kidnapped and arrested swapped (formats README): the header is right.
TAGS = [
    "#event+id",
    "#date",
    "#country+name",
    "#country+code",
    "#adm1+name",
    "#perpetrator",
    "#weapon",
    "#loc+type",
    "#affected+killed",
    "#affected+injured",
    "#affected+arrested",
    "#affected+kidnapped",
    "#facility+destroyed",
    "#facility+damaged",
]
ROWS = [
    ["101", "2023-01-05", "Syria", "SYR", "Idlib", "State", "Aerial", "Clinic", 2, 1, 3, "", 1, ""],
    ["102", "2023-02-11", "Syria", "SYR", "Aleppo", "State", "Gun", "Clinic", "", 4, "", 1, "", 2],
    ["103", "2022-07-30", "Syrian Arab Republic", "SYR", "", "NSAG", "", "", 1, "", "", 5, "", ""],
    ["201", "2023-01-09", "Yemen", "YEM", "Sana'a", "State", "Aerial", "", 40, 40, 40, 40, 4, 4],
    ["301", "2022-05-02", "Ukraine", "UKR", "Kharkiv", "State", "Aerial", "", 90, 9, 0, 0, 9, 9],
]


def workbook(path, header=NEWER, tags=TAGS, rows=ROWS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2016-2023 Incident Data "  # a trailing space, as published
    sheet.append(header)
    if tags:
        sheet.append(tags)
    for row in rows:
        sheet.append(row)
    notes = book.create_sheet("MetaData&Notes")
    notes.append(["Country", "Notes"])
    notes.append(["All", "Incidents are neither complete nor representative."])
    book.save(path)
    return path


def test_a_multi_country_workbook_in_the_newer_layout_keeps_syria(tmp_path):
    ds = data.read(workbook(tmp_path / "aoh.xlsx"), domain="health")
    assert ds.format.name == "shcc_health_attacks"
    frame = ds.frame.set_index("incident_id")
    assert sorted(frame.index) == ["101", "102", "103"]  # Yemen and Ukraine left out
    assert frame["health_workers_killed"].sum() == 3
    assert frame["health_workers_injured"].sum() == 5
    # by the header, not by the swapped tags
    assert frame["health_workers_kidnapped"].sum() == 3
    assert frame["health_workers_arrested"].sum() == 6  # "Health Workers Arrested " (a space)
    assert frame["facilities_destroyed"].sum() == 1
    assert frame["facilities_damaged"].sum() == 2
    assert frame.loc["101", "admin1_pcode"] == "SY07"
    assert frame.loc["102", "admin1_pcode"] == "SY02"
    assert frame.loc["102", "weapon"] == "Gun"
    assert str(frame.loc["103", "event_date"].date()) == "2022-07-30"


def test_the_hxl_row_that_disagrees_with_the_header_is_said_in_the_summary(tmp_path, capsys):
    path = workbook(tmp_path / "aoh.xlsx")
    said = summary.summarise(path)["reading"]
    assert len(said) == 2
    assert "'#affected+arrested'" in said[0] and "'Health Workers Kidnapped'" in said[0]
    assert "'#affected+kidnapped'" in said[1] and "'Health Workers Arrested'" in said[1]
    assert main(["data", "summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\nhxl ") == 2
    # tags that agree are not mentioned
    right = [*TAGS[:10], "#affected+kidnapped", "#affected+arrested", *TAGS[12:]]
    assert summary.summarise(workbook(tmp_path / "right.xlsx", tags=right))["reading"] == []
    assert summary.summarise(workbook(tmp_path / "untagged.xlsx", tags=None))["reading"] == []


def test_the_newer_layout_as_csv_with_its_hxl_row(tmp_path):
    lines = [",".join(NEWER), ",".join(TAGS)]
    lines += [",".join(str(c) for c in row) for row in ROWS]
    path = tmp_path / "aoh.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    ds = data.read(path)
    assert ds.format.name == "shcc_health_attacks"
    assert len(ds.frame) == 3
    assert ds.frame["health_workers_arrested"].sum() == 6
    assert len(ds.notes) == 2


def test_a_file_without_date_and_killed_is_refused_naming_both(tmp_path):
    header = [c for c in NEWER if c not in ("Date", "Health Workers Killed")]
    rows = [[c for c, name in zip(row, NEWER, strict=True) if name in header] for row in ROWS]
    path = workbook(tmp_path / "aoh.xlsx", header=header, tags=None, rows=rows)
    with pytest.raises(MissingColumnsError) as caught:
        data.read(path, format="shcc_health_attacks")
    assert caught.value.columns == ("Attack date", "Total health worker killed")
    assert "aoh.xlsx::2016-2023 Incident Data" in str(caught.value)  # the sheet, found


def test_data_formats_lists_the_other_names_of_a_column(capsys):
    assert main(["data", "formats", "--domain", "health"]) == 0
    out = capsys.readouterr().out
    assert "Attack date (or Date)" in out
    assert "Total health worker killed (or Health Workers Killed)" in out
    assert main(["data", "formats", "--domain", "health", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["columns"] == ["Country", "Attack date", "Total health worker killed"]
    assert listed["also"] == {
        "Attack date": ["Date"],
        "Total health worker killed": ["Health Workers Killed"],
    }
