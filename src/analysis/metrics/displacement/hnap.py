"""HNAP flows (``IDP_FLOWS``): the months of a period, monthly totals, totals by governorate, the
results of a report's months, and the file's months around a period.

Monthly IDP arrivals and spontaneous returns by governorate of arrival/return. A month belongs to
a period when its last day falls in it, so the months of a year are split between its weeks
without overlap: sub-period totals add up, and a weekly batch shows each month once (in the week
holding its last day), as the figure for the whole month. Arrivals and returns are separate
series and are never added together.
"""

from __future__ import annotations

import pandas as pd

from analysis.metrics.displacement.common import first_last, nearest
from analysis.metrics.results import Message, Period, Result
from analysis.metrics.time import month_end as month_end
from analysis.metrics.time import month_label as month_label
from analysis.metrics.time import months_ending_in as months_ending_in
from analysis.metrics.time import months_period as months_period

HNAP = "OCHA/HNAP IDP Task Force"
FLOWS = ("idp_arrivals", "idp_returns")
"""The two flows, each a value of the ``flow`` column (their words: the catalogue's term
``flow``)."""


def has_fractional(flows: pd.DataFrame) -> bool:
    """True when some figure was published with a fraction (HNAP averages its sources)."""
    return bool((flows["people_count"] % 1 != 0).fillna(False).any())


def monthly_totals(flows: pd.DataFrame) -> pd.DataFrame:
    """People per month, summed over the governorates in ``flows``; one column per flow,
    arrivals and returns apart. A month with no figure for a flow is NA, not zero."""
    if flows.empty:
        return pd.DataFrame(
            {"month": pd.Series(dtype="datetime64[ns]")}
            | {f: pd.Series(dtype="Float64") for f in FLOWS}
        )
    wide = flows.pivot_table(
        index="month", columns="flow", values="people_count", aggfunc="sum", observed=True
    )
    wide = wide.reindex(columns=list(FLOWS)).astype("Float64")
    return wide.reset_index().rename_axis(columns=None).sort_values("month", ignore_index=True)


def totals_by_governorate(flows: pd.DataFrame) -> pd.DataFrame:
    """People per governorate over the months in ``flows``, arrivals and returns apart:
    ``admin1_pcode``, ``admin1_name``, ``idp_arrivals``, ``idp_returns``; most arrivals first."""
    columns = ["admin1_pcode", "admin1_name", *FLOWS]
    if flows.empty:
        return pd.DataFrame(columns=columns)
    wide = flows.pivot_table(
        index=["admin1_pcode", "admin1_name"],
        columns="flow",
        values="people_count",
        aggfunc="sum",
        observed=True,
    )
    wide = wide.reindex(columns=list(FLOWS)).astype("Float64").reset_index()
    wide = wide.sort_values("idp_arrivals", ascending=False, na_position="last", ignore_index=True)
    return wide.rename_axis(columns=None)[columns]


def arrivals_grid(flows: pd.DataFrame) -> pd.DataFrame:
    """Arrivals by governorate (rows, largest total first) and month (columns, every month from
    the first to the last); NaN where no figure was published."""
    arrivals = flows[flows["flow"] == "idp_arrivals"]
    if arrivals.empty:
        return pd.DataFrame()
    wide = arrivals.pivot_table(
        index="admin1_name", columns="month", values="people_count", aggfunc="sum", observed=True
    ).astype(float)
    months = pd.date_range(wide.columns.min(), wide.columns.max(), freq="MS")
    wide = wide.reindex(columns=months)
    return wide.loc[wide.sum(axis=1).sort_values(ascending=False).index]


