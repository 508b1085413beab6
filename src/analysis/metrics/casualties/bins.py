"""Deaths per day, week, month or year: the bins of a period and the events drawn apart.

An event whose whole span lies in one bin is drawn in that bin; an event whose span covers
several bins is never drawn on its first day but apart, over its whole span
(:func:`deaths_by_bin`, stated by :func:`drawn_apart`). Bins plus the events apart make the
period's total (:func:`~analysis.metrics.casualties.events.deaths`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.metrics import time as timebins
from analysis.metrics.casualties.events import DEATH_COLUMNS, Subset, counted, subset
from analysis.metrics.results import Period

BIN_DAYS = {"D": 1.0, "W": 7.0, "M": 365.25 / 12, "Y": 365.25}
"""Days in a bin of each granularity (an average month and year), for averages per bin."""


def _in_one_bin(rows: pd.DataFrame, freq: str) -> np.ndarray:
    """Whether each of ``rows`` has its whole span inside one bin of ``freq``."""
    first = timebins.bin_start(rows["date_earliest"], freq)
    last = timebins.bin_start(rows["date_latest"], freq)
    return (first == last).to_numpy(dtype=bool)


def deaths_by_bin(
    events: pd.DataFrame, period: Period, freq: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deaths per bin of ``period`` and the events drawn apart.

    Returns ``(bins, apart)``. ``bins`` has every bin of the period (``bin_start``, ``events``
    and the death columns; zero where nothing happened) with the counted events whose whole span
    lies in that bin. ``apart`` has the counted events whose span covers several bins, grouped by
    span (``date_earliest``, ``date_latest``, ``date_precision``: NA when not given, ``events``,
    deaths, ``days`` the span's length, and ``per_bin`` its deaths spread evenly over its days,
    per bin of ``freq``: the height at which a chart with the bins' scale draws the span, so
    that it reads as what it is, an average per day, week, month or year): they are never put on
    their first day. ``bins`` and ``apart`` together add up to :func:`deaths`.
    """
    rows = counted(events, period)
    one_bin = _in_one_bin(rows, freq)
    columns = [c for c in DEATH_COLUMNS if rows[c].notna().any()] or ["deaths_best"]
    inside = rows[one_bin].assign(events=1)
    binned = timebins.totals_by_bin(inside, "date_earliest", ["events", *columns], period, freq)
    binned["events"] = binned["events"].astype("Int64")
    spread = rows[~one_bin]
    apart = (
        spread.assign(events=1, date_precision=spread["date_precision"].astype("string"))
        .groupby(["date_earliest", "date_latest", "date_precision"], observed=True, dropna=False)[
            ["events", *columns]
        ]
        .sum(min_count=1)
        .reset_index()
        .sort_values(["date_earliest", "date_latest"], ignore_index=True)
    )
    days = (apart["date_latest"] - apart["date_earliest"]).dt.days + 1
    apart["days"] = days.astype("int64")
    apart["per_bin"] = apart["deaths_best"].astype("Float64") * BIN_DAYS[freq] / days
    return binned, apart


def drawn_apart(events: pd.DataFrame, period: Period, freq: str, source: str) -> Subset:
    """The counted events whose span covers several bins of ``freq`` (the ``apart`` frame of
    :func:`deaths_by_bin`), stated as how many events and their deaths."""
    rows = counted(events, period)
    spread = rows[~_in_one_bin(rows, freq)]
    return subset(spread, "drawn_apart", source, period)
