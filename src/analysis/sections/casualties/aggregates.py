"""The casualties report on monthly counts by district (ACLED aggregates on HDX, HDX HAPI
``conflict_event``): events and fatalities per series for the months in the period, per month,
by governorate and by district, and how they were counted. Monthly data stays monthly (nothing
per day), and the overlapping series (political violence includes civilian targeting) are shown
side by side, never added. Every number comes from
:mod:`analysis.metrics.casualties.aggregates`."""

from __future__ import annotations

import pandas as pd

from analysis import gazetteer
from analysis.charts import casualty_aggregates as charts
from analysis.charts import maps
from analysis.charts.casualties import as_of_text
from analysis.data.acled_hdx import HAPI_SOURCE
from analysis.i18n import N_, _, gettext, pgettext
from analysis.metrics.casualties import aggregates as metrics
from analysis.metrics.casualties.districts import aggregate_values
from analysis.metrics.results import Disclosure, Result
from analysis.sections.advice import advice
from analysis.sections.blocks import Block, figure, heading, table
from analysis.sections.casualties.report import Casualties
from analysis.sections.common import sources_list
from analysis.sections.disclosures import Notes, key_figures_box, note_block
from analysis.sections.text import sentence, sentence_note, term

TOP_DISTRICTS = 10
"""Rows of the districts table."""
ACLED_TERMS = "https://acleddata.com/terms-of-use/"
HDX_ACLED = "https://data.humdata.org/organization/acled"

_COLUMN_NAMES = {
    "political_violence_events": N_("PV events"),
    "political_violence_fatalities": N_("PV fatalities"),
    "civilian_targeting_events": N_("CT events"),
    "civilian_targeting_fatalities": N_("CT fatalities"),
    "demonstrations_events": N_("Demonstrations"),
}
"""Short headers (tables must fit the page); :func:`_key` explains them in the caption."""


def _key(frame: pd.DataFrame) -> str:
    """The caption's key to the short headers of ``frame``."""
    parts = []
    if any(c.startswith("political_violence_") for c in frame.columns):
        parts.append(_("PV: political violence"))
    if any(c.startswith("civilian_targeting_") for c in frame.columns):
        if parts:
            parts.append(
                _("CT: civilian targeting, part of political violence, not in addition to it")
            )
        else:
            parts.append(_("CT: civilian targeting"))
    if "demonstrations_events" in frame.columns:
        parts.append(_("Demonstrations: events (no fatalities counted)"))
    return pgettext("list", "; ").join(parts) + "."


def _rows(report: Casualties) -> pd.DataFrame:
    return report.aggregates


def _given(report: Casualties) -> dict[str, object]:
    """What the results need to disclose a partial month: the file's as-of date (from its name)
    and its last month."""
    return {"as_of": report.data_as_of, "last_month": report.aggregate_months[1]}


def headlines(report: Casualties) -> list[Result]:
    """``deaths`` (fatalities in political violence events), ``civilian_deaths`` (fatalities in
    civilian-targeting events) and ``events`` (political violence events), labelled as such,
    with their disclosures; a series the file does not hold gives no result."""
    return metrics.headlines(_rows(report), report.span, report.source, **_given(report))


def partial_month(report: Casualties) -> Disclosure | None:
    """The partial month of the report's months (for the chart), or None."""
    months = sorted(pd.Timestamp(m) for m in _rows(report)["month"].unique())
    found = metrics.month_disclosures(months, report.span, **_given(report))
    return next((d for d in found if d.kind == "partial_month"), None)


def _as_of(report: Casualties) -> str | None:
    if report.data_as_of is not None:
        return as_of_text(report.data_as_of)
    last = report.aggregate_months[1]
    if last is None:
        return None
    # No as-of date in the file (HAPI): say which month the data reach, not a day.
    return _("%(month)s (the file's last month; the file gives no as-of date)") % {
        "month": metrics.month_label(last)
    }


