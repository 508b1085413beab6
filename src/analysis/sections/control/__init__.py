"""The territorial control report: the last known holder of each place, how fast places changed
hands, how far one faction's front reached, reported shares of territory (bundled data only)
and every change of control.

One module per kind of content: :mod:`.report` (what is read), :mod:`.summary` (title,
headlines, key figures), :mod:`.map`, :mod:`.pace` (pace and front), :mod:`.shares`,
:mod:`.changes` (table and annex) and :mod:`.sources`. Every number comes from
:mod:`analysis.metrics.control`; definitions (place, change of control, last known holder,
provincial capital, front) are documented there.
"""

from analysis.metrics.results import Result
from analysis.sections.control import changes, map, pace, shares, sources, summary
from analysis.sections.control.changes import BODY_ROWS
from analysis.sections.control.map import map_figure
from analysis.sections.control.report import Control, load
from analysis.sections.control.sources import left_out, roles_table
from analysis.sections.control.summary import header, headlines, key_figures
from analysis.sections.domain import View, register, section, view
from analysis.sections.section import Section

DOMAIN = "control"
TITLE = "Territorial control"


def _body(report: Control) -> list:
    return [
        *map.map_section(report),
        *pace.timeline_section(report),
        *pace.front_section(report),
        *shares.shares_section(report),
        *changes.changes_table_section(report),
    ]


register(
    View(
        DOMAIN,
        Control.kind,
        headlines=summary.headlines,
        key_figures=summary.key_figures_section,
        body=_body,
        sources=lambda report: sources.sources_section(report, body_limit=BODY_ROWS),
        left_out=lambda report: sources.left_out(report, body_limit=BODY_ROWS),
        annex=lambda report: changes.changes_annex_section(report, body_limit=BODY_ROWS),
    )
)


def key_figures_section(report: Control) -> Section:
    return section("control.key_figures", view(DOMAIN, report).key_figures(report), report)


def map_section(report: Control) -> Section:
    return section("control.map", map.map_section(report), report)


def timeline_section(report: Control) -> Section:
    return section("control.timeline", pace.timeline_section(report), report)


def front_section(report: Control) -> Section:
    return section("control.front", pace.front_section(report), report)


def shares_section(report: Control) -> Section:
    return section("control.shares", shares.shares_section(report), report)


def changes_table_section(
    report: Control, limit: int | None = None, *, notes: bool | None = None
) -> Section:
    made = changes.changes_table_section(report, limit, notes=notes)
    return section("control.changes", made, report)


def body(report: Control) -> Section:
    return section("control.body", view(DOMAIN, report).body(report), report)


def sources_section(report: Control, body_limit: int | None = None) -> Section:
    return section("control.sources", sources.sources_section(report, body_limit), report)


def changes_annex_section(report: Control, body_limit: int | None = None) -> Section:
    return section("control.annex", changes.changes_annex_section(report, body_limit), report)


def figures(report: Control) -> tuple[list[Result], dict[str, str | None]]:
    """What a batch's front page shows of this run: the report's named results."""
    return headlines(report), {}


SECTIONS = {
    "map": map_section,
    "timeline": timeline_section,
    "front": front_section,
    "shares": shares_section,
    "changes": changes_table_section,
}
"""The notebook's sections after the key figures, in order (Sources and method and the annex
last)."""


__all__ = [
    "BODY_ROWS",
    "DOMAIN",
    "SECTIONS",
    "TITLE",
    "Control",
    "body",
    "changes_annex_section",
    "changes_table_section",
    "figures",
    "front_section",
    "header",
    "headlines",
    "key_figures",
    "key_figures_section",
    "left_out",
    "load",
    "map_figure",
    "map_section",
    "roles_table",
    "shares_section",
    "sources_section",
    "timeline_section",
]
