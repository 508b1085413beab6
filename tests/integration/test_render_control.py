"""The territorial control report through the real pipeline: papermill, a real kernel, nbconvert
and headless Chromium. Expected figures are counted here, with the csv module, from the input
files themselves; assertions are on what a reader sees: the PDF's text and the HTML."""

import csv
import datetime as dt
import re

import pytest

from tests.integration.reader import REPO, figures, pdf_text, sitrep

NOTEBOOK = REPO / "notebooks" / "territorial_control.ipynb"
CHANGES = REPO / "data" / "offensive_2024" / "control_changes.csv"
ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
OCHA = ("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson")
TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}

pytestmark = pytest.mark.slow


def render(out, *params, to=None):
    args = ["render", NOTEBOOK, "--out", out]
    for name, value in params:
        args += ["-p", name, value]
    if to:
        args += ["--to", to]
    done = sitrep(*args)
    assert done.returncode == 0, done.stderr
    return done


def bundled_changes(start, end, pcode=None):
    with CHANGES.open(encoding="utf-8", newline="") as handle:
        return [
            r
            for r in csv.DictReader(handle)
            if start <= r["event_date"] <= end and (pcode is None or r["admin1_pcode"] == pcode)
        ]


def places(rows, name="place", governorate="admin1_pcode"):
    return len({(r[name], r[governorate]) for r in rows})


@pytest.fixture(scope="module")
def default_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("control")
    render(out)
    stem = "territorial_control_2024-11-27_2024-12-31"
    return {kind: out / f"{stem}.{kind}" for kind in ("ipynb", "html", "pdf")}


def test_default_report_counts_places_from_the_bundled_file(default_report):
    rows = bundled_changes("2024-11-27", "2024-12-31")
    assert len(rows) == 41 and places(rows) == 38  # the bundled data as shipped
    flat = pdf_text(default_report["pdf"])
    assert "Territorial control: Syria" in flat
    assert "27 November 2024 to 31 December 2024" in flat
    assert f"{places(rows)} places changed hands in Syria" in flat
    assert f"({len(rows)} changes of control recorded in" in flat
    capitals = {"Aleppo", "Hama", "Homs", "Damascus", "Daraa", "Deir ez-Zor"}
    assert all(name in flat for name in capitals)
    assert "Changes of control" in flat and "Sources and method" in flat
    # Disagreements stay visible: Jusoor's Feb 2020 shares, Deir ez-Zor taken twice.
    assert "published for 29 February 2020 sum to 100.45%" in flat
    assert "Deir ez-Zor (2 times)" in flat
    assert re.search(r"Page 1 of \d+", flat)


def test_default_html_has_four_sourced_figures_with_alt_text(default_report):
    html = default_report["html"].read_text(encoding="utf-8")
    found = figures(html)
    assert len(found) == html.count("<figure") == 4  # map, timeline, front distance, shares
    assert all(alt.strip() and "Source:" in caption for alt, caption in found)
    assert "from analysis.sections" not in html and "control_path =" not in html


def test_one_governorate_gets_its_title_count_and_zoomed_map(tmp_path):
    render(tmp_path, ("governorate", "Hama"))
    rows = bundled_changes("2024-11-27", "2024-12-31", "SY05")
    flat = pdf_text(tmp_path / "territorial_control_SY05_2024-11-27_2024-12-31.pdf")
    assert "Territorial control: Hama governorate (SY05)" in flat
    assert f"{places(rows)} places changed hands in Hama governorate (SY05)" in flat
    assert "none is specific to Hama governorate (SY05)" in flat
    html = (tmp_path / "territorial_control_SY05_2024-11-27_2024-12-31.html").read_text(
        encoding="utf-8"
    )
    assert all(alt.strip() and "Source:" in caption for alt, caption in figures(html))
    assert "Aleppo International Airport" not in html  # another governorate's change


def test_acled_export_with_ocha_boundaries(realdata, tmp_path):
    acled, ocha = realdata(*ACLED), realdata(*OCHA)
    with acled.open(encoding="utf-8", newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["sub_event_type"] in TERRITORY
            and dt.datetime.strptime(r["event_date"], "%d %B %Y").year == 2019
        ]
    assert len(rows) > 100
    render(
        tmp_path,
        ("control_path", acled),
        ("boundaries_path", ocha),
        ("start_date", "2019-01-01"),
        ("end_date", "2019-12-31"),
    )
    stem = "territorial_control_2019-01-01_2019-12-31"
    flat = pdf_text(tmp_path / f"{stem}.pdf")
    assert "Territorial control: Syria" in flat and "1 January 2019 to 31 December 2019" in flat
    assert f"{places(rows, 'location', 'admin1'):,} places changed hands" in flat
    assert f"({len(rows):,} changes of control recorded in ACLED" in flat
    assert "OCHA COD-AB admin-1 boundaries" in flat
    assert "Shares of territory come with the bundled dataset only" in flat
    assert "ACLED codes territory changes" in flat
    html = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    found = figures(html)
    assert len(found) == 3  # map, timeline, front distance; no shares for ACLED
    assert all(alt.strip() and "Source:" in caption for alt, caption in found)


def test_a_period_without_data_says_so(tmp_path):
    render(tmp_path, ("start_date", "2024-01-01"), ("end_date", "2024-01-31"))
    stem = "territorial_control_2024-01-01_2024-01-31"
    flat = pdf_text(tmp_path / f"{stem}.pdf")
    assert "No data for Syria, 1 January 2024 to 31 January 2024" in flat
    assert "places changed hands" not in flat
    assert "ACLED codes territory" not in flat  # the method note of ACLED files only
    html = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    alts = [alt for alt, _ in figures(html)]
    assert len(alts) == 1 and alts[0].startswith("Stacked horizontal bars")  # shares, 2017-2020


def test_text_from_a_control_file_never_becomes_markup(tmp_path):
    hostile = tmp_path / "control.csv"
    with (
        CHANGES.open(encoding="utf-8", newline="") as src,
        hostile.open("w", encoding="utf-8", newline="") as dst,
    ):
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            if row["record_id"] == "control-010":
                row["place"] = "<b>x</b>"
                row["notes"] = "<script>alert('x')</script>"
                row["faction_gaining"] = "<i>SNA</i>"
            writer.writerow(row)
    render(tmp_path / "out", ("control_path", hostile), to="ipynb,html")
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "<b>x</b>" not in html and "<script>alert" not in html and "<i>SNA</i>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(" in html and "&lt;i&gt;SNA&lt;/i&gt;" in html
