"""`sitrep check` on crafted reports: each rule finds what it should, with its section and the
quoted text, and nothing in clean text. No kernel, no browser (the PDF side is in
tests/integration/test_check.py and test_check_sweep.py)."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import DataValidationError, ParameterError
from analysis.report.check import check, rules
from analysis.report.check.findings import quote
from analysis.report.check.pdf_reader import Line, OutlineEntry, Page, PdfReport
from analysis.report.check.vocabulary import RULES_FILE, parse, vocabulary
from analysis.sections import blocks

HEAD = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/>'
    '<meta content="syria-sitrep" name="generator"/><title>Situation report</title>'
    "<style>.jp-Cell { padding: 0 }</style></head>"
    '<body class="jp-Notebook"><main>'
)
OUTPUT = (
    '<div class="jp-OutputArea-child"><div class="jp-RenderedHTMLCommon jp-RenderedHTML '
    'jp-OutputArea-output" data-mime-type="text/html" tabindex="0">{}</div></div>'
)
TITLE = (
    "<h1>Situation report: Syria</h1>"
    '<p class="sitrep-subtitle">27 November to 31 December 2024 · syria-sitrep 0.1.0</p>'
    '<nav class="sitrep-toc"><strong>Contents</strong><ol><li><a href="#a">'
    "casualties_path.csv</a></li></ol></nav>"
)


def report(tmp_path, *outputs, name="report.html"):
    """A report shaped like the export: each output in nbconvert's wrappers, in one cell."""
    cells = "".join(OUTPUT.format(getattr(o, "data", o)) for o in (TITLE, *outputs))
    body = f'<div class="jp-Cell jp-CodeCell jp-mod-noInput"><div class="jp-OutputArea">{cells}'
    path = tmp_path / name
    path.write_text(HEAD + body + "</div></div></main></body></html>", encoding="utf-8")
    return path


def findings(path):
    (checked,) = check([path])
    return [(f.rule, f.section, f.what) for f in checked.findings]


def rule(path, name):
    return [(section, what) for r, section, what in findings(path) if r == name]


def chart(footnote="Source: UCDP GED. Data as of 31 December 2024."):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar([1, 2, 3], [3, 1, 2])
    fig.text(0.01, 0.01, footnote)
    return blocks.figure(fig, alt="Bar chart of deaths per day.", caption="Deaths per day.")


SOURCES = [
    blocks.heading("Sources and method"),
    blocks.paragraph("Events: UCDP GED 25.1 (ged251.csv), read from ~/data/ged251.csv."),
]


def clean_report(tmp_path):
    frame = pd.DataFrame({"governorate": ["Idleb", "Aleppo"], "deaths": [12, 1]})
    return report(
        tmp_path,
        blocks.heading("Key figures"),
        '<div class="sitrep-key-figures"><div class="sitrep-kf"><div class="sitrep-kf-label">'
        'People killed</div><div class="sitrep-kf-value">1 death</div><div '
        'class="sitrep-kf-detail">27 November to 31 December 2024</div><div '
        'class="sitrep-kf-source">Source: UCDP GED, to 31 December 2024</div></div></div>',
        blocks.paragraph(
            "In Idleb, 1 death and 0 deaths the week before; 21 deaths, 1,000 deaths and 1.5 "
            "deaths on average; 2 death tolls and 3 event files; the 2024 report on Aleppo."
        ),
        '<p>Displaced: <span class="sitrep-range">900,000–1,300,000</span>.</p>',
        "<p>Displaced: 900,000–\u20601,300,000 (kept by a word joiner); 2019-12-23 is a date.</p>",
        blocks.paragraph("Change of control in Aleppo. Lower bounds are marked."),
        blocks.heading("Deaths per day"),
        chart(),
        blocks.heading("By governorate"),
        blocks.heading("Idleb", level=3),
        blocks.table(frame, {"governorate": "Governorate", "deaths": "Deaths"}, ["deaths"]),
        *SOURCES,
        blocks.heading("Annex"),
        blocks.table(
            frame.assign(deaths=[5, 7]), {"governorate": "Governorate", "deaths": "Deaths"}
        ),
        blocks.paragraph("Read from casualty_tolls.csv, 27\u00a0Nov\u00a0–\u2060\u00a08\u00a0Dec."),
    )


