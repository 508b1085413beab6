"""analysis.data.containers on small synthetic files: what the readers are handed."""

from __future__ import annotations

import csv
import gzip
import zipfile

import pytest

from analysis.data import containers
from analysis.errors import DataValidationError

HEADER = ["year", "coo_iso", "total"]
ROWS = [["2023", "SYR", "10"], ["2024", "SYR", "32"]]


@pytest.fixture(autouse=True)
def _signature(monkeypatch):
    monkeypatch.setattr(containers, "_signatures", lambda: [frozenset(HEADER)])
    containers._cache.clear()


def _csv(rows, delimiter=","):
    return "".join(delimiter.join(row) + "\n" for row in rows)


def _table(source):
    with source.local.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_plain_csv_is_used_as_it_is(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text(_csv([HEADER, *ROWS]), encoding="utf-8")
    source = containers.open_source(path)
    assert source.local == path and not source.converted
    assert source.label == str(path)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*.csv"))


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff" + _csv([HEADER, *ROWS]),
        _csv([HEADER, *ROWS], ";"),
        _csv([HEADER, *ROWS], "\t"),
        _csv([HEADER, ["#date+year", "#country+code", "#affected+idps"], *ROWS]),
        "Data extracted: 2025-06-12\nSource: UNHCR, with a comma\n\n" + _csv([HEADER, *ROWS]),
        "\ufeffTitle;line\n" + _csv([HEADER, ["#date+year", "#country", "#x"], *ROWS], ";"),
    ],
    ids=["bom", "semicolon", "tab", "hxl", "preamble", "all"],
)
def test_text_variants_become_a_plain_csv(tmp_path, text):
    path = tmp_path / "variant.csv"
    path.write_text(text, encoding="utf-8")
    source = containers.open_source(path)
    assert source.converted and source.label == str(path)
    assert _table(source) == [HEADER, *ROWS]
    assert containers.open_source(path).local == source.local  # converted once


def test_relabel_names_the_users_file_and_lines(tmp_path):
    path = tmp_path / "pre.csv"
    path.write_text("Note\nNote 2\n" + _csv([HEADER, ["#a", "#b", "#c"], *ROWS]), "utf-8")
    source = containers.open_source(path)
    assert source.skipped_above == 2 and source.hxl
    message = f"{source.local}: column 'total' must hold numbers, but lines 2, 3 ('x', 'y') do not"
    assert source.relabel(message) == (
        f"{path}: column 'total' must hold numbers, but lines 5, 6 ('x', 'y') do not"
    )
    assert "(line 6)" in source.relabel(f"{source.local}: the last line (line 3) has 2 fields")


def test_zip_gz_and_members(tmp_path):
    body = _csv([HEADER, *ROWS])
    (tmp_path / "plain.csv").write_text(body, encoding="utf-8")
    one = tmp_path / "one.zip"
    with zipfile.ZipFile(one, "w") as archive:
        archive.writestr("folder/data.csv", body)
        archive.writestr("__MACOSX/folder/._data.csv", "junk")
    source = containers.open_source(one)
    assert source.label == f"{one}::folder/data.csv" and _table(source) == [HEADER, *ROWS]
    assert source.local.name == "data.csv"  # readers that look at names see the member's

    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.csv", body)
        archive.writestr("b.csv", body)
    with pytest.raises(DataValidationError) as err:
        containers.open_source(two)
    assert "a.csv, b.csv" in str(err.value) and f"`{two}::a.csv`" in str(err.value)
    assert _table(containers.open_source(f"{two}::b.csv")) == [HEADER, *ROWS]

    gz = tmp_path / "data.csv.gz"
    gz.write_bytes(gzip.compress(_csv([HEADER, *ROWS], ";").encode()))
    source = containers.open_source(gz)
    assert source.label == str(gz) and source.local.name == "data.csv"
    assert _table(source) == [HEADER, *ROWS]
    with pytest.raises(DataValidationError, match="gzip file holds one file only"):
        containers.open_source(f"{gz}::x.csv")
    with pytest.raises(DataValidationError, match="not a zip archive or an Excel workbook"):
        containers.open_source(f"{tmp_path / 'plain.csv'}::y")


def test_messages_for_binary_and_broken_inputs(tmp_path):
    cases = {
        "report.pdf": b"%PDF-1.7\n...",
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50,
        "utf16.csv": "year,total\n".encode("utf-16"),
        "blob.csv": b"\x01\x02\x00\x03" * 50,
        "cut.zip": b"PK\x03\x04" + b"\x00" * 30,
    }
    for name, raw in cases.items():
        path = tmp_path / name
        path.write_bytes(raw)
        with pytest.raises(DataValidationError) as err:
            containers.open_source(path)
        assert str(err.value).startswith(f"{path}: ") and "\n" not in str(err.value)
        if name != "utf16.csv":
            assert "UTF-8" not in str(err.value), name


def test_split_and_exists(tmp_path):
    path = tmp_path / "a.zip"
    path.write_bytes(b"")
    assert containers.split(f"{path}::b.csv") == (path, ("b.csv",))
    assert containers.split(path) == (path, ())
    assert containers.exists(f"{path}::b.csv") and not containers.exists(f"{path}x::b.csv")


def test_xlsx_sheet_found_or_named(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Terms"
    book.active.append(["Use with attribution"])
    first = book.create_sheet("HRP_1")
    second = book.create_sheet("Non_HRP")
    for sheet in (first, second):
        sheet.append(HEADER)
        sheet.append(["#date+year", "#country+code", "#affected"])
    first.append([2023, "SYR", 10.0])
    second.append([2024, "SYR", 32])
    path = tmp_path / "book.xlsx"
    book.save(path)
    source = containers.open_source(path)  # same layout on both sheets: one table
    assert _table(source) == [HEADER, *ROWS]
    named = containers.open_source(f"{path}::non_hrp")
    assert named.label == f"{path}::Non_HRP" and _table(named) == [HEADER, ROWS[1]]
