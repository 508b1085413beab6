"""`sitrep data formats`, and the command line explaining itself."""

from __future__ import annotations

import argparse
import contextlib
import json

from analysis import data
from analysis.cli import build_parser, main


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def test_every_option_of_every_verb_has_a_help_line():
    for parser in _parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, f"{parser.prog}: {action.dest} has no help"


def test_format_help_lists_the_format_names(capsys):
    with contextlib.suppress(SystemExit):
        main(["data", "summary", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for name in data.FORMATS:
        assert name in out


def test_data_formats_lists_domain_columns_and_origin(capsys):
    assert main(["data", "formats"]) == 0
    out = capsys.readouterr().out
    for fmt in data.FORMATS.values():
        assert f"{fmt.name}  ({fmt.domain})" in out
    assert "event_id_cnty" in out and "ucdp.uu.se" in out
    assert "PATH::NAME" in out


def test_data_formats_json_and_domain_filter(capsys):
    assert main(["data", "formats", "--domain", "boundaries", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed and {f["domain"] for f in listed} == {"boundaries"}
    assert all({"name", "columns", "origin"} <= f.keys() for f in listed)


def test_unknown_file_message_is_short_and_points_to_data_formats(tmp_path, capsys):
    path = tmp_path / "other.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    assert main(["data", "summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 400
    assert "sitrep data formats" in err and "'a', 'b'" in err


def test_domain_choices_are_the_registry_domains():
    from analysis.data.formats import DOMAINS

    formats = next(p for p in _parsers(build_parser()) if p.prog.endswith("data formats"))
    domain = next(a for a in formats._actions if a.dest == "domain")
    assert tuple(domain.choices) == DOMAINS


def test_building_the_parser_imports_no_reader():
    import subprocess
    import sys

    code = (
        "import sys; from analysis.cli import build_parser; build_parser(); "
        "print('pandas' in sys.modules, 'analysis.data' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
