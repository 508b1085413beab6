"""Compressed files inflated within limits: a bomb is refused in one line that names the file,
the limit, its value and how to raise it, and leaves nothing in the cache.

Bombs are made here, small on disk (gzip members of one repeated block, concatenated), with
tight limits set through the environment variables so each test takes a fraction of a second.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import struct
import zipfile

import pytest

from analysis.data import containers
from analysis.errors import DataValidationError

HEADER = ["year", "coo_iso", "total"]
HEAD = b"year,coo_iso,total\n"
MiB = 1 << 20


@pytest.fixture(autouse=True)
def _signature(monkeypatch):
    monkeypatch.setattr(containers, "_signatures", lambda: [frozenset(HEADER)])
    containers._cache.clear()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SITREP_CACHE_DIR", str(folder))
    return folder


def left(cache) -> list[str]:
    """Everything in the cache folder but its CACHEDIR.TAG: nothing, after a refusal."""
    if not cache.exists():
        return []
    return sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.name != "CACHEDIR.TAG")


def refusal(path) -> str:
    with pytest.raises(DataValidationError) as err:
        containers.open_source(path)
    message = str(err.value)
    assert "\n" not in message, message
    return message


def suggested(message: str, variable: str) -> str:
    """The value a refusal suggests for ``variable`` ("raise it, e.g. VARIABLE=VALUE")."""
    return re.search(rf"e\.g\. {variable}=(\w+)\.", message).group(1)


def repeated_gz(block: bytes, times: int, head: bytes = HEAD) -> bytes:
    """A gzip file of ``head`` then ``block`` ``times`` times: one member per block, so a
    gigabyte inside costs a megabyte on disk and no time to make."""
    return gzip.compress(head) + gzip.compress(block, 9) * times


def bomb_zip(path, size: int, name: str = "data.csv", method=zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", method) as archive:
        archive.writestr(name, HEAD + b"0" * size)


def test_zip_bomb_refused_by_its_declared_ratio_before_inflating(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("SITREP_RATIO_FLOOR", "1M")
    path = tmp_path / "bomb.zip"
    bomb_zip(path, 8 * MiB)
    info = zipfile.ZipFile(path).getinfo("data.csv")
    ratio = info.file_size // info.compress_size
    assert ratio > 200
    message = refusal(path)
    assert message.startswith(f"{path}::data.csv: refused: ")
    assert "8 MiB" in message and f"({ratio} times)" in message
    assert "compression ratio is 200:1 (SITREP_MAX_RATIO=200)" in message
    raised = int(suggested(message, "SITREP_MAX_RATIO"))
    assert raised > ratio
    assert left(cache) == []
    monkeypatch.setenv("SITREP_MAX_RATIO", str(raised))  # the advice works
    assert containers.open_source(path).local.stat().st_size == info.file_size


def test_zip_bomb_refused_by_its_declared_size(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("SITREP_MAX_INFLATED", "1M")
    path = tmp_path / "big.zip"
    bomb_zip(path, 3 * MiB)
    message = refusal(path)
    assert message.startswith(f"{path}::data.csv: refused: the archive says it inflates to 3 MiB")
    assert "is 1 MiB (SITREP_MAX_INFLATED=1M)" in message
    assert suggested(message, "SITREP_MAX_INFLATED") == "4M"
    assert left(cache) == []


def _patch_sizes(raw: bytes, size: int) -> bytes:
    """A zip whose headers (local and central) declare ``size`` inflated bytes."""
    data = bytearray(raw)
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, size)
    struct.pack_into("<I", data, central + 24, size)
    return bytes(data)


def test_declared_sizes_that_lie_are_not_trusted(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("SITREP_MAX_INFLATED", "1M")
    honest = io.BytesIO()
    with zipfile.ZipFile(honest, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", HEAD + b"1,SYR,2\n" * (1 << 20))  # 8 MiB inside
    liar = tmp_path / "liar.zip"
    liar.write_bytes(_patch_sizes(honest.getvalue(), 100))  # says 100 bytes
    assert zipfile.ZipFile(liar).getinfo("data.csv").file_size == 100
    message = refusal(liar)  # inflation stops at the declared size; the CRC then fails
    assert message.startswith(f"{liar}::data.csv: cannot extract the file from the archive")
    assert "CRC" in message and "Download it again" in message
    assert left(cache) == []

    # A gzip's trailer states the inflated size too (mod 2**32): never read, the bytes are counted.
    gz = bytearray(gzip.compress(HEAD + b"1,SYR,2\n" * (1 << 19)))
    struct.pack_into("<I", gz, len(gz) - 4, 100)
    path = tmp_path / "liar.csv.gz"
    path.write_bytes(bytes(gz))
    message = refusal(path)
    assert message.startswith(f"{path}: refused: it inflates to more than 1 MiB")
    assert "SITREP_MAX_INFLATED=1M" in message
    assert left(cache) == []


def test_gz_of_endless_newlines_refused_by_ratio(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("SITREP_RATIO_FLOOR", "2M")
    path = tmp_path / "newlines.csv.gz"
    path.write_bytes(repeated_gz(b"\n" * MiB, 64))  # 64 MiB of blank lines in 70 KiB
    message = refusal(path)
    assert message.startswith(f"{path}: refused: its ")
    assert "as a decompression bomb does" in message and "(SITREP_MAX_RATIO=200)" in message
    assert left(cache) == []

    only = tmp_path / "only_newlines.csv.gz"  # no header at all: refused from its first 64 KiB
    only.write_bytes(repeated_gz(b"\n" * MiB, 64, head=b""))
    assert "holds no text (only blank lines)" in refusal(only)
    assert left(cache) == []


def test_gz_of_one_enormous_field_refused_by_line_length(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("SITREP_MAX_LINE", "1M")
    monkeypatch.setenv("SITREP_MAX_RATIO", "1000000")  # the line is what must stop it
    path = tmp_path / "field.csv.gz"
    path.write_bytes(repeated_gz(b"9" * MiB, 16, head=HEAD + b"2023,SYR,"))
    message = refusal(path)
    assert message == (
        f"{path}: refused: line 2 of the decompressed text is longer than 1 MiB; the limit on "
        "the length of one line is 1 MiB (SITREP_MAX_LINE=1M). If the file is genuine, raise "
        "it, e.g. SITREP_MAX_LINE=2M."
    )
    assert left(cache) == []


def test_plain_text_converted_with_the_line_limit_too(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("SITREP_MAX_LINE", "1M")
    path = tmp_path / "semicolon.csv"
    path.write_bytes(b"\xef\xbb\xbfyear;coo_iso;total\n2023;SYR;" + b"7" * (2 * MiB) + b"\n")
    message = refusal(path)
    assert message.startswith(f"{path}: refused: line 2 is longer than 1 MiB")
    assert "SITREP_MAX_LINE=1M" in message
    assert left(cache) == []


def test_csv_field_limit_gives_one_line(tmp_path, cache, monkeypatch):
    # A field longer than the csv module's default limit (128 KiB) but within SITREP_MAX_LINE
    # is read whole.
    wide = "x" * (200 << 10)
    path = tmp_path / "wide.csv.gz"
    path.write_bytes(gzip.compress(f'year;coo_iso;total\n2023;"{wide}";1\n'.encode()))
    source = containers.open_source(path)
    assert source.local.read_text(encoding="utf-8") == f"year,coo_iso,total\n2023,{wide},1\n"

    # A quote left open makes one field of every line below it: refused at the line limit.
    monkeypatch.setenv("SITREP_MAX_LINE", "64K")
    before = left(cache)
    path = tmp_path / "open_quote.csv.gz"
    path.write_bytes(gzip.compress(b'year;coo_iso;total\n2023;"SYR;1\n' + b"2024;SYR;2\n" * 20000))
    message = refusal(path)
    assert message.startswith(f"{path}: refused: a field ending at line ")
    assert "is longer than 64 KiB (a quote left open?)" in message
    assert "SITREP_MAX_LINE=64K" in message
    assert left(cache) == before


def test_zip_in_zip_and_gz_in_zip_checked_at_each_level(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("SITREP_RATIO_FLOOR", "1M")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", HEAD + b"0" * (8 * MiB))
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_STORED) as archive:  # ratio 1 outside
        archive.writestr("inner.zip", inner.getvalue())
        archive.writestr("data.csv.gz", repeated_gz(b"\n" * MiB, 16))
    message = refusal(f"{outer}::inner.zip::data.csv")
    assert message.startswith(f"{outer}::inner.zip::data.csv: refused: the archive says")
    assert "SITREP_MAX_RATIO=200" in message
    assert left(cache) == []  # the copy of inner.zip is not kept either
    message = refusal(f"{outer}::data.csv.gz")
    assert message.startswith(f"{outer}::data.csv.gz: refused: its ")
    assert "SITREP_MAX_RATIO=200" in message
    assert left(cache) == []


def _padded_workbook(path, padding: int, sheets: int = 1) -> None:
    """A real workbook whose sheets' XML carries ``padding`` bytes of blanks each (valid XML,
    compressing a thousand times)."""
    import openpyxl

    book = openpyxl.Workbook()
    for number in range(sheets):
        sheet = book.active if number == 0 else book.create_sheet(f"Sheet{number + 1}")
        sheet.append(HEADER)
        sheet.append([2023, "SYR", 10])
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * padding, 1)
            out.writestr(info.filename, data)


def test_xlsx_bomb_refused_before_the_workbook_is_opened(tmp_path, cache, monkeypatch):
    path = tmp_path / "book.xlsx"
    _padded_workbook(path, 8 * MiB)
    monkeypatch.setenv("SITREP_RATIO_FLOOR", "1M")
    message = refusal(path)
    assert message.startswith(f"{path} (its xl/worksheets/sheet1.xml): refused: the archive says")
    assert "SITREP_MAX_RATIO=200" in message
    monkeypatch.delenv("SITREP_RATIO_FLOOR")
    monkeypatch.setenv("SITREP_MAX_INFLATED", "4M")
    message = refusal(path)
    assert message.startswith(f"{path} (its xl/worksheets/sheet1.xml): refused: the archive says")
    assert "it inflates to 8 MiB" in message and "SITREP_MAX_INFLATED=4M" in message
    assert left(cache) == []
    monkeypatch.setenv("SITREP_MAX_INFLATED", suggested(message, "SITREP_MAX_INFLATED"))
    source = containers.open_source(path)  # within the limits, the same workbook reads
    with source.local.open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [HEADER, ["2023", "SYR", "10"]]


def test_xlsx_members_count_together(tmp_path, cache, monkeypatch):
    path = tmp_path / "two.xlsx"
    _padded_workbook(path, 3 * MiB, sheets=2)  # each sheet within the limit, not both
    monkeypatch.setenv("SITREP_MAX_INFLATED", "5M")
    message = refusal(path)
    assert message.startswith(f"{path}: refused: the archive says its files together inflate to")
    assert "SITREP_MAX_INFLATED=5M" in message
    assert left(cache) == []


def test_members_inflated_without_a_memory_bound_are_refused(tmp_path, cache):
    path = tmp_path / "bz.zip"
    bomb_zip(path, 1000, method=zipfile.ZIP_BZIP2)
    message = refusal(path)
    assert message.startswith(f"{path}::data.csv: compressed with bzip2, which sitrep does not")
    assert "`unzip`" in message
    assert left(cache) == []
