"""ACLED monthly aggregates (HDX) and HDX HAPI conflict_event on the real sample files, and on
the shapes HDX ships them in (xlsx workbooks with HRP_1/HRP_2/Non_HRP and a terms sheet, HAPI
CSV with a BOM and an HXL row, zip, gzip, semicolons), built here from the real files. Totals
are checked against csv-module sums of the raw columns."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from analysis import data
from analysis.errors import DataValidationError

FOLDER = "acled_hdx_aggregates_syria_2025_01"
PV = "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv"
CT = "syria_civilian_targeting_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv"
DEMO = "syria_demonstration_events_by_admin2_month_as-of-2025-01-10.csv"
HAPI = "hdx_hapi_conflict_event_SYR_2025-01.csv"
SERIES_OF = {PV: "political_violence", CT: "civilian_targeting", DEMO: "demonstrations"}


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def sums(rows, key, *counts) -> dict[tuple, int]:
    """Independent totals: ``counts`` summed by ``key(row)`` with plain Python."""
    out: dict[tuple, int] = defaultdict(int)
    for row in rows:
        for count in counts:
            out[(*key(row), count)] += int(row[count]) if row[count].strip() else 0
    return dict(out)


def totals(frame, by) -> dict[tuple, int]:
    out: dict[tuple, int] = {}
    for count in ("events", "fatalities"):
        grouped = frame.groupby(by, observed=True)[count].sum(min_count=1)
        for key, value in grouped.items():
            if not pd.isna(value):
                key = key if isinstance(key, tuple) else (key,)
                out[(*key, count)] = int(value)
    return out


@pytest.mark.parametrize("name", [PV, CT, DEMO])
def test_each_aggregates_file_with_totals_by_governorate(realdata, name):
    path = realdata(FOLDER, name)
    raw = rows_of(path)
    counts = ("Events", "Fatalities") if "Fatalities" in raw[0] else ("Events",)
    expected = sums(raw, lambda r: (r["Admin1 Pcode"],), *counts)
    found = data.read(path, domain="casualties")
    frame = found.frame
    assert found.kind == "aggregates" and len(frame) == len(raw) == 62
    assert set(frame["series"]) == {SERIES_OF[name]}
    assert set(frame["month"].dt.strftime("%Y-%m-%d")) == {"2025-01-01"}
    got = totals(frame, "admin1_pcode")
    assert got == {(k[0], k[1].lower()): v for k, v in expected.items()}
    if "Fatalities" not in raw[0]:
        assert frame["fatalities"].isna().all()
    # PROVENANCE.md states these file totals
    stated = {PV: (302, 329), CT: (124, 106), DEMO: (13, None)}[name]
    assert int(frame["events"].sum()) == stated[0]
    if stated[1] is not None:
        assert int(frame["fatalities"].sum()) == stated[1]


def test_hapi_file_by_series_and_district(realdata):
    path = realdata(FOLDER, HAPI)
    raw = rows_of(path)
    kinds = {
        "political_violence": "political_violence",
        "civilian_targeting": "civilian_targeting",
        "demonstration": "demonstrations",
    }
    expected = sums(
        raw, lambda r: (kinds[r["event_type"]], r["admin2_code"]), "events", "fatalities"
    )
    found = data.read(path)
    assert found.format.name == "hdx_hapi_conflict_event" and len(found.frame) == len(raw) == 186
    got = totals(found.frame, ["series", "admin2_pcode"])
    # demonstrations have no fatalities in HAPI (blank), and none in our frame
    assert {
        k: v for k, v in expected.items() if k[0] != "demonstrations" or k[2] == "events"
    } == got
    assert not any(r["fatalities"].strip() for r in raw if r["event_type"] == "demonstration")


def test_hapi_and_the_three_aggregates_agree(realdata):
    hapi = data.read(realdata(FOLDER, HAPI)).frame
    for name, series in SERIES_OF.items():
        agg = data.read(realdata(FOLDER, name)).frame
        part = hapi[hapi["series"] == series]
        assert totals(part, "admin2_pcode") == totals(agg, "admin2_pcode")


def test_hapi_as_hdx_ships_it_with_bom_and_hxl_row(realdata, tmp_path):
    path = realdata(FOLDER, HAPI)
    text = path.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    hxl = ",".join(
        "#" + c.replace("_", "+") if i < 12 else "" for i, c in enumerate(header.split(","))
    )
    shipped = tmp_path / "hdx_hapi_conflict_event_global_2025.csv"
    shipped.write_bytes(b"\xef\xbb\xbf" + f"{header}\n{hxl}\n{rest}".encode())
    frame = data.read(shipped).frame
    raw = rows_of(path)
    assert len(frame) == len(raw)
    assert int(frame["events"].sum()) == sum(int(r["events"]) for r in raw)


def _workbook(target: Path, source: Path) -> None:
    """A workbook laid out as HDX publishes ACLED's: HRP_1 with the rows (here Syria's, plus an
    Iraqi row as in the global sheet), HRP_2 and Non_HRP with other countries, and a terms
    sheet. Numbers are written as numbers, as Excel stores them."""
    from openpyxl import Workbook

    rows = list(csv.reader(source.open(encoding="utf-8", newline="")))
    header, body = rows[0], rows[1:]
    numeric = {"Year", "Events", "Fatalities"}

    def typed(row):
        return [int(v) if h in numeric else v for h, v in zip(header, row, strict=True)]

    other = ["Iraq", "Ninewa", "Mosul", "IRQ", "IQ1504", "IQ15", "January", "2025", "7", "9"]
    book = Workbook()
    sheet = book.active
    sheet.title = "HRP_1"
    sheet.append(header)
    for row in body:
        sheet.append(typed(row))
    sheet.append(typed(other[: len(header)]))
    for name in ("HRP_2", "Non_HRP"):
        extra = book.create_sheet(name)
        extra.append(header)
        extra.append(typed(other[: len(header)]))
    terms = book.create_sheet("TOU")
    terms.append(["By using ACLED data you agree to abide by the Terms of Use"])
    book.save(target)


@pytest.mark.parametrize(
    ("name", "published"),
    [
        (PV, "download-political-violence-events-and-fatalities-as-of-2025-01-10.xlsx"),
        (CT, "download-civilian-targeting-events-and-fatalities-as-of-2025-01-10.xlsx"),
        (DEMO, "download-demonstration-events-as-of-2025-01-10.xlsx"),
    ],
)
def test_published_workbooks(realdata, tmp_path, name, published):
    source = realdata(FOLDER, name)
    book = tmp_path / published
    _workbook(book, source)
    frame = data.read(book).frame
    plain = data.read(source).frame
    assert set(frame["series"]) == {SERIES_OF[name]}
    assert len(frame) == len(plain) == 62  # other countries dropped
    assert totals(frame, "admin1_pcode") == totals(plain, "admin1_pcode")


def test_zip_gzip_and_semicolons(realdata, tmp_path):
    source = realdata(FOLDER, CT)
    expected = sum(int(r["Fatalities"]) for r in rows_of(source))
    archive = tmp_path / "acled_hdx.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(source, CT)
    assert int(data.read(archive).frame["fatalities"].sum()) == expected
    gz = tmp_path / (CT + ".gz")
    gz.write_bytes(gzip.compress(source.read_bytes()))
    found = data.read(gz).frame
    assert set(found["series"]) == {"civilian_targeting"}
    assert int(found["fatalities"].sum()) == expected
    semi = tmp_path / CT
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(
        csv.reader(source.open(encoding="utf-8", newline=""))
    )
    semi.write_text(out.getvalue(), encoding="utf-8")
    assert int(data.read(semi).frame["fatalities"].sum()) == expected


def test_renamed_file_needs_the_series_named(realdata, tmp_path):
    renamed = tmp_path / "acled.csv"
    renamed.write_bytes(realdata(FOLDER, PV).read_bytes())
    with pytest.raises(DataValidationError) as caught:
        data.read(renamed)
    assert "--format acled_hdx_political_violence" in str(caught.value)
    frame = data.read(renamed, format="acled_hdx_political_violence").frame
    assert int(frame["fatalities"].sum()) == 329
