"""Every caveat travels with its number, over a sweep: the casualties, trends and situation
reports on the real UCDP GED and ACLED files, for a day, a week, a month, a year and several
years, for the country and one governorate.

For every result a report states (``sitrep-result`` elements), each kind of disclosure it lists
must have its note (``sitrep-disclosure``) in the same section (before the next h2), and every
marker must point to a note there; note ids are unique in a report. The kinds the reports state
for the period's deaths and events are compared with an independent count from the raw file
(csv module, following the codebooks): events crossing the period's edges, events with no
governorate (the country) or that cannot be placed (a governorate), deaths dated to a span or
located only to a district or coarser, and what the file covers (the ACLED export holds only
Battles).

Most of the sweep builds the reports in-process, as their notebooks do; three real renders
(``slow``) check the week whose 27 events with 804 deaths cross its edges in Aleppo (UCDP GED,
22 to 28 January 2018): the casualties, trends and situation reports all state them.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.sections import casualties, situation, trends
from tests.conftest import REALDATA, _need
from tests.integration.reader import sitrep, unmarked_pdf_text
from tests.said import words

pytestmark = pytest.mark.realdata

UCDP = ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
PLACES = {"all": None, "Aleppo": {"UCDP": "Aleppo Governorate", "ACLED": "Aleppo"}}
PERIODS = {
    "UCDP": [
        ("2018-01-24", "2018-01-24"),
        ("2018-01-22", "2018-01-28"),  # 27 events with 804 deaths cross its edges in Aleppo
        ("2018-01-01", "2018-01-31"),
        ("2018-01-01", "2018-12-31"),
        ("2016-01-01", "2019-11-30"),
    ],
    "ACLED": [
        ("2018-02-20", "2018-02-20"),
        ("2018-02-19", "2018-02-25"),
        ("2018-02-01", "2018-02-28"),
        ("2018-01-01", "2018-12-31"),
        ("2017-01-01", "2023-06-02"),
    ],
}
CROSSING_WEEK = ("Aleppo", "2018-01-22", "2018-01-28")
OWN = ("Key figures", "Highlights", "What changed")
"""The sections where a report states its own period's deaths and events (the situation
report's brief is its Highlights)."""


# --- the raw files, read with the csv module ------------------------------------------------


@dataclass(frozen=True)
class Row:
    first: dt.date
    last: dt.date
    deaths: int
    governorate: str
    coarse_place: bool


def _day(text: str) -> dt.date:
    text = text.strip()[:10] if text.strip()[:4].isdigit() else text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.strptime(text, "%d %B %Y").date()


