"""The words of results live in the message catalogue, not in ``analysis.metrics``.

Read from the source with ``ast`` (nothing is imported to find them): in ``metrics/`` no label,
note or reason is a string literal or an f-string, and every :class:`Message` is made with a
literal key, so the keys used can be listed; every key used has its entry in the catalogue
beside the sentence templates (``labels.yaml`` for labels and the terms they share,
``notes.yaml`` for notes and reasons), every entry is used, and every entry compiles. Then the
catalogue as the reports use it: labels and notes rendered from it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.metrics.casualties.coverage import ACLED, CODEBOOK_TYPES
from analysis.metrics.results import UNITS, Message, Period, Result
from analysis.sections import text

SRC = Path(__file__).resolve().parents[2] / "src" / "analysis"
METRICS = SRC / "metrics"
SENTENCES = SRC / "sections" / "sentences"
WORDS = ("label", "notes", "reason")
"""Keyword arguments that carry words a reader sees."""


def _trees(folder: Path) -> dict[Path, ast.AST]:
    return {
        path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for path in sorted(folder.rglob("*.py"))
    }


def _is_message(node: ast.AST) -> bool:
    """``Message.of(...)`` or ``Message(...)``."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "of":
        func = func.value
    return isinstance(func, ast.Name) and func.id == "Message"


BUILDERS = ("str", "join", "format", "capitalize", "lower", "upper", "title")
"""Calls that build text in Python (``str(x)``, ``", ".join(names)``)."""


def _texts(node: ast.AST) -> list[ast.AST]:
    """The words written in Python that ``node`` (a label, notes or a reason) is made of: string
    literals, f-strings and text built with :data:`BUILDERS`, as the value itself or inside a
    tuple, a list, a choice or a concatenation of them. A message (``Message.of(key, ...)``)
    holds no words: its values are the data its entry is filled with."""
    if isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    ):
        return [node]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [n for element in node.elts for n in _texts(element)]
    if isinstance(node, ast.Starred):
        return _texts(node.value)
    if isinstance(node, ast.IfExp):
        return _texts(node.body) + _texts(node.orelse)
    if isinstance(node, ast.BinOp):
        return _texts(node.left) + _texts(node.right)
    if isinstance(node, ast.Call) and not _is_message(node):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else None
        name = node.func.id if isinstance(node.func, ast.Name) else name
        return [node] if name in BUILDERS else []
    return []


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(SRC.parent)}:{node.lineno}"


def test_metrics_write_no_words_in_labels_notes_or_reasons():
    found = []
    for path, tree in _trees(METRICS).items():
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            given = [k.value for k in call.keywords if k.arg in WORDS]
            if isinstance(call.func, ast.Attribute) and call.func.attr in (
                "with_notes",
                "relabelled",
            ):
                given += call.args
            found += [_where(path, n) for value in given for n in _texts(value)]
    assert not found, "words written in metrics/ (give a Message of the catalogue):\n" + "\n".join(
        found
    )


def test_the_check_finds_words():
    """The scan above is not blind: it finds a literal label, an f-string note and a reason,
    and lets a message's key through."""
    tree = ast.parse(
        'Result(key="k", label="Deaths", notes=(f"{n} events", *more))\n'
        'Comparison(reason="the data end" if a else x)\n'
        'Result(key="k", label=str(row.area), notes=(", ".join(names),))\n'
        'Result(key="k", label=Message.of("deaths", noun=row["noun"]), notes=notes)\n'
    )
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and not _is_message(n)]
    calls = [c for c in calls if isinstance(c.func, ast.Name) and c.func.id != "str"]
    words = [len(_texts(k.value)) for c in calls for k in c.keywords if k.arg in WORDS]
    assert words == [1, 1, 1, 1, 1, 0, 0]