# ------------------------------------------------------------------------------- clean reports


def test_a_clean_report_has_no_finding(tmp_path):
    assert findings(clean_report(tmp_path)) == []


def test_the_cli_says_nothing_found_and_exits_0(tmp_path, capsys):
    assert main(["check", str(clean_report(tmp_path))]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "sitrep check: 1 report checked, nothing found; 1 without its PDF (blank-page not run: "
        "give NAME.html and NAME.pdf together)"
    ]


# ------------------------------------------------------------------------------ empty headings


def test_empty_headings_h2_and_h3(tmp_path):
    path = report(
        tmp_path,
        blocks.heading("What changed"),
        blocks.heading("Deaths in recorded events"),  # h2 with only an h3 that has content
        blocks.heading("Idleb", level=3),
        blocks.paragraph("12 deaths."),
        blocks.heading("Territorial control", level=3),  # h3 followed by an h3: empty
        blocks.bullets("Where sources disagree", ["SOHR and SNHR differ."]),
        blocks.heading("Displacement"),
        blocks.heading("Annex"),
        blocks.heading("Sources: Casualties", level=3),
    )
    assert rule(path, "empty-heading") == [
        (
            "What changed",
            '"What changed" has nothing under it (no text, figure, table or list) before the '
            "next heading",
        ),
        (
            "Deaths in recorded events",
            '"Territorial control" has nothing under it (no text, figure, table or list) '
            "before the next heading",
        ),
        (
            "Displacement",
            '"Displacement" has nothing under it (no text, figure, table or list) before the '
            "next heading",
        ),
        (
            "Annex",
            '"Annex" has nothing under it (no text, figure, table or list) before the next heading',
        ),
        (
            "Annex",
            '"Sources: Casualties" has nothing under it (no text, figure, table or list) '
            "before the next heading",
        ),
    ]


def test_a_heading_followed_by_a_figure_or_a_table_only_is_not_empty(tmp_path):
    frame = pd.DataFrame({"a": [1]})
    path = report(
        tmp_path,
        blocks.heading("Deaths per day"),
        chart(),
        blocks.heading("Table"),
        blocks.table(frame),
        blocks.heading("Sparkline"),
        '<svg class="sparkline"><title>Deaths</title><polyline points="0,0 1,1"/></svg>',
    )
    assert rule(path, "empty-heading") == []


# ------------------------------------------------------------------------------ repeated tables


def test_a_table_printed_in_the_body_and_the_annex_is_repeated(tmp_path):
    frame = pd.DataFrame({"date": ["2024-12-08"], "place": ["Hama"], "deaths": [3]})
    columns = {"date": "Date", "place": "Place", "deaths": "Deaths"}
    path = report(
        tmp_path,
        blocks.heading("Changes of control"),
        blocks.table(frame, columns, caption="The latest changes"),
        blocks.table(frame.assign(deaths=[4]), columns),  # other rows: not repeated
        blocks.heading("Annex"),
        blocks.table(frame, columns, caption="Every change of control"),
    )
    assert rule(path, "repeated-table") == [
        (
            "Annex",
            'table "Every change of control" (1 row) is printed twice: first under "Changes of '
            'control"',
        )
    ]


def test_the_same_records_under_other_columns_are_a_repeated_table(tmp_path):
    frame = pd.DataFrame(
        {"date": ["2024-12-05", "2024-12-06"], "place": ["Hama", "Rastan"], "event": ["x", "y"]}
    )
    frame["gained"] = ["HTS-led MOC", "HTS-led MOC"]
    caption = "Changes of control, Hama governorate (SY05), 1 to 8 December 2024"
    path = report(
        tmp_path,
        blocks.heading("Changes of control"),
        blocks.table(frame[["date", "place", "event"]], caption=caption),
        blocks.heading("Annex"),
        blocks.table(frame[["date", "place", "gained"]], caption=caption + ", most recent first"),
        blocks.table(frame[["date", "place", "gained"]].head(1), caption="One row: not enough"),
    )
    assert rule(path, "repeated-table") == [
        (
            "Annex",
            'table "Changes of control, Hama governorate (SY05), 1 to 8…" (2 rows) '
            'repeats the rows of another table: first under "Changes of control"',
        )
    ]


