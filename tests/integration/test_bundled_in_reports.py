"""The bundled 2024 data as the reports show it: tolls of another front or of a calendar period
never join (or head) the offensive's cumulative line, and shares of territory dated after a
report's period never appear in it as if they were of the period.

The reports are built in process (no kernel) with the sections' own ``load``; the figures the
sections draw are caught as they are embedded. The rows expected are picked here from the raw
facts (data/raw/offensive_2024) with the csv module, by their dates and published scope, not
through the build's series rules or the readers.
"""

from __future__ import annotations

import csv
from datetime import date

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import pandas as pd
import pytest

from analysis.data import bundled
from analysis.metrics import casualties as casualty_metrics
from analysis.metrics.results import Period
from analysis.sections import casualties, control
from analysis.sections.casualties import tolls as tolls_section
from analysis.sections.control import shares as shares_section
from tests.said import numbers_in, read, says

FOLDER = bundled.bundled_path("casualty_tolls.csv").parent
RAW = FOLDER.parent / "raw" / "offensive_2024"
OFFENSIVE_END = "2024-12-08"  # SOHR's final toll of the offensive counts 27 Nov - 8 Dec 2024
PERIOD = ("2024-11-27", "2024-12-31")  # the default reports' period


def raw(name: str) -> list[dict[str, str]]:
    """Rows of a facts file, with ``n`` their position (record ids follow it)."""
    with (RAW / name).open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row]
    for n, row in enumerate(rows, start=1):
        row["n"] = n
    return rows


def bundled_rows(name: str) -> dict[str, dict[str, str]]:
    with (FOLDER / name).open(encoding="utf-8", newline="") as handle:
        return {row["record_id"]: row for row in csv.DictReader(handle)}


def after_the_offensive() -> list[dict[str, str]]:
    """The tolls dated after the offensive's end: each is of one front (the SNA-SDF fighting
    around Manbij) or of a calendar period (SNHR's December), never the offensive's toll."""
    rows = [r for r in raw("casualties.csv") if r["as_of_date"] > OFFENSIVE_END]
    assert rows  # the tests below check each of them
    for r in rows:  # the premise: their published scope says so
        scope = r["scope"].lower()
        assert "manbij" in scope or "month" in scope, r["scope"]
    return rows


def day_text(day: str) -> str:
    return f"{pd.Timestamp(day):%-d %B %Y}"


def captured_figures(monkeypatch, module) -> list:
    """Figures a section module embeds, caught before the block closes them."""
    caught = []
    embed = module.figure

    def catch(fig, *args, **kwargs):
        caught.append(fig)
        return embed(fig, *args, **kwargs)

    monkeypatch.setattr(module, "figure", catch)
    return caught


def drawn_points(ax) -> set[tuple[pd.Timestamp, float]]:
    """Every (date, value) an axes draws as a line vertex or a marker."""
    points = set()
    for line in ax.lines:
        xs = pd.to_datetime(list(line.get_xdata()))
        points |= {(x.normalize(), float(y)) for x, y in zip(xs, line.get_ydata(), strict=True)}
    for collection in ax.collections:
        for x, y in collection.get_offsets():
            day = pd.Timestamp(mdates.num2date(x)).tz_localize(None).normalize()
            points.add((day, float(y)))
    return points


# --- tolls ------------------------------------------------------------------------------------


def test_tolls_after_the_offensive_are_partial_or_context_never_offensive():
    later = after_the_offensive()
    assert len(later) == 4  # Manbij 9 and 10 Dec, Tishreen Dam 18 Dec, SNHR's December
    built = bundled_rows("casualty_tolls.csv")
    for r in later:
        row = built[f"tolls-{r['n']:03d}"]
        assert (row["as_of_date"], row["scope"]) == (r["as_of_date"], r["scope"])
        expected = "context" if "month" in r["scope"].lower() else "partial"
        assert row["series"] == expected, (row["record_id"], row["scope"])
    offensive = [row for row in built.values() if row["series"] == "offensive"]
    assert offensive and all(row["as_of_date"] <= OFFENSIVE_END for row in offensive)


