"""Charts of UNHCR end-of-year stocks and yearly returns.

Every helper takes a frame of :mod:`analysis.metrics.displacement` (``stocks_by_year``,
``top_hosts``) and draws it. Years are whole years on the axis (``year_axis``), never
fractions; a single year is drawn as bars by quantity or country, not on a time axis.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from analysis.charts.displacement.common import (
    ASYLUM_COLOURS,
    OTHER_COLOUR,
    SERIES_COLOURS,
    people_axis,
)
from analysis.charts.style import add_source, new_axes, no_data, year_axis
from analysis.i18n import _, digits, number
from analysis.metrics.displacement.unhcr import OTHER

STOCKS = ("refugees", "asylum_seekers", "idps_count")


def zero_labels(ax: Axes, x, values: pd.Series) -> None:
    """A "0" on the baseline at each published zero of a bar series: a bar of height 0 cannot
    be seen, and would read as no figure."""
    zero = (values.astype("Float64") == 0).fillna(False).to_numpy(dtype=bool)
    for position in np.asarray(x)[zero]:
        ax.annotate(
            number(0),
            (position, 0),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            color="#1d1d1f",
        )


RETURNS = ("returned_refugees", "returned_idps")


def stocks_over_years(
    table: pd.DataFrame, *, labels: Mapping[str, str], footnote: str, ax: Axes | None = None
) -> Axes:
    """Refugees and asylum-seekers abroad and IDPs in Syria at the end of each year, one line
    each (never stacked: they are different people, and each year counts everyone again);
    ``labels`` names each series (column -> name)."""
    ax = new_axes(ax, figsize=(10, 4.6))
    first, last = int(table["year"].min()), int(table["year"].max())
    table = table.set_index(table["year"].astype(int)).reindex(range(first, last + 1))
    years = table.index.to_numpy()
    drawn = False
    for column in STOCKS:
        values = table[column].astype("Float64")
        if not values.notna().any():
            continue
        ax.plot(  # a year without a figure breaks the line: nothing is drawn across it
            years,
            values.astype(float).to_numpy(),
            marker="o",
            markersize=4,
            color=SERIES_COLOURS[column],
            label=labels[column],
        )
        drawn = True
    if not drawn:
        no_data(ax, _("No end-of-year figures in these years"))
        add_source(ax, footnote)
        return ax
    year_axis(ax, years)
    people_axis(ax)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(_("People at the end of the year"))
    ax.legend(loc="best")
    ax.set_title(_("Syrians displaced at the end of each year"))
    add_source(ax, footnote)
    return ax


def year_figures(
    row: pd.Series, *, labels: Mapping[str, str], footnote: str, ax: Axes | None = None
) -> Axes:
    """The figures of one year as horizontal bars: the stocks at its end and the returns
    during it, each labelled with its value; ``labels`` names each bar (column -> name, with
    the year: the stocks at its end, the returns during it)."""
    ax = new_axes(ax, figsize=(10, 3.4))
    year = int(row["year"])
    words = {"year": digits(str(year))}
    columns = [c for c in (*STOCKS, *RETURNS) if pd.notna(row[c])]
    if not columns:
        no_data(ax, _("No figures for %(year)s") % words)
        add_source(ax, footnote)
        return ax
    values = [float(row[c]) for c in columns]
    y = np.arange(len(columns))[::-1]
    ax.barh(y, values, color=[SERIES_COLOURS[c] for c in columns], height=0.6)
    for position, value in zip(y, values, strict=True):
        ax.text(value, position, "  " + number(value), va="center", ha="left", fontsize=9)
    ax.set_yticks(y, [labels[c] for c in columns])
    ax.set_xlim(0, max(values) * 1.25 if max(values) > 0 else 1)
    ax.grid(axis="y", visible=False)
    people_axis(ax, "x")
    ax.set_xlabel(_("People"))
    ax.set_title(_("Syrians displaced at the end of %(year)s, and returns during %(year)s") % words)
    add_source(ax, footnote)
    return ax


def refugees_by_asylum(
    hosts: pd.DataFrame, *, other: str, footnote: str, ax: Axes | None = None
) -> Axes:
    """Refugees by country of asylum (:func:`analysis.metrics.displacement.top_hosts`): stacked
    areas over the years, or horizontal bars for a single year; ``other`` names the group of
    every other country (:data:`~analysis.metrics.displacement.unhcr.OTHER`)."""
    ax = new_axes(ax, figsize=(8.6, 5))
    if hosts.empty:
        no_data(ax, _("No refugee figures in these years"))
        add_source(ax, footnote)
        return ax
    wide = hosts.pivot_table(
        index="year", columns="group", values="refugees", aggfunc="sum", sort=False
    )
    order = list(dict.fromkeys(hosts.loc[hosts["year"] == hosts["year"].max(), "group"]))
    order += [g for g in wide.columns if g not in order]
    wide = wide[order].astype(float).fillna(0).sort_index()
    names = hosts.drop_duplicates("group", keep="last").set_index("group")["name"].to_dict()
    names[OTHER] = other
    colours = [
        OTHER_COLOUR if g == OTHER else ASYLUM_COLOURS[i % len(ASYLUM_COLOURS)]
        for i, g in enumerate(order)
    ]
    last = int(wide.index.max())
    words = {"year": digits(str(last))}
    if len(wide) >= 2:
        years = wide.index.astype(int).to_numpy()
        labels = [names[g] for g in order]
        ax.stackplot(years, wide.T.to_numpy(), labels=labels, colors=colours, alpha=0.9)
        year_axis(ax, years)
        ax.set_xlim(years.min(), years.max())
        handles, shown = ax.get_legend_handles_labels()
        ax.legend(
            handles[::-1],
            shown[::-1],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=8,
            title=_("Country of asylum"),
            title_fontsize=8,
        )
        people_axis(ax)
        ax.set_ylim(bottom=0)
        ax.set_ylabel(_("Refugees at the end of the year"))
        ax.set_title(
            _("Refugees from Syria by country of asylum (largest in %(year)s named)") % words
        )
    else:
        values = wide.iloc[0]
        y = np.arange(len(order))[::-1]
        ax.barh(y, values.to_numpy(), color=colours, height=0.6)
        for position, value in zip(y, values, strict=True):
            ax.text(value, position, "  " + number(value), va="center", ha="left", fontsize=9)
        ax.set_yticks(y, [names[g] for g in order])
        ax.set_xlim(0, float(values.max()) * 1.25)
        ax.grid(axis="y", visible=False)
        people_axis(ax, "x")
        ax.set_xlabel(_("Refugees at the end of %(year)s") % words)
        ax.set_title(_("Refugees from Syria by country of asylum, end of %(year)s") % words)
    add_source(ax, footnote)
    return ax


def returns(
    table: pd.DataFrame,
    *,
    footnote: str,
    labels: Mapping[str, str],
    ax: Axes | None = None,
) -> Axes:
    """Refugees returned from abroad and IDPs returned home during each year (grouped bars).
    No bar where UNHCR gives no figure; a published zero is labelled "0" on the baseline (its
    bar has no height). ``labels`` names each series (with its years when they differ)."""
    ax = new_axes(ax, figsize=(10, 4.2))
    if table[list(RETURNS)].isna().all().all():
        no_data(ax, _("No return figures in these years"))
        add_source(ax, footnote)
        return ax
    years = table["year"].astype(int).to_numpy()
    width = 0.4
    for offset, column in zip((-width / 2, width / 2), RETURNS, strict=True):
        values = table[column].astype("Float64")
        present = values.notna().to_numpy()
        if not present.any():
            continue
        ax.bar(
            years[present] + offset,
            values[present].astype(float).to_numpy(),
            width=width,
            color=SERIES_COLOURS[column],
            label=labels[column],
        )
        zero_labels(ax, years + offset, values)
    year_axis(ax, years)
    people_axis(ax)
    highest = float(table[list(RETURNS)].astype("Float64").max().max())
    ax.set_ylim(0, highest * 1.3 if highest > 0 else 1)
    ax.set_ylabel(_("People returned during the year"))
    ax.legend(loc="best")
    ax.set_title(_("Returns to Syria and within Syria, per year"))
    add_source(ax, footnote)
    return ax
