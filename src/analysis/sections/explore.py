"""The explore notebook's workbench: pick a data file, a governorate, a period and a section, and
see the key figures, the section and the change levels drawn again in place.

``notebooks/explore.ipynb`` holds one call::

    explorer = explore.Explorer(data_path="bundled", governorate="all",
                                start_date="2024-11-27", end_date="2024-12-31",
                                section="casualties.deaths")
    explorer  # the pickers, then what they pick

Each report domain (:func:`analysis.sections.domains`) is shown through its own protocol
(:class:`analysis.sections.domain.Domain`): its header, its key figures, one of its ``SECTIONS``
(or its sources and method) and, for casualties data, the change levels and alert of the trends
report on the same file (``trends.figures(report)``). Nothing here counts: every number comes
from the sections, which take it from :mod:`analysis.metrics`.

The file is read once: a change of governorate, period or section loads the domain's report
again (:meth:`Domain.load`), with :func:`analysis.data.keeping` serving every file already read
from the explorer's store (:attr:`Explorer.kept`) without opening it; the reports themselves are
kept too (the last :data:`REPORTS_KEPT`), so going back to a pick costs nothing.

Shown in JupyterLab, the pickers come first, then two outputs updated in place on every change
(IPython display handles): the report's parts, and the advice for the operator (a file that
cannot be read, a reversed period), which the export leaves out. Display handles, not an
``ipywidgets.Output``: what an ``Output`` holds lives in the widgets' state, which papermill
keeps apart from the cell's outputs, so the HTML and PDF of a ``sitrep render`` (and the tests)
would show nothing of it; an updated display is an ordinary output, in JupyterLab and under
papermill alike. Under papermill the pickers show their defaults (the notebook's parameters)
and the outputs the defaults' figures.

The words of the pickers (and the change levels' labels) are short and all in :data:`LABELS`
and :data:`SECTION_LABELS`; sentences come from the sections.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from analysis import data, gazetteer, sections
from analysis.data import formats
from analysis.errors import AnalysisError, DataValidationError, ParameterError
from analysis.i18n import N_, gettext
from analysis.metrics.results import Result
from analysis.parameters import (
    BUNDLED,
    PATH_DOMAINS,
    check_governorate,
    check_period,
    is_bundled,
)
from analysis.sections.advice import MIME as ADVICE
from analysis.sections.advice import Advice
from analysis.sections.blocks import Block, esc, heading
from analysis.sections.section import Section
from analysis.sections.trends.words import baseline_text, level_chip

LABELS = {
    "data": N_("Data"),
    "bundled": N_("bundled (2024)"),
    "path": N_("File"),
    "path_hint": N_("a path, then Enter"),
    "governorate": N_("Governorate"),
    "all": N_("all (Syria)"),
    "start": N_("From"),
    "end": N_("To"),
    "preset": N_("Length"),
    "custom": N_("as picked"),
    "day": N_("a day"),
    "week": N_("a week"),
    "month": N_("a month"),
    "year": N_("a year"),
    "section": N_("Section"),
    "choice": N_("%(domain)s: %(section)s"),
    "levels": N_("Change levels"),
    "levels_caption": N_("Against %(baseline)s"),
    "change_level": N_("Events"),
    "deaths_change_level": N_("Deaths"),
    "alert": N_("HDX Signals alert"),
}
"""Every word of the pickers and of the change levels' table, in one place (messages of the
catalogue, in the edition's language through :func:`word`)."""


def word(key: str) -> str:
    """The word of :data:`LABELS` ``key`` in the report's language."""
    return gettext(LABELS[key])


DOMAIN_LABELS = {
    "casualties": N_("Casualties"),
    "trends": N_("Trends"),
    "displacement": N_("Displacement"),
    "control": N_("Territorial control"),
}

KEY_FIGURES = "key_figures"
SOURCES = "sources"
SECTION_LABELS = {
    KEY_FIGURES: N_("key figures"),
    "deaths": N_("deaths"),
    "comparison": N_("two sources compared"),
    "governorates": N_("governorates compared"),
    "small_multiples": N_("deaths by governorate"),
    "incidents": N_("notable incidents"),
    "map": N_("map"),
    "charts": N_("charts"),
    "table": N_("figures as published"),
    "timeline": N_("pace of the changes"),
    "front": N_("front"),
    "shares": N_("shares of territory"),
    "changes": N_("changes of control"),
    SOURCES: N_("sources and method"),
}
"""The section picker's words for each section name (``SECTIONS`` of every domain, the key
figures and the sources); a name missing here is shown as it is."""

