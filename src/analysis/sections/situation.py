"""The situation report: casualties, displacement and territorial control in one document.

It opens with a one-page brief (:mod:`analysis.sections.brief`: highlights, key figures with
their change levels, one map), then the detail: what changed against the periods before
(:mod:`analysis.sections.trends`, from an event file or monthly aggregates), each domain's
charts and text, Sources and method, and an annex with every table and list.

Each domain's blocks are made once (:attr:`Situation.layout`) and laid out by kind: tables and
lists go to the annex, so the body stays short whatever the period, and so does how each domain
counts (its method, with the lists of sources cited); a part of a domain with nothing to show
for the period and place (only a note saying so) is left out of the body, and Sources and method
says why; a subheading whose content went to the annex is dropped with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from analysis.i18n import N_, _, gettext, pgettext
from analysis.metrics.results import Result
from analysis.sections import brief, casualties, control, displacement, domain, trends
from analysis.sections.blocks import Block, heading
from analysis.sections.common import Scope, left_out, title
from analysis.sections.disclosures import Notes
from analysis.sections.section import Section, level
from analysis.sections.text import sentence, sentence_note
from analysis.sections.trends import change, words

KEY_FIGURES = brief.KEY_FIGURES
"""Keys of the results in the brief's key-figures row, in order."""
ANNEXED = ("table", "list")
"""Kinds of block that go to the annex rather than the body."""
SHOWN = ("figure", "table", "list", "paragraph", "html")
ADVICE = "advice"
"""The kind of :class:`~analysis.sections.advice.Advice` blocks: for the operator, never shown."""
"""Kinds of block that show something; a part with none of them (only notes) is left out."""
DOMAINS = (N_("Casualties"), N_("Displacement"), N_("Territorial control"))


@dataclass
class Layout:
    """Where each domain's blocks go, by domain: ``body`` (in order), ``annex`` (its tables
    and lists), ``left_out`` (the titles of the parts with nothing to show, and the reason each
    part's note gives), ``method`` (how it was counted, for Sources and method) and ``cited``
    (the lists of sources cited, for the annex)."""

    body: dict[str, list[Block]] = field(default_factory=dict)
    annex: dict[str, list[Block]] = field(default_factory=dict)
    left_out: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    method: dict[str, list[Block]] = field(default_factory=dict)
    cited: dict[str, list[Block]] = field(default_factory=dict)
    said_left_out: dict[str, list[Block]] = field(default_factory=dict)
    advice: list[Block] = field(default_factory=list)
    """What the parts left out advise the operator (shown in JupyterLab and on stderr only)."""


@dataclass
class Situation:
    scope: Scope
    casualties: casualties.Casualties
    displacement: displacement.Displacement
    control: control.Control
    trends: trends.TrendsReport

    @cached_property
    def headlines(self) -> dict[str, Result]:
        """Every domain's named results, by key (the first domain to name a key keeps it)."""
        found: dict[str, Result] = {}
        for results in (
            casualties.headlines(self.casualties),
            displacement.headlines(self.displacement),
            control.headlines(self.control),
        ):
            for result in results:
                found.setdefault(result.key, result)
        return found

    @cached_property
    def brief_map(self) -> str | None:
        """Which map the brief shows (:func:`analysis.sections.brief.map_kind`)."""
        return brief.map_kind(self)

    @cached_property
    def layout(self) -> Layout:
        """Every domain's body, annex and left-out parts, made once."""
        return _layout(self)


def load(
    *,
    start_date: str,
    end_date: str,
    governorate: str,
    casualties_path: str,
    displacement_path: str,
    control_path: str,
    boundaries_path: str,
) -> Situation:
    """Read and filter the three domains for one period and place."""
    scope = Scope.from_parameters(start_date, end_date, governorate)
    period = {"start_date": start_date, "end_date": end_date, "governorate": governorate}
    return Situation(
        scope=scope,
        casualties=casualties.load(
            casualties_path=casualties_path, boundaries_path=boundaries_path, **period
        ),
        displacement=displacement.load(displacement_path=displacement_path, **period),
        control=control.load(control_path=control_path, boundaries_path=boundaries_path, **period),
        trends=trends.load(
            casualties_path=casualties_path, boundaries_path=boundaries_path, **period
        ),
    )


def header(report: Situation) -> Block:
    return title(_("Situation report"), report.scope)


def brief_section(report: Situation) -> Section:
    """The one-page brief (:mod:`analysis.sections.brief`)."""
    return Section.of("situation.brief", brief.section(report), frames=_frames(report))


key_figures_section = brief_section
"""The brief holds the key figures (the name the notebooks used before the brief)."""


def _frames(report: Situation) -> dict:
    """Every domain's frames, named by domain (``casualties.events``, ``control.changes``...)."""
    found = {}
    for name, made in (
        ("casualties", report.casualties),
        ("displacement", report.displacement),
        ("control", report.control),
        ("trends", report.trends),
    ):
        found.update({f"{name}.{key}": frame for key, frame in domain.frames(made).items()})
    return found