# ----------------------------------------------------------------------------- operator phrases


OPERATOR = [
    # what the reports print today (src/analysis/sections/sentences/*.j2), each a class
    (
        "No change is computed: the file holds reported cumulative tolls, not recorded events. "
        "Give a UCDP GED or Candidate, or an ACLED event file as <code>casualties_path</code> to "
        "compare the period with the periods before it.",
        "an instruction ('Give a'), a parameter or code name ('casualties_path'): "
        '"…events. Give a UCDP GED or Candidate, or an…"',
    ),
    (
        "The file covers January 2019 to March 2019: choose a period that includes the last day "
        "of one of its months.",
        "an instruction ('choose a'): \"…to March 2019: choose a period that includes the last…\"",
    ),
    (
        "No event file was given. Pass an event-level file (UCDP GED or ACLED export) as the "
        "casualties_path parameter for deaths per day.",
        "an instruction ('Pass an'), a parameter or code name ('casualties_path'), the notebook "
        "or its parameters ('parameter'): \"…file was given. Pass an event-level file (UCDP GED "
        'or…"',
    ),
    (
        "41 changes are in the period. Narrow the period or choose a governorate to list them all.",
        "an instruction ('Narrow the'): \"…in the period. Narrow the period or choose a "
        'governorate…"',
    ),
    (
        "Fronts are never mixed. The notebook's <code>front_faction</code> parameter chooses "
        "another faction.",
        'the notebook or its parameters ("notebook\'s"), a parameter or code name '
        "('front_faction'): \"…mixed. The notebook's front_faction parameter…\"",
    ),
    (
        "Write the files with --out reports/ged.",
        "a command-line option ('--out'): \"Write the files with --out reports/ged.\"",
    ),
    (
        "Then run `sitrep render trends` again.",
        "a command ('sitrep render'): \"Then run `sitrep render trends` again.\"",
    ),
    (
        "Printing stopped: set SITREP_PRINT_TIMEOUT to 600.",
        "an instruction ('set SITREP_PRINT_TIMEOUT'), an environment variable "
        "('SITREP_PRINT_TIMEOUT'): \"Printing stopped: set SITREP_PRINT_TIMEOUT to 600.\"",
    ),
    (
        "The map was not drawn: raise the timeout.",
        "an instruction ('raise the'), the notebook or its parameters ('timeout'): \"The map "
        'was not drawn: raise the timeout."',
    ),
    (
        "Roles come from ordered rules in analysis.factions.",
        "a module of the code ('analysis.factions'): \"Roles come from ordered rules in "
        'analysis.factions."',
    ),
]


@pytest.mark.parametrize(("text", "expected"), OPERATOR)
def test_operator_phrases_as_a_class(tmp_path, text, expected):
    path = report(
        tmp_path, blocks.heading("What changed"), f'<div class="sitrep-note"><p>{text}</p></div>'
    )
    assert rule(path, "operator-phrase") == [
        ("What changed", f"speaks to the operator: {expected}")
    ]


def test_operator_phrases_are_found_in_the_back_matter_too_and_once_per_sentence(tmp_path):
    path = report(
        tmp_path,
        blocks.heading("Sources and method"),
        blocks.paragraph(
            "Give a period inside the data, or a file that covers it. Set health_attacks_path "
            "to an incident file."
        ),
    )
    assert [s for s, _ in rule(path, "operator-phrase")] == ["Sources and method"] * 2


