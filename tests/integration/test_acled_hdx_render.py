"""The casualties report on ACLED monthly aggregates (HDX HAPI conflict_event and the HDX
aggregates file) through the real pipeline; numbers in the PDF are checked against csv-module
sums of the raw file."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from tests.integration.reader import REPO, figures, sitrep, unmarked_pdf_text

NOTEBOOK = REPO / "notebooks" / "casualties.ipynb"
FOLDER = "acled_hdx_aggregates_syria_2025_01"
HAPI = "hdx_hapi_conflict_event_SYR_2025-01.csv"
PV = "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv"

pytestmark = pytest.mark.slow


def report_file(folder, stem, kind):
    """The report ``stem`` made from a data file (its name ends with the file's slug and hash)."""
    (found,) = Path(folder).glob(f"{stem}_*.{kind}")
    return found


def raw_sums(path, series_column, key_column=None):
    """events and fatalities by series (and by ``key_column``) with the csv module."""
    out = defaultdict(int)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            series = row[series_column] if series_column else "political_violence"
            key = (series, row[key_column]) if key_column else (series,)
            for count in ("events", "fatalities", "Events", "Fatalities"):
                if count in row and row[count].strip():
                    out[(*key, count.lower())] += int(row[count])
    return out


def render(path, tmp_path, start, end, governorate="all"):
    done = sitrep(
        "render",
        NOTEBOOK,
        "-p",
        "casualties_path",
        path,
        "-p",
        "start_date",
        start,
        "-p",
        "end_date",
        end,
        "-p",
        "governorate",
        governorate,
        "--out",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_hapi_report_shows_series_side_by_side(realdata, tmp_path):
    path = realdata(FOLDER, HAPI)
    sums = raw_sums(path, "event_type")
    render(path, tmp_path, "2025-01-01", "2025-01-31")
    stem = "casualties_2025-01-01_2025-01-31"
    flat = unmarked_pdf_text(report_file(tmp_path, stem, "pdf"))
    pv_e, pv_f = sums[("political_violence", "events")], sums[("political_violence", "fatalities")]
    ct_e, ct_f = sums[("civilian_targeting", "events")], sums[("civilian_targeting", "fatalities")]
    demo = sums[("demonstration", "events")]
    assert (pv_e, pv_f, ct_e, ct_f, demo) == (302, 329, 124, 106, 13)  # PROVENANCE.md
    assert f"{pv_e} political violence events with {pv_f} fatalities" in flat
    assert (
        f"of these, {ct_e} events targeting civilians, with {ct_f} fatalities (counted within "
        "political violence, not in addition to it)" in flat
    )
    assert f"{demo} demonstrations" in flat
    # never a sum of the overlapping series
    assert f"{pv_f + ct_f:,}" not in flat and f"{pv_e + ct_e:,}" not in flat
    assert "not daily data" in flat and "1 month (January 2025)" in flat
    assert "Terms of Use" in flat and "ACLED" in flat
    # the governorate table: Aleppo's row as the raw file sums it
    aleppo = defaultdict(int)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["admin1_code"] == "SY02" and row["event_type"] != "demonstration":
                aleppo[(row["event_type"], "events")] += int(row["events"])
                aleppo[(row["event_type"], "fatalities")] += int(row["fatalities"] or 0)
    cells = [
        aleppo[("political_violence", "events")],
        aleppo[("political_violence", "fatalities")],
        aleppo[("civilian_targeting", "events")],
        aleppo[("civilian_targeting", "fatalities")],
    ]
    assert "Aleppo " + " ".join(map(str, cells)) in flat
    html = report_file(tmp_path, stem, "html").read_text(encoding="utf-8")
    found = figures(html)
    assert any("per month" in alt for alt, _ in found)
    assert "per day" not in " ".join(alt for alt, _ in found)


def test_aggregates_file_for_one_governorate_says_the_month_is_partial(realdata, tmp_path):
    path = realdata(FOLDER, PV)
    sums = raw_sums(path, None, "Admin1 Pcode")
    render(path, tmp_path, "2025-01-05", "2025-02-15", "Homs")
    flat = unmarked_pdf_text(report_file(tmp_path, "casualties_homs_2025-01-05_2025-02-15", "pdf"))
    events = sums[("political_violence", "SY04", "events")]
    deaths = sums[("political_violence", "SY04", "fatalities")]
    assert f"{events} political violence events with {deaths} fatalities in Homs" in flat
    assert "January 2025 is counted whole, with its days before 5 January 2025" in flat
    assert (
        "Partial month: the file runs to 10 January 2025, so January 2025 is counted only to "
        "that day (10 of its 31 days)"
    ) in flat


def test_period_without_a_month_end_says_so(realdata, tmp_path):
    render(realdata(FOLDER, HAPI), tmp_path, "2025-01-01", "2025-01-30")
    flat = unmarked_pdf_text(report_file(tmp_path, "casualties_2025-01-01_2025-01-30", "pdf"))
    assert "no month of the file ends in it" in flat
    assert "The file covers January 2025" in flat


def test_renamed_aggregates_file_is_refused_before_any_kernel(realdata, tmp_path):
    renamed = tmp_path / "acled.csv"
    renamed.write_bytes(realdata(FOLDER, PV).read_bytes())
    done = sitrep("render", NOTEBOOK, "-p", "casualties_path", renamed, "--out", tmp_path / "out")
    assert done.returncode == 2
    assert "parameter 'casualties_path'" in done.stderr
    assert "'political_violence' or 'civilian_targeting' in its name" in done.stderr
    assert "--format" not in done.stderr  # render has no such option
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
