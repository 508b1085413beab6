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
from analysis.metrics.results import Disclosure, Message, Period, Result
from analysis.metrics.time import month_end as month_end
from analysis.metrics.time import month_label as month_label
from analysis.metrics.time import months_ending_in as months_ending_in
from analysis.metrics.time import months_period as months_period

POLITICAL_VIOLENCE, CIVILIAN_TARGETING, DEMONSTRATIONS = AGGREGATE_SERIES
"""The series' codes; their words are the catalogue's ``series`` term."""
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


def _notes(months: int) -> tuple[Message, ...]:
    return (Message.of("months_counted_whole", months=months),)


def period_span(period: Period) -> Period | None:
    """From the first day of the first month to the last day of the last month whose last day
    falls in ``period`` (the months a report on monthly counts holds); None when none does."""
    first = period.start.to_period("M").to_timestamp()
    if first + pd.offsets.MonthEnd(0) > period.end:
        first = first + pd.offsets.MonthBegin(1)
    last = (period.end + pd.Timedelta(days=1)).to_period("M").to_timestamp() - pd.Timedelta(days=1)
    if last < first:
        return None
    return Period(first, last)


def month_disclosures(
    months: list[pd.Timestamp],
    period: Period,
    *,
    as_of: pd.Timestamp | None = None,
    last_month: pd.Timestamp | None = None,
) -> tuple[Disclosure, ...]:
    """The disclosures of a total over ``months`` (first days) counted whole for ``period``:

    - ``whole_month``: the first month starts before the period, and is counted whole;
    - ``partial_month``: a month the file runs only partly into: the month holding ``as_of``
      (the file's as-of date, when its name gives one, as HDX names ACLED's aggregates), or,
      when the file gives no date, its ``last_month``, which may be partial.
    """
    found = []
    months = sorted(pd.Timestamp(m) for m in months)
    if months and months[0] < period.start:
        found.append(Disclosure.of("whole_month", month=months[0], start=period.start))
    for month in months:
        end = month + pd.offsets.MonthEnd(0)
        if as_of is not None and month <= as_of < end:
            days = (pd.Timestamp(as_of) - month).days + 1
            found.append(
                Disclosure.of(
                    "partial_month",
                    month=month,
                    as_of=pd.Timestamp(as_of),
                    days=days,
                    month_days=end.day,
                )
            )
        elif as_of is None and last_month is not None and month == pd.Timestamp(last_month):
            found.append(
                Disclosure.of(
                    "partial_month", month=month, as_of=None, days=None, month_days=end.day
                )
            )
    return tuple(found)


def series_results(
    frame: pd.DataFrame,
    period: Period,
    source: str,
    *,
    as_of: pd.Timestamp | None = None,
    last_month: pd.Timestamp | None = None,
    series: list[str] | None = None,
    fatalities: set[str] | None = None,
) -> list[Result]:
    """Events and fatalities of each series over the months of ``frame`` (already cut to the
    report's months and place). Keys ``<series>_events`` and ``<series>_fatalities``
    (demonstrations: events only). Each result's period runs from the first day of its first
    month to the last day of its last month; each carries the disclosures of its months
    (:func:`month_disclosures`: ``as_of`` the file's as-of date, ``last_month`` its last month).
    ``series`` and ``fatalities`` (the series the whole file holds, and those with fatalities)
    give a series with no row here a zero rather than nothing."""
    results = []
    fatalities = fatalities if fatalities is not None else set()
    for name in series_in(frame) if series is None else series:
        rows = frame[frame["series"] == name]
        span = months_period(rows["month"]) if len(rows) else period_span(period) or period
        months = sorted(pd.Timestamp(m) for m in rows["month"].unique())
        common = {
            "source": source,
            "period": span,
            "notes": _notes(len(months)),
            "disclosures": month_disclosures(months, period, as_of=as_of, last_month=last_month),
        }
        results.append(
            Result(
                key=f"{name}_events",
                label=Message.of("series_events", series=name),
                value=int(rows["events"].sum()),
                unit="events",
                **common,
            )
        )
        if rows["fatalities"].notna().any() or name in fatalities:
            results.append(
                Result(
                    key=f"{name}_fatalities",
                    label=Message.of("series_fatalities", series=name),
                    value=int(rows["fatalities"].sum()),
                    unit="deaths",
                    **common,
                )
            )
    return results


HEADLINE_KEYS = {
    f"{POLITICAL_VIOLENCE}_fatalities": "deaths",
    f"{CIVILIAN_TARGETING}_fatalities": "civilian_deaths",
    f"{POLITICAL_VIOLENCE}_events": "events",
}
CIVILIAN_NOTE = Message.of("civilian_targeting_fatalities")


def _headlines(results: list[Result]) -> dict[str, Result]:
    by_key = {r.key: r for r in results}
    out = {}
    for old, new in HEADLINE_KEYS.items():
        if old in by_key:
            found = by_key[old].renamed(new)
            if new == "civilian_deaths":
                found = found.with_notes(CIVILIAN_NOTE)
            out[new] = found
    return out


def headlines(frame: pd.DataFrame, period: Period, source: str, **given: object) -> list[Result]:
    """Results for the situation report: ``deaths`` (fatalities in political violence events),
    ``civilian_deaths`` (fatalities in civilian-targeting events: everyone killed in those
    events, as ACLED counts them) and ``events`` (political violence events), each labelled as
    what it is, with its disclosures (``given``: ``as_of``, ``last_month``, see
    :func:`series_results`). A series the file does not hold gives no result."""
    return list(_headlines(series_results(frame, period, source, **given)).values())


def area_headlines(
    frame: pd.DataFrame,
    period: Period,
    source: str,
    areas: tuple[str, ...],
    **given: object,
) -> dict[str, dict[str, Result]]:
    """:func:`headlines` by key for the whole of ``frame`` ("all") and for each governorate of
    ``areas`` (pcodes), from the months of ``frame`` that end in ``period``: the trends
    report's counts. A series the file holds but an area has no row of counts 0 there."""
    rows = months_ending_in(frame, period)
    series = series_in(frame)
    fatalities = {s for s in series if frame.loc[frame["series"] == s, "fatalities"].notna().any()}
    options = {"series": series, "fatalities": fatalities, **given}
    out = {"all": _headlines(series_results(rows, period, source, **options))}
    pcodes = rows["admin1_pcode"].astype("string")
    for area in areas:
        mine = rows[(pcodes == area).fillna(False).to_numpy(dtype=bool)]
        out[area] = _headlines(series_results(mine, period, source, **options))
    return out


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
