"""Displacement charts: reported figures over time (bundled), displaced by governorate of origin,
Syrian refugees by country of asylum and returns (UNHCR), monthly IDP movements (OCHA/HNAP).

Every helper takes a tidy frame of :mod:`analysis.data.schema` (``DISPLACEMENT_FIGURES``,
``REFUGEE_STOCKS`` or ``IDP_FLOWS``), draws with the object-oriented API, writes the source and
as-of date under the chart with :func:`~analysis.charts.style.add_source` and returns the Axes
(or the Figure when it builds several panels). Figures of different organisations are drawn side
by side and never added together.
"""

from __future__ import annotations

import re

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from analysis import gazetteer
from analysis.charts.palettes import OKABE_ITO, ORGANISATION_MARKERS
from analysis.charts.style import add_source, new_axes, no_data, source_line, use_house_style
from analysis.data import unhcr

LOWER_BOUND_QUALIFIERS = {"at least", "more than", "over"}
"""Qualifiers that make a published figure a lower bound (drawn with an upward triangle)."""

NATIONAL = "national"
GOVERNORATE = "governorate"
SUB_AREA = "sub-area"
_NATIONAL_AREA = re.compile(r"^\s*(the\s+)?(whole\s+of\s+)?syria\b", re.IGNORECASE)

# Displacement palette, by role (Okabe-Ito, like palettes.py; yellow is left out: too pale on
# white). Organisations get these colours in order of their short name.
ORGANISATION_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
]
FLOW_COLOURS = {
    "idp_arrivals": OKABE_ITO["blue"],
    "idp_returns": OKABE_ITO["bluish_green"],
    "returned_refugees": OKABE_ITO["orange"],
    "returned_idps": OKABE_ITO["bluish_green"],
    "refugees": OKABE_ITO["blue"],
}
FLOW_LABELS = {
    "idp_arrivals": "IDP arrivals",
    "idp_returns": "IDP spontaneous returns",
    "returned_refugees": "Refugees returned from abroad",
    "returned_idps": "IDPs returned home",
}
ASYLUM_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    "#6b4c9a",
    "#8c6d31",
]
OTHER_COLOUR = OKABE_ITO["grey"]
HIGHLIGHT_COLOUR = OKABE_ITO["vermillion"]
BAR_COLOUR = "#4d4d4d"
HEATMAP_CMAP = "cividis_r"  # sequential and readable with the common colour-vision deficiencies


# ---------------------------------------------------------------------------------------------
# Helpers on the bundled figures
# ---------------------------------------------------------------------------------------------


def is_lower_bound(qualifiers: pd.Series) -> pd.Series:
    """True where the qualifier ("more than", "at least", "over") makes the figure a minimum."""
    return (
        qualifiers.astype("string").fillna("").str.strip().str.lower().isin(LOWER_BOUND_QUALIFIERS)
    )


def area_kind(figures: pd.DataFrame) -> pd.Series:
    """What each published figure covers, from its ``area`` and ``admin1_pcode``.

    - ``"governorate"``: the row has a governorate P-code (people who fled that governorate);
    - ``"national"``: the area, as published, starts with "Syria" ("Syria (since 27 Nov)",
      "Syria (internally displaced)"): a count for the whole country;
    - ``"sub-area"``: anything else ("north-west Syria (Idlib & northern Aleppo)", "arrivals in
      north-east Syria", "fled into rural Idlib"): one region, one front or one kind of movement.
    """
    area = figures["area"].astype("string").fillna("")
    national = area.str.match(_NATIONAL_AREA.pattern, case=False).fillna(False).astype(bool)
    has_pcode = figures["admin1_pcode"].astype("string").str.strip().fillna("").ne("")
    kind = pd.Series(SUB_AREA, index=figures.index, dtype="string")
    kind[national] = NATIONAL
    kind[has_pcode] = GOVERNORATE
    return kind


def figure_value(figures: pd.DataFrame) -> pd.Series:
    """The published point figure, or the top of the range where only a range was published."""
    return (
        figures["displaced_count"]
        .astype("Float64")
        .fillna(figures["displaced_high"].astype("Float64"))
    )