def test_no_operator_phrase_in_a_readers_text(tmp_path):
    path = report(
        tmp_path,
        blocks.heading("Changes of control"),
        blocks.paragraph(
            "Change of control in Aleppo. Lower bounds are marked. Set against the previous "
            "week, deaths rose. Use of force was reported (https://example.org/a_b_c.csv). "
            "The government's forces left; HTS-led MOC entered."
        ),
    )
    assert rule(path, "operator-phrase") == []


# ------------------------------------------------------------------------------------ file names


def test_file_names_in_headings_captions_boxes_charts_and_text(tmp_path):
    frame = pd.DataFrame({"a": [1, 2]})
    path = report(
        tmp_path,
        blocks.heading("Deaths in ged251.csv"),
        '<div class="sitrep-key-figures"><div class="sitrep-kf"><div class="sitrep-kf-source">'
        "Source: syria-sitrep bundled tolls (casualty_tolls.csv)</div></div></div>",
        chart("Source: ACLED (/home/a/data/acled_2017-01-01_2023-06-02.csv). Data as of 2023."),
        blocks.table(frame, caption="Rows of events.xlsx::Sheet 1"),
        blocks.paragraph("Read from archive.zip and shares.json.gz; see https://x.org/y.csv."),
        *SOURCES,
        blocks.heading("Annex"),
        blocks.paragraph("Rows of casualty_tolls.csv."),
    )
    assert rule(path, "file-name") == [
        ("Deaths in ged251.csv", '"ged251.csv" in a heading: "Deaths in ged251.csv"'),
        (
            "Deaths in ged251.csv",
            '"casualty_tolls.csv" in a key-figure box: "Source: syria-sitrep bundled tolls '
            '(casualty_tolls.csv)"',
        ),
        (
            "Deaths in ged251.csv",
            '"/home/a/data/acled_2017-01-01_2023-06-02.csv" in a chart: '
            '"…(/home/a/data/acled_2017-01-01_2023-06-02.csv). Data…"',
        ),
        (
            "Deaths in ged251.csv",
            '"events.xlsx" in a caption: "Rows of events.xlsx::Sheet 1"',
        ),
        (
            "Deaths in ged251.csv",
            '"archive.zip" in the text: "Read from archive.zip and shares.json.gz; see…"',
        ),
        (
            "Deaths in ged251.csv",
            '"shares.json.gz" in the text: "…archive.zip and shares.json.gz; see '
            'https://x.org/y.csv."',
        ),
    ]


# --------------------------------------------------------------------------------------- ranges


def test_ranges_not_kept_together_in_the_html(tmp_path):
    frame = pd.DataFrame({"figure": ["900,000–1,300,000"], "scope": ["27 Nov - 8 Dec"]})
    path = report(
        tmp_path,
        blocks.heading("Displacement"),
        blocks.paragraph("People displaced: 1,100,000 (900,000–1,300,000), 27 Nov - 8 Dec."),
        blocks.table(frame, numeric=["figure"]),  # a num cell keeps it; the scope cell does not
        blocks.paragraph("From 2017–2019; ISO dates 2019-12-23 are not ranges."),
    )
    assert rule(path, "broken-range") == [
        (
            "Displacement",
            'range not kept together (it may break across lines): "…displaced: '
            '1,100,000 (900,000–1,300,000), 27 Nov - 8 Dec."',
        ),
        (
            "Displacement",
            'range not kept together (it may break across lines): "…displaced: 1,100,000 '
            '(900,000–1,300,000), 27 Nov - 8 Dec."',
        ),
        ("Displacement", 'range not kept together (it may break across lines): "27 Nov - 8 Dec"'),
        (
            "Displacement",
            'range not kept together (it may break across lines): "From 2017–2019; ISO dates '
            '2019-12-23 are not ranges."',
        ),
    ]