def _no_months(report: Casualties) -> Block:
    first, last = report.aggregate_months
    return sentence_note(
        "casualties_agg_no_months",
        where=report.scope.where,
        source=report.source,
        period=report.span,
        first=first,
        last=last,
    )


def key_figures(report: Casualties) -> list[Block]:
    rows = _rows(report)
    blocks = [heading(_("Key figures"))]
    if rows.empty:
        blocks.append(_no_months(report))
        blocks.append(advice("month_end", what="the file's monthly counts", events=False))
        return blocks
    results = metrics.series_results(rows, report.span, report.source, **_given(report))
    by_key = {r.key: r for r in results}
    notes = Notes("casualties-aggregates-key-figures")
    blocks.append(key_figures_box(results, notes))
    blocks.append(
        sentence(
            "casualties_agg_total",
            source=report.source,
            pv_events=by_key.get("political_violence_events"),
            pv_deaths=by_key.get("political_violence_fatalities"),
            ct_events=by_key.get("civilian_targeting_events"),
            ct_deaths=by_key.get("civilian_targeting_fatalities"),
            demo_events=by_key.get("demonstrations_events"),
            where=report.scope.where,
            span=metrics.months_period(rows["month"]),
            notes=notes,
        )
    )
    blocks.extend(notes.blocks())
    months = sorted(pd.Timestamp(m) for m in rows["month"].unique())
    blocks.append(
        sentence(
            "casualties_agg_months",
            count=len(months),
            months=pgettext("list", ", ").join(metrics.month_label(m) for m in months),
            period=report.span,
        )
    )
    return blocks


def _per_month(report: Casualties, rows: pd.DataFrame) -> list[Block]:
    monthly = metrics.monthly_totals(rows)
    cut = partial_month(report)
    fig = charts.monthly_by_series(
        monthly,
        period=report.span,
        source=report.source,
        as_of=_as_of(report),
        labels={s: term("series_legend", series=s) for s in metrics.series_in(rows)},
        partial=None if cut is None else (cut["month"], cut["as_of"]),
    )
    shown = monthly.assign(
        month_label=monthly["month"].map(metrics.month_label),
        series_label=[term("series", series=s) for s in monthly["series"]],
    )
    return [
        figure(
            fig,
            name="per_month",
            alt=_(
                "Bar charts of events and fatalities per month by ACLED series, %(where)s, "
                "%(period)s."
            )
            % {"where": report.scope.where, "period": report.span.label},
            caption=_(
                "Events and fatalities per month, one bar per series, side by side: political "
                "violence includes civilian targeting, so the bars are not added."
            )
            if cut is None
            else _(
                "Events and fatalities per month, one bar per series, side by side: political "
                "violence includes civilian targeting, so the bars are not added; the hatched "
                "month is partial (see the note)."
            ),
        ),
        *note_block("casualties-aggregates-per-month", [] if cut is None else [cut]),
        table(
            shown,
            columns={
                "month_label": _("Month"),
                "series_label": _("Series"),
                "events": _("Events"),
                "fatalities": _("Fatalities"),
            },
            numeric=("events", "fatalities"),
            caption=_("Monthly totals by series (demonstrations have no fatalities: –)."),
        ),
    ]


def _columns(frame: pd.DataFrame, keys: dict[str, str]) -> dict[str, str]:
    return {**keys, **{c: gettext(_COLUMN_NAMES[c]) for c in frame.columns if c in _COLUMN_NAMES}}


def _by_governorate(report: Casualties, rows: pd.DataFrame) -> list[Block]:
    if report.scope.governorate is not None:
        return []  # one governorate: its districts are the detail
    totals = gazetteer.shown_names(metrics.by_area(rows, "admin1"))
    numeric = tuple(c for c in totals.columns if c in _COLUMN_NAMES)
    return [
        table(
            totals,
            columns=_columns(totals, {"admin1_name": _("Governorate")}),
            numeric=numeric,
            caption=_(
                "Events and fatalities by governorate over the months counted, each series "
                "apart, largest first. %(key)s"
            )
            % {"key": _key(totals)},
        )
    ]