def national_peak(figures: pd.DataFrame) -> pd.Series | None:
    """The highest whole-of-Syria figure (a range counts by its top), earliest on a tie."""
    national = figures[(area_kind(figures) == NATIONAL) & figures["as_of_date"].notna()]
    if national.empty:
        return None
    values = figure_value(national)
    national = national.assign(_value=values).dropna(subset=["_value"])
    if national.empty:
        return None
    ordered = national.sort_values(
        ["_value", "as_of_date", "report_date"], ascending=[False, True, True]
    )
    return ordered.iloc[0].drop(labels="_value")


def row_value(row: pd.Series) -> float:
    """:func:`figure_value` of one row."""
    value = row["displaced_count"]
    return float(row["displaced_high"] if pd.isna(value) else value)


def net_of_returns_after(figures: pd.DataFrame, peak: pd.Series) -> pd.DataFrame:
    """Whole-of-Syria figures dated after ``peak`` and lower than it."""
    later = (area_kind(figures) == NATIONAL) & (figures["as_of_date"] > peak["as_of_date"])
    national = figures[later]
    return national[(figure_value(national) < row_value(peak)).fillna(False).astype(bool)]


def mentions_returns(rows: pd.DataFrame) -> bool:
    """True when the rows' notes say that returns were netted out (or returnees counted)."""
    text_columns = [c for c in ("notes", "breakdown_note", "conflict_note") if c in rows]
    if rows.empty or not text_columns:
        return False
    joined = rows[text_columns].astype("string").fillna("").agg(" ".join, axis=1)
    return bool(joined.str.contains(r"\breturn", case=False, regex=True).any())


def short_organisation(name: object) -> str:
    """The organisation without the person or channel quoted: "OCHA (via UN spokesman ...)"
    -> "OCHA", "OCHA / IDP Task Force" -> "OCHA", "WFP (Samer AbdelJaber)" -> "WFP"."""
    text = re.sub(r"\s*\(.*?\)\s*", " ", str(name)).strip()
    return text.split(" / ")[0].strip() or str(name)


def qualified(row: pd.Series) -> str:
    """A figure as published: "over 1,100,000", "800,000-1,000,000", "640,000"."""
    qualifier = row.get("qualifier")
    prefix = f"{qualifier} " if pd.notna(qualifier) and str(qualifier).strip() else ""
    if pd.notna(row.get("displaced_count")):
        return f"{prefix}{int(row['displaced_count']):,}"
    if pd.notna(row.get("displaced_low")):
        prefix = "" if prefix.strip() == "between" else prefix
        return f"{prefix}{int(row['displaced_low']):,}–{int(row['displaced_high']):,}"
    return "no figure"


def _people_axis(ax: Axes, axis: str = "y") -> None:
    formatter = FuncFormatter(lambda value, _pos: f"{value:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def _day_axis(ax: Axes) -> None:
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))


def _short_day(value: pd.Timestamp) -> str:
    return f"{pd.Timestamp(value):%-d %b %Y}"


