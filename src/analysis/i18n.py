"""The edition a report is written in: its language, its digits, and the message catalogues.

Every word a reader sees is a message of the gettext catalogues under
``analysis/locale/<language>/LC_MESSAGES/messages.po`` (English is the source language: its
messages are the ``msgid`` s, so English needs no catalogue). They are managed with Babel:
``make i18n`` extracts the messages of the Python code (``_``, ``ngettext``, ``pgettext``), of
the sentence templates (Jinja's i18n extension: ``{% trans %}``) and of the catalogue's YAML
entries into ``analysis/locale/messages.pot``, updates each language's ``.po`` from it and
compiles the ``.mo`` files the reports read.

A report's edition is set once, when its notebook loads its data (:func:`use`, from the
notebook's ``language`` and ``digits`` parameters), and read by everything that writes words,
numbers or dates for it (:func:`edition`). It lives in a context variable, so a kernel that
runs one report after another (a batch's warm kernel) never carries one report's language into
the next: each notebook sets its own.

Numbers and dates are written through Babel with the edition's locale: ``1,234`` and
``8 December 2024`` in English; ``1,234`` (``1٬234`` with Arabic-Indic digits) and
``8 كانون الأول 2024`` in Arabic, with the month names of Syrian publications (CLDR's ``ar_SY``).
"""

from __future__ import annotations

import gettext as _gettext
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources

from analysis.errors import ParameterError

LANGUAGES = ("en", "ar")
"""The languages a report is written in; English is the catalogues' source language."""

DIGITS = ("latin", "arabic")
"""How numbers are written: Latin digits (1234) or Arabic-Indic digits (١٢٣٤)."""

DOMAIN = "messages"
"""The gettext domain of the catalogues (``messages.po``, ``messages.mo``)."""

LOCALES = {"en": "en_GB", "ar": "ar_SY"}
"""The Babel locale of each language: day-month-year dates and, in Arabic, the month names
Syrian publications use."""

NUMBERING = {"latin": "latn", "arabic": "arab"}
"""CLDR's numbering system for each value of ``digits``."""


@dataclass(frozen=True)
class Edition:
    """A report's language and digits."""

    language: str = "en"
    digits: str = "latin"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ParameterError(
                f"parameter 'language': {self.language!r} is not a language of the reports; "
                f"give one of {', '.join(LANGUAGES)}."
            )
        if self.digits not in DIGITS:
            raise ParameterError(
                f"parameter 'digits': {self.digits!r} is not a way of writing numbers; give "
                f"one of {', '.join(DIGITS)}."
            )

    @property
    def locale(self) -> str:
        """The Babel locale of the edition's language."""
        return LOCALES[self.language]

    @property
    def numbering(self) -> str:
        """The CLDR numbering system of the edition's digits."""
        return NUMBERING[self.digits]

    @property
    def direction(self) -> str:
        """``rtl`` for a language written right to left, else ``ltr``."""
        return "rtl" if self.language == "ar" else "ltr"


ENGLISH = Edition()
"""The default edition: English, Latin digits."""

_EDITION: ContextVar[Edition] = ContextVar("edition", default=ENGLISH)


def use(language: str = "en", digits: str = "latin") -> Edition:
    """Make ``language`` and ``digits`` the edition of what is written from now on, in this
    context (a notebook's kernel); a bad value is one line naming the parameter."""
    chosen = Edition(str(language).strip().lower(), str(digits).strip().lower())
    _EDITION.set(chosen)
    return chosen


def edition() -> Edition:
    """The edition words, numbers and dates are written in now."""
    return _EDITION.get()


@contextmanager
def editing(language: str = "en", digits: str = "latin") -> Iterator[Edition]:
    """The edition ``language``/``digits`` inside a ``with`` block only (a batch's front page
    written in its runs' language; tests)."""
    token = _EDITION.set(Edition(language, digits))
    try:
        yield _EDITION.get()
    finally:
        _EDITION.reset(token)