def _messages(folders: list[Path]) -> dict[str, set[str]]:
    """Keys of the messages made in ``folders``: those given as a result's label (``labels``)
    and all others (``notes``: notes, reasons, the figures of disclosures). A key that is not a
    literal is an error: the catalogue could not be checked against it."""
    used: dict[str, set[str]] = {"labels": set(), "notes": set()}
    unnamed = []
    for folder in folders:
        for path, tree in _trees(folder).items():
            labels = set()
            for call in ast.walk(tree):
                if not isinstance(call, ast.Call):
                    continue
                for k in call.keywords:
                    if k.arg == "label" and _is_message(k.value):
                        labels.add(id(k.value))
                relabelled = isinstance(call.func, ast.Attribute) and call.func.attr == "relabelled"
                if relabelled and call.args and _is_message(call.args[0]):
                    labels.add(id(call.args[0]))
            for call in ast.walk(tree):
                if not _is_message(call):
                    continue
                key = call.args[0] if call.args else None
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    if path.name not in ("results.py", "text.py"):  # Message.of, term, phrase
                        unnamed.append(_where(path, call))
                    continue
                used["labels" if id(call) in labels else "notes"].add(key.value)
    assert not unnamed, "messages without a literal key:\n" + "\n".join(unnamed)
    return used


CALLED = re.compile(
    r"""\b(term|phrase)\(\s*["']([a-z_]+)["']|\b(terms)\((?:[^"'()]*,)?\s*["']([a-z_]+)["']"""
)
"""``term("key", ...)`` and ``terms(codes, "key", ...)`` / ``codes|terms("key", ...)``
(labels.yaml), ``phrase("key", ...)`` (notes.yaml), in Python, templates and the catalogue's
own entries."""


def _called(texts: list[str]) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {"labels": set(), "notes": set()}
    for source in texts:
        for kind, key, many, key_of_many in CALLED.findall(source):
            if many:
                kind, key = "term", key_of_many
            used["labels" if kind == "term" else "notes"].add(key)
    return used


def _catalogue(name: str) -> dict[str, str]:
    return yaml.safe_load((SENTENCES / f"{name}.yaml").read_text(encoding="utf-8"))


def test_every_key_used_has_an_entry_and_every_entry_is_used():
    made = _messages([METRICS, SRC / "sections"])
    sources = [p.read_text(encoding="utf-8") for p in sorted((SRC / "sections").rglob("*.py"))]
    sources += [p.read_text(encoding="utf-8") for p in sorted(SENTENCES.glob("*.j2"))]
    sources += [v for name in text.CATALOGUES for v in _catalogue(name).values()]
    called = _called(sources)
    assert len(made["labels"]) > 40 and len(made["notes"]) > 40  # the scan finds the keys
    entries = {name: set(_catalogue(name)) for name in ("labels", "notes")}
    labels = made["labels"] | called["labels"]
    assert not labels - entries["labels"], (
        f"labels with no entry in labels.yaml: {sorted(labels - entries['labels'])}"
    )
    used = made["labels"] | made["notes"] | called["labels"] | called["notes"]
    every = entries["labels"] | entries["notes"]
    assert not used - every, f"keys with no entry in the catalogue: {sorted(used - every)}"
    assert not every - used, f"entries nothing uses: {sorted(every - used)}"
    assert called["notes"] <= entries["notes"]


def test_every_entry_compiles_and_the_two_files_share_no_key():
    for name in text.CATALOGUES:
        for key in text.catalogue(name):
            assert text._template(name, key) is not None
    assert not set(text.catalogue("labels")) & set(text.catalogue("notes"))


def test_every_unit_has_its_words_and_only_units_do():
    assert list(text.catalogue("units")) == list(UNITS)
    assert [text.unit_word("people", n) for n in (1, 2)] == ["person", "people"]
    assert text.plural(3, "person") == "3 people" and text.plural(1, "country") == "1 country"


WEEK = Period.of("2024-12-01", "2024-12-07")


def _result(label: Message, *notes: Message, **given) -> Result:
    return Result(key="k", label=label, value=3, unit="events", source="S", notes=notes, **given)


def test_labels_and_notes_are_rendered_from_the_catalogue():
    deaths = _result(
        Message.of("deaths_recorded", kinds=("Battles",)),
        Message.of("deaths_best_with_range"),
        Message.of("events_flagged_civilian", events=1234),
        period=WEEK,
    )
    assert text.label(deaths) == "Deaths in recorded battles"
    notes = text.notes(deaths)
    assert len(notes) == 2 and "UCDP" in notes[0] and "1,234" in notes[1]  # the values, filled
    assert text.when(deaths) == "1 to 7 December 2024"
    assert text.detail(deaths) == "; ".join([text.when(deaths), *notes])  # when, then the notes
    dated = _result(Message.of("as_published", name="SOHR"), as_of=pd.Timestamp("2024-12-08"))
    assert (text.label(dated), text.when(dated), text.detail(dated)) == (
        "SOHR",
        "as of 8 December 2024",
        "as of 8 December 2024",
    )
    several = Message.of("events_recorded", kinds=("state-based", "non-state", "one-sided"))
    said = text.label(_result(several))
    assert all(kind in said for kind in ("state-based", "non-state", "one-sided"))