def _districts(report: Casualties, rows: pd.DataFrame) -> list[Block]:
    top, left_out = metrics.top_districts(rows, TOP_DISTRICTS)
    top = gazetteer.shown_names(top)
    if top.empty:
        return []
    numeric = tuple(c for c in top.columns if c in _COLUMN_NAMES)
    first = metrics.series_in(rows)[0]
    has_deaths = f"{first}_fatalities" in top.columns
    ranked = term("series_ranked", series=first, count="fatalities" if has_deaths else "events")
    return [
        *_district_map(report, rows, first, "fatalities" if has_deaths else "events"),
        sentence("casualties_agg_districts", shown=len(top), left_out=left_out, ranked=ranked),
        table(
            top,
            columns=_columns(top, {"admin2_name": _("District"), "admin1_name": _("Governorate")}),
            numeric=numeric,
            caption=_("Districts (admin2), over the months counted. %(key)s") % {"key": _key(top)},
        ),
    ]


def _district_map(report: Casualties, rows: pd.DataFrame, series: str, count: str) -> list[Block]:
    """A governorate's districts shaded by the first series' fatalities (else events), from the
    file's own district P-codes, when the boundaries hold districts; nothing otherwise."""
    found = report.districts
    if found is None:
        return []
    values = aggregate_values(
        metrics.by_area(rows, "admin2"), found.shapes, str(report.scope.pcode), f"{series}_{count}"
    )
    counted = term(f"series_{count}", series=series)
    ax = maps.choropleth(
        found.drawn,
        values,
        title=_("%(counted)s by district") % {"counted": counted},
        legend_label=_("Fatalities") if count == "fatalities" else _("Events"),
        source=_("%(source)s; boundaries: %(attribution)s")
        % {"source": report.source, "attribution": found.attribution},
        as_of=_as_of(report),
        key="admin2_pcode",
    )
    return [
        figure(
            ax.figure,
            name="district_map",
            alt=_("Map of the districts of %(where)s shaded by %(counted)s, %(period)s.")
            % {
                "where": report.scope.where,
                "counted": term("series_ranked", series=series, count=count),
                "period": report.span.label,
            },
            caption=_(
                "%(counted)s by district over the months counted, as the file counts them by "
                "district P-code."
            )
            % {"counted": counted},
        )
    ]


def section(report: Casualties) -> list[Block]:
    """Events and fatalities per month, by governorate and district; nothing when no month of
    the file ends in the period (the key figures say so, Sources and method why)."""
    rows = _rows(report)
    if rows.empty:
        return []
    blocks = [heading(_("Events and fatalities per month (ACLED)"))]
    for title, part in (
        (_("Per month"), _per_month),
        (_("By governorate"), _by_governorate),
        (_("Districts"), _districts),
    ):
        made = part(report, rows)
        if made:
            blocks += [heading(title, level=3), *made]
    return blocks


def left_out(report: Casualties) -> list[dict[str, object]]:
    """The monthly section when no month of the file ends in the period."""
    if not _rows(report).empty:
        return []
    return [{"part": "no_months", "source": report.source, "period": report.span}]


def sources_section(report: Casualties) -> list[Block]:
    rows = _rows(report)
    hapi = bool((rows["source"] == HAPI_SOURCE).any()) if not rows.empty else False
    return [
        heading(_("Sources and method")),
        sentence("casualties_agg_method", source=report.source, file=report.source_file, hapi=hapi),
        sources_list(
            _("ACLED data"),
            [
                (_("ACLED on HDX"), HDX_ACLED),
                (_("ACLED Terms of Use & Attribution Policy"), ACLED_TERMS),
            ],
        ),
    ]
