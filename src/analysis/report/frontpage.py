"""A batch's front page (``DIR/index.html``) and its table for spreadsheets (``DIR/overview.csv``).

Both show one row per run, in the same columns: the run id, its status, each parameter whose
value differs between runs (the ones all runs share are listed once above the table), the key
figures the run's notebook emitted (:mod:`analysis.report.figures`; one column per figure key,
headed by its label), its change level and alert when it has them, any other ``extra`` value,
links to its reports, and the error of a failed run.

The page states each figure as the report publishes it (``at least 34``) and sorts it by its
value; the CSV holds the values (and ``<key>_low``/``<key>_high`` where a figure has a range).
The page is one self-contained file: its style and a small script (sort by a column, filter by
text, status and change level; the view kept in the address's hash, ``#sort=-deaths&status=ok``)
are inlined, nothing is fetched. Every text from a run (parameters, labels, errors) is escaped;
the column list the script reads is JSON in a ``<script type="application/json">`` element with
``</`` escaped. A file name's byte that is not UTF-8 (a byte 0xFF in the output folder's path)
is shown as ``\\xff`` and linked by its bytes, so both files are valid UTF-8. A malformed address
hash (``#sort=%E0%A4%A``, an unknown column or status) is ignored, part by part.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from analysis import i18n
from analysis.i18n import N_
from analysis.report.figures import EXTRA
from analysis.report.records import RunStatus

STATUSES = tuple(status.value for status in RunStatus)
"""The statuses a run may have in the manifest, in the order the page counts them."""
LEVEL, ALERT = "change_level", "alert"
TEMPLATES = Path(__file__).resolve().parent / "templates" / "frontpage"
LINKS = (("html", N_("HTML")), ("pdf", N_("PDF")), ("ipynb", N_("notebook")))
EXTRA_LABELS = {
    LEVEL: N_("Change level"),
    f"deaths_{LEVEL}": N_("Deaths change level"),
    ALERT: N_("Alert"),
}
"""The headings of the extras the reports give (others are headed by their name)."""
STATUS_WORDS = {
    RunStatus.OK.value: N_("ok"),
    RunStatus.FAILED.value: N_("failed"),
    RunStatus.SKIPPED.value: N_("skipped"),
    RunStatus.NOT_RUN.value: N_("not run"),
}
"""What the page calls each status (the manifest and overview.csv keep the codes)."""
EVERY_RUN, FIND, FIND_HINT = N_("Every run:"), N_("Find"), N_("any text in a row")
STATUS, FAILED_NOTEBOOK = N_("Status"), N_("failed notebook")
_MISSING = object()


@dataclass(frozen=True)
class Column:
    key: str  # unique on the page; the name the address's #sort= uses
    label: str
    kind: str  # id, status, parameter, figure, extra, links, error
    name: str = ""  # the parameter, figure key or extra name it shows
    numeric: bool = False


def _figures(entry: dict) -> dict:
    found = entry.get("figures")
    return found if isinstance(found, dict) else {}


def _extra(entry: dict) -> dict:
    found = _figures(entry).get(EXTRA)
    return found if isinstance(found, dict) else {}


def _text(value: object) -> str:
    return "" if value is None else str(value)


def languages(runs: list[dict]) -> tuple[str, ...]:
    """The languages of the runs' reports (their ``language`` parameter; English when not
    given), English first: the page is written in them."""
    found = {_text((e.get("parameters") or {}).get("language") or "en").lower() for e in runs}
    known = [lang for lang in i18n.LANGUAGES if lang in found]
    return tuple(known) or ("en",)


def say(message: str, langs: tuple[str, ...], **values: object) -> str:
    """``message`` (an English msgid) in each of ``langs``, joined by " / " when the batch is
    bilingual; ``values`` fill its placeholders."""
    said = []
    for lang in langs:
        with i18n.editing(lang):
            said.append(i18n.gettext(message) % values if values else i18n.gettext(message))
    return " / ".join(said)


def layout(runs: list[dict]) -> tuple[list[Column], dict[str, str]]:
    """The page's columns, and the parameters every run shares (name -> value)."""
    names: dict[str, None] = {}
    for entry in runs:
        names.update(dict.fromkeys(entry.get("parameters") or {}))
    shared, varying = {}, []
    given = [e.get("parameters") or {} for e in runs]
    for name in names:
        first = given[0].get(name, _MISSING)
        if len(runs) > 1 and all(g.get(name, _MISSING) == first for g in given):
            shared[name] = _text(first)
        else:
            varying.append(name)
    labels: dict[str, str] = {}
    extras: dict[str, None] = {}
    for entry in runs:
        for key, item in _figures(entry).items():
            if key != EXTRA and isinstance(item, dict):
                labels.setdefault(key, _text(item.get("label")) or key)
        extras.update(dict.fromkeys(_extra(entry)))
    langs = languages(runs)
    columns = [Column("id", say(N_("Run"), langs), "id")]
    columns.append(Column("status", say(STATUS, langs), "status"))
    columns += [Column(n, n, "parameter", n) for n in varying]
    columns += [Column(k, labels[k], "figure", k, numeric=True) for k in labels]
    special = [n for n in (LEVEL, ALERT) if n in extras]
    others = [n for n in extras if n not in (LEVEL, ALERT)]
    columns += [
        Column(n, say(EXTRA_LABELS[n], langs) if n in EXTRA_LABELS else n, "extra", n)
        for n in [*special, *others]
    ]
    columns.append(Column("reports", say(N_("Reports"), langs), "links"))
    columns.append(Column("error", say(N_("Error"), langs), "error"))
    seen: set[str] = set()
    unique = []
    for column in columns:  # a parameter and a figure of one name: both stay, keys differ
        key = column.key if column.key not in seen else f"{column.kind}-{column.key}"
        seen.add(key)
        unique.append(Column(key, column.label, column.kind, column.name, column.numeric))
    return unique, shared


