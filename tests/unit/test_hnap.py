"""OCHA/HNAP IDP movements workbook reader, on small workbooks built with openpyxl."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook

from analysis import data
from analysis.data import formats, hnap
from analysis.data.schema import IDP_FLOWS
from analysis.errors import DataValidationError, UnknownGovernorateError

IDP = "IDPFlow_Summarysince2016"
RET = "RetFlow_Summary_SinceAugust2018"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _idp_sheet(ws):
    """The layout of the real sheet, cut down: two 2016 months, one 2017 month, totals."""
    ws["B1"], ws["F1"], ws["H1"] = 2016, 2017, "Since Jan 2016"
    header = [
        "Governorate",
        "January",
        "February",
        "Total 2016",
        None,
        "January",
        "Total 2017",
        "Total",
    ]
    ws.append(header)
    ws.append(["Aleppo", 134951, 93867.5, "=SUM(B3:C3)", None, 32319, "=SUM(F3:F3)", "=D3+G3"])
    ws.append(["Idleb", 38093, None, "=SUM(B4:C4)", None, 21319, "=SUM(F4:F4)", "=D4+G4"])
    ws.append(["Dar'a", 10183.833333333334, 0, "=SUM(B5:C5)", None, 7822, "=SUM(F5:F5)"])
    ws.append(["Grand Total", "=SUM(B3:B5)", 181052, "=SUM(D3:D5)", None, "=SUM(F3:F5)"])
    ws.append(["Average of IDP flow per day", "=B6/31", "=C6/29"])
    ws.append([None, 31, 29, None, None, 31])


def _ret_sheet(ws):
    ws["B1"], ws["P1"] = 2018, 2019
    ws.append(["Governorate", *MONTHS, "Total 2018", None, "January", "Total 2019", "TOTAL"])
    aleppo = ["Aleppo"] + [None] * 7 + [12134] + [None] * 4 + ["=SUM(B3:M3)", None, 11565]
    daraa = ["Dar'a"] + [None] * 7 + [130825] + [None] * 4 + ["=SUM(B4:M4)"]
    ws.append(aleppo)
    ws.append(daraa)
    ws.append(["Grand Total"] + [f"=SUM({c}3:{c}4)" for c in "BCDEFGHIJKLM"])


def build(tmp_path, edit=None, name="idp_movements.xlsx"):
    workbook = Workbook()
    workbook.active.title = "December_IDPflow"
    _idp_sheet(workbook.create_sheet(IDP))
    _ret_sheet(workbook.create_sheet(RET))
    if edit is not None:
        edit(workbook)
    path = tmp_path / name
    workbook.save(path)
    return path


def read(path):
    return hnap.read_hnap_idp_movements(path)


def test_reads_long_form_by_governorate_and_month(tmp_path):
    frame = read(build(tmp_path))

    assert list(frame.columns) == list(IDP_FLOWS)
    assert dict(frame.dtypes.astype(str)) == IDP_FLOWS
    got = {
        (row.flow, row.month.strftime("%Y-%m"), row.admin1_name): row.people_count
        for row in frame.itertuples()
    }
    assert got == {
        ("idp_arrivals", "2016-01", "Aleppo"): 134951,
        ("idp_arrivals", "2016-02", "Aleppo"): 93867.5,
        ("idp_arrivals", "2017-01", "Aleppo"): 32319,
        ("idp_arrivals", "2016-01", "Idleb"): 38093,
        ("idp_arrivals", "2017-01", "Idleb"): 21319,
        ("idp_arrivals", "2016-01", "Dar'a"): pytest.approx(10183.833333333334),
        ("idp_arrivals", "2016-02", "Dar'a"): 0,  # a typed zero is a figure
        ("idp_arrivals", "2017-01", "Dar'a"): 7822,
        ("idp_returns", "2018-08", "Aleppo"): 12134,
        ("idp_returns", "2019-01", "Aleppo"): 11565,
        ("idp_returns", "2018-08", "Dar'a"): 130825,
    }  # no total, average or days-per-month row, no blank cell
    pcodes = dict(zip(frame["admin1_name"], frame["admin1_pcode"], strict=False))
    assert pcodes == {"Aleppo": "SY02", "Idleb": "SY07", "Dar'a": "SY12"}
    assert (frame["month"].dt.day == 1).all()
    assert set(frame["source"]) == {"OCHA/HNAP IDP Task Force"}


def test_detected_from_sheet_names_and_registered(tmp_path):
    path = build(tmp_path)
    assert hnap.sniff(path) is True
    assert formats.detect(path).name == "hnap_idp_movements"
    dataset = data.read(path)
    fmt = dataset.format
    assert (fmt.domain, fmt.kind, fmt.date_column) == ("displacement", "idp_flows", "month")
    assert fmt.count_columns == ("people_count",)
    assert dataset.frame["people_count"].sum() == pytest.approx(
        134951
        + 93867.5
        + 32319
        + 38093
        + 21319
        + 10183.833333333334
        + 7822
        + 12134
        + 11565
        + 130825
    )


def test_other_workbooks_are_not_taken_for_hnap(tmp_path):
    def other(workbook):
        del workbook[IDP]
        del workbook[RET]

    path = build(tmp_path, other)
    assert hnap.sniff(path) is False
    assert hnap.sniff(tmp_path / "notes.json") is False
    with pytest.raises(DataValidationError, match="cannot tell which source"):
        data.read(path)


def test_numeric_text_and_blank_text_cells(tmp_path):
    def edit(workbook):
        workbook[IDP]["C4"] = " 500 "
        workbook[IDP]["F4"] = "   "

    frame = read(build(tmp_path, edit))
    idleb = frame[frame["admin1_name"] == "Idleb"]
    assert idleb["month"].dt.strftime("%Y-%m").tolist() == ["2016-01", "2016-02"]
    assert idleb["people_count"].tolist() == [38093, 500]


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("C4", "n/a", r"sheet 'IDPFlow_Summarysince2016' cell C4 \('n/a'\): not a number"),
        ("B5", -5, r"sheet 'IDPFlow_Summarysince2016' cell B5 \(-5\): negative counts"),
        ("B4", "=1+1", r"sheet 'IDPFlow_Summarysince2016' cell B4 \(=1\+1\): formulas"),
        ("E3", 12, r"sheet 'IDPFlow_Summarysince2016' cell E3=12: figures under a blank month"),
        ("A4", None, r"sheet 'IDPFlow_Summarysince2016' cell A4 \(the row holds B4=38093\)"),
    ],
)
def test_bad_cells_are_named(tmp_path, cell, value, message):
    def edit(workbook):
        workbook[IDP][cell] = value

    path = build(tmp_path, edit)
    with pytest.raises(DataValidationError, match=message) as err:
        read(path)
    assert str(path) in str(err.value)


def test_several_bad_cells_are_listed(tmp_path):
    def edit(workbook):
        workbook[RET]["I3"] = "x"
        workbook[RET]["P3"] = "y"

    with pytest.raises(
        DataValidationError,
        match=r"'RetFlow_Summary_SinceAugust2018' cells I3 "
        r"\('x'\), P3 \('y'\)",
    ):
        read(build(tmp_path, edit))


def test_unknown_governorate_names_cell_and_closest_names(tmp_path):
    def edit(workbook):
        workbook[IDP]["A4"] = "Idlibb"

    with pytest.raises(UnknownGovernorateError, match=r"cell A4 \('Idlibb'; closest: Idleb") as err:
        read(build(tmp_path, edit))
    assert "sheet 'IDPFlow_Summarysince2016'" in str(err.value)


def test_governorate_on_two_rows_is_refused(tmp_path):
    def edit(workbook):
        workbook[IDP]["A5"] = "Idlib"

    with pytest.raises(DataValidationError, match=r"cells A4 and A5: governorate Idleb has more"):
        read(build(tmp_path, edit))


def test_missing_sheet_is_named(tmp_path):
    def edit(workbook):
        del workbook[RET]

    path = build(tmp_path, edit)
    assert hnap.sniff(path) is True  # detected as HNAP, then refused with the reason
    with pytest.raises(
        DataValidationError, match=r"sheet 'RetFlow_Summary_SinceAugust2018' not found"
    ) as err:
        data.read(path)
    assert "'December_IDPflow', 'IDPFlow_Summarysince2016'" in str(err.value)


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("C2", "Febuary", r"cannot read the month header in cell C2 \('Febuary'\)"),
        ("B1", None, r"cell B2 \('January'\) has no year"),
        ("F1", None, r"month January 2016 appears twice, in cells B2 and F2"),
        ("A2", "Province", r"no header row with 'Governorate'"),
    ],
)
def test_unreadable_headers_are_named(tmp_path, cell, value, message):
    def edit(workbook):
        workbook[IDP][cell] = value

    with pytest.raises(DataValidationError, match=message) as err:
        read(build(tmp_path, edit))
    assert "sheet 'IDPFlow_Summarysince2016'" in str(err.value)


def test_month_headers_may_be_abbreviated_or_dates(tmp_path):
    def edit(workbook):
        workbook[IDP]["C2"] = "Feb"
        workbook[IDP]["F2"] = pd.Timestamp("2017-01-01").to_pydatetime()

    frame = read(build(tmp_path, edit))
    aleppo = frame[(frame["admin1_name"] == "Aleppo") & (frame["flow"] == "idp_arrivals")]
    assert aleppo["month"].dt.strftime("%Y-%m").tolist() == ["2016-01", "2016-02", "2017-01"]


def test_workbook_without_any_figure_is_refused(tmp_path):
    def edit(workbook):
        for sheet in (IDP, RET):
            for row in workbook[sheet].iter_rows(min_row=3, max_row=5, min_col=2):
                for cell in row:
                    if not isinstance(cell.value, str):
                        cell.value = None

    with pytest.raises(DataValidationError, match="hold no figures"):
        read(build(tmp_path, edit))


def test_truncated_workbook_gives_a_clear_error(tmp_path):
    whole = build(tmp_path).read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DataValidationError, match=r"truncated\.xlsx: not a readable Excel work"):
        read(path)
    with pytest.raises(DataValidationError, match="not a readable Excel workbook"):
        data.read(path)  # detection reports the damage, not "cannot tell which source"


def test_text_file_named_xlsx_and_empty_file(tmp_path):
    text = tmp_path / "renamed.xlsx"
    text.write_text("Governorate,January\nAleppo,1\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="not a readable Excel workbook"):
        read(text)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(DataValidationError, match=r"the file is empty \(0 bytes\)"):
        read(empty)
    with pytest.raises(DataValidationError, match=r"the file is empty \(0 bytes\)"):
        data.read(empty)
