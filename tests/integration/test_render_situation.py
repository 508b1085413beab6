"""The situation report through the real pipeline, with the bundled data and with real files."""

import csv
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.report.check import check
from tests.integration.reader import REPO, pdf_outline, pdf_text, sitrep
from tests.said import read

NOTEBOOK = REPO / "notebooks" / "situation_report.ipynb"
BUNDLED = REPO / "data" / "offensive_2024"

pytestmark = pytest.mark.slow


def report_file(folder, stem, kind):
    """The report ``stem`` made from a data file (its name ends with the file's slug and hash)."""
    (found,) = Path(folder).glob(f"{stem}_*.{kind}")
    return found


STRUCTURE = (
    "empty-heading",
    "blank-page",
    "repeated-table",
    "missing-disclosure",
    "unresolved-mark",
    "unmarked-result",
)
"""The rules of `sitrep check` on the report's structure (the situation report's own: file names
and operator phrases come from the domains' sections)."""


def bookmarks(pdf) -> dict[str, int]:
    """The first page of each bookmark of the PDF (1-based)."""
    reader = PdfReader(pdf)
    pages = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages.setdefault(str(item.title), reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    return pages


def body_pages(pdf) -> int:
    """Pages before the one where the Annex starts."""
    return bookmarks(pdf)["Annex"] - 1


def structure_findings(html, pdf) -> list[str]:
    (checked,) = check([html, pdf])
    return [f.line() for f in checked.findings if f.rule in STRUCTURE]


def rows(name):
    with (BUNDLED / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_hama_one_week(tmp_path):
    done = sitrep(
        "render",
        NOTEBOOK,
        "-p",
        "governorate",
        "Hama",
        "-p",
        "start_date",
        "2024-11-28",
        "-p",
        "end_date",
        "2024-12-04",
        "--out",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    stem = "situation_report_hama_2024-11-28_2024-12-04"
    pdf = tmp_path / f"{stem}.pdf"
    text = pdf_text(pdf)
    assert "Situation report: Hama governorate (SY05)" in text
    assert "28 November to 4 December 2024" in text
    assert body_pages(pdf) <= 4, f"the body takes {body_pages(pdf)} pages"
    assert structure_findings(tmp_path / f"{stem}.html", pdf) == []
    assert re.search(r"Page 1 of \d+", text)
    sohr = [
        r
        for r in rows("casualty_tolls.csv")
        if r["organisation"] == "SOHR"
        and r["series"] == "offensive"
        and "2024-11-28" <= r["as_of_date"] <= "2024-12-04"
        and r["deaths_total"]
    ]
    last = max(sohr, key=lambda r: (r["as_of_date"], r["report_date"]))
    assert f"{last['qualifier']} {int(last['deaths_total']):,}" in text  # "at least 910"
    hama = {
        r["place"]
        for r in rows("control_changes.csv")
        if r["admin1_pcode"] == "SY05" and "2024-11-28" <= r["event_date"] <= "2024-12-04"
    }
    assert re.search(rf"PLACES THAT CHANGED HANDS {len(hama)}\b", text.upper())
    for box in ("PEOPLE KILLED", "CIVILIANS KILLED"):
        assert box in text.upper()
    html = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    assert "IPython.core.display" not in html and "<script" not in html
    assert html.count("<figure") == len(re.findall(r"<img[^>]+alt=\"[^\"]+\"", html)) >= 4
    assert html.count("<figcaption") == html.count("<figure")
    assert 'class="sitrep-toc"' in html and "Changes of control" in html
    sections = re.findall(r'<h2 id="[^"]*">(.*?)</h2>', html)
    bookmarks = pdf_outline(tmp_path / f"{stem}.pdf")
    assert len(sections) >= 5 and all(s in bookmarks for s in sections), (sections, bookmarks)


def test_real_files_for_2018(tmp_path, realdata):
    ucdp = realdata("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
    acled = realdata(
        "acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv"
    )
    unhcr = realdata("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
    ocha = realdata("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson")
    done = sitrep(
        "render",
        NOTEBOOK,
        "-p",
        "start_date",
        "2018-01-01",
        "-p",
        "end_date",
        "2018-12-31",
        "-p",
        "casualties_path",
        ucdp,
        "-p",
        "displacement_path",
        unhcr,
        "-p",
        "control_path",
        acled,
        "-p",
        "boundaries_path",
        ocha,
        "--out",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    pdf = report_file(tmp_path, "situation_report_2018-01-01_2018-12-31", "pdf")
    text = pdf_text(pdf)
    # a year of events needs three notes (no governorate, coarse dates, coarse places): the
    # brief, its map and its notes still fit the first page, and the detail starts on the next
    first = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "Last known holder of each place" in first
    assert "in no governorate" in first and "not to a place" in first
    assert min(p for p in bookmarks(pdf).values() if p > 1) == 2
    with open(ucdp, encoding="utf-8", newline="") as handle:
        best = sum(
            int(r["best"])
            for r in csv.DictReader(handle)
            if r["year"] == "2018" and "2018-01-01" <= r["date_start"] <= "2018-12-31"
        )
    assert f"{best:,}" in text
    with open(acled, encoding="utf-8", newline="") as handle:
        changes = [
            r
            for r in csv.DictReader(handle)
            if r["year"] == "2018"
            and r["sub_event_type"]
            in ("Government regains territory", "Non-state actor overtakes territory")
        ]
    places = {(r["location"], r["admin1"]) for r in changes}
    assert re.search(rf"PLACES THAT CHANGED HANDS {len(places):,}\b", text.upper())
    assert "Situation report: Syria" in text


def test_default_country_report_opens_with_its_brief_and_its_body_is_short(tmp_path):
    done = sitrep("render", NOTEBOOK, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "situation_report_2024-11-27_2024-12-31.pdf"
    pages = bookmarks(pdf)
    assert pages["Highlights"] == 1
    assert body_pages(pdf) <= 6, f"the body takes {body_pages(pdf)} pages"
    assert pages["Annex"] > pages["Sources and method"]
    assert structure_findings(pdf.with_suffix(".html"), pdf) == []
    # the brief is one page: its highlights, key figures, map and notes are on page 1
    first = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "PLACES THAT CHANGED HANDS" in first.upper() and "Front:" in first
    assert "Single weak source" in first and "Last known holder of each place" in first
    text = pdf_text(pdf)
    # The full list of changes of control is in the annex: every place of the raw file.
    annex = text[text.index("Every change of control in the period") :].replace("- ", "-")
    for place in {r["place"] for r in rows("control_changes.csv")}:
        assert place in annex, place  # (a name wrapped at a hyphen in a cell is joined again)
    # The summary states the boxed figures, each with its source.
    tolls = [r for r in rows("casualty_tolls.csv") if r["series"] == "offensive"]
    sohr = max(
        (r for r in tolls if r["organisation"] == "SOHR" and r["deaths_total"]),
        key=lambda r: (r["as_of_date"], r["report_date"]),
    )
    assert f"People killed: {sohr['qualifier']} {int(sohr['deaths_total']):,}" in text


def test_one_week_of_ucdp_events_in_aleppo(tmp_path, realdata):
    ucdp = realdata("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
    done = sitrep(
        "render",
        NOTEBOOK,
        *("-p", "governorate", "Aleppo", "-p", "casualties_path", ucdp),
        *("-p", "start_date", "2016-12-05", "-p", "end_date", "2016-12-11", "--out", tmp_path),
    )
    assert done.returncode == 0, done.stderr
    pdf = report_file(tmp_path, "situation_report_aleppo_2016-12-05_2016-12-11", "pdf")
    assert body_pages(pdf) <= 4, f"the body takes {body_pages(pdf)} pages"
    assert structure_findings(pdf.with_suffix(".html"), pdf) == []
    with open(ucdp, encoding="utf-8", newline="") as handle:
        best = sum(
            int(r["best"])
            for r in csv.DictReader(handle)
            if r["adm_1"] == "Aleppo Governorate"
            and "2016-12-05" <= r["date_start"] <= r["date_end"] <= "2016-12-11"
        )
    first = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert f"{best:,}" in first  # the brief states the week's deaths
    text = pdf_text(pdf)
    # the bundled control and displacement files hold nothing for 2016: left out, and why
    sources = text[text.index("Sources and method") : text.index("Annex")]
    left = read(pdf.with_suffix(".html").read_text(encoding="utf-8")).all("situation_left_out")
    assert [s for s in left if s.text.startswith("Displacement ")]  # the part, and why
    assert "The pace of the changes" in sources and "records no change of control" in sources
