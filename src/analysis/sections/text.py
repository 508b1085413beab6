"""Prose that carries numbers: one Jinja template per kind of sentence.

Each sentence type lives in ``sections/sentences/<name>.j2``; a section says
``sentence("events_total", deaths=result, ...)`` and gets a :class:`Block` with the HTML
(autoescaped: text from data files never becomes markup) and a plain-text form. Templates
receive :class:`~analysis.metrics.results.Result` objects and format them with the filters
below, so a sentence states exactly what its result knows: a range only when the result has
one, a qualifier only when it was published with one.

Filters: ``number`` (``1,234``), ``day`` (``8 December 2024``), ``plural(n, "place")``
(``1 place``, ``3 places``), ``listed(names)`` (at most 12 names, then "and N more"),
``terms(key, name)`` (each code of a list said by a term of the catalogue).

The words of results live in the message catalogue beside the templates: ``labels.yaml`` (the
label of every result, by the key of its label :class:`~analysis.metrics.results.Message`, and
the terms labels share) and ``notes.yaml`` (the notes of results and the reasons a figure is
missing, by key). Each entry is a Jinja template filled with its message's values, rendered as
plain text (escaped where it enters HTML). :func:`label`, :func:`note`, :func:`notes`,
:func:`when` and :func:`detail` render them, in Python and in every sentence template (``{{
label(result) }}``, ``{{ note(message) }}``); another language's catalogue mirrors these files
key for key.
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources

import jinja2
import yaml
from markupsafe import Markup

from analysis import factions, gazetteer, i18n, organisations, places
from analysis.i18n import ngettext, pgettext
from analysis.metrics.results import UNITS, Message, Result, day_text, format_number
from analysis.metrics.time import month_label
from analysis.sections.blocks import Block

CATALOGUES = ("labels", "notes", "units")
"""The files of the message catalogue, in ``sections/sentences/`` (``<name>.yaml``): labels of
results and shared terms, notes and reasons, the words of each unit code (``count`` given)."""

MAX_LISTED = 12
"""Longest list of names in one sentence."""
_TAGS = re.compile(r"<[^>]+>")
_MARKS = re.compile(r'<sup class="sitrep-mark">.*?</sup>')
_SPACES = re.compile(r"\s+")


def unit_word(unit: str, count: object) -> str:
    """The word of unit code ``unit`` (:data:`~analysis.metrics.results.UNITS`) for ``count``
    (``units.yaml``): "person", "people"."""
    return _words("units", Message.of(unit, count=count))


@cache
def _unit_plurals() -> dict[str, str]:
    """The units' English words for one, to their words for many: the irregular plurals of a
    word :func:`plural` has no message for."""
    with i18n.editing("en"):
        return {unit_word(u, 1): unit_word(u, 2) for u in UNITS}


def _counted(word: str, n: int) -> str | None:
    """The message of ``n`` ``word`` s in the edition's language (``%(n)s`` the number written),
    or None for a word with no message of its own."""
    forms = {
        "place": lambda: ngettext("%(n)s place", "%(n)s places", n),
        "change": lambda: ngettext("%(n)s change", "%(n)s changes", n),
        "other change": lambda: ngettext("%(n)s other change", "%(n)s other changes", n),
        "day": lambda: ngettext("%(n)s day", "%(n)s days", n),
        "death": lambda: ngettext("%(n)s death", "%(n)s deaths", n),
        "event": lambda: ngettext("%(n)s event", "%(n)s events", n),
        "incident": lambda: ngettext("%(n)s incident", "%(n)s incidents", n),
        "month": lambda: ngettext("%(n)s month", "%(n)s months", n),
        "figure": lambda: ngettext("%(n)s figure", "%(n)s figures", n),
        "organisation": lambda: ngettext("%(n)s organisation", "%(n)s organisations", n),
        "person": lambda: ngettext("%(n)s person", "%(n)s people", n),
        "country": lambda: ngettext("%(n)s country", "%(n)s countries", n),
        "table or list": lambda: ngettext("%(n)s table or list", "%(n)s tables and lists", n),
    }
    return forms[word]() if word in forms else None


def plural(count: object, word: str, words: str | None = None) -> str:
    """``1 place``, ``2 places``: a message of the catalogue for the words it has (each form
    of the edition's language), else ``word`` + "s"; ``words`` for irregular plurals (a unit's
    word for one, such as "person", takes the unit's word for many)."""
    n = 0 if count is None else float(count)
    shown = format_number(n, "people")
    message = _counted(word, int(n) if n.is_integer() else 2)
    if message is not None:
        return message % {"n": shown}
    if words is None:
        words = _unit_plurals().get(word, word + "s")
    return f"{shown} {word if n == 1 else words}"


def listed(names: object, limit: int = MAX_LISTED) -> str:
    """Names joined by commas, at most ``limit`` of them, then "and N more"."""
    names = [str(n) for n in names]
    shown = pgettext("list", ", ").join(names[:limit])
    more = len(names) - limit
    if more <= 0:
        return shown
    return ngettext("%(names)s and %(more)s more", "%(names)s and %(more)s more", more) % {
        "names": shown,
        "more": format_number(more),
    }


def _folder():
    return resources.files("analysis") / "sections" / "sentences"


def _shown(value: object) -> object:
    """What a template prints: a message or a result printed as it is would show a reader its
    repr; they are said through :func:`note` and :func:`label`."""
    if isinstance(value, Message | Result):
        raise TypeError(
            f"a template printed {type(value).__name__} {getattr(value, 'key', '')!r} as it is: "
            "say it with note(...) or label(...)"
        )
    return value


def _jinja(**options: object) -> jinja2.Environment:
    """An environment with what every template of the catalogue and the sentences may use:
    every value required, nothing printed as an object, the number and date filters."""
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        finalize=_shown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        extensions=["jinja2.ext.i18n"],
        **options,
    )
    # Messages in the report's edition ({% trans %}, _()): analysis.i18n reads it at each call.
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(
        gettext=i18n.gettext, ngettext=i18n.ngettext, pgettext=i18n.pgettext, newstyle=True
    )
    env.filters["number"] = format_number
    env.filters["day"] = day_text
    env.filters["month"] = month_label
    env.filters["listed"] = listed
    env.filters["note"] = note
    env.filters["terms"] = terms
    env.filters["organisation"] = organisations.shown  # an organisation in the edition
    env.filters["short_day"] = i18n.short_day  # "8 Dec 2024", where space is short
    env.filters["date"] = i18n.date  # a CLDR pattern the named filters do not give ("MMM y")
    env.globals["plural"] = plural
    env.globals["term"] = term
    env.globals["qualified"] = i18n.qualified  # "at least 910" in the edition's words
    return env


