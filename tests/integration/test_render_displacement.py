"""The displacement report through the real pipeline (papermill, a real kernel, nbconvert and
headless Chromium), with the bundled figures and with real UNHCR and OCHA/HNAP files.

Every figure checked in the PDF is computed here from the input file with the csv module or
openpyxl, not through the package's readers."""

import base64
import calendar
import csv
import re
from pathlib import Path

import nbformat
import openpyxl
import pytest

from tests.integration.reader import REPO, figures, pdf_outline, pdf_text, sitrep
from tests.said import numbers_in, read

NOTEBOOK = REPO / "notebooks" / "displacement.ipynb"
FIGURES_CSV = REPO / "data" / "offensive_2024" / "displacement_figures.csv"
UNHCR = ("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
HNAP = ("hnap_idp_movements_2019_01", "idp_movements_summary_and_dec2018.xlsx")

GOVERNORATES = (
    "Damascus", "Aleppo", "Rural Damascus", "Homs", "Hama", "Lattakia", "Idleb", "Al-Hasakeh",
    "Deir-ez-Zor", "Tartous", "Ar-Raqqa", "Dar'a", "As-Sweida", "Quneitra",
)  # fmt: skip
"""The 14 governorate rows of the HNAP summary sheets, as spelled there."""

pytestmark = pytest.mark.slow


def summary(report: dict[str, Path], key: str) -> str:
    """The text of the report's sentence ``key`` (its summary), read from the HTML."""
    return read(report["html"].read_text(encoding="utf-8")).sentence(key).text


def render(out: Path, stem: str, *params: str) -> dict[str, Path]:
    pairs = [item for i in range(0, len(params), 2) for item in ("-p", *params[i : i + 2])]
    done = sitrep("render", NOTEBOOK, *pairs, "--out", out)
    assert done.returncode == 0, done.stderr
    written = {kind: Path(path) for kind, path in map(str.split, done.stdout.splitlines())}
    assert sorted(written) == ["html", "ipynb", "pdf"]
    # a report from a data file adds the file's slug and hash to its name
    assert all(
        path.name.startswith(f"{stem}.") or path.name.startswith(f"{stem}_")
        for path in written.values()
    )
    return written


def sourced_figures(html_path: Path) -> list[list[str]]:
    """The report's figures, after checking each has alt text and states its source once, in
    the chart's footnote (the SVG), not in the caption."""
    html = html_path.read_text(encoding="utf-8")
    found = figures(html)
    assert len(found) == html.count("<figure")
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(images) == len(found)
    for (alt, caption), image in zip(found, images, strict=True):
        assert alt.strip(), "a figure has no alt text"
        assert "Source:" not in caption, f"figure {alt!r} repeats its source in the caption"
        svg = base64.b64decode(image).decode("utf-8")
        assert svg.count("Source:") == 1, f"figure {alt!r} must state its source once"
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


def test_notebook_is_thin_with_headings_and_one_parameters_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert 'displacement_path = "bundled"  #' in tagged[0].source
    for cell in nb.cells:
        assert cell.get("id")
        assert not cell.get("outputs") and cell.get("execution_count") is None
        assert not re.search(r"^\s*(def|class) ", cell.source, re.MULTILINE)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for before, cell in zip(nb.cells, nb.cells[1:], strict=False):
        if cell.cell_type == "code" and "display(*section." in cell.source:
            assert before.cell_type == "markdown" and before.source.startswith("## ")
    assert "displacement_path=displacement_path" in code[1].source  # load() by keyword


def test_default_report_shows_the_peak_and_the_fall(tmp_path):
    report = render(tmp_path, "displacement_2024-11-27_2024-12-31")
    peak = whole_syria_peak()
    value = int(peak["displaced_count"] or peak["displaced_high"])
    flat = pdf_text(report["pdf"])
    assert "Displacement: Syria" in flat
    outline = pdf_outline(report["pdf"])
    for heading in ("Key figures", "Reported displacement", "Figures as published"):
        assert heading in outline  # the sections carry the headings (markdown cells are left out)
    said = summary(report, "displacement_reported_summary")
    assert numbers_in(said)[0] == value and f"{peak['qualifier']} {value:,}" in said  # the peak
    assert "net of returns" in flat
    undated = [r for r in bundled_rows() if not r["as_of_date"]]
    assert f"{len(undated)} figures without an as-of date" in flat
    assert len(sourced_figures(report["html"])) == 2  # by governorate of origin; over time


def unhcr_year(path, year):
    """Refugees abroad, IDPs in Syria and the returns of ``year`` for Syrians (csv module)."""
    totals = dict.fromkeys(("refugees", "idps", "returned_refugees", "returned_idps"), 0)
    with open(path, encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if r["coo_iso"] != "SYR" or float(r["year"]) != year:
                continue
            home = r["coa_iso"] == "SYR"
            totals["refugees"] += 0 if home else int(float(r["refugees"] or 0))
            totals["idps"] += int(float(r["idps"] or 0)) if home else 0
            totals["returned_idps"] += int(float(r["returned_idps"] or 0)) if home else 0
            totals["returned_refugees"] += int(float(r["returned_refugees"] or 0))
    return totals


def test_unhcr_report_for_one_governorate_shows_refugees_idps_and_returns(realdata, tmp_path):
    path = realdata(*UNHCR)
    expected = unhcr_year(path, 2024)
    assert expected["idps"] == 7_408_909  # about 7.4 million IDPs, as in PROVENANCE.md
    report = render(
        tmp_path,
        "displacement_hama_2011-01-01_2024-12-31",
        "displacement_path",
        str(path),
        "governorate",
        "Hama",
        "start_date",
        "2011-01-01",
        "end_date",
        "2024-12-31",
    )
    flat = pdf_text(report["pdf"])
    said = summary(report, "displacement_unhcr_summary")  # refugees, IDPs, returns: 2024
    assert set(expected.values()) <= set(numbers_in(said))
    html = report["html"].read_text(encoding="utf-8")
    assert len(read(html).all("displacement_unhcr_national")) == 1  # said once: national figures
    assert "bundled" not in flat.lower()
    assert len(sourced_figures(report["html"])) == 3  # stocks by year; by asylum; returns


def test_hnap_year_keeps_arrivals_and_returns_apart(realdata, tmp_path):
    path = realdata(*HNAP)
    arrivals = sum(hnap_total(path, "IDPFlow_Summarysince2016", g, 2018) for g in GOVERNORATES)
    returns = sum(
        hnap_total(path, "RetFlow_Summary_SinceAugust2018", g, 2018) for g in GOVERNORATES
    )
    report = render(
        tmp_path,
        "displacement_2018-01-01_2018-12-31",
        "displacement_path",
        str(path),
        "start_date",
        "2018-01-01",
        "end_date",
        "2018-12-31",
    )
    flat = pdf_text(report["pdf"])
    said = numbers_in(summary(report, "displacement_hnap_summary"))
    assert {int(arrivals + 0.5), int(returns + 0.5)} <= set(said)  # each stated, apart
    assert f"{int(arrivals + returns + 0.5):,}" not in flat  # never added together
    assert "bundled" not in flat.lower()
    assert len(sourced_figures(report["html"])) == 3  # per month; by governorate; heatmap
