"""The situation report's composition, in-process (no kernel): the key figures are the domain
results named by key, every number said in the summary is one of them, and the body keeps
tables and lists for the annex."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.sections import situation
from analysis.sections.situation import ANNEXED, BODY_CHANGES, KEY_FIGURES


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


@pytest.fixture(scope="module")
def bundled():
    report = _load()
    return report, {
        "key": situation.key_figures_section(report),
        "casualties": situation.casualties_section(report),
        "displacement": situation.displacement_section(report),
        "control": situation.control_section(report),
        "sources": situation.sources_section(report),
        "annex": situation.annex_section(report),
    }


def test_key_figures_are_the_domains_results_by_key(bundled):
    report, made = bundled
    shown = [report.headlines[k] for k in KEY_FIGURES if k in report.headlines]
    assert [r.key for r in shown] == ["deaths", "civilian_deaths", "displaced", "places_changed"]
    text = _text(made["key"])
    for result in shown:
        assert f"{result.label}: {result.text}" in text
        assert result.source in text
    # Every number stated in the summary is the text of one of the boxed results.
    said = set(re.findall(r"\d+(?:,\d{3})*", text.split("never added together.")[-1]))
    allowed = set()
    for result in shown:
        allowed |= set(
            re.findall(
                r"\d+(?:,\d{3})*", f"{result.text} {result.detail} {result.label} {result.source}"
            )
        )
    assert said <= allowed, said - allowed


def test_body_keeps_tables_and_lists_for_the_annex(bundled):
    _, made = bundled
    for name in ("casualties", "displacement", "sources"):
        assert not [b for b in made[name] if b.kind in ANNEXED], name
    tables = [b for b in made["control"] if b.kind == "table"]
    assert tables, "the latest changes of control stay in the body"
    rows = sum(len(repr(t).splitlines()) - 1 for t in tables)
    assert rows <= 2 * BODY_CHANGES  # the changes and their remarks
    annex = made["annex"]
    assert [b for b in annex if b.kind == "table"], "the annex holds the tables"
    assert "Annex" in repr(annex[0])


def test_figures_stay_inside_the_period_and_are_drawn(bundled):
    report, made = bundled
    slack = pd.Timedelta(days=1)  # bars centred on the first or last day
    for name in ("casualties", "displacement", "control"):
        for block in made[name]:
            for axes in block.axes:
                assert axes.drawn, (name, repr(block))
                if axes.x_dates is not None:
                    low, high = axes.x_dates
                    assert low >= report.scope.start - slack, (name, axes)
                    assert high <= report.scope.span.stop + slack, (name, axes)


def test_a_period_with_no_data_says_so():
    report = _load(start_date="2020-01-01", end_date="2020-01-07")
    text = _text(situation.key_figures_section(report))
    assert "No data for Syria, 1 to 7 January 2020" in text


def test_a_domain_without_data_in_the_period_says_what_its_file_covers(realdata):
    unhcr = realdata("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
    report = _load(start_date="2017-03-06", end_date="2017-03-12", displacement_path=str(unhcr))
    blocks = situation.displacement_section(report)
    assert [b.kind for b in blocks] == ["heading", "note", "advice"]  # advice: not published
    assert "none does in 6 to 12 March 2017" in repr(blocks[1])
    assert "Give a period that includes 31 December" in blocks[2].text
    assert "period that includes" not in repr(blocks[1])
    assert "displaced" not in report.headlines or report.headlines["displaced"].missing
