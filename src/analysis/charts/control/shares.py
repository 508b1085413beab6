"""Reported shares of Syria's territory: one stacked bar per report, a segment per faction as
published, with reports that sum above 100% and disputed figures marked."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis import factions, i18n, organisations
from analysis.charts.control.common import faction_handles, fixed, plain
from analysis.charts.palettes import FACTION_COLOURS
from analysis.charts.style import add_source, new_axes, no_data, number_ticks, source_line
from analysis.i18n import _
from analysis.metrics.results import Period


def _share(value: float, decimals: int) -> str:
    """A share with exactly ``decimals`` decimals, the edition's way (``100.45%``)."""
    shown = i18n.pgettext("percent", "%(number)s%%") % {"number": fixed(value, decimals)}
    return shown.replace("%", "\u066a") if i18n.edition().digits == "arabic" else shown


def _report_label(
    organisation: str, label: object, date: object, period: Period | None = None
) -> str:
    dated = not (label is None or pd.isna(label) or str(label) == "")
    if not dated:
        when = _("undated")
    elif len(str(label)) == 7:  # a month, "2017-01"
        when = i18n.short_month(date)
    else:
        when = i18n.short_day(date)
    if period is not None and dated and pd.Timestamp(date) < period.start:
        when = _("%(when)s, before the period") % {"when": when}
    return plain(f"{organisations.shown(organisation, short=True)}\n{when}")


def territory_shares(
    drawn: pd.DataFrame,
    sums: pd.DataFrame,
    ax: Axes | None = None,
    *,
    source: str,
    as_of: str | None = None,
    period: Period | None = None,
) -> Axes:
    """Reported shares of Syria's territory, one stacked bar per report (organisation and
    as-of date), a segment per faction coloured by role and labelled with the value and its
    qualifier as published (``drawn`` from :func:`analysis.metrics.control.drawn_shares`);
    a report whose shares sum above 100% (``sums`` from
    :func:`analysis.metrics.control.share_sums`) is annotated, a figure with a conflict note is
    outlined with dashes and marked †, a figure resting on a single weak source (``weak_source``)
    is marked *, and the part of a bar a report leaves unassigned stays empty. With ``period``,
    reports dated before it are labelled "before the period" and drawn paler: context, not the
    situation in the period. The footnote names the organisations drawn."""
    rows = drawn.copy()
    if rows.empty:
        return no_data(new_axes(ax), _("No reported share of territory"))
    rows["label"] = rows["as_of_label"].fillna("")
    rows["sort_date"] = rows["as_of_date"].fillna(pd.Timestamp.max.normalize())
    reports = (
        rows.groupby(["organisation", "label"], dropna=False)
        .agg(sort_date=("sort_date", "min"), as_of_date=("as_of_date", "min"))
        .reset_index()
        .sort_values(["sort_date", "organisation"], ascending=[False, True])
        .reset_index(drop=True)
    )
    ax = new_axes(ax, figsize=(10, 1.6 + 0.55 * len(reports)))
    totals = {
        (r.organisation, r.as_of_label): float(r.total_pct) for r in sums.itertuples(index=False)
    }
    order = {r: i for i, r in enumerate(factions.ROLES)}
    rows["role_order"] = rows["role"].map(order)
    conflicted = weak_drawn = any_earlier = False
    for y, report in enumerate(reports.itertuples(index=False)):
        earlier = (
            period is not None
            and pd.notna(report.as_of_date)
            and pd.Timestamp(report.as_of_date) < period.start
        )
        any_earlier |= earlier
        parts = rows[
            (rows["organisation"] == report.organisation) & (rows["label"] == report.label)
        ].sort_values(["role_order", "value"], ascending=[True, False])
        left = 0.0
        for part in parts.itertuples(index=False):
            value = float(part.value)
            has_conflict = "conflict_note" in rows and pd.notna(part.conflict_note)
            weak = "weak_source" in rows and pd.notna(part.weak_source)
            conflicted |= has_conflict
            weak_drawn |= weak
            ax.barh(
                y,
                value,
                left=left,
                height=0.62,
                color=FACTION_COLOURS[part.role],
                alpha=0.55 if earlier else 1.0,
                edgecolor="#1d1d1f" if has_conflict else "white",
                linestyle="--" if has_conflict else "-",
                linewidth=1.1 if has_conflict else 0.6,
            )
            shown = i18n.qualified(part.qualifier, i18n.percent(value, 2))
            text = f"{shown}{' †' if has_conflict else ''}{' *' if weak else ''}"
            if value >= 9:
                dark = part.role in ("isis", "government", "hts_moc")
                ax.text(
                    left + value / 2,
                    y,
                    text,
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color="white" if dark else "#1d1d1f",
                )
            else:
                ax.annotate(
                    text,
                    (left + value, y),
                    xytext=(0, 12),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    color="#1d1d1f",
                )
            left += value
        total = totals[(report.organisation, report.label)]
        if total > 100.005:
            summary = _("sums to %(share)s") % {"share": _share(total, 2)}
            colour, weight = "#D55E00", "bold"
        elif total < 99.5:
            summary = _("rest (%(share)s) not given") % {"share": _share(100 - total, 1)}
            colour, weight = "#5a5a5f", "normal"
        else:
            summary, colour, weight = "", "#5a5a5f", "normal"
        if summary:
            ax.text(
                max(total, 100) + 1.5,
                y,
                summary,
                va="center",
                fontsize=7.5,
                color=colour,
                fontweight=weight,
            )
    ax.axvline(100, color="#555555", linewidth=0.8, linestyle=":")
    ax.set_yticks(
        range(len(reports)),
        [
            _report_label(r.organisation, r.label, r.as_of_date, period)
            for r in reports.itertuples()
        ],
        fontsize=8,
    )
    ax.set_xlim(0, 128)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.xaxis.set_major_formatter(number_ticks())
    ax.set_xlabel(_("Share of Syria's territory (%), as published"))
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_title(_("Reported shares of territory, by report"))
    handles = faction_handles(list(rows["role"].unique()))
    if conflicted:
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="#1d1d1f",
                linestyle="--",
                label=_("† sources disagree (see notes)"),
            )
        )
    if weak_drawn:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="$*$",
                color="#1d1d1f",
                label=_("* rests on a single weak source (see note)"),
            )
        )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        alignment="left",
    )
    named = sorted(set(reports["organisation"].astype(str)))
    said = {
        "organisations": i18n.pgettext("list", ", ").join(
            organisations.shown(name, short=True) for name in named
        )
    }
    if any_earlier:
        note = _(
            "Each bar is one report, by %(organisations)s; factions as each organisation names "
            "them, coloured by role; paler bars are dated before the period (context)."
        )
    else:
        note = _(
            "Each bar is one report, by %(organisations)s; factions as each organisation names "
            "them, coloured by role."
        )
    add_source(ax, source_line([source], as_of) + " " + note % said)
    return ax
