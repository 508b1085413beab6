"""The pace of changes of control: changes and places per time bin and gaining role, and the
busiest bin."""

from __future__ import annotations

import pandas as pd

from analysis import factions
from analysis.metrics.control.places import (
    PLACE_KEY,
    describe_change,
    empty,
    place_frame,
    roles_added,
)
from analysis.metrics.results import Message, Period, Result
from analysis.metrics.time import bin_span, bin_start, bins
from analysis.metrics.weak_source import disclosed


def changes_by_bin(changes: pd.DataFrame, period: Period, freq: str) -> pd.DataFrame:
    """Changes of control per time bin of ``period`` (``freq`` from
    :func:`analysis.metrics.time.granularity`) and gaining role.

    Columns ``bin_start``, ``gaining_role``, ``changes`` (rows: they add up to the period's
    changes of control) and ``places`` (distinct places that role gained in the bin). Every bin
    of the period is present for every role that gains anything, with 0 where nothing changed
    hands, so a chart shows lulls. Rows outside the period are not counted.
    """
    columns = ["bin_start", "gaining_role", "changes", "places"]
    inside = changes[
        (changes["event_date"] >= period.start) & (changes["event_date"] < period.stop)
    ]
    if inside.empty:
        return empty(columns)
    rows = place_frame(roles_added(inside))
    rows["bin_start"] = bin_start(rows["event_date"], freq)
    keys = ["bin_start", "gaining_role"]
    counts = pd.DataFrame(
        {
            "changes": rows.groupby(keys).size(),
            "places": rows.drop_duplicates([*keys, *PLACE_KEY]).groupby(keys).size(),
        }
    )
    present = factions.in_legend_order(rows["gaining_role"].unique())
    full = pd.MultiIndex.from_product([bins(period, freq), present], names=keys)
    table = counts.reindex(full, fill_value=0).reset_index()
    table[["changes", "places"]] = table[["changes", "places"]].astype(int)
    return table[columns]


def busiest_bin(changes: pd.DataFrame, period: Period, freq: str, source: str) -> Result | None:
    """Key ``busiest_bin``: the bin with the most changes of control (the earliest on a tie);
    its period is the bin cut to the report's period; the note gives its distinct places.
    None when the period has no change."""
    inside = changes[
        (changes["event_date"] >= period.start) & (changes["event_date"] < period.stop)
    ]
    if inside.empty:
        return None
    rows = place_frame(inside)
    rows["bin_start"] = bin_start(rows["event_date"], freq)
    per = rows.groupby("bin_start").size()
    start = per.idxmax()
    in_bin = rows[rows["bin_start"] == start]
    n_places = len(in_bin[list(PLACE_KEY)].drop_duplicates())
    result = Result(
        key="busiest_bin",
        label=Message.of("busiest_bin", freq=freq),
        value=int(per.max()),
        unit="changes",
        source=source,
        period=bin_span(start, freq, period),
        notes=(Message.of("places_count", places=n_places),),
    )
    return disclosed(result, in_bin, describe_change, of=len(in_bin))
