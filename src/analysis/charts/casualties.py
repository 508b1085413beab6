"""Casualty charts: reported cumulative tolls, event-level deaths with their range, deaths by
governorate."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.charts.palettes import (
    ORGANISATION_MARKERS,
    SIDE_COLOURS,
    SIDE_LABELS,
    UNCERTAINTY_ALPHA,
)
from analysis.charts.style import add_source, new_axes, no_data, source_line, use_house_style
from analysis.metrics import casualties as casualty_metrics

LOWER_BOUND_QUALIFIERS = {"at least", "more than", "over"}
SIDES = ("deaths_total", "deaths_rebels", "deaths_government_side", "deaths_civilians")


def _is_lower_bound(qualifiers: pd.Series) -> pd.Series:
    return qualifiers.fillna("").str.lower().isin(LOWER_BOUND_QUALIFIERS)


def main_organisation(tolls: pd.DataFrame) -> str | None:
    """The organisation with the most reported overall tolls (SOHR in the bundled data)."""
    counts = tolls.dropna(subset=["deaths_total"])["organisation"].value_counts()
    return str(counts.index[0]) if len(counts) else None


def _day_axis(ax: Axes) -> None:
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))


def _lower_bound_handle() -> Line2D:
    return Line2D(
        [],
        [],
        marker="^",
        linestyle="none",
        color="#555555",
        label='▲ lower bound ("at least", "more than")',
    )


def reported_tolls(tolls: pd.DataFrame, *, as_of: str | None = None) -> Figure:
    """Two panels: the main organisation's cumulative toll by side, and civilian deaths by
    organisation. Every published figure is a marker (two disagreeing reports for one day show
    as two markers); the line joins each day's latest report; lower bounds are triangles."""
    use_house_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.8), sharex=True)
    main_rows = tolls[tolls["series"] == "offensive"] if "series" in tolls else tolls
    organisation = main_organisation(main_rows)
    if organisation is None:
        no_data(left, "No overall toll reported in this period")
    else:
        rows = main_rows[main_rows["organisation"] == organisation].sort_values(
            ["as_of_date", "report_date"]
        )
        for side in SIDES:
            values = rows.dropna(subset=[side])
            if values.empty:
                continue
            colour = SIDE_COLOURS[side]
            latest = values.groupby("as_of_date", as_index=False).tail(1)
            left.plot(latest["as_of_date"], latest[side], color=colour, label=SIDE_LABELS[side])
            bound = _is_lower_bound(values["qualifier"])
            left.scatter(
                values.loc[~bound, "as_of_date"],
                values.loc[~bound, side],
                color=colour,
                marker="o",
                s=22,
                zorder=3,
            )
            left.scatter(
                values.loc[bound, "as_of_date"],
                values.loc[bound, side],
                color=colour,
                marker="^",
                s=40,
                zorder=3,
            )
        last = rows.dropna(subset=["deaths_total"]).iloc[-1]
        qualifier = f"{last['qualifier']} " if pd.notna(last["qualifier"]) else ""
        left.annotate(
            f"{qualifier}{int(last['deaths_total']):,}",
            xy=(last["as_of_date"], last["deaths_total"]),
            xytext=(-6, 6),
            textcoords="offset points",
            ha="right",
            fontsize=9,
            fontweight="bold",
        )
        left.set_title(f"Cumulative deaths reported by {organisation}")
        handles, _ = left.get_legend_handles_labels()
        left.legend(handles=[*handles, _lower_bound_handle()], loc="upper left")
    left.set_ylabel("People killed (cumulative)")
    _day_axis(left)

    civilians = tolls.dropna(subset=["deaths_civilians"])
    if civilians.empty:
        no_data(right, "No civilian toll reported in this period")
    else:
        for i, (org, rows) in enumerate(civilians.groupby("organisation", sort=True)):
            rows = rows.sort_values(["as_of_date", "report_date"])
            if "series" in rows:
                rows = rows[rows["series"] == "offensive"]
            if rows.empty:
                continue
            marker = ORGANISATION_MARKERS[i % len(ORGANISATION_MARKERS)]
            colour = plt.rcParams["axes.prop_cycle"].by_key()["color"][i % 8]
            latest = rows.groupby("as_of_date", as_index=False).tail(1)
            right.plot(
                latest["as_of_date"],
                latest["deaths_civilians"],
                color=colour,
                marker=marker,
                label=str(org),
                linewidth=1.5,
            )
            bound = _is_lower_bound(rows["qualifier"])
            right.scatter(
                rows.loc[bound, "as_of_date"],
                rows.loc[bound, "deaths_civilians"],
                marker="^",
                s=60,
                facecolor="none",
                edgecolor=colour,
                zorder=3,
            )
        right.set_title("Civilian deaths, as reported by each organisation")
        handles, _ = right.get_legend_handles_labels()
        right.legend(handles=[*handles, _lower_bound_handle()], loc="upper left")
    right.set_ylabel("Civilians killed (cumulative)")
    _day_axis(right)
    for ax in (left, right):
        ax.set_ylim(bottom=0)
    outlets = [f"{org}" for org in tolls["organisation"].dropna().unique()]
    add_source(
        fig,
        source_line(outlets, as_of)
        + " Figures as published by each organisation (SOHR via AFP, EFE and dpa); scopes and "
        "methods differ (e.g. Civil Defence counts only opposition-held areas), so the "
        "organisations' civilian counts are shown side by side, not added.",
    )
    return fig


