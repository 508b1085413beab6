"""Reported shares of territory: they come with the bundled dataset only, so a report on the
user's own file says only that its file records changes, not shares (nothing of the bundled
data)."""

from __future__ import annotations

import pandas as pd

from analysis.charts import control as charts
from analysis.metrics import control as metrics
from analysis.metrics.results import day_text
from analysis.sections.blocks import Block, bullets, figure, heading
from analysis.sections.control.report import Control
from analysis.sections.text import sentence, sentence_note


def shares_section(report: Control) -> list[Block]:
    blocks = [heading("Reported shares of territory")]
    if report.shares is None:
        blocks.append(sentence_note("control_no_shares", source=report.source))
        return blocks
    shares = report.shares
    if metrics.drawn_shares(shares).empty:
        blocks.append(
            sentence_note(
                "control_no_data",
                where="Syria",
                period=report.span,
                what="share of territory reported up to the period's end",
                source=report.shares_source,
                first=None,
                last=None,
            )
        )
    else:
        newest = metrics.newest_shares(shares)
        ax = charts.territory_shares(
            metrics.drawn_shares(shares),
            metrics.share_sums(shares),
            source=report.shares_source,
            as_of=day_text(newest[0].as_of) if newest else None,
        )
        blocks.append(
            figure(
                ax.figure,
                alt="Stacked horizontal bars, one per report, of the share of Syria's territory "
                "held by each faction as published by AFP, Jusoor for Studies and SOHR; figures "
                "that sources dispute are outlined with dashes.",
                caption="Shares of Syria's territory by faction, as each organisation published "
                "them (qualifiers kept).",
            )
        )
        if newest:
            blocks.append(sentence("control_shares_latest", end=report.scope.end, shares=newest))
            if newest[0].as_of < report.scope.start:
                blocks.append(
                    sentence("control_shares_old", period=report.span, when=newest[0].as_of)
                )
        for total in metrics.over_full_shares(shares):
            blocks.append(sentence_note("control_share_sum", total=total))
    if report.scope.governorate is not None:
        blocks.append(sentence_note("control_shares_national", where=report.scope.where))
    others = metrics.other_shares(shares)
    if len(others):
        blocks.append(
            bullets(
                "Other reported control figures, not drawn (areas, counts, shares of one "
                "governorate, or no number)",
                [_other(r) for r in others.itertuples(index=False)],
            )
        )
    blocks.extend(disagreements(shares, "Where sources disagree on shares"))
    return blocks


def _other(r) -> str:
    when = day_text(r.as_of_date) if pd.notna(r.as_of_date) else "undated"
    qualifier = f"{r.qualifier} " if pd.notna(r.qualifier) else ""
    value = f"{r.value:g} " if pd.notna(r.value) else ""
    return (
        f"{r.organisation}, {when} ({r.scope}): {r.faction}, {r.metric.replace('_', ' ')}: "
        f"{qualifier}{value}{r.unit}"
    )


def disagreements(frame: pd.DataFrame, title: str) -> list[Block]:
    """Rows with a ``conflict_note`` as a list (record id, place or faction, the note)."""
    if "conflict_note" not in frame:
        return []
    rows = frame.dropna(subset=["conflict_note"])
    if rows.empty:
        return []
    label = "place" if "place" in rows else "faction"
    return [
        bullets(
            title,
            [
                f"{r.record_id} ({getattr(r, label)}): {r.conflict_note}"
                for r in rows.itertuples(index=False)
            ],
        )
    ]
