"""What the check found, and how it is told: one line per finding, or JSON."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

QUOTE_WIDTH = 60
"""Characters of the offending text a finding quotes at most."""


@dataclass
class Finding:
    """One problem: its rule id, what is wrong (with the quoted text), and where it stands."""

    rule: str
    what: str
    section: str | None = None  # the level-2 heading above it ("" before the first one)
    page: int | None = None  # in the PDF, from 1
    needle: str = ""  # the offending text itself, to find it on a page of the PDF
    order: int = 0  # document order (HTML) or line order (PDF)
    file: Path | None = None  # the file it was found in, or whose page it names

    def location(self) -> str:
        if self.page is not None:
            return f"page {self.page}"
        if self.section:
            return f'section "{self.section}"'
        return "before the first section"

    def line(self) -> str:
        return f"{self.file}: {self.location()}: {self.rule}: {self.what}"

    def as_dict(self) -> dict:
        found = asdict(self)
        found.pop("needle")
        found.pop("order")
        found["file"] = str(self.file) if self.file is not None else None
        return found


@dataclass
class Checked:
    """The findings of one report (its HTML, its PDF, or both)."""

    html: Path | None
    pdf: Path | None
    findings: list[Finding] = field(default_factory=list)
    skipped: tuple[str, ...] = ()  # rules that need the file not given

    @property
    def name(self) -> Path:
        return self.html or self.pdf  # type: ignore[return-value]

    def as_dict(self) -> dict:
        return {
            "html": str(self.html) if self.html else None,
            "pdf": str(self.pdf) if self.pdf else None,
            "findings": [f.as_dict() for f in self.findings],
            "rules_skipped": list(self.skipped),
        }


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def quote(text: str, start: int = 0, end: int | None = None, width: int = QUOTE_WIDTH) -> str:
    """At most ``width`` characters of ``text`` around ``text[start:end]``, on one line: whole
    words of the text on either side as room allows, "…" where it is cut."""
    end = len(text) if end is None else end
    before, middle, after = text[:start], text[start:end], text[end:]
    before = one_line(before + "x")[:-1]  # keeps a space before the middle
    after = one_line("x" + after)[1:]
    middle = one_line(middle)
    if len(before) + len(middle) + len(after) <= width:
        return (before + middle + after).strip()
    if len(middle) >= width - 1:
        cut = middle[: width - 1]
        space = cut.rfind(" ")
        return (cut[:space] if space > width // 2 else cut).rstrip() + "…"
    room = width - len(middle) - 2  # an ellipsis each side at most
    left = min(len(before), max(room // 3, room - len(after)))  # more of what follows
    right = min(len(after), room - left)
    head, tail = before[len(before) - left :], after[:right]
    if left < len(before):
        cut = head.find(" ")
        head = "…" + (head[cut + 1 :] if 0 <= cut < len(head) - 1 else head).lstrip()
    if right < len(after):
        cut = tail.rfind(" ")
        tail = (tail[:cut] if cut > 0 else tail).rstrip() + "…"
    return (head + middle + tail).strip()