def event_deaths(
    events: pd.DataFrame,
    *,
    source: str,
    as_of: str | None = None,
    freq: str = "D",
    ax: Axes | None = None,
) -> Axes:
    """Deaths per day (``freq="D"``) or week (``"W"``), best estimate with the low-high band."""
    ax = new_axes(ax)
    table = (
        casualty_metrics.daily_deaths(events)
        if freq == "D"
        else casualty_metrics.weekly_deaths(events)
    )
    date_col = "event_date" if freq == "D" else "week_start"
    if table.empty:
        return no_data(ax, "No events in this period")
    x = table[date_col]
    best = table["deaths_best"].astype(float)
    has_range = (
        "deaths_low" in table
        and table["deaths_low"].notna().any()
        and table["deaths_high"].notna().any()
    )
    if has_range:
        low = table["deaths_low"].astype(float).fillna(best)
        high = table["deaths_high"].astype(float).fillna(best)
        ax.fill_between(
            x,
            low,
            high,
            step="mid",
            color=SIDE_COLOURS["deaths_total"],
            alpha=UNCERTAINTY_ALPHA,
            linewidth=0,
            label="Low to high estimate",
        )
    ax.step(
        x,
        best,
        where="mid",
        color=SIDE_COLOURS["deaths_total"],
        linewidth=1.4,
        label="Best estimate" if has_range else "Reported fatalities",
    )
    unit = "day" if freq == "D" else "week"
    ax.set_ylabel(f"People killed per {unit}")
    ax.set_ylim(bottom=0)
    ax.set_title(f"Deaths per {unit} in recorded events")
    ax.legend(loc="upper right")
    _day_axis(ax)
    note = "" if has_range else " The source gives one figure per event, with no range."
    add_source(ax, source_line([source], as_of) + note)
    return ax


def deaths_by_governorate(
    events: pd.DataFrame, *, source: str, as_of: str | None = None, ax: Axes | None = None
) -> Axes:
    """Horizontal bars of deaths (best estimate) per governorate, largest on top."""
    ax = new_axes(ax, figsize=(10, 5.5))
    table = casualty_metrics.deaths_by_governorate(events)
    if table.empty:
        return no_data(ax, "No events in this period")
    table = table.iloc[::-1]
    ax.barh(
        table["admin1_name"], table["deaths_best"].astype(float), color=SIDE_COLOURS["deaths_total"]
    )
    if "deaths_low" in table and table["deaths_low"].notna().any():
        low = table["deaths_low"].astype(float)
        high = table["deaths_high"].astype(float)
        best = table["deaths_best"].astype(float)
        ax.errorbar(
            best,
            table["admin1_name"],
            xerr=[(best - low).clip(lower=0), (high - best).clip(lower=0)],
            fmt="none",
            ecolor="#999999",
            capsize=2,
            label="Low to high estimate",
        )
        ax.legend(loc="lower right")
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("People killed (best estimate)")
    ax.set_title("Deaths by governorate")
    add_source(ax, source_line([source], as_of))
    return ax


