"""The tests check facts, not wording: no test asserts on 40 characters or more of English prose.

A test that copies a sentence of a report breaks when the sentence is reworded, and cannot run on
the Arabic edition (issue 18), whose words come from another catalogue, although the fact it
checks still holds. Tests check what a report says through its marks instead (tests/said.py: the
template a sentence came from, the results its numbers state, the kinds of its notes), on typed
results, or on a sentence rendered from its template with values the test computed.

The rule, on every test file's syntax tree:

- an *asserted* literal is a string literal (an f-string counts its literal parts only) that
  appears in an ``assert`` statement's test, or in what a name used there was assigned (an
  assignment, the values a ``for`` loop or comprehension runs over, a ``parametrize`` list), in
  the same function or at module level, or what a test gives a helper of its file that asserts
  on that parameter; the arguments of a call are the call's input, not what is asserted, except
  those of a call that matches text (``startswith``, ``count``, ``re.search``...);
- it is *prose* when, once markup and regular-expression syntax are taken out, it holds 40
  characters or more with at least 5 English words of 2 letters or more making up at least 20 of
  them; file paths, URLs, identifiers and code (words joined by ``_``, ``.`` or ``/``) are no
  words, and a line of a CSV file (3 commas with no space after them) is no prose;
- an assertion on what sitrep tells its operator is exempt: the words of errors, warnings,
  notes and command output are English only and are not a report's (issue 18 translates what a
  reader of a report sees). It is recognised by its subject: a process's ``stderr`` or
  ``stdout``, an exception caught by ``pytest.raises`` or ``except``, ``capsys``; or by the
  file, in :data:`OPERATOR_FILES`, for the files whose every prose assertion is on such words;
- :data:`EXCEPTIONS` lists the other asserted prose literals, each with why it is no copy of a
  report's words.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
LONGEST = 40
"""A literal of this many characters of prose is a copy of a report's words."""

MATCHING = {
    "startswith",
    "endswith",
    "count",
    "find",
    "rfind",
    "index",
    "rindex",
    "search",
    "match",
    "fullmatch",
    "findall",
    "finditer",
    "split",
    "partition",
    "replace",
    "sub",
}
"""Calls that match text: their arguments are what is looked for, so they are asserted."""

CHANNELS = {"stderr", "stdout", "err", "out", "readouterr"}
"""Attributes that hold what a process or ``capsys`` printed for the operator."""
CHANNEL_NAMES = {"stderr", "stdout", "capsys", "caplog"}
"""Names that hold it."""

OPERATOR_FILES: dict[str, str] = {
    "unit/test_batch_bounds.py": "batch files refused: the refusal, on stderr",
    "unit/test_run_records.py": "a manifest's entries: the error an interrupted run keeps",
    "unit/test_bounded_archives.py": "archives refused: the refusal, on stderr",
    "unit/test_check.py": "sitrep check's findings, which quote the test's own made-up reports",
    "unit/test_containers.py": "files refused: the validation error",
    "unit/test_no_echo.py": "files refused: the error naming what was found",
    "unit/test_oserrors.py": "disk and permission errors, as sitrep words them for the operator",
    "unit/test_outdir.py": "output folders refused: the error",
    "integration/test_bundled_build.py": "the build script's errors, to the maintainer",
    "integration/test_check.py": "sitrep check's findings, to the operator",
    "integration/test_kernel_start.py": "a kernel that does not start: the error",
    "integration/test_outdir.py": "output folders refused: the error, read through a helper",
    "integration/test_prechecks.py": "parameters refused before any kernel: the error",
    "integration/test_summary_realdata.py": "sitrep data summary's output, to the operator",
}
"""Files whose every prose assertion is on a message to the operator (read through a helper
the rule cannot follow), and why."""

EXCEPTIONS: dict[tuple[str, str], str] = {
    ("integration/test_health_realdata.py", "Total number of attacks on fac"): (
        "the publisher's column names, as its file spells them"
    ),
    ("integration/test_health_render.py", "Safeguarding Health in Conflic"): (
        "the publisher's name, which its licence asks to be credited as written"
    ),
    ("integration/test_residue.py", "sitrep: note: Give a period th"): (
        "advice to the operator on stderr, read through a helper"
    ),
    ("unit/test_bundled.py", "syria-sitrep contributors (com"): (
        "a field of the bundled data's provenance sidecar, not a report's words"
    ),
    ("unit/test_keep_ranges.py", '<img alt="deaths 3–4 per day" '): (
        "the test's own input, which the export must leave as it is"
    ),
    ("unit/test_kernels.py", "from analysis.sections import "): "a line of Python",
    ("unit/test_ucdp.py", "provisional data: all 2 events"): (
        "sitrep data summary's output, to the operator"
    ),
}
"""(file, the literal's first 30 characters): why that literal is no copy of a report's words."""

_TAG = re.compile(r"<[^>]*>")
_REGEX = re.compile(r"\\[dDsSwWbB]|\[[^\]]*\]|\(\?[:=!<]*|[*+?]|\{\d*,?\d*\}|\\")
_WORD = re.compile(r"[\"'(“‘]*[A-Za-z][a-z]+(?:[-'’][a-z]+)*[\"')”’.,;:!?]*")


