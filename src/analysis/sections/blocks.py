"""What report notebooks show: titles, text, figures and tables as escaped, self-contained HTML.

Text that comes from data files (place names, notes, organisation names) is always escaped, so
nothing in a data file can become markup in the report. Figures are embedded as SVG data URIs
with alt text and a caption carrying the source.
"""

from __future__ import annotations

import base64
import html
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup
from matplotlib.figure import Figure

from analysis import i18n
from analysis.charts import svg
from analysis.i18n import _, day, edition, number

# Figures are embedded as SVG: vector lines that stay sharp in print and on screen, text kept as
# text (searchable and copyable in the HTML and the PDF, shaped by the browser, so Arabic is
# joined and right to left), smaller files, and about 40% less time to save than a 150 dpi PNG.
# Raster parts of a figure (none in the house charts) are embedded at IMAGE_DPI.
IMAGE_DPI = 150


def esc(value: object) -> str:
    """HTML-escaped text of ``value``; :class:`~markupsafe.Markup` (made by the library's own
    templates, its parts already escaped) is kept as it is."""
    if isinstance(value, Markup):
        return str(value)
    return html.escape("" if value is None else str(value), quote=True)


def in_edition(markup: str) -> str:
    """``markup`` as a notebook shows it: in a right-to-left edition (:mod:`analysis.i18n`),
    inside an element of the edition's language and direction, since JupyterLab's page is left
    to right (the exported report's ``<html>`` carries them too, so it lays out the same);
    unchanged in a left-to-right edition."""
    edition = i18n.edition()
    if edition.direction == "ltr":
        return markup
    return (
        f'<div class="sitrep-edition" lang="{edition.language}" dir="{edition.direction}">'
        f"{markup}</div>"
    )


@dataclass(frozen=True)
class AxesFacts:
    """What one axes of a figure showed, kept on the figure's block for checks: its title, the
    dates at the ends of its x axis (None when the axis is not a date axis) and whether anything
    was drawn from data."""

    title: str
    x_dates: tuple[pd.Timestamp, pd.Timestamp] | None
    drawn: bool


def _axes_facts(fig: Figure) -> tuple[AxesFacts, ...]:
    import matplotlib.dates as mdates

    dated = (mdates.DateFormatter, mdates.AutoDateFormatter, mdates.ConciseDateFormatter)
    facts = []
    for ax in fig.axes:
        x_dates = None
        if isinstance(ax.xaxis.get_major_formatter(), dated):
            low, high = ax.get_xlim()
            x_dates = tuple(pd.Timestamp(mdates.num2date(v)).tz_localize(None) for v in (low, high))
        drawn = bool(ax.lines or ax.collections or ax.patches or ax.images or ax.containers)
        facts.append(AxesFacts(ax.get_title(loc="left") or ax.get_title(), x_dates, drawn))
    return tuple(facts)


_TAGS = re.compile(r"<[^>]+>")
_MARKS = re.compile(r'<sup class="sitrep-mark">.*?</sup>')

KINDS = ("heading", "paragraph", "note", "figure", "table", "list", "html", "advice")
"""What a block is, so a report can lay blocks out by kind (the situation report moves tables
and long lists to its annex) without reading their text. "advice" is for the operator only
(:mod:`analysis.sections.advice`): shown in JupyterLab, never in the published report."""


