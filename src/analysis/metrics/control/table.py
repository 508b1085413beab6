"""The table of changes: the changes most significant first (provincial capitals, then the most
recent), and how much of a long list is shown and left out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.metrics.control.places import PLACE_KEY, describe_change, place_frame
from analysis.metrics.control.provincial_capitals import is_capital
from analysis.metrics.results import Disclosure
from analysis.metrics.weak_source import disclosure as weak_disclosure
from analysis.metrics.weak_source import is_weak


def ordered_changes(changes: pd.DataFrame, *, capitals_first: bool = True) -> pd.DataFrame:
    """The changes most significant first: with ``capitals_first``, the latest change of each
    provincial capital, then every other change, most recent first; rows of one day in the
    order of the file. Adds ``is_capital`` and ``first_shown`` (the row is a capital's latest
    change, put first)."""
    out = changes.copy()
    if out.empty:
        out["is_capital"] = pd.Series(dtype=bool)
        out["first_shown"] = pd.Series(dtype=bool)
        return out
    out["is_capital"] = is_capital(out).to_numpy()
    out["_row"] = np.arange(len(out))
    out = out.sort_values(["event_date", "_row"], ascending=[False, True], kind="stable")
    latest = ~place_frame(out).duplicated(list(PLACE_KEY), keep="first")
    out["first_shown"] = (out["is_capital"] & latest) if capitals_first else False
    out = out.sort_values("first_shown", ascending=False, kind="stable")
    return out.drop(columns="_row").reset_index(drop=True)


def row_disclosures(rows: pd.DataFrame) -> list[Disclosure | None]:
    """Per row of ``rows`` (changes of control), its weak-source disclosure when it rests on a
    single weak source, else None."""
    return [
        weak_disclosure(rows.iloc[[i]], describe_change) if is_weak(row) else None
        for i, row in enumerate(rows.itertuples(index=False))
    ]


@dataclass(frozen=True)
class Shown:
    """The first rows of a list (:func:`first_rows`) and how many it has in all."""

    rows: pd.DataFrame  # the rows shown
    total: int  # rows of the whole list
    shown: int  # rows shown
    left: int  # rows left out


def first_rows(rows: pd.DataFrame, limit: int) -> Shown:
    """The first ``limit`` rows of ``rows`` (none for a negative limit), how many there are in
    all and how many are left out."""
    head = rows.head(max(0, int(limit)))
    return Shown(rows=head, total=len(rows), shown=len(head), left=len(rows) - len(head))
