"""The casualties report on reported tolls (the bundled 2024 figures or a tolls file): each
organisation's latest whole-offensive toll, the cumulative tolls as published, every figure of
the period, and where sources disagree."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from analysis.charts import casualties as charts
from analysis.i18n import _, day, qualified
from analysis.metrics import casualties as metrics
from analysis.metrics.casualties.tolls import describe_toll
from analysis.metrics.casualties.tolls import row_disclosures as toll_disclosures
from analysis.metrics.results import Result, format_number
from analysis.metrics.weak_source import disclosure as weak_disclosure
from analysis.organisations import shown as organisation_shown
from analysis.sections.advice import advice
from analysis.sections.blocks import Block, bullets, figure, heading, table
from analysis.sections.casualties.report import Casualties
from analysis.sections.common import key_figures_box, sources_list
from analysis.sections.text import sentence, sentence_note
from analysis.sections.weak_source import Marks, attach


def _per_governorate(report: Casualties) -> bool:
    return report.scope.governorate is not None


def headlines(report: Casualties) -> list[Result]:
    """``deaths`` (the headline whole-offensive toll) and ``civilian_deaths`` (the civilians
    of the same report), when a toll has an as-of date in the period."""
    whole = _per_governorate(report)
    found = [
        metrics.headline_toll(report.tolls, whole_offensive=whole),
        metrics.headline_civilians(report.tolls, whole_offensive=whole),
    ]
    return [r for r in found if r is not None]


def key_figures(report: Casualties) -> list[Block]:
    """Each organisation's latest toll, with the split it published and other civilian counts."""
    blocks = [heading(_("Key figures"))]
    found = headlines(report)
    boxed = Marks("casualties-key-figures")
    if found:
        blocks.append(attach(key_figures_box(found, boxed), boxed))
    latest = metrics.toll_results(report.tolls)
    if not latest:
        blocks.append(
            sentence_note("casualties_no_toll", period=report.span, bundled=report.bundled)
        )
    said = Marks("casualties-tolls-text", number=2 if boxed.any else 1, after=boxed)
    for toll in latest:
        blocks.append(sentence("casualties_toll", **toll, marks=said))
    others = metrics.other_civilian_counts(report.tolls)
    if others:
        blocks.append(sentence("casualties_other_civilians", counts=others, marks=said))
    if said.any:
        blocks.append(said.note())
    if _per_governorate(report) and not report.tolls.empty:
        blocks.append(
            sentence_note("casualties_whole_offensive", place=report.scope.governorate.shown)
        )
    return blocks


def section(report: Casualties) -> list[Block]:
    blocks = [heading(_("Reported death tolls"))]
    if report.tolls.empty:
        blocks.append(
            sentence_note("casualties_no_toll", period=report.span, bundled=report.bundled)
        )
        return blocks
    shown = metrics.offensive_tolls(report.tolls)
    fig = charts.reported_tolls(
        shown, as_of=charts.as_of_text(metrics.last_toll_day(shown)), period=report.span
    )
    drawn = Marks("casualties-tolls-chart")
    drawn.add(weak_disclosure(shown.dropna(subset=["deaths_civilians"]), describe_toll))
    blocks.append(
        attach(
            figure(
                fig,
                name="tolls",
                alt=(
                    _(
                        "Line charts of cumulative deaths reported during the offensive: left, "
                        "the main monitor's toll by side; right, civilian deaths as counted by "
                        "each organisation; a count resting on a single weak source is starred."
                    )
                    if drawn.any
                    else _(
                        "Line charts of cumulative deaths reported during the offensive: left, "
                        "the main monitor's toll by side; right, civilian deaths as counted by "
                        "each organisation."
                    )
                ),
                caption=Markup("{}{}").format(
                    _(
                        "Cumulative deaths as published, by reporting organisation; triangles "
                        'are lower bounds ("at least").'
                    ),
                    drawn.mark() if drawn.any else "",
                ),
            ),
            drawn,
        )
    )
    rows = report.tolls.sort_values(
        ["as_of_date", "organisation", "report_date"], ascending=[False, True, False]
    )
    listed = Marks("casualties-tolls-table")
    found = toll_disclosures(rows)
    rows = rows.assign(
        **{
            column: pd.Series(
                [
                    listed.wrap(f"{rid}-{column}", _cell(value), d) if pd.notna(value) else ""
                    for rid, value, d in zip(rows["record_id"], rows[column], found, strict=True)
                ]
                if "record_id" in rows
                else rows[column],
                index=rows.index,
                dtype=object,
            )
            for column in ("deaths_total", "deaths_civilians")
        },
        organisation=rows["organisation"].map(lambda name: organisation_shown(name, short=True)),
        qualifier=rows["qualifier"].map(_qualifier),
    )
    blocks.append(
        attach(
            table(
                rows,
                columns={
                    "as_of_date": _("As of"),
                    "organisation": _("Organisation"),
                    "qualifier": _("Qualifier"),
                    "deaths_total": _("Total"),
                    "deaths_rebels": _("Rebels"),
                    "deaths_government_side": _("Government side"),
                    "deaths_civilians": _("Civilians"),
                    "scope": _("Scope"),
                },
                numeric=(
                    "deaths_total",
                    "deaths_rebels",
                    "deaths_government_side",
                    "deaths_civilians",
                ),
                caption=_(
                    "Every reported figure in the period, most recent first, as published "
                    "(qualifiers kept)."
                ),
            ),
            listed,
        )
    )
    if "conflict_note" in report.tolls:
        conflicts = report.tolls.dropna(subset=["conflict_note"])
        if not conflicts.empty:
            blocks.append(
                bullets(
                    _("Where sources disagree"),
                    [
                        _("%(record)s (%(organisation)s, %(day)s): %(note)s")
                        % {
                            "record": r.record_id,
                            "organisation": organisation_shown(r.organisation),
                            "day": day(r.as_of_date),
                            "note": r.conflict_note,
                        }
                        for r in conflicts.itertuples(index=False)
                    ],
                )
            )
    return blocks


def _qualifier(value: object) -> object:
    """A qualifier alone, as the table's column shows it: as published in English, the
    edition's words otherwise (:func:`analysis.i18n.qualified` with nothing to qualify)."""
    return value if pd.isna(value) else qualified(value, "").strip()


def _cell(value: object) -> str:
    """A count as the table shows it."""
    return format_number(value, "deaths")


def _no_event_file() -> Block:
    """The advice for the operator in place of deaths in recorded events (Sources and method
    tells the reader why they are not shown: :func:`left_out`)."""
    return advice("event_file", what="deaths per day, week or month in recorded events")


def operator_advice(report: Casualties) -> list[Block]:
    """What the operator is advised beside the tolls: deaths in recorded events need an event
    file."""
    return [_no_event_file()]


def left_out(report: Casualties) -> list[dict[str, object]]:
    """Deaths in recorded events, always (tolls are not events); a second file given to
    compare, which needs events on both sides."""
    found: list[dict[str, object]] = [{"part": "events", "source": report.source}]
    if report.comparison is not None:
        found.append({"part": "compare_tolls", "source": report.source})
    return found


def sources_section(report: Casualties) -> list[Block]:
    blocks = [heading(_("Sources and method")), sentence("casualties_method_tolls")]
    if not report.tolls.empty:
        urls = report.tolls[["outlet", "source_url"]].drop_duplicates()
        blocks.append(
            sources_list(
                _("Reported tolls in this report"),
                [(str(r.outlet), str(r.source_url)) for r in urls.itertuples(index=False)],
            )
        )
    return blocks