def figures(report: Situation) -> tuple[list[Result], dict[str, str | None]]:
    """What a batch's front page shows of this run: the key figures, the change levels and the
    alert (None when the casualties file has no baseline)."""
    found = [report.headlines.get(key) for key in KEY_FIGURES]
    _, levels = trends.figures(report.trends)
    return [r for r in found if r is not None], levels


# --- parts: a heading and what follows it, until the next h2 ----------------------------------


def _parts(blocks: list[Block]) -> list[list[Block]]:
    """``blocks`` cut at each h2 heading (blocks before the first heading form no part)."""
    parts: list[list[Block]] = []
    for block in blocks:
        if level(block) == 2 or not parts:
            parts.append([block])
        else:
            parts[-1].append(block)
    return [p for p in parts if level(p[0]) == 2]


def _shows(part: list[Block]) -> bool:
    return any(b.kind in SHOWN for b in part[1:])


def _reason(part: list[Block]) -> str:
    """What a part with nothing to show says instead (its notes, as text)."""
    return " ".join(repr(b).strip() for b in part[1:] if b.kind != ADVICE and repr(b).strip())


def _without_empty_subheadings(blocks: list[Block]) -> list[Block]:
    """``blocks`` without the subheadings (h3 and below) that have nothing under them before the
    next heading of their level or higher."""
    kept: list[Block] = []
    for i, block in enumerate(blocks):
        depth = level(block)
        if depth is not None and depth >= 3:
            after = []
            for later in blocks[i + 1 :]:
                found = level(later)
                if found is not None and found <= depth:
                    break
                after.append(later)
            if not any(b.kind not in ("heading", ADVICE) for b in after):
                continue
        kept.append(block)
    return kept


def _demoted(block: Block) -> Block:
    """``block`` with its h3 headings made h4 (a list's own title, under the annex's h3)."""
    if "<h3" not in (block.data or ""):
        return block
    markup = re.sub(r"<(/?)h3\b", r"<\1h4", block.data)
    return Block(markup, repr(block), block.axes, kind=block.kind)


def _lay_out(layout: Layout, domain: str, blocks: list[Block]) -> None:
    """Put ``blocks`` (the domain's parts) in the body, their tables and lists in the annex, and
    the parts with nothing to show in ``left_out``."""
    moved = ANNEXED
    body = layout.body.setdefault(domain, [])
    annex = layout.annex.setdefault(domain, [])
    left = layout.left_out.setdefault(domain, [])
    for part in _parts(blocks):
        if not _shows(part):
            left.append((repr(part[0]), _reason(part)))
            layout.advice.extend(b for b in part if b.kind == ADVICE)  # for the operator
            continue
        annexed = [_demoted(b) for b in part if b.kind in moved]
        shown = _without_empty_subheadings([b for b in part if b.kind not in moved])
        if annexed:
            shown.append(sentence_note("situation_annexed", count=len(annexed)))
        body.extend(shown)
        annex.extend(annexed)


def _layout(report: Situation) -> Layout:
    layout = Layout()
    made = report.casualties
    _lay_out(
        layout,
        "Casualties",
        [*casualties.body(made), *casualties.comparison_section(made)],
    )
    if report.displacement.empty:  # no charts: its note says what the file covers
        said = displacement.key_figures_section(report.displacement)
        parts = [heading(_("Displacement")), *(b for b in said if b.kind != "heading")]
    else:
        parts = displacement.charts_section(report.displacement)
    _lay_out(layout, "Displacement", parts)
    held = report.brief_map == brief.CONTROL_MAP  # the brief shows the map: not again
    _lay_out(
        layout,
        "Territorial control",
        [
            *([] if held else control.map_section(report.control)),
            *control.timeline_section(report.control),
            *control.front_section(report.control),
            *control.shares_section(report.control),
        ],
    )
    for name, made, left in (
        (
            "Casualties",
            casualties.sources_section(report.casualties),
            casualties.left_out(report.casualties),
        ),
        (
            "Displacement",
            displacement.sources_section(report.displacement),
            displacement.left_out(report.displacement),
        ),
        (
            "Territorial control",
            control.sources_section(report.control),
            control.left_out(report.control),
        ),
    ):
        # what each domain left out, and why, is said in the body's Sources and method
        said_left = left_out(left)
        why = {repr(b) for b in said_left}
        # a domain with no figure in the period is left out whole, with its own note (what its
        # file covers), which says more than the domain's sentence on its charts
        whole = name == "Displacement" and report.displacement.empty
        layout.said_left_out[name] = [] if whole else said_left
        said = [b for b in made if b.kind != "heading" and repr(b) not in why]
        layout.method[name] = [b for b in said if b.kind not in ANNEXED]
        layout.cited[name] = [_demoted(b) for b in said if b.kind in ANNEXED]
    return layout


# --- the report's sections ---------------------------------------------------------------------


def _trends_shown(report: Situation) -> bool:
    t = report.trends
    return t.compared


