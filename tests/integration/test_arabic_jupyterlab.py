"""The Arabic edition in JupyterLab: an analyst sets ``language = "ar"`` in a notebook's first
cell and runs all cells, as JupyterLab does (a real kernel, no papermill): every section is shown
in Arabic and right to left, with the numbers of the English run.

Run with nbclient, which is what JupyterLab's "Run All" amounts to for a notebook's outputs.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis import outputs
from tests.integration.reader import REPO

pytestmark = pytest.mark.slow

ARABIC = re.compile(r"[\u0600-\u06ff]")
RTL = '<div class="sitrep-edition" lang="ar" dir="rtl">'


def run_all(name: str, language: str, folder) -> nbformat.NotebookNode:
    """``notebooks/NAME.ipynb`` with its first cell's ``language`` line edited, every cell run."""
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
    first = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    edited = re.sub(r'(?m)^language = "en"', f'language = "{language}"', first.source)
    assert edited != first.source or language == "en"
    first.source = edited
    nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(REPO)}}
    ).execute()
    nbformat.write(nb, folder / f"{name}_{language}.ipynb")
    return nb


def section_outputs(nb) -> list[dict]:
    """The outputs that show a report's sections (the first of each carries its heading)."""
    return [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]


TYPED = ("key", "value", "unit", "low", "high", "qualifier")


def figures(nb) -> list:
    """The typed part of the figures the notebook records for a batch's front page (their
    labels and texts are in the edition's words)."""
    found = [
        o["data"][outputs.FIGURES]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if outputs.FIGURES in o.get("data", {})
    ]
    assert found, "the notebook recorded no figures"
    return [
        ([{k: f[k] for k in TYPED} for f in record["figures"]], record.get("levels"))
        for record in found
    ]


@pytest.fixture(scope="module", params=["situation_report"])  # every domain's sections
def editions(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"lab-{request.param}")
    return {lang: run_all(request.param, lang, folder) for lang in ("en", "ar")}


def test_every_section_is_shown_in_arabic_right_to_left(editions):
    arabic = editions["ar"]
    errors = [o for c in arabic.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    shown = section_outputs(arabic)
    assert shown, "no section was shown"
    for output in shown:
        html = output["data"]["text/html"]
        assert html.startswith(RTL), html[:200]
    headings = [
        o["metadata"][outputs.SECTION]["heading"]
        for o in shown
        if outputs.SECTION in o.get("metadata", {}) and "heading" in o["metadata"][outputs.SECTION]
    ]
    assert headings and all(ARABIC.search(h) for h in headings), headings
    english = section_outputs(editions["en"])
    assert not any(o["data"]["text/html"].startswith(RTL) for o in english)


def test_the_figures_of_both_editions_are_the_same(editions):
    assert figures(editions["ar"]) == figures(editions["en"])
