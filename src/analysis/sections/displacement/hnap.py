"""Displacement report on the OCHA/HNAP IDP movements workbook (monthly flows by governorate).

A month is in a report when its last day falls in the period (see
:mod:`analysis.metrics.displacement.hnap`): each month appears in exactly one report of a weekly
or monthly batch, as the figure for the whole month, and the months of sub-periods add up to the
months of the whole. Arrivals (by governorate of arrival) and spontaneous returns (by
governorate of return) are separate series, never added. The key ``displaced`` carries the
arrivals: people who were displaced and arrived somewhere in those months.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from analysis import data, gazetteer
from analysis.charts.displacement import hnap as charts
from analysis.i18n import _, gettext, pgettext
from analysis.metrics import displacement as metrics
from analysis.metrics.results import Result
from analysis.sections.advice import advice
from analysis.sections.blocks import figure, heading, note, table
from analysis.sections.common import Scope
from analysis.sections.displacement.common import Base, dataset_sources, footnote, key_figures
from analysis.sections.text import sentence, sentence_note, term


@dataclass
class Report(Base):
    kind: ClassVar[str] = "idp_flows"  # the dataset kind it shows (its view's key)
    flows: pd.DataFrame  # months whose end falls in the period, the report's governorate
    monthly: pd.DataFrame  # metrics.monthly_totals of flows
    by_governorate: pd.DataFrame  # metrics.totals_by_governorate of flows
    results: list[Result]
    first_month: pd.Timestamp | None  # the file's months
    last_month: pd.Timestamp | None
    nearest: tuple[pd.Timestamp | None, pd.Timestamp | None]  # months around a period

    @property
    def empty(self) -> bool:
        return self.flows.empty

    @property
    def months(self) -> list[pd.Timestamp]:
        return list(self.monthly["month"])

    @property
    def as_of(self) -> str | None:
        last = metrics.last_month(self.flows)
        if last is None:
            return None
        return _("%(month)s (monthly figures)") % {"month": metrics.month_label(last)}


def load(dataset: data.Dataset, scope: Scope) -> Report:
    frame = dataset.frame
    flows = gazetteer.shown_names(metrics.months_ending_in(frame, scope.span))
    if scope.pcode:
        flows = flows[flows["admin1_pcode"] == scope.pcode]
    first_month, last_month = metrics.file_months(frame)
    return Report(
        scope=scope,
        source=gettext(dataset.source_label),
        file_name=dataset.file_name,
        format_name=dataset.format.name,
        flows=flows,
        monthly=metrics.monthly_totals(flows),
        by_governorate=metrics.totals_by_governorate(flows),
        results=metrics.hnap_results(flows, scope.span, scope.where),
        first_month=first_month,
        last_month=last_month,
        nearest=metrics.nearest_months(
            frame if not scope.pcode else frame[frame["admin1_pcode"] == scope.pcode],
            scope.span,
        ),
    )


def _result(report: Report, key: str) -> Result | None:
    return next((r for r in report.results if r.key == key), None)


def headlines(report: Report) -> list[Result]:
    """``displaced`` (= the arrivals), ``idp_arrivals``, ``idp_returns``, and the busiest month
    and governorate of arrival."""
    return list(report.results)


def key_figures_section(report: Report) -> list:
    blocks = [heading(_("Key figures"))]
    if report.empty:
        before, after = report.nearest
        blocks.append(
            sentence_note(
                "displacement_hnap_no_month",
                period=report.scope.span,
                where=report.scope.where,
                before=_month(before),
                after=_month(after),
                first=report.first_month,
                last=report.last_month,
            )
        )
        blocks.append(advice("month_end", what=_("the file's monthly figures"), events=False))
        return blocks
    boxed = [r for r in report.results if r.key != "displaced"]
    blocks.extend(key_figures(boxed))
    arrivals = _result(report, "idp_arrivals")
    blocks.append(
        sentence_note(
            "displacement_hnap_months",
            count=len(report.months),
            span=_months_text(report),
            period=report.scope.span,
            partial=report.months[0] < report.scope.start,
            file_ends=_month(metrics.beyond_file(report.last_month, report.scope.end, after=True)),
            file_starts=_month(
                metrics.beyond_file(report.first_month, report.scope.start, after=False)
            ),
            first_month=metrics.month_label(report.months[0]),
        )
    )
    blocks.append(
        sentence(
            "displacement_hnap_summary",
            where=report.scope.where,
            whole_country=report.scope.governorate is None,
            arrivals=arrivals,
            returns=_result(report, "idp_returns"),
            peak=_result(report, "idp_arrivals_peak_month"),
            top=_result(report, "idp_arrivals_top_governorate"),
            same_months=metrics.same_months(report.flows),
        )
    )
    if metrics.has_fractional(report.flows):
        blocks.append(
            note(
                _(
                    "Some monthly figures are fractional as published (HNAP averages its "
                    "sources); totals are rounded to whole people."
                )
            )
        )
    return blocks


def charts_section(report: Report) -> list:
    if report.empty:
        return []
    gov = report.scope.governorate
    same = metrics.same_months(report.flows)
    words = {"shown": _series(report), "governorate": gov.name if gov else ""}
    labels = _legend(report)
    blocks = []
    if len(report.months) > 1:
        if gov:
            title = _("%(shown)s per month, %(governorate)s governorate") % words
            alt = _(
                "Line chart of %(shown)s per month, %(governorate)s governorate, %(first)s to "
                "%(last)s."
            )
        else:
            title = _("%(shown)s per month, all governorates") % words
            alt = _("Line chart of %(shown)s per month, all governorates, %(first)s to %(last)s.")
        months = {
            "first": metrics.month_label(report.months[0]),
            "last": metrics.month_label(report.months[-1]),
        }
        caption = title
        if len(_shown_flows(report)) > 1:
            caption = _("%(title)s: two separate series, never added") % {"title": caption}
        if same:
            caption = _("%(caption)s.") % {"caption": caption}
        else:
            caption = _("%(caption)s; %(months)s.") % {
                "caption": caption,
                "months": _own_months(report),
            }
        blocks.append(heading(_("IDP movements per month")))
        ax = charts.monthly_flows(
            report.monthly,
            period=report.scope.span,
            labels=labels,
            title=title,
            footnote=footnote(
                report,
                report.as_of,
                _(
                    "Each marker is the figure for the whole month (the bar spans its days in "
                    "the period); arrivals by governorate of arrival, returns by governorate of "
                    "return."
                ),
            ),
        )
        blocks.append(figure(ax.figure, alt=alt % (words | months), caption=caption))
    if gov is None:
        blocks.append(heading(_("IDP movements by governorate")))
        span = _span_words(report)
        if same:
            title = _("%(shown)s by governorate, %(span)s") % (words | {"span": span})
            caption = _("%(shown)s by governorate, each summed over the months shown.") % words
        else:
            title = _("%(shown)s by governorate, each over its own months") % words
            caption = _(
                "%(shown)s by governorate, each summed over its own months: %(months)s."
            ) % (words | {"months": _own_months(report)})
        ax = charts.by_governorate(
            report.by_governorate,
            labels=labels,
            title=title,
            footnote=footnote(
                report,
                report.as_of,
                _("Governorate where people arrived (arrivals) or returned to (returns)."),
            ),
        )
        blocks.append(
            figure(
                ax.figure,
                alt=_("Bar chart of %(shown)s in each governorate, %(span)s.")
                % (words | {"span": span}),
                caption=caption,
            )
        )
        if len(report.months) > 1:
            blocks.append(heading(_("IDP arrivals by governorate and month")))
            ax = charts.arrivals_heatmap(
                metrics.arrivals_grid(report.flows),
                footnote=footnote(
                    report,
                    report.as_of,
                    _("Governorate where people arrived. Blank cells: no figure published."),
                ),
            )
            blocks.append(
                figure(
                    ax.figure,
                    alt=_("Heatmap of IDP arrivals per month by governorate of arrival."),
                    caption=_("IDP arrivals per month, by governorate of arrival."),
                )
            )
    elif len(report.months) == 1:
        blocks.append(
            note(
                _(
                    "One month in this period: its figures are in the key figures and the "
                    "table; a chart of one month would show nothing more."
                )
            )
        )
    return blocks


def _shown_flows(report: Report) -> list[str]:
    """The flows that have figures in the period's months."""
    return [flow for flow in metrics.FLOWS if report.monthly[flow].notna().any()]