READS = {
    "casualties": "casualties",
    "trends": "casualties",
    "displacement": "displacement",
    "control": "control",
}
"""The kind of data (a domain of :mod:`analysis.data`) each report domain reads."""

PATH_PARAMETERS = {kind: name for name, kind in reversed(PATH_DOMAINS.items())}
"""The ``load`` parameter that takes a file of each kind of data (the first one declared:
``casualties_path``, not ``compare_path``)."""

LOAD_EXTRA: dict[str, dict[str, object]] = {"control": {"boundaries_path": BUNDLED}}
"""What a domain's ``load`` needs besides its file, period and place."""

LEVELS_DOMAIN = "trends"
"""The domain whose ``figures(report)`` gives the change levels and the alert."""

PRESETS = ("day", "week", "month", "year")
"""Lengths of period the preset picker sets, ending on the period's last day."""

REPORTS_KEPT = 16
"""Loaded reports the explorer keeps (the least recently shown go first)."""


# --- what can be picked ------------------------------------------------------------------------


def preset_start(end: dt.date, preset: str) -> dt.date:
    """The first day of a period of length ``preset`` (:data:`PRESETS`) ending on ``end``: the
    day itself, 7 days, or from the day after the same day a month or a year before (1 to 31
    December; 30 January to 29 February 2024)."""
    if preset == "day":
        return end
    if preset == "week":
        return end - dt.timedelta(days=6)
    if preset in ("month", "year"):
        back = pd.DateOffset(months=1) if preset == "month" else pd.DateOffset(years=1)
        return (pd.Timestamp(end) - back + pd.Timedelta(days=1)).date()
    raise ParameterError(f"unknown period length {preset!r}; known: {', '.join(PRESETS)}.")


def domains_for(path: str) -> tuple[str, ...]:
    """The report domains that can show ``path``: every domain for the bundled data; else those
    reading the file's kind of data (an ACLED export holds casualties and changes of control).
    A file of no kind the domains read is refused with what it is."""
    every = tuple(sections.domains())
    if is_bundled(path):
        return every
    kinds = []
    for kind in dict.fromkeys(READS.values()):
        try:
            formats.detect(path, kind)
        except DataValidationError:
            continue
        kinds.append(kind)
    if not kinds:
        fmt = formats.detect(path)  # of no known format: raises, saying what it looks like
        raise DataValidationError(
            f"{path}: a {fmt.title} file ({fmt.domain} data); the explore notebook shows "
            f"{', '.join(dict.fromkeys(READS.values()))} data."
        )
    return tuple(d for d in every if READS[d] in kinds)


def choices(domains: tuple[str, ...]) -> list[tuple[str, str]]:
    """The section picker's options for ``domains``: (label, ``"domain.name"``), each domain's
    key figures first, then its ``SECTIONS`` in notebook order, then its sources and method."""
    found = []
    every = sections.domains()
    for domain in domains:
        for name in (KEY_FIGURES, *every[domain].SECTIONS, SOURCES):
            label = word("choice") % dict(
                domain=gettext(DOMAIN_LABELS[domain]) if domain in DOMAIN_LABELS else domain,
                section=gettext(SECTION_LABELS[name]) if name in SECTION_LABELS else name,
            )
            found.append((label, f"{domain}.{name}"))
    return found


def section_for(wanted: str, domains: tuple[str, ...]) -> str:
    """The section to pick for ``wanted`` (``"domain.name"``) among ``domains``: itself when
    its domain is one of them; else the section of the same name in the first of them that has
    one (``control.map`` -> ``trends.map``), else the first one's key figures (a file of
    another kind given with the notebook's default section). A domain or section that does not
    exist is refused."""
    every = sections.domains()
    domain, _, name = wanted.partition(".")
    names = {d: [KEY_FIGURES, *every[d].SECTIONS, SOURCES] for d in every}
    if name not in names.get(domain, []):
        known = ", ".join(value for _, value in choices(domains))
        raise ParameterError(f"parameter 'section' must be one of {known}; got {wanted!r}.")
    if domain in domains:
        return wanted
    same = [d for d in domains if name in names[d]]
    return f"{same[0]}.{name}" if same else f"{domains[0]}.{KEY_FIGURES}"


