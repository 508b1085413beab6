"""The casualties report through the real pipeline: papermill, a real kernel, nbconvert and
headless Chromium. Assertions are on what a reader sees: the PDF's text and the HTML."""

import csv
import re
import subprocess
from pathlib import Path

import pytest

from tests.integration.reader import REPO, figures, repeated_headings, sitrep, unmarked_pdf_text
from tests.said import numbers_in, read, words

NOTEBOOK = REPO / "notebooks" / "casualties.ipynb"
FACTS_TOLLS = REPO / "data" / "offensive_2024" / "casualty_tolls.csv"

pytestmark = pytest.mark.slow


def report_file(folder, stem, kind):
    """The report ``stem`` made from a data file (its name ends with the file's slug and hash)."""
    (found,) = Path(folder).glob(f"{stem}_*.{kind}")
    return found


@pytest.fixture(scope="module")
def default_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    done = sitrep("render", NOTEBOOK, "--out", out)
    assert done.returncode == 0, done.stderr
    stem = "casualties_2024-11-27_2024-12-31"
    return {kind: out / f"{stem}.{kind}" for kind in ("ipynb", "html", "pdf")}


def final_sohr_toll():
    """The last SOHR whole-offensive toll, read from the bundled CSV with the csv module."""
    with FACTS_TOLLS.open(encoding="utf-8", newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["organisation"] == "SOHR" and r["series"] == "offensive" and r["deaths_total"]
        ]
    last = max(rows, key=lambda r: (r["as_of_date"], r["report_date"]))
    return last


def test_pdf_shows_the_final_sohr_toll(default_report):
    last = final_sohr_toll()
    assert last["deaths_total"] == "910"  # the bundled data's final SOHR toll (8 Dec 2024)
    flat = unmarked_pdf_text(default_report["pdf"])
    assert "Casualties: Syria" in flat
    assert f"SOHR: {last['qualifier']} {last['deaths_total']} people killed" in flat
    assert f"{last['deaths_rebels']} rebel fighters" in flat
    assert f"{last['deaths_civilians']} civilians" in flat
    assert re.search(r"Page 1 of \d+", flat)
    assert "Sources and method" in flat


def test_each_heading_is_shown_once_in_jupyterlab(default_report):
    """The notebook's markdown headings are its outline; the sections under them do not show
    their titles again (the export shows them instead)."""
    assert repeated_headings(default_report["ipynb"]) == []


def test_html_is_self_contained_with_sourced_figures(default_report):
    html = default_report["html"].read_text(encoding="utf-8")
    found = figures(html)
    assert len(found) == html.count("<figure") >= 1
    # each chart states its source once, in its footnote; captions describe what is drawn
    assert all(
        alt.strip() and caption.strip() and "Source:" not in caption for alt, caption in found
    )
    assert not re.search(r'(src|href)="(https?:)?//[^"]*"[^>]*>\s*</script>', html)
    assert "<script src" not in html
    assert "cdnjs" not in html and "mathjax" not in html.lower()
    assert "IPython.core.display" not in html
    assert "injected-parameters" not in html and "casualties_path =" not in html
    contents = re.search(r'<nav class="sitrep-toc".*?</nav>', html, re.DOTALL)
    assert contents and contents.group(0).count('href="#') >= 3
    for anchor in re.findall(r'href="#([^"]+)"', contents.group(0)):
        assert f'id="{anchor}"' in html
    assert "jp-InputArea-editor" not in html.split("</style>")[-1]  # code hidden
    assert "from analysis.sections" not in html


