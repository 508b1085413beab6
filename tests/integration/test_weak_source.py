"""Figures that rest on a single weak source are marked wherever a report states or draws them,
in the disclosure convention: the figure as ``<span class="sitrep-result" data-key=...
data-disclosures="weak-source">`` with a ``<sup class="sitrep-mark"><a href="#ID">`` marker, and
a ``<p class="sitrep-disclosure" id="ID" data-kind="weak-source">`` note in the same section
(before the next h2) naming the figure and the weak page.

The reports are built in process (no kernel), their blocks laid out as the notebooks lay them
out. The weak rows expected are read here from the raw facts with the csv module: the rows
whose notes say "single weak source", and the rows the curated disagreements say it of (the
TASS report on Latakia, Tartus and Jableh).
"""

from __future__ import annotations

import csv
import re

import matplotlib

matplotlib.use("Agg")

import pytest
import yaml

from analysis.data import bundled
from analysis.sections import casualties, control, displacement, situation

RAW = bundled.bundled_path("casualty_tolls.csv").parent.parent / "raw" / "offensive_2024"
PERIOD = {"start_date": "2024-11-27", "end_date": "2024-12-31", "governorate": "all"}
SPAN = re.compile(
    r'<span class="sitrep-result" data-key="([^"]+)" data-disclosures="([^"]+)">(.*?)</span>'
    r'<sup class="sitrep-mark"><a href="#([^"]+)">\d+</a></sup>'
)
NOTE = re.compile(r'<p class="sitrep-disclosure" id="([^"]+)" data-kind="([^"]+)">(.*?)</p>')


def raw(name: str) -> list[dict[str, str]]:
    with (RAW / name).open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row]


def weak_control_places() -> set[str]:
    """Places whose change rests on a single weak source: by their notes, or by the curated
    disagreements (read as YAML here, by the place they select)."""
    places = {r["place"] for r in raw("control_events.csv") if "single weak source" in r["notes"]}
    curated = yaml.safe_load((RAW / "disagreements.yaml").read_text(encoding="utf-8"))
    for entry in curated["disagreements"]:
        if entry["file"] != "control_events.csv":
            continue
        for row in entry.get("rows", []):
            if "single weak source" in str(row.get("note", "")):
                places.add(row["where"]["place"])
    return places


def html_of(blocks) -> str:
    return "".join(b.data for b in blocks)


def sections(html: str) -> list[str]:
    return re.split(r"<h2[ >]", html)


def check_convention(html: str) -> list[tuple[str, str, str]]:
    """The spans of the report (key, kinds, text), after checking that each points at a note of
    its kind in its own section, and that note ids are unique."""
    ids = [found[0] for found in NOTE.findall(html)]
    assert len(ids) == len(set(ids)), "a note id repeats in the report"
    spans = []
    for part in sections(html):
        notes = {i: kind for i, kind, _ in NOTE.findall(part)}
        for key, kinds, text, target in SPAN.findall(part):
            assert target in notes, (key, target)  # the marker's note is in the same section
            for kind in kinds.split():
                assert kind in notes.values(), (key, kind)
            spans.append((key, kinds, text))
        for target in re.findall(r'<sup class="sitrep-mark"><a href="#([^"]+)">', part):
            assert target in notes, target
    return spans


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    shown = {}
    report = control.load(control_path="bundled", boundaries_path="bundled", **PERIOD)
    shown["territorial_control"] = html_of(
        [
            control.header(report),
            *control.key_figures_section(report),
            *control.map_section(report),
            *control.timeline_section(report),
            *control.front_section(report),
            *control.shares_section(report),
            *control.changes_table_section(report),
            *control.sources_section(report),
            *control.changes_annex_section(report),
        ]
    )
    report = displacement.load(displacement_path="bundled", **PERIOD)
    shown["displacement"] = html_of(
        [
            displacement.header(report),
            *displacement.key_figures_section(report),
            *displacement.charts_section(report),
            *displacement.table_section(report),
            *displacement.sources_section(report),
        ]
    )
    report = casualties.load(casualties_path="bundled", boundaries_path="bundled", **PERIOD)
    shown["casualties"] = html_of(
        [
            casualties.header(report),
            *casualties.key_figures(report),
            *casualties.deaths_section(report),
            *casualties.sources_section(report),
        ]
    )
    report = situation.load(
        casualties_path="bundled",
        displacement_path="bundled",
        control_path="bundled",
        boundaries_path="bundled",
        **PERIOD,
    )
    shown["situation_report"] = html_of(
        [
            situation.header(report),
            *situation.what_changed_section(report),
            *situation.key_figures_section(report),
            *situation.casualties_section(report),
            *situation.displacement_section(report),
            *situation.control_section(report),
            *situation.sources_section(report),
            *situation.annex_section(report),
        ]
    )
    return shown