class Block(HTML):
    """An HTML block whose plain-text form is readable (never an object repr). ``kind`` is one
    of :data:`KINDS`; a figure's block also keeps the facts of its axes (``axes``).

    ``data`` (the HTML) is made when it is read: a figure's block draws its figure then, so a
    figure changed in a notebook after its section was made shows the change
    (:class:`FigureBlock`, :class:`Joined`)."""

    def __init__(
        self,
        markup: str,
        text: str,
        axes: tuple[AxesFacts, ...] = (),
        *,
        kind: str = "html",
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown block kind {kind!r}; known: {', '.join(KINDS)}")
        super().__init__(markup)
        self._text = text
        self._axes = axes
        self.kind = kind

    @property
    def data(self) -> str:
        return self._markup

    @data.setter
    def data(self, markup: str) -> None:  # IPython's DisplayObject sets it on creation
        self._markup = markup

    @property
    def axes(self) -> tuple[AxesFacts, ...]:
        return self._axes

    @property
    def figure_blocks(self) -> tuple[FigureBlock, ...]:
        """The figures this block shows (none for text; one for a figure's block)."""
        return ()

    def _repr_html_(self) -> str:
        return in_edition(self.data)

    def __repr__(self) -> str:
        return self._text


class FigureBlock(Block):
    """A matplotlib figure with its alt text and caption, drawn (as SVG) when its HTML is read,
    not before: the figure stays reachable (``figure``) and changeable until the section is
    shown. ``name`` is the figure's key in its section's ``figures``."""

    def __init__(self, fig: Figure, alt: str, caption: str = "", *, name: str = "") -> None:
        import matplotlib.pyplot as plt

        plt.close(fig)  # out of pyplot's list: kept by this block alone, never shown twice
        self.figure = fig
        self.alt = alt
        self.caption = caption
        self.name = name or short_slug(alt)
        self._drawn: tuple[Figure, str] | None = None
        super().__init__("", _("[figure: %(alt)s]") % {"alt": alt}, kind="figure")

    @property
    def data(self) -> str:
        if self._drawn is None or self._drawn[0] is not self.figure or self.figure.stale:
            self._drawn = (self.figure, self._draw())
            # Laying the figure out while drawing marks it changed; what changes it from here
            # on (a colour, an annotation) marks it again, and it is drawn anew when shown.
            self.figure.stale = False
        return self._drawn[1]

    @data.setter
    def data(self, markup: str) -> None:  # made from the figure, never set
        pass

    def _draw(self) -> str:
        import matplotlib.pyplot as plt

        with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "sitrep"}):
            image = svg.to_svg(self.figure, IMAGE_DPI)
        data = base64.b64encode(image).decode("ascii")
        cap = f"<figcaption>{esc(self.caption)}</figcaption>" if self.caption else ""
        return (
            f'<figure class="sitrep-figure"><img src="data:image/svg+xml;base64,{data}" '
            f'alt="{esc(self.alt)}">{cap}</figure>'
        )

    @property
    def axes(self) -> tuple[AxesFacts, ...]:
        return _axes_facts(self.figure)

    @property
    def figure_blocks(self) -> tuple[FigureBlock, ...]:
        return (self,)


class Joined(Block):
    """Blocks and markup shown as one block (a figure with its note, a map inside the brief's
    frame): its HTML is made from its parts when read, so a figure inside stays changeable.
    Its kind and axes are those of its first block unless given."""

    def __init__(
        self, *parts: str | Block, text: str | None = None, kind: str | None = None
    ) -> None:
        self.parts = parts
        blocks = [p for p in parts if isinstance(p, Block)]
        shown = "\n".join(repr(b) for b in blocks if repr(b))
        super().__init__(
            "", shown if text is None else text, kind=kind or (blocks[0].kind if blocks else "html")
        )

    @property
    def data(self) -> str:
        return "".join(p.data if isinstance(p, Block) else p for p in self.parts)

    @data.setter
    def data(self, markup: str) -> None:  # made from the parts, never set
        pass

    @property
    def axes(self) -> tuple[AxesFacts, ...]:
        return tuple(a for p in self.parts if isinstance(p, Block) for a in p.axes)

    @property
    def figure_blocks(self) -> tuple[FigureBlock, ...]:
        return tuple(f for p in self.parts if isinstance(p, Block) for f in p.figure_blocks)