def test_event_file_gives_daily_deaths_for_one_governorate(realdata, tmp_path):
    path = realdata("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        aleppo = [r for r in csv.DictReader(handle) if r["adm_1"] == "Aleppo Governorate"]
    # an event counts when its whole span (date_start..date_end) lies in the period
    rows = [r for r in aleppo if r["date_start"] >= "2017-01-01" and r["date_end"] <= "2017-01-31"]
    crossing = [
        r
        for r in aleppo
        if r["date_start"] <= "2017-01-31" and r["date_end"] >= "2017-01-01" and r not in rows
    ]
    best = sum(int(r["best"]) for r in rows)
    low = sum(int(r["low"]) for r in rows)
    high = sum(int(r["high"]) for r in rows)
    civilians = sum(int(r["deaths_civilians"]) for r in rows)
    done = sitrep(
        "render",
        NOTEBOOK,
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
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    flat = unmarked_pdf_text(
        report_file(tmp_path, "casualties_aleppo_2017-01-01_2017-01-31", "pdf")
    )
    assert "Casualties: Aleppo governorate (SY02)" in flat
    html_path = report_file(tmp_path, "casualties_aleppo_2017-01-01_2017-01-31", "html")
    said = read(html_path.read_text(encoding="utf-8"))
    total = said.sentence("casualties_events_total")
    assert total.values == {"events": len(rows), "deaths": best, "civilian_deaths": civilians}
    assert {low, high} <= set(numbers_in(total.text))  # UCDP's range, beside the best estimate
    assert {s.value for s in said.stated("deaths")} == {best}
    assert [best, low, high] in [s.numbers for s in said.stated("deaths")]  # the box: a range
    crossed = {"events": len(crossing), "deaths": sum(int(r["best"]) for r in crossing)}
    assert "crossing" in said.kinds("deaths")  # left out, said beside the number
    assert words("disclosure_crossing", items=[{**crossed, "unit": "events", "area": None}]) in {
        n.text for n in said.noted("crossing")
    }
    # a report on an event file says nothing about the bundled 2024 tolls
    assert "reported toll" not in flat.lower() and "2024" not in flat
    html = report_file(tmp_path, "casualties_aleppo_2017-01-01_2017-01-31", "html").read_text(
        encoding="utf-8"
    )
    assert html.count("<figure") == 3  # deaths per day, by type, by side; no map for one place
    assert "UCDP Georeferenced Event Dataset" in html


def test_text_from_data_files_never_becomes_markup(tmp_path):
    hostile = tmp_path / "tolls.csv"
    with (
        FACTS_TOLLS.open(encoding="utf-8", newline="") as src,
        hostile.open("w", encoding="utf-8", newline="") as dst,
    ):
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            if row["record_id"] == "tolls-015":
                row["organisation"] = "<script>alert('x')</script>"
                row["scope"] = "<img src=x onerror=alert(1)>"
            writer.writerow(row)
    done = sitrep(
        "render",
        NOTEBOOK,
        "-p",
        "casualties_path",
        hostile,
        "--to",
        "html",
        "--out",
        tmp_path / "out",
    )
    assert done.returncode == 0, done.stderr
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;img src=x onerror" in html


def test_failed_run_keeps_the_earlier_report(tmp_path):
    out = tmp_path / "out"
    assert sitrep("render", NOTEBOOK, "--to", "ipynb,html", "--out", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = tmp_path / "ged.csv"
    broken.write_text(
        "id,date_start,date_end,adm_1,where_coordinates,latitude,longitude,type_of_violence,"
        "side_a,side_b,deaths_a,deaths_b,deaths_civilians,deaths_unknown,low,best,high,"
        "source_original\n1,2024-11-28,2024-11-28,Aleppo Governorate,x,36,37,1,a,b,1,1,0,0,"
        "2,lots,3,SOHR\n",
        encoding="utf-8",
    )
    done = sitrep(
        "render",
        NOTEBOOK,
        "-p",
        "casualties_path",
        broken,
        "--to",
        "ipynb,html",
        "--out",
        out,
    )
    # A broken data file is refused before any kernel starts (issue 9): exit 2, nothing touched.
    assert done.returncode == 2
    assert "parameter 'casualties_path'" in done.stderr
    assert "column 'best' must hold numbers" in done.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # A run that fails inside the kernel still never replaces a good report.
    fixture = NOTEBOOK.parents[1] / "tests" / "fixtures" / "fault_fixture.ipynb"
    assert sitrep("render", fixture, "--to", "ipynb,html", "--out", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    done = sitrep("render", fixture, "-p", "mode", "raise", "--to", "ipynb,html", "--out", out)
    assert done.returncode == 1
    assert "requested failure" in done.stderr
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.endswith(".failed.ipynb")}
    assert after == before  # nothing replaced, nothing half-written
    assert (out / "fault_fixture.failed.ipynb").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging left


def test_bad_parameters_fail_before_any_kernel_starts(tmp_path):
    done = sitrep("render", NOTEBOOK, "-p", "governerate", "Hama", "--out", tmp_path)
    assert done.returncode == 2
    assert "Did you mean 'governorate'?" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_browser_is_named_before_the_kernel_starts(tmp_path):
    import os

    env = {**os.environ, "SITREP_BROWSER": str(tmp_path / "no-chromium")}
    done = sitrep("render", NOTEBOOK, "--out", tmp_path / "out", env=env)
    assert done.returncode == 1
    assert "SITREP_BROWSER" in done.stderr and "chromium" in done.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_html_loads_in_a_headless_browser(default_report, tmp_path):
    """Chromium opens the report offline and its DOM holds every figure and the contents."""
    from analysis.report.export import find_browser

    done = subprocess.run(
        [
            find_browser(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            default_report["html"].as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    source = default_report["html"].read_text(encoding="utf-8")
    assert dom.count("<figure") == source.count("<figure") >= 1
    assert "sitrep-toc" in dom and "at least 910" in dom
