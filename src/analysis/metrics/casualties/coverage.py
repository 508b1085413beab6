"""What an event file covers, read from its content: the kinds of events it holds (ACLED's
``event_type``, UCDP's type of violence) against the kinds its codebook has, and the first and
last dates it records.

An ACLED export may hold only some of ACLED's six event types (the realdata battles file holds
only Battles), and a UCDP extract only some of UCDP's three types of violence; its totals are
then totals of those kinds only, and are named so ("deaths in recorded battles", never
"deaths in recorded events": :attr:`EventCoverage.noun_kinds`, named by the catalogue's
``events_noun``). :func:`coverage_of` finds this from the rows themselves, never
from the file's name; :meth:`EventCoverage.disclosure` is the ``coverage`` disclosure a result
from the file carries when the file holds only some kinds, or does not reach over the whole
period.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.metrics.results import Disclosure, Period

ACLED = "acled"
UCDP = "ucdp"
CODEBOOK_TYPES = {
    ACLED: (
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ),
    # UCDP's type_of_violence 1, 2 and 3, as the reader names them (analysis.data.ucdp).
    UCDP: ("state-based", "non-state", "one-sided"),
}
"""The kinds of events each codebook has, in its own order and spelling."""


def has_range(events: pd.DataFrame) -> bool:
    """Whether the source gives a low-high range (UCDP does; ACLED does not)."""
    return bool(events["deaths_low"].notna().any() and events["deaths_high"].notna().any())


def civilians_known(events: pd.DataFrame) -> str | None:
    """How the source tells civilian deaths: "ucdp" (``deaths_civilians``), "acled" (the
    ``civilian_targeting`` flag, when the export fills it) or None."""
    if events["deaths_civilians"].notna().any():
        return "ucdp"
    if events["civilian_targeting"].notna().any():
        return "acled"
    return None


@dataclass(frozen=True)
class EventCoverage:
    """The kinds of events a file holds and the dates it records.

    ``source`` is the format's title ("ACLED"); ``codebook`` "acled", "ucdp" or None (types
    that neither codebook has); ``types`` the kinds present, in codebook order; ``first`` and
    ``last`` the first and last dates the source gives (UCDP ``date_start``..``date_end``,
    ACLED ``event_date``), not the spans read around them; ``civilians`` how the file tells
    civilian deaths (:func:`civilians_known`) and ``ranged`` whether it gives a low-high range
    (:func:`has_range`), both None when not read from a file."""

    source: str
    codebook: str | None
    types: tuple[str, ...]
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    civilians: str | None = None
    ranged: bool | None = None

    @property
    def codebook_types(self) -> tuple[str, ...]:
        return CODEBOOK_TYPES.get(self.codebook or "", ())

    @property
    def partial_types(self) -> bool:
        """Whether the file holds only some of its codebook's kinds of events."""
        return bool(self.codebook_types) and set(self.types) < set(self.codebook_types)

    @property
    def period(self) -> Period | None:
        if self.first is None or self.last is None:
            return None
        return Period(self.first, self.last)

    def covers(self, period: Period) -> bool:
        """Whether the file's dates reach over every day of ``period``."""
        covered = self.period
        return covered is not None and covered.start <= period.start and period.end <= covered.end

    @property
    def noun_kinds(self) -> tuple[str, ...]:
        """The kinds that name the file's events in a result's label (the catalogue's
        ``events_noun``: "events" for none, "battles" for ACLED battles only, "events (battles
        and riots only)" for some kinds): the kinds present when the file holds only some of its
        codebook's, else none."""
        return self.types if self.partial_types else ()

    def disclosure(self, period: Period) -> Disclosure | None:
        """The ``coverage`` disclosure of a result for ``period``: when the file holds only some
        kinds of events, or its dates do not reach over the whole period; None otherwise."""
        if not self.partial_types and self.covers(period):
            return None
        return Disclosure.of(
            "coverage",
            source=self.source,
            types=self.types,
            codebook_types=self.codebook_types,
            partial_types=self.partial_types,
            first=self.first,
            last=self.last,
            period=period,
            covers=self.covers(period),
        )


def _codebook(types: set[str]) -> str | None:
    for name, known in CODEBOOK_TYPES.items():
        if types and types <= set(known):
            return name
    return None


def coverage_of(events: pd.DataFrame, source: str) -> EventCoverage:
    """The coverage of a whole ``CASUALTY_EVENTS`` frame (read from its rows); ``source`` is
    the format's title."""
    present = set(events["event_type"].dropna().astype(str).unique()) if len(events) else set()
    codebook = _codebook(present)
    order = CODEBOOK_TYPES.get(codebook or "", ())
    types = tuple(t for t in order if t in present) or tuple(sorted(present))
    first = events["event_date"].min() if len(events) else None
    ends = events["event_date_end"].fillna(events["event_date"]) if len(events) else None
    last = ends.max() if ends is not None else None
    return EventCoverage(
        source=source,
        codebook=codebook,
        types=types,
        first=None if first is None or pd.isna(first) else pd.Timestamp(first),
        last=None if last is None or pd.isna(last) else pd.Timestamp(last),
        civilians=civilians_known(events),
        ranged=has_range(events),
    )


def same_kinds(first: EventCoverage, second: EventCoverage) -> bool:
    """Whether two files hold the same kinds of events: the same kinds of the same codebook.
    Files of two codebooks never do (UCDP counts organised violence in conflicts that reach its
    threshold; ACLED counts political violence and demonstrations, each by its own rules)."""
    return first.codebook == second.codebook and first.types == second.types
