"""Advice for the person running a report, never for its readers.

A report says what is missing in a reader's words ("no month ends in this period"); how to fix
it ("give a period that includes the last day of a month", "give an event file as
``casualties_path``") is advice for the operator. :func:`advice` makes a display output that
JupyterLab shows under the cell (marked as not part of the published report), that the HTML and
PDF leave out (:mod:`analysis.report.export`), and that ``sitrep render`` prints on stderr and
``sitrep batch`` keeps in its manifest (:mod:`analysis.report.advice`).

The words come from a sentence template (``sections/sentences/advice_<name>.j2``), like every
other sentence, so that they have one home.

An :class:`Advice` is a :class:`~analysis.sections.blocks.Block` of kind "advice" with no HTML
for the report, so a section returns it among its blocks and whoever lays blocks out by kind
(the situation report) keeps working; ``sitrep check``'s rules never see it, since the export
drops it.
"""

from __future__ import annotations

from analysis import outputs
from analysis.i18n import N_, gettext
from analysis.sections.blocks import Block, esc, in_edition
from analysis.sections.text import plain, render

MIME = outputs.ADVICE

FOR_YOU = N_("For you, not in the published report:")
"""What marks a piece of advice in JupyterLab, in the edition's language."""


class Advice(Block):
    """One piece of advice for the operator: a MIME bundle with its text as JSON, a marked box
    for JupyterLab, and the text alone. As a block it has no HTML (``data`` is empty): its
    words never join the report's."""

    def __init__(self, text: str) -> None:
        marker = gettext(FOR_YOU)
        super().__init__("", f"{marker} {text}", kind="advice")
        self.text = text

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, object]:
        marker = esc(gettext(FOR_YOU))
        box = (
            '<div class="sitrep-advice" style="border-inline-start:4px solid #b58900;'
            'padding:4px 10px;margin:6px 0;background:#fdf6e3;font-size:90%">'
            f"<strong>{marker}</strong> {esc(self.text)}</div>"
        )
        return {MIME: {"text": self.text}, "text/html": in_edition(box), "text/plain": repr(self)}

    def __repr__(self) -> str:
        marker = gettext(FOR_YOU)
        return f"{marker} {self.text}"


def advice(name: str, **values: object) -> Advice:
    """The advice of template ``advice_<name>`` filled with ``values``; display it in the cell
    (sections return it with their blocks)."""
    return Advice(plain(render(f"advice_{name}", **values)))


__all__ = ["MIME", "Advice", "advice"]