def locale_folder():
    """The folder of the catalogues (``analysis/locale``)."""
    return resources.files("analysis") / "locale"


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``language``; English, the source language, has none. A
    language whose catalogue is missing is an error, never a silent English report."""
    if language == "en":
        return _gettext.NullTranslations()
    path = locale_folder() / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.is_file():
        raise FileNotFoundError(
            f"the {language!r} message catalogue is not compiled ({path}): run `make i18n`"
        )
    with path.open("rb") as handle:
        return _gettext.GNUTranslations(handle)


def gettext(message: str) -> str:
    """``message`` in the edition's language (a number its words write, such as a year in a
    title, in the edition's digits)."""
    return digits_in_text(translations(edition().language).gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` in the edition's language (Arabic has six)."""
    return digits_in_text(translations(edition().language).ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    """``message`` in the edition's language, told apart from the same English words in
    another ``context``."""
    return digits_in_text(translations(edition().language).pgettext(context, message))


_ = gettext


def N_(message: str) -> str:
    """``message`` marked for the catalogue and left as it is: a constant written at import
    (a title, a table's header) is translated where it is shown, with :func:`gettext`."""
    return message


_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def digits(text: str) -> str:
    """``text`` with its digits written as the edition writes them."""
    return text.translate(_ARABIC_INDIC) if edition().digits == "arabic" else text


_LATIN_TOKEN = re.compile(r"[A-Za-z/_]")


def digits_in_text(text: str) -> str:
    """``text`` (words someone wrote, such as a note of the bundled data) with the digits of its
    numbers and dates written as the edition writes them; a word holding a Latin letter, a slash
    or an underscore (a record id such as control-041, a web address, a name) keeps its digits."""
    if edition().digits != "arabic":
        return text
    return "".join(
        part if _LATIN_TOKEN.search(part) else part.translate(_ARABIC_INDIC)
        for part in re.split(r"(\s+)", text)
    )


def _missing(value: object) -> bool:
    import pandas as pd  # not at import: the command line checks parameters without pandas

    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _timestamp(value: object):
    import pandas as pd

    return pd.Timestamp(value)


def number(value: object, decimals: int = 0) -> str:
    """``1,234`` (at most ``decimals`` decimals, none shown when zero), with the edition's
    separators and digits; "–" for a missing value. Whole numbers are rounded half up, never
    truncated, as the reports always did."""
    from babel.numbers import format_decimal

    if _missing(value):
        return "–"
    shown = float(value)
    if decimals == 0:
        shown = float(math.floor(shown + 0.5))
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    current = edition()
    written = format_decimal(
        shown, format=pattern, locale=current.locale, numbering_system=current.numbering
    )
    return digits(written)  # Babel gives the system's separators, not its digits


def percent(value: object, decimals: int = 1) -> str:
    """``12.5%`` of a value already in percent (12.5), the edition's way; "–" when missing."""
    if _missing(value):
        return "–"
    shown = pgettext("percent", "%(number)s%%") % {"number": number(value, decimals)}
    return shown.replace("%", "\u066a") if edition().digits == "arabic" else shown


def _date(value: object, pattern: str, locale: str | None = None) -> str:
    from babel.dates import format_date

    when = _timestamp(value).date()
    return digits(format_date(when, pattern, locale=locale or edition().locale))


SHORT_LOCALES = {"en": "en", "ar": "ar_SY"}
"""The locale of abbreviated month names: English writes ``Sep``, as the reports always did
(CLDR's ``en_GB`` has ``Sept``); Arabic writes the month's whole name, as Syrian publications
abbreviate none."""


def date(value: object, pattern: str) -> str:
    """``value`` by a CLDR date ``pattern`` (``d MMM``, ``MMM``, ``y``) in the edition's language
    and digits, abbreviated months as :data:`SHORT_LOCALES` writes them: for the few places that
    need a pattern the named functions do not give (a chart's tick on two lines)."""
    return _date(value, pattern, SHORT_LOCALES[edition().language])


def short_day(value: object) -> str:
    """``8 Dec 2024``: a day where space is short (a chart's annotation or tick); "date not
    given" for a missing date."""
    if _missing(value):
        return gettext("date not given")
    return date(value, "d MMM y")


def short_month(value: object) -> str:
    """``Dec 2024``: a month where space is short (a chart's tick)."""
    return date(value, "MMM y")


def short_day_month(value: object) -> str:
    """``27 Nov``: a day of a year the reader knows (a chart's tick, the axis naming the
    year)."""
    return date(value, "d MMM")


def day_month(value: object) -> str:
    """``27 November``: a day of a year the sentence names elsewhere."""
    return _date(value, "d MMMM")


def day(value: object) -> str:
    """``8 December 2024``; "date not given" for a missing date."""
    if _missing(value):
        return gettext("date not given")
    return _date(value, "d MMMM y")


def month(value: object) -> str:
    """``December 2018``."""
    return _date(value, "MMMM y")


def year(value: object) -> str:
    """``2024``."""
    return _date(value, "y")


def span(start: object, end: object) -> str:
    """Whole days from ``start`` to ``end``: ``8 December 2024``, ``1 to 8 December 2024``,
    ``27 November to 31 December 2024``, ``28 December 2023 to 3 January 2024``."""
    s, e = _timestamp(start), _timestamp(end)
    if s == e:
        return day(s)
    if s.year != e.year:
        first = day(s)
    elif s.month != e.month:
        first = _date(s, "d MMMM")
    else:
        first = _date(s, "d")
    return pgettext("dates", "%(first)s to %(last)s") % {"first": first, "last": day(e)}


QUALIFIERS = (
    "at least",
    "more than",
    "over",
    "up to",
    "about",
    "around",
    "approximately",
    "nearly",
    "almost",
    "estimated",
    "between",
    "less than",
    "fewer than",
    "at most",
)
"""The qualifiers published figures come with (a file's ``qualifier`` column, kept in a
result as published), each with a message of the catalogue (:func:`qualified`)."""


def _qualifier_messages() -> dict[str, str]:
    # One literal call per qualifier, so that the catalogue's extraction sees every message.
    return {
        "at least": pgettext("qualifier", "at least %(number)s"),
        "more than": pgettext("qualifier", "more than %(number)s"),
        "over": pgettext("qualifier", "over %(number)s"),
        "up to": pgettext("qualifier", "up to %(number)s"),
        "about": pgettext("qualifier", "about %(number)s"),
        "around": pgettext("qualifier", "around %(number)s"),
        "approximately": pgettext("qualifier", "approximately %(number)s"),
        "nearly": pgettext("qualifier", "nearly %(number)s"),
        "almost": pgettext("qualifier", "almost %(number)s"),
        "estimated": pgettext("qualifier", "estimated %(number)s"),
        "between": pgettext("qualifier", "between %(number)s"),
        "less than": pgettext("qualifier", "less than %(number)s"),
        "fewer than": pgettext("qualifier", "fewer than %(number)s"),
        "at most": pgettext("qualifier", "at most %(number)s"),
    }


def qualified(qualifier: object, shown: str) -> str:
    """``shown`` (a number or range already written) with the ``qualifier`` it was published
    with: ``at least 910``, ``ما لا يقل عن 910``. English, the source language, keeps the
    publisher's words as they are; another edition writes a qualifier of :data:`QUALIFIERS`
    through its message (a translator may put the number where the language wants it), and one
    no message knows as published. No qualifier: ``shown`` alone."""
    if _missing(qualifier) or not qualifier:
        return shown
    message = None
    if edition().language != "en":
        message = _qualifier_messages().get(" ".join(str(qualifier).lower().split()))
    return message % {"number": shown} if message else f"{qualifier} {shown}"


def week_of(value: object) -> str:
    """``week of 2 December 2024``: a week's bin, by its first day."""
    return pgettext("dates", "week of %(day)s") % {"day": day(value)}


def extract_catalogue(fileobj, keywords, comment_tags, options):
    """Babel extraction method for the catalogue's YAML files (``babel.cfg``): each entry is a
    Jinja template, whose messages Jinja's own extractor finds; line numbers are the entry's."""
    import io

    import yaml
    from jinja2.ext import babel_extract

    text = fileobj.read().decode("utf-8")
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        key = line.split(":", 1)[0]
        if key and not key.startswith((" ", "#")) and ":" in line:
            lines[key] = number
    for key, template in (yaml.safe_load(text) or {}).items():
        found = babel_extract(io.BytesIO(template.encode("utf-8")), keywords, comment_tags, options)
        for lineno, function, message, comments in found:
            yield lines.get(key, 1) + lineno - 1, function, message, [f"entry {key}", *comments]


__all__ = [
    "DIGITS",
    "DOMAIN",
    "LANGUAGES",
    "N_",
    "QUALIFIERS",
    "Edition",
    "date",
    "day",
    "day_month",
    "digits",
    "editing",
    "edition",
    "gettext",
    "locale_folder",
    "month",
    "ngettext",
    "number",
    "percent",
    "pgettext",
    "qualified",
    "short_day",
    "short_day_month",
    "short_month",
    "span",
    "translations",
    "use",
    "week_of",
    "year",
]
