"""The front page's script in a real headless Chromium (the project's own, driven over the
DevTools protocol): clicks on column headers sort, typing and picking filter, the view goes to
the address's hash and comes back from it."""

import json

import pytest

from analysis.report import frontpage
from analysis.report.browser import Browser
from tests.unit.test_frontpage import RUNS, entry, figure

pytestmark = pytest.mark.slow

MORE = [
    entry(
        "aleppo-w1",
        parameters={"governorate": "Aleppo", "start_date": "2024-12-09", "path": "/d/a.csv"},
        figures={"deaths": figure(88, "88"), "extra": {"change_level": "large decrease"}},
    ),
    entry(
        "hama-w2",
        parameters={"governorate": "Hama", "start_date": "2024-12-09", "path": "/d/a.csv"},
        figures={"deaths": figure(20, "20"), "extra": {"change_level": "large increase"}},
    ),
]
# deaths: hama-w1 1200, idlib-w1 3, evil none, later none, aleppo-w1 88, hama-w2 20

STATE = """JSON.stringify({
  rows: Array.from(document.querySelectorAll('#runs tbody tr')).map(
    r => [r.cells[0].textContent, r.hidden]),
  hash: location.hash,
  shown: document.getElementById('shown').textContent})"""


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "index.html"
    path.write_text(frontpage.index_html([*RUNS, *MORE], "t", "now", "manifest.json"), "utf-8")
    browser = Browser()
    _, session = browser._open_tab()

    def run(script, fragment=None):
        """Run ``script`` (may ``await``) in the page and return its state; with a
        ``fragment``, first load the page afresh at that address."""
        if fragment is not None:
            for url in ("about:blank", f"{path.as_uri()}{fragment}"):
                browser._call("Page.navigate", {"url": url}, session)
                browser._wait_event("Page.loadEventFired", session)
        reply = browser._call(
            "Runtime.evaluate",
            {
                "expression": f"(async () => {{ {script}; return {STATE}; }})()",
                "awaitPromise": True,
                "returnByValue": True,
            },
            session,
        )
        assert "exceptionDetails" not in reply, reply["exceptionDetails"]
        return json.loads(reply["result"]["value"])

    yield run
    browser.close()


def order(state):
    return [run_id for run_id, _ in state["rows"]]


def visible(state):
    return [run_id for run_id, hidden in state["rows"] if not hidden]


def test_clicks_sort_and_inputs_filter(page):
    state = page("0", fragment="")
    assert order(state)[:2] == ["hama-w1", "idlib-w1"] and state["shown"] == "6 of 6 runs shown"
    click_deaths = (
        "Array.from(document.querySelectorAll('th button'))"
        ".find(b => b.textContent === 'Deaths').click()"
    )
    state = page(click_deaths)  # numbers: largest first, runs without a figure last
    assert order(state) == ["hama-w1", "aleppo-w1", "hama-w2", "idlib-w1", "evil", "later"]
    assert state["hash"] == "#sort=-deaths"
    state = page(click_deaths)  # again: smallest first, still missing last
    assert order(state) == ["idlib-w1", "hama-w2", "aleppo-w1", "hama-w1", "evil", "later"]
    assert state["hash"] == "#sort=deaths"
    type_hama = (
        "const box = document.getElementById('filter-text'); box.value = 'HAMA';"
        "box.dispatchEvent(new Event('input'))"
    )
    state = page(type_hama)
    assert visible(state) == ["hama-w2", "hama-w1"] and state["shown"] == "2 of 6 runs shown"
    pick = (
        "const s = document.getElementById('filter-level'); s.value = 'large increase';"
        "s.dispatchEvent(new Event('input'))"
    )
    state = page(pick)
    assert visible(state) == ["hama-w2", "hama-w1"]
    assert state["hash"] == "#sort=deaths&q=HAMA&level=large%20increase"
    state = page(
        "const s = document.getElementById('filter-status'); s.value = 'failed';"
        "s.dispatchEvent(new Event('input'))"
    )
    assert visible(state) == [] and state["shown"] == "0 of 6 runs shown"


def test_the_view_comes_back_from_the_address(page):
    state = page("0", fragment="#sort=-deaths&status=ok")
    assert order(state)[:3] == ["hama-w1", "aleppo-w1", "hama-w2"]
    assert visible(state) == ["hama-w1", "aleppo-w1", "hama-w2"]
    state = page("0", fragment="#sort=governorate&level=large%20increase")
    assert visible(state) == ["hama-w1", "hama-w2"]
    # text sorts A to Z (punctuation first), ties keep their order, hidden rows their place
    assert order(state) == ["evil", "aleppo-w1", "hama-w1", "hama-w2", "later", "idlib-w1"]
    state = page("0", fragment="#sort=nonsense&q=%3Cscript%3E")
    assert visible(state) == ["evil"]  # the escaped markup is matched as the text it is
    state = page(  # a link within the page (a changed hash) changes the view too
        "await new Promise(done => { addEventListener('hashchange', done, {once: true});"
        " location.hash = '#status=skipped'; })"
    )
    assert visible(state) == ["idlib-w1"]


BAD_HASHES = [
    "#sort=%E0%A4%A",  # a cut percent escape
    "#%",
    "#q=%ZZ&status=",
    "#sort=nonsense&status=bogus&level=huge",  # names nothing on this page
    "#sort=-&=x&&q",
    "#__proto__=x&constructor=y",
    "#" + "sort=%E0%A4%A&q=%" * 2000 + "x",  # a very long one: 34,000 characters
]


@pytest.mark.parametrize("fragment", BAD_HASHES, ids=range(len(BAD_HASHES)))
def test_a_malformed_hash_leaves_the_page_working(page, fragment):
    state = page("0", fragment=fragment)
    assert state["shown"] == "6 of 6 runs shown"
    assert order(state) == ["hama-w1", "idlib-w1", "evil", "later", "aleppo-w1", "hama-w2"]
    assert visible(state) == order(state)
    state = page(
        "Array.from(document.querySelectorAll('th button'))"
        ".find(b => b.textContent === 'Deaths').click()"
    )
    assert order(state) == ["hama-w1", "aleppo-w1", "hama-w2", "idlib-w1", "evil", "later"]
    assert state["hash"] == "#sort=-deaths"  # the bad parts are gone from the address
    state = page(
        "const box = document.getElementById('filter-text'); box.value = 'hama';"
        "box.dispatchEvent(new Event('input'))"
    )
    assert visible(state) == ["hama-w1", "hama-w2"]


def test_the_good_parts_of_a_partly_malformed_hash_still_apply(page):
    state = page("0", fragment="#sort=%E0%A4%A&status=ok&q=%ZZ")
    assert visible(state) == ["hama-w1", "aleppo-w1", "hama-w2"]
    assert state["shown"] == "3 of 6 runs shown"
    state = page("0", fragment="#sort=-deaths&q=%&level=large%20increase")
    assert visible(state) == ["hama-w1", "hama-w2"]
    assert order(state)[:3] == ["hama-w1", "aleppo-w1", "hama-w2"]
