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

import pytest

from analysis.metrics.results import Period
from tests.conftest import REALDATA, _need
from tests.integration.reader import REPO, sitrep, unmarked_pdf_text
from tests.integration.test_batch import manifest, sitrep_batch
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


def expected_sentences(rows, all_rows, start: str, end: str, measures, ranged=None) -> list[str]:
    """The headline sentence of each measure against the average of the previous 4 weeks;
    ``ranged``: the deaths' low and high (UCDP), shown after the best estimate."""
    a, b = (dt.date.fromisoformat(d).toordinal() for d in (start, end))
    first = min(r[0] for r in all_rows)
    current = counts(rows, a, b)
    window = Period.of(dt.date.fromordinal(a - 28), dt.date.fromordinal(a - 1)).label
    said = []
    for i in measures:
        lead = f"{LABELS[i]}: {current[i]:,}"
        if i == 1 and ranged and ranged != (current[1], current[1]):
            lead += f" ({ranged[0]:,}–{ranged[1]:,})"
        if a - 28 < first:
            said.append(
                f"{lead}; no change level against the average of the previous 4 weeks ({window}):"
            )
            continue
        reference = sum(counts(rows, a - 7 * j, b - 7 * j)[i] for j in range(1, 5)) / 4
        name, guarded = level(current[i], reference)
        if guarded:
            shown = reference_text(reference, current[i]) if reference else "none"
            said.append(f"{lead} against {shown}")
            said.append(f"{name}, because the numbers are small")
        elif reference == 0:
            said.append(f"{lead} against none (the average of the previous 4 weeks, {window})")
        else:
            pct = (current[i] - reference) / reference * 100
            said.append(
                f"{lead} against {reference_text(reference, current[i])} (the average of the "
                "previous 4 "
                f"weeks, {window}): {pct:+.0f}%, {name}."
            )
    return said


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
    text = one(rendered, file, case)["pdf"]
    assert "What changed" in text
    if file is ACLED:
        sentences = expected_sentences(rows, everything, start, end, (0, 1))
        assert "Civilian deaths:" not in text  # this ACLED export does not say who was killed
    else:
        a, b = (dt.date.fromisoformat(d).toordinal() for d in (start, end))
        ranged = ucdp_range(paths["ucdp"], area, a, b)
        sentences = expected_sentences(rows, everything, start, end, (0, 1, 2), ranged)
    for said in sentences:
        assert said in text, said
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
    text = one(rendered, UCDP, ALERT_UCDP)["pdf"]
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

    assert (
        f"Alert, level 1 (HDX Signals' rule): {total:,} deaths in {window}: the period's 7 days "
        f"and the 23 days before it; at or above the highest 30-day total of the previous 366 "
        f"days: {max1:,}, in {where(366, max1)}; but under the highest of the previous 1,096 "
        f"days: {max2:,}, in {where(1096, max2)}."
    ) in text


def test_a_period_before_the_data_gives_no_level_and_says_why(rendered):
    report = one(rendered, ACLED, BEFORE)
    text = report["pdf"]
    first, last = (dt.date.fromordinal(d) for d in recorded(rendered[1]["acled"], "acled"))
    covered = Period.of(first, last).label
    assert covered == "1 January 2017 to 2 June 2023"
    assert (
        f"The data cover {covered}; 2 to 8 May 2016 is outside them: nothing can be counted or "
        "compared for this period."
    ) in text
    assert 'class="sitrep-level' not in report["html"]  # no level shown, not even "none"
    assert "Notable incidents" not in text and "Governorates compared" not in text
    assert report["entry"]["figures"]["extra"]["change_level"] is None


def test_monthly_aggregates_say_what_they_cannot_compare(rendered):
    found, _ = rendered
    report = found[(HDX[1], "all", "2025-01-01")]
    text = report["pdf"]
    assert "the data start on 1 January 2025, the baseline needs data from 1 September 2024" in text
    assert (
        "Partial month: the file runs to 10 January 2025, so January 2025 is counted only to "
        "that day (10 of its 31 days)"
    ) in text
    assert "Deaths per month in each of the 14 governorates" in report["html"]


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
    assert f"{current:,}" in brief and f"{words} ({name})" in brief, (words, brief)
