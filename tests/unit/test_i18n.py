"""The edition of a report (analysis.i18n): its catalogues are complete and current, and numbers
and dates are written the edition's way, English exactly as before the Arabic edition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from analysis import i18n
from analysis.errors import ParameterError
from analysis.metrics.results import Period, format_number

REPO = Path(__file__).resolve().parents[2]
LOCALE = REPO / "src" / "analysis" / "locale"
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")


def _po(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def _extracted() -> set[tuple[str | tuple[str, ...], str | None]]:
    """The messages of the source, as `make i18n` extracts them (babel.cfg)."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(
        str(REPO / "src" / "analysis"), method_map, options_map, keywords=KEYWORDS
    )
    return {(m[2], m[4]) for m in found}  # (filename, lineno, message, comments, context)


def _strings(message) -> tuple[str, ...]:
    """A message's translation: its one string, or its plural forms (a list or a tuple)."""
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def _key(message) -> tuple[str, str | None]:
    return (message.id if isinstance(message.id, str) else message.id[0], message.context)


def test_the_template_holds_every_message_of_the_source():
    """`make i18n` was run: the source's messages are the template's, no more, no less."""
    with (LOCALE / "messages.pot").open("rb") as handle:
        template = {_key(m) for m in read_po(handle) if m.id}
    source = {(m if isinstance(m, str) else m[0], c) for m, c in _extracted()}
    new, gone = sorted(source - template)[:5], sorted(template - source)[:5]
    assert source == template, f"run `make i18n`: new {new}, gone {gone}"


@pytest.mark.parametrize("language", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_every_message_is_translated_with_the_same_placeholders(language):
    catalogue = _po(language)
    assert catalogue.plural_forms.startswith("nplurals=6")  # Arabic's six forms
    missing, differ = [], []
    for message in catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if not all(strings) or message.fuzzy:
            missing.append(ids[0])
            continue
        wanted = {n for m in PLACEHOLDER.finditer(ids[-1]) for n in m.groups() if n}
        for string in strings:
            given = {n for m in PLACEHOLDER.finditer(string) for n in m.groups() if n}
            if given != wanted and not (len(strings) > 1 and given <= wanted):
                differ.append((ids[0], string))
    assert not missing, f"{len(missing)} messages with no {language} translation: {missing[:5]}"
    assert not differ, f"placeholders differ: {differ[:5]}"


@pytest.mark.parametrize("language", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_the_compiled_catalogue_is_the_translated_one(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "messages.mo").open("rb") as handle:
        compiled = {_key(m): _strings(m) for m in read_mo(handle) if m.id}
    written = {_key(m): _strings(m) for m in _po(language) if m.id}
    assert compiled == written, "run `make i18n` to compile the catalogue"


def test_english_numbers_and_dates_are_written_as_before():
    assert [format_number(v) for v in (1234567.5, 0.5, 2.5, -3, None)] == [
        "1,234,568",
        "1",
        "3",
        "-3",
        "–",
    ]
    assert [format_number(v, "percent") for v in (12.5, 12.0)] == ["12.5%", "12%"]
    assert [Period.of(*p).label for p in (("2024-12-08",) * 2, ("2024-12-01", "2024-12-08"))] == [
        "8 December 2024",
        "1 to 8 December 2024",
    ]
    assert Period.of("2023-12-28", "2024-01-03").label == "28 December 2023 to 3 January 2024"
    assert i18n.week_of("2024-12-02") == "week of 2 December 2024"


def test_arabic_months_separators_and_digits():
    with i18n.editing("ar"):
        assert i18n.month("2024-12-01") == "كانون الأول 2024"  # Syrian month names
        assert format_number(1234567) == "1,234,567"  # Latin digits by default
        label = Period.of("2024-11-27", "2024-12-31").label
        assert label == "من 27 تشرين الثاني إلى 31 كانون الأول 2024"
    with i18n.editing("ar", "arabic"):
        assert format_number(1234567) == "١٬٢٣٤٬٥٦٧"  # Arabic-Indic digits, Arabic separator
        assert format_number(12.5, "percent") == "١٢٫٥٪"
        assert i18n.day("2024-12-08") == "٨ كانون الأول ٢٠٢٤"
    assert i18n.edition() == i18n.ENGLISH  # the block's edition ends with it


def test_a_bad_language_or_digits_is_one_line_naming_the_parameter():
    with pytest.raises(ParameterError, match=r"parameter 'language': 'fr'.*give one of en, ar"):
        i18n.use("fr")
    with pytest.raises(ParameterError, match="parameter 'digits'"):
        i18n.use("ar", "roman")
    assert i18n.edition() == i18n.ENGLISH


MARKERS = ("_", "N_", "gettext", "ngettext", "pgettext")


def messages_in_fstrings(source: str) -> list[int]:
    """Lines where a message is marked inside an f-string's braces, where extraction cannot
    see it (the reader would get English in every edition)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and getattr(inner.func, "id", None) in MARKERS:
                    found.append(inner.lineno)
    return found


def test_no_message_is_marked_inside_an_f_string():
    found = [
        f"{path.relative_to(REPO)}:{line}"
        for path in sorted((REPO / "src" / "analysis").rglob("*.py"))
        for line in messages_in_fstrings(path.read_text(encoding="utf-8"))
    ]
    assert not found, "messages extraction cannot see (mark them outside the f-string):\n" + (
        "\n".join(found)
    )
    assert messages_in_fstrings("x = f\"<b>{say(N_('Find'))}</b>\"\ny = N_('Find')\n") == [1]


def test_a_governorate_is_named_in_the_editions_language_and_found_by_either_name():
    from analysis.gazetteer import resolve

    aleppo = resolve("حلب")
    assert aleppo == resolve("Aleppo") and aleppo.pcode == "SY02"
    assert aleppo.shown == "Aleppo"
    with i18n.editing("ar"):
        assert aleppo.shown == "حلب" and resolve("Dar'a").shown == "درعا"


def test_arabic_headings_get_ids_of_their_own():
    """The table of contents links each heading by its id: Arabic headings keep their letters,
    so two of them never share one id."""
    from analysis.sections.blocks import slug

    with i18n.editing("ar"):
        names = [i18n.gettext(n) for n in ("Key figures", "Sources and method")]
    assert len({slug(n) for n in names}) == 2 and "section" not in {slug(n) for n in names}
    assert slug("Deaths by governorate (2024)") == "deaths-by-governorate-2024"


def test_the_check_finds_the_back_matter_of_an_arabic_report():
    """File names belong in "Sources and method" and the annex, in either edition."""
    from analysis.report.check.vocabulary import vocabulary

    back = vocabulary().back_matter
    with i18n.editing("ar"):
        headings = [i18n.gettext(h) for h in ("Sources and method", "Annex")]
        annex = i18n.gettext("Annex: every change of control in the period")
    assert all(back.match(h) for h in [*headings, annex, "Sources and method"])
    assert not back.match(i18n.gettext("Key figures"))


def test_written_words_take_the_editions_digits_but_ids_and_addresses_keep_theirs():
    text = "27 تشرين الثاني - 8 كانون الأول (control-041، https://x.org/a/2024)"
    with i18n.editing("ar", "arabic"):
        shown = i18n.digits_in_text(text)
    assert shown.startswith("٢٧ تشرين الثاني - ٨ كانون الأول")
    assert "control-041" in shown and "https://x.org/a/2024" in shown
    with i18n.editing("ar"):
        assert i18n.digits_in_text(text) == text