def _series(report: Report) -> str:
    """What the charts draw: the flows that have figures in the period's months."""
    names = [_names()[flow] for flow in _shown_flows(report)]
    return pgettext("list", " and ").join(names).replace(" and IDP ", " and ")


def _month(month: pd.Timestamp | None) -> str | None:
    return None if month is None else metrics.month_label(month)


def _months_text(report: Report) -> str:
    """The report's months, the first to the last ("January 2024 to March 2024")."""
    months = report.monthly["month"]
    return term("months_span", first=months.min(), last=months.max(), short=False)


def _span_words(report: Report) -> str:
    """The months of the figures shown: one span when arrivals and returns cover the same
    months, else each series with its own ("arrivals January 2018 to December 2018, returns
    August 2018 to December 2018")."""
    if metrics.same_months(report.flows):
        return _months_text(report)
    return _own_months(report)


def _own_months(report: Report) -> str:
    words = {"idp_arrivals": _("arrivals %(months)s"), "idp_returns": _("returns %(months)s")}
    months = {
        flow: term("months_span", first=first, last=last, short=False)
        for flow, (first, last) in metrics.flow_months(report.flows).items()
    }
    return pgettext("list", ", ").join(
        words[flow] % {"months": text} for flow, text in months.items()
    )


def _names() -> dict[str, str]:
    """Each flow's name (flow -> name)."""
    return {flow: term("flow", flow=flow) for flow in metrics.FLOWS}