def raw(kind: str) -> tuple[list[Row], dt.date, dt.date]:
    """Every event as UCDP or ACLED codes it, and the first and last dates the file records."""
    path = _need(REALDATA.joinpath(*(UCDP if kind == "UCDP" else ACLED)))
    rows, given = [], []
    with open(path, encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if kind == "UCDP":
                first, last = _day(r["date_start"]), _day(r["date_end"])
                rows.append(Row(first, last, int(r["best"]), r["adm_1"], int(r["where_prec"]) >= 3))
                given += [first, last]
                continue
            day, precision = _day(r["event_date"]), r["time_precision"]
            first = last = day
            if precision == "2":
                first, last = day - dt.timedelta(days=3), day + dt.timedelta(days=3)
            elif precision == "3":
                first = day.replace(day=1)
                last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            coarse = r["geo_precision"] == "3"
            rows.append(Row(first, last, int(r["fatalities"]), r["admin1"], coarse))
            given.append(day)
    return rows, min(given), max(given)


_RAW: dict[str, tuple] = {}


def raw_of(kind: str) -> tuple[list[Row], dt.date, dt.date]:
    if kind not in _RAW:
        _RAW[kind] = raw(kind)
    return _RAW[kind]


def expected(kind: str, place: str, start: str, end: str) -> tuple[set[str], tuple[int, int]]:
    """The kinds of disclosure the period's deaths and events need, counted from the raw file,
    and the events and deaths crossing the period's edges."""
    rows, first_day, last_day = raw_of(kind)
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    name = PLACES[place][kind] if PLACES[place] else None

    def here(r: Row) -> bool:
        return name is None or r.governorate == name

    counted = [r for r in rows if a <= r.first and r.last <= b]
    mine = [r for r in counted if here(r)]
    crossing = [
        r
        for r in rows
        if here(r) and r.last >= a and r.first <= b and not (a <= r.first <= r.last <= b)
    ]
    found = set()
    if crossing:
        found.add("crossing")
    nowhere = [r for r in counted if not r.governorate.strip()]
    if nowhere:
        found.add("no_governorate" if name is None else "unplaced")
    if sum(r.deaths for r in mine if r.last > r.first):
        found.add("coarse_dates")
    if sum(r.deaths for r in mine if r.coarse_place):
        found.add("coarse_places")
    if kind == "ACLED" or not (first_day <= a and b <= last_day):
        found.add("coverage")  # the ACLED export holds only Battles
    return found, (len(crossing), sum(r.deaths for r in crossing))


# --- what the HTML says -----------------------------------------------------------------------


@dataclass
class Page:
    """The results, markers and notes of a report's HTML, by section (h2)."""

    results: list[tuple[int, str, str, tuple[str, ...]]] = field(default_factory=list)
    marks: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str, str, str]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)

    def title(self, section: int) -> str:
        return self.titles[section] if 0 <= section < len(self.titles) else ""


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.page, self.section = Page(), -1
        self._result: list | None = None
        self._note: list | None = None
        self._heading = False
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "h2":
            self.section += 1
            self.page.titles.append("")
            self._heading = True
        if "sitrep-result" in classes:
            kinds = tuple((attrs.get("data-disclosures") or "").split())
            self._result = [self.section, attrs.get("data-key", ""), "", kinds]
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.page.marks.append((self.section, attrs["href"][1:]))
        if "sitrep-disclosure" in classes:
            self._note = [self.section, attrs.get("id", ""), attrs.get("data-kind", ""), ""]
            self._depth = 0
        elif self._note is not None:
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "h2":
            self._heading = False
        if self._result is not None and tag == "span":
            self.page.results.append(tuple(self._result))
            self._result = None
        if self._note is not None:
            if self._depth == 0 and tag == "p":
                self.page.notes.append(tuple(self._note))
                self._note = None
            else:
                self._depth -= 1

    def handle_data(self, data):
        if self._heading:
            self.page.titles[-1] += data
        if self._result is not None:
            self._result[2] += data
        if self._note is not None:
            self._note[3] += data


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    return parser.page


def check_convention(page: Page, label: str) -> None:
    """Every listed kind has its note in the section; every marker points to a note there; note
    ids are unique."""
    ids = [n[1] for n in page.notes]
    assert len(ids) == len(set(ids)), f"{label}: repeated note ids"
    where = {n[1]: n[0] for n in page.notes}
    for section, target in page.marks:
        if target in where or target.startswith(("sitrep", "toc")):
            assert where.get(target, section) == section, f"{label}: {target} in another section"
    kinds_in = {(n[0], n[2]) for n in page.notes}
    for section, key, text, kinds in page.results:
        for kind in kinds:
            assert (section, kind) in kinds_in, (
                f"{label}: {key} {text!r} in {page.title(section)!r} lists {kind} with no note"
            )


def check_own_results(page: Page, label: str, want: set[str], crossing: tuple[int, int]) -> int:
    """The period's deaths and events, where the report states its own: the kinds the raw file
    calls for, and the crossing note's numbers."""
    checked = 0
    for section, key, text, kinds in page.results:
        if page.title(section) in OWN and key in ("deaths", "events"):
            assert set(kinds) == want, f"{label}: {key} {text!r} lists {kinds}, expected {want}"
            checked += 1
    if "crossing" in want and checked:
        events, deaths = crossing
        said = f"{events:,} event{'s' if events != 1 else ''} with {deaths:,} death"
        notes = [n[3] for n in page.notes if n[2] == "crossing" and page.title(n[0]) in OWN]
        assert notes and all(said in n for n in notes), f"{label}: {said!r} not in {notes}"
    return checked


