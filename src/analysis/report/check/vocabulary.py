"""What the check looks for, read from ``rules.yaml`` beside this module and validated on load.

The phrases, extensions, nouns and thresholds are curated data: an analyst adds a class of
operator phrase or a noun to the YAML file, not to the code. A malformed file (a pattern that
does not compile, a missing list, a noun pair that is not a pair) is a
:class:`~analysis.errors.DataValidationError` naming the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from analysis import i18n
from analysis.errors import DataValidationError

RULES_FILE = resources.files("analysis") / "report" / "check" / "rules.yaml"


@dataclass(frozen=True)
class OperatorPhrase:
    kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Vocabulary:
    back_matter: re.Pattern[str]
    file_name: re.Pattern[str]
    web_address: re.Pattern[str]
    operator_phrases: tuple[OperatorPhrase, ...]
    plural_one: re.Pattern[str]
    singular_many: re.Pattern[str]
    plural_of: dict[str, str]
    singular_of: dict[str, str]
    range_value: str
    range_pattern: re.Pattern[str]
    nowrap_classes: frozenset[str]
    blank_min_lines: int
    figure_segments: int


def _fail(what: str) -> DataValidationError:
    return DataValidationError(f"{RULES_FILE.name}: {what}; fix the file (analysis/report/check).")


def _strings(spec: dict, key: str) -> list[str]:
    value = spec.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise _fail(f"'{key}' must be a non-empty list of strings")
    return value


def _compile(kind: str, pattern: object, flags: int = 0) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise _fail(f"the pattern of {kind!r} must be a non-empty string")
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise _fail(f"the pattern of {kind!r} does not compile ({exc})") from None


def _in(language: str, words: str) -> str:
    """``words`` (a heading of the reports, an English message) in ``language``: the back
    matter of an Arabic report opens with the catalogue's Arabic headings."""
    with i18n.editing(language):
        return i18n.gettext(words)


def _words(words: list[str]) -> str:
    """An alternation of ``words``, longest first, spaces matching any run of spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def parse(spec: object) -> Vocabulary:
    """The vocabulary of a parsed ``rules.yaml``; every entry is checked."""
    if not isinstance(spec, dict):
        raise _fail("the file must hold a mapping")
    back = _strings(spec, "back_matter")
    back += [_in(language, heading) for language in i18n.LANGUAGES for heading in back]
    extensions = _strings(spec, "file_extensions")
    if not all(re.fullmatch(r"[a-z0-9]+", e) for e in extensions):
        raise _fail("'file_extensions' are lower-case letters and digits, without the dot")

    phrases = spec.get("operator_phrases")
    if not isinstance(phrases, list) or not phrases:
        raise _fail("'operator_phrases' must be a non-empty list")
    operator = []
    for entry in phrases:
        if not isinstance(entry, dict) or not isinstance(entry.get("kind"), str):
            raise _fail(f"each operator phrase needs a 'kind' and a 'pattern' (got {entry!r:.60})")
        case = entry.get("case", "insensitive")
        if case not in ("sensitive", "insensitive"):
            raise _fail(f"'case' of {entry['kind']!r} must be sensitive or insensitive")
        flags = 0 if case == "sensitive" else re.IGNORECASE
        pattern = _compile(entry["kind"], entry.get("pattern"), flags)
        operator.append(OperatorPhrase(entry["kind"], pattern))

    plural = spec.get("plural")
    if not isinstance(plural, dict):
        raise _fail("'plural' must be a mapping with nouns, modifiers and phrase_ends")
    nouns = plural.get("nouns")
    if (
        not isinstance(nouns, list)
        or not nouns
        or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) and w for w in p)
            for p in nouns
        )
    ):
        raise _fail("'plural.nouns' must be a list of [singular, plural] pairs")
    modifiers = _strings(plural, "modifiers")
    ends = _strings(plural, "phrase_ends")
    singulars = [s for s, _ in nouns]
    plurals = [p for _, p in nouns]
    # Number, modifier and noun on one line: in a PDF, a number that ends a line and a word
    # that starts the next one are most often two things (a key figure and its source).
    gap = r"[^\S\n]+"
    between = rf"(?:(?:{_words(modifiers)}){gap})?"
    # 1 (not 1.5, 21 or 1,000) followed by a plural noun.
    plural_one = re.compile(
        rf"(?<![\w.,])1(?![\d]|[.,]\d){gap}{between}(?P<noun>{_words(plurals)})\b", re.IGNORECASE
    )
    # Any other number (not a year) followed by a singular noun that ends its phrase.
    end = r"(?![\d]|[.,]\d)"
    many = (
        rf"(?!1{end})(?!(?:19|20)\d\d{end})"  # not 1, not a year
        r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    )
    singular_many = re.compile(
        rf"(?<![\w.,])(?:{many}){end}{gap}{between}"
        rf"(?P<noun>{_words(singulars)})(?=[^\S\n]*(?:[.,;:)!?]|$)|{gap}(?:{_words(ends)})\b)",
        re.IGNORECASE,
    )

    ranges = spec.get("ranges")
    if not isinstance(ranges, dict):
        raise _fail("'ranges' must be a mapping with months and nowrap_classes")
    months = _strings(ranges, "months")
    nowrap = _strings(ranges, "nowrap_classes")
    # A number or a year is never the start of an ISO date (2024-12-03). A comma is in a
    # number only before three digits: "800,000–1,000,000, as of" ends at the last zero.
    number = r"\d+(?:,\d{3})*(?:\.\d+)?(?!-\d)(?:\s?%)?"
    year = r"\d{4}(?![\d-])"
    month = rf"(?:{_words(months)})\.?"
    value = rf"(?:\d{{1,2}}\s+{month}(?:\s+{year})?|{month}\s+{year}|{month}(?![\w])|{number})"
    dash = r"(?:\s*[\u2013\u2014]\u2060?\s*|\s+-\s+)"
    range_pattern = re.compile(rf"(?<![\w.,])(?P<low>{value}){dash}(?P<high>{value})(?![\w])")

    blank = spec.get("blank_page")
    if not isinstance(blank, dict):
        raise _fail("'blank_page' must be a mapping with min_lines and figure_segments")
    limits = []
    for key in ("min_lines", "figure_segments"):
        if not isinstance(blank.get(key), int) or blank[key] < 1:
            raise _fail(f"'blank_page.{key}' must be a positive whole number")
        limits.append(blank[key])

    file_name = re.compile(
        r"(?<![\w.-])(?:[\w~.:-]*[/\\])*[\w][\w.,+~()-]*\.(?:"
        + "|".join(sorted(extensions, key=len, reverse=True))
        + r")(?![\w])",
        re.IGNORECASE,
    )
    return Vocabulary(
        back_matter=re.compile(rf"\s*(?:{_words(back)})\b", re.IGNORECASE),
        file_name=file_name,
        web_address=re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE),
        operator_phrases=tuple(operator),
        plural_one=plural_one,
        singular_many=singular_many,
        plural_of={s.lower(): p for s, p in nouns},
        singular_of={p.lower(): s for s, p in nouns},
        range_value=value,
        range_pattern=range_pattern,
        nowrap_classes=frozenset(nowrap),
        blank_min_lines=limits[0],
        figure_segments=limits[1],
    )


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary of the packaged ``rules.yaml`` (read once per process)."""
    try:
        spec = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise _fail(f"it is not valid YAML{where}") from None
    return parse(spec)
