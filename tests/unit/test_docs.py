"""The documentation site's generated reference pages, and the README.

The expectations come from the code the pages are generated from, read here on its own: the
``sitrep`` parser's commands and options, each notebook's cell tagged ``parameters`` (its JSON
and the comment after each default) and the format registry. ``make docs`` builds the whole site
strictly (links, anchors, docstrings); these tests say that nothing of the three is left out.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import logging
import re
import sys
import textwrap
import tokenize
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import docs_griffe
import docs_reference
from docs_reference import plain


def _sections(page: str, level: str) -> dict[str, str]:
    """The page's text under each heading of ``level`` (``"##"``), by the heading's text."""
    parts = re.split(rf"(?m)^{level} (.+)$", page)
    return {
        heading.strip(" `"): body for heading, body in zip(parts[1::2], parts[2::2], strict=True)
    }


# ------------------------------------------------------------------------------ command line


def _commands(parser: argparse.ArgumentParser, name: str = "sitrep"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _commands(sub, f"{name} {sub_name}")


def test_the_cli_reference_lists_every_command_and_option_with_its_help():
    from analysis.cli import build_parser

    page = docs_reference.cli_page()
    by_command = _sections(page, "##")
    commands = list(_commands(build_parser()))
    assert len(commands) >= 9  # sitrep, data, summary, formats, params, render, batch, check, ...
    assert set(by_command) == {name for name, _ in commands}
    for name, parser in commands:
        section = by_command[name]
        rows = {
            line.split(" | ")[0].strip("| `"): plain(line)
            for line in section.splitlines()
            if line.startswith("| `")
        }
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            written = list(action.option_strings) or [action.metavar or action.dest]
            row = next(
                (r for key, r in rows.items() if key.split(" ")[0].rstrip(",") in written), None
            )
            assert row is not None, f"{name}: {written} not listed"
            for option in written:
                assert option in row, (name, option)
            help_text = (action.help or "").replace("%(default)s", str(action.default))
            assert " ".join(help_text.split()) in row, (name, written)
            if action.default not in (None, False, argparse.SUPPRESS) and action.option_strings:
                assert f"`{action.default}`" in row, (name, written, action.default)


def test_the_render_options_are_there_as_sitrep_render_help_prints_them():
    """One command checked against the help text argparse itself prints."""
    from analysis.cli import build_parser

    render = next(p for n, p in _commands(build_parser()) if n == "sitrep render")
    printed = render.format_help()
    section = plain(_sections(docs_reference.cli_page(), "##")["sitrep render"])
    for option in (
        "--out OUT",
        "--to TO",
        "--timeout TIMEOUT",
        "-p NAME VALUE, --param NAME VALUE",
    ):
        assert option in printed and option in section
    timeout = next(a for a in render._actions if "--timeout" in a.option_strings)
    said = " ".join((timeout.help % {"default": timeout.default}).split())
    assert said in " ".join(printed.split()) and said in section


# ------------------------------------------------------------------------ notebook parameters


def _declared(notebook: Path) -> dict[str, tuple[object, str]]:
    """Each parameter of the notebook's cell tagged ``parameters``: default and comment, read
    from the notebook's JSON with ``ast`` and ``tokenize``."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not tagged:
        return {}
    (cell,) = tagged
    source = "".join(cell["source"])
    comments = {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    declared = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            declared[node.targets[0].id] = (
                ast.literal_eval(node.value),
                comments.get(node.end_lineno, ""),
            )
    return declared


def test_the_parameters_reference_lists_every_parameter_of_every_notebook():
    page = docs_reference.parameters_page()
    by_notebook = _sections(page, "##")
    notebooks = sorted((REPO / "notebooks").glob("*.ipynb"))
    assert {"situation_report", "casualties", "trends"} <= {n.stem for n in notebooks}
    assert all(_declared(REPO / "notebooks" / f"{n}.ipynb") for n in ("casualties", "trends"))
    assert set(by_notebook) == {n.stem for n in notebooks}
    for notebook in notebooks:
        declared = _declared(notebook)
        if not declared:
            assert "takes no parameters" in by_notebook[notebook.stem], notebook.name
            continue
        rows = {
            line.split(" | ")[0].strip("| `"): plain(line)
            for line in by_notebook[notebook.stem].splitlines()
            if line.startswith("| `")
        }
        assert set(rows) == set(declared), notebook.name
        for name, (default, comment) in declared.items():
            assert repr(default) in rows[name], (notebook.name, name)
            assert comment and comment in rows[name], (notebook.name, name)


# ------------------------------------------------------------------------------- data formats


def test_the_formats_reference_lists_every_format_with_the_columns_it_requires():
    from analysis.data import FORMATS

    page = docs_reference.formats_page()
    by_format = _sections(page, "###")
    assert len(FORMATS) >= 20
    assert set(by_format) == set(FORMATS)
    for name, fmt in FORMATS.items():
        entry = plain(by_format[name])
        assert fmt.title in entry, name
        assert f"**Domain**: {fmt.domain}" in entry, name
        required = re.search(r"\*\*Columns required\*\*: (.*)", entry)[1]
        listed = fmt.needs or fmt.sheets or fmt.properties
        # each required column followed by its other names (``Date`` for ``Attack date``)
        listed = [n for c in listed for n in (c, *fmt.also.get(c, ()))]
        assert re.findall(r"`([^`]+)`", required) == listed, name
        for suffix in fmt.suffixes:
            assert f"`{suffix}`" in entry, name
        assert " ".join(fmt.origin.split()) in entry, name
    # a column the reader requires, as ``sitrep data formats`` states it
    assert "`fatalities`" in by_format["acled"] and "`best`" in by_format["ucdp_ged"]


# -------------------------------------------------------------------------------- the pages


def test_generated_pages_are_never_committed():
    for page in docs_reference.PAGES:
        assert not (REPO / "docs" / page).exists(), page


def test_the_sections_api_page_documents_every_public_module_of_the_package():
    page = docs_reference.sections_api_page()
    src = REPO / "src" / "analysis"
    modules = set()
    for path in (src / "sections").rglob("*.py"):
        parts = ("analysis", *path.relative_to(src).with_suffix("").parts)
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        if not any(part.startswith("_") for part in parts):
            modules.add(".".join(parts))
    assert "analysis.sections.situation" in modules
    assert set(re.findall(r"(?m)^::: (\S+)$", page)) == modules


def test_make_test_builds_the_docs_strictly():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    prerequisites = re.search(r"(?m)^test:([^#\n]*)", makefile)[1].split()
    assert "docs" in prerequisites
    recipe = re.sub(r"#.*", "", re.search(r"(?m)^docs:.*\n((?:\t.*\n)+)", makefile)[1])
    assert "mkdocs build --strict" in recipe
    # --quiet would hide the warnings that --strict counts, and the build would pass
    assert not re.search(r"\s(-q|--quiet)\b", recipe)
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_is_short_and_gives_the_two_set_up_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 180  # with its summary in Arabic
    blocks = "\n".join(re.findall(r"```bash\n(.*?)```", readme, flags=re.S))
    assert re.search(r"(?m)^make report\b", blocks)
    assert re.search(r"(?m)^make test\b", blocks)
    assert "## In JupyterLab" in readme
    assert "make docs" in readme and "site/index.html" in readme


# ------------------------------------------------------------- docstrings written for Sphinx


@pytest.fixture
def package(tmp_path):
    """A small ``analysis`` package loaded by griffe with the extension of ``mkdocs.yml``."""
    import griffe

    root = tmp_path / "analysis"
    (root / "metrics").mkdir(parents=True)
    (root / "__init__.py").write_text('"""Top."""\n')
    (root / "metrics" / "__init__.py").write_text('"""Metrics."""\n')
    (root / "metrics" / "results.py").write_text(
        textwrap.dedent(
            '''
            """Results."""


            class Result:
                """A number."""

                def share(self):
                    """Its share."""
            '''
        )
    )
    (root / "report.py").write_text(
        textwrap.dedent(
            '''
            """Uses :class:`~analysis.metrics.results.Result`, :meth:`Result.share`,
            :mod:`.metrics`, :class:`OSError`, :func:`tempfile.mkdtemp` and :func:`gone`.

            Run it as::

                sitrep render

            >>> 1 + 1
            2

            ``term``
                What the term means.
            """

            from analysis.metrics.results import Result
            '''
        )
    )
    loader = griffe.GriffeLoader(
        extensions=griffe.load_extensions(docs_griffe.SphinxDocstrings), search_paths=[tmp_path]
    )
    loader.load("analysis")
    return loader.modules_collection


def test_sphinx_roles_become_links_code_blocks_and_definition_lists(package):
    text = package["analysis.report"].docstring.value
    result = "analysis.metrics.results.Result"
    assert f'<autoref identifier="{result}" optional><code>Result</code></autoref>' in text
    assert f'identifier="{result}.share" optional><code>Result.share</code>' in text
    assert 'identifier="analysis.metrics" optional><code>metrics</code>' in text
    for outside in ("OSError", "tempfile.mkdtemp", "gone"):
        assert f"<code>{outside}</code>" in text
        assert f'identifier="{outside}"' not in text
    assert "Run it as:\n" in text and "::" not in text
    assert "```pycon\n>>> 1 + 1\n```" in text
    assert "``term``\n:   What the term means." in text


def test_a_name_of_nothing_in_the_package_is_warned_and_nothing_else(tmp_path, caplog):
    import griffe

    root = tmp_path / "analysis"
    root.mkdir()
    (root / "__init__.py").write_text(
        '"""See :func:`gone`, :class:`OSError`, :func:`tempfile.mkdtemp`, :func:`here`."""\n'
        "def here():\n    pass\n"
    )
    loader = griffe.GriffeLoader(
        extensions=griffe.load_extensions(docs_griffe.SphinxDocstrings), search_paths=[tmp_path]
    )
    with caplog.at_level(logging.WARNING):
        loader.load("analysis")
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warned) == 1 and ":func:`gone`" in warned[0], warned
