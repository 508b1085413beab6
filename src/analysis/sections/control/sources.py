"""How the control report counted, and the sources it cites."""

from __future__ import annotations

import pandas as pd

from analysis import factions, organisations, places
from analysis.i18n import N_, _, gettext, pgettext
from analysis.metrics import control as metrics
from analysis.sections.blocks import Block, heading, paragraph, table
from analysis.sections.common import left_out as common_left_out
from analysis.sections.common import sources_list
from analysis.sections.control.changes import _URL, annexed, is_acled
from analysis.sections.control.pace import front_method, no_front
from analysis.sections.control.report import Control
from analysis.sections.control.shares import no_shares
from analysis.sections.text import sentence, term

METHOD = N_(
    "A place is a place name in its governorate; a change of control is one recorded event of a "
    "place changing hands, with the factions gaining and losing it as published. The last known "
    "holder of a place on a date is the gaining faction of its last recorded change up to that "
    "date: places that never changed hands in the data are not shown, and a holder is only as "
    "current as its last recorded change (the map tells changes of the period from older ones). "
    "Faction names are grouped into roles (government and allies, HTS-led MOC, SNA and Turkish "
    "forces, SDF, southern factions, ISIS, other) by ordered rules (the table of the period's "
    "faction names below gives each one's role); names that do not say which coalition they "
    "belong to, such as 'Opposition', count as other. Each "
    "role has one colour-blind-safe colour in every chart. Charts count changes per day for "
    "periods up to three months, per week up to two years, per month up to eight years."
)
ACLED_METHOD = N_(
    "ACLED codes territory changes as 'Government regains territory' and 'Non-state actor "
    "overtakes territory' events; actor 1 gains and actor 2 loses. ACLED's terms of use and "
    "attribution policy apply to its data."
)


def left_out(report: Control, body_limit: int | None = None) -> list[dict[str, object]]:
    """The parts of the report left out for having nothing to show, with what says why
    (:func:`analysis.sections.common.left_out`): with no change in the period, the map (when no
    place has a holder either), the pace, the front and the table; else a front that cannot be
    drawn; the shares of territory; the annex, when the body's table (``body_limit`` rows; None:
    the report has no annex of its own to leave out) showed every change."""
    scope = {"source": report.source, "period": report.span, "where": report.scope.where}
    found: list[dict[str, object]] = []
    if report.period.empty:
        found.append({"part": "control_none", **scope})
        if metrics.holders(report.changes, report.span).empty:
            found.append({"part": "map_none", "end": report.scope.end, **scope})
    elif (front := no_front(report)) is not None:
        found.append(front)
    if (shares := no_shares(report)) is not None:
        found.append(shares)
    if body_limit is not None and not report.period.empty and not annexed(report, body_limit):
        found.append({"part": "annex"})
    return found


def sources_section(report: Control, body_limit: int | None = None) -> list[Block]:
    """How the report counted and its sources, and one sentence on the parts left out
    (``body_limit``: the rows of the body's table of changes, see :func:`left_out`)."""
    blocks = [heading(_("Sources and method")), paragraph(gettext(METHOD))]
    blocks.append(
        sentence(
            "control_sources",
            source=report.source,
            file=None if report.bundled else report.source_file,
            as_of=report.file_as_of,
            shapes=report.boundaries_source,
            shapes_file=report.boundaries_file,
        )
    )
    blocks.extend(common_left_out(left_out(report, body_limit)))
    if is_acled(report):
        blocks.append(paragraph(gettext(ACLED_METHOD)))
    if not report.period.dropna(subset=["latitude"]).empty:
        blocks.append(front_method(report))
    if not report.period.empty:
        blocks.append(
            table(
                roles_table(report.period),
                columns={
                    "name": _("Faction as published"),
                    "role": _("Role"),
                    "mentions": pgettext("table header", "Changes"),
                },
                numeric=("mentions",),
                caption=_(
                    "Faction names of the period's changes (gaining or losing) and the role each "
                    "is counted and coloured as."
                ),
            )
        )
    urls = cited_urls(report.period)
    if urls:
        blocks.append(sources_list(_("Reports cited for the changes of control"), urls))
    if report.shares is not None and not report.shares.empty:
        cited = report.shares[["organisation", "source_url"]].drop_duplicates()
        blocks.append(
            sources_list(
                _("Reports cited for shares of territory"),
                [
                    (organisations.shown(str(r.organisation)), str(r.source_url))
                    for r in cited.itertuples(index=False)
                ],
            )
        )
    return blocks


def cited_urls(period: pd.DataFrame) -> list[tuple[str, str]]:
    """(places citing it, URL) for every URL in the ``source`` and ``notes`` columns, in order
    of first use."""
    if period.empty:
        return []
    cited: dict[str, list[str]] = {}
    for column in ("source", "notes", "conflict_note"):
        if column not in period:
            continue
        for place, text in zip(period["place"], period[column], strict=True):
            if text is None or pd.isna(text):
                continue
            for url in _URL.findall(str(text)):
                named = cited.setdefault(url.rstrip("."), [])
                if places.shown(str(place)) not in named:
                    named.append(places.shown(str(place)))
    return [(pgettext("list", ", ").join(named), url) for url, named in cited.items()]


def roles_table(period: pd.DataFrame) -> pd.DataFrame:
    """Every faction name of the period as published, with its role's label and how often it
    appears (:func:`analysis.metrics.control.faction_names`); a missing name in words."""
    names = metrics.faction_names(period)
    return names.assign(
        name=[
            term("faction_not_stated") if pd.isna(name) else factions.shown(name)
            for name in names["name"]
        ],
        role=[term("faction", role=role) for role in names["role"]],
    )
