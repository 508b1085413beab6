"""The changes of control of the period: the most significant first in the body (provincial
capitals, then the most recent), capped, and every change in an annex."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis import factions, i18n, places
from analysis.charts.control import governorate
from analysis.data import acled
from analysis.i18n import N_, _, gettext
from analysis.metrics import control as metrics
from analysis.sections.advice import advice
from analysis.sections.blocks import Block, heading, table
from analysis.sections.control.report import Control
from analysis.sections.control.shares import disagreements
from analysis.sections.text import sentence_note
from analysis.sections.weak_source import Marks, attach

ACLED_NOTE = "ACLED event "
"""Prefix of the ``notes`` the ACLED control reader writes (followed by the event id)."""
BODY_ROWS = 25
"""Rows of the table in the body of the control report (the situation report passes fewer)."""
ANNEX_ROWS = 200
"""Longest annex table; longer periods say how many rows are left out."""
_URL = re.compile(r"https?://[^\s;,)]+")
COLUMNS = {
    "date_shown": N_("Date"),
    "place_shown": N_("Place"),
    "governorate_shown": N_("Governorate"),
    "event": N_("Event"),
    "gaining_shown": N_("Gained by"),
    "losing_shown": N_("Lost by"),
    "ref": N_("Ref."),
}
"""The columns of the tables of changes and their headers (translated where shown). The
``event`` column is the data's free text (the bundled data's, in the edition's language)."""


def _headers(columns: dict[str, str]) -> dict[str, str]:
    return {column: gettext(header) for column, header in columns.items()}


def short_urls(text: str) -> str:
    """URLs inside notes as "[link]" (the full URLs are in the sources list): a URL cannot
    wrap, and would push the table off the printed page."""
    return _URL.sub(_("[link]"), str(text))


def _place_names(rows: pd.DataFrame) -> list[str]:
    """Each row's place in the edition's language (:func:`analysis.places.shown`, with its
    coordinates)."""
    return [
        places.shown(
            "" if pd.isna(name) else str(name),
            None if pd.isna(lat) else float(lat),
            None if pd.isna(lon) else float(lon),
        )
        for name, lat, lon in zip(rows["place"], rows["latitude"], rows["longitude"], strict=True)
    ]


def _rows(period: pd.DataFrame, *, capitals_first: bool) -> pd.DataFrame:
    rows = metrics.ordered_changes(period, capitals_first=capitals_first)
    located = rows["latitude"].notna() & rows["longitude"].notna()
    names = pd.Series(_place_names(rows), index=rows.index, dtype="string")
    rows["place_shown"] = names + np.where(located, "", " *")
    rows["place_plain"] = rows["place_shown"]
    rows["date_shown"] = [
        "" if pd.isna(day) else i18n.date(day, "yyyy-MM-dd") for day in rows["event_date"]
    ]
    rows["governorate_shown"] = [
        governorate(None if pd.isna(pcode) else pcode, name)
        for pcode, name in zip(rows["admin1_pcode"], rows["admin1_name"], strict=True)
    ]
    rows["gaining_shown"] = rows["faction_gaining"].map(factions.shown).astype("string")
    rows["losing_shown"] = rows["faction_losing"].map(factions.shown).astype("string")
    notes = rows["notes"].astype("string")
    if "record_id" in rows:
        ref = rows["record_id"].astype("string")
    else:  # ACLED: the notes column holds "ACLED event <id>"
        ref = notes.str.removeprefix(ACLED_NOTE)
        notes = notes.where(~notes.str.startswith(ACLED_NOTE, na=False))
    disputed = rows["conflict_note"].notna() if "conflict_note" in rows else False
    rows["ref"] = ref.fillna("") + np.where(disputed, " †", "")
    rows["remarks"] = notes.fillna("").map(short_urls).astype("string")
    return rows


def _marked(shown: pd.DataFrame, marks: Marks) -> pd.DataFrame:
    """``shown`` with the place of each change resting on a single weak source marked (the
    column holds markup, kept as objects so that pandas does not turn it into plain text)."""
    found = metrics.row_disclosures(shown)
    ids = shown["record_id"] if "record_id" in shown else shown["ref"]
    cells = [
        marks.wrap(f"change-{rid}", text, d)
        for rid, text, d in zip(ids, shown["place_plain"], found, strict=True)
    ]
    return shown.assign(place_shown=pd.Series(cells, index=shown.index, dtype=object))


def _caption(report: Control, order: str, disputes: str | None = None) -> str:
    """The caption of a table of changes: ``order`` says how its rows are sorted; ``disputes``
    where sources' disagreements are listed (default: below the table)."""
    said = {
        "where": report.scope.where,
        "period": report.scope.period,
        "order": order,
        "disputes": disputes or _("see below"),
    }
    if "conflict_note" in report.period:
        return (
            _(
                "Changes of control, %(where)s, %(period)s, %(order)s; factions as published "
                "(their roles are listed under Sources and method). * no coordinates (not on the "
                "map); † sources disagree (%(disputes)s)."
            )
            % said
        )
    return (
        _(
            "Changes of control, %(where)s, %(period)s, %(order)s; factions as published (their "
            "roles are listed under Sources and method). * no coordinates (not on the map)."
        )
        % said
    )


