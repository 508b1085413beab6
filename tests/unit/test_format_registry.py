"""The format registry says what each reader requires, and says it in one place: every format
is registered with where its data comes from and what a file of it must hold (columns, sheets
or feature properties), and those are exactly what its reader refuses a file without. A reader
that cannot be imported stops ``import analysis.data``: its formats are never silently missing.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import openpyxl
import pytest

from analysis import data
from analysis.data import formats
from analysis.errors import DataValidationError, MissingColumnsError

FORMATS = list(data.FORMATS.values())
TABLES = [fmt for fmt in FORMATS if fmt.columns]
WORKBOOKS = [fmt for fmt in FORMATS if fmt.sheets]
GEOJSON = [fmt for fmt in FORMATS if fmt.properties]


def by_name(formats_: list) -> dict:
    return {"ids": [fmt.name for fmt in formats_], "argvalues": formats_}


def table(tmp_path, fmt, columns) -> object:
    # An ACLED aggregates file says its series in its name, as HDX publishes it.
    path = tmp_path / f"{fmt.name}_political_violence.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow(columns)
    return path


def refusal(path, fmt) -> DataValidationError:
    with pytest.raises(DataValidationError) as caught:
        data.read(path, format=fmt.name)
    return caught.value


def test_every_format_says_where_its_data_comes_from_and_what_a_file_must_hold():
    assert len(FORMATS) >= 20  # the readers were imported and registered
    for fmt in FORMATS:
        assert fmt.origin.strip(), fmt.name
        assert fmt.needs == fmt.columns
        held = [part for part in (fmt.columns, fmt.sheets, fmt.properties) if part]
        assert len(held) == 1, fmt.name  # columns for a table, sheets or properties otherwise


def test_a_format_without_its_origin_is_refused_at_registration():
    acled = data.FORMATS["acled"]
    with pytest.raises(ValueError, match="origin"):
        formats.register(formats.Format(**{**vars(acled), "name": "x", "origin": ""}))
    assert "x" not in data.FORMATS


@pytest.mark.parametrize("fmt", **by_name(TABLES))
def test_a_header_of_the_registered_columns_has_every_column_the_reader_requires(tmp_path, fmt):
    path = table(tmp_path, fmt, fmt.columns)
    try:
        data.read(path, format=fmt.name)  # no rows: refused, but never for a column
    except MissingColumnsError as exc:
        pytest.fail(f"{fmt.name} requires {exc.columns}, not among its registered columns")
    except DataValidationError:
        pass


@pytest.mark.parametrize("fmt", **by_name(TABLES))
def test_each_registered_column_is_one_the_reader_refuses_a_file_without(tmp_path, fmt):
    for column in fmt.columns:
        kept = [name for name in fmt.columns if name != column]
        path = table(tmp_path, fmt, kept)
        if fmt.name == "acled_hdx" and column == "Fatalities":
            # Without Fatalities, an aggregates file is the demonstrations file, whatever its name
            # (the module's docstring): read as that format, which has no such column.
            assert column not in data.FORMATS["acled_hdx_demonstrations"].columns
            assert isinstance(refusal(path, fmt), DataValidationError)
            assert not isinstance(refusal(path, fmt), MissingColumnsError)
            continue
        error = refusal(path, fmt)
        assert isinstance(error, MissingColumnsError), (column, str(error))
        assert error.columns == (column,)
        assert repr(column) in str(error)  # the refusal names it


def test_a_file_in_an_archive_keeps_the_missing_columns_named(tmp_path):
    import zipfile

    fmt = data.FORMATS["acled"]
    inner = table(tmp_path, fmt, fmt.columns[1:])
    archive = tmp_path / "acled.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(inner, "acled.csv")
    with pytest.raises(MissingColumnsError) as caught:
        data.read(f"{archive}::acled.csv", format="acled")
    assert caught.value.columns == (fmt.columns[0],)
    assert "acled.zip" in str(caught.value)  # the user's file, not the converted copy


@pytest.mark.parametrize("fmt", **by_name(WORKBOOKS))
def test_each_registered_sheet_is_one_the_reader_refuses_a_workbook_without(tmp_path, fmt):
    for sheet in fmt.sheets:
        book = openpyxl.Workbook()
        book.active.title = "Notes"
        for other in fmt.sheets:
            if other != sheet:
                book.create_sheet(other)
        path = tmp_path / f"{fmt.name}.xlsx"
        book.save(path)
        message = str(refusal(path, fmt))
        assert repr(sheet) in message
        assert all(
            repr(other) not in message.split(";")[0] for other in fmt.sheets if other != sheet
        )


@pytest.mark.parametrize("fmt", **by_name(GEOJSON))
def test_each_registered_property_is_one_the_reader_refuses_a_feature_without(tmp_path, fmt):
    (prop,) = fmt.properties
    square = [[[36.0, 35.0], [36.1, 35.0], [36.1, 35.1], [36.0, 35.1], [36.0, 35.0]]]
    feature = {
        "type": "Feature",
        "properties": {"note": "a governorate's code and name are missing"},
        "geometry": {"type": "Polygon", "coordinates": square},
    }
    path = tmp_path / f"{fmt.name}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    assert prop in str(refusal(path, fmt))


def _import_data_without(module: str) -> subprocess.CompletedProcess:
    code = f"import sys; sys.modules[{module!r}] = None; import analysis.data"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


@pytest.mark.parametrize("module", ["analysis.data.hnap", "geopandas"])
def test_a_reader_that_cannot_be_imported_stops_the_import_of_analysis_data(module):
    done = _import_data_without(module)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError:") and "analysis.data" in last and module in last
