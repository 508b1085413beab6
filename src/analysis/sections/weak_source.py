"""Markers and notes for figures that rest on a single weak source (disclosure kind
``weak-source``, :mod:`analysis.metrics.weak_source`), in the report's disclosure convention.

A :class:`Marks` belongs to one box, chart, table or sentence of a report. Each figure it shows
that carries a weak-source disclosure is wrapped as
``<span class="sitrep-result" data-key="KEY" data-disclosures="weak-source">TEXT</span>``
followed by ``<sup class="sitrep-mark"><a href="#ID">N</a></sup>``; :meth:`Marks.note` is the
``<p class="sitrep-disclosure" id="ID" data-kind="weak-source">`` placed right after it, naming
every figure marked and the page it rests on. :func:`attach` makes the note part of the block it
belongs to, so a report that moves a table to its annex moves its note with it.

IDs are ``sitrep-weak-source-`` and the Marks' ``where``: give each box, chart or table of a
report its own (``control-map``, ``control-changes-annex``), so IDs never repeat in a report.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from analysis import i18n
from analysis.metrics.results import Disclosure, Result
from analysis.metrics.weak_source import KIND, values_of, weak_disclosure
from analysis.sections.blocks import Block, Joined, slug
from analysis.sections.text import plain, render


class Marks:
    """The weak-source markers of one box, chart, table or sentence, and its note."""

    def __init__(self, where: str, number: int = 1, after: Marks | None = None) -> None:
        self.id = f"sitrep-weak-source-{slug(where)}"
        self.number = number
        self._found: list[Disclosure] = []
        self._after = after if after is not None and after.any else None

    @property
    def any(self) -> bool:
        return bool(self._found)

    def add(self, found: Disclosure | None) -> bool:
        """Keep ``found`` for the note; True when it is a weak-source disclosure."""
        if found is None or found.kind != KIND:
            return False
        if found not in self._found:
            self._found.append(found)
        return True

    def mark(self) -> Markup:
        """The marker that points at this Marks' note."""
        return Markup('<sup class="sitrep-mark"><a href="#{}">{}</a></sup>').format(
            self.id, i18n.digits(str(self.number))
        )

    def covers(self, found: Disclosure) -> bool:
        """Every figure of ``found`` is already in this Marks' note."""
        mine = {figure for figure, _ in self.entries()}
        return {figure for figure, _ in values_of(found).get("entries", ())} <= mine

    def wrap(self, key: str, text: object, found: Disclosure | None) -> Markup:
        """``text`` (escaped) as a marked result when ``found`` is a weak-source disclosure.
        When the Marks given as ``after`` (the chart or table just above) already names every
        figure of it, the marker points at that note instead of repeating it."""
        if found is None or found.kind != KIND:
            return escape(text)
        if self._after is not None and self._after.covers(found):
            mark = self._after.mark()
        else:
            self.add(found)
            mark = self.mark()
        return (
            Markup(
                '<span class="sitrep-result" data-key="{}" data-disclosures="{}">{}</span>'
            ).format(key, KIND, text)
            + mark
        )

    def show(self, result: Result, text: object | None = None) -> Markup:
        """``result`` as published (or ``text``), marked when it rests on a weak source."""
        return self.wrap(result.key, result.text if text is None else text, weak_disclosure(result))

    def figures(self, results: list[Result]) -> Markup:
        """The marker for a chart or caption that draws ``results`` ("" when none is weak)."""
        added = [self.add(weak_disclosure(r)) for r in results]
        return self.mark() if any(added) else Markup("")

    def entries(self) -> list[tuple[str, str]]:
        """(figure, page) of every figure marked, each once, in the order found."""
        seen: dict[str, str] = {}
        for found in self._found:
            for figure, page in values_of(found).get("entries", ()):
                seen.setdefault(figure, page)
        return list(seen.items())

    def counted(self) -> bool:
        """Some figure marked is a count that includes weak rows (not one figure)."""
        return any("of" in values_of(found) for found in self._found)

    def note(self) -> Block | None:
        """The note under the box, chart or table; None when nothing was marked."""
        if not self._found:
            return None
        pages: dict[str, list[str]] = {}
        for figure, page in self.entries():
            pages.setdefault(page, []).append(figure)
        body = render(
            "weak_source",
            number=self.number,
            groups=list(pages.items()),
            count=len(self.entries()),
            counted=self.counted(),
        )
        markup = (
            f'<div class="sitrep-note"><p class="sitrep-disclosure" id="{self.id}" '
            f'data-kind="{KIND}">{body}</p></div>'
        )
        return Block(markup, plain(body), kind="note")


def attach(block: Block, marks: Marks) -> Block:
    """``block`` followed by ``marks``' note, as one block of the same kind (unchanged when
    nothing was marked)."""
    note = marks.note()
    if note is None:
        return block
    return Joined(block, note)


def with_note(blocks: list[Block], marks: Marks) -> list[Block]:
    """``blocks`` with ``marks``' note after the last of them (nothing added when unmarked)."""
    if not blocks:
        return blocks
    return [*blocks[:-1], attach(blocks[-1], marks)]


__all__ = ["KIND", "Marks", "attach", "with_note"]
