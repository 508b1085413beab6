"""The notebook as a workbench: a chart changed in a notebook cell appears changed in the
exported HTML and PDF, and the frames behind a section are the rows it was computed from.

``tests/fixtures/workbench.ipynb`` does what the README's JupyterLab section shows: it takes the
deaths section of a casualties report, recolours its bars, annotates the chart with the largest
event found in the section's frames, and shows the section. It runs through the real pipeline
(``sitrep render``: papermill, a kernel, nbconvert, Chromium) on a real UCDP GED file.
"""

from __future__ import annotations

import base64
import csv
import json
import re
from pathlib import Path

import pytest

from tests.conftest import REALDATA, _need
from tests.integration.reader import REPO, pdf_text, sitrep

FIXTURE = REPO / "tests" / "fixtures" / "workbench.ipynb"
START, END = "2019-01-01", "2019-03-31"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ged():
    return _need(REALDATA / "ucdp_ged_syria_2016_2019" / "ged_syria_652.1601.1911.csv")


@pytest.fixture(scope="module")
def rendered(ged, tmp_path_factory):
    out = tmp_path_factory.mktemp("workbench")
    done = sitrep(
        "render",
        str(FIXTURE),
        "-p",
        "casualties_path",
        str(ged),
        "-p",
        "start_date",
        START,
        "-p",
        "end_date",
        END,
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    return {kind: next(out.glob(f"workbench_*.{kind}")) for kind in ("html", "pdf", "ipynb")}


def largest_overlapping(path: Path) -> int:
    """The most deaths (best) of one event whose dates overlap the period, read with csv."""
    with path.open(newline="", encoding="utf-8") as handle:
        return max(
            int(row["best"])
            for row in csv.DictReader(handle)
            if row["date_start"][:10] <= END and row["date_end"][:10] >= START
        )


def svgs(html: str) -> list[str]:
    return [
        base64.b64decode(found).decode("utf-8")
        for found in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    ]


def test_a_chart_changed_in_the_notebook_is_changed_in_the_html_and_pdf(rendered, ged):
    label = f"Largest event: {largest_overlapping(ged)} deaths"
    drawn = [svg for svg in svgs(rendered["html"].read_text(encoding="utf-8")) if label in svg]
    assert len(drawn) == 1  # the annotated chart, once
    assert "#7a0177" in drawn[0]  # the bars recoloured
    assert label in " ".join(pdf_text(rendered["pdf"]).split())


def test_the_section_heading_is_shown_once(rendered):
    """JupyterLab shows the notebook's markdown heading, the export the section's title: the
    section's output holds no heading of its own, and the export one."""
    nb = json.loads(rendered["ipynb"].read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    shown = [o for o in outputs if "sitrep-section" in o.get("metadata", {})]
    assert len(shown) == 1
    assert "<h2" not in "".join(shown[0]["data"]["text/html"])
    title = re.sub(r"<[^>]+>", "", shown[0]["metadata"]["sitrep-section"]["heading"])
    html = rendered["html"].read_text(encoding="utf-8")
    headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]
    assert headings.count(title) == 1
    assert "Deaths" not in headings  # the markdown heading is the notebook's, not the report's
