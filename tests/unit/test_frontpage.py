"""The batch's front page and overview.csv from manifest entries: columns, escaping, values."""

import csv
import html
import io
import json
import re
from html.parser import HTMLParser
from importlib import resources

from analysis.metrics.trends import LEVELS
from analysis.report import frontpage
from analysis.sections.text import term
from analysis.sections.trends.words import level_chip


def entry(run_id, status="ok", *, parameters=None, figures=None, error=None, outputs=True):
    found = {"id": run_id, "status": status, "parameters": parameters or {}}
    if figures is not None:
        found["figures"] = figures
    if error is not None:
        found["error"] = error
    if outputs:
        found["outputs"] = {
            kind: {"path": f"/somewhere/out/{run_id}.{kind}", "bytes": 1, "sha256": "x"}
            for kind in ("html", "pdf")
        }
    return found


def figure(value, text, label="Deaths", low=None, high=None):
    return {"label": label, "value": value, "text": text, "unit": "deaths", "low": low,
            "high": high, "qualifier": None}  # fmt: skip


RUNS = [
    entry(
        "hama-w1",
        parameters={"governorate": "Hama", "start_date": "2024-12-02", "path": "/d/a.csv"},
        figures={
            "deaths": figure(1200, "1,200", low=1000, high=1500),
            "events": figure(7, "7", label="Events"),
            "extra": {"change_level": "large increase", "alert": "level 1"},
        },
    ),
    entry(
        "idlib-w1",
        status="skipped",
        parameters={"governorate": "Idlib", "start_date": "2024-12-02", "path": "/d/a.csv"},
        figures={"deaths": figure(3, "at least 3"), "extra": {"change_level": "limited change"}},
    ),
    entry(
        "evil",
        status="failed",
        parameters={
            "governorate": "<script>alert(1)</script>",
            "start_date": '=HYPERLINK("http://x")',
            "path": "/d/a.csv",
        },
        error="ValueError: </td><script>alert(2)</script>",
        outputs=False,
    ),
    entry(
        "later",
        status="not run",
        parameters={"governorate": "Homs", "path": "/d/a.csv"},
        outputs=False,
    ),
]


class Table(HTMLParser):
    """Header texts and, per body row, its attributes and each cell's text and data-v."""

    def __init__(self):
        super().__init__()
        self.heads, self.rows, self.scripts = [], [], []
        self._cell = self._row = self._script = None
        self._in = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-status" in attrs:
            self._row = {"attrs": attrs, "cells": []}
            self.rows.append(self._row)
        elif tag in ("td", "th"):
            self._cell = {"text": "", "v": attrs.get("data-v"), "tag": tag}
        elif tag == "script":
            self._script = {"attrs": attrs, "text": ""}
            self.scripts.append(self._script)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            if self._cell["tag"] == "th":
                self.heads.append(self._cell["text"])
            elif self._row is not None:
                self._row["cells"].append(self._cell)
            self._cell = None
        elif tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data
        if self._script is not None:
            self._script["text"] += data


def parse(page):
    table = Table()
    table.feed(page)
    return table


def test_columns_are_the_varying_parameters_then_figures_then_extras():
    columns, shared = frontpage.layout(RUNS)
    assert [c.key for c in columns] == [
        "id", "status", "governorate", "start_date", "deaths", "events", "change_level", "alert",
        "reports", "error",
    ]  # fmt: skip
    assert shared == {"path": "/d/a.csv"}
    assert [c.label for c in columns if c.kind == "figure"] == ["Deaths", "Events"]


def test_page_shows_each_run_with_its_figures_status_and_links():
    page = frontpage.index_html(RUNS, "weekly: trends.ipynb", "2026-01-01T00:00:00+00:00", "m.json")
    table = parse(page)
    assert table.heads[:6] == ["Run", "Status", "governorate", "start_date", "Deaths", "Events"]
    by_id = {row["cells"][0]["text"]: row for row in table.rows}
    assert list(by_id) == ["hama-w1", "idlib-w1", "evil", "later"]
    hama = by_id["hama-w1"]["cells"]
    assert [c["text"] for c in hama[:6]] == ["hama-w1", "ok", "Hama", "2024-12-02", "1,200", "7"]
    assert hama[4]["v"] == "1200" and hama[5]["v"] == "7"
    assert hama[6]["text"] == "large increase" and hama[7]["text"] == "level 1"
    assert hama[8]["text"] == "HTML · PDF"
    assert 'href="hama-w1.html"' in page and 'href="hama-w1.pdf"' in page  # relative
    assert by_id["idlib-w1"]["attrs"]["class"] == "skipped"
    assert by_id["idlib-w1"]["cells"][4]["text"] == "at least 3"
    assert by_id["idlib-w1"]["attrs"]["data-level"] == "limited change"
    assert by_id["evil"]["attrs"]["class"] == "failed"
    assert by_id["evil"]["cells"][-1]["text"] == "ValueError: </td><script>alert(2)</script>"
    assert by_id["later"]["attrs"]["class"] == "not-run"
    assert by_id["later"]["cells"][4]["v"] is None  # no figure: an empty cell, sorted last
    assert "Every run: path = /d/a.csv" in page
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    assert "ok: 1 failed: 1 skipped: 1 not run: 1" in text
    chips = re.findall(r'class="chip level-[^"]*">([^<]+)</span> <strong>(\d+)</strong>', page)
    assert dict(chips) == {"large increase": "1", "limited change": "1"}  # runs by level


