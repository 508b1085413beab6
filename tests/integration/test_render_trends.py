"""The trends report and the situation report's "what changed" through the real pipeline
(`sitrep batch`: papermill in warm kernels, nbconvert, Chromium) on the real ACLED, UCDP and HDX
files. Every change level, reference, percentage and alert a reader sees in the PDF is checked
against a computation made here from the raw file with the csv module (the helpers of
tests/unit/test_trends_realdata.py, written apart from the package): a week where fighting
flared, one where it calmed, an alert, a period before the data's start and monthly counts."""

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.metrics.results import Period
from analysis.metrics.trends.rules import LEVELS
from analysis.sections.text import term
from tests.conftest import REALDATA, _need
from tests.integration.reader import REPO, figures, sitrep, unmarked_pdf_text
from tests.integration.test_batch import manifest, sitrep_batch
from tests.said import numbers_in, read, words
from tests.unit.test_trends_realdata import (
    ACLED,
    ALERT_UCDP,
    CALM_ACLED,
    FLARE_ACLED,
    FLARE_UCDP,
    UCDP,
    UCDP_PCODES,
    counts,
    expected_alert,
    level,
    raw_acled,
    raw_ucdp,
    recorded,
)

HDX = (
    "acled_hdx_aggregates_syria_2025_01",
    "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv",
)
BEFORE = ("all", "2016-05-02", "2016-05-08")  # the ACLED file starts on 1 January 2017
NAMES = {"all": "Syria", "SY03": "Rural Damascus", "SY07": "Idleb"}
LABELS = {0: "Events", 1: "Deaths", 2: "Civilian deaths"}
SAID_LEVELS = [term("change_level", level=code) for code in LEVELS]
"""The change levels as a reader sees them."""

pytestmark = pytest.mark.slow


def reference_text(value: float, current: int) -> str:
    """A baseline average printed as precisely as the change computed from it: the fewest
    decimals (1 to 3) from which the printed change (whole percent) follows."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    change = f"{(current - value) / value * 100:+.0f}"
    for decimals in (1, 2, 3):
        shown = round(value, decimals)
        if shown and f"{(current - shown) / shown * 100:+.0f}" == change:
            return f"{value:,.{decimals}f}"
    return f"{value:,.3f}"


def window_sum(rows, day: int) -> int:
    """Deaths of the events whose whole span lies in the 30 days ending on ``day``."""
    return sum(r[3] for r in rows if r[0] >= day - 29 and r[1] <= day)


def ucdp_range(path: str, area: str, first: int, last: int) -> tuple[int, int]:
    """UCDP's low and high deaths summed over the events inside days first..last (csv module)."""
    low = high = 0
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            start = dt.date.fromisoformat(row["date_start"]).toordinal()
            end = dt.date.fromisoformat(row["date_end"] or row["date_start"]).toordinal()
            pcode = UCDP_PCODES[row["adm_1"]] if row["adm_1"] else None
            if start >= first and end <= last and (area == "all" or pcode == area):
                low, high = low + int(row["low"]), high + int(row["high"])
    return low, high


KEYS = {0: "events", 1: "deaths", 2: "civilian_deaths"}


def expected_changes(rows, all_rows, start: str, end: str, measures, ranged=None) -> list[dict]:
    """What the headline sentence of each measure states against the average of the previous 4
    weeks: its count (``ranged``: the deaths' low and high, UCDP), the reference as printed,
    the change in whole percent and the level; no reference when the data do not cover it."""
    a, b = (dt.date.fromisoformat(d).toordinal() for d in (start, end))
    first = min(r[0] for r in all_rows)
    current = counts(rows, a, b)
    window = Period.of(dt.date.fromordinal(a - 28), dt.date.fromordinal(a - 1)).label
    said = []
    for i in measures:
        stated = [current[i]]
        if i == 1 and ranged and ranged != (current[1], current[1]):
            stated += list(ranged)
        change = {"key": KEYS[i], "stated": stated, "window": window, "level": None}
        if a - 28 >= first:
            reference = sum(counts(rows, a - 7 * j, b - 7 * j)[i] for j in range(1, 5)) / 4
            name, guarded = level(current[i], reference)
            shown = reference_text(reference, current[i]) if reference else None
            pct = None if guarded or not reference else (current[i] - reference) / reference * 100
            change.update(level=name, guarded=guarded, reference=shown, pct=pct)
        said.append(change)
    return said