def test_the_headline_and_each_latest_toll_are_of_the_offensive():
    tolls = bundled.read_tolls(FOLDER / "casualty_tolls.csv")
    sohr = [
        r
        for r in raw("casualties.csv")
        if r["organisation"] == "SOHR" and r["total_deaths"] and r["as_of_date"] <= OFFENSIVE_END
    ]
    final = max(sohr, key=lambda r: (r["as_of_date"], r["report_date"]))
    headline = casualty_metrics.headline_toll(tolls)
    assert headline.value == int(final["total_deaths"])  # 910, not 218 or 21 of later dates
    assert headline.qualifier == final["qualifier"]
    assert headline.as_of == pd.Timestamp(final["as_of_date"])
    later = {(r["organisation"], r["as_of_date"]) for r in after_the_offensive()}
    for toll in casualty_metrics.toll_results(tolls):
        assert (toll["organisation"], f"{toll['total'].as_of:%Y-%m-%d}") not in later


@pytest.mark.parametrize("start", [PERIOD[0], "2024-12-09"])
def test_the_casualties_report_never_draws_them_on_the_offensive_line(monkeypatch, start):
    caught = captured_figures(monkeypatch, tolls_section)
    report = casualties.load(
        casualties_path="bundled", start_date=start, end_date=PERIOD[1], governorate="all"
    )
    blocks = [*casualties.key_figures(report), *casualties.body(report)]
    text = "\n".join(repr(b) for b in blocks)
    (fig,) = caught
    left, right = fig.axes
    drawn = drawn_points(left) | drawn_points(right)
    for r in after_the_offensive():
        for column in ("total_deaths", "rebel_deaths", "civilian_deaths"):
            if r[column]:
                assert (pd.Timestamp(r["as_of_date"]), float(r[column])) not in drawn, r["scope"]
    assert all(day <= pd.Timestamp(OFFENSIVE_END) for day, _ in drawn)
    if start == PERIOD[0]:
        # SOHR's last toll of the offensive, as the raw facts give it
        (final,) = [
            r
            for r in raw("casualties.csv")
            if r["organisation"] == "SOHR" and r["as_of_date"] == OFFENSIVE_END
        ]
        shown = f"{final['qualifier']} {int(final['total_deaths']):,}"
        assert shown in {t.get_text() for t in left.texts}
        toll = read(blocks).sentence("casualties_toll").text
        assert numbers_in(toll)[0] == int(final["total_deaths"])
        assert toll.startswith("SOHR") and shown in toll and day_text(OFFENSIVE_END) in toll
    else:  # after the offensive, only partial and context tolls: no overall toll, no line
        assert drawn == set()
        assert "No overall death toll was reported" in text
        for r in after_the_offensive():  # still listed, with their scope, in the table
            assert r["scope"] in text
    for r in after_the_offensive():
        if r["total_deaths"]:
            assert (
                f"SOHR: {r['qualifier']} {r['total_deaths']} people killed".replace(":  ", ": ")
                not in text
            )


# --- shares -----------------------------------------------------------------------------------


def dated_shares() -> list[dict]:
    """The facts' dated percentage shares of Syria's whole territory; ``day`` is the as-of date
    ("2025-12", a month, is its first day), ``published`` the report date."""
    rows = [
        r
        for r in raw("control_shares.csv")
        if r["metric"] == "share_of_territory"
        and r["unit"] == "percent"
        and r["value"]
        and r["as_of_date"]
    ]
    for r in rows:
        label = r["as_of_date"]
        r["day"] = date.fromisoformat(f"{label}-01" if len(label) == 7 else label)
        r["published"] = date.fromisoformat(r["report_date"]) if r["report_date"] else None
    return rows


def shares_report(monkeypatch, start: str, end: str):
    caught = captured_figures(monkeypatch, shares_section)
    report = control.load(
        control_path="bundled",
        boundaries_path="bundled",
        start_date=start,
        end_date=end,
        governorate="all",
    )
    made = control.shares_section(report)
    text = "\n".join(repr(b) for b in made)
    (fig,) = caught
    (ax,) = [a for a in fig.axes if a.get_yticklabels()]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    (latest,) = read(made).all("control_shares_latest")  # what was reported, period and before
    return report, text, labels, [t.get_text() for t in ax.texts], latest.text


def bar_label(r: dict, start: date | None = None) -> str:
    when = r["day"].strftime("%b %Y") if len(r["as_of_date"]) == 7 else f"{r['day']:%-d %b %Y}"
    if start is not None and r["day"] < start:
        when += ", before the period"
    return f"{r['organisation']}\n{when}"


def share_text(r: dict) -> str:
    qualifier = f"{r['qualifier']} " if r["qualifier"] else ""
    return f"{r['faction']} {qualifier}{float(r['value']):g}%"


