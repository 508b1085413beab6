"""The Arabic edition of every report (issue 18, "Tests" and "Done means"), made the way a
newsroom makes both editions: one batch per notebook with ``matrix: {language: [en, ar]}`` on the
bundled data, plus both editions on one real file (Arabic-Indic digits in the Arabic one).

For each notebook: both editions rendered with readable run ids, and a bilingual front page and
overview; the Arabic PDF holds no English sentence (:mod:`tests.english`); both editions state
the same numbers (the typed key figures the notebook records for its batch, and every number
marked as a result, shown as a key figure or in a table); the Arabic PDF's bookmarks are in
Arabic and in reading order, and its pages are printed right to left. A governorate named in
Arabic (``-p governorate حلب``) gives the same report as Aleppo.

Every render is made once, by the module's fixtures, and shared by the tests.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import subprocess
from pathlib import Path

import pytest

from tests import said
from tests.conftest import REALDATA, _need
from tests.english import PUBLISHED, english, pdf_text, published_names
from tests.integration.reader import REPO, pdf_outline, sitrep
from tests.integration.test_batch import manifest, sitrep_batch

pytestmark = pytest.mark.slow

UCDP = ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
UNHCR = ("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
OCHA = ("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson")

REAL = {
    "casualties": {
        "casualties_path": UCDP,
        "governorate": "Aleppo",
        "start_date": "2017-01-01",
        "end_date": "2017-01-31",
    },
    "displacement": {
        "displacement_path": UNHCR,
        "governorate": "Hama",
        "start_date": "2011-01-01",
        "end_date": "2024-12-31",
    },
    "territorial_control": {
        "control_path": ACLED,
        "boundaries_path": OCHA,
        "start_date": "2019-12-01",
        "end_date": "2019-12-31",
    },
    "situation_report": {
        "casualties_path": UCDP,
        "displacement_path": UNHCR,
        "control_path": ACLED,
        "boundaries_path": OCHA,
        "start_date": "2018-02-19",
        "end_date": "2018-02-25",
    },
    "trends": {
        "casualties_path": ACLED,
        "governorate": "SY07",
        "start_date": "2019-12-23",
        "end_date": "2019-12-29",
    },
    "explore": {
        "data_path": UCDP,
        "governorate": "SY03",
        "start_date": "2018-02-19",
        "end_date": "2018-02-25",
        "section": "trends.governorates",
    },
}
"""For each notebook, the real file (in ../shared/realdata) and the period of its real-data
editions: a period the file covers, small enough to render quickly."""

NOTEBOOKS = tuple(REAL)
DATA = ("bundled", "real")
ARABIC = re.compile(r"[\u0600-\u06ff]")


def _real_available() -> bool:
    wanted = {v for values in REAL.values() for v in values.values() if isinstance(v, tuple)}
    return all(REALDATA.joinpath(*parts).exists() for parts in wanted)


def _batch_file(folder: Path, notebook: str, data: str) -> Path:
    """Both editions of ``notebook`` on the bundled data (the language matrix) or on its real
    file (the Arabic edition with Arabic-Indic digits)."""
    lines = [f"notebook: {notebook}", "formats: [html, pdf]"]
    if data == "bundled":
        lines.append("matrix: {language: [en, ar]}")
    else:
        given = {
            name: str(REALDATA.joinpath(*value)) if isinstance(value, tuple) else value
            for name, value in REAL[notebook].items()
        }
        lines.append(f"parameters: {json.dumps(given, ensure_ascii=False)}")
        lines.append("runs: [{language: en}, {language: ar, digits: arabic}]")
    path = folder / f"{notebook}-{data}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    """Every notebook's batches, run: {(notebook, data): output folder}. Without
    ../shared/realdata only the bundled ones (the real-data tests skip; under CI they fail)."""
    folder = tmp_path_factory.mktemp("editions")
    data = DATA if _real_available() else ("bundled",)
    done = {}
    for notebook in NOTEBOOKS:
        for kind in data:
            out = folder / f"{notebook}-{kind}"
            batch = _batch_file(folder, notebook, kind)
            ran = sitrep_batch(batch, out, "--continue-on-error")
            done[notebook, kind] = out if ran.returncode == 0 else ran.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def editions(batches):
    """{(notebook, data): {"en": entry, "ar": entry}}: the manifest entries of the editions (or
    the batch's error)."""
    made = {}
    for key, out in batches.items():
        if isinstance(out, str):
            made[key] = out
            continue
        runs = list(manifest(out).values())
        made[key] = {entry["parameters"].get("language") or "en": entry for entry in runs}
    return made


def _need_real(made: dict, notebook: str, data: str) -> None:
    """Skip (fail under CI) when ``made`` has no run on ``data`` for want of the real files."""
    if (notebook, data) not in made:
        _need(REALDATA.joinpath(*next(v for v in REAL[notebook].values() if isinstance(v, tuple))))


def _edition(editions, notebook: str, data: str) -> dict:
    """Both editions of ``notebook`` on ``data``; skipped without the real files (failed under
    CI), failed with the batch's error when a run failed."""
    _need_real(editions, notebook, data)
    made = editions[notebook, data]
    assert not isinstance(made, str), f"the batch of {notebook} on {data} data failed: {made}"
    assert set(made) == {"en", "ar"}, made
    return made


def _output(entry: dict, kind: str) -> Path:
    return Path(entry["outputs"][kind]["path"])


CASES = [pytest.param(nb, data, id=f"{nb}-{data}") for nb in NOTEBOOKS for data in DATA]


# --- 1. no English sentence in an Arabic PDF ---------------------------------------------------


BUNDLED = REPO / "data" / "offensive_2024"


@functools.cache
def _published(notebook: str, data: str) -> frozenset[str]:
    """The names the report's data files publish that stay Latin (tests/english.py)."""
    if data == "bundled":
        files = [BUNDLED / name for name in PUBLISHED if (BUNDLED / name).exists()]
    else:
        files = [REALDATA.joinpath(*v) for v in REAL[notebook].values() if isinstance(v, tuple)]
        files = [f for f in files if f.suffix == ".csv" and ("ged" in f.name or "acled" in f.name)]
    return frozenset(name for path in files for name in published_names(path))


@pytest.mark.parametrize(("notebook", "data"), CASES)
def test_the_arabic_pdf_has_no_english_sentence(editions, notebook, data):
    arabic = _edition(editions, notebook, data)["ar"]
    found = english(pdf_text(_output(arabic, "pdf")), _published(notebook, data))
    assert not found, f"{len(found)} English runs:\n" + "\n".join(found)


# --- 2. both editions state the same numbers ---------------------------------------------------

_VALUE = re.compile(
    r'class="sitrep-kf-value"[^>]*>(.*?)</|<td(?![^>]*class="date")[^>]*>(.*?)</td>', re.S
)
"""Key figures and table cells; a table's dates are not numbers to compare (ISO in English,
the edition's words in Arabic)."""


def _stated(html: str) -> dict[str, list]:
    """The numbers a reader reads, by where they stand: the results marked in the text (by
    key), the key figures and the table cells (in order), digits read whatever their script."""
    quoted = re.sub(r'<tr class="sitrep-incident-notes">.*?</tr>', "", html, flags=re.S)
    cells = [a or b for a, b in _VALUE.findall(quoted)]  # not the source's quoted notes
    return {
        "results": [(r.key, r.numbers) for r in said.read(html).results],
        "cells": [said.numbers_in(re.sub(r"<[^>]+>", " ", c)) for c in cells],
    }


def _figures(entry: dict) -> list[tuple]:
    """The typed key figures the run recorded for its batch: key, value, low, high, qualifier,
    and the numbers of the text as published."""
    figures = (entry.get("figures") or {}).get("figures") or []
    return [
        (f["key"], f["value"], f["low"], f["high"], f["qualifier"], said.numbers_in(f["text"]))
        for f in figures
    ]


@pytest.mark.parametrize(("notebook", "data"), CASES)
def test_both_editions_state_the_same_numbers(editions, notebook, data):
    pair = _edition(editions, notebook, data)
    english_figures, arabic_figures = (_figures(pair[lang]) for lang in ("en", "ar"))
    assert arabic_figures == english_figures
    english_html, arabic_html = (
        _stated(_output(pair[lang], "html").read_text(encoding="utf-8")) for lang in ("en", "ar")
    )
    if (notebook, data) != ("trends", "bundled"):  # the bundled tolls hold no events to count
        assert english_html["results"] or english_html["cells"] or english_figures
    assert arabic_html["results"] == english_html["results"]
    assert arabic_html["cells"] == english_html["cells"]


# --- 3. a batch makes both editions ------------------------------------------------------------


@pytest.mark.parametrize(("notebook", "data"), CASES)
def test_a_batch_makes_both_editions_with_a_bilingual_front_page(batches, notebook, data):
    _need_real(batches, notebook, data)
    out = batches[notebook, data]
    assert not isinstance(out, str), out
    runs = manifest(out)
    assert {r["status"] for r in runs.values()} == {"ok"}
    expected = {"language-en", "language-ar"}
    if data == "real":
        expected = {"language-en", "digits-arabic__language-ar"}
    assert set(runs) == expected  # readable ids: the parameters that differ, by name
    for entry in runs.values():
        language = entry["parameters"].get("language") or "en"
        page = _output(entry, "html").read_text(encoding="utf-8")
        direction = "rtl" if language == "ar" else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in page
    front = (out / "index.html").read_text(encoding="utf-8")
    heads = re.findall(r'<th scope="col">(?:<button[^>]*>)?(.*?)<', front)
    assert "Status" in heads[1] and " / " in heads[1] and ARABIC.search(heads[1]), heads
    with (out / "overview.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["language"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"en", "ar"}  # both editions, one row each (codes, not words)
    assert rows["en"]["status"] == rows["ar"]["status"] == "ok"  # codes, in either language
    values = [k for k, v in rows["en"].items() if re.fullmatch(r"-?[\d.]+", v)]
    assert [rows["ar"][k] for k in values] == [rows["en"][k] for k in values]  # same numbers


# --- 4. bookmarks and pages right to left ------------------------------------------------------


_ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"), None)


def _headings(html: str) -> list[str]:
    """The report's headings (h1 to h6) as a reader reads them, in the page's order."""
    found = re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", html, re.S)
    return [_plain(re.sub(r"<[^>]+>", "", text)) for _, text in found]


def _plain(text: str) -> str:
    return " ".join(text.translate(_ISOLATES).split())


def _letters(text: str) -> tuple[str, ...]:
    """The Arabic words of ``text``, sorted: what identifies a heading whatever the order of its
    runs (a title written in visual order still has its words)."""
    return tuple(sorted(re.findall(r"[\u0621-\u065f\u0670-\u06d3]+", text)))


@pytest.mark.parametrize(("notebook", "data"), CASES)
def test_the_arabic_bookmarks_are_arabic_and_in_reading_order(editions, notebook, data):
    pair = _edition(editions, notebook, data)
    arabic = [_plain(title) for title in pdf_outline(_output(pair["ar"], "pdf"))]
    assert arabic, "no bookmarks"
    english_outline = pdf_outline(_output(pair["en"], "pdf"))
    assert len(arabic) == len(english_outline), (arabic, english_outline)  # one for one
    english_titles = [title for title in arabic if not ARABIC.search(title) or english(title)]
    assert not english_titles, english_titles
    headings = _headings(_output(pair["ar"], "html").read_text(encoding="utf-8"))
    keys, positions = [_letters(h) for h in headings], []
    for title in arabic:  # each bookmark is a heading, after the previous bookmark's
        after = positions[-1] + 1 if positions else 0
        assert _letters(title) in keys[after:], (title, arabic, headings)
        positions.append(keys.index(_letters(title), after))
    mangled = [(t, headings[p]) for t, p in zip(arabic, positions, strict=True) if t != headings[p]]
    assert not mangled, mangled  # each title as its heading writes it


def _blocks(pdf: Path) -> tuple[list[tuple[float, float]], float]:
    """The (left, right) edges of the blocks of text of the PDF's first page, in reading order
    (the first is the report's title), and the page's width."""
    done = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    width = float(re.search(r'<page width="([\d.]+)"', done.stdout).group(1))
    edges = re.findall(r'<block xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', done.stdout)
    return [(float(left), float(right)) for left, right in edges], width


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_arabic_pages_are_printed_right_to_left(editions, notebook):
    """The Arabic report's title, subtitle and first heading share their right edge, as the
    English ones share their left edge: the page's direction reached the PDF."""
    pair = _edition(editions, notebook, "bundled")
    (title, subtitle, heading, *_), width = _blocks(_output(pair["ar"], "pdf"))
    assert abs(title[1] - subtitle[1]) < 2 and abs(title[1] - heading[1]) < 2
    english_blocks, _ = _blocks(_output(pair["en"], "pdf"))
    assert abs(english_blocks[0][0] - english_blocks[1][0]) < 2
    assert title[1] > width / 2 and title[0] > english_blocks[0][0] + 50  # ends before the left


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_arabic_page_mirrors_the_english_one(editions, notebook):
    """The Arabic title stands as far from the page's right edge as the English title from its
    left edge: one stylesheet serves both directions (logical properties)."""
    pair = _edition(editions, notebook, "bundled")
    (title, *_), width = _blocks(_output(pair["ar"], "pdf"))
    (english_title, *_), _ = _blocks(_output(pair["en"], "pdf"))
    assert abs((width - title[1]) - english_title[0]) < 2, (width - title[1], english_title[0])


# --- 5. a governorate named in Arabic ----------------------------------------------------------


def test_a_governorate_named_in_arabic_gives_the_same_report_as_aleppo(editions, tmp_path):
    pair = _edition(editions, "casualties", "real")
    given = dict(REAL["casualties"], casualties_path=str(REALDATA.joinpath(*UCDP)))
    given.update(governorate="حلب", language="ar", digits="arabic")
    pairs = [x for name, value in given.items() for x in ("-p", name, value)]
    done = sitrep("render", REPO / "notebooks" / "casualties.ipynb", *pairs, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    (pdf,) = tmp_path.glob("*.pdf")
    (page,) = tmp_path.glob("*.html")
    aleppo = pair["ar"]
    assert pdf.stem.startswith("casualties_aleppo_2017-01-01_2017-01-31")
    assert pdf_text(pdf) == pdf_text(_output(aleppo, "pdf"))
    html = page.read_text(encoding="utf-8")
    assert _stated(html) == _stated(_output(aleppo, "html").read_text(encoding="utf-8"))
