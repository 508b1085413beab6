"""Charts of the other UNHCR tables: IDMC IDPs, solutions, flows, demographics.

Each helper draws a frame of :mod:`analysis.metrics.displacement` (``idmc_by_year``,
``solutions_by_year``, ``arrivals_by_year``, ``arrivals_by_country``, ``sex_and_age``,
``demographics_by_country``) and computes nothing. Years are whole years (``year_axis``).
Series of different things (returns and resettlement, new refugees and new asylum applications)
are drawn side by side, never stacked or added.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from analysis.charts.displacement.common import BAR_COLOUR, OTHER_COLOUR, people_axis
from analysis.charts.displacement.unhcr import zero_labels
from analysis.charts.palettes import OKABE_ITO
from analysis.charts.style import add_source, new_axes, no_data, year_axis
from analysis.i18n import _, number

COLOURS = {
    "idps_count": OKABE_ITO["vermillion"],
    "returned_refugees": OKABE_ITO["orange"],
    "resettlement": OKABE_ITO["blue"],
    "naturalisation": OKABE_ITO["reddish_purple"],
    "returned_idps": OKABE_ITO["bluish_green"],
    "refugees": OKABE_ITO["blue"],
    "asylum_seekers": OKABE_ITO["sky_blue"],
    "female": OKABE_ITO["reddish_purple"],
    "male": OKABE_ITO["bluish_green"],
}


def _bar_labels(ax: Axes, y, values) -> None:
    for position, value in zip(y, values, strict=True):
        ax.text(value, position, "  " + number(value), va="center", ha="left", fontsize=8)


def line_over_years(
    table: pd.DataFrame,
    column: str,
    *,
    label: str,
    title: str,
    ylabel: str,
    footnote: str,
    ax: Axes | None = None,
) -> Axes:
    """One end-of-year stock per year as a line with markers (a year without a figure breaks
    the line); a single year as one labelled bar."""
    ax = new_axes(ax, figsize=(10, 4.2))
    values = table.dropna(subset=[column])
    if values.empty:
        no_data(ax, _("No figures in these years"))
        add_source(ax, footnote)
        return ax
    first, last = int(table["year"].min()), int(table["year"].max())
    full = table.set_index(table["year"].astype(int)).reindex(range(first, last + 1))
    years = full.index.to_numpy()
    y = full[column].astype("Float64").astype(float).to_numpy()
    if len(values) == 1:
        ax.bar(years, np.nan_to_num(y), color=COLOURS.get(column, BAR_COLOUR), width=0.5)
        ax.text(years[0], y[0], number(y[0]), ha="center", va="bottom", fontsize=9)
    else:
        ax.plot(years, y, marker="o", markersize=4, color=COLOURS.get(column, BAR_COLOUR))
        ax.annotate(
            number(y[-1]),
            (years[-1], y[-1]),
            textcoords="offset points",
            xytext=(0, 8),
            ha="center",
            fontsize=8,
        )
    year_axis(ax, years)
    people_axis(ax)
    ax.set_ylim(0, float(np.nanmax(y)) * 1.15 if np.nanmax(y) > 0 else 1)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.plot([], [], color=COLOURS.get(column, BAR_COLOUR), label=label)
    ax.legend(loc="best")
    add_source(ax, footnote)
    return ax


def bars_over_years(
    table: pd.DataFrame,
    columns: dict[str, str],
    *,
    title: str,
    ylabel: str,
    footnote: str,
    ax: Axes | None = None,
) -> Axes:
    """Counts during each year, one bar per series side by side (``columns``: column -> label).
    No bar where there is no figure; a published zero is labelled "0" on the baseline (its bar
    has no height)."""
    ax = new_axes(ax, figsize=(10, 4.4))
    shown = [c for c in columns if table[c].notna().any()]
    if not shown:
        no_data(ax, _("No figures in these years"))
        add_source(ax, footnote)
        return ax
    years = table["year"].astype(int).to_numpy()
    width = 0.8 / len(shown)
    for i, column in enumerate(shown):
        values = table[column].astype("Float64")
        present = values.notna().to_numpy()
        offset = (i - (len(shown) - 1) / 2) * width
        ax.bar(
            years[present] + offset,
            values[present].astype(float).to_numpy(),
            width=width,
            color=COLOURS.get(column, BAR_COLOUR),
            label=columns[column],
        )
        zero_labels(ax, years + offset, values)
    year_axis(ax, years)
    people_axis(ax)
    highest = float(table[shown].astype("Float64").max().max())
    ax.set_ylim(0, highest * 1.25 if highest > 0 else 1)
    ax.set_ylabel(ylabel)
    ax.legend(loc="best", fontsize=8)
    ax.set_title(title)
    add_source(ax, footnote)
    return ax


def country_bars(
    table: pd.DataFrame,
    columns: dict[str, str],
    *,
    title: str,
    xlabel: str,
    footnote: str,
    other: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Countries (``asylum_name``) as horizontal bars, largest at the top; with two columns, two
    bars per country side by side (never stacked). A row without a country (NA: every other
    country together) is grey and named ``other``."""
    ax = new_axes(ax, figsize=(9, 0.45 * max(len(table), 4) + 1.6))
    if table.empty:
        no_data(ax, _("No figures by country"))
        add_source(ax, footnote)
        return ax
    rest = table["asylum_name"].isna().to_numpy()
    if rest.any() and other is None:
        raise ValueError("country_bars: a row holds every other country; name it with other=")
    y = np.arange(len(table))[::-1].astype(float)
    height = 0.8 / len(columns)
    highest = 0.0
    for i, (column, label) in enumerate(columns.items()):
        values = table[column].astype("Float64")
        present = values.notna().to_numpy()
        offset = ((len(columns) - 1) / 2 - i) * height
        drawn = values[present].astype(float).to_numpy()
        colours = [
            OTHER_COLOUR if is_rest else COLOURS.get(column, BAR_COLOUR)
            for is_rest in rest[present]
        ]
        ax.barh(y[present] + offset, drawn, height=height, color=colours, label=label)
        _bar_labels(ax, y[present] + offset, drawn)
        highest = max(highest, float(drawn.max()) if len(drawn) else 0.0)
    names = [other if r else str(n) for n, r in zip(table["asylum_name"], rest, strict=True)]
    ax.set_yticks(y, names)
    ax.set_xlim(0, highest * 1.3 if highest > 0 else 1)
    ax.grid(axis="y", visible=False)
    people_axis(ax, "x")
    ax.set_xlabel(xlabel)
    if len(columns) > 1:
        ax.legend(loc="best", fontsize=8)
    ax.set_title(title)
    add_source(ax, footnote)
    return ax


