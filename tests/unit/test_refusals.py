"""Every refusal useful (issue 19 §5): detection names every column a format's reader needs,
``--format`` looks for the sheet or archive file holding its columns, a binary file is refused
as binary (never with advice on text encodings), ``sitrep data summary --json`` refuses with a
JSON object, and a monthly table covers its last month to the month's end."""

from __future__ import annotations

import csv
import json
import zipfile

import openpyxl
import pytest

from analysis import data, summary
from analysis.cli import main
from analysis.errors import DataValidationError, MissingColumnsError

ACLED = data.FORMATS["acled"]


def table(path, columns, rows=()):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def refusal(path, **options) -> DataValidationError:
    with pytest.raises(DataValidationError) as caught:
        data.read(path, **options)
    return caught.value


def test_detection_names_every_column_the_reader_needs_not_only_the_signature(tmp_path):
    lacking = ("actor2", "source", "fatalities")  # only "fatalities" is in the signature
    assert not set(lacking[:2]) & ACLED.signature and "fatalities" in ACLED.signature
    path = table(tmp_path / "acled.csv", [c for c in ACLED.columns if c not in lacking])
    message = str(refusal(path))
    assert all(f"`{c}`" in message for c in lacking)
    # named in the format's order, the order `sitrep data formats` lists them
    assert message.index("`actor2`") < message.index("`source`") < message.index("`fatalities`")


def test_every_other_name_of_a_required_column_is_one_the_reader_takes(tmp_path):
    for fmt in (f for f in data.FORMATS.values() if f.also):
        for column, others in fmt.also.items():
            for other in others:
                header = [other if c == column else c for c in fmt.columns]
                path = table(tmp_path / f"{fmt.name}.csv", header)
                error = refusal(path, format=fmt.name)  # no rows: refused, never for a column
                assert not isinstance(error, MissingColumnsError), (fmt.name, other)


def notes_and(book_path, sheet_name, columns):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["About this file", "ACLED terms of use apply"])
    sheet = book.create_sheet(sheet_name)
    sheet.append(columns)
    sheet.append(["x"] * len(columns))
    book.save(book_path)
    return book_path


def test_format_on_a_workbook_reads_the_sheet_with_its_columns(tmp_path):
    columns = [c for c in ACLED.columns if c not in ("event_id_cnty", "fatalities")]
    path = notes_and(tmp_path / "acled.xlsx", "Data", columns)
    error = refusal(path, format="acled")
    assert isinstance(error, MissingColumnsError)
    assert error.columns == ("event_id_cnty", "fatalities")
    assert "acled.xlsx::Data:" in str(error)
    assert "UTF-8" not in str(error)


def test_format_on_a_workbook_without_its_columns_names_the_sheets(tmp_path):
    path = notes_and(tmp_path / "other.xlsx", "Figures", ["a", "b", "c"])
    message = str(refusal(path, format="acled"))
    assert "'Notes'" in message and "'Figures'" in message
    assert "UTF-8" not in message and "iconv" not in message


def test_format_on_an_archive_reads_the_file_with_its_columns(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme.txt", "About,this\n1,2\n")
        zipped.writestr("data.csv", ",".join(ACLED.columns[:-1]) + "\n")
    error = refusal(archive, format="acled")
    assert isinstance(error, MissingColumnsError)
    assert error.columns == (ACLED.columns[-1],)
    assert "export.zip::data.csv:" in str(error)


@pytest.mark.parametrize("options", [{}, {"format": "acled"}])
def test_a_binary_file_is_never_given_encoding_advice(tmp_path, options):
    path = tmp_path / "export.dat"
    path.write_bytes(bytes(range(1, 256)) * 8)
    message = str(refusal(path, **options))
    assert "binary" in message
    assert "UTF-8" not in message and "iconv" not in message


def test_text_in_another_encoding_still_gets_its_advice(tmp_path):
    path = tmp_path / "arabic.csv"
    path.write_bytes("المحافظة,عدد\nحلب,3\n".encode("cp1256"))
    assert "iconv" in str(refusal(path))


def test_summary_json_refusal_is_one_object_on_stdout(tmp_path, capsys):
    path = table(tmp_path / "other.csv", ["a", "b"], [["1", "2"]])
    assert main(["data", "summary", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    said = json.loads(captured.out)
    assert set(said) == {"error", "file", "hint"}
    assert said["file"] == str(path)
    assert "'a', 'b'" in said["error"]
    assert "sitrep data formats" in said["hint"]
    assert captured.err.startswith("sitrep: error:")  # the operator's line, as without --json


def test_summary_json_refusal_names_the_sheet_and_what_to_do(tmp_path, capsys):
    columns = [c for c in ACLED.columns if c != "fatalities"]
    path = notes_and(tmp_path / "acled.xlsx", "Data", columns)
    assert main(["data", "summary", str(path), "--format", "acled", "--json"]) == 2
    said = json.loads(capsys.readouterr().out)
    assert said["file"] == f"{path}::Data"
    assert "'fatalities'" in said["error"] and "'fatalities'" not in said["hint"]
    assert said["hint"].startswith("Check")


HAPI = (
    "location_code,admin1_code,admin2_code,admin2_name,event_type,events,fatalities,"
    "reference_period_start,reference_period_end"
)


def test_a_monthly_table_covers_its_whole_last_month(tmp_path):
    path = tmp_path / "hapi.csv"
    path.write_text(
        f"{HAPI}\n"
        "SYR,SY02,SY0200,Jebel Saman,political_violence,3,1,2024-12-01,2024-12-31\n"
        "SYR,SY02,SY0200,Jebel Saman,political_violence,5,2,2025-01-01,2025-01-31\n",
        encoding="utf-8",
    )
    said = summary.summarise(path)
    assert (said["date_min"], said["date_max"]) == ("2024-12-01", "2025-01-31")
