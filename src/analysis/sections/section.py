"""A section of a report as an object: a small tree an analyst can look into and change.

A :class:`Section` holds its title, its blocks (paragraphs, notes, figures, tables), the
sections under it, the frames it was computed from and the parts it sends to an annex. Shown
in JupyterLab (``_repr_html_``), it is drawn from its blocks at that moment, so a chart changed
in the notebook (``section.figures["..."]``) appears changed, in JupyterLab and in the export::

    deaths = section.deaths_section(report)
    ax = deaths.figures["deaths"].axes[0]
    ax.axvline(pd.Timestamp("2024-11-27"), color="black")
    deaths  # shown with the line, in the notebook and in the HTML and PDF

Headings: a notebook gives each section a markdown heading, its outline in JupyterLab, so the
section's own title is not shown again under it; it travels in the metadata of the section's
first output (:data:`METADATA`) and the export (:mod:`analysis.report.export`), which leaves the
markdown out, puts it back in the report. Each heading is so shown once in either place. The
titles of the sections under it are shown where they stand. In a notebook a section is one
output per block, as a report's blocks always were: the export's print rules keep each whole
on a page.

A section also iterates over its blocks (its title's heading first), as the lists of blocks
sections returned before, so code that lays blocks out by kind keeps working.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from analysis import outputs
from analysis.sections.blocks import Block, FigureBlock, in_edition

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

METADATA = outputs.SECTION
"""The key of a section output's metadata: ``{"key": ..., "heading": <h2 markup>}``."""

_HEADING = re.compile(r"\s*<h([1-6])\b")


def level(block: Block) -> int | None:
    """The level of a heading block (None for any other block)."""
    found = _HEADING.match(block.data or "") if block.kind == "heading" else None
    return int(found.group(1)) if found else None


class Section:
    """A titled part of a report: ``title`` (None for a part with no heading of its own),
    ``blocks`` under the title, ``children`` (the sections under it, each with its own
    heading), ``frames`` (the data it was computed from, by name) and ``annex`` (the blocks
    it sends to the report's annex, when it has one)."""

    def __init__(
        self,
        key: str,
        heading: Block | None,
        blocks: Iterable[Block] = (),
        children: Iterable[Section] = (),
        *,
        frames: dict[str, pd.DataFrame] | None = None,
        annex: Iterable[Block] = (),
    ) -> None:
        self.key = key
        self.heading = heading
        self.own = list(blocks)
        self.children = list(children)
        self.frames = dict(frames or {})
        self.annex = list(annex)

    @classmethod
    def of(
        cls,
        key: str,
        blocks: Iterable[Block],
        *,
        frames: dict[str, pd.DataFrame] | None = None,
        annex: Iterable[Block] = (),
        titled: bool = True,
    ) -> Section:
        """A section from a list of blocks: an h2 heading first is its title (unless ``titled``
        is false: a section of parts, each shown with its heading), each later h2 heading starts
        a section under it (with the blocks that follow)."""
        parts: list[list[Block]] = [[]]
        for block in blocks:
            if level(block) == 2:
                parts.append([block])
            else:
                parts[-1].append(block)
        first, rest = parts[0], [p for p in parts[1:] if p]
        if titled and not first and rest:  # opens with a heading: that is the title
            first, rest = rest[0], rest[1:]
        heading = first[0] if first and level(first[0]) == 2 else None
        own = first[1:] if heading is not None else first
        children = [cls(f"{key}.{i}", p[0], p[1:]) for i, p in enumerate(rest, 1)]
        return cls(key, heading, own, children, frames=frames, annex=annex)

    # --- what it holds ---------------------------------------------------------------------

    @property
    def title(self) -> str | None:
        return None if self.heading is None else repr(self.heading)

    @property
    def blocks(self) -> list[Block]:
        """Every block, in reading order: the title's heading, the blocks, then each section
        under it with its own."""
        made = [] if self.heading is None else [self.heading]
        made.extend(self.own)
        for child in self.children:
            made.extend(child.blocks)
        return made

    @property
    def figures(self) -> dict[str, Figure]:
        """The matplotlib figures it shows, by name (change them, then show the section)."""
        found: dict[str, Figure] = {}
        for block in self.figure_blocks:
            name, n = block.name, 2
            while name in found:
                name, n = f"{block.name}-{n}", n + 1
            found[name] = block.figure
        return found

    @property
    def figure_blocks(self) -> list[FigureBlock]:
        return [f for b in self.blocks for f in b.figure_blocks]

    @property
    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]

    @property
    def notes(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "note"]

    @property
    def advice(self) -> list[Block]:
        """What it advises the operator (shown in JupyterLab and on stderr, never published)."""
        return [b for b in self.blocks if b.kind == "advice"]

    @property
    def empty(self) -> bool:
        """Whether it shows nothing (no block with HTML besides its headings)."""
        return not any(
            b.figure_blocks or (b.kind not in ("heading", "advice") and b.data) for b in self.blocks
        )

    # --- as a list of blocks ---------------------------------------------------------------

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)

    def __getitem__(self, index: int) -> Block:
        return self.blocks[index]

    def __add__(self, other: Iterable[Block]) -> Section:
        """This section with ``other``'s blocks (a section's, its heading first) after its own:
        a part written elsewhere joins it (the attacks on health care's sources join the
        casualties' Sources and method)."""
        frames = {**self.frames, **getattr(other, "frames", {})}
        annex = [*self.annex, *getattr(other, "annex", [])]
        if self.children:
            *first, last = self.children
            children = [*first, last + other]
            return Section(self.key, self.heading, self.own, children, frames=frames, annex=annex)
        own = [*self.own, *other]
        return Section(self.key, self.heading, own, self.children, frames=frames, annex=annex)

    # --- shown ---------------------------------------------------------------------------

    def shown(self, *, title: bool = True) -> list[Block]:
        """The blocks a reader sees, in order (no advice, nothing empty), with its own title's
        heading unless ``title`` is false."""
        made = [self.heading] if title and self.heading is not None else []
        made.extend(b for b in self.own if b.kind != "advice" and b.data)
        for child in self.children:
            made.extend(child.shown())
        return made

    def html(self, *, title: bool = True) -> str:
        """Its HTML, drawn now (its figures as they are); without its own title's heading when
        ``title`` is false (the notebook's markdown heading stands for it)."""
        return "".join(b.data for b in self.shown(title=title))

    def _metadata(self) -> dict:
        found = {"key": self.key}
        if self.heading is not None:
            found["heading"] = self.heading.data
        return {METADATA: found}

    def _repr_html_(self) -> tuple[str, dict] | None:
        if self.empty:
            return None
        return in_edition(self.html(title=False)), self._metadata()

    def _ipython_display_(self) -> None:
        """Shown in a notebook: one output per block, as a report's blocks always were (each
        kept whole on a page by the export's print rules), the first carrying the section's
        title for the export; then what it advises the operator."""
        from IPython.display import display

        for index, block in enumerate([] if self.empty else self.shown(title=False)):
            display(
                {"text/html": in_edition(block.data), "text/plain": repr(block)},
                raw=True,
                metadata=self._metadata() if index == 0 else {},
            )
        if self.advice:
            display(*self.advice)

    def __repr__(self) -> str:
        return "\n".join(repr(b) for b in self.blocks if b.kind != "advice" and repr(b))


__all__ = ["METADATA", "Section", "level"]
