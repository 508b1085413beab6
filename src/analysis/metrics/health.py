"""Attacks on health care (``HEALTH_ATTACKS``): the incidents of a report, incidents and health
workers affected by month and governorate, and the results a report states.

An incident is in a period when all the days it may have happened on are in it: its day, or its
whole month when the file gives only the month (the SHCC 2020 release). Incidents dated to a
month that is only partly in the period are left out and counted, never put on the 1st.

The publisher says its incidents are neither complete nor representative: every count here is
"at least" what was recorded, and results carry that note.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.metrics.results import Disclosure, Message, Period, Result

SOURCE = "Insecurity Insight / SHCC"
VICTIMS = (
    "health_workers_killed",
    "health_workers_injured",
    "health_workers_kidnapped",
    "health_workers_arrested",
)
"""The kinds of health workers affected, each a column of the file (their words: the
catalogue's term ``health_workers_fate``)."""
FACILITIES = ("facilities_destroyed", "facilities_damaged")
QUALIFIER = "at least"
"""The qualifier of every count (recorded incidents only): a value of the qualifiers' vocabulary
as sources publish it ("at least", "more than"), which a result's text states as it does a
published one."""
CAVEAT = Message.of("recorded_incidents_only")
OTHER_PLACES = "other"
"""The code of the governorates not named in :func:`monthly_by_governorate` (the rest)."""
UNKNOWN_PLACE = "unknown"
"""The code of the incidents the file gives no governorate for, in the frames by governorate
(their words, and those of :data:`OTHER_PLACES`: the catalogue's term ``health_place``)."""


@dataclass(frozen=True)
class Selection:
    """The incidents of a report and what was left out of it, and why.

    ``national`` is True when a governorate was asked of a file that gives no governorate at
    all: the incidents are then the whole country's (the file cannot be split by governorate),
    never an empty selection read as "no incident in this governorate"."""

    incidents: pd.DataFrame
    month_only_left_out: int  # dated only to a month that is partly outside the period
    no_governorate: int  # in the period without a governorate (not in a governorate's report)
    national: bool = False
    where: str | None = None  # the governorate asked for (its name), when one was

    def disclosures(self) -> tuple[Disclosure, ...]:
        """What the counts of :attr:`incidents` leave out or cannot say (``crossing``: dated only
        to a month partly outside the period; ``unplaced``: without a governorate, or a file that
        gives none)."""
        found = []
        if self.month_only_left_out:
            found.append(
                Disclosure.of(
                    "crossing", events=self.month_only_left_out, deaths=None, unit="incidents"
                )
            )
        if self.national:
            found.append(
                Disclosure.of(
                    "unplaced",
                    events=len(self.incidents),
                    deaths=None,
                    unit="incidents",
                    where=self.where,
                    whole_file=True,
                )
            )
        elif self.no_governorate:
            found.append(
                Disclosure.of(
                    "unplaced",
                    events=self.no_governorate,
                    deaths=None,
                    unit="incidents",
                    where=self.where,
                    whole_file=False,
                )
            )
        return tuple(found)


def last_day(frame: pd.DataFrame) -> pd.Series:
    """The last day each incident may have happened on: its day, or its month's last day."""
    month = frame["date_precision"].astype("string") == "month"
    return frame["event_date"].where(~month, frame["event_date"] + pd.offsets.MonthEnd(0))


def select(
    frame: pd.DataFrame, period: Period, pcode: str | None = None, where: str | None = None
) -> Selection:
    """The incidents wholly inside ``period`` (and in governorate ``pcode`` when given, named
    ``where``). A file that gives no governorate at all cannot be split: for a governorate it
    selects the whole country's incidents, marked ``national``."""
    first, last = frame["event_date"], last_day(frame)
    inside = (first >= period.start) & (last < period.stop)
    touches = (last >= period.start) & (first < period.stop)
    national = pcode is not None and not has_governorates(frame)
    mine = pd.Series(True, index=frame.index)
    unplaced = 0
    if pcode is not None and not national:
        unplaced = int((inside & frame["admin1_pcode"].isna()).sum())
        mine = (frame["admin1_pcode"] == pcode).fillna(False).astype(bool)
    month_only = int((touches & ~inside & mine).sum())
    return Selection(frame[inside & mine], month_only, unplaced, national, where)


def has_governorates(frame: pd.DataFrame) -> bool:
    return bool(frame["admin1_pcode"].notna().any())


def _sum(values: pd.Series) -> int | None:
    """The sum of a count column; None when the file has no such column (all NA)."""
    total = values.sum(min_count=1)
    return None if pd.isna(total) else int(total)


def monthly(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Incidents and health workers affected per month: ``month`` (first day), ``incidents``,
    one column per kind in :data:`VICTIMS` (NA when the file does not count that kind); every
    month of the period, with 0 incidents where none was recorded."""
    months = pd.date_range(period.start.replace(day=1), period.end, freq="MS", name="month")
    grouped = frame.assign(month=frame["event_date"].dt.to_period("M").dt.to_timestamp())
    counts = grouped.groupby("month").size().reindex(months, fill_value=0)
    out = pd.DataFrame({"month": months, "incidents": counts.to_numpy()})
    for kind in VICTIMS:
        if frame[kind].notna().any():
            sums = grouped.groupby("month")[kind].sum().reindex(months, fill_value=0)
            out[kind] = sums.astype("Int64").to_numpy()
        else:
            out[kind] = pd.array([pd.NA] * len(months), dtype="Int64")
    return out


def monthly_by_governorate(frame: pd.DataFrame, period: Period, top: int = 6) -> pd.DataFrame:
    """Incidents per month and governorate, tidy: ``month``, ``governorate``, ``incidents``.

    The ``top`` governorates with most incidents are named (as published), the rest are
    :data:`OTHER_PLACES`; incidents the file gives no governorate for are :data:`UNKNOWN_PLACE`.
    Every month of the period is present for each governorate shown (0 where none)."""
    months = pd.date_range(period.start.replace(day=1), period.end, freq="MS")
    names = frame["admin1_name"].astype("string")
    ranking = names.dropna().value_counts()
    named = set(ranking.index[:top])
    place = names.where(names.isin(named), OTHER_PLACES).where(names.notna(), UNKNOWN_PLACE)
    month = frame["event_date"].dt.to_period("M").dt.to_timestamp()
    counts = pd.DataFrame({"month": month, "governorate": place}).value_counts()
    order = [n for n in ranking.index if n in named]
    order += [p for p in (OTHER_PLACES, UNKNOWN_PLACE) if p in set(place)]
    index = pd.MultiIndex.from_product([months, order], names=["month", "governorate"])
    counts = counts.reindex(index, fill_value=0)
    return counts.rename("incidents").reset_index()


def by_governorate(frame: pd.DataFrame) -> pd.DataFrame:
    """Incidents and health workers affected per governorate, most incidents first, the
    incidents without a governorate last: ``governorate`` (as published, or
    :data:`UNKNOWN_PLACE`), ``incidents``, :data:`VICTIMS`."""
    place = frame["admin1_name"].astype("string").fillna(UNKNOWN_PLACE)
    grouped = frame.assign(governorate=place).groupby("governorate")
    out = grouped.size().rename("incidents").to_frame()
    for kind in VICTIMS:
        out[kind] = grouped[kind].sum(min_count=1).astype("Int64")
    out = out.reset_index()
    out["unknown"] = out["governorate"] == UNKNOWN_PLACE
    out = out.sort_values(["unknown", "incidents", "governorate"], ascending=[True, False, True])
    return out.drop(columns="unknown").reset_index(drop=True)


def victims_by_kind(frame: pd.DataFrame) -> pd.DataFrame:
    """Health workers affected by kind: ``kind`` (a code of :data:`VICTIMS`), ``people`` (NA when
    the file does not count that kind)."""
    return pd.DataFrame(
        {
            "kind": list(VICTIMS),
            "people": pd.array([_sum(frame[k]) for k in VICTIMS], dtype="Int64"),
        }
    )


def results(
    frame: pd.DataFrame,
    period: Period,
    where: str,
    disclosures: tuple[Disclosure, ...] = (),
) -> list[Result]:
    """Incidents, health workers killed, injured, kidnapped, arrested and attacks on facilities
    in ``frame`` (already the report's incidents), each with ``disclosures`` (those of its
    :class:`Selection`).

    Keys: ``health_incidents``, ``health_workers_killed`` .. ``health_workers_arrested``,
    ``facilities_destroyed``, ``facilities_damaged``. A kind the file does not count is left out;
    every count is "at least" (recorded incidents only)."""
    out = [
        Result(
            key="health_incidents",
            label=Message.of("health_incidents", where=where),
            value=len(frame),
            unit="incidents",
            source=SOURCE,
            qualifier=QUALIFIER,
            period=period,
            notes=(CAVEAT,),
            disclosures=disclosures,
        )
    ]
    for kind in VICTIMS:
        total = _sum(frame[kind])
        if total is None:
            continue
        out.append(
            Result(
                key=kind,
                label=Message.of("health_workers", kind=kind),
                value=total,
                unit="people",
                source=SOURCE,
                qualifier=QUALIFIER if total else None,
                period=period,
                notes=(Message.of("in_recorded_incidents"),),
                disclosures=disclosures,
            )
        )
    for kind in FACILITIES:
        total = _sum(frame[kind])
        if total is None:
            continue
        out.append(
            Result(
                key=kind,
                label=Message.of("facilities", kind=kind),
                value=total,
                unit="incidents",
                source=SOURCE,
                qualifier=QUALIFIER if total else None,
                period=period,
                notes=(Message.of("in_recorded_incidents"),),
                disclosures=disclosures,
            )
        )
    return out


def busiest_month(monthly_frame: pd.DataFrame) -> tuple[pd.Timestamp, int] | None:
    """The month with most incidents (the earliest on a tie); None without incidents."""
    rows = monthly_frame[monthly_frame["incidents"] > 0]
    if rows.empty:
        return None
    top = rows.sort_values(["incidents", "month"], ascending=[False, True]).iloc[0]
    return pd.Timestamp(top["month"]), int(top["incidents"])


def file_span(frame: pd.DataFrame) -> Period | None:
    """The first to the last day the file's incidents may have happened on."""
    if frame.empty:
        return None
    return Period(frame["event_date"].min(), last_day(frame).max())
