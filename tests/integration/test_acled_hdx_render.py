"""The casualties report on ACLED monthly aggregates (HDX HAPI conflict_event and the HDX
aggregates file) through the real pipeline; numbers in the PDF are checked against csv-module
sums of the raw file."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from tests.integration.reader import REPO, figures, sitrep, unmarked_pdf_text
from tests.said import read, words

NOTEBOOK = REPO / "notebooks" / "casualties.ipynb"
FOLDER = "acled_hdx_aggregates_syria_2025_01"
HAPI = "hdx_hapi_conflict_event_SYR_2025-01.csv"
PV = "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv"
START = pd.Timestamp("2025-01-05")  # the one-governorate report's first day

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
    html = report_file(tmp_path, stem, "html").read_text(encoding="utf-8")
    assert read(html).sentence("casualties_agg_total").values == {  # side by side, never added
        "political_violence_events": pv_e,
        "political_violence_fatalities": pv_f,
        "civilian_targeting_events": ct_e,
        "civilian_targeting_fatalities": ct_f,
        "demonstrations_events": demo,
    }
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
    html = report_file(tmp_path, "casualties_homs_2025-01-05_2025-02-15", "html")
    said = read(html.read_text(encoding="utf-8"))
    total = said.sentence("casualties_agg_total")
    assert total.values == {
        "political_violence_events": events,
        "political_violence_fatalities": deaths,
    }
    assert "Homs" in total.text and "Homs" in flat
    january = pd.Timestamp("2025-01-01")
    notes = {kind: {n.text for n in said.noted(kind)} for kind in ("whole_month", "partial_month")}
    assert notes["whole_month"] == {  # the period starts on 5 January: January counted whole
        words("disclosure_whole_month", items=[{"month": january, "start": START, "area": None}])
    }
    partial = {"month": january, "as_of": pd.Timestamp("2025-01-10"), "area": None}
    partial.update(days=10, month_days=31)  # the file runs to 10 January (its name says so)
    assert notes["partial_month"] == {words("disclosure_partial_month", items=[partial])}


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


def test_governorate_report_with_district_boundaries_maps_and_states_districts(realdata, tmp_path):
    """HAPI for Aleppo with SYNTHETIC admin2 boundaries (the real governorates cut into strips
    labelled with real district P-codes, tests/cod_ab.py): the PDF shows the district map, its
    boundaries' date, and each district's row as the raw file sums it."""
    from analysis.data.boundaries import read_boundaries
    from analysis.i18n import gettext
    from analysis.sections.text import term
    from tests import cod_ab

    path = realdata(FOLDER, HAPI)
    governorates = read_boundaries(
        realdata("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson")
    )
    admin2 = cod_ab.write(
        tmp_path / "syr_admbnda_adm2.zip", {"adm2": cod_ab.synthetic_districts(governorates)}
    )
    sums = defaultdict(int)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["admin1_code"] == "SY02" and row["event_type"] == "political_violence":
                sums[(row["admin2_name"], "events")] += int(row["events"])
                sums[(row["admin2_name"], "fatalities")] += int(row["fatalities"])
    done = sitrep(
        "render",
        NOTEBOOK,
        "-p",
        "casualties_path",
        path,
        "-p",
        "boundaries_path",
        admin2,
        "-p",
        "governorate",
        "Aleppo",
        "-p",
        "start_date",
        "2025-01-01",
        "-p",
        "end_date",
        "2025-01-31",
        "--out",
        tmp_path / "out",
    )
    assert done.returncode == 0, done.stderr
    stem = "casualties_aleppo_2025-01-01_2025-01-31"
    flat = unmarked_pdf_text(report_file(tmp_path / "out", stem, "pdf"))
    html = report_file(tmp_path / "out", stem, "html").read_text(encoding="utf-8")
    alts = [alt for alt, _ in figures(html)]
    assert any(alt.startswith("Map of the districts of Aleppo") for alt in alts), alts
    counted = term("series_fatalities", series="political_violence")  # the map's title
    assert gettext("%(counted)s by district") % {"counted": counted} in flat
    assert "admin-2 boundaries, valid on 17 December 2020" in flat
    districts = {name for name, _ in sums}
    assert len(districts) == 8
    for name in districts:  # the table's row: political violence events, then fatalities
        row = f"{name} Aleppo {sums[(name, 'events')]} {sums[(name, 'fatalities')]}"
        if sums[(name, "events")]:
            assert row in flat, row
