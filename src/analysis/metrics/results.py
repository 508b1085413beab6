"""The typed results of the metrics layer: every number a report states is one of these.

A :class:`Result` carries what a reader needs to trust a number: its value with the qualifier
it was published with ("at least"), its range where the source gives one, its unit, the period
it covers or the date it is as of, its source, its label and any notes on how it was counted,
and its :class:`Disclosure` values: the caveats its number needs (what was left out, what the
file covers, what is partial). Sections put results in key-figure boxes, sentences and tables,
and state every disclosure beside the number (:mod:`analysis.sections.disclosures`); they never
recompute them.

Labels and notes hold no words: each is a :class:`Message`, a key of the message catalogue
beside the sentence templates (``sections/sentences/labels.yaml`` and ``notes.yaml``) with the
values its entry is filled with, so that every word a reader sees has one home, which another
language's catalogue mirrors key for key (:func:`analysis.sections.text.label`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from analysis import i18n


def _day(value: object) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def day_text(value: object) -> str:
    """``8 December 2024``; "date not given" for a missing date (the edition's words:
    :func:`analysis.i18n.day`)."""
    return i18n.day(value)


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included."""

    start: pd.Timestamp
    end: pd.Timestamp

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _day(self.start))
        object.__setattr__(self, "end", _day(self.end))
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end:%Y-%m-%d}) before it starts")

    @classmethod
    def of(cls, start: str | dt.date | pd.Timestamp, end: str | dt.date | pd.Timestamp) -> Period:
        return cls(_day(start), _day(end))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def stop(self) -> pd.Timestamp:
        """The first day after the period (an exclusive bound for comparisons and axes)."""
        return self.end + pd.Timedelta(days=1)

    def contains(self, value: object) -> bool:
        return self.start <= pd.Timestamp(value) < self.stop

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def clip(self, other: Period) -> Period | None:
        """The part of ``other`` inside this period; None when they do not overlap."""
        if not self.overlaps(other):
            return None
        return Period(max(self.start, other.start), min(self.end, other.end))

    def before(self, count: int = 1) -> Period:
        """The ``count`` periods of the same length just before this one, as one period."""
        return Period(
            self.start - pd.Timedelta(days=self.days * count), self.start - pd.Timedelta(days=1)
        )

    @property
    def label(self) -> str:
        """``8 December 2024``, ``1 to 8 December 2024``, ``27 November to 31 December 2024``,
        ``28 December 2023 to 3 January 2024``."""
        return i18n.span(self.start, self.end)


UNITS = (
    "people",
    "deaths",
    "events",
    "places",
    "changes",
    "countries",
    "incidents",
    "figures",
    "km",
    "percent",
)
"""The unit codes a result may have; their words are the catalogue's
(``sections/sentences/units.yaml``)."""


def format_number(value: object, unit: str = "people") -> str:
    """A number as a reader sees it: whole counts with thousands separators, percentages with
    one decimal when needed; "–" for a missing value. Counts are rounded, never truncated."""
    if unit == "percent":
        return i18n.percent(value, 1)
    return i18n.number(value)


DISCLOSURE_KINDS = (
    "crossing",
    "no_governorate",
    "unplaced",
    "coarse_dates",
    "coarse_places",
    "partial_month",
    "whole_month",
    "coverage",
    "provisional",
    "undrawn",
    "weak-source",
)
"""What a :class:`Disclosure` can say of a number:

- ``crossing``: events or incidents left out because their dates cross the period's edges
  (``events``, ``deaths`` or None, ``unit``);
- ``no_governorate``: events counted in the country's total that the file places in no
  governorate (``events``, ``deaths``);
- ``unplaced``: events or incidents of the period that the file cannot place in the governorate
  asked for (``events``, ``deaths`` or None, ``unit``, ``where``; ``whole_file`` True when the file
  gives no governorate at all, so the figure stated is the country's);
- ``coarse_dates`` and ``coarse_places``: the deaths counted in events dated only to a span of
  days, or located only to a district or coarser (``events``, ``deaths``, ``total``, ``share``);
- ``partial_month``: a month counted whole although the file runs only to a day inside it
  (``month``, ``as_of`` or None when the file gives no date, ``days``, ``month_days``);
- ``whole_month``: a month counted whole although the period starts inside it (``month``,
  ``start``);
- ``coverage``: what the source file covers (``source``, ``types``, ``codebook_types``,
  ``first``, ``last``, ``period``);
- ``provisional``: figures the source still revises (``events``, ``deaths``, ``total``);
- ``undrawn``: what a chart could not draw (``deaths``, ``events``, ``bar``);
- ``weak-source``: figures resting on a single weak page (``entries``: (figure, page) pairs,
  ``records``, ``of``: how many rows a count includes; :mod:`analysis.metrics.weak_source`).
"""


