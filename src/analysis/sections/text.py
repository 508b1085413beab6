"""Prose that carries numbers: one Jinja template per kind of sentence.

Each sentence type lives in ``sections/sentences/<name>.j2``; a section says
``sentence("events_total", deaths=result, ...)`` and gets a :class:`Block` with the HTML
(autoescaped: text from data files never becomes markup) and a plain-text form. Templates
receive :class:`~analysis.metrics.results.Result` objects and format them with the filters
below, so a sentence states exactly what its result knows: a range only when the result has
one, a qualifier only when it was published with one.

Filters: ``number`` (``1,234``), ``day`` (``8 December 2024``), ``plural(n, "place")``
(``1 place``, ``3 places``), ``listed(names)`` (at most 12 names, then "and N more").
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from analysis.metrics.results import UNITS, day_text, format_number
from analysis.sections.blocks import Block

MAX_LISTED = 12
"""Longest list of names in one sentence."""
_TAGS = re.compile(r"<[^>]+>")
_MARKS = re.compile(r'<sup class="sitrep-mark">.*?</sup>')
_SPACES = re.compile(r"\s+")


def plural(count: object, word: str, words: str | None = None) -> str:
    """``1 place``, ``2 places``; ``words`` for irregular plurals."""
    n = 0 if count is None else float(count)
    if words is None:
        plurals = {one: many for one, many in UNITS.values()}
        words = plurals.get(word, word + "s")
    return f"{format_number(n, 'people')} {word if n == 1 else words}"


def listed(names: object, limit: int = MAX_LISTED) -> str:
    """Names joined by commas, at most ``limit`` of them, then "and N more"."""
    names = [str(n) for n in names]
    shown = ", ".join(names[:limit])
    more = len(names) - limit
    return shown + (f" and {format_number(more)} more" if more > 0 else "")


@cache
def _environment() -> jinja2.Environment:
    folder = resources.files("analysis") / "sections" / "sentences"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["number"] = format_number
    env.filters["day"] = day_text
    env.filters["listed"] = listed
    env.globals["plural"] = plural
    return env


def render(name: str, **values: object) -> str:
    """The HTML of sentence ``name`` filled with ``values`` (escaped)."""
    template = _environment().get_template(f"{name}.j2")
    return _SPACES.sub(" ", template.render(**values)).strip()


def plain(markup: str) -> str:
    """The text a reader sees in ``markup``: tags dropped, entities decoded; the markers of
    disclosures (:mod:`analysis.sections.disclosures`) are left out of this plain form, whose
    notes follow in their own block."""
    return html.unescape(_TAGS.sub("", _MARKS.sub("", markup)))


def sentence(name: str, **values: object) -> Block:
    """A paragraph from the sentence template ``name``, which it names in ``data-sentence`` (so
    a check or a test finds what was said whatever its words or language)."""
    body = render(name, **values)
    return Block(f'<p data-sentence="{name}">{body}</p>', plain(body), kind="paragraph")


def sentence_note(name: str, **values: object) -> Block:
    """A note (a boxed aside) from the sentence template ``name`` (named as in :func:`sentence`)."""
    body = render(name, **values)
    markup = f'<div class="sitrep-note"><p data-sentence="{name}">{body}</p></div>'
    return Block(markup, plain(body), kind="note")


__all__ = ["Markup", "listed", "plain", "plural", "render", "sentence", "sentence_note"]