def governorate_choices() -> list[tuple[str, str]]:
    """The governorate picker's options: all of Syria, then the 14 governorates by P-code."""
    return [(word("all"), gazetteer.ALL)] + [
        (g.name, g.pcode) for g in sorted(gazetteer.governorates(), key=lambda g: g.pcode)
    ]


def load(
    domain: str, path: str, start_date: str, end_date: str, governorate: str, kept: OrderedDict
) -> Any:
    """``domain``'s report on ``path`` for the period and place, files served from ``kept``
    (:func:`analysis.data.keeping`)."""
    module = sections.domains()[domain]
    given = {
        PATH_PARAMETERS[READS[domain]]: path,
        "start_date": start_date,
        "end_date": end_date,
        "governorate": governorate,
        **LOAD_EXTRA.get(domain, {}),
    }
    with data.keeping(kept):
        return module.load(**given)


def section_of(domain: str, name: str, report: Any) -> Section:
    """The section ``name`` of ``domain`` for ``report``: its key figures, one of its
    ``SECTIONS`` or its sources and method."""
    module = sections.domains()[domain]
    if name == KEY_FIGURES:
        return module.key_figures_section(report)
    if name == SOURCES:
        return module.sources_section(report)
    if name not in module.SECTIONS:
        known = ", ".join([KEY_FIGURES, *module.SECTIONS, SOURCES])
        raise ParameterError(
            f"parameter 'section': {domain} has no section {name!r}; known: {known}."
        )
    return module.SECTIONS[name](report)


def levels_section(report: Any) -> Section | None:
    """The change levels of events and deaths against the report's baseline and the alert, as
    the trends report's ``figures`` gives them (None when the data holds no counts to compare:
    reported tolls)."""
    module = sections.domains()[LEVELS_DOMAIN]
    if getattr(report, "trends", None) is None:
        return None
    _, levels = module.figures(report)
    codes = module.levels(report)  # a level's chip: its colour from the code
    rows, lines = [], []
    for name, value in levels.items():
        shown = level_chip(codes[name]) if name in codes else esc(value or "")
        rows.append(f"<tr><td>{esc(word(name))}</td><td>{shown}</td></tr>")
        lines.append(f"{word(name)}: {value or ''}")
    caption = word("levels_caption") % dict(
        baseline=baseline_text(report.baseline, report.span, report.monthly, max(1, report.months))
    )
    markup = (
        f'<table class="sitrep-table"><caption>{esc(caption)}</caption><tbody>'
        f"{''.join(rows)}</tbody></table>"
    )
    shown = Block(markup, "\n".join([caption, *lines]), kind="table")
    return Section("explore.levels", heading(word("levels")), [shown])


def _data_options(paths: list[str]) -> list[tuple[str, str]]:
    """The data picker's options: the bundled data, then each file given, once."""
    files = dict.fromkeys(p for p in paths if not is_bundled(p))
    return [(word("bundled"), BUNDLED), *((Path(f).name, f) for f in files)]


# --- the workbench -----------------------------------------------------------------------------


