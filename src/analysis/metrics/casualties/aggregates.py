"""Monthly counts by district (``CASUALTY_AGGREGATES``: ACLED aggregates on HDX, HDX HAPI
``conflict_event``): the months of a period, monthly totals, totals by governorate and district,
and the results a report states.

These are counts per month and district, never daily data. A month belongs to a period when its
last day falls in it (the rule of the displacement report for HNAP months): each month is in one
period only, as the figure for the whole month, so a weekly batch shows it once and sub-period
totals add up. A report whose period starts inside a month counts that month whole only when
the period holds its last day, and says so.

Series are ACLED's and overlap: political violence already includes civilian targeting, and
demonstrations have no fatalities. They are computed apart and never added together.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.schema import AGGREGATE_SERIES
from analysis.metrics.results import Period, Result
from analysis.metrics.time import month_end as month_end
from analysis.metrics.time import month_label as month_label
from analysis.metrics.time import months_ending_in as months_ending_in
from analysis.metrics.time import months_period as months_period

POLITICAL_VIOLENCE, CIVILIAN_TARGETING, DEMONSTRATIONS = AGGREGATE_SERIES
SERIES_LABELS = {
    POLITICAL_VIOLENCE: "Political violence",
    CIVILIAN_TARGETING: "Civilian targeting",
    DEMONSTRATIONS: "Demonstrations",
}
COUNTS = ("events", "fatalities")


def series_in(frame: pd.DataFrame) -> list[str]:
    """The series the frame holds, in the house order."""
    present = set(frame["series"].dropna().unique())
    return [s for s in AGGREGATE_SERIES if s in present]


def _sum(values: pd.Series) -> object:
    """Sum of counts; NA when every value is missing (demonstrations' fatalities)."""
    return values.sum() if values.notna().any() else pd.NA


def monthly_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Events and fatalities per month and series, summed over the districts in ``frame``:
    ``month``, ``series``, ``events``, ``fatalities`` (NA for demonstrations). Long form: the
    series are rows apart, never added."""
    columns = ["month", "series", *COUNTS]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    grouped = frame.groupby(["month", "series"], observed=True, sort=True)
    out = grouped.agg(events=("events", "sum"), fatalities=("fatalities", _sum)).reset_index()
    out["fatalities"] = out["fatalities"].astype("Int64")
    order = out["series"].map({s: i for i, s in enumerate(AGGREGATE_SERIES)})
    out = out.assign(_order=order).sort_values(["month", "_order"], kind="stable")
    return out[columns].reset_index(drop=True)


def _counts(frame: pd.DataFrame, series: str) -> tuple[str, ...]:
    """The counts a series has: events, and fatalities unless none is given (demonstrations)."""
    rows = frame[frame["series"] == series]
    return COUNTS if rows["fatalities"].notna().any() else ("events",)


def by_area(frame: pd.DataFrame, level: str = "admin1") -> pd.DataFrame:
    """Totals per governorate (``level="admin1"``) or district (``"admin2"``) over the months in
    ``frame``, one pair of columns per series (``political_violence_events``,
    ``political_violence_fatalities``, ...); sorted by the first series' fatalities (then
    events), largest first. Series stay in separate columns: no column adds them."""
    keys = ["admin1_pcode", "admin1_name"]
    if level == "admin2":
        keys += ["admin2_pcode", "admin2_name"]
    present = series_in(frame)
    columns = [f"{s}_{c}" for s in present for c in _counts(frame, s)]
    if frame.empty:
        return pd.DataFrame(columns=[*keys, *columns])
    wide = frame.pivot_table(
        index=keys, columns="series", values=list(COUNTS), aggfunc=_sum, observed=True
    )
    out = pd.DataFrame(index=wide.index)
    for series in present:
        for count in _counts(frame, series):
            values = wide.get((count, series), pd.NA)
            out[f"{series}_{count}"] = pd.Series(values, index=wide.index).astype("Int64")
    out = out.reset_index()
    if present:
        first = present[0]
        order = [f"{first}_{count}" for count in reversed(_counts(frame, first))]
        out = out.sort_values(order, ascending=False, na_position="last", kind="stable")
    return out.reset_index(drop=True)[[*keys, *columns]]


def top_districts(frame: pd.DataFrame, count: int) -> tuple[pd.DataFrame, int]:
    """The ``count`` districts with most fatalities (then events) in the first series, and how
    many districts with at least one event were left out."""
    table = by_area(frame, "admin2")
    if table.empty:
        return table, 0
    active = table[table[[c for c in table if c.endswith("_events")]].fillna(0).sum(axis=1) > 0]
    shown = active.head(count)
    return shown.reset_index(drop=True), max(0, len(active) - len(shown))


def _notes(rows: pd.DataFrame, period: Period) -> list[str]:
    months = rows["month"].nunique()
    notes = [f"{months} month{'s' if months != 1 else ''}, counted whole"]
    first = pd.Timestamp(rows["month"].min())
    if first < period.start:
        notes.append(f"all of {month_label(first)}, not only the days in this period")
    return notes


def series_results(frame: pd.DataFrame, period: Period, source: str) -> list[Result]:
    """Events and fatalities of each series over the months of ``frame`` (already cut to the
    report's months and place). Keys ``<series>_events`` and ``<series>_fatalities``
    (demonstrations: events only). Each result's period runs from the first day of its first
    month to the last day of its last month."""
    results = []
    for series in series_in(frame):
        rows = frame[frame["series"] == series]
        span = months_period(rows["month"])
        notes = _notes(rows, period)
        label = SERIES_LABELS[series]
        results.append(
            Result(
                key=f"{series}_events",
                label=label if series == DEMONSTRATIONS else f"{label} events",
                value=int(rows["events"].sum()),
                unit="events",
                source=source,
                period=span,
                notes=notes,
            )
        )
        if rows["fatalities"].notna().any():
            results.append(
                Result(
                    key=f"{series}_fatalities",
                    label=f"Fatalities in {label.lower()} events",
                    value=int(rows["fatalities"].sum()),
                    unit="deaths",
                    source=source,
                    period=span,
                    notes=notes,
                )
            )
    return results


HEADLINE_KEYS = {
    f"{POLITICAL_VIOLENCE}_fatalities": "deaths",
    f"{CIVILIAN_TARGETING}_fatalities": "civilian_deaths",
    f"{POLITICAL_VIOLENCE}_events": "events",
}


def headlines(frame: pd.DataFrame, period: Period, source: str) -> list[Result]:
    """Results for the situation report: ``deaths`` (fatalities in political violence events),
    ``civilian_deaths`` (fatalities in civilian-targeting events: everyone killed in those
    events, as ACLED counts them) and ``events`` (political violence events), each labelled as
    what it is. A series the file does not hold gives no result."""
    by_key = {r.key: r for r in series_results(frame, period, source)}
    return [
        Result(**{**by_key[old].__dict__, "key": new})
        for old, new in HEADLINE_KEYS.items()
        if old in by_key
    ]


def totals_by_series(frame: pd.DataFrame) -> dict[str, dict[str, int | None]]:
    """Events and fatalities of each series over the whole frame, apart (for ``data summary``):
    ``{"political_violence": {"events": 302, "fatalities": 329}, ...}``; fatalities None for
    demonstrations. Never one total over the series."""
    out = {}
    for series in series_in(frame):
        rows = frame[frame["series"] == series]
        fatalities = rows["fatalities"]
        out[series] = {
            "events": int(rows["events"].sum()),
            "fatalities": int(fatalities.sum()) if fatalities.notna().any() else None,
        }
    return out


def file_months(frame: pd.DataFrame) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The first and last month in the whole file."""
    if frame.empty:
        return None, None
    return pd.Timestamp(frame["month"].min()), pd.Timestamp(frame["month"].max())


def partial_month(as_of: pd.Timestamp | None, rows: pd.DataFrame) -> str | None:
    """The month counted in ``rows`` that the data's as-of date cuts short (the file was
    published before its end), as "January 2025"; None when every month is complete."""
    if as_of is None or rows.empty:
        return None
    as_of = pd.Timestamp(as_of)
    for month in sorted(rows["month"].unique()):
        month = pd.Timestamp(month)
        if month <= as_of < month + pd.offsets.MonthEnd(0):
            return month_label(month)
    return None
