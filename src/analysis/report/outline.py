"""The PDF's bookmarks in reading order, for a right-to-left report.

Chromium makes a PDF's outline from the page's headings, but writes the title of a heading that
mixes directions (an Arabic heading with a P-code or a source's Latin name in it) in the order
its runs are drawn, left to right: "الضحايا: محافظة حلب (SY02)" becomes ")SY02(الضحايا: محافظة
حلب". A reader of the bookmarks, and any tool that reads them, gets a scrambled title.
:func:`in_reading_order` gives each such bookmark its heading's text as the HTML writes it.

A bookmark is matched to its heading by its characters (whatever their order, brackets counted
alike), in the page's order, so a bookmark is only ever given the text of the heading it came
from; a PDF whose bookmarks all read right, or a left-to-right report, is returned as it is.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_RTL_PAGE = re.compile(r"<html\b[^>]*\bdir=\"rtl\"", re.I)
_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u202a\u202b\u202c"))
_MIRRORED = str.maketrans(")]}>", "([{<")
_ONE_RUN = re.compile(r"[\u0621-\u065f\u066e-\u06d3\s:\u060c]*")
"""A heading of Arabic letters, spaces, colons and commas only: one run, which Chromium writes
as it reads (brackets, digits of either script and Latin words make several)."""


def headings(page: str) -> list[str]:
    """The text of the page's headings (h1 to h6), in the page's order, spaces collapsed; the
    direction marks of the text kept."""
    return [
        " ".join(html.unescape(_TAG.sub("", inner)).split()) for _, inner in _HEADING.findall(page)
    ]


def _key(text: str) -> str:
    """What a heading and its bookmark share whatever the order of their runs."""
    kept = "".join(text.translate(_CONTROLS).translate(_MIRRORED).split())
    return "".join(sorted(kept))


def _items(first) -> Iterator:
    """Every outline item under ``first`` and its siblings, in the document's order."""
    item = first
    while item is not None:
        item = item.get_object()
        yield item
        if "/First" in item:
            yield from _items(item["/First"])
        item = item.get("/Next")


def in_reading_order(pdf: bytes, html_file: Path) -> bytes:
    """``pdf`` (printed from ``html_file``) with each bookmark whose title differs from its
    heading's text given that text; ``pdf`` itself when the page is not right to left or every
    bookmark already reads as its heading."""
    with open(html_file, encoding="utf-8", errors="replace") as handle:
        head = handle.read(4096)
        if not _RTL_PAGE.search(head):
            return pdf
        page = head + handle.read()
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    found = headings(page)
    if all(_ONE_RUN.fullmatch(text) for text in found):
        return pdf
    keys = [_key(text) for text in found]
    reader = PdfReader(io.BytesIO(pdf))
    outlines = reader.trailer["/Root"].get("/Outlines")
    if outlines is None or "/First" not in outlines.get_object():
        return pdf
    titles: list[tuple[int, str]] = []  # (bookmark's index, its heading's text)
    after = 0
    for index, item in enumerate(_items(outlines.get_object()["/First"])):
        title = str(item.get("/Title", ""))
        key = _key(title)
        position = next((i for i in range(after, len(keys)) if keys[i] == key), None)
        if position is None:
            continue
        after = position + 1
        if " ".join(title.split()) != found[position]:
            titles.append((index, found[position]))
    if not titles:
        return pdf
    writer = PdfWriter(clone_from=reader)
    items = list(_items(writer._root_object["/Outlines"].get_object()["/First"]))
    for index, text in titles:
        items[index][NameObject("/Title")] = TextStringObject(text)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


__all__ = ["headings", "in_reading_order"]
