"""Attacks on health care, a section of the casualties report (Insecurity Insight / SHCC).

The section loads its own file (the notebook's ``health_attacks_path``), so the casualties
facade does not change; with no file it shows nothing (the operator is advised), and its sources
and method go under the report's own (:func:`sources_section`). It shows the key figures (incidents
and health workers killed, injured, kidnapped or arrested, each "at least"), incidents per month
by governorate where the file gives one, health workers affected by kind, and the sources and
method with the CC BY-SA attribution and the publisher's completeness caveat. Numbers come from
:mod:`analysis.metrics.health`; this module only composes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import data, gazetteer
from analysis.charts import health as charts
from analysis.charts.style import source_line
from analysis.data.sets import FileSet
from analysis.i18n import _, day, edition
from analysis.metrics import health as metrics
from analysis.metrics.results import Period, Result
from analysis.parameters import is_bundled
from analysis.sections.advice import advice
from analysis.sections.blocks import Block, figure, heading
from analysis.sections.common import Scope, data_files, sources_list
from analysis.sections.common import left_out as common_left_out
from analysis.sections.disclosures import Notes, key_figures_box, note_block, source_name
from analysis.sections.domain import frames
from analysis.sections.section import Section
from analysis.sections.text import sentence, sentence_note, term

CITATION = (
    "Insecurity Insight and Safeguarding Health in Conflict Coalition (SHCC), attacks on health "
    "care incident data (CC BY-SA)",
    "https://data.humdata.org/organization/insecurity-insight",
)
_LEVEL = 3  # under the section's own level-2 heading


@dataclass
class Report:
    scope: Scope
    source: str  # the dataset named by what it holds (its title and dates), never its file
    source_file: str  # the file's name, said once in the sources and method
    selection: metrics.Selection
    has_places: bool  # the file gives governorates
    file_span: Period | None
    results: list[Result]
    monthly: pd.DataFrame
    by_governorate: pd.DataFrame  # per month, tidy
    kinds: pd.DataFrame
    source_files: FileSet | None = None  # several files read as one: what each held

    @property
    def incidents(self) -> pd.DataFrame:
        return self.selection.incidents

    @property
    def empty(self) -> bool:
        return self.incidents.empty

    @property
    def where(self) -> str:
        """The place the figures are for: the report's, or Syria when the file cannot be split
        by governorate."""
        return term("syria") if self.selection.national else self.scope.where


def load(
    *,
    health_attacks_path: str | None,
    start_date: str,
    end_date: str,
    governorate: str = "all",
) -> Report | None:
    """The section's data and numbers; None when no file is given (empty parameter)."""
    if health_attacks_path is None or not str(health_attacks_path).strip():
        return None
    if is_bundled(health_attacks_path):
        return None
    scope = Scope.from_parameters(start_date, end_date, governorate)
    dataset = data.read(health_attacks_path, domain="health")
    frame = dataset.frame
    name = None if scope.governorate is None else scope.governorate.shown
    selection = metrics.select(frame, scope.span, scope.pcode, name)
    incidents = selection.incidents
    span = metrics.file_span(frame)
    return Report(
        scope=scope,
        source=source_name(dataset.format.shown_title, last=None if span is None else span.end),
        source_file=dataset.file_name,
        source_files=dataset.files,
        selection=selection,
        has_places=metrics.has_governorates(frame),
        file_span=span,
        results=metrics.results(
            incidents,
            scope.span,
            term("syria") if selection.national else scope.where,
            selection.disclosures(),
        ),
        monthly=metrics.monthly(incidents, scope.span),
        by_governorate=metrics.monthly_by_governorate(incidents, scope.span),
        kinds=metrics.victims_by_kind(incidents),
    )


def _governorate_names(names: pd.Series) -> dict[str, str]:
    """Each governorate the file names (as published), in the Arabic edition by the gazetteer's
    Arabic name; English keeps the file's names (no entry: the chart shows the name)."""
    if edition().language == "en":
        return {}
    found = {str(n): gazetteer.lookup(str(n)) for n in names.dropna().unique()}
    return {name: gazetteer.by_pcode()[code].shown for name, code in found.items() if code}


def _result(report: Report, key: str) -> Result | None:
    return next((r for r in report.results if r.key == key), None)


def section(report: Report | None) -> Section:
    """The section: key figures and charts (:func:`body`), with the frames it was computed
    from."""
    return Section.of("health", body(report), frames=frames(report))


def body(report: Report | None) -> list[Block]:
    """The section's body: key figures and charts. With no file, or no incident in the period
    and place, nothing for the reader (Sources and method says why, :func:`sources_section`)
    and advice for the operator."""
    if report is None:
        return [advice("health_file")]
    if report.empty:
        span = report.file_span
        if span is None or not span.overlaps(report.scope.span):
            return [
                advice(
                    "period_inside",
                    covered=span,
                    what=_("attacks-on-health-care file"),
                    period=report.scope.span,
                )
            ]
        return []
    return [
        heading(_("Attacks on health care")),
        *key_figures_section(report),
        *charts_section(report),
    ]


