"""Sections as objects: what a notebook author can reach and change, and how they are shown."""

from __future__ import annotations

import base64
import re

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis import outputs
from analysis.report.export import _section_headings
from analysis.sections.advice import Advice
from analysis.sections.blocks import Joined, figure, heading, note, paragraph, table
from analysis.sections.section import Section


def _chart(values=(1, 2, 3)):
    fig, ax = plt.subplots()
    ax.bar(range(len(values)), values)
    return fig


def _svg(markup: str) -> str:
    (data,) = re.findall(r"base64,([^\"]+)\"", markup)
    return base64.b64decode(data).decode("utf-8")


def _made():
    frame = pd.DataFrame({"deaths": [1, 2, 3]})
    return Section.of(
        "test.deaths",
        [
            heading("Deaths"),
            paragraph("**{n}** deaths.", n=6),
            figure(_chart(), "A bar chart", name="bars"),
            heading("By place", level=3),
            table(frame),
            heading("Second part"),
            note("A note."),
        ],
        frames={"rows": frame},
    )


def test_a_section_is_a_tree_with_its_title_blocks_parts_figures_and_frames():
    made = _made()
    assert made.title == "Deaths"
    assert [c.title for c in made.children] == ["Second part"]
    assert list(made.figures) == ["bars"]
    assert list(made.frames) == ["rows"]
    assert [b.kind for b in made.tables] == ["table"]
    assert [repr(b) for b in made.notes] == ["A note."]
    # as a list of blocks, in reading order, its title's heading first
    assert [b.kind for b in made] == [
        "heading",
        "paragraph",
        "figure",
        "heading",
        "table",
        "heading",
        "note",
    ]


def test_a_figure_changed_after_the_section_was_made_is_shown_changed():
    made = _made()
    first = _svg(made.html())
    ax = made.figures["bars"].axes[0]
    ax.annotate("an analyst's note", xy=(0, 0))
    for bar in ax.patches:
        bar.set_facecolor("#7a0177")
    second = _svg(made.html())
    assert "an analyst's note" not in first and "an analyst's note" in second
    assert "#7a0177" in second
    assert made.figure_blocks[0].axes[0].drawn
    assert made.html() == made.html()  # unchanged: drawn once, kept


def test_a_made_figure_is_not_left_in_pyplot():
    before = len(plt.get_fignums())
    figure(_chart(), "A bar chart")
    assert len(plt.get_fignums()) == before


def test_a_joined_block_draws_its_figure_when_shown():
    fig = _chart()
    made = Joined("<div>", figure(fig, "A bar chart"), "</div>")
    fig.axes[0].set_title("changed later")
    assert "changed later" in _svg(made.data)
    assert made.kind == "figure" and len(made.figure_blocks) == 1


def test_jupyterlab_shows_it_without_its_title_which_travels_in_the_metadata():
    made = _made()
    markup, metadata = made._repr_html_()
    assert "<h2" in markup  # the part under it keeps its heading
    assert "Deaths</h2>" not in markup
    found = metadata[outputs.SECTION]
    assert found["key"] == "test.deaths"
    assert "Deaths</h2>" in found["heading"]


def test_an_empty_section_shows_nothing_but_its_advice(capsys):
    made = Section.of("test.empty", [heading("Nothing"), Advice("give a file")])
    assert made.empty
    assert made._repr_html_() is None
    assert [repr(b) for b in made.advice] == [repr(Advice("give a file"))]


def test_adding_a_section_puts_its_blocks_under_the_last_part():
    made = _made() + Section.of("test.more", [heading("More", level=3), note("More.")])
    assert [c.title for c in made.children] == ["Second part"]
    assert [repr(b) for b in made.children[0].own][-1] == "More."


def test_the_export_puts_each_sections_heading_before_it():
    made = _made()
    markup, metadata = made._repr_html_()
    nb = new_notebook()
    out = new_output("display_data", data={"text/html": markup}, metadata=metadata)
    plain = new_output("display_data", data={"text/html": "<p>x</p>"})
    nb.cells = [new_code_cell("", outputs=[out, plain])]
    nb = nbformat.from_dict(nb)
    _section_headings(nb, {})
    html = nb.cells[0].outputs[0].data["text/html"]
    assert html.startswith('<h2 id="deaths">Deaths</h2>')
    assert html.count("Deaths</h2>") == 1
    assert nb.cells[0].outputs[1].data["text/html"] == "<p>x</p>"


@pytest.mark.parametrize("kind", ["figure"])
def test_a_figure_block_has_a_name_from_its_alt_text_when_not_given(kind):
    made = figure(_chart(), "Map of Syria with governorate boundaries")
    assert made.name == "map-of-syria-with"


def test_the_readmes_jupyterlab_example_is_the_cell_the_workbench_test_runs():
    """The README's example is ``tests/fixtures/workbench.ipynb``'s cell, which
    ``tests/integration/test_workbench.py`` renders through the real pipeline."""
    import json
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    readme = (repo / "README.md").read_text(encoding="utf-8")
    lab = readme.split("## In JupyterLab", 1)[1].split("\n## ", 1)[0]
    (example,) = re.findall(r"```python\n(.*?)```", lab, re.DOTALL)
    cells = json.loads((repo / "tests" / "fixtures" / "workbench.ipynb").read_text())["cells"]
    assert example.strip() in ["".join(c["source"]).strip() for c in cells]


def test_in_a_notebook_each_block_is_an_output_the_first_with_the_title(monkeypatch):
    """One output per block (each kept whole on a page, as before sections were objects), the
    first carrying the section's title for the export; advice after, in its own outputs."""
    import IPython.display

    published = []
    monkeypatch.setattr(
        IPython.display,
        "display",
        lambda *objs, **kw: published.extend((o, kw.get("metadata")) for o in objs),
    )
    made = _made()
    made.own.append(Advice("give a file"))
    made._ipython_display_()
    bundles = [o for o, _ in published if isinstance(o, dict)]
    assert len(bundles) == len(made.shown(title=False)) == 6
    assert "Deaths</h2>" in published[0][1][outputs.SECTION]["heading"]
    assert all(not meta for _, meta in published[1 : len(bundles)])
    assert isinstance(published[-1][0], Advice)


def test_jupyterlab_shows_an_arabic_section_right_to_left_and_an_english_one_as_it_is():
    from analysis import i18n

    english, _ = _made()._repr_html_()
    with i18n.editing("ar"):
        arabic, _ = _made()._repr_html_()
        block = paragraph("x")._repr_html_()
    assert not english.startswith("<div")
    opening = '<div class="sitrep-edition" lang="ar" dir="rtl">'
    for markup in (arabic, block):
        assert markup.startswith(opening) and markup.endswith("</div>")
