"""How much to trust the event file: exact duplicates dropped, impossible dates (kept as
published), provisional figures (UCDP Candidate events), events by date and place precision, and
notes on values worth a reader's attention (the data summary's: messages of the catalogue's
``notes.yaml``).
"""

from __future__ import annotations

import pandas as pd

from analysis.data.schema import DATE_PRECISIONS, PLACE_PRECISIONS
from analysis.metrics.casualties.events import sum_of
from analysis.metrics.results import Message, Result


def copies_dropped(events: pd.DataFrame, source: str) -> Result:
    """Exact duplicate rows (same id, identical values) the reader dropped from the file."""
    return Result(
        key="copies_dropped",
        label=Message.of("copies_dropped"),
        value=sum_of(events["copies_dropped"].fillna(0)),
        unit="events",
        source=source,
    )


def provisional(events: pd.DataFrame, source: str) -> Result | None:
    """Events whose figures are provisional (the reader marks every row of a UCDP Candidate
    file so), with their deaths as a note; None when no event is. Read from the frame's
    ``provisional`` column, never from the source's name."""
    if "provisional" not in events or events.empty:
        return None
    marked = events["provisional"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    if not marked.any():
        return None
    deaths = sum_of(events.loc[marked, "deaths_best"]) if "deaths_best" in events else None
    return Result(
        key="provisional_events",
        label=Message.of("provisional_events"),
        value=int(marked.sum()),
        unit="events",
        source=source,
        notes=(
            Message.of("provisional_until_release"),
            *([] if deaths is None else [Message.of("deaths_in_these_events", deaths=deaths)]),
        ),
    )


def date_quality(events: pd.DataFrame, source: str, today: pd.Timestamp | None = None) -> dict:
    """Counts of impossible dates, kept as published: events dated in the future, and events
    dated after the day the source recorded them (ACLED ``timestamp``)."""
    today = pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today)
    future = events["date_earliest"] > today
    after_record = (events["date_earliest"] > events["recorded_date"]).fillna(False)
    return {
        "future": Result(
            key="events_dated_in_future",
            label=Message.of("events_dated_in_future"),
            value=int(future.sum()),
            unit="events",
            source=source,
            as_of=today,
        ),
        "after_record": Result(
            key="events_dated_after_record",
            label=Message.of("events_dated_after_record"),
            value=int(after_record.sum()),
            unit="events",
            source=source,
        ),
    }


def by_precision(events: pd.DataFrame, column: str) -> pd.DataFrame:
    """Events and deaths by ``date_precision`` or ``place_precision`` (the codes of
    :data:`~analysis.data.schema.DATE_PRECISIONS` and ``PLACE_PRECISIONS``), finest first; a
    last row with no code (NA) for events whose file gives none. For dates, ``days_min`` and
    ``days_max`` are the shortest and longest spans of each code (a UCDP "month" may be 8 days)
    and ``calendar_months`` whether every span of the code is one whole calendar month."""
    order = DATE_PRECISIONS if column == "date_precision" else PLACE_PRECISIONS
    codes = events[column].astype("string")
    days = (events["date_latest"] - events["date_earliest"]).dt.days + 1
    whole = (events["date_earliest"].dt.is_month_start) & (
        events["date_latest"] == events["date_earliest"] + pd.offsets.MonthEnd(0)
    )
    table = (
        events.assign(_code=codes, _days=days, _whole=whole.fillna(False))
        .groupby("_code", observed=True, dropna=False)
        .agg(
            events=("deaths_best", "size"),
            deaths_best=("deaths_best", "sum"),
            days_min=("_days", "min"),
            days_max=("_days", "max"),
            calendar_months=("_whole", "all"),
        )
    )
    # known codes in their order, then no code; a code neither list has is left out
    rank = [
        len(order) if pd.isna(code) else order.index(code) if code in order else -1
        for code in table.index
    ]
    table = table.assign(_rank=rank)
    table = table[table["_rank"] >= 0].sort_values("_rank", kind="stable").drop(columns="_rank")
    table.index.name = column
    table = table.reset_index()
    table["deaths_best"] = table["deaths_best"].astype("Int64")
    return table


def quality_notes(frame: pd.DataFrame) -> list[Message]:
    """Notes on values kept as published but worth a reader's attention (the data summary's),
    as messages of the catalogue's ``notes.yaml``."""
    notes = []
    if {"deaths_low", "deaths_best", "deaths_high"} <= set(frame.columns):
        low_above = int((frame["deaths_low"] > frame["deaths_best"]).fillna(False).sum())
        high_below = int((frame["deaths_high"] < frame["deaths_best"]).fillna(False).sum())
        if low_above:
            notes.append(Message.of("quality_low_above_best", events=low_above))
        if high_below:
            notes.append(Message.of("quality_high_below_best", events=high_below))
    if "admin1_pcode" in frame.columns:
        missing = frame["admin1_pcode"].isna()
        if missing.any():
            deaths = None
            if "deaths_best" in frame.columns:
                deaths = sum_of(frame.loc[missing, "deaths_best"])
            notes.append(
                Message.of("quality_no_governorate", rows=int(missing.sum()), deaths=deaths)
            )
    if "copies_dropped" in frame.columns:
        dropped = sum_of(frame["copies_dropped"].fillna(0))
        if dropped:
            notes.append(Message.of("quality_copies_dropped", rows=dropped))
    found = provisional(frame, "")
    if found is not None:
        notes.append(Message.of("quality_provisional", marked=found.value, events=len(frame)))
    if {"date_earliest", "recorded_date"} <= set(frame.columns):
        found = date_quality(frame, "")
        if found["future"].value:
            notes.append(Message.of("quality_dated_in_future", events=found["future"].value))
        if found["after_record"].value:
            notes.append(
                Message.of("quality_dated_after_record", events=found["after_record"].value)
            )
    return notes