@pytest.mark.parametrize(
    ("start", "end"),
    [PERIOD, (PERIOD[0], OFFENSIVE_END), (PERIOD[0], "2025-12-31"), ("2019-01-01", "2019-12-31")],
)
def test_shares_dated_after_the_period_are_never_shown_in_it(monkeypatch, start, end):
    report, text, labels, values, said = shares_report(monkeypatch, start, end)
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    shares = dated_shares()
    inside = [r for r in shares if first <= r["day"] <= last]
    before = [r for r in shares if r["day"] < first]
    after = [r for r in shares if r["day"] > last]
    assert not (report.shares["as_of_date"] > pd.Timestamp(end)).any()
    for r in after:
        assert bar_label(r) not in labels and bar_label(r, first) not in labels, r
    for r in inside:
        assert bar_label(r, first) in labels, r  # every bar is labelled with its own date
    for r in before:
        # a share dated before the period is context: labelled so, never as of the period
        assert bar_label(r, first) in labels, r
    # The shares stated for the period are the latest report of each organisation dated in
    # it; the latest report before it is stated apart, as context.
    span = f"{pd.Timestamp(start):%-d %B} to {day_text(end)}"
    if pd.Timestamp(start).year != pd.Timestamp(end).year:
        span = f"{day_text(start)} to {day_text(end)}"
    nothing = {"in_period": [], "before": [], "period": Period.of(start, end)}
    assert span in said
    if inside:
        assert not says(said, "control_shares_latest", **nothing)
        newest = {}
        for r in inside:
            newest[r["organisation"]] = max(newest.get(r["organisation"], r["day"]), r["day"])
        for r in inside:
            stated = f"{r['organisation']}, {day_text(r['day'].isoformat())}"
            if r["day"] == newest[r["organisation"]]:
                assert stated in text and share_text(r) in text, r
                assert f"{float(r['value']):g}%" in " ".join(values)
    else:
        assert says(said, "control_shares_latest", **nothing)  # no share dated in the period
    if before:
        latest = max(r["day"] for r in before)
        context = said.split("Before the period")[1]
        for r in before:
            stated = f"{r['organisation']}, {day_text(r['day'].isoformat())}:"
            if r["day"] == latest:
                assert stated in context and share_text(r) in context, r
            else:
                assert stated not in text, r
    if end == PERIOD[1]:  # the default reports: the SDF around the fall of the regime
        stated = {(r["organisation"], r["as_of_date"]) for r in inside}
        assert {("Reuters", "2024-12-22"), ("Jusoor for Studies", "2024-12-07")} <= stated
        assert "(published 6 December 2025)" in text  # Jusoor's map of 7 December, after it
        assert latest == date(2020, 5, 31) and "Jusoor for Studies, 31 May 2020" in context
        assert not any("2025" in label for label in labels)
    if end == "2025-12-31":
        assert "Jusoor for Studies\nDec 2025" in labels


def test_the_shares_chart_names_every_organisation_it_draws(monkeypatch):
    caught = captured_figures(monkeypatch, shares_section)
    report = control.load(
        control_path="bundled",
        boundaries_path="bundled",
        start_date=PERIOD[0],
        end_date=PERIOD[1],
        governorate="all",
    )
    blocks = control.shares_section(report)
    (fig,) = caught
    drawn = {r["organisation"] for r in dated_shares() if r["day"] <= date(2024, 12, 31)}
    drawn |= {r["organisation"] for r in raw("control_shares.csv") if not r["as_of_date"]}
    assert "Reuters" in drawn
    footnote = " ".join(t.get_text() for t in fig.texts)
    figure = next(b for b in blocks if b.kind == "figure")
    for organisation in drawn:
        assert organisation in footnote, organisation
        assert organisation in repr(figure), organisation  # the alt text


def test_a_share_published_after_the_period_says_when_it_was_published(monkeypatch):
    _, text, labels, values, _ = shares_report(monkeypatch, *PERIOD)
    last = date.fromisoformat(PERIOD[1])
    shown = [r for r in dated_shares() if r["day"] <= last]
    late = [r for r in shown if r["published"] and r["published"] > last]
    assert late, "Jusoor's SDF share before the fall of the regime, published in Dec 2025"
    built = bundled_rows("territory_shares.csv")
    for r in late:
        # drawn under its as-of date, marked † (see the notes), and the note gives the date
        # it was published
        assert bar_label(r) in labels
        assert f"{float(r['value']):g}% †" in values
        note = built[f"shares-{r['n']:03d}"]["conflict_note"]
        assert f"{r['published']:%-d %b %Y}" in note, note
        assert f"shares-{r['n']:03d} ({r['faction']}): {note}" in text