@pytest.mark.parametrize(
    "notebook", ["territorial_control", "displacement", "casualties", "situation_report"]
)
def test_every_marker_points_at_a_note_of_its_kind_in_its_section(reports, notebook):
    spans = check_convention(reports[notebook])
    assert spans, "the bundled data has weak figures in every domain"
    assert {kinds for _, kinds, _ in spans} == {"weak-source"}


def test_each_weak_change_of_control_is_marked_where_it_is_stated(reports):
    places = weak_control_places()
    assert places == {"Saraqib", "Latakia", "Tartus", "Jableh"}
    for notebook in ("territorial_control", "situation_report"):
        html = reports[notebook]
        marked = {text for _, _, text in check_convention(html)}
        notes = " ".join(body for _, _, body in NOTE.findall(html))
        # Latakia, Tartus and Jableh (TASS only) head rows of the tables of changes: marked.
        for place in ("Latakia", "Tartus", "Jableh"):
            assert place in marked, (notebook, place)
            assert f"{place}, 8 December 2024" in notes
        assert "a TASS &#39;Syrian source&#39; report" in notes or "TASS" in notes
        assert "Saraqib, 28 November 2024 (wikisum.wiki)" in notes


def test_weak_figures_of_every_domain_are_marked_with_their_page(reports):
    tolls = [r for r in raw("casualties.csv") if "single weak source" in r["notes"]]
    figures = [r for r in raw("displacement.csv") if "single weak source" in r["notes"]]
    shares = [r for r in raw("control_shares.csv") if "single weak source" in r["notes"]]
    assert len(tolls) == len(figures) == len(shares) == 1

    def page(row) -> str:
        return row["notes"].split("single weak source:")[1].split()[0].rstrip(".")

    casualty_html, displacement_html = reports["casualties"], reports["displacement"]
    toll = tolls[0]
    marked = [text for _, _, text in check_convention(casualty_html)]
    assert f"{int(toll['civilian_deaths']):,}" in marked  # in the table of every toll
    assert page(toll) in casualty_html
    figure = figures[0]
    marked = [text for _, _, text in check_convention(displacement_html)]
    assert f"{figure['qualifier']} {int(figure['displaced']):,}" in marked
    assert page(figure) in displacement_html
    share = shares[0]
    control_html = reports["territorial_control"]
    marked = [text for _, _, text in check_convention(control_html)]
    assert f"{share['qualifier']} {float(share['value']):g}%" in marked
    assert page(share) in control_html
    pages = {page(row) for row in (*tolls, *figures, *shares)}
    pages |= {page(r) for r in raw("control_events.csv") if "single weak source" in r["notes"]}
    pages.add("TASS")  # the curated disagreements' Latakia, Tartus and Jableh
    notes = [found for html in reports.values() for found in NOTE.findall(html)]
    assert notes  # every note names the weak page of each figure it lists
    for _, kind, body in notes:
        assert kind == "weak-source" and any(p in body for p in pages), body


def test_a_report_on_a_file_without_weak_rows_marks_nothing(realdata):
    acled = str(
        realdata("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
    )
    report = control.load(
        control_path=acled,
        boundaries_path="bundled",
        start_date="2019-01-01",
        end_date="2019-12-31",
        governorate="all",
    )
    html = html_of(
        [
            *control.key_figures_section(report),
            *control.front_section(report),
            *control.changes_table_section(report),
        ]
    )
    assert "sitrep-disclosure" not in html and "sitrep-mark" not in html
