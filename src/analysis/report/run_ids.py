"""Run ids: the name of each run of a batch, and of its files (``DIR/<run id>.html``).

Without a template, an id names the parameters whose values differ between runs, sorted
(``governorate-hama__start_date-2024-12-02``; a lone run names all it gives): each value a slug
(:func:`analysis.report.render.slug`: Arabic stays Arabic, a path gives its file name), with a
short hash where two values of one parameter give one slug (two ``data.csv`` in different
folders), and an id too long for a file name cut to its start and a hash. A batch file may give
its own template instead (``id: "{governorate}-{start_date}"``), checked before use
(:func:`check_template`). Equal parameter sets get equal ids; :func:`ids` gives every run's.
"""

from __future__ import annotations

import collections
import json
import re
import string
import unicodedata
from typing import Any

from analysis.errors import ParameterError
from analysis.report import params, prechecks
from analysis.report.render import MAX_STEM_BYTES, cap, short_hash, slug

MAX_TEMPLATE = 500
"""Longest id template, in characters (ids are cut to :data:`MAX_STEM_BYTES` bytes anyway)."""

MAX_WIDTH = 200
"""Largest width or precision in an id template's format (``{governorate:>12}``)."""


def canonical(values: dict[str, Any]) -> str:
    """One text for a parameter set however its keys were ordered: equal sets, equal texts."""
    return json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)


def run_ids(given_sets: list[dict[str, Any]]) -> list[str]:
    """Readable ids, distinct for distinct parameter sets: ``governorate-hama__start_date-...``.

    Only parameters whose value differs between runs are named (a lone run names all it gives);
    each value is a slug (:func:`~analysis.report.render.slug`: Arabic stays Arabic, a path
    gives its file name) and values of one parameter whose slugs coincide (two ``data.csv`` in
    different folders) get a short hash of the full value; an id too long for a file name keeps
    its start and a hash.
    """
    names = sorted({name for given in given_sets for name in given})
    if len(given_sets) > 1:
        names = [
            name
            for name in names
            if len(
                {canonical({"v": given[name]}) if name in given else None for given in given_sets}
            )
            > 1
        ]
    pieces: dict[str, dict[str, str]] = {}
    for name in names:
        values = {canonical({"v": g[name]}): g[name] for g in given_sets if name in g}
        slugs = {key: slug(value) for key, value in values.items()}
        counts = collections.Counter(slugs.values())
        pieces[name] = {
            key: text if counts[text] == 1 else f"{text}-{short_hash(values[key])}"
            for key, text in slugs.items()
        }
    made = []
    for given in given_sets:
        parts = [
            f"{name}-{pieces[name][canonical({'v': given[name]})]}"
            for name in names
            if name in given
        ]
        made.append(cap("__".join(parts) or "defaults"))
    counts = collections.Counter(made)
    return [  # still equal (a cut id): the full parameter set's hash tells them apart
        ident if counts[ident] == 1 else cap(f"{ident}-{short_hash(canonical(given))}", 200)
        for ident, given in zip(made, given_sets, strict=True)
    ]


def run_id(given: dict[str, Any]) -> str:
    """The id of a run on its own: every parameter it gives."""
    return run_ids([given])[0]


_FORMAT = re.compile(
    r"(?:.?[<>=^])?[+\- ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d*))?[a-zA-Z%]?", re.S
)
"""Python's format mini-language, to read a width and a precision before using them."""


def check_template(template: str, declared: dict[str, params.Parameter], notebook: str) -> None:
    """Refuse, in one line, an id template that is not parameter names in braces with formats
    for text: an attribute, index, number or empty field, a nested field, a width or precision
    over :data:`MAX_WIDTH` (``{governorate:>1000000000}`` would take a gigabyte per id) or a
    format that is not for text (``{governorate:d}``: values are written as slugs)."""
    quoted = prechecks.short(template)

    def refuse(problem: str) -> ParameterError:
        return ParameterError(f"id template {quoted!r}: {problem}")

    example = '"{governorate}-{start_date}"'
    if len(template) > MAX_TEMPLATE:
        raise refuse(
            f"{len(template):,} characters; ids are cut to {MAX_STEM_BYTES} bytes, so write at "
            f"most {MAX_TEMPLATE}, e.g. {example}."
        )
    try:
        fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template)]
    except ValueError as exc:
        raise refuse(
            f"{exc}; write parameter names in braces, e.g. {example}, and double a brace meant "
            "as text ({{ or }})."
        ) from None
    unknown = []
    for field, spec, conversion in fields:
        if field is None:
            continue
        if not field.isidentifier():
            shown = "{" + prechecks.short(field) + "}" if field else "{}"
            raise refuse(
                f"field {shown}: only a parameter's name may stand in braces (no .attribute, "
                f"[index], number or empty field), e.g. {example}."
            )
        if field not in declared:
            unknown.append(field)
            continue
        if conversion not in (None, "s", "r", "a"):
            raise refuse(f"field {{{field}!{prechecks.short(conversion)}}}: write {{{field}}}.")
        if spec:
            _check_format(field, spec, refuse)
    if unknown:
        raise refuse(
            f"names {', '.join(map(repr, unknown))}, not parameters of {notebook} (known: "
            f"{', '.join(declared)})."
        )


def _check_format(field: str, spec: str, refuse) -> None:
    shown = "{" + field + ":" + prechecks.short(spec) + "}"
    text_formats = f"{{{field}}} or a format for text such as {{{field}:.12}} or {{{field}:>12}}"
    if "{" in spec or "}" in spec:
        raise refuse(f"field {shown} nests a field in its format; write {text_formats}.")
    match = _FORMAT.fullmatch(spec)
    for part in (match.group("width"), match.group("precision")) if match else ():
        if part and (len(part) > 3 or int(part) > MAX_WIDTH):
            size = part if len(part) <= 12 else part[:12] + "..."
            raise refuse(
                f"field {shown} asks for {size} characters; ids are cut to {MAX_STEM_BYTES} "
                f"bytes, so use at most {MAX_WIDTH}, e.g. {{{field}:.20}}."
            )
    try:
        if match is None:
            raise ValueError("Invalid format specifier")
        format("sample", spec)
    except ValueError as exc:
        raise refuse(
            f"field {shown} is not a format for text ({exc}); values are written as text, so "
            f"write {text_formats}."
        ) from None


def templated_id(template: str, given: dict[str, Any], defaults: dict[str, Any]) -> str:
    values = {**defaults, **given}
    text = template.format_map({name: slug(value) for name, value in values.items()})
    text = re.sub(r"[^\w.-]+", "-", unicodedata.normalize("NFKC", text)).strip(".-") or "x"
    return cap(text)


def ids(
    given_sets: list[dict[str, Any]],
    template: str | None = None,
    defaults: dict[str, Any] | None = None,
) -> list[str]:
    """The id of each parameter set: from ``template`` (checked already, with the notebook's
    ``defaults`` for the parameters a set does not give), else :func:`run_ids`."""
    if template is None:
        return run_ids(given_sets)
    return [templated_id(template, given, defaults or {}) for given in given_sets]
