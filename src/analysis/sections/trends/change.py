"""The "what changed" section: the area's events, deaths and civilian deaths in the period
against three baselines, the change level of each (ACLED Trendfinder's bands) and the HDX
Signals alert, or why there is none. Used at the top of the trends report and of the situation
report."""

from __future__ import annotations

from analysis.i18n import N_, _, gettext
from analysis.metrics import trends as metrics
from analysis.sections.advice import advice
from analysis.sections.blocks import Block, esc, heading
from analysis.sections.disclosures import Notes
from analysis.sections.text import sentence, sentence_note
from analysis.sections.trends.report import TrendsReport
from analysis.sections.trends.words import (
    alert_text,
    baseline_text,
    level_chip,
    level_text,
    measure_label,
    overlap,
    percent,
    reference_text,
)

WHAT_CHANGED = N_("What changed")
"""The section's default heading (the trends report's title)."""


def _baseline(report: TrendsReport, baseline: str) -> str:
    return baseline_text(baseline, report.span, report.monthly, max(1, report.months))


def _reference(comparison) -> str:
    return reference_text(comparison.reference, comparison.current, comparison.change_pct)


def headline(report: TrendsReport, notes: Notes | None = None) -> list[Block]:
    """One sentence per measure against the report's baseline: count (marked with its
    disclosures), reference, change, level; or why no level can be given."""
    own = report.own
    notes = Notes("trends-what-changed") if notes is None else notes
    blocks: list[Block] = []
    for measure in metrics.MEASURES:
        result = own.counts.get(measure)
        comparison = own.comparisons.get((measure, report.baseline))
        if result is None or comparison is None:
            continue
        blocks.append(
            sentence(
                "trends_change",
                label=measure_label(measure),
                result=result,
                comparison=comparison,
                reference=_reference(comparison),
                baseline=_baseline(report, report.baseline),
                pct=percent(comparison.change_pct),
                guard=report.trends.bands,
                notes=notes,
            )
        )
    return blocks


def table(report: TrendsReport, notes: Notes | None = None) -> Block:
    """Every measure against every baseline: the reference, the change and its level; each
    count marked with its disclosures."""
    own = report.own
    notes = Notes("trends-what-changed") if notes is None else notes
    against = _("Against %(baseline)s")
    head = "".join(
        f"<th>{esc(against % {'baseline': _baseline(report, b)})}</th>" for b in metrics.BASELINES
    )
    rows, lines = [], []
    for measure in metrics.MEASURES:
        result = own.counts.get(measure)
        if result is None:
            continue
        cells = [
            f"<td>{esc(measure_label(measure))}</td>",
            f'<td class="num">{notes.mark(result)}</td>',
        ]
        line = [measure_label(measure), result.text]
        for baseline in metrics.BASELINES:
            c = own.comparisons[(measure, baseline)]
            if c.level is None:
                cells.append(f"<td>{level_chip(None)}</td>")
                line.append(level_text(None))
                continue
            sub = _("against %(reference)s in %(window)s") % {
                "reference": _reference(c) or 0,
                "window": c.window.label,
            }
            if c.guarded:
                shown, said = "", " " + _("(small numbers)")
            else:
                shown, said = percent(c.change_pct) or _("from none"), ""
            cells.append(
                f"<td>{esc(shown)} {level_chip(c.level)}{esc(said)}"
                f'<span class="sub">{esc(sub)}</span></td>'
            )
            line.append(f"{shown} {level_text(c.level)}{said} ({sub})".strip())
        rows.append("<tr>" + "".join(cells) + "</tr>")
        lines.append(" | ".join(line))
    markup = (
        '<table class="sitrep-table sitrep-change"><thead><tr><th></th>'
        f'<th class="num">{esc(report.span.label)}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return Block(markup, "\n".join(lines), kind="html")


def alert(report: TrendsReport) -> Block:
    """The HDX Signals alert for the area: its level and the figures it compares, which days
    each comes from and whether they overlap the period, or why it could not be tested."""
    a = report.own.alert
    name = "trends_alert" if a.level else "trends_no_alert"
    block = sentence(
        name,
        alert=a,
        rule=report.trends.rule,
        level=alert_text(a.level),
        window=overlap(a.window, report.span),
        max1=overlap(a.max_level1_window, report.span),
        max2=overlap(a.max_level2_window, report.span),
    )
    if a.level:
        return Block(f'<div class="sitrep-alert">{block.data}</div>', repr(block), kind="note")
    return block


def coverage_notes(report: TrendsReport) -> list[Block]:
    """Why the other baselines or the alert's level 2 are missing (the headline sentences
    already say it for the report's own baseline): the dates the data cover against those the
    level needs, each reason once."""
    own = report.own
    said = {c.reason for (_m, b), c in own.comparisons.items() if b == report.baseline}
    found: dict[str, str] = {}
    for (_m, baseline), c in own.comparisons.items():
        if c.level is None and c.reason and c.reason not in said:
            found.setdefault(
                c.reason, _("against %(baseline)s") % {"baseline": _baseline(report, baseline)}
            )
    if own.alert.level is not None and own.alert.reason:
        found.setdefault(own.alert.reason, _("for the alert"))
    return [sentence_note("trends_not_covered", what=what, reason=r) for r, what in found.items()]


def section(report: TrendsReport, *, title: str | None = None) -> list[Block]:
    """The section: headline sentences, the table of baselines, the alert, the gaps."""
    blocks = [heading(gettext(WHAT_CHANGED) if title is None else title)]
    if report.outside:
        blocks.append(sentence_note("trends_outside", covered=report.covered, report=report))
        blocks.append(
            advice("period_inside", covered=report.covered, what=_("file"), period=report.span)
        )
        return blocks
    if report.monthly and report.months == 0:
        blocks.append(sentence_note("trends_no_month", period=report.span, source=report.source))
        blocks.append(advice("month_end", what=_("the change of the file's months"), events=True))
        return blocks
    blocks.append(sentence("trends_opening", where=report.scope.where, period=report.span))
    if report.partial and report.monthly:  # event data: the counts' coverage disclosure says it
        blocks.append(sentence_note("trends_partial_period", covered=report.covered))
    notes = Notes("trends-what-changed")
    blocks.extend(headline(report, notes))
    blocks.append(table(report, notes))
    blocks.extend(notes.blocks())
    blocks.append(alert(report))
    blocks.extend(coverage_notes(report))
    return blocks


def tolls_section(report: TrendsReport, *, title: str | None = None) -> list[Block]:
    """The section for a file of reported tolls: no change can be computed from tolls."""
    return [
        heading(gettext(WHAT_CHANGED) if title is None else title),
        sentence_note("trends_no_events", source=report.source),
        advice("event_file", what=_("the change against the periods before"), aggregates=True),
    ]


def change_level(report: TrendsReport, measure: str = "events") -> str | None:
    """The area's change level for ``measure`` against the report's baseline, a code of
    :data:`~analysis.metrics.trends.LEVELS` (None: none)."""
    own = report.own
    if own is None:
        return None
    comparison = own.comparisons.get((measure, report.baseline))
    return None if comparison is None else comparison.level


def alert_level(report: TrendsReport) -> str | None:
    own = report.own
    return None if own is None else alert_text(own.alert.level)


__all__ = [
    "alert",
    "alert_level",
    "change_level",
    "coverage_notes",
    "headline",
    "section",
    "table",
    "tolls_section",
]
