"""Pieces shared by every report: the period and place, the title, the sources list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlparse

import pandas as pd

from analysis import __version__, gazetteer
from analysis.gazetteer import Governorate
from analysis.report.display import Block, esc


@dataclass(frozen=True)
class Scope:
    """The period and place a report covers."""

    start: pd.Timestamp
    end: pd.Timestamp
    governorate: Governorate | None  # None: the whole country

    @classmethod
    def from_parameters(cls, start_date: str, end_date: str, governorate: str) -> Scope:
        place = None
        if str(governorate).strip().lower() != gazetteer.ALL:
            place = gazetteer.resolve(governorate)
        return cls(pd.Timestamp(start_date), pd.Timestamp(end_date), place)

    @property
    def where(self) -> str:
        if self.governorate is None:
            return "Syria"
        return f"{self.governorate.name} governorate ({self.governorate.pcode})"

    @property
    def period(self) -> str:
        return f"{day(self.start)} to {day(self.end)}"


def day(value: pd.Timestamp | dt.date | None) -> str:
    if value is None or pd.isna(value):
        return "date not given"
    return f"{pd.Timestamp(value):%-d %B %Y}"


def number(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{round(float(value)):,}"


def title(topic: str, scope: Scope) -> Block:
    arabic = f" · {scope.governorate.name_ar}" if scope.governorate else ""
    markup = (
        f"<h1>{esc(topic)}: {esc(scope.where)}</h1>"
        f'<p class="sitrep-subtitle">{esc(scope.period)}{esc(arabic)} · '
        f"syria-sitrep {esc(__version__)}</p>"
    )
    return Block(markup, f"{topic}: {scope.where}, {scope.period}")


def safe_link(url: str) -> str:
    """An escaped link for http(s) URLs; anything else is shown as plain text."""
    parsed = urlparse(str(url))
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return f'<a href="{esc(url)}">{esc(url)}</a>'
    return esc(url)


def sources_list(heading: str, items: list[tuple[str, str]]) -> Block:
    """A list of (label, url) pairs under a heading; labels and URLs are escaped."""
    lines = "".join(
        f"<li>{esc(label)}{': ' if label else ''}{safe_link(url)}</li>" for label, url in items
    )
    return Block(
        f"<h3>{esc(heading)}</h3><ul class='sitrep-source'>{lines}</ul>",
        "\n".join(f"{label}: {url}" for label, url in items),
    )


@dataclass(frozen=True)
class KeyFigure:
    """One headline number for a key-figures box: always with who reported it."""

    label: str  # "People killed"
    value: str  # "at least 910" (qualifier kept)
    detail: str  # "SOHR, as of 8 December 2024; 138 civilians"
    source: str  # organisation or dataset named under the number


def key_figures_box(figures: list[KeyFigure]) -> Block:
    """A row of boxes, one per key figure, each naming its source."""
    if not figures:
        return Block("", "")
    cells = "".join(
        f'<div class="sitrep-kf"><div class="sitrep-kf-label">{esc(f.label)}</div>'
        f'<div class="sitrep-kf-value">{esc(f.value)}</div>'
        f'<div class="sitrep-kf-detail">{esc(f.detail)}</div>'
        f'<div class="sitrep-kf-source">Source: {esc(f.source)}</div></div>'
        for f in figures
    )
    text = "\n".join(f"{f.label}: {f.value} ({f.detail}; source: {f.source})" for f in figures)
    return Block(f'<div class="sitrep-key-figures">{cells}</div>', text)