def organisation_styles(figures: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Short organisation name -> (colour, marker), assigned in alphabetical order of the names."""
    names = sorted({short_organisation(o) for o in figures["organisation"].dropna()})
    return {
        name: (
            ORGANISATION_COLOURS[i % len(ORGANISATION_COLOURS)],
            ORGANISATION_MARKERS[i % len(ORGANISATION_MARKERS)],
        )
        for i, name in enumerate(names)
    }


def _outlets(figures: pd.DataFrame) -> list[str]:
    return [short_organisation(o) for o in figures["organisation"].dropna().unique()]


# ---------------------------------------------------------------------------------------------
# Bundled figures
# ---------------------------------------------------------------------------------------------


def reported_displacement(
    figures: pd.DataFrame, *, as_of: str | None = None, ax: Axes | None = None
) -> Axes:
    """People reported displaced over time, one marker per published figure.

    Each organisation has its own colour and marker. A range (``displaced_low`` to
    ``displaced_high``) is a vertical bar with caps; a figure qualified "more than", "at least"
    or "over" is a lower bound and carries an upward triangle. Rows are split by
    :func:`area_kind`:

    - whole-of-Syria figures (area starting with "Syria") are filled markers, and a line joins
      the highest whole-of-Syria point figure of each day;
    - figures for one region or kind of movement ("north-west Syria", "arrivals in north-east
      Syria") are hollow markers and are never joined: they count other things;
    - figures for one governorate of origin ("fled Aleppo governorate") are left out here (they
      are parts of a national figure; :func:`displaced_by_origin` draws them), and the footnote
      says how many were left out. Undated rows cannot be placed and are left out too.

    The highest whole-of-Syria figure is annotated as the peak (found in the data, not fixed).
    When later whole-of-Syria figures are lower, a text on the chart says so and, when their
    notes say returns were netted out, that they are net of returns.
    """
    ax = new_axes(ax, figsize=(10, 6.4))
    dated = figures[figures["as_of_date"].notna()]
    kinds = area_kind(dated)
    shown = dated[kinds != GOVERNORATE]
    left_out = int((kinds == GOVERNORATE).sum())
    undated = len(figures) - len(dated)
    if shown.empty:
        no_data(ax, "No dated displacement figure in this period")
        add_source(ax, source_line(_outlets(figures), as_of))
        return ax
    styles = organisation_styles(shown)
    shown_kinds = area_kind(shown)
    values = figure_value(shown).astype(float)
    top = float(values.max())
    bound_length = top * 0.045

    national = shown[shown_kinds == NATIONAL]
    points = national.dropna(subset=["displaced_count"])
    if not points.empty:
        daily = points.groupby("as_of_date")["displaced_count"].max().sort_index()
        ax.plot(
            daily.index,
            daily.astype(float).to_numpy(),
            color="#777777",
            linewidth=1.2,
            zorder=1,
            label="Whole of Syria: highest figure each day",
        )

    for org, rows in shown.groupby(shown["organisation"].map(short_organisation), sort=True):
        colour, marker = styles[org]
        is_national = shown_kinds.loc[rows.index] == NATIONAL
        bound = is_lower_bound(rows["qualifier"])
        point = rows["displaced_count"].notna()
        for subset, filled in ((is_national, True), (~is_national, False)):
            chosen = rows[subset & point]
            if not chosen.empty:
                ax.scatter(
                    chosen["as_of_date"],
                    chosen["displaced_count"].astype(float),
                    marker=marker,
                    s=46,
                    facecolor=colour if filled else "white",
                    edgecolor=colour,
                    linewidth=1.4,
                    zorder=3,
                )
        lower = rows[bound & point]
        if not lower.empty:
            ax.errorbar(
                lower["as_of_date"],
                lower["displaced_count"].astype(float),
                yerr=bound_length,
                lolims=True,
                fmt="none",
                ecolor=colour,
                elinewidth=1.0,
                capsize=3,
                zorder=2,
            )
        ranges = rows[rows["displaced_low"].notna() & ~point]
        if not ranges.empty:
            low = ranges["displaced_low"].astype(float).to_numpy()
            high = ranges["displaced_high"].astype(float).to_numpy()
            ax.errorbar(
                ranges["as_of_date"],
                (low + high) / 2,
                yerr=(high - low) / 2,
                fmt="none",
                ecolor=colour,
                elinewidth=2.2,
                capsize=5,
                capthick=2.2,
                zorder=2,
            )
        ax.scatter([], [], marker=marker, color=colour, s=46, label=org)

    peak = national_peak(shown)
    if peak is not None:
        peak_value = row_value(peak)
        ax.annotate(
            f"Peak: {qualified(peak)}\n{short_organisation(peak['organisation'])}, "
            f"{_short_day(peak['as_of_date'])}",
            xy=(peak["as_of_date"], peak_value),
            xytext=(0, 34),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9,
            fontweight="bold",
            arrowprops={"arrowstyle": "-", "color": "#333333", "linewidth": 0.8},
            gid="peak-annotation",
        )
        later = net_of_returns_after(shown, peak)
        if not later.empty:
            why = (
                "Figures after the peak are net of returns:\npeople who went home are "
                "subtracted, so the\ncount falls. The peak is not the number\nstill displaced."
                if mentions_returns(later)
                else "Figures after the peak are lower;\nthey are not cumulative counts."
            )
            ax.text(
                0.985,
                0.04,
                why,
                transform=ax.transAxes,
                ha="right",
                va="bottom",
                fontsize=8.5,
                color="#333333",
                bbox={"boxstyle": "round,pad=0.4", "facecolor": "#f5f5f7", "edgecolor": "#cccccc"},
                gid="returns-note",
            )

    handles, _ = ax.get_legend_handles_labels()
    handles += [
        Line2D([], [], marker="o", linestyle="none", color="#555555", label="Whole of Syria"),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markerfacecolor="white",
            markeredgecolor="#555555",
            label="One region or movement (see table)",
        ),
        Line2D(
            [],
            [],
            marker="^",
            linestyle="none",
            color="#555555",
            label="Lower bound (more than, at least, over)",
        ),
        Line2D(
            [],
            [],
            marker="_",
            markersize=10,
            linestyle="none",
            color="#555555",
            label="Range (low to high)",
        ),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.13),
        ncols=3,
        fontsize=8.5,
        columnspacing=1.2,
    )
    ax.set_ylim(0, top * 1.3)
    _people_axis(ax)
    _day_axis(ax)
    ax.set_ylabel("People displaced (as reported)")
    ax.set_title("People reported displaced, by organisation and date of the figure")
    extra = []
    if left_out:
        extra.append(
            f"{left_out} figure{'s' if left_out > 1 else ''} for one governorate of origin "
            "shown in the next chart, not here"
        )
    if undated:
        extra.append(f"{undated} undated figure{'s' if undated > 1 else ''} left out")
    note = (" " + "; ".join(extra) + ".") if extra else ""
    add_source(
        ax,
        source_line(_outlets(shown), as_of)
        + " Figures as published; organisations count different areas and periods, so they are "
        "shown side by side, never added." + note,
    )
    return ax


def displaced_by_origin(
    figures: pd.DataFrame,
    *,
    highlight: str | None = None,
    as_of: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of the figures for one governorate of origin (rows with admin1_pcode).

    One bar per published figure, labelled with the value as published (qualifier kept) and
    the date; a range is a bar to its low end with the range drawn over it. ``highlight`` (a
    governorate name or P-code) colours that governorate's bars. The whole-of-Syria figure of
    the same organisation and day, when there is one, is named in the title for context: the
    governorate figures are parts of it and are not added to anything.
    """
    ax = new_axes(ax, figsize=(10, 3.6))
    rows = figures[area_kind(figures) == GOVERNORATE]
    if rows.empty:
        no_data(ax, "No figure by governorate of origin in this period")
        add_source(ax, source_line(_outlets(figures), as_of))
        return ax
    rows = rows.assign(_value=figure_value(rows).astype(float)).sort_values("_value")
    pcode = gazetteer.resolve(highlight).pcode if highlight else None
    labels = [
        f"{r.admin1_name} ({short_organisation(r.organisation)}, {_short_day(r.as_of_date)})"
        if pd.notna(r.as_of_date)
        else f"{r.admin1_name} ({short_organisation(r.organisation)}, undated)"
        for r in rows.itertuples(index=False)
    ]
    colours = [HIGHLIGHT_COLOUR if r == pcode else BAR_COLOUR for r in rows["admin1_pcode"]]
    y = np.arange(len(rows))
    base = rows["displaced_count"].astype("Float64").fillna(rows["displaced_low"].astype("Float64"))
    ax.barh(y, base.astype(float).to_numpy(), color=colours, height=0.6)
    ranges = rows[rows["displaced_count"].isna() & rows["displaced_low"].notna()]
    if not ranges.empty:
        positions = y[rows.index.get_indexer(ranges.index)]
        ax.hlines(
            positions,
            ranges["displaced_low"].astype(float),
            ranges["displaced_high"].astype(float),
            color="#999999",
            linewidth=4,
        )
    for position, (_, row) in zip(y, rows.iterrows(), strict=True):
        ax.text(
            row["_value"],
            position,
            f"  {qualified(row)}",
            va="center",
            ha="left",
            fontsize=9,
        )
    ax.set_yticks(y, labels)
    ax.set_xlim(0, rows["_value"].max() * 1.3)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    _people_axis(ax, "x")
    ax.set_xlabel("People displaced from the governorate (as reported)")
    title = "People displaced, by governorate of origin"
    context = _national_context(figures, rows)
    if context:
        title += f"\n{context}"
    ax.set_title(title)
    add_source(
        ax,
        source_line(_outlets(rows), as_of)
        + " Governorates of origin (where people fled from); governorates without a published "
        "figure are not shown. Parts of a national figure, not additional to it.",
    )
    return ax


def _national_context(figures: pd.DataFrame, rows: pd.DataFrame) -> str:
    national = figures[area_kind(figures) == NATIONAL]
    same = national.merge(
        rows[["organisation", "as_of_date"]].drop_duplicates(),
        on=["organisation", "as_of_date"],
        how="inner",
        validate="m:1",
    )
    if same.empty:
        return ""
    row = same.iloc[0]
    return (
        f"(of {qualified(row)} displaced in all of Syria, {short_organisation(row['organisation'])}"
        f", {_short_day(row['as_of_date'])})"
    )


# ---------------------------------------------------------------------------------------------
# UNHCR stocks
# ---------------------------------------------------------------------------------------------


def _stocks_source(stocks: pd.DataFrame, source: str | None) -> str:
    if source:
        return source
    if "source" in stocks and stocks["source"].notna().any():
        return "; ".join(stocks["source"].dropna().astype(str).unique())
    return "UNHCR Refugee Data Finder"


def _year_end(year: int) -> str:
    return f"31 December {int(year)} (end-of-year stocks)"


def refugees_by_asylum(
    stocks: pd.DataFrame,
    top: int = 6,
    *,
    origin_iso3: str = "SYR",
    source: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Refugees from ``origin_iso3`` by country of asylum, end of each year, stacked areas.

    The ``top`` countries are those hosting most refugees in the last year shown; every other
    country is summed into "Other countries" (one organisation, one year: the sum is UNHCR's
    own total). Asylum-seekers are not included. A single year is drawn as one stacked bar.
    """
    ax = new_axes(ax, figsize=(8.6, 5))
    table = unhcr.refugees_by_asylum(stocks, origin_iso3) if not stocks.empty else stocks
    label = _stocks_source(stocks, source)
    if table.empty or table["refugees"].dropna().sum() == 0:
        no_data(ax, "No refugee figures in these years")
        add_source(ax, source_line([label], None))
        return ax
    table = table.dropna(subset=["refugees"])
    last = int(table["year"].max())
    latest = table[table["year"] == last].sort_values("refugees", ascending=False)
    leaders = latest[latest["refugees"] > 0].head(top)["asylum_iso3"].tolist()
    names = (
        table.drop_duplicates("asylum_iso3", keep="last")
        .set_index("asylum_iso3")["asylum_name"]
        .astype(str)
        .to_dict()
    )
    grouped = table.assign(
        group=table["asylum_iso3"].where(table["asylum_iso3"].isin(leaders), "__other__")
    )
    wide = (
        grouped.pivot_table(
            index="year", columns="group", values="refugees", aggfunc="sum", observed=True
        )
        .astype(float)
        .fillna(0)
        .sort_index()
    )
    order = [c for c in leaders if c in wide] + (["__other__"] if "__other__" in wide else [])
    wide = wide[order]
    labels = [names.get(c, c) if c != "__other__" else "Other countries" for c in order]
    colours = [
        OTHER_COLOUR if c == "__other__" else ASYLUM_COLOURS[i % len(ASYLUM_COLOURS)]
        for i, c in enumerate(order)
    ]
    years = wide.index.astype(int).to_numpy()
    if len(years) >= 2:
        ax.stackplot(years, wide.T.to_numpy(), labels=labels, colors=colours, alpha=0.9)
        ax.set_xlim(years.min(), years.max())
    else:
        bottom = 0.0
        for column, name, colour in zip(order, labels, colours, strict=True):
            value = float(wide[column].iloc[0])
            ax.bar(years, value, bottom=bottom, color=colour, label=name, width=0.5)
            bottom += value
        ax.set_xticks(years)
    handles, names_shown = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1],
        names_shown[::-1],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        title="Country of asylum",
        title_fontsize=8,
    )
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    _people_axis(ax)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Refugees at the end of the year")
    ax.set_title(f"Refugees from Syria by country of asylum, top {len(leaders)} in {last}")
    add_source(
        ax,
        source_line([label], _year_end(last))
        + " Refugees under UNHCR's mandate; asylum-seekers are not included.",
    )
    return ax


def returns(
    stocks: pd.DataFrame,
    *,
    origin_iso3: str = "SYR",
    source: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Refugees returned from abroad and IDPs returned home, per year (grouped bars).

    Years where UNHCR gives no figure (NA) have no bar; a published zero is a bar of height 0.
    """
    ax = new_axes(ax, figsize=(10, 4.2))
    label = _stocks_source(stocks, source)
    table = unhcr.returns_by_year(stocks, origin_iso3) if not stocks.empty else pd.DataFrame()
    columns = ["returned_refugees", "returned_idps"]
    if table.empty or table[columns].isna().all().all():
        no_data(ax, "No return figures in these years")
        add_source(ax, source_line([label], None))
        return ax
    years = table["year"].astype(int).to_numpy()
    width = 0.4
    for offset, column in zip((-width / 2, width / 2), columns, strict=True):
        values = table[column].astype("Float64")
        present = values.notna().to_numpy()
        ax.bar(
            years[present] + offset,
            values[present].astype(float).to_numpy(),
            width=width,
            color=FLOW_COLOURS[column],
            label=FLOW_LABELS[column],
        )
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    _people_axis(ax)
    highest = float(table[columns].astype("Float64").max().max())
    ax.set_ylim(0, highest * 1.3 if highest > 0 else 1)
    ax.set_ylabel("People returned during the year")
    ax.legend(loc="upper left")
    ax.set_title("Returns to Syria, per year")
    add_source(
        ax,
        source_line([label], f"31 December {int(years.max())}")
        + " Returned refugees are counted by the country they returned from and summed here "
        "within each year; no figure (not zero) where no bar is drawn.",
    )
    return ax


# ---------------------------------------------------------------------------------------------
# OCHA/HNAP monthly flows
# ---------------------------------------------------------------------------------------------


def _flows_source(flows: pd.DataFrame, source: str | None) -> str:
    if source:
        return source
    if "source" in flows and flows["source"].notna().any():
        return "; ".join(flows["source"].dropna().astype(str).unique())
    return "OCHA/HNAP IDP Task Force"


def _month_axis(ax: Axes) -> None:
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=12))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))


