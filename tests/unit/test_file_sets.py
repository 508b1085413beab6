"""Several files of one source read as one table (issue 19 §1): a folder, a pattern or a list.

Variants are built from the real samples in ../shared/realdata (split by year with an overlap,
revised figures in the later release, a headerless UCDP Candidate release made from GED rows);
every total is checked against a count made here from the raw files with the csv module."""

from __future__ import annotations

import argparse
import csv
import shutil

import pytest

from analysis import data
from analysis.cli import _given
from analysis.data.ucdp import GED_COLUMNS
from analysis.errors import DataValidationError, ParameterError
from analysis.parameters import members
from analysis.report import params, prechecks
from analysis.report.fingerprint import Inputs
from analysis.sections import casualties, health
from analysis.sections.casualties import events as casualty_events
from tests.said import read as said_in

GED = ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
HEALTH = ("shcc_health_attacks_syria_2018_2022",)
AGGREGATES = (
    "acled_hdx_aggregates_syria_2025_01",
    "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv",
)


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def _split_ged(realdata, folder, bump=0):
    """The GED file as two releases: 2016-2017 and 2017-2019 (2017 in both); the later one
    revises the deaths of its first ``bump`` 2017 events (+3). Returns the expected events."""
    header, body = _rows(realdata(*GED))
    year, best = header.index("year"), header.index("best")
    older = [r for r in body if r[year] in ("2016", "2017")]
    newer = [list(r) for r in body if r[year] in ("2017", "2018", "2019")]
    revised = 0
    for row in newer:
        if row[year] == "2017" and revised < bump:
            row[best] = str(int(row[best]) + 3)
            revised += 1
    folder.mkdir(exist_ok=True)
    _write(folder / "ged_2016_2017.csv", header, older)
    _write(folder / "ged_2017_2019.csv", header, newer)
    expected = {r[0]: int(r[best]) for r in older}
    expected.update({r[0]: int(r[best]) for r in newer})  # the later release wins
    overlap = sum(1 for r in body if r[year] == "2017")
    return expected, overlap


def test_split_ged_releases_are_one_table_with_each_event_once(realdata, tmp_path):
    expected, overlap = _split_ged(realdata, tmp_path / "ged", bump=25)
    read = data.read(tmp_path / "ged", domain="casualties")
    assert len(read.frame) == len(expected) == 16_566
    assert int(read.frame["deaths_best"].sum()) == sum(expected.values()) == 112_337 + 25 * 3
    assert read.frame["event_id"].is_unique
    assert read.files.repeated == overlap == 5_587
    assert read.files.revised == 25
    assert [p.records for p in read.files.parts] == [11_757, 10_396]
    assert read.files.parts[0].replaced == overlap  # the older file lost every shared event
    assert read.files.parts[-1].last.date().isoformat() == "2019-12-01"
    assert read.format.name == "ucdp_ged"
    # a pattern and a list name the same set
    pattern = data.read(str(tmp_path / "ged" / "ged_*.csv"), domain="casualties")
    listed = data.read(
        [str(tmp_path / "ged" / "ged_2017_2019.csv"), str(tmp_path / "ged" / "ged_2016_2017.csv")],
        domain="casualties",
    )
    for other in (pattern, listed):
        assert int(other.frame["deaths_best"].sum()) == sum(expected.values())
        assert other.files.repeated == overlap


def test_newer_acled_export_replaces_the_older(realdata, tmp_path):
    header, body = _rows(realdata(*ACLED))
    year, fatalities = header.index("year"), header.index("fatalities")
    older = [r for r in body if r[year] in ("2017", "2018", "2019")]
    newer = [list(r) for r in body if r[year] >= "2019"]
    for row in newer[:40]:  # 2019 events revised in the later export
        row[fatalities] = str(int(row[fatalities]) + 1)
    _write(tmp_path / "acled_2017_2019.csv", header, older)
    _write(tmp_path / "acled_2019_2023.csv", header, newer)
    expected = {r[0]: int(r[fatalities]) for r in older + newer}
    read = data.read(tmp_path, domain="casualties")
    assert len(read.frame) == len(body) == 23_348
    assert int(read.frame["deaths_best"].sum()) == sum(expected.values()) == 61_422 + 40
    assert read.files.repeated == sum(1 for r in body if r[year] == "2019") == 2_925
    assert read.files.revised == 40


def _candidate(header, rows):
    """GED rows as a headerless UCDP Candidate release (GED 25.1's 49 columns, in order)."""
    where = {name: i for i, name in enumerate(header)}
    made = []
    for row in rows:
        cells = {name: row[where[name]] if name in where else "" for name in GED_COLUMNS}
        cells["code_status"] = "Check"
        made.append([cells[name] for name in GED_COLUMNS])
    return made


def test_ged_over_candidate_for_the_same_event(realdata, tmp_path):
    header, body = _rows(realdata(*GED))
    best, date = header.index("best"), header.index("date_start")
    late = [list(r) for r in body if r[date] >= "2019-11-01"]
    for row in late:  # the provisional figures differ from the final ones
        row[best] = str(int(row[best]) + 10)
    new = [list(r) for r in late[:3]]
    end = header.index("date_end")
    for number, row in enumerate(new):  # events only the Candidate release holds yet
        row[0] = str(9_000_000 + number)
        row[date] = row[end] = f"2019-12-1{number}"
    shutil.copy(realdata(*GED), tmp_path / "ged.csv")
    _write(tmp_path / "GEDEvent_v19_0_11.csv", None, _candidate(header, late + new))
    read = data.read(tmp_path, domain="casualties")
    final = sum(int(r[best]) for r in body)
    assert len(read.frame) == len(body) + 3
    assert int(read.frame["deaths_best"].sum()) == final + sum(int(r[best]) for r in new)
    provisional = read.frame[read.frame["provisional"].fillna(False)]
    assert sorted(provisional["event_id"]) == sorted(r[0] for r in new)
    assert read.files.repeated == len(late)
    assert read.files.revised == len(late)
    assert [p.format.name for p in read.files.parts] == ["ucdp_ged", "ucdp_candidate"]
    assert read.files.parts[0].replaced == 0  # GED wins although the Candidate file is later


