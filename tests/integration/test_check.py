"""`sitrep check` on real PDFs: crafted reports exported by our nbconvert template and printed by
our Chromium (`analysis.report.browser.Browser`), so pages and line breaks are real; then the
five notebooks rendered through `sitrep render` and checked as an analyst would.

The second part is a BASELINE: today's reports are not publishable yet (issue 16), and the test
asserts that the check still finds the problems they are known to have, so that it fails if
the check goes blind. As issue 16 lands, remove each fixed problem from KNOWN; when the issue is
done, KNOWN is empty and the test asserts that the check finds nothing.
"""

from __future__ import annotations

import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis.report.browser import Browser
from analysis.report.check import check
from analysis.report.export import to_html
from analysis.sections import blocks
from tests.conftest import REALDATA, _need
from tests.integration.reader import sitrep

pytestmark = pytest.mark.slow

FILLER = " ".join(
    ["Deaths were recorded across the governorate during the week, as the monitors reported."] * 8
)
BREAK = '<div style="break-before: page"></div>'


def _cell(*markups):
    cell = new_code_cell("pass")
    cell.outputs = [
        new_output("display_data", data={"text/html": getattr(m, "data", m), "text/plain": "-"})
        for m in markups
    ]
    return cell


def _chart():
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot(range(30), [v % 7 for v in range(30)])
    ax.set_title("Deaths per day")
    return blocks.figure(fig, alt="Line chart of deaths per day.")


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    """A report with known problems on known pages, exported and printed for real."""
    nb = new_notebook(
        cells=[
            _cell(
                blocks.stylesheet() + "<h1>Crafted report: Syria</h1>"
                '<p class="sitrep-subtitle">27 November to 31 December 2024 · syria-sitrep</p>',
                blocks.heading("What changed"),
                "<p>NARROW-PARAGRAPH</p>",  # replaced after the export, see below
                blocks.paragraph(FILLER),
            ),
            # page 2: a heading and one line, nothing else: nearly blank
            _cell(
                BREAK, blocks.heading("Deaths in recorded events"), blocks.paragraph("1 deaths.")
            ),
            # page 3: a heading and a chart only: not blank
            _cell(BREAK, blocks.heading("Deaths per day"), _chart()),
            # page 4: a file name in a key-figure box, an instruction to the operator
            _cell(
                BREAK,
                blocks.heading("Key figures"),
                '<div class="sitrep-key-figures"><div class="sitrep-kf"><div '
                'class="sitrep-kf-label">People killed</div><div class="sitrep-kf-value">910'
                '</div><div class="sitrep-kf-source">Source: syria-sitrep bundled tolls '
                "(casualty_tolls.csv)</div></div></div>",
                blocks.paragraph(FILLER),
                '<div class="sitrep-note"><p>No change is computed. Give an ACLED event file as '
                "<code>casualties_path</code> to compare the period.</p></div>",
                # back matter: file names allowed, a short last page allowed
                blocks.heading("Sources and method"),
                blocks.paragraph("Tolls: casualty_tolls.csv."),
            ),
            _cell(BREAK, blocks.heading("Annex"), blocks.paragraph("Short.")),
        ]
    )
    folder = tmp_path_factory.mktemp("crafted")
    html = folder / "crafted.html"
    # A narrow paragraph whose range breaks after its dash, put in after the export (which
    # keeps every range of the report's own text on one line).
    narrow = (
        '<p style="width: 10.5em">People displaced: 1,100,000 (900,000–1,300,000) by '
        "12 December.</p>"
    )
    exported = to_html(nb, "Crafted report: Syria, 2024-11-27 to 2024-12-31")
    html.write_text(exported.replace("<p>NARROW-PARAGRAPH</p>", narrow), "utf-8")
    browser = Browser()
    try:
        browser.print_pdf(html, html.with_suffix(".pdf"))
    finally:
        browser.close()
    return html, html.with_suffix(".pdf")


