"""Displacement report on reported figures (the bundled 2024 dataset, or a file in its format).

Figures are counts published on a date by an organisation; they are filtered by ``as_of_date``
(undated figures cannot be placed and are listed apart) and never added. The figures are
national or regional, with a few by governorate of origin: a single-governorate report shows
those when there are any, says so when there are none, and shows the national figures labelled
as national context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd
from markupsafe import Markup

from analysis import data
from analysis.charts.displacement import reported as charts
from analysis.gazetteer import by_pcode
from analysis.i18n import _, edition, gettext, ngettext, number, pgettext
from analysis.metrics import displacement as metrics
from analysis.metrics.results import Message, Result, day_text
from analysis.organisations import shown as organisations_shown
from analysis.sections.blocks import bullets, figure, heading, table
from analysis.sections.common import Scope, sources_list
from analysis.sections.displacement.common import Base, footnote, key_figures
from analysis.sections.text import sentence, sentence_note, term
from analysis.sections.weak_source import Marks, attach, with_note


@dataclass
class Report(Base):
    kind: ClassVar[str] = "figures"  # the dataset kind it shows (its view's key)
    figures: pd.DataFrame  # dated figures in the period, all areas
    undated: pd.DataFrame  # undated figures of the file (left out of charts)
    dates: metrics.FileDates  # the file's first and last as-of dates, how many are undated
    summary: metrics.ReportedFigures
    origin: list[Result]  # figures for the chosen governorate of origin

    @property
    def empty(self) -> bool:
        return self.figures.empty

    def as_of(self, kind: str | None = None) -> str | None:
        """The latest as-of date of the figures shown: those of one ``kind`` of area
        (``metrics.GOVERNORATE``) or, with None, all but those."""
        latest = metrics.latest_as_of(self.figures, kind)
        return day_text(latest) if latest is not None else None


def load(dataset: data.Dataset, scope: Scope) -> Report:
    frame = dataset.frame
    figures = metrics.dated_in_period(frame, scope.span)
    return Report(
        scope=scope,
        source=gettext(dataset.source_label),
        file_name=dataset.file_name,
        format_name=dataset.format.name,
        figures=figures,
        undated=metrics.undated(frame),
        dates=metrics.file_dates(frame),
        summary=metrics.reported_figures(frame, scope.span, source=dataset.format.shown_title),
        origin=metrics.origin_results(figures, scope.pcode) if scope.pcode else [],
    )


def headlines(report: Report) -> list[Result]:
    """``displaced`` (the peak when later figures fell, else the latest whole-of-Syria figure),
    then ``displaced_latest`` when it differs, ``displaced_from_governorate`` (the chosen
    governorate of origin) and ``figures_published``."""
    if report.empty:
        return []
    summary = report.summary
    found = [summary.headline] if summary.headline is not None else []
    if summary.fall and summary.latest is not None:
        found.append(summary.latest)
    gov = report.scope.governorate
    if gov is not None:
        national = Message.of("not_specific_to", where=gov.name)
        found = [r.with_notes(national) for r in found]
    found.extend(report.origin)
    found.append(summary.published)
    return found


def key_figures_section(report: Report) -> list:
    blocks = [heading(_("Key figures"))]
    if report.empty:
        blocks.append(_no_data(report))
        return blocks
    blocks.extend(_scope_notes(report))
    summary = report.summary
    boxed = [*report.origin]
    if summary.peak is not None:
        boxed.append(summary.peak)
        if summary.latest is not None:
            boxed.append(summary.latest)
    elif summary.regional is not None:
        boxed.append(summary.regional)
    boxed.append(summary.published)
    marks = Marks("displacement-key-figures")
    blocks.extend(with_note(key_figures(boxed, marks), marks))
    said = Marks("displacement-summary", number=2 if marks.any else 1, after=marks)
    blocks.append(
        sentence(
            "displacement_reported_summary",
            summary=summary,
            period=report.scope.span,
            marks=said,
        )
    )
    if said.any:
        blocks.append(said.note())
    return blocks


def _no_data(report: Report):
    return sentence_note(
        "displacement_reported_no_data",
        where=report.scope.where,
        period=report.scope.span,
        first=report.dates.first,
        last=report.dates.last,
        undated=report.dates.undated,
    )


def _scope_notes(report: Report) -> list:
    gov = report.scope.governorate
    if gov is None:
        return []
    return [
        sentence_note(
            "displacement_reported_governorate",
            governorate=gov.shown,
            origin=report.origin,
        )
    ]


def _governorate(pcode: object, name: str) -> str:
    """A governorate of origin in the edition's language: its name as the file spells it in
    English, the gazetteer's Arabic name in Arabic (the file's name when its P-code is not the
    gazetteer's)."""
    found = by_pcode().get(pcode) if isinstance(pcode, str) else None
    return name if found is None or edition().language == "en" else found.shown