def key_figures_section(report: Report) -> list[Block]:
    blocks: list[Block] = []
    if report.empty:
        blocks.append(
            sentence_note(
                "health_no_incidents",
                period=report.scope.span,
                where=report.where,
                file_span=report.file_span,
            )
        )
    else:
        notes = Notes("health-key-figures")
        blocks.append(key_figures_box(report.results, notes))
        counted = [r for k in metrics.VICTIMS if (r := _result(report, k)) is not None]
        missing = [k for k in metrics.VICTIMS if _result(report, k) is None]
        blocks.append(
            sentence(
                "health_summary",
                where=report.where,
                incidents=_result(report, "health_incidents"),
                counted=counted,
                missing=missing,
                busiest=metrics.busiest_month(report.monthly),
                notes=notes,
            )
        )
        blocks.extend(notes.blocks())
    selection = report.selection
    said = selection.disclosures() if report.empty else ()
    if said:  # nothing counted, so no number carries them: said here
        blocks.extend(note_block("health-left-out", list(said)))
    if not report.has_places and report.scope.governorate is None:
        blocks.append(sentence_note("health_left_out"))
    blocks.append(sentence_note("health_caveat"))
    return blocks


def _footnote(report: Report, extra: str) -> str:
    as_of = None
    if not report.empty:
        as_of = _("%(day)s (latest incident shown)") % {
            "day": day(metrics.last_day(report.incidents).max())
        }
    return source_line([report.source], as_of) + " " + extra


def charts_section(report: Report) -> list[Block]:
    if report.empty:
        return []
    where = report.where
    by_place = report.has_places and report.scope.governorate is None
    words = {"where": where, "period": report.scope.period}
    blocks = [heading(_("Attacks on health care per month"), _LEVEL)]
    if by_place:
        title = _("Attacks on health care recorded per month, %(where)s, by governorate") % words
        alt = (
            _(
                "Stacked bar chart of attacks on health care recorded per month by governorate, "
                "%(where)s, %(period)s."
            )
            % words
        )
        caption = (
            _(
                "Attacks on health care recorded per month, %(where)s, by governorate where the "
                "file gives one."
            )
            % words
        )
    else:
        title = _("Attacks on health care recorded per month, %(where)s") % words
        alt = (
            _(
                "Stacked bar chart of attacks on health care recorded per month, %(where)s, "
                "%(period)s."
            )
            % words
        )
        caption = _("Attacks on health care recorded per month, %(where)s.") % words
    ax = charts.incidents_per_month(
        report.by_governorate,
        period=report.scope.span,
        places={
            **_governorate_names(report.by_governorate["governorate"]),
            **{
                code: term("health_place", place=code)
                for code in (metrics.OTHER_PLACES, metrics.UNKNOWN_PLACE)
            },
        },
        title=title,
        footnote=_footnote(
            report,
            _(
                "Recorded incidents only, not complete or representative. Each bar covers the "
                "days of its month in the period."
            ),
        ),
    )
    blocks.append(figure(ax.figure, name="attacks", alt=alt, caption=caption))
    blocks.append(heading(_("Health workers affected"), _LEVEL))
    ax = charts.victims_by_kind(
        report.kinds,
        labels={kind: term("health_workers_fate", kind=kind) for kind in metrics.VICTIMS},
        title=_("Health workers affected in recorded attacks, %(where)s, %(period)s") % words,
        footnote=_footnote(
            report,
            _("Kinds shown apart, never added: one health worker may be counted under two kinds."),
        ),
    )
    blocks.append(
        figure(
            ax.figure,
            name="health_workers",
            alt=_("Bar chart of health workers killed, injured, kidnapped and arrested, %(where)s.")
            % words,
            caption=_(
                "Health workers killed, injured, kidnapped and arrested in the recorded incidents "
                "(at least; separate counts)."
            ),
        )
    )
    return blocks


def sources_section(report: Report | None) -> Section:
    """The section's sources and method (:func:`sources`), a part of the report's Sources and
    method."""
    return Section.of("health.sources", sources(report), frames=frames(report))


def sources(report: Report | None) -> list[Block]:
    """The section's sources and method, under the report's Sources and method (the file named
    there only), with why the section is not there when it has nothing to show; nothing when no
    file was given."""
    if report is None:
        return []
    left_out = []
    if report.empty:
        left_out = [
            {
                "part": "health_none",
                "source": report.source,
                "period": report.scope.span,
                "where": report.where,
                "file_span": report.file_span,
            }
        ]
    return [
        heading(_("Attacks on health care"), _LEVEL),
        sentence(
            "health_attribution",
            source=report.source,
            file=report.source_file,
            several=report.source_files is not None,
        ),
        *data_files(report.source_files),
        *common_left_out(left_out),
        sources_list(_("Dataset"), [CITATION]),
        sentence("health_method"),
    ]