def test_findings_on_the_pages_of_a_real_pdf(crafted):
    html, pdf = crafted
    (checked,) = check([html, pdf])
    assert [(f.rule, f.page, f.section) for f in checked.findings] == [
        ("broken-range", 1, "What changed"),
        ("blank-page", 2, "Deaths in recorded events"),
        ("plural", 2, "Deaths in recorded events"),
        ("operator-phrase", 4, "Key figures"),
        ("file-name", 4, "Key figures"),
    ]
    broken, blank, *_ = checked.findings
    assert broken.what == 'range split across two lines: "1,100,000 (900,000–" / "1,300,000) by 12"'
    assert blank.what == (
        "nearly blank page in the body: 2 lines of text and no figure: "
        '"Deaths in recorded events / 1 deaths."'
    )
    assert all(f.file == pdf for f in checked.findings)


def test_a_pdf_alone_finds_the_page_rules_and_the_text(crafted):
    _, pdf = crafted
    (checked,) = check([pdf])
    assert [(f.rule, f.page) for f in checked.findings] == [
        ("broken-range", 1),
        ("blank-page", 2),
        ("plural", 2),
        ("operator-phrase", 4),
        ("file-name", 4),
    ]
    assert "empty-heading" in checked.skipped


def test_the_command_on_a_real_pdf(crafted):
    html, pdf = crafted
    done = sitrep("check", html, pdf)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == (
        f'{pdf}: page 1: broken-range: range split across two lines: "1,100,000 (900,000–" / '
        '"1,300,000) by 12"'
    )
    assert len(lines) == 5
    assert done.stderr.splitlines() == [
        "sitrep check: 5 findings in 1 of 1 report (blank-page 1, operator-phrase 1, "
        "file-name 1, broken-range 1, plural 1)"
    ]


# ------------------------------------------------------------------------------------- BASELINE

ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
RENDERS = {
    "situation_report": (),
    "casualties": (),
    "displacement": (),
    "territorial_control": (),
    "trends": (
        ("casualties_path", "ACLED"),
        ("start_date", "2019-12-23"),
        ("end_date", "2019-12-29"),
        ("governorate", "Idleb"),
    ),
}

KNOWN = {
    # notebook: problems found in its report today, as (rule, section, text in the finding).
    # BASELINE: remove each one as issue 16 fixes it; at the end KNOWN is empty.
    "situation_report": [
        ("empty-heading", "Annex", '"Sources: Casualties"'),
    ],
    "casualties": [],
    "displacement": [],
    "territorial_control": [],
    "trends": [],
}


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """The five notebooks rendered once (four with the bundled data, trends on the real
    ACLED file), HTML and PDF."""
    folder = tmp_path_factory.mktemp("renders")
    made = {}
    for notebook, given in RENDERS.items():
        args = []
        for name, value in given:
            value = _need(REALDATA.joinpath(*ACLED)) if value == "ACLED" else value
            args += ["-p", name, value]
        out = folder / notebook
        done = sitrep("render", notebook, *args, "--out", out, "--to", "html,pdf")
        assert done.returncode == 0, done.stderr
        (html,) = out.glob("*.html")
        made[notebook] = (html, html.with_suffix(".pdf"))
    return made


@pytest.mark.parametrize("notebook", list(RENDERS))
def test_baseline_the_check_still_finds_what_todays_reports_hold(renders, notebook):
    """BASELINE, to become "finds nothing" when issue 16 lands (see KNOWN)."""
    html, pdf = renders[notebook]
    (checked,) = check([html, pdf])
    shown = "\n".join(f.line() for f in checked.findings)
    for rule, section, text in KNOWN[notebook]:
        assert any(
            f.rule == rule and f.section == section and text in f.what for f in checked.findings
        ), f"{notebook}: no {rule} in {section!r} with {text!r}; found:\n{shown}"
    if not KNOWN[notebook]:
        assert checked.findings == [], shown
    # every finding of the HTML is found again on a page of the PDF
    pages = len(checked.findings) and max(f.page or 0 for f in checked.findings)
    assert all(f.page is not None for f in checked.findings), shown
    assert pages <= 40


def test_the_check_of_the_default_situation_report_is_fast(renders):
    html, pdf = renders["situation_report"]
    check([html, pdf])  # the rules file and pypdf loaded once
    start = time.perf_counter()
    check([html, pdf])
    assert time.perf_counter() - start < 2.0