def change_said(said, key: str):
    """The headline sentence (``trends_change``) that states result ``key``."""
    (found,) = [s for s in said.all("trends_change") if key in s.values]
    return found


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    acled, ucdp, hdx = (str(_need(REALDATA.joinpath(*f))) for f in (ACLED, UCDP, HDX))
    runs = [
        {"casualties_path": acled, "governorate": g, "start_date": s, "end_date": e}
        for g, s, e in (FLARE_ACLED, CALM_ACLED, BEFORE)
    ]
    runs += [
        {"casualties_path": ucdp, "governorate": g, "start_date": s, "end_date": e}
        for g, s, e in (FLARE_UCDP, ALERT_UCDP)
    ]
    runs.append(
        {
            "casualties_path": hdx,
            "governorate": "all",
            "start_date": "2025-01-01",
            "end_date": "2025-01-31",
        }
    )
    folder = tmp_path_factory.mktemp("trends")
    path = folder / "trends.yaml"
    lines = [f"notebook: {REPO / 'notebooks' / 'trends.ipynb'}", "formats: [html, pdf]", "runs:"]
    lines += [f"  - {json.dumps(run)}" for run in runs]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "out"
    done = sitrep_batch(path, out, "--workers", "2")
    assert done.returncode == 0, done.stderr
    found = {}
    for entry in manifest(out).values():
        p = entry["parameters"]
        key = (Path(p["casualties_path"]).name, p["governorate"], p["start_date"])
        found[key] = {
            "pdf": unmarked_pdf_text(entry["outputs"]["pdf"]["path"]),
            "html": Path(entry["outputs"]["html"]["path"]).read_text(encoding="utf-8"),
            "entry": entry,
        }
    return found, {"acled": acled, "ucdp": ucdp}


def one(rendered, file, case):
    found, _ = rendered
    governorate = case[0] if case[0] == "all" else NAMES[case[0]]
    return found[(file[1], case[0] if case[0] == "all" else governorate, case[1])]


@pytest.mark.parametrize(
    ("file", "case"),
    [(ACLED, FLARE_ACLED), (ACLED, CALM_ACLED), (UCDP, FLARE_UCDP)],
    ids=["acled-flare", "acled-calm", "ucdp-flare"],
)
def test_the_pdf_states_the_change_computed_from_the_raw_file(rendered, file, case):
    paths = rendered[1]
    everything = raw_acled(paths["acled"]) if file is ACLED else raw_ucdp(paths["ucdp"])
    area, start, end = case
    rows = [r for r in everything if area == "all" or r[2] == area]
    report = one(rendered, file, case)
    text, said = report["pdf"], read(report["html"])
    assert "What changed" in text
    if file is ACLED:
        changes = expected_changes(rows, everything, start, end, (0, 1))
        # this ACLED export does not say who was killed
        assert not [s for s in said.all("trends_change") if "civilian_deaths" in s.values]
    else:
        a, b = (dt.date.fromisoformat(d).toordinal() for d in (start, end))
        ranged = ucdp_range(paths["ucdp"], area, a, b)
        changes = expected_changes(rows, everything, start, end, (0, 1, 2), ranged)
    for change in changes:
        sentence = change_said(said, change["key"])
        assert sentence.stated(change["key"]).numbers == change["stated"], sentence.text
        assert change["window"] in sentence.text  # the 4 weeks before, named
        numbers = numbers_in(sentence.text)
        if change["level"] is None:  # the data do not cover the baseline: no level
            assert not [name for name in SAID_LEVELS if name in sentence.text], sentence.text
            continue
        assert term("change_level", level=change["level"]) in sentence.text, sentence.text
        if change["reference"] is not None:
            assert float(change["reference"].replace(",", "")) in numbers, sentence.text
        if change["guarded"]:
            assert "because the numbers are small" in sentence.text
        elif change["pct"] is not None:
            assert round(change["pct"]) in numbers, sentence.text
    assert "ACLED Trendfinder" in text and "HDX Signals" in text  # the methods are cited


def test_a_flare_and_a_calm_week_read_as_such(rendered):
    flare = one(rendered, ACLED, FLARE_ACLED)
    calm = one(rendered, ACLED, CALM_ACLED)
    assert "Events: 52 against 24.8" in flare["pdf"] and "large increase" in flare["pdf"]
    assert re.search(r"Events: 1 against 21 \([^)]*\): -95%, large decrease", calm["pdf"])
    # the front page gets the same level as the report states
    assert flare["entry"]["figures"]["extra"]["change_level"] == "large increase"
    assert calm["entry"]["figures"]["extra"]["change_level"] == "large decrease"