def _file_name(path: object) -> str:
    return os.path.basename(str(path)) if path else ""


def _href(name: str) -> str:
    """A link to a file of the folder by its name's bytes (a name that is not UTF-8 too)."""
    try:
        raw = os.fsencode(name)
    except UnicodeEncodeError:  # a lone surrogate that no file system gave
        raw = name.encode("utf-8", "backslashreplace")
    return html.escape(quote(raw))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _plain(text: str) -> str:
    """``text`` that UTF-8 can encode: a byte of a file name that is not UTF-8 (a lone
    surrogate, PEP 383) is shown as ``\\xff``, as Python and ``ls -b`` show it."""

    def shown(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"

    return _SURROGATE.sub(shown, text)


def _error(entry: dict) -> str:
    return _text(entry.get("error")) if entry.get("status") != RunStatus.OK else ""


def _class(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "none"


# ----------------------------------------------------------------------------------- HTML


def _cell(column: Column, entry: dict, langs: tuple[str, ...] = ("en",)) -> str:
    esc = html.escape
    if column.kind == "id":
        return f"<td>{esc(_text(entry.get('id')))}</td>"
    if column.kind == "status":
        status = _text(entry.get("status"))
        shown = say(STATUS_WORDS[status], langs) if status in STATUS_WORDS else status
        return f'<td class="status">{esc(shown)}</td>'
    if column.kind == "parameter":
        return f"<td>{esc(_text((entry.get('parameters') or {}).get(column.name)))}</td>"
    if column.kind == "figure":
        item = _figures(entry).get(column.name)
        if not isinstance(item, dict):
            return '<td class="num"></td>'
        value = item.get("value")
        shown = esc(_text(item.get("text")))
        return f'<td class="num" data-v="{esc(_text(value))}">{shown}</td>'
    if column.kind == "extra":
        value = _text(_extra(entry).get(column.name))
        if not value or not (column.name.endswith(LEVEL) or column.name == ALERT):
            return f"<td>{esc(value)}</td>"
        chip = f"level-{_class(value)}" if column.name.endswith(LEVEL) else f"alert-{_class(value)}"
        return f'<td><span class="chip {chip}">{esc(value)}</span></td>'
    if column.kind == "links":
        links = [
            f'<a href="{_href(_file_name(item.get("path")))}">{esc(say(word, langs))}</a>'
            for kind, word in LINKS
            if isinstance(item := (entry.get("outputs") or {}).get(kind), dict)
        ]
        failed = _file_name(entry.get("failed_notebook"))
        if failed and entry.get("status") == RunStatus.FAILED:
            words = esc(say(FAILED_NOTEBOOK, langs))
            links.append(f'<a href="{_href(failed)}">{words}</a>')
        if entry.get("status") == RunStatus.FAILED:  # the PDF failed: the run's HTML was kept
            kept = (entry.get("kept") or {}).get("html")
            if isinstance(kept, dict) and kept.get("path"):
                words = esc(say(N_("HTML (no PDF)"), langs))
                links.append(f'<a href="{_href(_file_name(kept["path"]))}">{words}</a>')
        return f"<td>{' · '.join(links)}</td>"
    error = _error(entry)
    first = " ".join(error.split())
    shown = first if len(first) <= 240 else first[:237] + "..."
    return f'<td class="error" title="{esc(error[:2000])}">{esc(shown)}</td>'


@functools.cache
def _static(name: str) -> str:
    """The page's inlined style or script (read once per process)."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _json_script(element_id: str, data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")
    payload = payload.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate
    return f'<script type="application/json" id="{element_id}">{payload}</script>'


def _counts(runs: list[dict]) -> tuple[dict[str, int], dict[str, int]]:
    by_status = {s: sum(1 for e in runs if e.get("status") == s) for s in STATUSES}
    by_level: dict[str, int] = {}
    for entry in runs:
        level = _text(_extra(entry).get(LEVEL))
        if level:
            by_level[level] = by_level.get(level, 0) + 1
    return by_status, by_level


Layout = tuple[list[Column], dict[str, str]]


def index_html(
    runs: list[dict], title: str, updated: str, manifest: str, shape: Layout | None = None
) -> str:
    """The front page of a batch whose manifest lists ``runs`` (in the batch's order);
    ``shape`` is their :func:`layout`, when already known."""
    esc = html.escape
    columns, shared = shape or layout(runs)
    by_status, by_level = _counts(runs)
    langs = languages(runs)
    edition = i18n.Edition(langs[0]) if len(langs) == 1 else i18n.ENGLISH
    heads = "".join(
        f'<th scope="col"><button type="button">{esc(c.label)}</button></th>'
        if c.kind not in ("links",)
        else f'<th scope="col">{esc(c.label)}</th>'
        for c in columns
    )
    rows = "".join(
        f'<tr class="{_class(_text(e.get("status")))}" data-status="{esc(_text(e.get("status")))}"'
        f' data-level="{esc(_text(_extra(e).get(LEVEL)))}">'
        + "".join(_cell(c, e, langs) for c in columns)
        + "</tr>"
        for e in runs
    )
    counts = "".join(
        f"<span>{esc(say(STATUS_WORDS[s], langs))}: <strong>{n}</strong></span>"
        for s, n in by_status.items()
    )
    levels = "".join(
        f'<span><span class="chip level-{_class(level)}">{esc(level)}</span> '
        f"<strong>{n}</strong></span>"
        for level, n in by_level.items()
    )
    options = "".join(
        f'<option value="{esc(s)}">{esc(say(STATUS_WORDS[s], langs))}</option>' for s in STATUSES
    )
    every = esc(say(N_("all"), langs))
    level_select = ""
    if by_level:
        choices = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in by_level)
        level_select = (
            f'<label>{esc(say(EXTRA_LABELS[LEVEL], langs))} <select id="filter-level">'
            f'<option value="">{every}</option>{choices}</select></label>'
        )
    shared_line = (
        f"<p class='shared'>{esc(say(EVERY_RUN, langs))} "
        + "; ".join(f"{esc(k)} = {esc(v)}" for k, v in shared.items())
        + "</p>"
        if shared
        else ""
    )
    runs_line = say(N_("%(count)s runs, updated %(when)s."), langs, count=len(runs), when=updated)
    links_line = say(
        N_("Manifest: %(manifest)s; table for spreadsheets: %(table)s."),
        langs,
        manifest=f"<a href='{_href(manifest)}'>{esc(manifest)}</a>",
        table="<a href='overview.csv'>overview.csv</a>",
    )
    shown_words = say(
        N_("%(count)s of %(total)s runs shown"), langs, count="{count}", total="{total}"
    )
    style, script = _static("frontpage.css"), _static("frontpage.js")
    column_data = [{"key": c.key, "label": c.label, "numeric": c.numeric} for c in columns]
    return _plain(
        f"<!DOCTYPE html><html lang='{edition.language}' dir='{edition.direction}'><head>"
        "<meta charset='utf-8'><meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{esc(title)}</title><style>{style}</style></head><body>"
        f"<h1>{esc(title)}</h1><p class='sub'>{esc(runs_line)} {links_line}</p>"
        f"{shared_line}<div class='counts'>{counts}</div>"
        + (
            f"<div class='counts'>{esc(say(EXTRA_LABELS[LEVEL], langs))}: {levels}</div>"
            if levels
            else ""
        )
        + f"<div class='controls'><label>{esc(say(FIND, langs))} <input type='search' "
        f"id='filter-text' placeholder='{esc(say(FIND_HINT, langs))}'></label>"
        f"<label>{esc(say(STATUS, langs))} <select id='filter-status'>"
        f"<option value=''>{every}</option>{options}</select></label>{level_select}"
        f"<span id='shown' data-words='{esc(shown_words)}'></span></div>"
        f"<table id='runs'><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>"
        f"{_json_script('frontpage-columns', column_data)}<script>{script}</script>"
        "</body></html>"
    )


# ------------------------------------------------------------------------------------ CSV

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """Text a spreadsheet shows as text: a leading ``= + - @`` would start a formula."""
    if text.startswith(_FORMULA):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def overview_csv(runs: list[dict], shape: Layout | None = None) -> str:
    """``overview.csv``: the page's columns as values (figure values, not their texts, and
    ``<key>_low``/``<key>_high`` for figures that have a range in any run)."""
    columns, _ = shape or layout(runs)
    header: list[str] = []
    ranges: set[str] = set()
    for column in columns:
        if column.kind == "figure":
            ranged = any(
                (_figures(e).get(column.name) or {}).get(bound) is not None
                for e in runs
                for bound in ("low", "high")
            )
            header.append(column.key)
            if ranged:
                header += [f"{column.key}_low", f"{column.key}_high"]
                ranges.add(column.key)
        elif column.kind == "links":
            header += ["html", "pdf"]
        else:
            header.append(column.key)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for entry in runs:
        row: list[object] = []
        for column in columns:
            if column.kind == "figure":
                item = _figures(entry).get(column.name) or {}
                row.append(item.get("value"))
                if column.key in ranges:
                    row += [item.get("low"), item.get("high")]
            elif column.kind == "links":
                outputs = entry.get("outputs") or {}
                row += [_file_name((outputs.get(k) or {}).get("path")) for k in ("html", "pdf")]
            elif column.kind == "parameter":
                row.append(_text((entry.get("parameters") or {}).get(column.name)))
            elif column.kind == "extra":
                row.append(_extra(entry).get(column.name))
            elif column.kind == "error":
                row.append(_error(entry))
            else:
                row.append(_text(entry.get(column.kind)))
        writer.writerow(
            ["" if v is None else v if not isinstance(v, str) else _safe(v) for v in row]
        )
    return _plain(buffer.getvalue())