def test_a_kept_range_before_a_comma_is_kept(tmp_path):
    """The situation report's key figures: "estimated 800,000–1,000,000, as of 8 December": the
    range is in its span and the comma after it belongs to the sentence, not to the number."""
    path = report(
        tmp_path,
        blocks.heading("Key figures"),
        '<p><strong>People displaced:</strong> <span class="sitrep-result" data-key="displaced"'
        ' data-disclosures="">estimated <span class="sitrep-range">800,000–1,000,000</span>'
        "</span>, as of 8 December 2024.</p>",
        blocks.paragraph("Kept apart: 800,000–1,000,000, as of 8 December 2024."),
    )
    assert rule(path, "broken-range") == [
        (
            "Key figures",
            'range not kept together (it may break across lines): "Kept apart: '
            '800,000–1,000,000, as of 8 December 2024."',
        )
    ]
    (found,) = vocabulary().range_pattern.findall("1,100,000 (800,000–1,000,000,2)")
    assert found == ("800,000", "1,000,000")


def test_broken_ranges_across_lines_and_pages_of_a_pdf():
    lines = [
        ["Displaced: 1,100,000 (900,000–", "1,300,000), reported on 9 December"],
        ["scope: Syria 27", "Nov - 8 Dec", "2024-12-03 SNHR 149 NW Syria 27", "Nov - 3", "Dec"],
        ["From 2017 to 2019 the", "data cover 27 November 2024 –"],
        ["31 December 2024 in full."],
    ]
    pdf = _pdf(lines)
    found = rules.broken_ranges(pdf, vocabulary())
    assert [(f.page, f.what) for f in found] == [
        (
            1,
            'range split across two lines: "Displaced: 1,100,000 (900,000–" / "1,300,000), '
            'reported on 9…"',
        ),
        (2, 'range split across two lines: "scope: Syria 27" / "Nov - 8 Dec"'),
        (2, 'range split across two lines: "2024-12-03 SNHR 149 NW Syria 27" / "Nov - 3"'),
        (
            3,
            'range split across two lines: "data cover 27 November 2024 –" / "31 December 2024 '
            'in full."',
        ),
    ]


# --------------------------------------------------------------------------------------- plural


def test_plural_agreement(tmp_path):
    path = report(
        tmp_path,
        blocks.heading("Deaths"),
        blocks.paragraph(
            "1 deaths in 1 events at 1 places; 1 incidents; 1 people fled; 1 civilian deaths. "
            "0 death in Hama; 38 place."
        ),
    )
    assert [what.split(": ")[0] for _, what in rule(path, "plural")] == [
        '"1 deaths"',
        '"1 events"',
        '"1 places"',
        '"1 incidents"',
        '"1 people"',
        '"1 civilian deaths"',
        '"0 death"',
        '"38 place"',
    ]
    advice = [what.split(": ")[1] for _, what in rule(path, "plural")]
    assert advice[4] == "1 takes the singular ('person')"
    assert advice[6] == "0 takes the plural ('deaths')"


# ----------------------------------------------------------------------------------- disclosures


def _result(key, kinds, value, *marks):
    sups = "".join(
        f'<sup class="sitrep-mark"><a href="#{m}">{i}</a></sup>' for i, m in enumerate(marks, 1)
    )
    span = f'<span class="sitrep-result" data-key="{key}" data-disclosures="{kinds}">'
    return f"{span}{value}</span>{sups}"


def _note(ident, kind, text):
    return f'<p class="sitrep-disclosure" id="{ident}" data-kind="{kind}">{text}</p>'


def test_the_disclosure_convention_kept(tmp_path):
    path = report(
        tmp_path,
        blocks.heading("What changed"),
        f"<p>Deaths: {_result('deaths', 'crossing coarse', '94', 'd1', 'd2')} in the week.</p>",
        _note("d1", "crossing", "1. 27 events with 804 deaths cross the week's edges."),
        _note("d2", "coarse", "2. 12% of deaths are dated to a month only."),
        blocks.heading("Key figures"),
        '<div class="sitrep-key-figures"><div class="sitrep-kf"><div class="sitrep-kf-value">'
        + _result("deaths", "crossing", "94", "d3")
        + "</div></div></div>",
        _note("d3", "crossing", "1. 27 events with 804 deaths cross the week's edges."),
    )
    assert [f for f in findings(path) if f[0] in rules.RULES[-3:]] == []