def is_prose(text: str) -> bool:
    """Whether ``text`` holds :data:`LONGEST` characters of English prose (see the module)."""
    if len(re.findall(r",\S", text)) >= 3:
        return False  # a line of a CSV file, a list of column names
    plain = " ".join(_REGEX.sub(" ", _TAG.sub(" ", text)).split())
    words = [t for t in plain.split() if _WORD.fullmatch(t)]
    letters = sum(len(w.strip("\"'()“”‘’.,;:!?")) for w in words)
    return len(plain) >= LONGEST and len(words) >= 5 and letters >= 20


@dataclass(frozen=True)
class Found:
    file: str
    line: int
    text: str
    operator: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.file, self.text[:30])


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else ""
            for v in node.values
        )
    return None


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _asserted(node: ast.AST, names: set[str], literals: list[ast.AST], read: set[str]) -> None:
    """Walk ``node`` for the literals and the names it asserts on, not into a call's arguments
    unless the call matches text; the names a call reads go to ``read`` (they still tell which
    channel an assertion reads: ``str(err.value)``)."""
    if _text(node) is not None:
        literals.append(node)
        return
    if isinstance(node, ast.Name):
        names.add(node.id)
    if isinstance(node, ast.Attribute) and node.attr in CHANNELS:
        names.add("." + node.attr)
    if isinstance(node, ast.Call) and _callee(node) not in MATCHING:
        _asserted(node.func, names, literals, read)
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            for sub in ast.walk(arg):
                if isinstance(sub, ast.Name):
                    read.add(sub.id)
                if isinstance(sub, ast.Attribute) and sub.attr in CHANNELS:
                    read.add("." + sub.attr)
        return
    for child in ast.iter_child_nodes(node):
        _asserted(child, names, literals, read)


def _targets(node: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]


class _Scope:
    """What the names of one function (or the module) were given, and which hold operator
    channels (bound by ``pytest.raises(...) as``, ``except ... as``, or read from one)."""

    def __init__(self, body: ast.AST, outer: _Scope | None = None) -> None:
        self.given: dict[str, list[ast.AST]] = {} if outer is None else dict(outer.given)
        self.operator: set[str] = set() if outer is None else set(outer.operator)
        for node in ast.walk(body):
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign) and node.value:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for name in (n for t in targets for n in _targets(t)):
                    self.given.setdefault(name, []).append(node.value)
            elif isinstance(node, ast.For | ast.comprehension):
                for name in _targets(node.target):
                    self.given.setdefault(name, []).append(node.iter)
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                if isinstance(node.context_expr, ast.Call) and _callee(node.context_expr) in (
                    "raises",
                    "warns",
                ):
                    self.operator.update(_targets(node.optional_vars))
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self.operator.add(node.name)
        if isinstance(body, ast.FunctionDef):
            if "capsys" in {a.arg for a in body.args.args}:
                self.operator.add("capsys")
            for decorator in body.decorator_list:
                if isinstance(decorator, ast.Call) and _callee(decorator) == "parametrize":
                    given = dict(zip(("argnames", "argvalues"), decorator.args, strict=False))
                    given.update({k.arg: k.value for k in decorator.keywords if k.arg})
                    if "argnames" not in given or "argvalues" not in given:
                        continue
                    argnames, values = given["argnames"], given["argvalues"]
                    names = _text(argnames)
                    if names is not None:
                        found = [n.strip() for n in names.split(",")]
                    else:
                        found = [t for e in getattr(argnames, "elts", []) if (t := _text(e))]
                    rows = getattr(values, "elts", None)
                    if rows and all(len(getattr(r, "elts", ())) == len(found) for r in rows):
                        for i, name in enumerate(found):  # each name its own column
                            for row in rows:
                                self.given.setdefault(name, []).append(row.elts[i])
                    else:
                        for name in found:
                            self.given.setdefault(name, []).append(values)