def what_changed_section(report: Situation) -> Section:
    """The period against the periods before it, when the casualties file holds events or
    monthly counts: every measure against every baseline with its change level, the gaps, and
    the HDX Signals alert when it did not fire (an alert that fired is in the brief). Nothing
    when no change can be computed (Sources and method says why)."""
    t = report.trends
    if not _trends_shown(report):
        return Section.of("situation.what_changed", [])
    blocks = [heading(_("What changed"))]
    if t.partial and t.monthly:  # event data: the counts' coverage disclosure says it
        blocks.append(sentence_note("trends_partial_period", covered=t.covered))
    notes = Notes("situation-what-changed")
    blocks.append(change.table(t, notes))
    blocks.extend(notes.blocks())
    if not t.own.alert.level:
        blocks.append(change.alert(t))
    blocks.extend(_gaps(report))
    return Section.of("situation.what_changed", blocks, frames=domain.frames(t))


def _gaps(report: Situation) -> list[Block]:
    """Why a level or the alert's level 2 is missing, each reason once: the dates the data
    cover against those the level needs."""
    t = report.trends
    own = t.own
    found: dict[str, str] = {}
    for (_measure, baseline), c in own.comparisons.items():
        if c.level is None and c.reason:
            against = words.baseline_text(baseline, t.span, t.monthly, max(1, t.months))
            what = pgettext("not computed", "against %(baseline)s") % {"baseline": against}
            found.setdefault(c.reason, what)
    if own.alert.level is not None and own.alert.reason:
        found.setdefault(own.alert.reason, pgettext("not computed", "for the alert"))
    return [sentence_note("trends_not_covered", what=what, reason=r) for r, what in found.items()]


def _body(report: Situation, name: str, key: str, made: object) -> Section:
    """A domain's parts in the body, each with its heading; its tables, lists and sources cited
    are the section's annex."""
    layout = report.layout
    return Section.of(
        f"situation.{key}",
        layout.body[name],
        frames=domain.frames(made),
        annex=[*layout.annex.get(name, []), *layout.cited.get(name, [])],
        titled=False,
    )


def casualties_section(report: Situation) -> Section:
    return _body(report, "Casualties", "casualties", report.casualties)


def displacement_section(report: Situation) -> Section:
    return _body(report, "Displacement", "displacement", report.displacement)


def control_section(report: Situation) -> Section:
    return _body(report, "Territorial control", "control", report.control)


_BODIES = {
    "Casualties": casualties_section,
    "Displacement": displacement_section,
    "Territorial control": control_section,
}


def _left_out(report: Situation, domain: str) -> list[Block]:
    """One sentence per part of ``domain`` left out, with the reason its note gave (the parts of
    the control domain left out because no place changed hands in the period are one
    sentence: the first part's reason is theirs)."""
    said = []
    if domain == "Casualties" and not _trends_shown(report):
        made = list(trends.what_changed_section(report.trends))
        said.extend(b for b in made if b.kind == ADVICE)
        said.append(sentence("situation_left_out", parts=[repr(made[0])], reason=_reason(made)))
    left = report.layout.left_out.get(domain, [])
    if domain == "Territorial control" and report.control.period.empty and left:
        return [sentence("situation_left_out", parts=[n for n, _ in left], reason=left[0][1])]
    said.extend(sentence("situation_left_out", parts=[name], reason=why) for name, why in left)
    said.extend(report.layout.said_left_out.get(domain, []))
    return said


def sources_section(report: Situation) -> Section:
    """What the report covers, what was left out of the body and why; how each domain counts
    and the sources it cites are in the annex (the body stays short)."""
    blocks = [
        heading(_("Sources and method")),
        sentence(
            "situation_opening",
            where=report.scope.where,
            period=report.scope.span,
            annexed=any(report.layout.method.values()) or any(report.layout.cited.values()),
        ),
    ]
    for name in DOMAINS:
        said = _left_out(report, name)
        if any(b.kind != ADVICE for b in said):
            blocks.append(heading(gettext(name), level=3))
        blocks.extend(said)
    blocks.extend(report.layout.advice)
    method = []
    for name in DOMAINS:
        made = report.layout.method.get(name, [])
        if made:
            method.extend([heading(gettext(name), level=4), *made])
    return Section.of("situation.sources", blocks, annex=method)


def annex_section(report: Situation) -> Section:
    """How each domain counts (the annex of Sources and method), then every table and list the
    body left out, by domain (with the lists of sources cited: each body section's annex), then
    the full changes of control. Made from those sections, whichever cells ran before."""
    blocks = [heading(_("Annex"))]
    method = sources_section(report).annex
    if method:
        blocks.append(heading(_("Method"), level=3))
        blocks.extend(method)
    for name in DOMAINS:
        annexed = _BODIES[name](report).annex
        if annexed:
            blocks.append(heading(gettext(name), level=3))
            blocks.extend(annexed)
    changes = [b for b in control.changes_annex_section(report.control) if b.kind != "heading"]
    if any(b.kind == "table" for b in changes):
        blocks.append(heading(_("Every change of control in the period"), level=3))
        blocks.extend(_demoted(b) for b in changes)
    return Section.of("situation.annex", blocks, frames=domain.frames(report.control))
