"""SVG output for report figures, with each text measured once per process.

Matplotlib measures a text (a tick label, a title, a source line) with FreeType every time a
figure is laid out or drawn, and a figure with a layout engine is drawn twice when saved (once
to lay it out, once to write it); each draw has its own renderer and so its own cache. A report
measures the same strings ("0", "2024", the source line) over and over: in the situation report,
1,075 measurements are of 401 distinct strings, at about half a millisecond each.

The size of a plain (non-mathtext) string depends only on the string and its font properties,
so this backend keeps the measurements for the life of the process (a batch worker's kernel
reuses them across runs). Output is byte for byte what matplotlib's own SVG backend writes, but
for text written right to left (below).

Arabic: matplotlib neither shapes Arabic (joins its letters) nor orders text in both directions;
with ``svg.fonttype: none`` (:class:`analysis.sections.blocks.FigureBlock`) it need not, as the
SVG keeps each text as text and the browser that shows or prints it shapes and orders it. A text
with a right-to-left letter is written inside a right-to-left isolate (U+2067 ... U+2069), so a
Latin name or a number in it takes its place in the Arabic order ("حلب 2024" reads from the
right) while the text keeps the anchor matplotlib gave it. Matplotlib measures the letters
unjoined, which are a little wider than joined ones: the room it leaves is enough.

With Arabic-Indic digits (the edition's ``digits``), every number a chart writes (ticks from
any formatter, annotations) is written in them (:func:`analysis.i18n.digits_in_text`); a word
with a Latin letter (a name, a record id) keeps its own.

:func:`to_svg` also draws a figure once: ``savefig`` draws a figure with a layout engine twice
(a first pass, with drawing switched off, to lay it out), while here the layout runs inside the
one real draw. ``fig.savefig(..., format="svg", backend=BACKEND)`` uses the cache alone.
"""

from __future__ import annotations

import codecs
import functools
import io
import unicodedata
from typing import IO, Any

from matplotlib import rcParams
from matplotlib.backends import backend_svg
from matplotlib.backends.backend_mixed import MixedModeRenderer

from analysis import i18n

BACKEND = "module://analysis.charts.svg"

_GENERIC = {"serif", "sans-serif", "sans", "monospace", "cursive", "fantasy"}
_LIMIT = 50_000
_measured: dict[tuple[Any, ...], tuple[float, float, float]] = {}


def _key(text: str, prop: Any) -> tuple[Any, ...]:
    family = tuple(prop.get_family())
    # Generic names ("sans-serif") resolve through rcParams, so their lists are part of the key.
    generic = tuple(tuple(rcParams[f"font.{name}"]) for name in family if name in _GENERIC)
    return (
        text,
        family,
        generic,
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size_in_points(),
        str(prop.get_file()),
    )


RLI, PDI = "\u2067", "\u2069"  # right-to-left isolate, pop directional isolate


@functools.cache
def right_to_left(text: str) -> bool:
    """Whether ``text`` has a letter written right to left (Arabic, Hebrew, Syriac...)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


class RendererSVG(backend_svg.RendererSVG):
    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if not ismath:
            # every number of a chart in the edition's digits, whichever formatter wrote it
            s = i18n.digits_in_text(s)
        if not ismath and right_to_left(s):
            s = f"{RLI}{s}{PDI}"
        return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:  # mathtext and TeX depend on more settings: measured every time
            return super().get_text_width_height_descent(s, prop, ismath)
        key = _key(s, prop)
        found = _measured.get(key)
        if found is None:
            found = super().get_text_width_height_descent(s, prop, ismath)
            if len(_measured) >= _LIMIT:
                _measured.clear()
            _measured[key] = found
        return found


class FigureCanvasSVG(backend_svg.FigureCanvasSVG):
    def print_svg(
        self, filename: str | IO, *, bbox_inches_restore=None, metadata=None, **_raster: Any
    ) -> None:
        """Write the figure as SVG. ``print_figure`` also passes the options meant for raster
        formats (dpi, facecolor, edgecolor, orientation), which SVG output does not use."""
        if isinstance(filename, str):
            with open(filename, "w", encoding="utf-8") as handle:
                self._write(handle, bbox_inches_restore, metadata)
            return
        self._write(_text_stream(filename), bbox_inches_restore, metadata)

    def _write(self, stream: IO[str], bbox_inches_restore, metadata) -> None:
        figure = self.figure
        # SVG user units are points, so the figure is laid out and drawn at 72 dpi; raster parts
        # keep the figure's dpi. As in matplotlib, the dpi stays at 72 afterwards: the layout
        # pass of ``savefig`` must see it, and ``savefig`` restores it.
        dpi, figure.dpi = figure.dpi, 72
        width, height = figure.get_size_inches()
        vector = RendererSVG(width * 72, height * 72, stream, image_dpi=dpi, metadata=metadata)
        renderer = MixedModeRenderer(
            figure, width, height, dpi, vector, bbox_inches_restore=bbox_inches_restore
        )
        figure.draw(renderer)
        renderer.finalize()


def to_svg(fig: Any, image_dpi: float = 150) -> bytes:
    """``fig`` as SVG (UTF-8), laid out and drawn in one pass; raster parts at ``image_dpi``.

    The figure's canvas is replaced, so the figure is meant to be closed afterwards.
    """
    buffer = io.BytesIO()
    canvas = FigureCanvasSVG(fig)
    dpi, fig.dpi = fig.dpi, image_dpi
    try:
        canvas.print_svg(buffer)
    finally:
        fig.dpi = dpi
    return buffer.getvalue()


def _text_stream(handle: IO) -> IO[str]:
    """``handle`` itself if it takes text, else a UTF-8 writer over it."""
    try:
        handle.write("")
    except TypeError:
        return codecs.getwriter("utf-8")(handle)
    return handle


FigureCanvas = FigureCanvasSVG