def _legend(report: Report, short: bool = False) -> dict[str, str]:
    """Each series' name, with its own months when the two cover different months (``short``:
    "Aug–Dec 2018", for table headers)."""
    if metrics.same_months(report.flows):
        return _names()
    months = {
        flow: term("months_span", first=first, last=last, short=short)
        for flow, (first, last) in metrics.flow_months(report.flows).items()
    }
    return {
        flow: term("with_span", label=label, span=months[flow]) if flow in months else label
        for flow, label in _names().items()
    }


def table_section(report: Report) -> list:
    if report.empty:
        return []
    labels = _names()
    blocks = [heading(_("Figures as published"))]
    if report.scope.governorate is None:
        wide = report.by_governorate
        blocks.append(
            table(
                _rounded(wide),
                columns={"admin1_name": _("Governorate")} | _legend(report, short=True),
                numeric=metrics.FLOWS,
                caption=_(
                    "IDP movements by governorate, summed over %(months)s (governorate of "
                    "arrival or return), most arrivals first. Rounded to whole people; 0: a "
                    "published zero; empty: no figure."
                )
                % {"months": _months_text(report)}
                if metrics.same_months(report.flows)
                else _(
                    "IDP movements by governorate, each series summed over its own months, "
                    "given in its header (governorate of arrival or return), most arrivals "
                    "first. Rounded to whole people; 0: a published zero; empty: no figure."
                ),
            )
        )
    if report.scope.governorate is None and len(report.months) == 1:
        return blocks  # the month's figures are the key figures and the rows' sums above
    monthly = report.monthly.sort_values("month", ascending=False)
    monthly = monthly.assign(month=monthly["month"].map(metrics.month_label))
    blocks.append(
        table(
            _rounded(monthly),
            columns={"month": _("Month")} | labels,
            numeric=metrics.FLOWS,
            caption=_(
                "IDP movements per month in %(where)s, newest first; each row is the figure for "
                "the whole month. Rounded to whole people; 0: a published zero; empty: no figure."
            )
            % {"where": report.scope.where},
        )
    )
    return blocks


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        **{f: frame[f].astype("Float64").astype(float).round() for f in metrics.FLOWS}
    )


def sources_section(report: Report) -> list:
    return [
        heading(_("Sources and method")),
        *dataset_sources(report),
        sentence("displacement_hnap_method"),
    ]