def test_events_and_monthly_aggregates_are_refused_naming_the_file(realdata, tmp_path):
    shutil.copy(realdata(*ACLED), tmp_path / "acled.csv")
    shutil.copy(realdata(*AGGREGATES), tmp_path / "acled_hdx.csv")
    with pytest.raises(DataValidationError) as refused:
        data.read(tmp_path, domain="casualties")
    assert "acled_hdx.csv" in str(refused.value)
    assert "\n" not in str(refused.value)
    problem = prechecks.DataCheck().problem(str(tmp_path), "casualties")
    assert problem is not None and "acled_hdx.csv" in problem


def test_ucdp_and_acled_are_not_one_source(realdata, tmp_path):
    shutil.copy(realdata(*ACLED), tmp_path / "acled.csv")
    shutil.copy(realdata(*GED), tmp_path / "ged.csv")
    with pytest.raises(DataValidationError) as refused:
        data.read(tmp_path, domain="casualties")
    assert "ged.csv" in str(refused.value) and "acled.csv" in str(refused.value)
    assert "compare_path" in str(refused.value)


def test_a_broken_file_in_a_folder_is_named_by_the_precheck(realdata, tmp_path):
    shutil.copy(realdata(*GED), tmp_path / "ged.csv")
    (tmp_path / "notes.csv").write_text("what,ever\n1,2\n", encoding="utf-8")
    (tmp_path / "PROVENANCE.md").write_text("# not data\n", encoding="utf-8")
    assert [p.rsplit("/", 1)[-1] for p in members(tmp_path)] == ["ged.csv", "notes.csv"]
    problem = prechecks.DataCheck().problem(str(tmp_path), "casualties")
    assert problem is not None and "notes.csv" in problem


def test_yearly_health_files_are_one_series(realdata):
    folder = realdata(*HEALTH)
    files = sorted(folder.glob("*.csv"))
    killed, incidents = 0, 0
    for path in files:
        header, body = _rows(path)
        column = header.index("Total health worker killed")
        country = header.index("Country")
        for row in body:
            if row[country].strip() == "Syria":
                incidents += 1
                killed += int(float(row[column])) if row[column].strip() else 0
    read = data.read(folder, domain="health")
    assert len(read.frame) == incidents == 624
    assert int(read.frame["health_workers_killed"].sum()) == killed == 172
    assert read.files.repeated == 0
    assert [p.first.year for p in read.files.parts] == [2018, 2019, 2020, 2021, 2022]
    report = health.load(
        health_attacks_path=str(folder), start_date="2018-01-01", end_date="2022-12-31"
    )
    assert report.source_files is read.files or report.source_files == read.files
    said = said_in(health.sources(report)).sentence("data_files")
    assert all(p.records in said.numbers for p in read.files.parts)


def _figures(report):
    return [(r.key, r.value, r.qualifier) for r in casualties.headlines(report)]


def test_a_report_over_a_folder_equals_one_over_the_concatenation(realdata, tmp_path):
    _split_ged(realdata, tmp_path / "ged", bump=0)
    header, body = _rows(realdata(*GED))
    _write(tmp_path / "whole.csv", header, body)  # the concatenation without duplicates
    scope = {"start_date": "2017-01-01", "end_date": "2017-06-30", "governorate": "Aleppo"}
    folder = casualties.load(casualties_path=str(tmp_path / "ged"), **scope)
    whole = casualties.load(casualties_path=str(tmp_path / "whole.csv"), **scope)
    assert _figures(folder) == _figures(whole)
    assert len(folder.events) == len(whole.events)
    assert folder.source_files is not None and whole.source_files is None
    said = said_in(casualty_events.sources_section(folder)).sentence("data_files")
    assert {11_757, 10_396, 5_587} <= set(said.numbers)  # each file's events, those in both
    assert not said_in(casualty_events.sources_section(whole)).all("data_files")


def test_the_fingerprint_changes_when_a_file_is_added(realdata, tmp_path):
    _split_ged(realdata, tmp_path / "ged")
    (tmp_path / "ged" / "ged_2017_2019.csv").rename(tmp_path / "later.csv")
    first = Inputs().digest(str(tmp_path / "ged"))
    assert Inputs().digest(str(tmp_path / "ged")) == first
    shutil.copy(tmp_path / "later.csv", tmp_path / "ged" / "ged_2017_2019.csv")
    assert Inputs().digest(str(tmp_path / "ged")) != first


def test_a_path_given_twice_on_the_command_line_is_a_list(tmp_path):
    args = argparse.Namespace(
        param=[["casualties_path", "a.csv"], ["casualties_path", "b.csv"], ["governorate", "x"]]
    )
    assert _given(args)["casualties_path"] == ["a.csv", "b.csv"]
    with pytest.raises(ParameterError):
        _given(argparse.Namespace(param=[["governorate", "a"], ["governorate", "b"]]))


def test_an_empty_folder_is_refused_before_any_kernel(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ParameterError) as refused:
        params.resolve("notebooks/casualties.ipynb", {"casualties_path": str(tmp_path / "empty")})
    assert "empty" in str(refused.value) and "casualties_path" in str(refused.value)