def test_disclosures_missing_unresolved_and_unmarked(tmp_path):
    path = report(
        tmp_path,
        blocks.heading("What changed"),
        f"<p>Deaths: {_result('deaths', 'crossing coarse', '94', 'd1', 'd9')}.</p>",
        _note("d1", "crossing", "1. 27 events cross the week's edges."),
        f"<p>Civilians: {_result('civilians', 'coverage', '12')} killed.</p>",
        blocks.heading("Annex"),
        _note("d2", "coarse", "2. Dated to a month only."),  # another section: does not count
    )
    assert [(r, s, w) for r, s, w in findings(path) if r in rules.RULES[-3:]] == [
        (
            "missing-disclosure",
            "What changed",
            'result "deaths" ("94") needs the disclosure "coarse", and no note of that kind is '
            "in its section",
        ),
        (
            "unresolved-mark",
            "What changed",
            'marker "2" links to "#d9", which is no disclosure note in this report',
        ),
        (
            "missing-disclosure",
            "What changed",
            'result "civilians" ("12") needs the disclosure "coverage", and no note of that '
            "kind is in its section",
        ),
        (
            "unmarked-result",
            "What changed",
            'result "civilians" ("12") has disclosures (coverage) and no marker after it',
        ),
    ]


# ------------------------------------------------------------------------------------ PDF pages


def _pdf(pages, outline=()):
    return PdfReport(
        path=None,
        title="",
        pages=[
            Page(n, [Line(t, n, 700 - 14 * i, 10) for i, t in enumerate(lines)], 0, 0)
            for n, lines in enumerate(pages, start=1)
        ],
        outline=[OutlineEntry(t, d, p) for t, d, p in outline],
    )


def test_nearly_blank_pages_of_the_body_only():
    pages = [
        ["Situation report: Syria", "What changed", "Deaths rose.", "Key figures"],
        ["Reported death tolls", "Cumulative deaths as published."],  # nearly blank
        [],  # blank
        ["Sources and method", "Events: UCDP GED."],  # back matter: short pages allowed
        ["Annex"],
    ]
    outline = [
        ("Situation report: Syria", 0, 1),
        ("What changed", 1, 1),
        ("Reported death tolls", 1, 2),
        ("Sources and method", 1, 4),
        ("Annex", 1, 5),
    ]
    found = rules.blank_pages(_pdf(pages, outline), vocabulary())
    assert [(f.page, f.what) for f in found] == [
        (
            2,
            'nearly blank page in the body: 2 lines of text and no figure: "Reported death '
            'tolls / Cumulative deaths as published."',
        ),
        (3, "nearly blank page in the body: 0 lines of text and no figure"),
    ]


def test_a_page_with_a_figure_is_not_blank():
    pdf = _pdf([["Title", "a", "b", "c"], ["Deaths per day"], ["end"]])
    pdf.pages[1].segments = 400
    assert rules.blank_pages(pdf, vocabulary()) == []


def test_pdf_text_rules_know_the_back_matter_from_the_outline():
    pages = [
        ["Situation report: Syria", "Key figures", "Source: tolls (casualty_tolls.csv)"],
        ["1 deaths in Hama.", "Sources and method", "Read from casualty_tolls.csv."],
    ]
    outline = [
        ("Situation report: Syria", 0, 1),
        ("Key figures", 1, 1),
        ("Sources and method", 1, 2),
    ]
    pdf = _pdf(pages, outline)
    texts = rules.pdf_texts(pdf, vocabulary())
    names = rules.file_names(texts, vocabulary())
    assert [(f.page, f.section) for f in names] == [(1, "Key figures")]
    assert [(f.page, f.what.split(":")[0]) for f in rules.plural(texts, vocabulary())] == [
        (2, '"1 deaths"')
    ]


# -------------------------------------------------------------------------------- the command