def charts_section(report: Report) -> list:
    if report.empty:
        return []
    blocks = []
    gov = report.scope.governorate
    bars = metrics.origin_bars(report.figures)
    if not bars.empty:
        ax = charts.displaced_by_origin(
            bars,
            labels=[
                term(
                    "origin_bar",
                    governorate=_governorate(r.admin1_pcode, r.admin1_name),
                    organisation=organisations_shown(r.organisation, short=True),
                    as_of=None if pd.isna(r.as_of_date) else r.as_of_date,
                )
                for r in bars.itertuples(index=False)
            ],
            footnote=footnote(report, report.as_of(metrics.GOVERNORATE)),
            highlight=gov.pcode if gov else None,
            context=metrics.national_context(report.figures, report.figures),
        )
        if gov:
            alt = _(
                "Horizontal bar chart of people displaced from each governorate for which a "
                "figure was published, with %(governorate)s highlighted."
            ) % {"governorate": gov.name}
        else:
            alt = _(
                "Horizontal bar chart of people displaced from each governorate for which a "
                "figure was published."
            )
        names = metrics.organisations(report.figures, metrics.GOVERNORATE)
        caption = _(
            "People displaced, by governorate they fled (figures as published by "
            "%(organisations)s)."
        ) % {"organisations": pgettext("list", ", ").join(map(organisations_shown, names))}
        blocks.append(heading(_("Displaced by governorate of origin")))
        blocks.append(figure(ax.figure, alt=alt, caption=caption))
    points = metrics.reported_points(report.figures)
    if points.empty:
        return blocks
    summary = report.summary
    blocks.append(
        heading(_("National context: reported displacement") if gov else _("Reported displacement"))
    )
    ax = charts.reported_displacement(
        points,
        metrics.highest_national_by_day(report.figures),
        period=report.scope.span,
        footnote=footnote(report, report.as_of(), _left_out(report)),
        peak=summary.peak,
        fall=summary.fall,
        net_of_returns=summary.net_of_returns,
    )
    shown = []
    if points["lower_bound"].any():
        shown.append(_("lower bounds marked with arrows"))
    if (points["low"].notna() & points["value"].isna()).any():
        shown.append(_("ranges as vertical bars"))
    drawn = Marks("displacement-reported-chart")
    drawn.add(
        metrics.weak_figures(
            report.figures[metrics.area_kind(report.figures) != metrics.GOVERNORATE]
        )
    )
    if drawn.any:
        shown.append(_("a figure resting on a single weak source starred"))
    if summary.peak is not None:
        shown.append(_("the peak annotated"))
    words = {
        "shown": pgettext("list", ", ").join(shown),
        "organisations": pgettext("list", ", ").join(
            map(organisations_shown, metrics.organisations(report.figures))
        ),
    }
    if shown and gov:
        alt = _(
            "Chart of the number of people reported displaced in Syria by date, one marker per "
            "published figure and organisation, %(shown)s, national figures (not specific to the "
            "governorate)."
        )
    elif shown:
        alt = _(
            "Chart of the number of people reported displaced in Syria by date, one marker per "
            "published figure and organisation, %(shown)s."
        )
    elif gov:
        alt = _(
            "Chart of the number of people reported displaced in Syria by date, one marker per "
            "published figure and organisation, national figures (not specific to the "
            "governorate)."
        )
    else:
        alt = _(
            "Chart of the number of people reported displaced in Syria by date, one marker per "
            "published figure and organisation."
        )
    if gov:
        caption = _(
            "People reported displaced, as published by each organisation (%(organisations)s), "
            "national and regional figures. Figures of different organisations count different "
            "areas and are never added."
        )
    else:
        caption = _(
            "People reported displaced, as published by each organisation (%(organisations)s). "
            "Figures of different organisations count different areas and are never added."
        )
    blocks.append(
        attach(
            figure(
                ax.figure,
                alt=alt % words,
                caption=Markup("{}{}").format(caption % words, drawn.mark() if drawn.any else ""),
            ),
            drawn,
        )
    )
    return blocks


