"""The situation report's composition, in-process (no kernel): the brief states the domain
results named by key (highlights with their sources, key figures with their change levels, one
map), the body keeps tables, lists and method for the annex, a part with nothing to show is
left out and Sources and method says why, and no heading is left empty."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.metrics import control as control_metrics
from analysis.sections import brief, situation
from analysis.sections.situation import ANNEXED, KEY_FIGURES
from analysis.sections.text import label, plain
from tests.said import numbers_in, read, words

REPO = Path(__file__).resolve().parents[2]
UCDP = ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")


def _load(**overrides):
    parameters = {
        "start_date": "2024-11-27",
        "end_date": "2024-12-31",
        "governorate": "all",
        "casualties_path": "bundled",
        "displacement_path": "bundled",
        "control_path": "bundled",
        "boundaries_path": "bundled",
    }
    return situation.load(**{**parameters, **overrides})


def _text(blocks) -> str:
    return "\n".join(repr(b) for b in blocks)


def _sections(report) -> dict[str, list]:
    return {
        "brief": situation.brief_section(report),
        "what changed": situation.what_changed_section(report),
        "casualties": situation.casualties_section(report),
        "displacement": situation.displacement_section(report),
        "control": situation.control_section(report),
        "sources": situation.sources_section(report),
        "annex": situation.annex_section(report),
    }


def _level(block) -> int | None:
    found = re.match(r"\s*<h([1-6])\b", block.data or "") if block.kind == "heading" else None
    return int(found.group(1)) if found else None


def _empty_headings(blocks) -> list[str]:
    """h2 and h3 headings with no block but headings before the next heading of their level or
    higher (a list block carrying its own h3 does not count as content of an h3)."""
    empty = []
    for i, block in enumerate(blocks):
        level = _level(block)
        if level not in (2, 3):
            continue
        content = False
        for later in blocks[i + 1 :]:
            found = _level(later)
            if found is not None and found <= level:
                break
            inner = re.match(r"\s*<h([1-6])\b", later.data or "")
            if later.kind != "heading" and not (inner and int(inner.group(1)) <= level):
                content = True
                break
        if not content:
            empty.append(repr(block))
    return empty


@pytest.fixture(scope="module")
def bundled():
    report = _load()
    return report, _sections(report)


def test_the_brief_states_the_key_figures_by_key_each_with_its_source(bundled):
    report, made = bundled
    shown = [report.headlines[k] for k in KEY_FIGURES if k in report.headlines]
    assert [r.key for r in shown] == ["deaths", "civilian_deaths", "displaced", "places_changed"]
    text = _text(made["brief"])
    highlights = re.findall(r"^- (.*)$", text, flags=re.M)
    assert 3 <= len(highlights) <= brief.MAX_HIGHLIGHTS
    assert all("(source: " in h for h in highlights), highlights
    for result in shown:  # the row and a highlight state each key figure, with its source
        assert f"{label(result)}: {result.text}" in text
        assert any(
            f"{label(result)}: {result.text}" in h and result.source in h for h in highlights
        )
    # no level is made up: the bundled tolls have no baseline
    assert brief.changes(report) == {} and "on the average" not in text
    # the places that changed hands rest in part on a single weak source: marked, noted
    html = "".join(b.data for b in made["brief"])
    assert re.search(
        r'data-key="places_changed" data-disclosures="[^"]*weak-source[^"]*">38</span>', html
    )
    assert 'data-kind="weak-source"' in html
    # one map: the control map (places changed hands in the period)
    assert report.brief_map == brief.CONTROL_MAP
    assert sum(b.kind == "figure" for b in made["brief"]) == 1


def test_the_front_highlight_names_its_farthest_place_with_support(bundled):
    report, made = bundled
    html = "".join(b.data for b in made["brief"])
    items = re.findall(r"<li>(.*?)</li>", html, flags=re.S)
    (front,) = [i for i in items if 'data-key="front_farthest' in i]
    (stated,) = read(front).results
    text = plain(front)
    c = report.control
    made_front = control_metrics.front(c.period, c.span, c.freq, c.source, c.front_faction)
    assert made_front.support.value > 1  # the farthest place has support: it is said
    assert stated.key == "front_farthest_km" and stated.value == round(made_front.farthest_at[2])
    with (REPO / "data" / "offensive_2024" / "control_changes.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    place = made_front.farthest_at[0]
    assert place in {r["place"] for r in rows} and place in text
    # the support is said beside the distance
    assert made_front.support.value in numbers_in(text)


def test_the_body_keeps_tables_lists_and_method_for_the_annex(bundled):
    _, made = bundled
    for name in ("what changed", "casualties", "displacement", "control", "sources"):
        assert not [b for b in made[name] if b.kind in ANNEXED], name
    annex = made["annex"]
    assert "Annex" in repr(annex[0])
    assert [b for b in annex if b.kind == "table"], "the annex holds the tables"
    assert "Method" in _text(annex) and "Every change of control in the period" in _text(annex)
    # the control map is in the brief, not again in the body; no changes table in the body
    body = _text(made["control"])
    assert "Last known holder" not in body and "Changes of control" not in body


def test_no_heading_is_left_empty(bundled):
    report, made = bundled
    blocks = [situation.header(report), *(b for part in made.values() for b in part)]
    assert _empty_headings(blocks) == []


def test_a_part_with_nothing_to_show_is_left_out_and_sources_says_why(bundled):
    _, made = bundled
    assert list(made["what changed"]) == []  # reported tolls: no baseline
    sources = _text(made["sources"])
    said = read(made["sources"]).all("situation_left_out")
    assert [s for s in said if s.text.startswith("What changed ")]
    assert "cumulative tolls, not recorded events" in sources


def test_figures_stay_inside_the_period_and_are_drawn(bundled):
    report, made = bundled
    slack = pd.Timedelta(days=1)  # bars centred on the first or last day
    for name in ("casualties", "displacement", "control"):
        assert [block for block in made[name] if block.axes], name  # each part draws
        for block in made[name]:
            for axes in block.axes:
                assert axes.drawn, (name, repr(block))
                if axes.x_dates is not None:
                    low, high = axes.x_dates
                    assert low >= report.scope.start - slack, (name, axes)
                    assert high <= report.scope.span.stop + slack, (name, axes)


def test_a_period_with_no_data_says_so():
    report = _load(start_date="2020-01-01", end_date="2020-01-07")
    made = _sections(report)
    assert "No data for Syria, 1 to 7 January 2020" in _text(made["brief"])
    assert _empty_headings([b for part in made.values() for b in part]) == []


def test_a_domain_without_data_in_the_period_is_left_out_with_its_reason(realdata):
    unhcr = realdata("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
    report = _load(start_date="2017-03-06", end_date="2017-03-12", displacement_path=str(unhcr))
    assert list(situation.displacement_section(report)) == []
    sources = _text(situation.sources_section(report))
    said = read(situation.sources_section(report)).all("situation_left_out")
    assert [s for s in said if s.text.startswith("Displacement ")]
    assert "none does in 6 to 12 March 2017" in sources
    assert "displaced" not in report.headlines or report.headlines["displaced"].missing
    assert "People displaced" not in _text(situation.brief_section(report))


def _ucdp_deaths(path, pcode_name: str, start: dt.date, end: dt.date) -> int:
    """Deaths (best) of the events of the governorate whose whole span lies in start..end."""
    total = 0
    with open(path, encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            first = dt.date.fromisoformat(r["date_start"][:10])
            last = dt.date.fromisoformat(r["date_end"][:10])
            if r["adm_1"] == pcode_name and start <= first and last <= end:
                total += int(r["best"])
    return total


def test_key_figures_carry_the_change_level_counted_from_the_file(realdata):
    path = realdata(*UCDP)
    report = _load(
        start_date="2016-12-05",
        end_date="2016-12-11",
        governorate="Aleppo",
        casualties_path=str(path),
    )
    day, week = dt.timedelta(days=1), dt.timedelta(days=7)
    start = dt.date(2016, 12, 5)
    current = _ucdp_deaths(path, "Aleppo Governorate", start, start + dt.timedelta(days=6))
    before = [
        _ucdp_deaths(path, "Aleppo Governorate", start - k * week, start - k * week + 6 * day)
        for k in range(1, 5)
    ]
    average = sum(before) / 4
    pct = (current - average) * 100 / average
    made = _sections(report)
    text = _text(made["brief"])
    assert report.headlines["deaths"].value == current
    change = brief.changes(report)["deaths"]  # against the average of the 4 weeks before
    assert (change.up, change.size) == (pct > 0, f"{abs(pct):.0f}%")
    assert "previous 4 weeks" in change.baseline
    said = words("brief_change", change=change, chip=False)  # "down 4% on ... (level)"
    assert f"{current:,}" in text and said in text, (said, text)
    # the control file holds nothing for 2016: the map is of the period's events
    assert report.brief_map == brief.EVENTS_MAP
    assert "Territorial control" in _text(made["sources"])
    assert _empty_headings([b for part in made.values() for b in part]) == []


def test_the_annex_is_made_from_the_sections_whichever_cell_runs_first(bundled):
    """The annex comes from the body sections' and Sources and method's own annex parts, not
    from what another cell left behind: made first on a fresh report, it is the same."""
    _, made = bundled
    fresh = _load()
    first = [repr(b) for b in situation.annex_section(fresh)]
    assert first == [repr(b) for b in made["annex"]]
    bodies = [situation.casualties_section(fresh), situation.control_section(fresh)]
    annexed = [repr(b) for body in bodies for b in body.annex]
    assert annexed and set(annexed) <= set(first)