@dataclass(frozen=True)
class Disclosure:
    """A caveat a number needs, as data: its ``kind`` (one of :data:`DISCLOSURE_KINDS`) and the
    values its note states. No words: the note is written by the template of its kind
    (``sections/sentences/disclosure_<kind>.j2``)."""

    kind: str
    items: tuple[tuple[str, object], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in DISCLOSURE_KINDS:
            raise ValueError(
                f"unknown disclosure {self.kind!r}; known: {', '.join(DISCLOSURE_KINDS)}"
            )

    @classmethod
    def of(cls, kind: str, **values: object) -> Disclosure:
        return cls(kind, tuple(values.items()))

    @property
    def values(self) -> dict[str, object]:
        return dict(self.items)

    def __getitem__(self, name: str) -> object:
        return self.values[name]


@dataclass(frozen=True)
class Message:
    """Words a reader sees, as data: the ``key`` of an entry of the message catalogue
    (``sections/sentences/labels.yaml`` for a result's label, ``notes.yaml`` for a note or a
    reason) and the values the entry is filled with (a place, a year, a count, a source's own
    name). No words: :mod:`analysis.sections.text` renders it."""

    key: str
    items: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Message:
        return cls(key, tuple(values.items()))

    @property
    def values(self) -> dict[str, object]:
        return dict(self.items)

    def __getitem__(self, name: str) -> object:
        return self.values[name]


@dataclass(frozen=True)
class Result:
    """One number a report states, with everything needed to state it truthfully.

    ``key`` is a stable name that other sections use to find the result (never its label);
    ``label`` is the :class:`Message` that names it and ``notes`` those that say how it was
    counted (what was left out is a disclosure, not a note); ``period`` is the time the value
    covers (a sum over days, weeks or months) and ``as_of`` the date a stock or a cumulative
    count refers to; a result has one, the other or both.
    """

    key: str
    label: Message
    value: float | int | None
    unit: str
    source: str
    qualifier: str | None = None
    low: float | int | None = None
    high: float | int | None = None
    period: Period | None = None
    as_of: pd.Timestamp | None = None
    notes: tuple[Message, ...] = field(default=())
    disclosures: tuple[Disclosure, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}; known: {', '.join(UNITS)}")
        words = [w for w in (self.label, *self.notes) if not isinstance(w, Message)]
        if words:
            raise TypeError(
                f"result {self.key!r}: its label and notes must be Message values (a key of the "
                f"message catalogue and its values), not {words[0]!r}"
            )
        if self.as_of is not None:
            object.__setattr__(self, "as_of", _day(self.as_of))
        object.__setattr__(self, "notes", tuple(self.notes))
        object.__setattr__(self, "disclosures", tuple(self.disclosures))

    @property
    def missing(self) -> bool:
        return self.value is None or pd.isna(self.value)

    @property
    def has_range(self) -> bool:
        return not (
            self.low is None or pd.isna(self.low) or self.high is None or pd.isna(self.high)
        )

    @property
    def number(self) -> str:
        """The value alone, formatted: ``910``."""
        return format_number(self.value, self.unit)

    @property
    def text(self) -> str:
        """The value as published: ``at least 910``, ``1,100,000 (900,000–1,300,000)``; the
        qualifier, kept in :attr:`qualifier` as published, written in the edition's language
        (:func:`analysis.i18n.qualified`)."""
        if self.missing and self.has_range:
            shown = f"{format_number(self.low, self.unit)}–{format_number(self.high, self.unit)}"
        else:
            shown = self.number
            if self.has_range and (self.low != self.value or self.high != self.value):
                shown += (
                    f" ({format_number(self.low, self.unit)}–{format_number(self.high, self.unit)})"
                )
        return i18n.qualified(self.qualifier, shown)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of the result's disclosures, in order, each once."""
        return tuple(dict.fromkeys(d.kind for d in self.disclosures))

    def disclosure(self, kind: str) -> Disclosure | None:
        """The result's disclosure of ``kind``; None when it has none."""
        return next((d for d in self.disclosures if d.kind == kind), None)

    def with_notes(self, *notes: Message) -> Result:
        return Result(**{**self.__dict__, "notes": (*self.notes, *notes)})

    def with_disclosures(self, *disclosures: Disclosure) -> Result:
        return Result(**{**self.__dict__, "disclosures": (*self.disclosures, *disclosures)})

    def renamed(self, key: str) -> Result:
        """The same result under another key (the situation report's names for headlines)."""
        return Result(**{**self.__dict__, "key": key})

    def relabelled(self, label: Message, *notes: Message, key: str | None = None) -> Result:
        """The same result under another ``label`` (and ``key``), with ``notes`` added."""
        changed = {"label": label, "notes": (*self.notes, *notes), "key": key or self.key}
        return Result(**{**self.__dict__, **changed})