def monthly_totals(flows: pd.DataFrame) -> pd.DataFrame:
    """People per month and flow, summed over the governorates in ``flows`` (one source).

    Columns: ``month`` and one column per flow; a month with no figure for a flow is NA.
    """
    if flows.empty:
        return pd.DataFrame(columns=["month"])
    wide = flows.pivot_table(
        index="month", columns="flow", values="people_count", aggfunc="sum", observed=True
    )
    return wide.reset_index().rename_axis(columns=None)


def _flow_lines(ax: Axes, flows: pd.DataFrame) -> None:
    wide = monthly_totals(flows)
    for flow in ("idp_arrivals", "idp_returns"):
        if flow not in wide:
            continue
        series = wide[["month", flow]].dropna()
        if series.empty:
            continue
        ax.plot(
            series["month"],
            series[flow].astype(float),
            color=FLOW_COLOURS[flow],
            marker="o",
            markersize=3.5,
            label=FLOW_LABELS[flow],
        )
    ax.legend(loc="upper right")
    _people_axis(ax)
    ax.set_ylim(bottom=0)
    _month_axis(ax)


def idp_flows(
    flows: pd.DataFrame,
    governorate: str | None = None,
    *,
    source: str | None = None,
    as_of: str | None = None,
    ax: Axes | None = None,
) -> Axes | Figure:
    """Monthly IDP arrivals (and spontaneous returns, where published) by governorate.

    - ``governorate`` given (name or P-code): one Axes, the governorate's monthly arrivals and
      returns as lines. Returned: the Axes.
    - no governorate: a Figure of two panels, the monthly totals of all governorates (arrivals
      and returns) above a heatmap of arrivals by governorate and month (square-root colour
      scale, so small governorates stay visible). With ``ax`` given, only the heatmap is drawn
      in it and the Axes is returned.

    The governorate of a row is where people arrived or returned to. A month with no figure is
    blank (white) in the heatmap, not zero.
    """
    label = _flows_source(flows, source)
    if as_of is None and not flows.empty:
        as_of = f"{flows['month'].max():%B %Y}"
    if governorate is not None and str(governorate).strip().lower() not in ("", gazetteer.ALL):
        place = gazetteer.resolve(governorate)
        ax = new_axes(ax, figsize=(10, 4.2))
        rows = flows[flows["admin1_pcode"] == place.pcode]
        if rows.empty:
            no_data(ax, f"No IDP movements recorded for {place.name} in this period")
        else:
            _flow_lines(ax, rows)
        ax.set_ylabel("People per month")
        ax.set_title(f"IDP movements into {place.name} governorate, per month")
        add_source(ax, source_line([label], as_of) + " Governorate where people arrived.")
        return ax
    if ax is not None:
        _heatmap(ax, flows)
        add_source(ax, source_line([label], as_of) + " Governorate where people arrived.")
        return ax
    use_house_style()
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(10, 8.2), gridspec_kw={"height_ratios": [1, 1.6]}
    )
    if flows.empty:
        no_data(top, "No IDP movements recorded in this period")
        bottom.set_axis_off()
    else:
        _flow_lines(top, flows)
        top.set_ylabel("People per month")
        top.set_title("IDP movements per month, all governorates")
        _heatmap(bottom, flows)
    add_source(
        fig,
        source_line([label], as_of)
        + " Governorate where people arrived (or returned to); one movement inside a "
        "governorate counts there. White cells: no figure published for that month.",
    )
    return fig


