"""Every caveat beside its number: the marked number and the notes under the box, chart or table.

A :class:`~analysis.metrics.results.Result` carries its disclosures as data; whoever states it
states them, in one convention that ``sitrep check`` verifies::

    <span class="sitrep-result" data-key="deaths" data-disclosures="crossing">1,234</span>
    <sup class="sitrep-mark"><a href="#casualties-key-figures-crossing">a</a></sup>...
    ...
    <p class="sitrep-disclosure" id="casualties-key-figures-crossing" data-kind="crossing">...</p>

One :class:`Notes` per box, table, chart or group of sentences in a section: :meth:`Notes.mark`
writes a number with its marks (a letter per kind of note, never a digit that could be read as
part of the number) and :meth:`Notes.block` the notes, after the block that states the numbers.
A kind has one note per :class:`Notes`: the same caveat of several results (deaths and events
of one period) is one note; different values (the governorates of a table) are one note that
lists each. Note ids are made from the notes' ``prefix`` and the kind, so they are the same in
every run and distinct in a report when each prefix is. The words of every note come from the
template of its kind, ``sections/sentences/disclosure_<kind>.j2``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from analysis import i18n, organisations
from analysis.i18n import _, pgettext
from analysis.metrics.casualties.coverage import EventCoverage
from analysis.metrics.results import Disclosure, Result
from analysis.sections.blocks import Block, esc, slug
from analysis.sections.text import detail, label, plain, render, terms

LETTERS = {
    "en": tuple("abcdefghijklmnopqrstuvwxyz"),
    # Arabic letters its notes in the abjad order (أ، ب، ج، د، هـ ...), as Arabic books and the
    # UN's Arabic documents letter notes and sub-items.
    "ar": (*"أبجد", "هـ", *"وزحطيكلمنسعفصقرشتثخذضظغ"),
}
"""The letters that mark notes, in order, by the edition's language."""


@dataclass
class _Note:
    kind: str
    id: str
    letter: str
    items: list[tuple[Disclosure, list[str | None]]] = field(default_factory=list)

    def add(self, disclosure: Disclosure, area: str | None) -> None:
        for said, areas in self.items:
            if _same(said, disclosure):
                if area not in areas:
                    areas.append(area)
                return
        self.items.append((disclosure, [area]))

    def values(self) -> list[dict[str, object]]:
        """What the template states: one dict per distinct disclosure, ``area`` naming the
        places it is for (None when one caveat is said of every number that marks it)."""
        if len(self.items) == 1:
            disclosure, areas = self.items[0]
            values = disclosure.values
            if len(areas) > 1:  # the same caveat for several places: said once, for all
                if "where" in values:
                    values["where"] = None
                return [{**values, "area": None}]
            return [{**values, "area": areas[0]}]
        return [
            {**said.values, "area": pgettext("list", ", ").join(a for a in areas if a) or None}
            for said, areas in self.items
        ]


def _same(first: Disclosure, second: Disclosure) -> bool:
    """The same caveat, whatever place it is said for (``unplaced`` names its governorate)."""
    strip = ("where",)
    return first.kind == second.kind and {k: v for k, v in first.items if k not in strip} == {
        k: v for k, v in second.items if k not in strip
    }


class Notes:
    """The disclosure notes of one block (a box, a table, a chart, a group of sentences).

    ``prefix`` makes the notes' ids (``<prefix>-<kind>``): give each ``Notes`` of a report its
    own (the section and the block: "casualties-key-figures")."""

    def __init__(self, prefix: str) -> None:
        self.prefix = slug(prefix)
        self._notes: dict[str, _Note] = {}
        self._shown: set[str] = set()

    def _note(self, kind: str) -> _Note:
        if kind not in self._notes:
            letters = LETTERS[i18n.edition().language]
            letter = letters[len(self._notes) % len(letters)]
            self._notes[kind] = _Note(kind, f"{self.prefix}-{slug(kind)}", letter)
        return self._notes[kind]

    def add(self, disclosure: Disclosure, area: str | None = None) -> str:
        """Record ``disclosure`` (for ``area`` when a note lists several places); its letter."""
        note = self._note(disclosure.kind)
        note.add(disclosure, area)
        return note.letter

    def marker(self, disclosure: Disclosure, area: str | None = None) -> Markup:
        """Record ``disclosure`` of a chart or caption (no number to wrap); the marker that
        points at its note."""
        letter = self.add(disclosure, area)
        note = self._notes[disclosure.kind]
        return Markup('<sup class="sitrep-mark"><a href="#{}">{}</a></sup>').format(note.id, letter)

    def marks(self, result: Result, area: str | None = None) -> str:
        """The markers of ``result``'s disclosures (HTML), recording each."""
        notes = []
        for disclosure in result.disclosures:
            self.add(disclosure, area)
            note = self._notes[disclosure.kind]
            if note not in notes:
                notes.append(note)
        return "".join(
            f'<sup class="sitrep-mark"><a href="#{esc(n.id)}">{n.letter}</a></sup>'
            for n in sorted(notes, key=list(self._notes.values()).index)
        )

    def mark(
        self, result: Result | None, shown: str | None = None, area: str | None = None
    ) -> Markup:
        """``result`` as stated (``shown``, by default its text as published: "at least 910")
        in a ``sitrep-result`` element with its disclosures' kinds, then their markers; the two
        kept on one line (``sitrep-marked``), so a marker never wraps away from its number."""
        if result is None:
            return Markup("")
        text = result.text if shown is None else str(shown)
        kinds = " ".join(result.kinds)
        marks = self.marks(result, area)
        inner = (
            f'<span class="sitrep-result" data-key="{esc(result.key)}" '
            f'data-disclosures="{esc(kinds)}">{esc(text)}</span>{marks}'
        )
        return Markup(f'<span class="sitrep-marked">{inner}</span>' if marks else inner)

    def number(self, result: Result | None, area: str | None = None) -> Markup:
        """``result``'s number alone ("910"), marked."""
        return self.mark(result, None if result is None else result.number, area)

    def __bool__(self) -> bool:
        return bool(self._notes)

    def pending(self) -> list[_Note]:
        return [n for n in self._notes.values() if n.id not in self._shown]

    def markup(self) -> str:
        """The notes not shown yet, as HTML ("" when none); each shown once."""
        notes = self.pending()
        if not notes:
            return ""
        self._shown.update(n.id for n in notes)
        paragraphs = "".join(
            f'<p class="sitrep-disclosure" id="{esc(n.id)}" data-kind="{esc(n.kind)}">'
            f'<span class="sitrep-note-mark">{n.letter}</span> '
            f"{render(f'disclosure_{n.kind}', items=n.values())}</p>"
            for n in notes
        )
        return f'<div class="sitrep-disclosures">{paragraphs}</div>'

    def block(self) -> Block | None:
        """The notes not shown yet, as a block (None when there are none)."""
        markup = self.markup()
        if not markup:
            return None
        return Block(markup, plain_notes(markup), kind="note")

    def blocks(self) -> list[Block]:
        """:meth:`block` as a list (empty when there is nothing to say)."""
        made = self.block()
        return [] if made is None else [made]