def _operator(names: set[str], scope: _Scope) -> bool:
    """Whether an assertion reading ``names`` reads a channel of the operator's, directly or
    through what the names were given."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name.startswith(".") or name in scope.operator or name in CHANNEL_NAMES:
            return True
        for value in scope.given.get(name, []):
            for sub in ast.walk(value):
                if isinstance(sub, ast.Name):
                    todo.append(sub.id)
                if isinstance(sub, ast.Attribute) and sub.attr in CHANNELS:
                    return True
    return False


def _findings(path: Path, root: Path = TESTS) -> list[Found]:
    """The prose literals asserted on in the test file ``path`` (named from ``root``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = path.relative_to(root).as_posix()
    module = _Scope(ast.Module(body=[s for s in tree.body if not isinstance(s, ast.FunctionDef)]))
    found: dict[int, Found] = {}

    def add(literals: list[ast.AST], line: int, operator: bool) -> None:
        for literal in literals:
            text = _text(literal)
            if text is not None and is_prose(text):
                previous = found.get(id(literal))
                found[id(literal)] = Found(
                    name,
                    getattr(literal, "lineno", line),
                    text,
                    operator or bool(previous and previous.operator),
                )

    helpers: dict[str, tuple[list[str], set[str], bool]] = {}
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    for function in [None, *functions]:
        scope = module if function is None else _Scope(function, module)
        body = tree if function is None else function
        for node in ast.walk(body):
            if not isinstance(node, ast.Assert):
                continue
            names: set[str] = set()
            literals: list[ast.AST] = []
            read: set[str] = set()
            _asserted(node.test, names, literals, read)
            seen: set[str] = set()
            todo = list(names)
            while todo:  # follow the names asserted on to what they were given
                given = todo.pop()
                if given in seen:
                    continue
                seen.add(given)
                for value in scope.given.get(given, []):
                    more: set[str] = set()
                    _asserted(value, more, literals, read)
                    todo.extend(more - seen)
            operator = _operator(names | seen | read, scope)
            add(literals, node.lineno, operator)
            if function is not None:  # a helper asserting on its parameters
                params = [a.arg for a in function.args.args]
                if asserted := seen & set(params):
                    known = helpers.get(function.name, (params, set(), False))
                    helpers[function.name] = (params, known[1] | asserted, known[2] or operator)
    for call in ast.walk(tree):  # what the tests give those helpers to assert on
        if not isinstance(call, ast.Call) or _callee(call) not in helpers:
            continue
        params, asserted, operator = helpers[_callee(call)]
        given = [*zip(params, call.args, strict=False), *((k.arg, k.value) for k in call.keywords)]
        for param, value in given:
            if param in asserted:
                add([n for n in ast.walk(value) if _text(n) is not None], call.lineno, operator)
    return sorted(found.values(), key=lambda f: f.line)


@functools.cache
def every_finding() -> tuple[Found, ...]:
    """The prose asserted on in every test file but this one (whose samples are samples)."""
    paths = sorted(p for p in TESTS.rglob("test_*.py") if p != Path(__file__).resolve())
    return tuple(found for path in paths for found in _findings(path))


def test_no_test_asserts_on_a_copy_of_a_reports_words():
    found = [
        f
        for f in every_finding()
        if not (f.operator or f.file in OPERATOR_FILES or f.key in EXCEPTIONS)
    ]
    assert not found, "prose copied into assertions:\n" + "\n".join(
        f"{f.file}:{f.line}: {f.text[:90]!r}" for f in found
    )


def test_every_listed_exception_is_still_needed():
    found = every_finding()
    unused = [name for name in OPERATOR_FILES if not any(f.file == name for f in found)]
    unused += [key for key in EXCEPTIONS if not any(f.key == key for f in found)]
    assert not unused, f"listed, but nothing there asserts on prose any more: {unused}"


@pytest.mark.parametrize(
    "text",
    [
        "2 events with 12 deaths (best estimate; UCDP's low–high range 10 to 16)",
        "Not counted: 1 incident is dated only to a month that is partly outside",
        r"\d+ km from its starting point, with \d+ changes of control",
        '<p class="x">The file covers December 2024 to January 2025.</p>',
    ],
)
def test_prose_is_told_from_a_sentence(text):
    assert is_prose(text)


@pytest.mark.parametrize(
    "text",
    [
        "State/Province/Division/Governorate/Department",
        "https://www.npmjs.com/package/datamaps/v/0.5.10",
        "casualties_dara_2024-12-01_2024-12-08_[0-9a-f]{6}",
        "'December_IDPflow', 'IDPFlow_Summarysince2016'",
        '<span class="sitrep-result" data-key="deaths" data-disclosures="crossing">1</span>',
        "the data start on 6 January",  # prose, but short
    ],
)
def test_paths_markup_and_names_are_no_prose(text):
    assert not is_prose(text)


def test_the_rule_finds_prose_given_to_a_name_or_a_loop_and_spares_the_operators(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "import pytest\n"
        "def test_a(text):\n"
        "    said = 'At the end of 2024, UNHCR counted 3,600,000 refugees abroad'\n"
        "    assert said in text\n"
        "def test_b(text):\n"
        "    for s in ('Inside Syria, 7,408,909 people were internally displaced',):\n"
        "        assert s in text\n"
        "def test_c(done):\n"
        "    assert 'sitrep: error: the output folder is on a read-only disk' in done.stderr\n"
        "def test_d(path):\n"
        "    with pytest.raises(ValueError) as err:\n"
        "        read(path)\n"
        "    message = str(err.value)\n"
        "    assert 'the file holds no column named event_date, which it needs' in message\n"
        "def test_e(f):\n"
        "    assert f('Tishreen Dam (Manbij area), a single incident of the week') == 1\n"
        "def check(text, phrase):\n"
        "    assert phrase in text\n"
        "def test_f(text):\n"
        "    check(text, 'Civilians killed in recorded events of state-based conflict')\n",
        encoding="utf-8",
    )
    found = _findings(sample, tmp_path)
    assert [(f.line, f.operator) for f in found] == [
        (3, False),
        (6, False),
        (9, True),
        (14, True),
        (20, False),
    ]
