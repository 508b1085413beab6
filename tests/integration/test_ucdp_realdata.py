"""UCDP GED 25.1 and UCDP Candidate events, built in the tests from the real 2016-2019 Syria
file (41 columns): the 49 columns of GED 25.1 in their published order, a candidate file with a
header and one without, as CSV and as the zip and gzip files UCDP ships. Every total is checked
against sums of the raw file made with the csv module, never against our own output."""

import csv
import gzip
import json
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from analysis import data
from analysis.data.ucdp import GED_COLUMNS
from tests.integration.reader import sitrep, unmarked_pdf_text
from tests.said import read, words
from tests.unit.test_ucdp import counted

pytestmark = pytest.mark.realdata


def report_file(folder, stem, kind):
    """The report ``stem`` made from a data file (its name ends with the file's slug and hash)."""
    (found,) = Path(folder).glob(f"{stem}_*.{kind}")
    return found


SAMPLE = ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
CHECKED = 7  # every 7th event of the candidate variants is still to be checked ("Check")


@pytest.fixture
def raw(realdata):
    """The sample's rows, as the csv module reads them."""
    with realdata(*SAMPLE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def as_ged_25_1(row, status="Clear"):
    """A sample row in GED 25.1's 49 columns; the 8 columns the old layout lacks are filled."""
    added = {
        "relid": f"SYR-{row['year']}-{row['id']}",
        "code_status": status,
        "conflict_dset_id": row["conflict_new_id"],
        "dyad_dset_id": row["dyad_new_id"],
        "side_a_dset_id": row["side_a_new_id"],
        "side_b_dset_id": row["side_b_new_id"],
        "where_description": row["where_coordinates"],
        "gwnoa": "652",
    }
    return [{**row, **added}[column] for column in GED_COLUMNS]


def write_variant(path, raw, *, header=True, candidate=False, opener=open):
    with opener(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if header:
            writer.writerow(GED_COLUMNS)
        for number, row in enumerate(raw):
            status = "Check" if candidate and number % CHECKED == 0 else "Clear"
            writer.writerow(as_ged_25_1(row, status))
    return path


def expected(raw):
    def total(column):
        return sum(int(float(r[column])) for r in raw if r[column] != "")

    return {
        "rows": len(raw),
        "deaths_best": total("best"),
        "deaths_low": total("low"),
        "deaths_high": total("high"),
        "deaths_side_a": total("deaths_a"),
        "deaths_side_b": total("deaths_b"),
        "deaths_civilians": total("deaths_civilians"),
        "deaths_unknown": total("deaths_unknown"),
        "date_prec": Counter(int(r["date_prec"]) for r in raw),
        "where_prec": Counter(int(r["where_prec"]) for r in raw),
        "first": min(r["date_start"] for r in raw),
        "last": max(r["date_start"] for r in raw),
    }


def summary(path, *extra):
    done = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "data", "summary", "--json", str(path), *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def check_totals(result, want):
    assert result["rows"] == want["rows"] == 16566  # PROVENANCE.md
    for column in (
        "deaths_best",
        "deaths_low",
        "deaths_high",
        "deaths_side_a",
        "deaths_side_b",
        "deaths_civilians",
        "deaths_unknown",
    ):
        assert result["totals"][column] == want[column], column
    assert want["deaths_best"] == 112337  # PROVENANCE.md
    assert (result["date_min"], result["date_max"]) == (want["first"], want["last"])
    dated = {row["date_precision"]: row["events"] for row in result["precision"]["date_precision"]}
    labels = {1: "day", 2: "days", 3: "week", 4: "month", 5: "year"}
    assert dated == {labels[code]: count for code, count in want["date_prec"].items()}
    located = {
        row["place_precision"]: row["events"] for row in result["precision"]["place_precision"]
    }
    places = {1: "exact place", 2: "near a place", 3: "district", 4: "governorate"}
    places |= {5: "region", 6: "country", 7: "air or sea"}
    assert located == {places[code]: count for code, count in want["where_prec"].items()}


def test_ged_25_1_reads_with_the_sample_totals(raw, tmp_path):
    path = write_variant(tmp_path / "GEDEvent_v25_1.csv", raw)
    result = summary(path)
    assert result["format"] == "ucdp_ged"
    check_totals(result, expected(raw))
    assert result["provisional_events"] == 0
    assert not any("provisional" in note for note in result["notes"])


def test_ged_25_1_as_ucdp_ships_it_in_a_zip(raw, tmp_path):
    plain = write_variant(tmp_path / "GEDEvent_v25_1.csv", raw)
    archive = tmp_path / "ged251-csv.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(plain, "GEDEvent_v25_1.csv")
    result = summary(archive)
    assert result["format"] == "ucdp_ged"
    check_totals(result, expected(raw))


def test_candidate_with_a_header_is_provisional(raw, tmp_path):
    path = write_variant(tmp_path / "GEDEvent_v24_0_12.csv", raw, candidate=True)
    result = summary(path)
    check_totals(result, expected(raw))
    assert result["provisional_events"] == len(raw)
    assert any(
        f"provisional data: all {len(raw):,} events are UCDP Candidate events" in note
        for note in result["notes"]
    )


def test_candidate_without_a_header_is_detected_and_read_in_ged_order(raw, tmp_path):
    path = write_variant(tmp_path / "GEDEvent_v25_0_1.csv", raw, header=False, candidate=True)
    result = summary(path)
    assert result["format"] == "ucdp_candidate"
    check_totals(result, expected(raw))
    assert result["provisional_events"] == len(raw)
    frame = data.read(path).frame
    assert list(frame["event_id"][:3]) == [r["id"] for r in raw[:3]]
    by_governorate = Counter()
    for row in raw:
        by_governorate[row["adm_1"]] += int(row["best"])
    aleppo = frame.loc[frame["admin1_pcode"] == "SY02", "deaths_best"].sum()
    assert aleppo == by_governorate["Aleppo Governorate"]


def test_candidate_without_a_header_in_gzip(raw, tmp_path):
    path = write_variant(
        tmp_path / "GEDEvent_v25_0_1.csv.gz", raw, header=False, candidate=True, opener=gzip.open
    )
    result = summary(path)
    assert result["format"] == "ucdp_candidate"
    check_totals(result, expected(raw))


def test_data_summary_text_says_provisional(raw, tmp_path):
    path = write_variant(tmp_path / "candidate.csv", raw[:200], header=False)
    done = sitrep("data", "summary", path)
    assert done.returncode == 0, done.stderr
    assert "format      ucdp_candidate" in done.stdout
    assert "provisional data: all 200 events are UCDP Candidate events" in done.stdout


@pytest.mark.slow
def test_casualties_report_on_candidate_events_says_provisional(raw, tmp_path):
    path = write_variant(tmp_path / "candidate.csv", raw, header=False, candidate=True)
    aleppo = [r for r in raw if r["adm_1"] == "Aleppo Governorate"]
    rows = [r for r in aleppo if r["date_start"] >= "2017-01-01" and r["date_end"] <= "2017-01-31"]
    best = sum(int(r["best"]) for r in rows)
    done = sitrep(
        "render",
        "notebooks/casualties.ipynb",
        "-p",
        "casualties_path",
        path,
        "-p",
        "governorate",
        "Aleppo",
        "-p",
        "start_date",
        "2017-01-01",
        "-p",
        "end_date",
        "2017-01-31",
        "--out",
        tmp_path / "out",
    )
    assert done.returncode == 0, done.stderr
    flat = unmarked_pdf_text(
        report_file(tmp_path / "out", "casualties_aleppo_2017-01-01_2017-01-31", "pdf")
    )
    html = report_file(tmp_path / "out", "casualties_aleppo_2017-01-01_2017-01-31", "html")
    said = read(html.read_text(encoding="utf-8"))
    total = said.sentence("casualties_events_total")
    assert (total.value("events"), total.value("deaths")) == (len(rows), best)
    assert "provisional" in said.kinds("deaths")
    every = {"events": len(rows), "deaths": best, "total": len(rows), "area": None}
    assert words("disclosure_provisional", items=[every]) in {
        n.text for n in said.noted("provisional")
    }  # every event counted is a candidate event
    assert said.sentence("casualties_provisional_source").text == words(
        "casualties_provisional_source", events=counted(len(rows)), total=len(rows), second=""
    )
    assert "(file candidate.csv)" in flat  # the file is named once, in the sources
    assert flat.count("candidate.csv") == 1