def test_the_alert_is_the_hdx_signals_rule_on_the_raw_file(rendered):
    everything = raw_ucdp(rendered[1]["ucdp"])
    area, _, end = ALERT_UCDP
    rows = [r for r in everything if r[2] == area]
    b = dt.date.fromisoformat(end).toordinal()
    level_, max1, max2 = expected_alert(rows, b, min(r[0] for r in everything))
    total = counts(rows, b - 29, b)[1]
    assert level_ == 1 and max1 is not None and max2 is not None  # both levels tested
    window = Period.of(dt.date.fromordinal(b - 29), dt.date.fromordinal(b)).label
    report = one(rendered, UCDP, ALERT_UCDP)
    alert = read(report["html"]).sentence("trends_alert").text
    a = b - 6  # the week's first day

    def days(n: int) -> str:
        return f"{n} day{'s' if n != 1 else ''}"

    def where(back: int, most: int) -> str:
        """The 30 days of the highest earlier total (the first, on a tie), and how they lie
        against the week: the threshold's days, said beside it."""
        ends = [d for d in range(b - back, b) if window_sum(rows, d) == most]
        last = min(ends)
        label = Period.of(dt.date.fromordinal(last - 29), dt.date.fromordinal(last)).label
        if last < a:
            return f"{label}, before the period"
        return f"{label}, which overlaps the period by {days(last - a + 1)}"

    assert "level 1" in alert and "level 2" not in alert
    assert {total, max1, max2} <= set(numbers_in(alert))  # the window's deaths, both maxima
    for said in (window, where(366, max1), where(1096, max2)):  # the days of each, placed
        assert said in alert, (said, alert)
    assert report["entry"]["figures"]["extra"]["alert"] == "level 1"  # the front page's


def test_a_period_before_the_data_gives_no_level_and_says_why(rendered):
    report = one(rendered, ACLED, BEFORE)
    text = report["pdf"]
    first, last = (dt.date.fromordinal(d) for d in recorded(rendered[1]["acled"], "acled"))
    covered = Period.of(first, last).label
    assert covered == "1 January 2017 to 2 June 2023"
    outside = read(report["html"]).sentence("trends_outside").text
    assert covered in outside and "2 to 8 May 2016" in outside
    assert 'class="sitrep-level' not in report["html"]  # no level shown, not even "none"
    assert "Notable incidents" not in text and "Governorates compared" not in text
    assert report["entry"]["figures"]["extra"]["change_level"] is None


def test_monthly_aggregates_say_what_they_cannot_compare(rendered):
    found, _ = rendered
    report = found[(HDX[1], "all", "2025-01-01")]
    said = read(report["html"])
    # the 4 months before January 2025 start on 1 September 2024, before the file's first day
    (events,) = [s for s in said.all("trends_change") if "events" in s.values]
    assert "1 January 2025" in events.text and "1 September 2024" in events.text
    assert not [name for name in SAID_LEVELS if name in events.text]
    partial = {"month": pd.Timestamp("2025-01-01"), "as_of": pd.Timestamp("2025-01-10")}
    partial.update(days=10, month_days=31, area=None)  # the file's date: in its name
    notes = [n.text for n in said.noted("partial_month")]
    assert notes and set(notes) == {words("disclosure_partial_month", items=[partial])}
    alts = [alt for alt, _ in figures(report["html"])]
    assert [alt for alt in alts if "14 governorates" in alt and "per month" in alt]


def test_incidents_are_the_sources_words_escaped(rendered):
    html = one(rendered, UCDP, FLARE_UCDP)["html"]
    section = html.split('id="notable-incidents"')[1].split('id="where-events-happened"')[0]
    assert "Kafr Batna" in section and "Eastern Ghouta" in section
    assert section.count('class="sitrep-incident-notes"') == 10


def test_the_situation_report_opens_with_its_brief_then_what_changed(tmp_path):
    acled = str(_need(REALDATA.joinpath(*ACLED)))
    area, start, end = FLARE_ACLED
    done = sitrep(
        "render", "situation_report", "--out", tmp_path, "-p", "casualties_path", acled,
        "-p", "governorate", area, "-p", "start_date", start, "-p", "end_date", end,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (pdf,) = tmp_path.glob("situation_report_*.pdf")
    text = unmarked_pdf_text(pdf)
    everything = raw_acled(acled)
    rows = [r for r in everything if r[2] == area]
    brief = text[text.index("Highlights") : text.index("What changed")]  # the brief first
    # the brief states the week's deaths with their change on the average of the 4 weeks before
    a, b = (dt.date.fromisoformat(d).toordinal() for d in (start, end))
    current = counts(rows, a, b)[1]
    reference = sum(counts(rows, a - 7 * j, b - 7 * j)[1] for j in range(1, 5)) / 4
    name, guarded = level(current, reference)
    assert not guarded and reference
    pct = (current - reference) / reference * 100
    words = f"{'up' if pct > 0 else 'down'} {abs(pct):.0f}% on the average of the previous 4 weeks"
    said = f"{words} ({term('change_level', level=name)})"
    assert f"{current:,}" in brief and said in brief, (said, brief)
