"""notebooks/explore.ipynb in a real kernel: run by papermill as it stands (the pickers show
their defaults, the outputs the defaults' figures), with one parameter changed, and rendered by
``sitrep render`` to HTML and PDF on the real UCDP file, whose counts and change levels are
checked against the raw CSV (tests/unit/test_trends_realdata.py's helpers)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from analysis.report.figures import read_figures
from analysis.sections import casualties, explore, trends
from analysis.sections.text import term
from tests.integration.reader import REPO, sitrep, unmarked_pdf_text
from tests.integration.test_render_casualties import final_sohr_toll
from tests.unit.test_trends_realdata import FLARE_UCDP, UCDP, counts, level, raw_ucdp

NOTEBOOK = REPO / "notebooks" / "explore.ipynb"
DEFAULTS = {"start_date": "2024-11-27", "end_date": "2024-12-31"}
WIDGETS = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"

pytestmark = pytest.mark.slow


def execute(folder: Path, **parameters) -> dict:
    papermill = pytest.importorskip("papermill")
    out = folder / "explore.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(REPO),
    )
    return json.loads(out.read_text(encoding="utf-8")) | {"path": out}


def explorer_outputs(nb: dict) -> list[dict]:
    (cell,) = [c for c in nb["cells"] if c.get("id") == "explore"]
    return cell["outputs"]


def pickers(nb: dict) -> dict[str, str]:
    """What each picker shows, by its description, from the widgets' state papermill kept:
    a dropdown's label, a date picker's ISO date."""
    states = [w["state"] for w in nb["metadata"]["widgets"][WIDGETS]["state"].values()]
    shown = {}
    for state in states:
        name = state.get("description")
        if state.get("_model_name") == "DropdownModel":
            shown[name] = state["_options_labels"][state["index"]].replace("\xa0", " ")
        elif state.get("_model_name") == "DatePickerModel" and state.get("value"):
            value = state["value"]  # months counted from 0, as in JavaScript
            shown[name] = dt.date(value["year"], value["month"] + 1, value["date"]).isoformat()
    return shown


@pytest.fixture(scope="module")
def defaults(tmp_path_factory):
    return execute(tmp_path_factory.mktemp("explore-defaults"))


def test_as_it_stands_the_pickers_show_their_defaults(defaults):
    shown = pickers(defaults)
    labels = dict(explore.choices(explore.domains_for("bundled")))
    assert shown == {
        explore.LABELS["data"]: explore.LABELS["bundled"],
        explore.LABELS["governorate"]: explore.LABELS["all"],
        explore.LABELS["start"]: DEFAULTS["start_date"],
        explore.LABELS["end"]: DEFAULTS["end_date"],
        explore.LABELS["preset"]: explore.LABELS["custom"],
        explore.LABELS["section"]: next(k for k, v in labels.items() if v == "casualties.deaths"),
    }
    kinds = [list(o.get("data", {})) for o in explorer_outputs(defaults)]
    assert VIEW in kinds[0]  # the pickers, then the report and the advice, updated in place


def test_as_it_stands_the_outputs_hold_the_default_key_figures(defaults):
    outputs = explorer_outputs(defaults)
    html = outputs[1]["data"]["text/html"]
    html = html if isinstance(html, str) else "".join(html)
    last = final_sohr_toll()  # from the bundled CSV, with the csv module
    report = casualties.load(casualties_path="bundled", governorate="all", **DEFAULTS)
    expected = casualties.headlines(report)
    deaths = next(r for r in expected if r.key == "deaths")
    assert deaths.value == int(last["deaths_total"])
    for result in expected:
        assert result.text in html
    assert "<figure" in html  # the deaths section's charts, drawn
    front = read_figures(defaults["path"])
    assert {k: v["value"] for k, v in front.items() if k != "extra"} == {
        r.key: r.value for r in expected
    }


def test_with_one_parameter_changed(tmp_path):
    nb = execute(tmp_path, governorate="Hama")
    assert pickers(nb)[explore.LABELS["governorate"]] == "Hama"
    html = explorer_outputs(nb)[1]["data"]["text/html"]
    html = html if isinstance(html, str) else "".join(html)
    report = casualties.load(casualties_path="bundled", governorate="Hama", **DEFAULTS)
    assert report.scope.where in html
    for result in casualties.headlines(report):
        assert result.text in html


def test_rendered_to_html_and_pdf_on_an_event_file(realdata, tmp_path):
    path = str(realdata(*UCDP))
    area, start, end = FLARE_UCDP
    done = sitrep(
        "render",
        NOTEBOOK,
        "-p",
        "data_path",
        path,
        "-p",
        "governorate",
        area,
        "-p",
        "start_date",
        start,
        "-p",
        "end_date",
        end,
        "-p",
        "section",
        "trends.governorates",
        "--out",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    (pdf,) = tmp_path.glob("explore_*.pdf")
    (html,) = tmp_path.glob("explore_*.html")
    text = unmarked_pdf_text(pdf)

    rows = [r for r in raw_ucdp(path) if r[2] == area]
    a, b = (dt.date.fromisoformat(d).toordinal() for d in (start, end))
    events, deaths, _ = counts(rows, a, b)
    references = [
        sum(counts(rows, a - 7 * j, b - 7 * j)[i] for j in range(1, 5)) / 4 for i in (0, 1)
    ]
    codes = [level(events, references[0])[0], level(deaths, references[1])[0]]
    levels = [term("change_level", level=code) for code in codes]  # as a reader sees them
    report = trends.load(casualties_path=path, governorate=area, start_date=start, end_date=end)
    stated = {r.key: r for r in trends.headlines(report)}
    assert (stated["events"].value, stated["deaths"].value) == (events, deaths)
    for result in stated.values():
        assert result.text in text
    assert trends.SECTIONS["governorates"](report).title in text  # the section picked
    table = text[text.index(explore.LABELS["levels"]) :]
    assert f"{explore.LABELS['change_level']} {levels[0]}" in table
    assert f"{explore.LABELS['deaths_change_level']} {levels[1]}" in table
    page = html.read_text(encoding="utf-8")
    assert "data_path =" not in page and "from analysis.sections" not in page
    checked = sitrep("check", html, pdf)
    assert checked.returncode == 0, checked.stdout + checked.stderr