@cache
def stylesheet() -> str:
    """A ``<style>`` element with the blocks' styles (``blocks.css``), sent once per report with
    its title so that key figures and notes look the same in JupyterLab and in the export."""
    css = (resources.files("analysis") / "sections" / "blocks.css").read_text(encoding="utf-8")
    return f"<style>{css}</style>"


def slug(text: str) -> str:
    """An id from ``text``: its Latin letters and digits, and its Arabic letters (the Arabic
    edition's headings), joined by ``-``."""
    return (
        re.sub(r"[^a-z0-9\u0621-\u064a\u0660-\u0669]+", "-", text.lower()).strip("-") or "section"
    )


def short_slug(text: str, words: int = 4) -> str:
    """A short key from the first ``words`` words of ``text`` ("map-of-syria-with")."""
    return "-".join(slug(text).split("-")[:words])


def heading(text: str, level: int = 2) -> Block:
    """A section heading; level-2 headings get an id and appear in the HTML's contents."""
    return Block(f'<h{level} id="{slug(text)}">{esc(text)}</h{level}>', text, kind="heading")


def paragraph(template: str, **values: object) -> Block:
    """A paragraph from a template whose ``{name}`` fields are filled with escaped values.

    The template itself is trusted text written in the notebook or library; only the values,
    which may come from data files, are escaped. ``**bold**`` in the template becomes bold.
    """
    escaped = {key: esc(value) for key, value in values.items()}
    body = esc(template).format(**escaped)
    parts = body.split("**")
    body = "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))
    plain = template.format(**{k: str(v) for k, v in values.items()})
    return Block(f"<p>{body}</p>", plain, kind="paragraph")


def note(template: str, **values: object) -> Block:
    inner = paragraph(template, **values)
    return Block(f'<div class="sitrep-note">{inner.data}</div>', repr(inner), kind="note")


def figure(fig: Figure, alt: str, caption: str = "", *, name: str = "") -> FigureBlock:
    """``fig`` with alt text and caption, drawn as SVG when shown (:class:`FigureBlock`);
    ``name`` is its key in its section's ``figures`` (default: from the alt text)."""
    return FigureBlock(fig, alt, caption, name=name)


def table(
    frame: pd.DataFrame,
    columns: dict[str, str] | None = None,
    numeric: Sequence[str] = (),
    caption: str = "",
) -> Block:
    """A table of ``frame`` with readable headers (``columns`` maps column -> header)."""
    columns = columns or {c: c for c in frame.columns}
    head = "".join(
        f'<th class="{"num" if c in numeric else ""}">{esc(h)}</th>' for c, h in columns.items()
    )
    rows = []
    for record in frame[list(columns)].itertuples(index=False):
        cells = []
        for column, value in zip(columns, record, strict=True):
            shown = value if isinstance(value, Markup) else _format(value)
            cls = "num" if column in numeric else ("date" if "date" in column else "")
            cells.append(f'<td class="{cls}">{esc(shown)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    markup = (
        f'<table class="sitrep-table">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    text = frame[list(columns)].map(
        lambda v: html.unescape(_TAGS.sub("", _MARKS.sub("", v))) if isinstance(v, Markup) else v
    )
    return Block(markup, text.to_string(index=False), kind="table")


def _format(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):  # ISO in English, as it always was; words elsewhere
        return value.date().isoformat() if edition().language == "en" else day(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
        if edition().digits == "arabic":  # the same number, in the edition's digits
            return number(value, 0 if float(value).is_integer() else 1)
        return shown
    return str(value)


def bullets(title: str, items: Sequence[str], level: int = 3) -> Block:
    """A list under a small heading (sources disagreeing, places left out); every item is
    escaped. Its kind is "list", so a long report can move it to an annex."""
    lines = "".join(f"<li>{esc(item)}</li>" for item in items)
    return Block(
        f"<h{level}>{esc(title)}</h{level}><ul>{lines}</ul>",
        "\n".join([title, *(f"- {item}" for item in items)]),
        kind="list",
    )
