"""What a reader sees: helpers shared by the tests that render reports through the real CLI."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
IMAGE_PREFIXES = ("data:image/svg+xml;base64,", "data:image/png;base64,")


def sitrep(*args, env=None) -> subprocess.CompletedProcess:
    """Run the ``sitrep`` command line in a fresh process, from the repository."""
    return subprocess.run(
        [sys.executable, "-m", "analysis.cli", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=REPO,
    )


def pdf_text(path) -> str:
    """The PDF's text as a reader would copy it: ligatures unfolded, whitespace collapsed."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


_MARKS = re.compile(r"(?<=[\d)])[a-z]{1,6}(?=[\s,.;:)]|$)")


def unmarked(text: str) -> str:
    """``text`` without the letters that mark a number's disclosures ("52ab against" -> "52
    against"): a test that reads a sentence's words reads them as the sentence has them."""
    return _MARKS.sub("", text)


def unmarked_pdf_text(path) -> str:
    """:func:`pdf_text` without the letters that mark numbers' disclosures (:func:`unmarked`)."""
    return unmarked(pdf_text(path))


def pdf_outline(path) -> list[str]:
    """Titles of the PDF's bookmarks, depth first."""

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield str(item.title)

    return list(walk(PdfReader(path).outline))


class _Figures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found, self._in_caption = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and attrs.get("src", "").startswith(IMAGE_PREFIXES):
            self.found.append([attrs.get("alt", ""), ""])
        self._in_caption = tag == "figcaption"

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_caption and self.found:
            self.found[-1][1] += data


def figures(html: str) -> list[list[str]]:
    """[alt text, caption] of every embedded figure of a report, in order."""
    parser = _Figures()
    parser.feed(html)
    return parser.found


def repeated_headings(ipynb) -> list[str]:
    """The headings JupyterLab shows twice in an executed notebook: a markdown heading whose
    text is also a heading in the outputs of the cells under it (before the next markdown
    heading). JupyterLab's view and outline show markdown headings and the headings of HTML
    outputs."""
    import json
    import re

    cells = json.loads(Path(ipynb).read_text(encoding="utf-8"))["cells"]
    found, current = [], None
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            titled = re.match(r"#+\s+(.*)", text.strip())
            current = titled.group(1).strip() if titled else current
            continue
        for out in cell.get("outputs", []):
            html = "".join(out.get("data", {}).get("text/html", ""))
            for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.DOTALL):
                if current is not None and re.sub(r"<[^>]+>", "", heading).strip() == current:
                    found.append(current)
    return found