# --- the sweep --------------------------------------------------------------------------------


def html_of(blocks) -> str:
    return "".join(getattr(b, "data", "") or "" for b in blocks)


def casualties_html(path: str, place: str, start: str, end: str) -> str:
    report = casualties.load(
        casualties_path=path, start_date=start, end_date=end, governorate=place
    )
    return html_of(
        [
            casualties.header(report),
            *casualties.key_figures(report),
            *casualties.deaths_section(report),
            *casualties.comparison_section(report),
            *casualties.sources_section(report),
        ]
    )


def trends_html(path: str, place: str, start: str, end: str) -> str:
    report = trends.load(casualties_path=path, start_date=start, end_date=end, governorate=place)
    return html_of(
        [
            trends.header(report),
            *trends.what_changed_section(report),
            *trends.governorates_section(report),
            *trends.small_multiples_section(report),
            *trends.incidents_section(report),
            *trends.map_section(report),
            *trends.sources_section(report),
        ]
    )


def situation_html(path: str, place: str, start: str, end: str) -> str:
    report = situation.load(
        start_date=start,
        end_date=end,
        governorate=place,
        casualties_path=path,
        displacement_path="bundled",
        control_path="bundled",
        boundaries_path="bundled",
    )
    return html_of(
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


NOTEBOOKS = {"casualties": casualties_html, "trends": trends_html, "situation": situation_html}


@pytest.fixture(autouse=True)
def _light_figures(monkeypatch):
    """The sweep reads text: figures are built as in a report but not written out as SVG."""
    from analysis.charts import svg

    monkeypatch.setattr(svg, "to_svg", lambda fig, dpi: b"<svg/>")


@pytest.mark.parametrize("kind", ["UCDP", "ACLED"])
@pytest.mark.parametrize("place", list(PLACES))
def test_every_result_states_its_disclosures(kind, place):
    path = str(_need(REALDATA.joinpath(*(UCDP if kind == "UCDP" else ACLED))))
    checked = 0
    for start, end in PERIODS[kind]:
        want, crossing = expected(kind, place, start, end)
        for name, build in NOTEBOOKS.items():
            label = f"{name} {kind} {place} {start}..{end}"
            page = parse(build(path, place, start, end))
            check_convention(page, label)
            checked += check_own_results(page, label, want, crossing)
    assert checked >= len(PERIODS[kind]) * 2  # the reports did state the period's figures


# --- three real renders: the week whose events cross its edges ----------------------------------


@pytest.fixture(scope="module")
def crossing_week(tmp_path_factory):
    out = tmp_path_factory.mktemp("crossing")
    path = str(_need(REALDATA.joinpath(*UCDP)))
    place, start, end = CROSSING_WEEK
    for notebook in ("casualties", "trends", "situation_report"):
        done = sitrep(
            "render", notebook, "--out", out, "-p", "casualties_path", path,
            "-p", "governorate", place, "-p", "start_date", start, "-p", "end_date", end,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    return out


@pytest.mark.slow
@pytest.mark.parametrize("notebook", ["casualties", "trends", "situation_report"])
def test_the_crossing_week_is_said_in_every_report(crossing_week, notebook):
    place, start, end = CROSSING_WEEK
    want, crossing = expected("UCDP", place, start, end)
    assert crossing == (27, 804) and "crossing" in want
    (html,) = Path(crossing_week).glob(f"{notebook}_aleppo_*.html")
    page = parse(html.read_text(encoding="utf-8"))
    check_convention(page, notebook)
    assert check_own_results(page, notebook, want, crossing)
    text = unmarked_pdf_text(html.with_suffix(".pdf"))
    events, deaths = crossing
    crossed = {"events": events, "deaths": deaths, "unit": "events", "area": None}
    note = words("disclosure_crossing", items=[crossed])
    assert note in text  # the note of the 27 events (804 deaths) crossing the week's edges
    assert not re.search(r"ged_syria_652\.1601\.1911\.csv.*ged_syria_652\.1601\.1911\.csv", text)