def test_a_result_refuses_words_and_a_message_its_missing_values():
    with pytest.raises(TypeError, match="Message"):
        Result(key="k", label="Deaths", value=1, unit="deaths", source="S")
    with pytest.raises(TypeError, match="Message"):
        _result(Message.of("deaths_unknown"), "as published")
    with pytest.raises(Exception, match="kinds"):
        text.label(_result(Message.of("deaths_recorded")))  # a value the entry needs
    with pytest.raises(KeyError, match="no_such_key"):
        text.label(_result(Message.of("no_such_key")))


def test_a_template_cannot_print_a_message_or_a_result_as_it_is():
    said = Message.of("end_of_year_stock")
    with pytest.raises(TypeError, match="note"):
        text._environment().from_string("{{ m }}").render(m=said)
    with pytest.raises(TypeError, match="label"):
        text._environment().from_string("{{ r }}").render(r=_result(said))
    assert text._environment().from_string("{{ note(m) }}").render(m=said) == "end-of-year stock"


WORDS_IN_TEXT = re.compile(r"[A-Za-z]{2,} [A-Za-z]|^[A-Z][a-z]+$")
"""A string a reader could read: words with a space between them, or one capitalised word."""

PUBLISHED = {
    # ACLED's event types, as ACLED publishes them (codebook): the file's values, not our words.
    *CODEBOOK_TYPES[ACLED],
    # Qualifiers of a figure as sources publish them (the tolls and reported-figures files'
    # qualifier column; SHCC's counts are minimums), kept with the figure's Result.
    "at least",
    "more than",
    # Sources' own names, as they publish under them (the name a result cites).
    "OCHA/HNAP IDP Task Force",
    "UNHCR Refugee Data Finder",
    "IDMC via UNHCR Refugee Data Finder",
    "Insecurity Insight / SHCC",
}
"""Strings metrics may hold: values of the publishers' files and their names. Anything else a
reader sees is a code in metrics and words in the catalogue; numbers and dates are written by
:mod:`analysis.i18n`."""


def _docstrings(tree: ast.AST) -> set[int]:
    """The string statements of ``tree``: docstrings of modules, classes, functions and
    attributes."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        for statement in body if isinstance(body, list) else []:
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                found.add(id(statement.value))
    return found


def _unspoken(tree: ast.AST) -> set[int]:
    """Strings no report shows: in an error raised to the operator, and the names of
    ``__all__``."""
    found = set()
    for node in ast.walk(tree):
        exported = isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        )
        if isinstance(node, ast.Raise) or exported:
            found |= {id(n) for n in ast.walk(node)}
    return found


def words_in(source: str) -> list[tuple[int, str]]:
    """The strings of ``source`` that read as words: line and text."""
    tree = ast.parse(source)
    skipped = _docstrings(tree) | _unspoken(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.Constant):
            continue
        value = node.value
        if isinstance(value, str) and value not in PUBLISHED and WORDS_IN_TEXT.search(value):
            found.append((node.lineno, value))
    return sorted(found)


def test_metrics_hold_no_words_a_reader_sees():
    """No table of words, no word put in a frame: metrics give codes, the catalogue the words."""
    found = [
        f"{path.relative_to(SRC.parent)}:{line}: {value!r}"
        for path in sorted(METRICS.rglob("*.py"))
        for line, value in words_in(path.read_text(encoding="utf-8"))
    ]
    assert not found, "words in metrics/ (give a code; the words go to labels.yaml):\n" + "\n".join(
        found
    )


def test_the_word_scan_finds_tables_and_frames_of_words():
    source = (
        '"""A module."""\n'
        'LABELS = {"idp_arrivals": "IDP arrivals", "returns": "Returns"}\n'
        'frame["name"] = "Other countries"\n'
        'KINDS = ("Battles", "deaths_best", "Int64")\n'
        "def f():\n"
        '    """Says nothing."""\n'
        '    raise ValueError("a period cannot end before it starts")\n'
        '__all__ = ["Result"]\n'
    )
    assert words_in(source) == [(2, "IDP arrivals"), (2, "Returns"), (3, "Other countries")]