def _left_out(report: Report) -> str:
    parts = []
    origin = metrics.counts_by_area(report.figures)[metrics.GOVERNORATE]
    if origin:
        parts.append(
            ngettext(
                "%(shown)s figure for one governorate of origin shown in the chart above, not here",
                "%(shown)s figures for one governorate of origin shown in the chart above, not "
                "here",
                origin,
            )
            % {"shown": number(origin)}
        )
    if report.dates.undated:
        n = report.dates.undated
        parts.append(
            ngettext(
                "%(shown)s undated figure left out (see the table)",
                "%(shown)s undated figures left out (see the table)",
                n,
            )
            % {"shown": number(n)}
        )
    return (pgettext("list", "; ").join(parts) + ".") if parts else ""


def table_section(report: Report) -> list:
    if report.empty:
        return []
    shown = metrics.figures_table(report.figures)
    marks = Marks("displacement-figures-table")
    shown = shown.assign(
        figure=pd.Series([marks.show(r) for r in shown["result"]], index=shown.index, dtype=object),
        covers=shown["covers"].map(lambda kind: term("area_kind", kind=kind)),
        organisation=shown["organisation"].map(lambda name: organisations_shown(name, short=True)),
    )
    blocks = [heading(_("Figures as published"))]
    blocks.append(
        attach(
            table(
                shown,
                columns={
                    "record_id": _("Id"),
                    "as_of_date": _("As of"),
                    "organisation": _("Organisation"),
                    "figure": _("People displaced"),
                    "area": _("Area (as published)"),
                    "covers": _("Covers"),
                    "outlet": _("Published in"),
                },
                numeric=(),
                caption=_(
                    "Every displacement figure dated in the period, as published (qualifiers and "
                    "ranges kept). Each row is a separate published count: never add rows."
                ),
            ),
            marks,
        )
    )
    if not report.undated.empty:
        blocks.append(
            sentence_note(
                "displacement_reported_undated",
                rows=metrics.figures_table(report.undated).to_dict("records"),
            )
        )
    conflicts = [
        term(
            "disagreement",
            record=r.record_id,
            organisation=organisations_shown(r.organisation),
            as_of=None if pd.isna(r.as_of_date) else r.as_of_date,
            note=r.conflict_note,
        )
        for r in metrics.disagreements(report.figures).itertuples(index=False)
    ]
    if conflicts:
        blocks.append(bullets(_("Where sources disagree"), conflicts))
    return blocks


def sources_section(report: Report) -> list:
    blocks = [heading(_("Sources and method")), sentence("displacement_reported_method")]
    if not report.empty:
        rows = pd.concat([report.figures, report.undated])
        urls = rows[["outlet", "source_url"]].drop_duplicates()
        blocks.append(
            sources_list(
                _("Displacement figures in this report"),
                [(str(r.outlet), str(r.source_url)) for r in urls.itertuples(index=False)],
            )
        )
    return blocks