def sex_age_pyramid(
    table: pd.DataFrame,
    *,
    ages: Mapping[str, str],
    title: str,
    footnote: str,
    ax: Axes | None = None,
) -> Axes:
    """People by age group (rows of ``table``: ``age``, a code, ``female``, ``male``), women and
    girls to the left, men and boys to the right; the youngest group at the bottom. ``ages``
    names each age group (code -> name)."""
    ax = new_axes(ax, figsize=(9, 4.2))
    if table[["female", "male"]].to_numpy().sum() == 0:
        no_data(ax, _("No breakdown by sex and age"))
        add_source(ax, footnote)
        return ax
    y = np.arange(len(table)).astype(float)
    female = table["female"].astype(float).to_numpy()
    male = table["male"].astype(float).to_numpy()
    ax.barh(y, -female, color=COLOURS["female"], height=0.7, label=_("Women and girls"))
    ax.barh(y, male, color=COLOURS["male"], height=0.7, label=_("Men and boys"))
    for position, left, right in zip(y, female, male, strict=True):
        ax.text(-left, position, number(left) + "  ", va="center", ha="right", fontsize=8)
        ax.text(right, position, "  " + number(right), va="center", ha="left", fontsize=8)
    limit = max(female.max(), male.max()) * 1.35
    ax.set_xlim(-limit, limit)
    ax.set_yticks(y, [ages[a] for a in table["age"]])
    ax.xaxis.set_major_formatter(lambda value, _pos: number(abs(value)))
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(_("People"))
    ax.set_ylabel(_("Age group"))
    ax.legend(loc="best", fontsize=8)
    ax.set_title(title)
    add_source(ax, footnote)
    return ax