@cache
def _plain_environment() -> jinja2.Environment:
    """The environment of the catalogue's entries: plain text, every value required."""
    env = _jinja(autoescape=False)
    env.globals["phrase"] = phrase
    env.globals["faction"] = factions.label
    env.globals["place_name"] = env.filters["place_name"] = places.shown
    env.globals["faction_name"] = factions.shown
    env.globals["governorate_name"] = _governorate_name
    return env


def _governorate_name(name: str) -> str:
    """A governorate named in a note (by its gazetteer name) in the edition's language; a name
    the gazetteer does not know, as written."""
    if i18n.edition().language == "en":
        return name
    pcode = gazetteer.lookup(name)
    gov = gazetteer.by_pcode().get(pcode) if pcode else None
    return gov.shown if gov is not None else name


@cache
def catalogue(name: str) -> dict[str, str]:
    """The entries of catalogue file ``name`` (one of :data:`CATALOGUES`): key -> template."""
    entries = yaml.safe_load((_folder() / f"{name}.yaml").read_text(encoding="utf-8"))
    if not isinstance(entries, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in entries.items()
    ):
        raise ValueError(f"sections/sentences/{name}.yaml must map keys to template texts")
    return entries


@cache
def _template(name: str, key: str) -> jinja2.Template:
    entries = catalogue(name)
    if key not in entries:
        raise KeyError(f"no entry {key!r} in the message catalogue sections/sentences/{name}.yaml")
    return _plain_environment().from_string(entries[key])


def _words(name: str, message: Message) -> str:
    text = _template(name, message.key).render(**message.values)
    return _SPACES.sub(" ", text).strip()


def label(result: Result) -> str:
    """The label of ``result``, from ``labels.yaml`` (plain text)."""
    return _words("labels", result.label)


def term(key: str, **values: object) -> str:
    """A term of ``labels.yaml`` that labels and sentences share (``events_noun``)."""
    return _words("labels", Message.of(key, **values))


def terms(codes: object, key: str, name: str) -> list[str]:
    """Each code of ``codes`` said by term ``key``, the code given as value ``name``
    (``coverage.types|terms("event_type", "type")`` in a template)."""
    return [term(key, **{name: code}) for code in codes]


def note(message: Message) -> str:
    """A note or a reason, from ``notes.yaml`` (plain text)."""
    return _words("notes", message)


def phrase(key: str, **values: object) -> str:
    """An entry of ``notes.yaml`` that notes share (``when``)."""
    return note(Message.of(key, **values))


def notes(result: Result) -> list[str]:
    """The notes of ``result``, in order."""
    return [note(m) for m in result.notes]


def when(result: Result) -> str:
    """``1 to 8 December 2024`` for a result over a period, ``as of 8 December 2024`` for one at
    a date, "" for neither."""
    return phrase("when", period=result.period, as_of=result.as_of)


def detail(result: Result) -> str:
    """When the number holds and how it was counted, for a key-figure box."""
    return phrase("detail", parts=[when(result), *notes(result)])


@cache
def _environment() -> jinja2.Environment:
    env = _jinja(loader=jinja2.FileSystemLoader(str(_folder())), autoescape=True)
    for function in (label, term, note, notes, when, detail):
        env.globals[function.__name__] = function
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


__all__ = [
    "CATALOGUES",
    "Markup",
    "catalogue",
    "detail",
    "label",
    "listed",
    "note",
    "notes",
    "plain",
    "plural",
    "render",
    "sentence",
    "sentence_note",
    "term",
    "terms",
    "unit_word",
    "when",
]
