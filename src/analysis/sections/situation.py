"""The situation report: casualties, displacement and territorial control in one document.

It opens with what changed against the periods before (:mod:`analysis.sections.trends`, from
an event file or monthly aggregates), then a key-figures box of named results from the domain
sections (``headlines()``, picked by key, never by label or position) and a summary stating each
of them. The body shows
each domain's charts and text; tables and long lists go to an annex at the end, so the body
stays short whatever the period. Each domain's blocks are made once and laid out by kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from analysis.metrics.results import Result
from analysis.sections import casualties, control, displacement, trends
from analysis.sections.blocks import Block, heading
from analysis.sections.common import Scope, title
from analysis.sections.disclosures import Notes, key_figures_box
from analysis.sections.text import sentence, sentence_note

KEY_FIGURES = ("deaths", "civilian_deaths", "displaced", "places_changed")
"""Keys of the results in the key-figures box, in order: what a reader looks for first."""
ANNEXED = ("table", "list")
"""Kinds of block that go to the annex rather than the body."""
BODY_CHANGES = 15
"""Rows of the changes-of-control table shown in the body (the annex lists up to 200)."""


@dataclass
class Situation:
    scope: Scope
    casualties: casualties.Casualties
    displacement: displacement.Displacement
    control: control.Control
    trends: trends.TrendsReport
    _annex: dict[str, list[Block]] = field(default_factory=dict, repr=False)

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
    return title("Situation report", report.scope)


def what_changed_section(report: Situation) -> list[Block]:
    """The period against the periods before it (events, deaths, civilian deaths; change levels
    and the alert), when the casualties file holds events or monthly counts; a one-line note
    when it holds reported tolls, which have no baseline."""
    return trends.what_changed_section(report.trends)


def figures(report: Situation) -> tuple[list[Result], dict[str, str | None]]:
    """What a batch's front page shows of this run: the key figures, the change levels and the
    alert (None when the casualties file has no baseline)."""
    found = [report.headlines.get(key) for key in KEY_FIGURES]
    _, levels = trends.figures(report.trends)
    return [r for r in found if r is not None], levels


def key_figures_section(report: Situation) -> list[Block]:
    """The key-figures box and a summary whose every number is one of the boxed results, each
    marked with its disclosures (the notes under the box: what was left out, what the file
    covers, what is provisional or partial)."""
    found = [report.headlines.get(key) for key in KEY_FIGURES]
    shown = [r for r in found if r is not None and not (r.missing and not r.has_range)]
    blocks = [heading("Key figures")]
    if not shown:
        blocks.append(
            sentence_note("situation_no_data", where=report.scope.where, period=report.scope.span)
        )
        return blocks
    notes = Notes("situation-key-figures")
    blocks.append(key_figures_box(shown, notes))
    blocks.append(sentence("situation_opening", where=report.scope.where, period=report.scope.span))
    blocks.extend(sentence("situation_figure", result=result, notes=notes) for result in shown)
    blocks.extend(notes.blocks())
    return blocks


def _body(
    report: Situation, domain: str, blocks: list[Block], keep: tuple[str, ...] = ()
) -> list[Block]:
    """The blocks a reader sees in the body; tables and lists (but the kinds in ``keep``) are
    kept for the annex."""
    moved = tuple(kind for kind in ANNEXED if kind not in keep)
    body = [b for b in blocks if b.kind not in moved]
    annexed = [b for b in blocks if b.kind in moved]
    report._annex[domain] = annexed  # replaced, not added to, when a cell runs again
    if annexed:
        body.append(sentence_note("situation_annexed", count=len(annexed)))
    return body


def casualties_section(report: Situation) -> list[Block]:
    made = [
        *casualties.tolls_section(report.casualties),
        *casualties.events_section(report.casualties),
        *casualties.comparison_section(report.casualties),
    ]
    return _body(report, "Casualties", made)


def displacement_section(report: Situation) -> list[Block]:
    if report.displacement.empty:  # no charts: say what the file covers instead
        said = displacement.key_figures_section(report.displacement)
        return [heading("Displacement"), *(b for b in said if b.kind != "heading")]
    return _body(report, "Displacement", displacement.charts_section(report.displacement))


def control_section(report: Situation) -> list[Block]:
    made = [
        *control.map_section(report.control),
        *control.timeline_section(report.control),
        *control.front_section(report.control),
        *control.shares_section(report.control),
    ]
    changes = control.changes_table_section(report.control, limit=BODY_CHANGES)
    return [
        *_body(report, "Territorial control", made),
        *_body(report, "Changes of control", changes, keep=("table",)),
    ]


def sources_section(report: Situation) -> list[Block]:
    """How each domain was counted; the lists of sources cited go to the annex."""
    blocks = [heading("Sources and method")]
    for name, made in (
        ("Casualties", casualties.sources_section(report.casualties)),
        ("Displacement", displacement.sources_section(report.displacement)),
        ("Territorial control", control.sources_section(report.control)),
    ):
        blocks.append(heading(name, level=3))
        blocks.extend(_body(report, f"Sources: {name}", [b for b in made if b.kind != "heading"]))
    return blocks


def annex_section(report: Situation) -> list[Block]:
    """Every table and list the body left out, by domain, then the full changes of control."""
    blocks = [heading("Annex")]
    for name, annexed in report._annex.items():
        if annexed:
            blocks.append(heading(name, level=3))
            blocks.extend(annexed)
    changes = [b for b in control.changes_annex_section(report.control) if b.kind != "heading"]
    if changes:
        blocks.append(heading("Every change of control in the period", level=3))
        blocks.extend(changes)
    return blocks
