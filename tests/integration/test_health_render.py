"""The casualties report with ``health_attacks_path``, through the real pipeline: what a reader
sees in the PDF and HTML, with the numbers checked against csv-module sums of the raw file."""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from analysis.sections import health
from tests.conftest import REALDATA, _need
from tests.integration.reader import REPO, figures, pdf_outline, sitrep, unmarked_pdf_text
from tests.said import read

NOTEBOOK = REPO / "notebooks" / "casualties.ipynb"
FILE = ("shcc_health_attacks_syria_2018_2022", "2019-shcc-incident-data_syria.csv")

pytestmark = pytest.mark.slow


def report_file(folder, stem, kind):
    """The report ``stem`` made from a data file (its name ends with the file's slug and hash)."""
    (found,) = Path(folder).glob(f"{stem}_*.{kind}")
    return found


def raw_totals(path):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Country"] == "Syria"]

    def total(name):
        column = next(c for c in rows[0] if c.strip() == name)
        return sum(int(float(r[column])) for r in rows if r[column].strip())

    busiest = Counter(r["Attack date"] for r in rows).most_common(1)[0]
    return {
        "incidents": len(rows),
        "killed": total("Total health worker killed"),
        "injured": total("Total health worker injured"),
        "kidnapped": total("Total health worker kidnapped"),
        "arrested": total("Total health worker arrested"),
        "busiest": busiest,
    }


@pytest.fixture(scope="module")
def health_report(tmp_path_factory):
    path = _need(REALDATA.joinpath(*FILE))  # skipped when absent, a failure under CI
    out = tmp_path_factory.mktemp("health")
    done = sitrep(
        "render",
        NOTEBOOK,
        "-p",
        "start_date",
        "2019-01-01",
        "-p",
        "end_date",
        "2019-12-31",
        "-p",
        "health_attacks_path",
        path,
        "--out",
        out,
    )
    assert done.returncode == 0, done.stderr
    stem = "casualties_2019-01-01_2019-12-31"
    made = {k: report_file(out, stem, k) for k in ("html", "pdf")}
    return {"raw": raw_totals(path), "path": path, **made}


def test_pdf_states_the_raw_file_totals(health_report):
    raw = health_report["raw"]
    flat = unmarked_pdf_text(health_report["pdf"])
    assert "Attacks on health care" in pdf_outline(health_report["pdf"])
    said = read(health_report["html"].read_text(encoding="utf-8"))
    summary = said.sentence("health_summary")
    assert summary.values == {
        "health_incidents": raw["incidents"],
        "health_workers_killed": raw["killed"],
        "health_workers_injured": raw["injured"],
        "health_workers_kidnapped": raw["kidnapped"],
        "health_workers_arrested": raw["arrested"],
    }
    assert "Syria" in summary.text and "1 January to 31 December 2019" in summary.text
    month, count = raw["busiest"]
    assert f"was May 2019 ({count} incidents)" in flat and month == "2019-05"
    # the publisher's caveat and the licence and attribution
    assert "neither complete nor representative" in flat
    assert "CC BY-SA" in flat
    assert "Safeguarding Health in Conflict Coalition" in flat
    # the section sits after the deaths and before the comparison; its sources and method (the
    # licence, the file) are under the report's own Sources and method
    assert flat.index("Reported death tolls") < flat.index("Attacks on health care per month")
    sources = flat.rindex("Sources and method")
    assert flat.index("Attacks on health care per month") < sources < flat.index("CC BY-SA")


def test_charts_are_monthly_by_governorate_with_their_source(health_report):
    html = health_report["html"].read_text(encoding="utf-8")
    found = figures(html)
    captions = [caption for _, caption in found]
    assert any("per month" in c and "by governorate" in c for c in captions)
    assert any("killed, injured, kidnapped and arrested" in c for c in captions)
    flat = unmarked_pdf_text(health_report["pdf"])
    # each chart's footnote names the source by what it holds (never its file, named once in the
    # sources and method) and the date of the latest incident shown
    report = health.load(
        health_attacks_path=str(health_report["path"]),
        start_date="2019-01-01",
        end_date="2019-12-31",
    )
    assert report.source.endswith("30 December 2019")  # named by what it holds, to its date
    assert flat.count(f"Source: {report.source}.") == 2
    words = re.sub(r"<[^>]+>", " ", html)
    assert words.count("2019-shcc-incident-data_syria.csv") == 1  # in the sources, once
    assert re.search(r"Idleb.*Hama.*Aleppo", flat)  # the legend, most incidents first


def test_without_the_file_the_section_is_left_out_and_the_operator_advised(tmp_path):
    done = sitrep(
        "render",
        NOTEBOOK,
        "-p",
        "start_date",
        "2024-12-01",
        "-p",
        "end_date",
        "2024-12-08",
        "--out",
        tmp_path,
        "--to",
        "html",
    )
    assert done.returncode == 0, done.stderr
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert "Attacks on health care" not in html  # no heading, no note: nothing was asked for
    assert "health_attacks_path" not in html
    notes = [line for line in done.stderr.splitlines() if line.startswith("sitrep: note: ")]
    assert any("set health_attacks_path to an Insecurity Insight / SHCC" in n for n in notes)
