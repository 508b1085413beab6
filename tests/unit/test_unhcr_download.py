"""The Refugee Data Finder download layout (long column names), built in each test from the real
``population`` sample: plain CSV, with the download's preamble, and in a zip with its footnotes."""

from __future__ import annotations

import csv
import zipfile
from collections import defaultdict

import pytest

from analysis import data
from analysis.data import formats, unhcr
from analysis.data.schema import REFUGEE_STOCKS
from analysis.errors import DataValidationError

SAMPLE = ("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
LONG = {
    "year": "Year",
    "coo_name": "Country of origin",
    "coo_iso": "Country of origin (ISO)",
    "coa_name": "Country of asylum",
    "coa_iso": "Country of asylum (ISO)",
    "refugees": "Refugees under UNHCR's mandate",
    "asylum_seekers": "Asylum-seekers",
    "returned_refugees": "Returned refugees",
    "idps": "IDPs of concern to UNHCR",
    "returned_idps": "Returned IDPss",
    "stateless": "Stateless persons",
    "ooc": "Others of concern",
    "oip": "Other people in need of international protection",
    "hst": "Host community",
}
PREAMBLE = [
    "UNHCR - The UN Refugee Agency",
    "Refugee Data Finder",
    "",
    "Data extracted: 25/06/2026",
    "Source: UNHCR Refugee Population Statistics Database",
    "https://www.unhcr.org/refugee-statistics/",
    "",
    "Population types: all",
    "Years: 1968-2025",
    "Countries of origin: Syrian Arab Rep.",
    "Countries of asylum: all",
    "",
    "Note: small counts are rounded; see the footnotes file.",
    "",
]


def rows_of(realdata):
    with realdata(*SAMPLE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_long(path, rows, columns=tuple(LONG), preamble=()):
    """Rows in the download's layout: long names, years and counts as integers, NA empty."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        for line in preamble:
            handle.write(line + "\n")
        out = csv.writer(handle)
        out.writerow([LONG[c] for c in columns])
        for row in rows:
            cells = []
            for c in columns:
                value = row[c]
                numeric = c not in ("coo_name", "coo_iso", "coa_name", "coa_iso")
                cells.append(str(int(float(value))) if numeric and value else value)
            out.writerow(cells)
    return path


def sums_by_year(rows, column, origin="SYR"):
    totals = defaultdict(int)
    for row in rows:
        if row["coo_iso"] == origin and row["coa_iso"] != origin and row[column]:
            totals[int(float(row["year"]))] += int(float(row[column]))
    return totals


def test_long_names_are_detected_and_read_into_the_stocks_schema(realdata, tmp_path):
    rows = rows_of(realdata)
    path = write_long(tmp_path / "query_data.csv", rows)

    ds = data.read(path, domain="displacement")

    assert ds.format.name == "unhcr_download"
    assert ds.kind == "refugee_stocks"
    frame = ds.frame
    assert list(frame.columns) == list(REFUGEE_STOCKS)
    assert len(frame) == len(rows)
    expected = sums_by_year(rows, "refugees")
    abroad = frame[frame["origin_iso3"].eq("SYR") & frame["asylum_iso3"].ne("SYR")]
    got = abroad.groupby("year")["refugees"].sum()
    for year in (2011, 2015, 2021, 2024, 2025):
        assert got[year] == expected[year]
    # The same file in the tidy layout gives the same frame.
    tidy = data.read(realdata(*SAMPLE)).frame
    assert frame.drop(columns="source").equals(tidy.drop(columns="source"))


def test_population_types_not_chosen_are_empty_not_zero(realdata, tmp_path):
    rows = rows_of(realdata)[:50]
    columns = ("year", "coo_name", "coo_iso", "coa_name", "coa_iso", "refugees", "asylum_seekers")
    frame = unhcr.read_unhcr_download(write_long(tmp_path / "d.csv", rows, columns))

    assert frame["idps_count"].isna().all()
    assert frame["returned_refugees"].isna().all()
    assert frame["refugees"].sum() == sum(int(float(r["refugees"] or 0)) for r in rows)


def test_download_without_refugees_column_is_named_with_what_is_missing(realdata, tmp_path):
    columns = tuple(c for c in LONG if c != "asylum_seekers")
    path = write_long(tmp_path / "d.csv", rows_of(realdata)[:20], columns)

    with pytest.raises(DataValidationError, match="Asylum-seekers"):
        data.read(path, format="unhcr_download")


def test_fractional_count_in_download_is_refused(realdata, tmp_path):
    path = write_long(tmp_path / "d.csv", rows_of(realdata)[:5])
    text = path.read_text(encoding="utf-8").splitlines()
    cells = text[1].split(",")
    cells[5] = "12.5"
    text[1] = ",".join(cells)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")

    with pytest.raises(DataValidationError, match="whole numbers"):
        unhcr.read_unhcr_download(path)


def test_download_signature_is_registered():
    fmt = formats.get("unhcr_download")
    assert "Refugees under UNHCR's mandate" in fmt.signature
    assert fmt.domain == "displacement"


def test_download_with_preamble_is_read(realdata, tmp_path):
    rows = rows_of(realdata)
    path = write_long(tmp_path / "query_data.csv", rows, preamble=PREAMBLE)

    ds = data.read(path, domain="displacement")

    assert ds.format.name == "unhcr_download"
    assert len(ds.frame) == len(rows)
    assert ds.frame["refugees"].sum() == sum(int(float(r["refugees"] or 0)) for r in rows)


def test_download_zip_with_footnotes_is_read(realdata, tmp_path):
    rows = rows_of(realdata)
    inner = write_long(tmp_path / "query_data.csv", rows, preamble=PREAMBLE)
    notes = tmp_path / "footnotes.csv"
    notes.write_text(
        "Year,Country of origin,Country of asylum,Footnote\n"
        '2025,Syrian Arab Rep.,Germany,"Figures are UNHCR estimates."\n',
        encoding="utf-8",
    )
    archive = tmp_path / "query_data.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(inner, "query_data.csv")
        zf.write(notes, "footnotes.csv")

    ds = data.read(archive, domain="displacement")

    assert ds.format.name == "unhcr_download"
    expected = sums_by_year(rows, "refugees")
    abroad = ds.frame[ds.frame["origin_iso3"].eq("SYR") & ds.frame["asylum_iso3"].ne("SYR")]
    assert abroad.groupby("year")["refugees"].sum()[2025] == expected[2025] == 4_865_764
