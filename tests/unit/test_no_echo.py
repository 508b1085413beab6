"""A message never quotes the content of a file not known to be data of a supported kind: it names
the file and what was expected. Column names are quoted only when the file looks like a table,
each cut to a few characters. Every file here is made in the test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import data
from analysis.data import csvio
from analysis.data.boundaries import read_ocha_cod_ab
from analysis.errors import DataValidationError, ParameterError
from analysis.report import params

REPO = Path(__file__).resolve().parents[2]
CASUALTIES = REPO / "notebooks" / "casualties.ipynb"
SECRET = "hunter2s3cr3t"

NOT_DATA = {
    "passwd": (
        f"root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice {SECRET},,,:/home/alice:"
        "/bin/bash\nbob:x:1001:1001:Bob,,,:/home/bob:/bin/zsh\n"
    ),
    "id_ed25519": (
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        f"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW{SECRET}\n"
        "QyNTUxOQAAACB2mJ7p6Wq0n7Q0bq8m5b7Q2x8Xq8m5b7Q2x8Xq8m5b7QAAAJg=\n"
        "-----END OPENSSH PRIVATE KEY-----\n"
    ),
    "deploy.sh": f"#!/bin/sh\nset -e\nexport TOKEN={SECRET}\ncurl -H 'a, b' https://x/$TOKEN\n",
    "shell_with_commas.sh": f"echo a, b, c\nrm -rf /tmp/{SECRET}, /var/tmp\nls -l, -a\n",
    "dotenv.csv": f"API_KEY={SECRET},REGION=eu\nDB_PASSWORD={SECRET},PORT=5432\n",
    "paths.csv": f"/etc/{SECRET},/var/lib/x\n/home/a/b,/root/c\n",
    "secret.yaml": f"password: {SECRET}\napi_token: {SECRET}\n",
}


def _message(path: Path, **kwargs) -> str:
    with pytest.raises(DataValidationError) as caught:
        data.read(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("name", sorted(NOT_DATA))
def test_text_that_is_not_a_table_is_named_not_quoted(tmp_path, name):
    path = tmp_path / name
    path.write_text(NOT_DATA[name], encoding="utf-8")
    message = _message(path)
    assert message.startswith(f"{path}: cannot tell which source this file comes from (it is ")
    assert "not a table: a CSV export has a first line of column names" in message
    assert SECRET not in message and "found columns" not in message
    for piece in ("root:", "/bin/", "BEGIN", "#!", "API_KEY", "/etc/", "echo", "password"):
        assert piece not in message


def test_a_binary_file_is_named_not_quoted(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x00\x01" + SECRET.encode() + bytes(range(256)) * 8)
    message = _message(path)
    assert "this is a binary file, not a CSV table" in message and SECRET not in message


@pytest.mark.parametrize("line", ["A" * 3_000_000, "zq," * 300_000 + "end"])
def test_one_huge_line_is_named_not_quoted(tmp_path, line):
    path = tmp_path / "one_line.txt"
    path.write_text(SECRET + line, encoding="utf-8")  # no newline at all
    message = _message(path)
    assert SECRET not in message and "zq" not in message and len(message) < 400
    assert f"{path}: " in message


def test_a_table_with_unknown_columns_lists_them_cut(tmp_path):
    names = ["event_reference_identifier_long", "when", "where", "a", "b", "c", "d", "e", "f", "g"]
    path = tmp_path / "other.csv"
    path.write_text(",".join(names) + "\n" + ",".join(["1"] * 10) + "\n", encoding="utf-8")
    message = _message(path)
    expected = "'event_reference_identif…', 'when', 'where', 'a', 'b', 'c', 'd', 'e' and 2 more"
    assert f"(found columns {expected});" in message
    assert "event_reference_identifier_long" not in message


def test_slashes_between_words_are_column_names_not_paths(tmp_path):
    path = tmp_path / "shcc.csv"
    path.write_text("Attack date,State/Province/Governorate,Returnees/IDPs\n2019-01-01,Idlib,3\n")
    message = _message(path)
    assert "(found columns 'Attack date', 'State/Province/Governor…', 'Returnees/IDPs')" in message


def test_a_semicolon_table_lists_its_columns_from_the_sniffed_delimiter(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("Jahr;Gebiet;Anzahl\n2024;Aleppo;3\n2024;Hama;4\n", encoding="utf-8")
    assert "(found columns 'Jahr', 'Gebiet', 'Anzahl')" in _message(path)


def test_a_header_whose_rows_disagree_is_not_quoted(tmp_path):
    path = tmp_path / "ragged.csv"  # a first line with commas, then prose
    lines = [f"Dear {SECRET}, hello, again"] + [f"line {i} of a letter" for i in range(10)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _message(path)
    assert "it is not a table" in message and SECRET not in message


def test_a_known_source_missing_columns_still_names_them(tmp_path):
    path = tmp_path / "acled.csv"  # ACLED's own column, without fatalities
    path.write_text(
        "event_id_cnty,event_date,sub_event_type,admin1\nSYR1,2024-12-01,Shelling,Aleppo\n"
    )
    message = _message(path)
    assert "an ACLED file without `event_type`" in message and "cannot tell" not in message
    assert "`source`, `fatalities` (the acled format needs" in message  # every one missing


def test_a_forced_format_quotes_the_header_only_of_a_table(tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text(NOT_DATA["passwd"], encoding="utf-8")
    message = _message(secret, format="acled")
    assert "missing required columns 'event_id_cnty'" in message
    assert "The file does not look like a table with a header row of column names." in message
    assert SECRET not in message and "root:" not in message and "Found columns" not in message
    table = tmp_path / "table.csv"
    table.write_text("a_rather_long_column_name_here,b\n1,2\n", encoding="utf-8")
    message = _message(table, format="acled")
    assert "Found columns: 'a_rather_long_column_na…', 'b'." in message


def test_json_that_is_not_data_is_named_not_quoted(tmp_path):
    path = tmp_path / "service_account.json"
    path.write_text(json.dumps({"type": SECRET, "private_key": SECRET}), encoding="utf-8")
    message = _message(path)
    assert "(found a JSON file of no known layout)" in message and SECRET not in message
    with pytest.raises(DataValidationError) as caught:
        read_ocha_cod_ab(path)
    message = str(caught.value)
    assert "found a JSON object that is not GeoJSON (no FeatureCollection type)" in message
    assert SECRET not in message


def test_json_that_is_not_a_notebook_is_named_not_quoted(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"password": SECRET, "cells": SECRET}), encoding="utf-8")
    with pytest.raises(ParameterError) as caught:
        params.notebook_parameters(path)
    message = str(caught.value)
    assert "JSON, but not a Jupyter notebook (no list of cells)" in message
    assert SECRET not in message
    path.write_text(f"password: {SECRET}\n", encoding="utf-8")  # YAML, not JSON
    with pytest.raises(ParameterError) as caught:
        params.notebook_parameters(path)
    assert "not a readable notebook" in str(caught.value) and SECRET not in str(caught.value)


def test_a_data_parameter_naming_a_secret_is_one_line_without_it(tmp_path):
    path = tmp_path / "id_ed25519"
    path.write_text(NOT_DATA["id_ed25519"], encoding="utf-8")
    with pytest.raises(ParameterError) as caught:
        params.check_data(CASUALTIES, {"casualties_path": str(path)})
    message = str(caught.value)
    assert message.startswith("parameter 'casualties_path': ") and "it is not a table" in message
    assert SECRET not in message and "BEGIN" not in message


def test_arrows_message_loses_the_row_it_quotes(tmp_path):
    path = tmp_path / "fine.csv"  # a file the csv module reads without fault
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    arrow = f"CSV parse error: Expected 2 columns, got 1: {SECRET} and the rest of the row"
    message = str(csvio.locate_problem(path, arrow))
    assert "(CSV parse error: Expected 2 columns, got 1)" in message and SECRET not in message


def test_sitrep_data_summary_names_the_file_and_quotes_nothing(tmp_path):
    for name in ("passwd", "id_ed25519", "deploy.sh"):
        (tmp_path / name).write_text(NOT_DATA[name], encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "analysis.cli", "data", "summary", name],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith(f"sitrep: error: {name}: cannot tell which source")
        assert len(done.stderr.splitlines()) == 1 and SECRET not in done.stderr
        assert NOT_DATA[name].splitlines()[0][:9] not in done.stderr  # "root:x:0:", "#!/bin/sh"
