"""Which events a period counts, and the totals stated from them.

The counting rules, following the data producers' guidance that an event's date is only as
precise as its precision code says: an event counts in a period when its whole span
(``date_earliest``..``date_latest``) lies inside the period (:func:`counted`); an event whose
span crosses the period's first or last day is not counted and is reported apart
(:func:`spanning`); events with no governorate count in national totals only
(:func:`no_governorate`). Totals are :class:`~analysis.metrics.results.Result` values made once
by :func:`period_results`, each carrying its disclosures (events crossing the period's edges,
no governorate, coarse dates and places, provisional figures, what the file covers); a set of
events set apart is a :class:`Subset` (how many events, and their deaths).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.data.schema import PLACE_PRECISIONS
from analysis.metrics.casualties.coverage import EventCoverage, civilians_known, has_range
from analysis.metrics.results import Disclosure, Message, Period, Result

DEATH_COLUMNS = ("deaths_best", "deaths_low", "deaths_high")


# --- which events a period holds ------------------------------------------------------------


def inside(earliest: Any, latest: Any, start: Any, stop: Any) -> Any:
    """The counting rule, the one place it is written: whether each span ``earliest``..``latest``
    (both days included) lies wholly in the days from ``start`` up to ``stop`` (excluded), so
    that the event counts there. Works alike on frame columns of timestamps with a period's
    bounds (:func:`counted`) and on arrays of day numbers, with one pair of bounds or one per
    span (the trends' windows and bins, :mod:`analysis.metrics.trends.days`)."""
    return (earliest >= start) & (latest < stop)


def counted_mask(events: pd.DataFrame, period: Period) -> pd.Series:
    """Which of ``events`` count in ``period`` (:func:`inside`), as a boolean column."""
    return inside(events["date_earliest"], events["date_latest"], period.start, period.stop)


def overlapping(events: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Events whose span shares at least one day with ``period`` (counted or not)."""
    keep = (events["date_latest"] >= period.start) & (events["date_earliest"] < period.stop)
    return events[keep]


def counted(events: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Events whose whole span lies inside ``period``: the events a period's totals count."""
    return events[counted_mask(events, period)]


def spanning_edges(events: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Events that overlap ``period`` but whose span reaches outside it: not counted in it."""
    shared = overlapping(events, period)
    return shared[~counted_mask(shared, period)]


def has_sides(events: pd.DataFrame) -> bool:
    """Whether the source splits deaths by side (UCDP ``deaths_a``/``deaths_b``...)."""
    return bool(events["deaths_side_a"].notna().any())


def sum_of(values: pd.Series) -> int:
    """The integer total of ``values``, missing values skipped (0 when none is given)."""
    return int(values.astype("Float64").sum(min_count=0))


def last_day(events: pd.DataFrame) -> pd.Timestamp | None:
    """The last day of the data shown: the latest day any of ``events`` may have happened on."""
    if events.empty:
        return None
    return pd.Timestamp(events["date_latest"].max())


# --- headline results -----------------------------------------------------------------------

COARSE_PLACES = PLACE_PRECISIONS[PLACE_PRECISIONS.index("district") :]
"""Place precisions coarser than a place (district, governorate and wider: codes of
:data:`~analysis.data.schema.PLACE_PRECISIONS`): the event cannot be put on a map at a point."""
ALL = "all"


def _kinds(coverage: EventCoverage | None) -> tuple[str, ...]:
    return () if coverage is None else coverage.noun_kinds


def _share(part: int, total: int) -> float | None:
    return None if not total else part * 100 / total


def _numbers(values: pd.Series) -> np.ndarray:
    return values.astype("Float64").to_numpy(dtype=np.float64, na_value=0.0)


def weights(rows: pd.DataFrame, civilians: str | None) -> dict[str, np.ndarray]:
    """What each event adds to the counts, the one place it is written (a missing figure adds
    0): ``events`` 1, ``deaths`` its best estimate, ``deaths_low`` and ``deaths_high`` its range,
    ``civilian_deaths`` UCDP's ``deaths_civilians`` or, for ACLED (``civilians`` "acled"), the
    deaths of an event flagged as civilian targeting, and ``civilian_events`` that flag."""
    best = _numbers(rows["deaths_best"])
    flag = rows["civilian_targeting"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    ucdp = civilians == "ucdp"
    civil = _numbers(rows["deaths_civilians"]) if ucdp else np.where(flag, best, 0.0)
    return {
        "events": np.ones(len(rows)),
        "deaths": best,
        "deaths_low": _numbers(rows["deaths_low"]),
        "deaths_high": _numbers(rows["deaths_high"]),
        "civilian_deaths": civil,
        "civilian_events": flag.astype(np.float64),
    }


ROW_COLUMNS = (
    "admin1_pcode",
    "deaths_best",
    "deaths_low",
    "deaths_high",
    "deaths_civilians",
    "civilian_targeting",
    "date_earliest",
    "date_latest",
    "place_precision",
    "provisional",
)
"""The columns the totals and their disclosures read (:class:`_Rows`)."""


@dataclass(frozen=True)
class _Rows:
    """What the totals and their disclosures read of a set of events, as arrays (computed once
    per period, then picked by area with boolean masks: a trends report states 15 areas)."""

    pcode: np.ndarray  # admin1_pcode as text, "" for none
    deaths: np.ndarray
    low: np.ndarray
    high: np.ndarray
    civilians: np.ndarray  # UCDP deaths_civilians; ACLED: deaths of civilian-targeting events
    targeted: np.ndarray  # ACLED's civilian-targeting flag
    coarse_date: np.ndarray
    coarse_place: np.ndarray
    provisional: np.ndarray
    latest: np.ndarray  # date_latest, datetime64[ns]
    codes: np.ndarray  # admin1_pcode as a number (an index into ``places``)
    places: dict[str, int]  # admin1_pcode -> its number ("" for none)

    @classmethod
    def of(cls, rows: pd.DataFrame, civilians: str | None) -> _Rows:
        given = weights(rows, civilians)
        places = rows["place_precision"].astype("string")
        pcode = rows["admin1_pcode"].astype("string").fillna("").to_numpy(dtype=object)
        codes, names = pd.factorize(pcode)
        return cls(
            pcode=pcode,
            deaths=given["deaths"],
            low=given["deaths_low"],
            high=given["deaths_high"],
            civilians=given["civilian_deaths"],
            targeted=given["civilian_events"].astype(bool),
            coarse_date=(rows["date_latest"] > rows["date_earliest"]).to_numpy(dtype=bool),
            coarse_place=places.isin(COARSE_PLACES).fillna(False).to_numpy(dtype=bool),
            provisional=rows["provisional"].astype("boolean").fillna(False).to_numpy(dtype=bool),
            latest=rows["date_latest"].to_numpy(dtype="datetime64[ns]"),
            codes=codes,
            places={str(name): i for i, name in enumerate(names)},
        )

    @classmethod
    def read(cls, events: pd.DataFrame, picked: np.ndarray, civilians: str | None) -> _Rows:
        """The rows of ``events`` that ``picked`` (a boolean array) selects, reading only the
        columns the totals need (a file of a million events has many more)."""
        columns = [events.columns.get_loc(c) for c in ROW_COLUMNS]
        return cls.of(events.iloc[np.flatnonzero(picked), columns], civilians)

    def mask(self, pcode: str | None) -> np.ndarray:
        """Every row (None), or the rows of one governorate."""
        if pcode is None:
            return np.ones(len(self.pcode), dtype=bool)
        return self.codes == self.places.get(pcode, -2)

    def count(self, mask: np.ndarray, column: str = "deaths") -> tuple[int, int]:
        """How many rows ``mask`` picks, and their sum of ``column`` (a whole number)."""
        return int(mask.sum()), int(np.rint(getattr(self, column)[mask].sum()))


def disclosures(
    rows: _Rows,
    mine: np.ndarray,
    crossing: _Rows,
    theirs: np.ndarray,
    period: Period,
    *,
    coverage: EventCoverage | None = None,
    unplaced: tuple[int, int] | None = None,
    where: str | None = None,
    national: bool = True,
) -> tuple[Disclosure, ...]:
    """The disclosures of every total of the counted events ``rows[mine]``:

    - ``crossing``: the events ``crossing[theirs]`` (overlapping the period, reaching outside);
    - ``no_governorate`` (``national``: a total for the whole country): counted events with no
      governorate, in this total but in no governorate's;
    - ``unplaced``: ``(events, deaths)`` of the period's counted events with no governorate,
      which may belong to ``where`` but cannot be counted for it;
    - ``coarse_dates`` and ``coarse_places``: counted deaths in events dated only to a span of
      days, or located only to a district or coarser (when there are any such deaths);
    - ``provisional``: counted events with provisional figures (UCDP Candidate);
    - ``coverage``: what the file covers, when it holds only some kinds or dates.
    """
    found = []
    events, deaths = crossing.count(theirs)
    if events:
        found.append(Disclosure.of("crossing", events=events, deaths=deaths, unit="events"))
    nowhere = mine & rows.mask("")
    if national and nowhere.any():
        events, deaths = rows.count(nowhere)
        found.append(Disclosure.of("no_governorate", events=events, deaths=deaths))
    if unplaced is not None and unplaced[0]:
        found.append(
            Disclosure.of(
                "unplaced",
                events=unplaced[0],
                deaths=unplaced[1],
                unit="events",
                where=where,
                whole_file=False,
            )
        )
    total = rows.count(mine)[1]
    for kind, picked in (
        ("coarse_dates", rows.coarse_date),
        ("coarse_places", rows.coarse_place),
    ):
        events, deaths = rows.count(mine & picked)
        if deaths:
            found.append(
                Disclosure.of(
                    kind, events=events, deaths=deaths, total=total, share=_share(deaths, total)
                )
            )
    marked = mine & rows.provisional
    if marked.any():
        events, deaths = rows.count(marked)
        found.append(
            Disclosure.of("provisional", events=events, deaths=deaths, total=int(mine.sum()))
        )
    if coverage is not None:
        said = coverage.disclosure(period)
        if said is not None:
            found.append(said)
    return tuple(found)


def _area_results(
    rows: _Rows,
    mine: np.ndarray,
    period: Period,
    source: str,
    *,
    ranged: bool,
    civilians: str | None,
    kinds: tuple[str, ...],
    said: tuple[Disclosure, ...],
) -> dict[str, Result]:
    """``events``, ``deaths`` and ``civilian_deaths`` (when the source counts civilians) of the
    counted ``rows[mine]``, each with the disclosures ``said``."""
    latest = rows.latest[mine]
    common = {
        "source": source,
        "period": period,
        "as_of": pd.Timestamp(latest.max()) if len(latest) else None,
        "disclosures": said,
    }
    events, deaths = rows.count(mine)
    out = {
        "events": Result(
            key="events",
            label=Message.of("events_recorded", kinds=kinds),
            value=events,
            unit="events",
            **common,
        ),
        "deaths": Result(
            key="deaths",
            label=Message.of("deaths_recorded", kinds=kinds),
            value=deaths,
            unit="deaths",
            low=rows.count(mine, "low")[1] if ranged else None,
            high=rows.count(mine, "high")[1] if ranged else None,
            notes=(
                Message.of("deaths_best_with_range")
                if ranged
                else Message.of("deaths_as_published"),
            ),
            **common,
        ),
    }
    if civilians == "ucdp":
        out["civilian_deaths"] = Result(
            key="civilian_deaths",
            label=Message.of("civilian_deaths_recorded", kinds=kinds),
            value=rows.count(mine, "civilians")[1],
            unit="deaths",
            notes=(Message.of("civilian_deaths_ucdp"),),
            **common,
        )
    elif civilians == "acled":
        out["civilian_deaths"] = Result(
            key="civilian_deaths",
            label=Message.of("civilian_deaths_targeting"),
            value=rows.count(mine, "civilians")[1],
            unit="deaths",
            notes=(
                Message.of("events_flagged_civilian", events=int((mine & rows.targeted).sum())),
            ),
            **common,
        )
    return out


def period_results(
    events: pd.DataFrame,
    period: Period,
    source: str,
    *,
    coverage: EventCoverage | None = None,
    unplaced: pd.DataFrame | None = None,
    where: str | None = None,
    areas: dict[str, str] | None = None,
) -> dict[str, dict[str, Result]]:
    """The period's ``events``, ``deaths`` and ``civilian_deaths`` (when the source counts
    them), with their disclosures, computed once for every number a report states.

    ``events`` are the rows of the report's place (at least every event overlapping the period):
    their results are under "all"; how the source counts civilian deaths and whether it gives a
    range are the whole file's (``coverage``; without it, what ``events`` show), so a place and
    period with no event state the same kinds of figure as the rest of the file (a UCDP file's
    0 civilian deaths). A report for one governorate gives its events and, as
    ``unplaced``, the events with no governorate (``where`` names the governorate), which its
    totals cannot hold. ``areas`` (pcode -> name) adds one entry per governorate of the whole
    country's ``events``, each disclosing the events with no governorate as ``unplaced``: the
    trends report's table. ``coverage`` is the file's (:func:`~.coverage.coverage_of`).
    """
    known = coverage if coverage is not None and coverage.ranged is not None else None
    civilians = known.civilians if known else civilians_known(events)
    ranged = known.ranged if known else has_range(events)
    inside_period = counted_mask(events, period).to_numpy(dtype=bool)
    near = (events["date_latest"] >= period.start) & (events["date_earliest"] < period.stop)
    rows = _Rows.read(events, inside_period, civilians)
    crossing = _Rows.read(events, near.to_numpy(dtype=bool) & ~inside_period, civilians)
    options = {"ranged": ranged, "civilians": civilians, "kinds": _kinds(coverage)}
    missing = None
    if unplaced is not None:
        missing = _Rows.read(
            unplaced, counted_mask(unplaced, period).to_numpy(dtype=bool), civilians
        )
        missing = missing.count(missing.mask(None))
    every = rows.mask(None)
    said = disclosures(
        rows,
        every,
        crossing,
        crossing.mask(None),
        period,
        coverage=coverage,
        unplaced=missing,
        where=where,
        national=unplaced is None,
    )
    out = {ALL: _area_results(rows, every, period, source, said=said, **options)}
    if not areas:
        return out
    nowhere = rows.count(rows.mask(""))
    for pcode, name in areas.items():
        mine = rows.mask(pcode)
        area_said = disclosures(
            rows,
            mine,
            crossing,
            crossing.mask(pcode),
            period,
            coverage=coverage,
            unplaced=nowhere,
            where=name,
            national=False,
        )
        out[pcode] = _area_results(rows, mine, period, source, said=area_said, **options)
    return out


def deaths(events: pd.DataFrame, period: Period, source: str, **given: object) -> Result:
    """Deaths in the events counted in ``period`` (best estimate, with UCDP's low-high range),
    with their disclosures (``given``: see :func:`period_results`)."""
    return period_results(events, period, source, **given)[ALL]["deaths"]


def event_count(events: pd.DataFrame, period: Period, source: str, **given: object) -> Result:
    """The events counted in ``period``, with their disclosures."""
    return period_results(events, period, source, **given)[ALL]["events"]


def civilian_deaths(
    events: pd.DataFrame, period: Period, source: str, **given: object
) -> Result | None:
    """Civilian deaths where the source counts them: UCDP ``deaths_civilians``; for ACLED, the
    fatalities of events flagged as civilian targeting (when the export fills that flag). None
    when the source says nothing about civilians."""
    return period_results(events, period, source, **given)[ALL].get("civilian_deaths")


def unattributed_deaths(
    events: pd.DataFrame, period: Period, source: str, **given: object
) -> Result:
    """UCDP ``deaths_unknown`` of the events counted: deaths UCDP cannot attribute to a side,
    with the disclosures of the period's totals."""
    rows = counted(events, period)
    said = period_results(events, period, source, **given)[ALL]["deaths"].disclosures
    return Result(
        key="deaths_unknown",
        label=Message.of("deaths_unknown"),
        value=sum_of(rows["deaths_unknown"]),
        unit="deaths",
        source=source,
        period=period,
        disclosures=said,
    )


# --- how events enter the totals -------------------------------------------------------------


@dataclass(frozen=True)
class Subset:
    """A set of events stated as two results: how many events, and their deaths."""

    events: Result
    deaths: Result

    @property
    def empty(self) -> bool:
        return not self.events.value


def subset(rows: pd.DataFrame, key: str, source: str, period: Period) -> Subset:
    """``rows`` stated as a :class:`Subset`: ``events_<key>`` and ``deaths_<key>``, labelled
    by the catalogue's ``subset`` term of ``key``."""
    return Subset(
        events=Result(
            key=f"events_{key}",
            label=Message.of("events_subset", subset=key),
            value=len(rows),
            unit="events",
            source=source,
            period=period,
        ),
        deaths=Result(
            key=f"deaths_{key}",
            label=Message.of("deaths_subset", subset=key),
            value=sum_of(rows["deaths_best"]),
            unit="deaths",
            source=source,
            period=period,
        ),
    )


def coarse_dates(events: pd.DataFrame, period: Period, source: str) -> Subset:
    """Counted events dated only to a span longer than one day."""
    rows = counted(events, period)
    coarse = rows[rows["date_latest"] > rows["date_earliest"]]
    return subset(coarse, "dated_to_a_span", source, period)


def spanning(events: pd.DataFrame, period: Period, source: str) -> Subset:
    """Events overlapping the period whose span reaches outside it (not counted)."""
    return subset(spanning_edges(events, period), "spanning_edges", source, period)


def no_governorate(events: pd.DataFrame, period: Period, source: str) -> Subset:
    """Counted events with no governorate: in national totals only."""
    rows = counted(events, period)
    missing = rows[rows["admin1_pcode"].isna()]
    return subset(missing, "no_governorate", source, period)