class Explorer:
    """The pickers and what they pick. The pickers are ipywidgets (:attr:`data`, :attr:`path`,
    :attr:`governorate`, :attr:`start`, :attr:`end`, :attr:`preset`, :attr:`section`); what
    they pick is in :attr:`shown` (the sections drawn), :attr:`reports` (by domain) and
    :attr:`chosen` (the section picked, its figures changeable: change one, then
    :meth:`refresh`). Parameters are checked as the command line checks them."""

    def __init__(
        self,
        *,
        data_path: str = BUNDLED,
        governorate: str = gazetteer.ALL,
        start_date: str,
        end_date: str,
        section: str = f"casualties.{KEY_FIGURES}",
    ) -> None:
        start, end = check_period(start_date, end_date)
        place = check_governorate(governorate)
        path = BUNDLED if is_bundled(data_path) else str(data_path)
        self.kept: OrderedDict = OrderedDict()
        """The data files read, by file (:func:`analysis.data.keeping`)."""
        self._reports: OrderedDict[tuple, Any] = OrderedDict()
        self._domains: dict[str, tuple[str, ...]] = {}
        self.reports: dict[str, Any] = {}
        """The reports shown, by domain (the one picked and, for casualties data, trends)."""
        self.shown: list[Block | Section] = []
        """What is drawn: the header, the key figures, the section picked, the change levels."""
        self.problem: str | None = None
        """Why the last pick could not be drawn (an operator's message), else None."""
        self._chosen: Section | None = None
        self._handles: list[tuple[Any, Any]] = []
        self._quiet = False

        wide = {"description_width": "initial"}
        self.data = widgets.Dropdown(
            options=_data_options([path]), value=path, description=word("data"), style=wide
        )
        self.path = widgets.Text(
            placeholder=word("path_hint"),
            description=word("path"),
            continuous_update=False,
            style=wide,
        )
        self.governorate = widgets.Dropdown(
            options=governorate_choices(),
            value=gazetteer.ALL if place is None else place.pcode,
            description=word("governorate"),
            style=wide,
        )
        self.start = widgets.DatePicker(value=start, description=word("start"), style=wide)
        self.end = widgets.DatePicker(value=end, description=word("end"), style=wide)
        self.preset = widgets.Dropdown(
            options=[(word("custom"), ""), *((LABELS[p], p) for p in PRESETS)],
            value="",
            description=word("preset"),
            style=wide,
        )
        offered = self._domains_for(path)
        self.section = widgets.Dropdown(
            options=choices(offered),
            value=section_for(section, offered),
            description=word("section"),
            style=wide,
        )
        self.controls = widgets.VBox(
            [
                widgets.HBox([self.data, self.path]),
                widgets.HBox([self.governorate, self.section]),
                widgets.HBox([self.start, self.end, self.preset]),
            ]
        )
        self.redraw()  # the defaults: a problem here is an error, as in any report notebook
        self.path.observe(self._path_given, names="value")
        self.data.observe(self._data_picked, names="value")
        self.start.observe(self._start_picked, names="value")
        self.end.observe(self._end_picked, names="value")
        self.preset.observe(self._preset_picked, names="value")
        for picker in (self.governorate, self.section):
            picker.observe(self._picked, names="value")

    # --- what is picked -----------------------------------------------------------------

    @property
    def picked(self) -> dict[str, str]:
        """The picks as the notebook's parameters: ``data_path``, ``governorate``,
        ``start_date``, ``end_date``, ``section``."""
        return {
            "data_path": self.data.value,
            "governorate": self.governorate.value,
            "start_date": "" if self.start.value is None else self.start.value.isoformat(),
            "end_date": "" if self.end.value is None else self.end.value.isoformat(),
            "section": self.section.value,
        }

    @property
    def domain(self) -> str:
        return self.section.value.partition(".")[0]

    @property
    def report(self) -> Any:
        """The report of the domain picked."""
        return self.reports.get(self.domain)

    @property
    def chosen(self) -> Section | None:
        """The section picked (the key figures when they are what is picked)."""
        return self._chosen

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        """The frames the section picked was computed from, by name."""
        return {} if self.chosen is None else self.chosen.frames

    def figures(self) -> tuple[list[Result], dict[str, str | None]]:
        """The picked domain's named results, and the change levels (for a batch's front
        page, as each domain's ``figures``)."""
        module = sections.domains()[self.domain]
        results = module.headlines(self.report) if self.report is not None else []
        trends = self.reports.get(LEVELS_DOMAIN)
        levels = sections.domains()[LEVELS_DOMAIN].figures(trends)[1] if trends else {}
        return results, levels

    # --- drawing ------------------------------------------------------------------------

    def redraw(self) -> None:
        """Load what is picked (files and reports kept) and draw it in place."""
        picked = self.picked
        domain, _, name = picked["section"].partition(".")
        path = picked["data_path"]
        wanted = [domain]
        if READS[domain] == READS[LEVELS_DOMAIN] and domain != LEVELS_DOMAIN:
            wanted.append(LEVELS_DOMAIN)
        reports = {d: self._report(d, path, picked) for d in wanted}
        module = sections.domains()[domain]
        report = reports[domain]
        key_figures = section_of(domain, KEY_FIGURES, report)
        chosen = key_figures if name == KEY_FIGURES else section_of(domain, name, report)
        shown: list[Block | Section] = [module.header(report), key_figures]
        if chosen is not key_figures:
            shown.append(chosen)
        if LEVELS_DOMAIN in reports:
            levels = levels_section(reports[LEVELS_DOMAIN])
            if levels is not None:
                shown.append(levels)
        self.reports, self.shown, self._chosen, self.problem = reports, shown, chosen, None
        self.refresh()

    def refresh(self) -> None:
        """Draw :attr:`shown` again in place, as it is now (after a figure was changed)."""
        for report_handle, advice_handle in self._handles:
            report_handle.update(self._report_bundle(), raw=True)
            advice_handle.update(self._advice_bundle(), raw=True)

    def _report(self, domain: str, path: str, picked: dict[str, str]) -> Any:
        key = (domain, path, picked["start_date"], picked["end_date"], picked["governorate"])
        if key in self._reports:
            self._reports.move_to_end(key)
            return self._reports[key]
        made = load(domain, path, *key[2:], kept=self.kept)
        self._reports[key] = made
        while len(self._reports) > REPORTS_KEPT:
            self._reports.popitem(last=False)
        return made

    def _report_bundle(self) -> dict[str, str]:
        parts = []
        for part in self.shown:
            if isinstance(part, Section):
                if not part.empty:
                    parts.append((part.html(), repr(part)))
            elif part.data:
                parts.append((part.data, repr(part)))
        return {
            # one output for what the pickers pick: the export's print rules let it break
            # between pages (report.css), where every other output is kept whole
            "text/html": '<div class="sitrep-explore">' + "".join(h for h, _ in parts) + "</div>",
            "text/plain": "\n\n".join(t for _, t in parts),
        }

    def _advice_bundle(self) -> dict[str, object]:
        """The advice of the sections shown, and why a pick could not be drawn, in the box
        every section's advice has; dropped by the export (its MIME type), even when empty."""
        advice = [b for s in self.shown if isinstance(s, Section) for b in s.advice]
        if self.problem:
            advice.insert(0, Advice(self.problem))
        bundles = [a._repr_mimebundle_() for a in advice]
        return {
            ADVICE: {"text": " ".join(a.text for a in advice)},
            "text/html": "".join(b["text/html"] for b in bundles),
            "text/plain": "\n".join(b["text/plain"] for b in bundles),
        }

    def _ipython_display_(self) -> None:
        display(self.controls)
        report_handle = display(self._report_bundle(), raw=True, display_id=True)
        advice_handle = display(self._advice_bundle(), raw=True, display_id=True)
        if report_handle is not None and advice_handle is not None:  # None outside IPython
            self._handles.append((report_handle, advice_handle))

    # --- the pickers' callbacks ---------------------------------------------------------

    def _domains_for(self, path: str) -> tuple[str, ...]:
        if path not in self._domains:
            self._domains[path] = domains_for(path)
        return self._domains[path]

    def _safely(self, change: Callable[[], None]) -> None:
        """Run ``change`` and draw; a pick that cannot be drawn says why (as advice) instead."""
        if self._quiet:
            return
        try:
            change()
            self.redraw()
        except AnalysisError as exc:
            self.reports, self.shown, self._chosen, self.problem = {}, [], None, str(exc)
            self.refresh()

    def _picked(self, change: dict) -> None:
        self._safely(lambda: None)

    def _path_given(self, change: dict) -> None:
        text = str(change["new"]).strip()
        if not text:
            return

        def add() -> None:
            self._domains_for(text)  # refused here when it is no data the domains read
            with self._hush():
                self.data.options = _data_options([*(v for _, v in self.data.options), text])
                self.data.value = text
            self._data_changed(text)

        self._safely(add)

    def _data_picked(self, change: dict) -> None:
        self._safely(lambda: self._data_changed(change["new"]))

    def _data_changed(self, path: str) -> None:
        """The section picker offers the sections of the domains that read ``path``
        (:func:`section_for` says which stays picked)."""
        offered = self._domains_for(path)
        keep = section_for(self.section.value, offered)
        with self._hush():
            self.section.options = choices(offered)
            self.section.value = keep

    def _start_picked(self, change: dict) -> None:
        def manual() -> None:
            with self._hush():
                self.preset.value = ""

        self._safely(manual)

    def _end_picked(self, change: dict) -> None:
        def follow() -> None:
            if self.preset.value and change["new"] is not None:
                with self._hush():
                    self.start.value = preset_start(change["new"], self.preset.value)

        self._safely(follow)

    def _preset_picked(self, change: dict) -> None:
        def apply() -> None:
            if change["new"] and self.end.value is not None:
                with self._hush():
                    self.start.value = preset_start(self.end.value, change["new"])

        self._safely(apply)

    @contextmanager
    def _hush(self) -> Iterator[None]:
        """Pickers set by the explorer itself draw nothing (the change that set them draws)."""
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    def __repr__(self) -> str:
        return "\n\n".join(repr(part) for part in self.shown) or (self.problem or "")