def changes_table_section(
    report: Control, limit: int | None = None, *, notes: bool | None = None
) -> list[Block]:
    """The period's most significant changes (the latest change of each provincial capital,
    then the most recent), at most ``limit`` rows (default :data:`BODY_ROWS`), saying how many
    are left out; every change, the notes published with them and where sources disagree are
    in :func:`changes_annex_section`. When the table shows every change and ``notes`` is true
    (default: when no ``limit`` is given, the control report's own table), the notes and
    disagreements follow it here, and :func:`changes_annex_section` given the same limit as
    ``body_limit`` leaves the annex out instead of repeating the table."""
    period = report.period
    if period.empty:
        return []  # the key figures say so; Sources and method why the section is not there
    blocks = [heading(_("Changes of control"))]
    rows = _rows(period, capitals_first=True)
    cut = metrics.first_rows(rows, BODY_ROWS if limit is None else limit)
    shown = cut.rows
    capitals = bool(shown["first_shown"].any())
    order = (
        _("the latest change of each provincial capital first, then the most recent")
        if capitals
        else _("most recent first")
    )
    complete = not cut.left and (limit is None if notes is None else notes)
    caption = _caption(report, order, _("see below") if complete else _("see the annex"))
    marks = Marks(f"control-changes-{'body' if limit is None else 'short'}")
    marked = _marked(shown, marks)
    blocks.append(attach(table(marked, columns=_headers(COLUMNS), caption=caption), marks))
    if complete:  # every change is in the table: its notes follow, no annex repeats it
        blocks.extend(_notes(shown))
    if cut.left:
        blocks.append(
            sentence_note(
                "control_table_left_out",
                total=cut.total,
                shown=cut.shown,
                left=cut.left,
                capitals=capitals,
                annex=True,
                annex_limit=ANNEX_ROWS,
            )
        )
        if cut.total > ANNEX_ROWS:
            blocks.append(advice("list_all", total=cut.total))
    return blocks


def _notes(shown: pd.DataFrame) -> list[Block]:
    """The notes published with the rows shown, and where sources disagree on them."""
    blocks = []
    with_notes = shown[shown["remarks"].str.strip() != ""]
    if len(with_notes):
        blocks.append(
            table(
                with_notes,
                columns={
                    "ref": _("Ref."),
                    "place_plain": _("Place"),
                    "remarks": _("Notes as published"),
                },
                caption=_(
                    "Notes published with the changes above; %(link)s stands for a URL listed "
                    "under Sources and method."
                )
                % {"link": _("[link]")},
            )
        )
    blocks.extend(disagreements(shown, _("Where sources disagree on changes of control")))
    return blocks


def annexed(report: Control, body_limit: int | None) -> bool:
    """Whether the annex lists the changes: not when there are none, nor when the body's table
    (of at most ``body_limit`` rows; None: no such table) already showed every one."""
    total = len(report.period)
    return total > 0 and (body_limit is None or total > body_limit)


def changes_annex_section(report: Control, body_limit: int | None = None) -> list[Block]:
    """Every change of control of the period, most recent first (at most :data:`ANNEX_ROWS`,
    saying how many older ones are left out), the notes published with them and where sources
    disagree. ``body_limit``: the rows of the body's table (:func:`changes_table_section`'s
    ``limit``); when it showed every change, the annex would repeat it and is left out
    (Sources and method says so)."""
    if not annexed(report, body_limit):
        return []
    blocks = [heading(_("Annex: every change of control in the period"))]
    period = report.period
    cut = metrics.first_rows(_rows(period, capitals_first=False), ANNEX_ROWS)
    shown = cut.rows
    columns = {k: v for k, v in _headers(COLUMNS).items() if k != "event"}  # narrower rows
    marks = Marks("control-changes-annex")
    blocks.append(
        attach(
            table(
                _marked(shown, marks),
                columns=columns,
                caption=_caption(report, _("most recent first")),
            ),
            marks,
        )
    )
    if cut.left:
        blocks.append(
            sentence_note(
                "control_table_left_out",
                total=cut.total,
                shown=cut.shown,
                left=cut.left,
                capitals=False,
                annex=False,
                annex_limit=ANNEX_ROWS,
            )
        )
        blocks.append(advice("list_all", total=cut.total))
    blocks.extend(_notes(shown))
    return blocks


def is_acled(report: Control) -> bool:
    return report.source_format == acled.CONTROL_FORMAT.name
