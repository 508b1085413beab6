"""Advice for the operator (what to give or change to get a fuller report) is shown to the
person running the report and never reaches its readers: not in the HTML, not in the PDF;
`sitrep render` prints it on stderr and `sitrep batch` keeps it in the manifest."""

import json
from pathlib import Path

import pytest

from tests.integration.reader import pdf_text, sitrep
from tests.integration.test_signals import FIXTURE, batch_file, manifest

pytestmark = pytest.mark.slow


def test_render_prints_advice_on_stderr_and_never_in_the_report(tmp_path):
    out = tmp_path / "out"
    done = sitrep("render", FIXTURE, "-p", "mode", "advise", "-p", "label", "Homs", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "sitrep: note: advice for Homs" in done.stderr.splitlines()
    html = (out / "fault_fixture.html").read_text(encoding="utf-8")
    assert "Label: Homs" in html  # the report itself is there
    assert "advice for Homs" not in html
    assert "advice for Homs" not in pdf_text(out / "fault_fixture.pdf")
    executed = json.loads((out / "fault_fixture.ipynb").read_text(encoding="utf-8"))
    shown = [
        "".join(output["data"]["text/html"])
        for cell in executed["cells"]
        for output in cell.get("outputs", [])
        if "application/vnd.sitrep.advice+json" in output.get("data", {})
    ]
    assert len(shown) == 1 and "not in the published report" in shown[0]  # JupyterLab's view


def test_a_batch_keeps_each_runs_advice_in_its_manifest(tmp_path):
    runs = [{"label": "a", "mode": "advise"}, {"label": "b"}]
    path, out = batch_file(tmp_path, runs, formats="[html]"), tmp_path / "out"
    done = sitrep("batch", path, "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr
    entries = manifest(out)
    advised = next(e for e in entries.values() if e["parameters"]["label"] == "a")
    plain = next(e for e in entries.values() if e["parameters"]["label"] == "b")
    assert advised["advice"] == ["advice for a"] and "advice" not in plain
    for entry in entries.values():
        html = Path(entry["outputs"]["html"]["path"]).read_text(encoding="utf-8")
        assert "advice for" not in html