def test_the_cli_prints_one_line_per_finding_and_exits_1(tmp_path, capsys):
    path = report(
        tmp_path,
        blocks.heading("What changed"),
        blocks.paragraph("1 deaths. Give a UCDP GED file as casualties_path."),
    )
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f'{path}: section "What changed": operator-phrase: speaks to the operator: an '
        "instruction ('Give a'), a parameter or code name ('casualties_path'): \"1 deaths. Give "
        'a UCDP GED file as casualties_path."',
        f'{path}: section "What changed": plural: "1 deaths": 1 takes the singular (\'death\'): '
        '"1 deaths. Give a UCDP GED file as casualties_path."',
    ]
    assert err.splitlines() == [
        "sitrep check: 2 findings in 1 of 1 report (operator-phrase 1, plural 1); 1 without "
        "its PDF (blank-page not run: give NAME.html and NAME.pdf together)"
    ]


def test_the_cli_json(tmp_path, capsys):
    path = report(tmp_path, blocks.heading("Deaths"), blocks.paragraph("1 events."))
    assert main(["check", "--json", str(path)]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["findings"] == 1
    (checked,) = result["reports"]
    assert checked["html"] == str(path) and checked["pdf"] is None
    assert checked["rules_skipped"] == ["blank-page"]
    assert checked["findings"] == [
        {
            "rule": "plural",
            "what": '"1 events": 1 takes the singular (\'event\'): "1 events."',
            "section": "Deaths",
            "page": None,
            "file": str(path),
        }
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", "hello", "notes.txt: give a report's .html or .pdf"),
        ("page.html", "<html><p>1 deaths</p></html>", "is not a report made by sitrep"),
        ("report.pdf", "%PDF-1.4 broken", "cannot be read as a PDF"),
        ("text.pdf", "hello", "is not a PDF"),
    ],
)
def test_a_file_that_is_not_a_report_is_one_line_and_exit_2(
    tmp_path, capsys, name, content, message
):
    path = tmp_path / name
    path.write_text(content)
    assert main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("sitrep: error: ") and message in err


def test_a_missing_file_and_a_folder_are_refused(tmp_path):
    with pytest.raises(ParameterError, match="no such file"):
        check([tmp_path / "gone.html"])
    (tmp_path / "dir.html").mkdir()
    with pytest.raises(ParameterError, match="a folder"):
        check([tmp_path / "dir.html"])


def test_html_and_pdf_of_one_report_are_paired(tmp_path):
    from analysis.report.check import pair

    a, b, c = tmp_path / "r.html", tmp_path / "r.pdf", tmp_path / "s.pdf"
    for p in (a, b, c):
        p.write_text("x")
    assert pair([b, c, a]) == [(a, b), (None, c)]


# ----------------------------------------------------------------------------------- the rules


def test_every_rule_id_is_in_the_docs_and_the_docstring():
    import analysis.report.check as package
    from tests.conftest import REPO

    docs = (REPO / "docs" / "check.md").read_text(encoding="utf-8")
    for name in rules.RULES:
        assert f"`{name}`" in docs, name
        assert f"``{name}``" in package.__doc__, name


def test_the_rules_file_is_validated_on_load():
    import yaml

    spec = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    assert parse(spec).blank_min_lines == 4
    spec["operator_phrases"][0]["pattern"] = "(unclosed"
    with pytest.raises(DataValidationError, match="does not compile"):
        parse(spec)
    spec = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    spec["plural"]["nouns"].append(["death"])
    with pytest.raises(DataValidationError, match=r"\[singular, plural\] pairs"):
        parse(spec)
    spec = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    del spec["back_matter"]
    with pytest.raises(DataValidationError, match="'back_matter'"):
        parse(spec)


def test_quotes_are_at_most_60_characters_around_the_text():
    text = "No change is computed: the file holds reported tolls. " * 3 + "Give a file."
    shown = quote(text, text.index("Give"), len(text))
    assert len(shown) <= 60 and shown.startswith("…") and shown.endswith("Give a file.")
    assert quote("short") == "short"
    assert len(quote("x" * 200, 10, 150)) == 60
