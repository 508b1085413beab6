"""No machine residue in what a reader receives (issue 16, section 4), through the real pipeline:
no instruction to the operator and no parameter name anywhere in the HTML or PDF (the advice
goes to `sitrep render`'s stderr as `sitrep: note: ...`), no file name before Sources and method
(sources are named by what they hold; the file is named there once), and a section with nothing
to show left out, Sources and method saying why in a reader's words. Each report is also checked
by `sitrep check`, which must find nothing."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from analysis.metrics.results import Period
from analysis.report.check import check
from tests.integration.reader import pdf_text, sitrep
from tests.said import ANY, read, says

pytestmark = pytest.mark.slow

PARAMETERS = (
    "casualties_path",
    "compare_path",
    "health_attacks_path",
    "displacement_path",
    "control_path",
    "boundaries_path",
    "front_faction",
)
_DROP = re.compile(r"<(style|script)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def _text(markup: str) -> str:
    return " ".join(htmllib.unescape(_TAGS.sub(" ", _DROP.sub(" ", markup))).split())


def _parts(path) -> tuple[str, str]:
    """The reader's text of an HTML report before its Sources and method, and from there on."""
    markup = path.read_text(encoding="utf-8")
    body, found, back = markup.partition('<h2 id="sources-and-method">')
    assert found, "no Sources and method"
    return _text(body), _text(back)


def _left_out(path) -> str:
    """What Sources and method says was left out, and why (its ``left_out`` sentences)."""
    markup = path.read_text(encoding="utf-8").partition('<h2 id="sources-and-method">')[2]
    return " ".join(s.text for s in read(markup).all("left_out"))


def _render(tmp_path, notebook, *params):
    out = tmp_path / notebook
    args = [arg for name, value in params for arg in ("-p", name, value)]
    done = sitrep("render", notebook, *args, "--out", out, "--to", "html,pdf")
    assert done.returncode == 0, done.stderr
    (html,) = out.glob("*.html")
    notes = [line for line in done.stderr.splitlines() if line.startswith("sitrep: note: ")]
    return html, html.with_suffix(".pdf"), notes


def _no_operator_words(html, pdf):
    body, back = _parts(html)
    for text in (body, back, pdf_text(pdf)):
        for name in PARAMETERS:
            assert name not in text
        assert "choose a period" not in text.lower() and "give a " not in text.lower()
    (checked,) = check([html, pdf])
    assert checked.findings == [], "\n".join(f.line() for f in checked.findings)


def test_tolls_report_advises_the_operator_and_says_what_is_missing_in_a_readers_words(tmp_path):
    html, pdf, notes = _render(tmp_path, "casualties")
    _no_operator_words(html, pdf)
    assert any("event file as casualties_path" in n for n in notes)
    assert any("health_attacks_path" in n for n in notes)
    body, back = _parts(html)
    assert "Deaths in recorded events" not in body  # no section with nothing to show
    assert says(_left_out(html), "left_out", items=[{"part": "events", "source": ANY}])
    assert "Attacks on health care" not in body + back  # no file asked for: nothing said


def test_control_on_acled_names_its_source_by_content_and_the_file_once(tmp_path, realdata):
    acled = realdata(
        "acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv"
    )
    params = [
        ("control_path", str(acled)),
        ("start_date", "2019-12-23"),
        ("end_date", "2019-12-29"),
        ("governorate", "Idleb"),
    ]
    html, pdf, notes = _render(tmp_path, "territorial_control", *params)
    _no_operator_words(html, pdf)
    body, back = _parts(html)
    assert acled.name not in body
    assert back.count(acled.name) == 1  # once, in Sources and method
    assert "Source: ACLED (territory sub-events)" in body  # the key-figure boxes
    # ACLED has no shares of territory; the table of the body lists every change of the week,
    # so no annex repeats it: both left out, and Sources and method says why
    assert "Reported shares of territory" not in body
    said = _left_out(html)
    source = "ACLED (territory sub-events)"
    assert says(said, "left_out", items=[{"part": "shares_file", "source": source}])
    assert "Annex" not in back.split("Sources and method", 1)[1]
    assert says(said, "left_out", items=[{"part": "annex"}])
    assert notes == []


def test_yearly_figures_and_a_week_advise_a_period_with_31_december(tmp_path, realdata):
    unhcr = realdata("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
    params = [
        ("displacement_path", str(unhcr)),
        ("start_date", "2020-03-01"),
        ("end_date", "2020-03-07"),
    ]
    html, pdf, notes = _render(tmp_path, "displacement", *params)
    _no_operator_words(html, pdf)
    body, back = _parts(html)
    assert "none does in 1 to 7 March 2020" in body
    week = Period.of("2020-03-01", "2020-03-07")
    nearest = {"before": 2019, "after": 2020, "first": ANY, "last": ANY}
    assert says(body, "displacement_unhcr_no_year", period=week, **nearest)
    assert says(_left_out(html), "left_out", items=[{"part": "displacement_none", "period": week}])
    assert back.count(unhcr.name) == 1 and unhcr.name not in body
    assert notes == [
        "sitrep: note: Give a period that includes 31 December (for a one-year report, "
        "1 January to 31 December) to see UNHCR's end-of-year figures."
    ]


def test_trends_of_monthly_counts_say_which_parts_monthly_data_cannot_show(tmp_path, realdata):
    hdx = realdata(
        "acled_hdx_aggregates_syria_2025_01",
        "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv",
    )
    params = [
        ("casualties_path", str(hdx)),
        ("start_date", "2025-01-01"),
        ("end_date", "2025-01-07"),
    ]
    html, pdf, notes = _render(tmp_path, "trends", *params)
    _no_operator_words(html, pdf)
    body, back = _parts(html)
    assert "no month ends in 1 to 7 January 2025" in body
    assert "Governorates compared" not in body and "Notable incidents" not in body
    said = _left_out(html)
    week = Period.of("2025-01-01", "2025-01-07")
    assert says(
        said, "left_out", items=[{"part": "trends_no_month", "source": ANY, "period": week}]
    )
    assert says(said, "left_out", items=[{"part": "trends_monthly"}])
    assert back.count(hdx.name) == 1 and hdx.name not in body
    assert any("last day of a month" in n for n in notes)
