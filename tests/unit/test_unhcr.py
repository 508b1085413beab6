"""UNHCR population statistics reader, on small CSV files written in each test."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import data
from analysis.data import formats, unhcr
from analysis.data.schema import REFUGEE_STOCKS
from analysis.errors import DataValidationError

HEADER = (
    "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,returned_refugees,"
    "idps,returned_idps,stateless,ooc,oip,hst"
)
SYR = "Syrian Arab Rep.,SYR,SYR"
ROWS = [
    f"2024.0,{SYR},Türkiye,TUR,TUR,2900000.0,1000.0,159439.0,0.0,0.0,0.0,0.0,,0.0",
    f"2024.0,{SYR},Germany,GFR,DEU,700000.0,60000.0,0.0,0.0,0.0,5.0,0.0,,0.0",
    f"2024.0,{SYR},{SYR},0.0,0.0,0.0,7408909.0,513896.0,0.0,0.0,,16471143.0",
    f"2025.0,{SYR},Türkiye,TUR,TUR,2347756.0,0.0,556009.0,0.0,0.0,0.0,0.0,12.0,0.0",
    f"2025.0,Iraq,IRQ,IRQ,{SYR},9000.0,300.0,0.0,0.0,0.0,0.0,0.0,,0.0",
]


def write(tmp_path, rows=ROWS, header=HEADER, name="population.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_reads_renames_and_keeps_na_apart_from_zero(tmp_path):
    frame = unhcr.read_unhcr_population(write(tmp_path))

    assert list(frame.columns) == list(REFUGEE_STOCKS)
    assert dict(frame.dtypes.astype(str)) == REFUGEE_STOCKS
    assert frame["year"].tolist() == [2024, 2024, 2024, 2025, 2025]
    first = frame.iloc[0]
    assert (first["origin_iso3"], first["origin_name"]) == ("SYR", "Syrian Arab Rep.")
    assert (first["asylum_iso3"], first["asylum_name"]) == ("TUR", "Türkiye")
    assert first["refugees"] == 2_900_000
    assert first["returned_refugees"] == 159_439
    assert frame["asylum_iso3"].tolist()[1] == "DEU"  # ISO3 kept, not UNHCR's "GFR"
    domestic = frame.iloc[2]
    assert domestic["idps_count"] == 7_408_909
    assert domestic["returned_idps"] == 513_896
    assert domestic["host_community"] == 16_471_143
    assert frame["stateless"].tolist()[1] == 5
    assert frame["other_in_need"].isna().tolist() == [True, True, True, False, True]
    assert frame["other_in_need"].iloc[3] == 12
    assert frame["asylum_seekers"].iloc[3] == 0 and not pd.isna(frame["asylum_seekers"].iloc[3])
    assert set(frame["source"]) == {"UNHCR Refugee Data Finder"}


def test_format_is_detected_and_registered(tmp_path):
    path = write(tmp_path)
    assert formats.detect(path).name == "unhcr_population"
    dataset = data.read(path)
    fmt = dataset.format
    assert (fmt.domain, fmt.kind, fmt.date_column) == ("displacement", "refugee_stocks", None)
    assert fmt.extra == {"year_column": "year", "stocks": True}
    assert fmt.count_columns == (
        "refugees",
        "asylum_seekers",
        "returned_refugees",
        "idps_count",
        "returned_idps",
    )
    assert len(dataset.frame) == 5


def test_integer_years_and_counts_are_accepted(tmp_path):
    rows = ["2024,Syrian Arab Rep.,SYR,SYR,Lebanon,LEB,LBN,774697,0,254651,0,0,0,0,,0"]
    frame = unhcr.read_unhcr_population(write(tmp_path, rows))
    assert frame["year"].tolist() == [2024]
    assert frame["refugees"].tolist() == [774_697]


def test_older_release_without_oip_and_hst_reads_them_as_empty(tmp_path):
    header = HEADER.removesuffix(",oip,hst")
    rows = [",".join(row.split(",")[:14]) for row in ROWS[:2]]
    frame = unhcr.read_unhcr_population(write(tmp_path, rows, header))
    assert frame["other_in_need"].isna().all()
    assert frame["host_community"].isna().all()
    assert frame["refugees"].tolist() == [2_900_000, 700_000]


def test_missing_column_names_file_and_column(tmp_path):
    header = HEADER.replace(",refugees,", ",refugee_count,")
    path = write(tmp_path, header=header)
    with pytest.raises(DataValidationError, match=r"missing required column 'refugees'") as err:
        unhcr.read_unhcr_population(path)
    assert str(path) in str(err.value)


def test_non_numeric_count_names_column_and_line(tmp_path):
    rows = list(ROWS)
    rows[1] = rows[1].replace(",60000.0,", ",about 60000,")
    with pytest.raises(DataValidationError, match=r"'asylum_seekers'.*line 3 \('about 60000'\)"):
        unhcr.read_unhcr_population(write(tmp_path, rows))


def test_negative_count_is_refused(tmp_path):
    rows = list(ROWS)
    rows[3] = rows[3].replace(",556009.0,", ",-556009.0,")
    with pytest.raises(DataValidationError, match=r"'returned_refugees' has negative.*line 5"):
        unhcr.read_unhcr_population(write(tmp_path, rows))


def test_fractional_year_is_refused(tmp_path):
    rows = list(ROWS)
    rows[0] = rows[0].replace("2024.0,", "2024.5,", 1)
    with pytest.raises(DataValidationError, match=r"'year' must hold whole numbers.*line 2"):
        unhcr.read_unhcr_population(write(tmp_path, rows))


def test_fractional_count_is_refused(tmp_path):
    rows = list(ROWS)
    rows[1] = rows[1].replace(",700000.0,", ",700000.5,")
    with pytest.raises(DataValidationError, match=r"'refugees' must hold whole numbers.*line 3"):
        unhcr.read_unhcr_population(write(tmp_path, rows))


def test_missing_year_is_refused(tmp_path):
    rows = list(ROWS)
    rows[2] = rows[2].replace("2024.0,", ",", 1)
    with pytest.raises(DataValidationError, match=r"'year' is empty at line 4"):
        unhcr.read_unhcr_population(write(tmp_path, rows))


def test_empty_file_and_header_only(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataValidationError, match="empty"):
        unhcr.read_unhcr_population(empty)
    with pytest.raises(DataValidationError, match="no data rows"):
        unhcr.read_unhcr_population(write(tmp_path, rows=[]))
