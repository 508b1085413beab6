"""Key figures from a notebook to a batch: emitted (sections.figures), kept in the executed
notebook (IPython's formatter, nbformat), read back (report.figures), left out of the HTML."""

import json

import nbformat
import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis.metrics.results import Message, Period, Result
from analysis.report import figures as report_figures
from analysis.sections import figures as section_figures
from analysis.sections.text import label

MIME = "application/vnd.sitrep.figures+json"

DEATHS = Result(
    key="deaths",
    label=Message.of("deaths_recorded", kinds=()),
    value=np.int64(1234),
    unit="deaths",
    source="ACLED",
    qualifier="at least",
    low=np.float64(1000.0),
    high=1500,
    period=Period.of("2024-12-01", "2024-12-07"),
)
EVENTS = Result(
    key="events",
    label=Message.of("events_recorded", kinds=()),
    value=float("nan"),
    unit="events",
    source="x",
)


def test_both_layers_name_one_mime_type():
    assert section_figures.MIME == report_figures.MIME == MIME


def test_bundle_holds_plain_json_and_one_readable_line():
    shown = section_figures.batch_figures(
        [DEATHS, None, EVENTS], change_level="large increase", alert=None, share=np.float64(2.5)
    )
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {MIME, "text/plain"}
    payload = bundle[MIME]
    json.dumps(payload, allow_nan=False)  # plain JSON: no NumPy types, no NaN
    assert payload["figures"] == [
        {
            "key": "deaths",
            "label": "Deaths in recorded events",
            "value": 1234,
            "text": "at least 1,234 (1,000–1,500)",
            "unit": "deaths",
            "low": 1000,
            "high": 1500,
            "qualifier": "at least",
        },
        {
            "key": "events",
            "label": "Recorded events",
            "value": None,
            "text": "–",
            "unit": "events",
            "low": None,
            "high": None,
            "qualifier": None,
        },
    ]
    assert payload["extra"] == {"change_level": "large increase", "alert": None, "share": 2.5}
    line = bundle["text/plain"]
    assert "\n" not in line and line.startswith("Key figures for the batch:")
    assert f"{label(DEATHS)} at least 1,234" in line and "change level: large" in line


def test_ipython_keeps_the_custom_mime_type_in_the_display_data():
    data, _ = DisplayFormatter().format(section_figures.batch_figures([DEATHS], alert="level 1"))
    assert data[MIME]["extra"] == {"alert": "level 1"}
    assert data["text/plain"].startswith("Key figures")


def _notebook(tmp_path, *outputs_per_cell):
    nb = new_notebook(cells=[new_code_cell("x", outputs=list(o)) for o in outputs_per_cell])
    path = tmp_path / "run.ipynb"
    nbformat.write(nb, path)
    return path


def test_read_figures_flattens_and_merges_in_cell_order(tmp_path):
    first = section_figures.batch_figures([DEATHS, EVENTS], change_level="limited change")
    later = section_figures.batch_figures(
        [
            Result(
                key="events",
                label=Message.of("as_published", name="Events"),
                value=7,
                unit="events",
                source="x",
            )
        ],
        alert="level 2",
    )
    path = _notebook(
        tmp_path,
        [new_output("stream", name="stdout", text="hello\n")],
        [new_output("display_data", data=first._repr_mimebundle_())],
        [
            new_output("display_data", data={"text/html": "<p>a table</p>"}),
            new_output("display_data", data=later._repr_mimebundle_()),
        ],
    )
    found = report_figures.read_figures(path)
    assert list(found) == ["deaths", "events", "extra"]
    assert found["deaths"] == {
        "label": "Deaths in recorded events",
        "value": 1234,
        "text": "at least 1,234 (1,000–1,500)",
        "unit": "deaths",
        "low": 1000,
        "high": 1500,
        "qualifier": "at least",
    }
    assert found["events"]["value"] == 7 and found["events"]["label"] == "Events"
    assert found["extra"] == {"change_level": "limited change", "alert": "level 2"}


@pytest.mark.parametrize(
    "content",
    ["", "{not json", "[1, 2]", '{"cells": "x"}', '{"cells": [1, {"cell_type": "code"}]}'],
)
def test_read_figures_of_a_notebook_that_cannot_be_read_is_empty(tmp_path, content):
    path = tmp_path / "bad.ipynb"
    path.write_text(content, encoding="utf-8")
    assert report_figures.read_figures(path) == {}
    assert report_figures.read_figures(tmp_path / "missing.ipynb") == {}


def test_read_figures_keeps_only_numbers_as_values():
    payload = {
        "figures": [
            {"key": "a", "label": "A", "value": "12", "text": "12", "low": True},
            {"key": "extra", "label": "clash", "value": 1},
            {"label": "no key", "value": 1},
        ],
        "extra": {"area": "<b>Hama</b>", "n": 3},
    }
    found = report_figures.flatten([payload])
    assert found["a"]["value"] is None and found["a"]["low"] is None
    assert found["extra"] == {"area": "<b>Hama</b>", "n": 3}
    assert set(found) == {"a", "extra"}


def test_html_export_leaves_the_figures_out(tmp_path):
    from analysis.report.export import to_html

    shown = section_figures.batch_figures([DEATHS], change_level="large increase")
    nb = new_notebook(
        cells=[
            new_code_cell(
                "x",
                outputs=[
                    new_output("display_data", data={"text/html": "<p>Visible paragraph</p>"}),
                    new_output("display_data", data=shown._repr_mimebundle_()),
                ],
            )
        ]
    )
    page = to_html(nb, "Title")
    assert "Visible paragraph" in page
    assert "Key figures for the batch" not in page
    assert "1,234" not in page and "sitrep.figures" not in page