def plain_notes(markup: str) -> str:
    """The text of a notes block: one line per note, "a. ..."."""
    lines = markup.replace("</p>", "</p>\n").splitlines()
    return "\n".join(plain(line).strip().replace(" ", ". ", 1) for line in lines if line.strip())


def with_marks(notes: Notes, block: Block) -> list[Block]:
    """``block`` followed by the notes its numbers needed (those not shown yet)."""
    return [block, *notes.blocks()]


def key_figures_box(results: list[Result], notes: Notes | None = None) -> Block:
    """A row of boxes, one per result: label, value as published with the markers of its
    disclosures, when it holds and how it was counted, and its source; the notes under the
    row, in the same block. Give ``notes`` when sentences after the box state the same results
    (they then refer to the same notes)."""
    if not results:
        return Block("", "")
    notes = notes if notes is not None else Notes("key-figures-" + "-".join(r.key for r in results))
    cells = "".join(
        f'<div class="sitrep-kf"><div class="sitrep-kf-label">{esc(label(r))}</div>'
        f'<div class="sitrep-kf-value">{notes.mark(r)}</div>'
        f'<div class="sitrep-kf-detail">{esc(detail(r))}</div>'
        f'<div class="sitrep-kf-source">{esc(_source(r))}</div></div>'
        for r in results
    )
    said = notes.markup()
    text = "\n".join(
        _("%(label)s: %(value)s (%(detail)s; source: %(source)s)")
        % {
            "label": label(r),
            "value": f"{r.text}{_letters(notes, r)}",
            "detail": detail(r),
            "source": organisations.shown(r.source),
        }
        for r in results
    )
    if said:
        text += "\n" + plain_notes(said)
    return Block(f'<div class="sitrep-key-figures">{cells}</div>{said}', text, kind="html")


def _source(result: Result) -> str:
    """The source line of a key-figure box: "Source: SOHR"."""
    return _("Source: %(source)s") % {"source": organisations.shown(result.source)}


def _letters(notes: Notes, result: Result) -> str:
    letters = [notes._notes[k].letter for k in result.kinds if k in notes._notes]
    return "".join(f"[{letter}]" for letter in letters)


def source_name(
    title: str,
    *,
    types: tuple[str, ...] = (),
    last: object = None,
    last_month: object = None,
) -> str:
    """A source named by what it holds, never by its file name: "ACLED, battles only, to 2 June
    2023" (``types``: the kinds it holds when only some; ``last``: its last date; ``last_month``:
    its last month, for monthly counts that give no date)."""
    return plain(
        render("disclosure_source", title=title, types=types, last=last, last_month=last_month)
    )


def event_source_name(coverage: EventCoverage) -> str:
    """An event file named by its coverage (:func:`source_name`)."""
    return source_name(
        coverage.source,
        types=terms(coverage.types, "event_type", "type") if coverage.partial_types else (),
        last=coverage.last,
    )


def note_block(prefix: str, disclosures: list[Disclosure]) -> list[Block]:
    """Notes with no number to mark (what a chart could not draw), under the chart."""
    notes = Notes(prefix)
    for disclosure in disclosures:
        notes.add(disclosure)
    return notes.blocks()


__all__ = [
    "Notes",
    "event_source_name",
    "key_figures_box",
    "note_block",
    "plain_notes",
    "source_name",
    "with_marks",
]