def hnap_results(flows: pd.DataFrame, period: Period, where: str) -> list[Result]:
    """Arrivals and returns over the months of ``flows`` (already cut to the report's months and
    place), apart, and the busiest month and governorate of arrival.

    Keys: ``idp_arrivals``, ``idp_returns``, ``displaced`` (the arrivals again: the people who
    were displaced and arrived somewhere in the months; returns are not displacement),
    ``idp_arrivals_peak_month``, ``idp_arrivals_top_governorate`` (whole country only).
    """
    results = []
    for flow in FLOWS:
        rows = flows[flows["flow"] == flow]
        if rows.empty:
            continue
        span = months_period(rows["month"])
        count = rows["month"].nunique()
        notes = [Message.of("months_with_figures", months=count)]
        if span.start < period.start:
            notes.append(Message.of("whole_month_figure", month=rows["month"].min()))
        results.append(
            Result(
                key=flow,
                label=Message.of("flow_in", flow=flow, where=where),
                value=float(rows["people_count"].sum()),
                unit="people",
                source=HNAP,
                period=span,
                notes=tuple(notes),
            )
        )
    arrivals = next((r for r in results if r.key == "idp_arrivals"), None)
    if arrivals is not None:
        results.insert(
            0,
            arrivals.relabelled(
                Message.of("idp_arrivals_displaced", where=where),
                Message.of("arrivals_only"),
                key="displaced",
            ),
        )
        per_month = monthly_totals(flows).dropna(subset=["idp_arrivals"])
        if len(per_month) > 1:
            top = per_month.sort_values(["idp_arrivals", "month"], ascending=[False, True]).iloc[0]
            results.append(
                Result(
                    key="idp_arrivals_peak_month",
                    label=Message.of("arrivals_peak_month", month=top["month"]),
                    value=float(top["idp_arrivals"]),
                    unit="people",
                    source=HNAP,
                    period=months_period(pd.Series([top["month"]])),
                )
            )
        by_gov = totals_by_governorate(flows).dropna(subset=["idp_arrivals"])
        if by_gov["admin1_pcode"].nunique() > 1:
            top = by_gov.iloc[0]
            results.append(
                Result(
                    key="idp_arrivals_top_governorate",
                    label=Message.of(
                        "arrivals_top_governorate", governorate=str(top["admin1_name"])
                    ),
                    value=float(top["idp_arrivals"]),
                    unit="people",
                    source=HNAP,
                    period=arrivals.period,
                    notes=(Message.of("governorate_of_arrival"),),
                )
            )
    return results


def flow_months(flows: pd.DataFrame) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """The first and last month each flow has figures for in ``flows``, for the flows that have
    any: arrivals and returns are often published over different months, and must then be
    labelled each with its own."""
    out = {}
    for flow in FLOWS:
        months = flows.loc[flows["flow"] == flow, "month"]
        if len(months):
            out[flow] = (pd.Timestamp(months.min()), pd.Timestamp(months.max()))
    return out


def same_months(flows: pd.DataFrame) -> bool:
    """Arrivals and returns have figures for the same months (or only one of them has any)."""
    sets = [
        set(flows.loc[flows["flow"] == flow, "month"])
        for flow in FLOWS
        if (flows["flow"] == flow).any()
    ]
    return len(sets) < 2 or sets[0] == sets[1]


def last_month(flows: pd.DataFrame) -> pd.Timestamp | None:
    """The latest month in ``flows`` (the as-of month of a report on them); None without rows."""
    return first_last(flows["month"])[1]


def file_months(flows: pd.DataFrame) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The first and last month of a file's figures; None for both without any."""
    return first_last(flows["month"])


def beyond_file(
    month: pd.Timestamp | None, day: pd.Timestamp, *, after: bool
) -> pd.Timestamp | None:
    """The file's last month when ``day`` (the period's end) comes after it, or with
    ``after=False`` its first month when ``day`` (the period's start) comes before it; None
    when the file covers that day or has no month."""
    if month is None:
        return None
    end = month + pd.offsets.MonthEnd(0)
    if (after and day > end) or (not after and day < month):
        return pd.Timestamp(month)
    return None


def nearest_months(
    flows: pd.DataFrame, period: Period
) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The last month ending before the period and the first ending after it (their first days),
    for a report whose period holds no month's end."""
    before, after = nearest(flows["month"], month_end(flows["month"]), period)
    return (
        pd.Timestamp(before) if before is not None else None,
        pd.Timestamp(after) if after is not None else None,
    )