def deaths_by_type(
    events: pd.DataFrame,
    *,
    source: str,
    by: str = "event_type",
    top: int = 5,
    as_of: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Deaths per week stacked by ``by`` (UCDP violence type, ACLED sub-event type or actor);
    the ``top`` categories by deaths are drawn, the rest grouped as "other"."""
    ax = new_axes(ax)
    if events.empty or by not in events or events[by].isna().all():
        return no_data(ax, "No events with a type in this period")
    labels = events[by].astype("string").fillna("not given")
    ranked = events["deaths_best"].groupby(labels).sum().sort_values(ascending=False)
    keep = list(ranked.index[:top])
    group = labels.where(labels.isin(keep), "other")
    week = events["event_date"] - pd.to_timedelta(events["event_date"].dt.weekday, unit="D")
    table = (
        events["deaths_best"]
        .astype(float)
        .groupby([week.rename("week"), group.rename("group")])
        .sum()
        .unstack("group", fill_value=0)
    )
    order = [k for k in [*keep, "other"] if k in table.columns]
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    bottom = pd.Series(0.0, index=table.index)
    for i, name in enumerate(order):
        colour = "#bbbbbb" if name == "other" else colours[i % len(colours)]
        ax.bar(
            table.index,
            table[name],
            bottom=bottom,
            width=6,
            color=colour,
            label=str(name),
            align="edge",
        )
        bottom += table[name]
    ax.set_ylabel("People killed per week")
    ax.set_ylim(bottom=0)
    ax.set_title(f"Deaths per week by {by.replace('_', ' ')}")
    ax.legend(loc="upper right", fontsize=8)
    _day_axis(ax)
    add_source(ax, source_line([source], as_of))
    return ax


def compare_sources(
    first: pd.DataFrame,
    second: pd.DataFrame,
    *,
    labels: tuple[str, str],
    as_of: str | None = None,
    freq: str = "W",
) -> Figure:
    """Two event datasets for the same period side by side: deaths per week (or day) of each,
    and their totals by governorate. Neither is adjusted to the other."""
    use_house_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.8), width_ratios=[3, 2])
    colours = (SIDE_COLOURS["deaths_civilians"], SIDE_COLOURS["deaths_government_side"])
    totals = {}
    for frame, label, colour in zip((first, second), labels, colours, strict=True):
        table = (
            casualty_metrics.daily_deaths(frame)
            if freq == "D"
            else casualty_metrics.weekly_deaths(frame)
        )
        if table.empty:
            continue
        x = table["event_date" if freq == "D" else "week_start"]
        left.step(x, table["deaths_best"].astype(float), where="mid", color=colour, label=label)
        totals[label] = casualty_metrics.deaths_by_governorate(frame).set_index("admin1_name")[
            "deaths_best"
        ]
    left.set_title(f"Deaths per {'day' if freq == 'D' else 'week'}, two sources")
    left.set_ylabel("People killed")
    left.set_ylim(bottom=0)
    left.legend(loc="upper right")
    _day_axis(left)
    if totals:
        table = pd.DataFrame(totals).fillna(0).astype(float)
        table = table.loc[table.sum(axis=1).sort_values().index]
        height = 0.4
        y = range(len(table))
        for i, (label, colour) in enumerate(zip(labels, colours, strict=True)):
            if label in table:
                right.barh(
                    [v + (i - 0.5) * height for v in y],
                    table[label],
                    height=height,
                    color=colour,
                    label=label,
                )
        right.set_yticks(list(y), table.index, fontsize=8)
        right.grid(axis="x")
        right.grid(axis="y", visible=False)
        right.set_title("Deaths by governorate")
        right.set_xlabel("People killed (best estimate)")
    else:
        no_data(right, "No events in this period")
    add_source(
        fig,
        source_line(list(labels), as_of)
        + " The two datasets code events differently (UCDP: best estimate per event; ACLED: "
        "conservative fatalities); differences are shown, not reconciled.",
    )
    return fig
