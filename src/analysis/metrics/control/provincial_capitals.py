"""Provincial capitals among the changes: a place named like its own governorate (gazetteer
lookup of the place name gives the row's P-code), which changed hands and when."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import gazetteer
from analysis.metrics.control.places import (
    PLACE_KEY,
    describe_change,
    in_date_order,
    only_weakly_sourced,
)
from analysis.metrics.results import Message, Period, Result
from analysis.metrics.weak_source import disclosed


def is_capital(changes: pd.DataFrame) -> pd.Series:
    """True for the rows whose place is a provincial capital (named like its own governorate)."""
    if changes.empty:
        return pd.Series(dtype=bool, index=changes.index)
    keys = changes[list(PLACE_KEY)].drop_duplicates()
    found = {
        (place, pcode): pd.notna(place)
        and pd.notna(pcode)
        and gazetteer.lookup(str(place)) == str(pcode)
        for place, pcode in keys.itertuples(index=False)
    }
    mask = [found[(p, c)] for p, c in changes[list(PLACE_KEY)].itertuples(index=False)]
    return pd.Series(np.asarray(mask, dtype=bool), index=changes.index)


def capitals(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes whose place is a provincial capital (named like its own governorate)."""
    if changes.empty:
        return changes
    return changes[is_capital(changes)]


def recent_capitals(held: pd.DataFrame) -> pd.DataFrame:
    """The places of :func:`analysis.metrics.control.holder_at` that are provincial capitals
    with coordinates whose last change is recent (``age``): the places a map names."""
    return capitals(held[(held["age"] == "recent") & held["has_coordinates"]])


def capital_names(changes: pd.DataFrame) -> list[str]:
    """Provincial capitals among the changes, in the order they first changed hands."""
    found = in_date_order(capitals(changes))
    return list(dict.fromkeys(str(p) for p in found["place"]))


def capitals_changed(changes: pd.DataFrame, period: Period, source: str) -> Result | None:
    """Key ``capitals_changed``: provincial capitals that changed hands in the period, their
    names (in order of first change) in the notes; None when none did."""
    names = capital_names(changes)
    if not names:
        return None
    result = Result(
        key="capitals_changed",
        label=Message.of("capitals_changed"),
        value=len(names),
        unit="places",
        source=source,
        period=period,
        notes=(Message.of("place_names", names=tuple(names)),),
    )
    rows = only_weakly_sourced(capitals(changes))
    return disclosed(result, rows, describe_change, of=len(names))