def test_markup_from_runs_is_escaped_and_json_cannot_close_its_script():
    runs = [*RUNS, entry("x", figures={"d": figure(1, "1", label="</script><b>bold</b>")})]
    page = frontpage.index_html(runs, "<i>title</i>", "now", "manifest.json")
    scripts = parse(page).scripts
    markup = page.replace(scripts[0]["text"], "")  # inside the JSON, markup is inert text
    assert "<script>alert" not in markup and "<b>bold" not in markup and "<i>title" not in page
    assert html.escape("<script>alert(1)</script>") in page
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert [s["attrs"].get("type") for s in scripts] == ["application/json", None]
    columns = json.loads(scripts[0]["text"])  # still valid JSON, and the label intact
    assert {"key": "d", "label": "</script><b>bold</b>", "numeric": True} in columns
    assert "</script><b>" not in scripts[0]["text"]


def test_page_has_no_external_resources():
    page = frontpage.index_html(RUNS, "t", "now", "manifest.json")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def test_overview_csv_holds_values_ranges_and_relative_paths():
    rows = list(csv.DictReader(io.StringIO(frontpage.overview_csv(RUNS))))
    assert list(rows[0]) == [
        "id", "status", "governorate", "start_date", "deaths", "deaths_low", "deaths_high",
        "events", "change_level", "alert", "html", "pdf", "error",
    ]  # fmt: skip
    hama, idlib, evil, later = rows
    assert (hama["deaths"], hama["deaths_low"], hama["deaths_high"]) == ("1200", "1000", "1500")
    assert hama["events"] == "7" and hama["alert"] == "level 1"
    assert hama["html"] == "hama-w1.html" and hama["pdf"] == "hama-w1.pdf"
    assert idlib["status"] == "skipped" and idlib["deaths"] == "3" and idlib["events"] == ""
    assert evil["governorate"] == "<script>alert(1)</script>"  # CSV is data, not markup
    assert evil["start_date"] == '\'=HYPERLINK("http://x")'  # never a spreadsheet formula
    assert evil["error"].startswith("ValueError") and evil["html"] == ""
    assert later["status"] == "not run" and later["deaths"] == ""


def test_lone_run_shows_its_parameters_and_empty_batch_is_a_page():
    lone = [entry("one", parameters={"governorate": "Hama"}, figures={})]
    assert [c.key for c in frontpage.layout(lone)[0]][:3] == ["id", "status", "governorate"]
    page = frontpage.index_html([], "empty", "now", "manifest.json")
    assert "0 runs" in page and parse(page).rows == []
    assert frontpage.overview_csv([]).splitlines() == ["id,status,html,pdf,error"]


def test_every_change_level_keeps_its_words_and_colour_on_the_front_page_and_in_the_report():
    """The trends report gives the front page its levels in words (the catalogue's term for
    each code); the front page colours a chip by those words, the report by the code: every
    level has a colour in both style sheets."""
    folder = resources.files("analysis")
    page_css = (folder / "report/templates/frontpage/frontpage.css").read_text(encoding="utf-8")
    report_css = (folder / "sections/blocks.css").read_text(encoding="utf-8")
    said = {code: term("change_level", level=code) for code in LEVELS}
    assert said == {
        "large_increase": "large increase",
        "moderate_increase": "moderate increase",
        "limited_change": "limited change",
        "large_decrease": "large decrease",
    }
    runs = [
        entry(f"run-{i}", figures={"extra": {"change_level": words}})
        for i, words in enumerate(said.values())
    ]
    page = frontpage.index_html(runs, "levels", "2026-01-01T00:00:00+00:00", "m.json")
    chips = dict(re.findall(r'class="chip (level-[^"]*)">([^<]+)</span> <strong>', page))
    assert sorted(chips.values()) == sorted(said.values())
    for css in chips:
        assert f".chip.{css} {{" in page_css, css
    for code, words in said.items():
        chip = level_chip(code)
        css = re.search(r"sitrep-level-([a-z-]+)", chip).group(0)
        assert f".{css} {{" in report_css and f">{words}</span>" in chip, chip


def _page_of(languages):
    runs = [
        entry(f"r{i}", parameters={"governorate": "Hama", "language": lang})
        for i, lang in enumerate(languages)
    ]
    return frontpage.index_html(runs, "Batch", "2024-12-08 10:00", "manifest.json")


def test_the_front_page_follows_the_language_of_its_runs():
    from analysis import i18n

    english, arabic, both = _page_of(["en", "en"]), _page_of(["ar", "ar"]), _page_of(["en", "ar"])
    assert "<html lang='en' dir='ltr'>" in english and "<html lang='ar' dir='rtl'>" in arabic
    with i18n.editing("ar"):
        status = i18n.gettext("Status")
    assert status != "Status" and all("\u0600" <= c <= "\u06ff" or c == " " for c in status)
    head = re.compile(r'<th scope="col">(?:<button[^>]*>)?(.*?)<')
    heads = [head.findall(page) for page in (english, arabic)]
    assert heads[0][:2] == ["Run", "Status"] and heads[1][1] == status
    assert f"Status / {status}" in both  # a bilingual batch: both languages, English first
    assert 'data-status="ok"' in arabic  # the filters keep reading the codes
