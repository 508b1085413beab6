"""One protocol for a domain report, and one registry keyed by the kind of data it holds.

A domain (casualties, displacement, territorial control, trends, health) is a module of
:mod:`analysis.sections` with the functions of :class:`Domain`: ``load`` reads a file for a
period and place into a report, and every other function takes that report. What a report
shows depends on the kind of data it holds (reported tolls, recorded events or monthly counts;
UNHCR stocks or HNAP flows ...): each kind registers a :class:`View` with the functions that
show it, and a domain asks :func:`view` for its report's, by ``(domain, report.kind)``. That is
the only way code is chosen by kind of data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from analysis.metrics.results import Result
from analysis.sections.blocks import Block
from analysis.sections.section import Section

Blocks = Callable[[Any], list[Block]]


def _nothing(report: object) -> list:
    return []


@dataclass(frozen=True)
class View:
    """What a report of ``domain`` shows when it holds data of ``kind``: its named results
    (``headlines``), key figures, body, annex (tables in full), sources and method, the parts
    it leaves out with why (``left_out``: dicts for :func:`analysis.sections.common.left_out`)
    and what it advises the operator (``advice``)."""

    domain: str
    kind: str
    headlines: Callable[[Any], list[Result]]
    key_figures: Blocks
    body: Blocks
    sources: Blocks
    left_out: Callable[[Any], list[dict[str, object]]] = _nothing
    annex: Blocks = _nothing
    advice: Blocks = _nothing
    """Advice for the operator that goes with the body in the domain's own notebook."""
    extra: dict[str, Callable[[Any], Any]] = dataclasses.field(default_factory=dict)
    """What only some kinds show, by name (event files: ``compare``, two files side by side;
    ``provisional``, the counted events whose figures are provisional); a domain says what it
    shows when its report's kind has none."""


VIEWS: dict[tuple[str, str], View] = {}


def register(made: View) -> View:
    VIEWS[made.domain, made.kind] = made
    return made


def view(domain: str, report: object) -> View:
    """The view registered for ``report``'s kind of data in ``domain``."""
    kind = getattr(report, "kind", None)
    try:
        return VIEWS[domain, kind]
    except KeyError:
        known = ", ".join(k for d, k in VIEWS if d == domain)
        raise ValueError(f"no {domain} view for data of kind {kind!r}; known: {known}") from None


def frames(report: object) -> dict[str, pd.DataFrame]:
    """The data frames a report holds (the rows it read for the period and place, the counts it
    computed), by field name: what a section was computed from."""
    if not dataclasses.is_dataclass(report):
        return {}
    found = {}
    for item in dataclasses.fields(report):
        value = getattr(report, item.name, None)
        if isinstance(value, pd.DataFrame):
            found[item.name] = value
    return found


def section(key: str, blocks: list[Block] | Section, report: object) -> Section:
    """``blocks`` as a :class:`Section` keyed ``key``, with the frames of ``report``."""
    if isinstance(blocks, Section):
        blocks.frames = {**frames(report), **blocks.frames}
        return blocks
    return Section.of(key, blocks, frames=frames(report))


class Domain(Protocol):
    """What every domain module offers (the situation report, the batch front page and the
    explore notebook use nothing else)."""

    TITLE: str
    SECTIONS: dict[str, Callable[[Any], Section]]
    """The notebook's sections after the key figures, in order, by name."""

    def load(self, **parameters: object) -> Any: ...
    def header(self, report: Any) -> Block: ...
    def headlines(self, report: Any) -> list[Result]: ...
    def key_figures_section(self, report: Any) -> Section: ...
    def sources_section(self, report: Any) -> Section: ...
    def figures(self, report: Any) -> tuple[list[Result], dict[str, str | None]]: ...


__all__ = ["VIEWS", "Domain", "View", "frames", "register", "section", "view"]
