"""Pieces shared by every report: the period and place, the title, the sources list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlparse

import pandas as pd

from analysis import __version__
from analysis.gazetteer import Governorate
from analysis.i18n import _, edition, pgettext
from analysis.metrics.results import Period, Result, day_text, format_number
from analysis.organisations import shown as _shown
from analysis.parameters import check_governorate, check_period
from analysis.sections.blocks import Block, esc, stylesheet


@dataclass(frozen=True)
class Scope:
    """The period and place a report covers."""

    span: Period
    governorate: Governorate | None  # None: the whole country

    @classmethod
    def from_parameters(cls, start_date: str, end_date: str, governorate: str) -> Scope:
        """The scope of a run, checked as ``sitrep render`` checks it: a bad or reversed date
        or an unknown governorate is a :class:`~analysis.errors.ParameterError` here too, so a
        notebook run in JupyterLab refuses what the command line refuses."""
        return cls(Period.of(*check_period(start_date, end_date)), check_governorate(governorate))

    @property
    def start(self) -> pd.Timestamp:
        return self.span.start

    @property
    def end(self) -> pd.Timestamp:
        return self.span.end

    @property
    def pcode(self) -> str | None:
        return None if self.governorate is None else self.governorate.pcode

    @property
    def where(self) -> str:
        if self.governorate is None:
            return pgettext("place", "Syria")
        return pgettext("place", "%(governorate)s governorate (%(pcode)s)") % {
            "governorate": self.governorate.shown,
            "pcode": self.governorate.pcode,
        }

    @property
    def period(self) -> str:
        return self.span.label


def day(value: pd.Timestamp | dt.date | None) -> str:
    return day_text(value)


def number(value: object) -> str:
    return format_number(value)


def title(topic: str, scope: Scope) -> Block:
    """The report's heading: ``topic`` (already in the edition's language) and the place, then
    the period, the governorate's name in the other language and the package's version."""
    other = ""
    if scope.governorate:
        arabic = edition().language == "ar"
        other = f" · {scope.governorate.name if arabic else scope.governorate.name_ar}"
    heading = pgettext("report title", "%(report)s: %(place)s") % {
        "report": topic,
        "place": scope.where,
    }
    markup = (
        f"{stylesheet()}<h1>{esc(heading)}</h1>"
        f'<p class="sitrep-subtitle">{esc(scope.period)}{esc(other)} · '
        f"syria-sitrep {esc(__version__)}</p>"
    )
    text = pgettext("report title", "%(report)s: %(place)s, %(period)s") % {
        "report": topic,
        "place": scope.where,
        "period": scope.period,
    }
    return Block(markup, text)


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
        kind="list",
    )


def key_figures_box(results: list[Result], notes: object = None) -> Block:
    """A row of boxes, one per result: label, value as published with the markers of its
    disclosures, when it holds and how it was counted, and its source; the disclosures' notes
    under the row (:func:`analysis.sections.disclosures.key_figures_box`). ``notes`` is the
    box's :class:`~analysis.sections.disclosures.Notes`, or a
    :class:`~analysis.sections.weak_source.Marks` whose note the caller attaches."""
    from analysis.sections.disclosures import key_figures_box as box
    from analysis.sections.text import detail, label
    from analysis.sections.weak_source import Marks

    if not isinstance(notes, Marks):
        return box(results, notes)
    if not results:
        return Block("", "")
    source = _("Source: %(source)s")
    cells = "".join(
        f'<div class="sitrep-kf"><div class="sitrep-kf-label">{esc(label(r))}</div>'
        f'<div class="sitrep-kf-value">{notes.show(r)}</div>'
        f'<div class="sitrep-kf-detail">{esc(detail(r))}</div>'
        f'<div class="sitrep-kf-source">{esc(source % {"source": _shown(r.source)})}</div></div>'
        for r in results
    )
    text = "\n".join(
        _("%(label)s: %(value)s (%(detail)s; source: %(source)s)")
        % {
            "label": label(r),
            "value": r.text,
            "detail": detail(r),
            "source": _shown(r.source),
        }
        for r in results
    )
    return Block(f'<div class="sitrep-key-figures">{cells}</div>', text, kind="html")


def left_out(items: list[dict[str, object]]) -> list[Block]:
    """The sentence of Sources and method saying why each part of the report left out (a part
    with nothing to show returns no blocks) is not there; nothing when nothing was left out.
    ``items``: one dict per part, its ``part`` (see the template ``left_out``) and values."""
    from analysis.sections.text import sentence

    return [sentence("left_out", items=items)] if items else []


def data_files(files: object) -> list[Block]:
    """The sentence of Sources and method saying, for several files read as one source, which
    file holds which dates and how many records were in more than one
    (:class:`analysis.data.sets.FileSet`); nothing for one file (None)."""
    from analysis.sections.text import sentence

    return [] if files is None else [sentence("data_files", files=files)]
