"""Export an executed notebook to a self-contained HTML file and to PDF.

HTML: nbconvert's HTMLExporter with the ``sitrep`` template (JupyterLab look, no network
requests), code cells, prompts and the injected-parameters cell removed, and so are stderr and
the key figures a notebook emits for its batch's front page (:mod:`analysis.report.figures`).

PDF: nbconvert's WebPDFExporter drives a browser that playwright downloads, which cannot be
fetched on many locked-down machines and has no setting for a browser path. syria-sitrep prints
the same HTML with the system's Chromium (or Chrome) in headless mode, driven by
:mod:`analysis.report.browser`; this module finds the browser and holds its flags. The page
numbers, A4 size and page-break rules come from the report's print CSS.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from html import escape as html_escape
from pathlib import Path
from typing import Any

from analysis import i18n, outputs
from analysis.errors import MissingToolError
from analysis.report.advice import is_advice_output
from analysis.report.figures import is_figures_output

TEMPLATES = Path(__file__).resolve().parent / "templates"
BROWSER_CANDIDATES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)
# Headless, offline and quiet: no first-run pages, no background fetches on a closed network.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
)


@functools.cache
def _exporter() -> Any:
    """The configured HTML exporter, built once per process (its templates compile once)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = {"injected-parameters", "parameters"}
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(
        config=config,
        template_name="sitrep",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        # Markdown cells are the notebook's outline in JupyterLab (one heading per section);
        # the report's own headings come from the sections' outputs (_section_headings).
        exclude_markdown=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # Figures are already data URIs; embedding would re-parse the whole page for nothing.
        embed_images=False,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    exporter.register_preprocessor(_drop_stderr, enabled=True)
    exporter.register_preprocessor(_drop_batch_figures, enabled=True)
    exporter.register_preprocessor(_section_headings, enabled=True)
    return exporter


def warm_up() -> None:
    """Load nbconvert and compile the report template ahead of the first real export (the
    first export in a process costs about 0.2 s more than the next ones)."""
    from nbformat.v4 import new_notebook

    _exporter().from_notebook_node(new_notebook())


def to_html(nb: Any, title: str, edition: i18n.Edition = i18n.ENGLISH) -> str:
    """HTML of an executed notebook, in memory, in ``edition``'s language and direction
    (``<html lang="ar" dir="rtl">``). ``nb`` is modified (its title set, tagged cells and
    stderr dropped): not copying it saves copying its figures."""
    nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(nb)
    tag = f'<html lang="{edition.language}" dir="{edition.direction}">'
    body = _HTML_TAG.sub(tag, body, count=1)
    body = body.replace("</head>", f'<style type="text/css">{page_css(edition)}</style></head>', 1)
    body = keep_ranges(with_contents(body, edition))
    return isolate_latin(body) if edition.direction == "rtl" else body


_HTML_TAG = re.compile(r"<html\b[^>]*>")

PAGE_NUMBER = i18n.N_("Page %(page)s of %(pages)s")
"""The printed page's number, at the end of its bottom line."""
_PAGE_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


def page_css(edition: i18n.Edition) -> str:
    """The printed pages' bottom line in ``edition``: the page's number ("Page 3 of 12", "صفحة ٣
    من ١٢" in Arabic-Indic digits) at the line's end and the tool's name at its start. CSS has
    no logical page-margin boxes, so the two swap sides in a right-to-left edition; the number's
    words are a message of the catalogue, its digits CSS counters in the edition's digits."""
    with i18n.editing(edition.language, edition.digits):
        words = i18n.gettext(PAGE_NUMBER)
    style = ", arabic-indic" if edition.digits == "arabic" else ""
    content = []
    for index, part in enumerate(_PAGE_PLACEHOLDER.split(words)):
        if index % 2:  # a placeholder: the counter of that name
            content.append(f"counter({part}{style})")
        elif part:
            content.append(_css_string(part))
    end, start = ("left", "right") if edition.direction == "rtl" else ("right", "left")
    box = f"font-family: {_PAGE_FONTS[edition.language]}; font-size: 8pt; color: #5a5a5f;"
    return (
        f"@page {{ @bottom-{end} {{ content: {' '.join(content)}; direction: "
        f'{edition.direction}; {box} }} @bottom-{start} {{ content: "syria-sitrep"; {box} }} }}'
    )


_PAGE_FONTS = {
    "en": '"Noto Sans", "DejaVu Sans", sans-serif',
    "ar": '"Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif',
}


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


_TAG = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(script|style)\b", re.IGNORECASE)


def keep_ranges(html: str) -> str:
    """Wrap every range in the text of ``html`` (``900,000–1,300,000``, ``27 Nov - 8 Dec``) in
    ``<span class="sitrep-range">``, which the report's CSS keeps on one line: a range is never
    broken across lines, whichever section wrote it. A range is what ``sitrep check`` calls one
    (:mod:`analysis.report.check`'s rules file); tags, scripts and styles are left alone."""
    from analysis.report.check.vocabulary import vocabulary

    pattern = vocabulary().range_pattern
    parts = _TAG.split(html)
    raw = None  # inside <script> or <style>: the element whose end is awaited
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if raw is None and (found := _RAW.match(part)):
                raw = found.group(1).lower()
            elif raw is not None and part.lower().startswith(f"</{raw}"):
                raw = None
            continue
        if raw is None and part and any(c.isdigit() for c in part):
            parts[index] = pattern.sub(r'<span class="sitrep-range">\g<0></span>', part)
    return "".join(parts)


# A left-to-right run in a right-to-left text: from a Latin letter (a source's name, a file's),
# with the number before it ("27 Nov"), or from an ISO date, up to the next right-to-left
# letter (Hebrew to Arabic presentation forms).
_LATIN_RUN = re.compile(
    r"(?:(?:\d[\d,.]*\s)?[A-Za-z\u00c0-\u024f]|\d{4}-\d\d-\d\d)"
    r"[^\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]*"
)
_RUN_TAIL = re.compile(r"(?:\s|[.,;:!?(]|&nbsp;)+$")
_ENTITY_END = re.compile(r"&#?\w+$")


def _latin_run(match: re.Match) -> str:
    """The run in a left-to-right isolate, without the spaces and punctuation at its end (they
    belong to the Arabic sentence) and without an unmatched closing bracket."""
    run = match.group(0)
    cut = len(run)
    while True:
        kept = run[:cut]
        tail = _RUN_TAIL.search(kept)
        if tail and not (
            tail.group(0).startswith(";") and _ENTITY_END.search(kept[: tail.start()])
        ):
            cut = tail.start()  # (the ";" that ends an entity, &amp;, is kept)
        elif kept.endswith(")") and kept.count(")") > kept.count("("):
            cut -= 1
        else:
            return f"{LRI}{kept}{PDI}{run[cut:]}"


LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, pop directional isolate


def isolate_latin(html: str) -> str:
    """Put every left-to-right run of the body's text (a Latin name with its numbers and
    brackets, an ISO date) in a left-to-right isolate, in a right-to-left report: the run keeps
    its own order inside the Arabic sentence ("SOHR (AFP via La Jornada (2024-12-08))" is not turned
    around at its brackets, 2024-12-08 does not become 08-12-2024), in the HTML, the PDF and
    the PDF's text. Numbers alone are left to the Unicode algorithm, which reads them in their
    place in the Arabic order. The isolate is Unicode's (U+2066 ... U+2069), which acts as a
    ``<bdi>`` does without adding markup inside the sections' elements (a key figure's value
    stays one text); the browser draws nothing for it, so the PDF's text has none. Tags, the
    head, scripts and styles are left alone."""
    head, found, body = html.partition("<body")
    if not found:
        return html
    parts = _TAG.split(body)
    raw = None
    for index, part in enumerate(parts):
        if index % 2:
            if raw is None and (match := _RAW.match(part)):
                raw = match.group(1).lower()
            elif raw is not None and part.lower().startswith(f"</{raw}"):
                raw = None
            continue
        if raw is None and index and part.strip():
            parts[index] = _LATIN_RUN.sub(_latin_run, part)
    return head + found + "".join(parts)


_H2 = re.compile(r'<h2 id="([^"]*)">(.*?)</h2>', re.DOTALL)

CONTENTS = i18n.N_("Contents")
"""The heading of the table of contents."""


def with_contents(html: str, edition: i18n.Edition = i18n.ENGLISH) -> str:
    """Give section headings unique ids and put a linked table of contents after the title,
    headed in ``edition``'s language.

    The contents are hidden in print (the PDF has page numbers instead)."""
    seen: dict[str, int] = {}
    entries: list[tuple[str, str]] = []

    def unique(match: re.Match) -> str:
        base, text = match.group(1), match.group(2)
        seen[base] = seen.get(base, 0) + 1
        anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
        entries.append((anchor, text))  # text is already escaped markup (a section heading)
        return f'<h2 id="{anchor}">{text}</h2>'

    html = _H2.sub(unique, html)
    if len(entries) < 2:
        return html
    items = "".join(f'<li><a href="#{a}">{t}</a></li>' for a, t in entries)
    with i18n.editing(edition.language, edition.digits):
        heading = html_escape(i18n.gettext(CONTENTS))
    nav = (
        f'<nav class="sitrep-toc" aria-label="{heading}"><strong>{heading}</strong>'
        f"<ol>{items}</ol></nav>"
    )
    subtitle = re.search(r'<p class="sitrep-subtitle">.*?</p>', html, re.DOTALL)
    if subtitle:
        return html[: subtitle.end()] + nav + html[subtitle.end() :]
    return html.replace("<main>", "<main>" + nav, 1)


def _drop_stderr(nb, resources):
    """Warnings and logs (stderr) stay in the executed notebook, not in the published report."""
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell.outputs = [
                out
                for out in cell.get("outputs", [])
                if not (out.get("output_type") == "stream" and out.get("name") == "stderr")
            ]
    return nb, resources


def _drop_batch_figures(nb, resources):
    """A run's key figures for its batch's front page (:mod:`analysis.report.figures`) and the
    advice for its operator (:mod:`analysis.report.advice`) stay in the executed notebook and
    the manifest, not in the published report."""
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell.outputs = [
                out
                for out in cell.get("outputs", [])
                if not (is_figures_output(out) or is_advice_output(out))
            ]
    return nb, resources


def _section_headings(nb, resources):
    """A section's title, which JupyterLab shows as the notebook's markdown heading above it,
    is in its output's metadata (:data:`analysis.outputs.SECTION`); the report, which leaves
    the markdown out, shows it before the section. The heading's markup was made and escaped by
    the section (:func:`analysis.sections.blocks.heading`)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else ():
            found = out.get("metadata", {}).get(outputs.SECTION)
            data = out.get("data", {})
            if isinstance(found, dict) and found.get("heading") and "text/html" in data:
                data["text/html"] = found["heading"] + data["text/html"]
    return nb, resources


def find_browser() -> str:
    """Path of a Chromium-family browser: ``$SITREP_BROWSER`` or the first on PATH."""
    explicit = os.environ.get("SITREP_BROWSER")
    if explicit:
        if shutil.which(explicit) or Path(explicit).is_file():
            return shutil.which(explicit) or explicit
        raise MissingToolError(
            f"SITREP_BROWSER is set to {explicit!r}, which is not an executable. Point it at "
            "chromium or google-chrome, or unset it."
        )
    for name in BROWSER_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise MissingToolError(
        "PDF export needs Chromium or Google Chrome, and neither was found. On Debian/Ubuntu run "
        "`sudo apt-get install chromium` (or `make setup`); on Fedora `sudo dnf install "
        "chromium`; on macOS install Google Chrome and set SITREP_BROWSER to its binary "
        "(/Applications/Google Chrome.app/Contents/MacOS/Google Chrome)."
    )
