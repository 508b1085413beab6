"""The displacement report on the other UNHCR tables through the real pipeline (papermill, a
kernel, nbconvert, headless Chromium): solutions, demographics, IDMC IDPs, and the Refugee Data
Finder download (zip, preamble, long names) built from the real population sample.

Every number checked in the PDF is computed here from the raw file with the csv module."""

from __future__ import annotations

import csv
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest

from tests.integration.reader import REPO, pdf_text, sitrep
from tests.integration.test_render_displacement import sourced_figures
from tests.said import numbers_in, read
from tests.unit.test_unhcr_download import PREAMBLE, rows_of, write_long

NOTEBOOK = REPO / "notebooks" / "displacement.ipynb"
FOLDER = "unhcr_refugees_rpkg"

pytestmark = pytest.mark.slow


def report_file(folder, stem, kind):
    """The report ``stem`` made from a data file (its name ends with the file's slug and hash)."""
    (found,) = Path(folder).glob(f"{stem}_*.{kind}")
    return found


def rows(realdata, name):
    with realdata(FOLDER, f"unhcr_{name}_syr.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_year(records, column, keep):
    out = defaultdict(int)
    for r in records:
        if r[column] and keep(r):
            out[int(float(r["year"]))] += int(float(r[column]))
    return out


def render(realdata, tmp_path: Path, name: str, start: str, end: str):
    """The PDF's text and what the HTML says (:func:`tests.said.read`)."""
    path = realdata(FOLDER, f"unhcr_{name}_syr.csv")
    done = sitrep(
        "render", NOTEBOOK,
        "-p", "start_date", start, "-p", "end_date", end, "-p", "governorate", "all",
        "-p", "displacement_path", path, "--out", tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # Every figure has alt text and states its source once, in the chart's footnote.
    html = report_file(tmp_path, f"displacement_{start}_{end}", "html")
    assert sourced_figures(html)
    pdf = report_file(tmp_path, f"displacement_{start}_{end}", "pdf")
    return pdf_text(pdf), read(html.read_text(encoding="utf-8"))


def test_solutions_report_states_each_year_apart(realdata, tmp_path):
    raw = rows(realdata, "solutions")
    syrians = lambda r: r["coo_iso"] == "SYR"  # noqa: E731
    home = lambda r: r["coo_iso"] == "SYR" and r["coa_iso"] == "SYR"  # noqa: E731
    series = {
        "returned_refugees": by_year(raw, "returned_refugees", syrians),
        "resettlement": by_year(raw, "resettlement", syrians),
        "naturalisation": by_year(raw, "naturalisation", syrians),
        "returned_idps": by_year(raw, "returned_idps", home),
    }

    text, said = render(realdata, tmp_path, "solutions", "2019-01-01", "2025-12-31")

    for year in range(2019, 2026):
        row = " ".join(
            f"{series[c][year]:,}"
            for c in ("returned_refugees", "returned_idps", "resettlement", "naturalisation")
        )
        assert f"{year} {row}" in text, f"the table's row for {year}"
    summary = said.sentence("displacement_solutions_summary")
    # the last year's returns, resettlement and naturalisation, each stated
    assert {series[c][2025] for c in series} <= set(numbers_in(summary.text))
    assert "never added" in text
    # Only years whose 31 December falls in the period: 2018 has no row.
    assert f"2018 {series['returned_refugees'][2018]:,}" not in text


def test_demographics_report_states_sex_age_and_countries(realdata, tmp_path):
    raw = rows(realdata, "demographics")
    ref = [r for r in raw if r["pop_type"] == "REF" and r["coo_iso"] == "SYR"]
    ref = [r for r in ref if r["coa_iso"] != "SYR" and r["year"] == "2025.0"]
    total = sum(int(float(r["total"])) for r in ref)
    female = sum(int(float(r["f_total"])) for r in ref)
    male = sum(int(float(r["m_total"])) for r in ref)
    idleb = sum(
        int(float(r["total"]))
        for r in raw
        if r["pop_type"] == "IDP" and r["coa_iso"] == "SYR" and r["location"] == "Idleb [Admin 1]"
    )

    text, said = render(realdata, tmp_path, "demographics", "2025-01-01", "2025-12-31")

    summary = said.sentence("displacement_demographics_summary")
    share = round(100 * female / (female + male), 1)  # of those whose sex was reported
    assert {total, share, female + male} <= set(numbers_in(summary.text))
    assert "Türkiye" in summary.text  # the largest host
    assert f"Idleb {idleb:,}" in text
    assert "Women and girls Men and boys" in text  # the sex-and-age table's header


def test_idmc_report_states_the_last_year_and_is_a_headline(realdata, tmp_path):
    raw = rows(realdata, "idmc")
    idps = {int(float(r["year"])): int(float(r["total"])) for r in raw}

    text, said = render(realdata, tmp_path, "idmc", "2015-01-01", "2025-12-31")

    summary = numbers_in(said.sentence("displacement_idmc_summary").text)
    assert idps[2024] > idps[2025]  # fewer at the end of 2025, and by how many
    assert {idps[2025], idps[2024] - idps[2025]} <= set(summary)
    for year in range(2015, 2026):
        assert f"{year} {idps[year]:,}" in text
    assert "2014 " + f"{idps[2014]:,}" not in text


def test_refugee_data_finder_download_zip_renders_like_the_tidy_table(realdata, tmp_path):
    """The website download (a zip with the data CSV, its preamble and long column names, and a
    footnotes CSV) built here from the real sample gives the report of the tidy table."""
    raw = rows_of(realdata)
    inner = write_long(tmp_path / "query_data.csv", raw, preamble=PREAMBLE)
    archive = tmp_path / "query_data.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(inner, "query_data.csv")
        zf.writestr("footnotes.csv", "Year,Footnote\n2025,Figures are UNHCR estimates.\n")
    abroad = by_year(raw, "refugees", lambda r: r["coo_iso"] == "SYR" and r["coa_iso"] != "SYR")
    idps = by_year(raw, "idps", lambda r: r["coo_iso"] == "SYR" and r["coa_iso"] == "SYR")

    out = tmp_path / "out"
    done = sitrep(
        "render", NOTEBOOK,
        "-p", "start_date", "2024-01-01", "-p", "end_date", "2025-12-31",
        "-p", "governorate", "all", "-p", "displacement_path", archive, "--out", out,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = pdf_text(report_file(out, "displacement_2024-01-01_2025-12-31", "pdf"))
    html = report_file(out, "displacement_2024-01-01_2025-12-31", "html")
    summary = read(html.read_text(encoding="utf-8")).sentence("displacement_unhcr_summary")
    assert {abroad[2025], idps[2025]} <= set(numbers_in(summary.text))  # the last year's
    assert "website download" in text  # the dataset is cited as the download
    assert "rounds small counts" in text
