"""What a report says, read from the marks its sections put in the HTML rather than from its
words, so that a test still checks the same fact when a sentence is reworded or translated.

The sections mark what they state (:mod:`analysis.sections.text`,
:mod:`analysis.sections.disclosures`)::

    <p data-sentence="casualties_events_total">...              a sentence, by its template
      <span class="sitrep-result" data-key="deaths"
            data-disclosures="crossing">1,234</span>...         a number, by its result's key
    <p class="sitrep-disclosure" data-kind="crossing">...       a caveat's note, by its kind

:func:`read` takes a report's HTML, a block or a list of blocks and gives a :class:`Said`:
the sentences by template, the numbers by key (with the kinds of their disclosures) and the
notes by kind. A test compares those numbers with its own computation from the raw data, and
checks which sentence was said, never how it was worded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

_NUMBER = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


_LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩٬٫", "0123456789,.")
"""Arabic-Indic digits and Arabic separators, read as the numbers they write."""


def numbers_in(text: str) -> list[float]:
    """Every number written in ``text``, in order ("12 (10–16)" -> 12, 10, 16: a range's dash
    is no minus sign), in Latin or Arabic-Indic digits ("١٬٢٣٤" -> 1234)."""
    found = _NUMBER.findall(text.translate(_LATIN).replace("–", " – "))
    return [float(n.replace(",", "").replace("−", "-")) for n in found]


@dataclass
class Stated:
    """A number as a report states it: its result's ``key``, the text shown ("at least 910")
    and the kinds of the disclosures it is marked with."""

    key: str
    text: str
    kinds: tuple[str, ...]

    @property
    def value(self) -> float | None:
        """The number stated ("at least 1,234" -> 1234.0); None when the text states none
        ("none reported", "–")."""
        found = numbers_in(self.text)
        return found[0] if found else None

    @property
    def numbers(self) -> list[float]:
        """Every number in the text: the value, then its range ("12 (10–16)" -> 12, 10, 16)."""
        return numbers_in(self.text)


@dataclass
class Sentence:
    """A sentence (a paragraph or a note) made from the template ``key``: its text as a reader
    sees it and the numbers it states."""

    key: str
    text: str = ""
    results: list[Stated] = field(default_factory=list)

    def stated(self, key: str) -> Stated:
        """The one number of result ``key`` in this sentence."""
        found = [r for r in self.results if r.key == key]
        assert len(found) == 1, f"{self.key}: {len(found)} numbers of {key!r}: {self.text!r}"
        return found[0]

    def value(self, key: str) -> float | None:
        return self.stated(key).value

    @property
    def numbers(self) -> list[float]:
        """Every number written in the sentence, marked or not, in order."""
        return numbers_in(self.text)

    @property
    def values(self) -> dict[str, float | None]:
        """The numbers of the sentence's results by key (the first of each)."""
        found: dict[str, float | None] = {}
        for r in self.results:
            found.setdefault(r.key, r.value)
        return found


@dataclass
class Note:
    """A disclosure note: its ``kind`` and its text."""

    kind: str
    id: str
    text: str = ""


@dataclass
class Said:
    """Everything one piece of HTML states, in order."""

    sentences: list[Sentence]
    results: list[Stated]
    notes: list[Note]

    def all(self, key: str) -> list[Sentence]:
        """Every sentence made from template ``key``."""
        return [s for s in self.sentences if s.key == key]

    def sentence(self, key: str) -> Sentence:
        """The one sentence made from template ``key``."""
        found = self.all(key)
        said = sorted({s.key for s in self.sentences})
        assert len(found) == 1, f"{len(found)} sentences {key!r}; said: {said}"
        return found[0]

    def says(self, key: str) -> bool:
        return any(s.key == key for s in self.sentences)

    def stated(self, key: str) -> list[Stated]:
        """Every statement of result ``key``."""
        return [r for r in self.results if r.key == key]

    def kinds(self, key: str) -> set[str]:
        """The kinds of disclosure result ``key`` is marked with, wherever it is stated."""
        return {k for r in self.stated(key) for k in r.kinds}

    def noted(self, kind: str) -> list[Note]:
        """The notes of disclosure ``kind``."""
        return [n for n in self.notes if n.kind == kind]

    @property
    def note_kinds(self) -> set[str]:
        return {n.kind for n in self.notes}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.said = Said([], [], [])
        self._open: list[tuple[str, object]] = []  # (tag, what it opened: a record or None)

    def _inside(self, kind: type) -> list:
        return [made for _, made in self._open if isinstance(made, kind)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        a = {k: v or "" for k, v in attrs}
        made: object = None
        if "data-sentence" in a:
            made = Sentence(a["data-sentence"])
            self.said.sentences.append(made)
        elif "sitrep-result" in a.get("class", "").split() and "data-key" in a:
            made = Stated(a["data-key"], "", tuple(a.get("data-disclosures", "").split()))
            self.said.results.append(made)
            for sentence in self._inside(Sentence):
                sentence.results.append(made)
        elif "sitrep-disclosure" in a.get("class", "").split() and "data-kind" in a:
            made = Note(a["data-kind"], a.get("id", ""))
            self.said.notes.append(made)
        elif {"sitrep-mark", "sitrep-note-mark"} & set(a.get("class", "").split()):
            made = "mark"  # a disclosure's letter: not part of the words
        self._open.append((tag, made))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        if "mark" in [made for _, made in self._open]:
            return
        for made in (m for _, m in self._open if isinstance(m, Sentence | Stated | Note)):
            made.text += data


def _html(source: object) -> str:
    if isinstance(source, str):
        return source
    if hasattr(source, "data"):  # a block (IPython HTML)
        return str(source.data)
    if isinstance(source, Iterable):
        return "".join(_html(part) for part in source)
    raise TypeError(f"cannot read {type(source).__name__}")


def read(source: object) -> Said:
    """What ``source`` (HTML, a block or blocks) says."""
    reader = _Reader()
    reader.feed(_html(source))
    reader.close()
    said = reader.said
    for made in (*said.sentences, *said.results, *said.notes):
        made.text = " ".join(made.text.split())  # entities are decoded by the parser
    return said


def words(key: str, **values: object) -> str:
    """The text of sentence template ``key`` filled with ``values``, as a reader sees it: what a
    test expects a sentence to say, written by the report's own template from values the test
    computed, so that rewording the template changes both sides."""
    from analysis.sections.text import plain, render

    return " ".join(plain(render(key, **values)).split())


ANY = "\u2063"
"""A value a test does not state (a source's name): :func:`says` accepts any text in its place.
(An invisible separator, which no sentence holds.)"""


def says(text: str, key: str, **values: object) -> bool:
    """Whether ``text`` holds sentence template ``key`` filled with ``values`` (:func:`words`),
    any text standing where a value is :data:`ANY`; whitespace is compared collapsed."""
    text = " ".join(text.split())
    position = 0
    for fragment in (f.strip() for f in words(key, **values).split(ANY)):
        if not fragment:
            continue
        found = text.find(fragment, position)
        if found < 0:
            return False
        position = found + len(fragment)
    return True