def _heatmap(ax: Axes, flows: pd.DataFrame) -> None:
    arrivals = flows[flows["flow"] == "idp_arrivals"]
    if arrivals.empty:
        no_data(ax, "No IDP arrivals recorded in this period")
        return
    wide = arrivals.pivot_table(
        index="admin1_pcode", columns="month", values="people_count", aggfunc="sum", observed=True
    ).astype(float)
    months = pd.date_range(wide.columns.min(), wide.columns.max(), freq="MS")
    wide = wide.reindex(columns=months)
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index]
    names = gazetteer.names_for(pd.Series(wide.index, dtype="string")).fillna("").tolist()
    masked = np.ma.masked_invalid(wide.to_numpy())
    vmax = float(np.nanmax(wide.to_numpy())) if np.isfinite(wide.to_numpy()).any() else 1.0
    image = ax.imshow(
        masked,
        aspect="auto",
        cmap=HEATMAP_CMAP,
        norm=PowerNorm(gamma=0.5, vmin=0, vmax=max(vmax, 1.0)),
        interpolation="nearest",
    )
    ax.set_yticks(np.arange(len(names)), names)
    step = max(1, len(months) // 12)
    ticks = np.arange(0, len(months), step)
    ax.set_xticks(ticks, [months[i].strftime("%b\n%Y") for i in ticks])
    ax.grid(False)
    ax.set_title("IDP arrivals per month, by governorate of arrival (largest total on top)")
    bar = ax.figure.colorbar(image, ax=ax, pad=0.01, fraction=0.04)
    bar.set_label("People arriving per month")
    bar.formatter = FuncFormatter(lambda value, _pos: f"{value:,.0f}")
    bar.update_ticks()
