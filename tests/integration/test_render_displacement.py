"""The displacement report through the real pipeline (papermill, a real kernel, nbconvert and
headless Chromium), with the bundled figures and with real UNHCR and OCHA/HNAP files.

Every figure checked in the PDF is computed here from the input file with the csv module or
openpyxl, not through the package's readers."""

import calendar
import csv
import re
from pathlib import Path

import nbformat
import openpyxl
import pytest

from tests.integration.reader import REPO, figures, pdf_text, sitrep

NOTEBOOK = REPO / "notebooks" / "displacement.ipynb"
FIGURES_CSV = REPO / "data" / "offensive_2024" / "displacement_figures.csv"
UNHCR = ("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
HNAP = ("hnap_idp_movements_2019_01", "idp_movements_summary_and_dec2018.xlsx")

pytestmark = pytest.mark.slow


def render(out: Path, stem: str, *params: str) -> dict[str, Path]:
    pairs = [item for i in range(0, len(params), 2) for item in ("-p", *params[i : i + 2])]
    done = sitrep("render", NOTEBOOK, *pairs, "--out", out)
    assert done.returncode == 0, done.stderr
    return {kind: out / f"{stem}.{kind}" for kind in ("ipynb", "html", "pdf")}


def sourced_figures(html_path: Path) -> list[list[str]]:
    """The report's figures, after checking each has alt text and a source line."""
    html = html_path.read_text(encoding="utf-8")
    found = figures(html)
    assert len(found) == html.count("<figure")
    for alt, caption in found:
        assert alt.strip(), "a figure has no alt text"
        assert "Source:" in caption, f"figure {alt!r} has no source line"
    assert "<script" not in html
    assert "from analysis.sections" not in html  # code hidden
    return found


# --- figures computed independently from the input files --------------------------------------


def bundled_rows():
    with FIGURES_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def whole_syria_peak():
    """The highest whole-of-Syria figure (area published as "Syria ..."; a range by its top)."""
    rows = [
        r
        for r in bundled_rows()
        if r["area"].startswith("Syria") and not r["admin1_pcode"] and r["as_of_date"]
    ]
    return max(rows, key=lambda r: int(r["displaced_count"] or r["displaced_high"]))


def unhcr_refugees(path, year):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["coo_iso"] == "SYR" and r["coa_iso"] != "SYR" and float(r["year"]) == year
        ]
    total = sum(float(r["refugees"]) for r in rows if r["refugees"])
    top = max(rows, key=lambda r: float(r["refugees"] or 0))
    return int(total), top["coa_name"], int(float(top["refugees"]))


def hnap_total(path, sheet, governorate, year):
    """Sum of a governorate's typed month cells in ``year``, read with openpyxl directly."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = list(workbook[sheet].iter_rows(values_only=True))
    workbook.close()
    years, header = rows[0], rows[1]
    months = set(calendar.month_name[1:])
    row = next(r for r in rows[2:] if r[0] == governorate)
    total, current = 0.0, None
    for column in range(1, len(header)):
        if isinstance(years[column], int):
            current = years[column]
        value = row[column]
        if current == year and header[column] in months and isinstance(value, int | float):
            total += value
    return total


# --- renders -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_report(tmp_path_factory):
    return render(tmp_path_factory.mktemp("default"), "displacement_2024-11-27_2024-12-31")


def test_notebook_is_thin_with_one_parameters_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert 'displacement_path = "bundled"  #' in tagged[0].source
    for cell in nb.cells:
        assert cell.get("id")
        assert not cell.get("outputs") and cell.get("execution_count") is None
        assert not re.search(r"^\s*(def|class) ", cell.source, re.MULTILINE)


def test_default_report_shows_the_peak_and_the_fall(default_report):
    peak = whole_syria_peak()
    value = int(peak["displaced_count"] or peak["displaced_high"])
    assert f"{value:,}" == "1,100,000"  # the bundled data's peak (12 Dec 2024)
    flat = pdf_text(default_report["pdf"])
    assert "Displacement: Syria" in flat
    assert "27 November 2024 to 31 December 2024" in flat
    assert f"{peak['qualifier']} {value:,}" in flat
    assert "returns are netted out" in flat
    undated = [r for r in bundled_rows() if not r["as_of_date"]]
    assert f"{len(undated)} undated figures left out" in flat
    assert re.search(r"Page 1 of \d+", flat)
    figures = sourced_figures(default_report["html"])
    assert len(figures) == 2  # displaced by governorate of origin; reported displacement


def test_one_governorate_shows_its_figure_and_national_context(tmp_path):
    rows = [r for r in bundled_rows() if r["admin1_name"] == "Aleppo"]
    assert len(rows) == 1
    aleppo = rows[0]
    report = render(tmp_path, "displacement_SY02_2024-11-27_2024-12-31", "governorate", "Aleppo")
    flat = pdf_text(report["pdf"])
    assert "Displacement: Aleppo governorate (SY02)" in flat
    figure = f"{int(aleppo['displaced_count']):,}"
    assert figure == "640,000"
    assert f"{aleppo['qualifier']} {figure}" in flat
    assert f"{aleppo['area']}" in flat
    assert "National context" in flat
    assert len(sourced_figures(report["html"])) == 2


def test_unhcr_file_gives_refugees_by_country_of_asylum(realdata, tmp_path):
    path = realdata(*UNHCR)
    total, top_name, top_count = unhcr_refugees(path, 2024)
    report = render(
        tmp_path,
        "displacement_2015-01-01_2024-12-31",
        "displacement_path",
        str(path),
        "start_date",
        "2015-01-01",
        "end_date",
        "2024-12-31",
    )
    flat = pdf_text(report["pdf"])
    assert f"At the end of 2024, UNHCR counted {total:,} refugees from Syria abroad" in flat
    assert f"{top_name}: {top_count:,}" in flat
    assert "UNHCR Refugee Data Finder" in flat
    assert len(sourced_figures(report["html"])) == 2  # by country of asylum; returns


def test_hnap_workbook_gives_monthly_arrivals_in_one_governorate(realdata, tmp_path):
    path = realdata(*HNAP)
    arrivals = hnap_total(path, "IDPFlow_Summarysince2016", "Idleb", 2018)
    returns = hnap_total(path, "RetFlow_Summary_SinceAugust2018", "Idleb", 2018)
    report = render(
        tmp_path,
        "displacement_SY07_2018-01-01_2018-12-31",
        "displacement_path",
        str(path),
        "governorate",
        "Idleb",
        "start_date",
        "2018-01-01",
        "end_date",
        "2018-12-31",
    )
    flat = pdf_text(report["pdf"])
    assert "Displacement: Idleb governorate (SY07)" in flat
    assert f"recorded {round(arrivals):,} IDP arrivals in Idleb governorate (SY07)" in flat
    assert f"{round(returns):,}" in flat
    assert len(sourced_figures(report["html"])) == 1


def test_period_without_data_says_so(tmp_path):
    report = render(
        tmp_path,
        "displacement_2023-01-01_2023-12-31",
        "start_date",
        "2023-01-01",
        "end_date",
        "2023-12-31",
    )
    flat = pdf_text(report["pdf"])
    assert "No data for Syria, 1 January 2023 to 31 December 2023" in flat
    assert sourced_figures(report["html"]) == []  # no empty chart
