"""The SHCC / Insecurity Insight yearly files in ../shared/realdata, read through the real data
layer: incident and health-worker totals against the csv module's sums of each raw file, monthly
and governorate counts, and variants built here (gzip, BOM with semicolons, xlsx with an HXL row).
"""

import csv
import gzip
from collections import Counter

import pandas as pd
import pytest

from analysis import data
from analysis.metrics import health as metrics
from analysis.metrics.results import Period

FOLDER = "shcc_health_attacks_syria_2018_2022"
FILES = [
    "2018-shcc-attacks-data_syria.csv",
    "2019-shcc-incident-data_syria.csv",
    "2020-shcc-incident-data_syria.csv",
    "2021-shcc-incident-data_syria.csv",
    "2022-shcc-incident-data_syria.csv",
]
KINDS = {
    "health_workers_killed": "Total health worker killed",
    "health_workers_injured": "Total health worker injured",
    "health_workers_kidnapped": "Total health worker kidnapped",
    "health_workers_arrested": "Total health worker arrested",
    "facilities_destroyed": "Total number of attacks on facilities which reported destruction",
    "facilities_damaged": "Total number of attacks on facilities which reported damage",
}


def raw_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["Country"].strip() == "Syria"]


def raw_sum(rows, name):
    """Sum of the column whose name is ``name`` once trailing spaces are dropped."""
    column = next(c for c in rows[0] if c.strip() == name)
    return sum(int(float(r[column])) for r in rows if r[column].strip())


@pytest.mark.parametrize("name", FILES)
def test_totals_match_the_raw_file(realdata, name):
    path = realdata(FOLDER, name)
    rows = raw_rows(path)
    ds = data.read(path, domain="health")
    assert ds.format.name == "shcc_health_attacks"
    frame = ds.frame
    assert len(frame) == len(rows)
    for house, raw in KINDS.items():
        assert frame[house].sum() == raw_sum(rows, raw), house
    year = int(name[:4])
    assert frame["event_date"].dt.year.eq(year).all()
    # every incident is in its year's report, whatever the precision of its date
    span = Period.of(f"{year}-01-01", f"{year}-12-31")
    chosen = metrics.select(frame, span)
    assert len(chosen.incidents) == len(rows)
    assert chosen.month_only_left_out == 0
    found = {r.key: r.value for r in metrics.results(chosen.incidents, span, "Syria")}
    assert found["health_incidents"] == len(rows)
    assert found["health_workers_killed"] == raw_sum(rows, "Total health worker killed")
    # per month, against the raw "Attack date" text (YYYY-MM is its first 7 characters)
    by_month = Counter(r["Attack date"][:7] for r in rows)
    monthly = metrics.monthly(chosen.incidents, span)
    pairs = zip(monthly["month"], monthly["incidents"], strict=True)
    assert {f"{month:%Y-%m}": n for month, n in pairs if n} == dict(by_month)


def test_2019_governorates_and_days(realdata):
    path = realdata(FOLDER, "2019-shcc-incident-data_syria.csv")
    rows = raw_rows(path)
    column = "State/Province/Division/Governorate/Department"
    raw_counts = Counter(r[column] for r in rows)
    frame = data.read(path, domain="health").frame
    places = metrics.by_governorate(frame).set_index("governorate")["incidents"]
    assert places["Idleb"] == raw_counts["Idlib governorate"]
    assert places["Rural Damascus"] == raw_counts["Rif Damasaq governorate"]
    assert places[metrics.UNKNOWN_PLACE] == raw_counts["NoInformation"]
    assert sorted(places.drop(metrics.UNKNOWN_PLACE)) == sorted(
        n for name, n in raw_counts.items() if name != "NoInformation"
    )
    # the day comes from "Attack day"
    first = frame.set_index("incident_id").loc[rows[1]["SHCC Event Code"]]
    assert first["event_date"] == pd.Timestamp(
        f"{rows[1]['Attack date']}-{int(rows[1]['Attack day']):02d}"
    )
    assert first["date_precision"] == "day"


def test_2020_dates_are_months_and_count_only_in_whole_months(realdata):
    path = realdata(FOLDER, "2020-shcc-incident-data_syria.csv")
    rows = raw_rows(path)
    frame = data.read(path, domain="health").frame
    assert set(frame["date_precision"]) == {"month"}
    half = Period.of("2020-01-01", "2020-06-15")
    chosen = metrics.select(frame, half)
    months = Counter(r["Attack date"] for r in rows)
    assert len(chosen.incidents) == sum(months[f"2020-0{m}"] for m in range(1, 6))
    assert chosen.month_only_left_out == months["2020-06"]


@pytest.fixture
def variants(realdata, tmp_path):
    """The 2019 file as gzip, as UTF-8 with BOM and semicolons, and as an xlsx with an HXL row."""
    source = realdata(FOLDER, "2019-shcc-incident-data_syria.csv")
    text = source.read_text(encoding="utf-8")
    gz = tmp_path / "shcc_2019.csv.gz"
    gz.write_bytes(gzip.compress(text.encode("utf-8")))
    with source.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    semi = tmp_path / "shcc_2019_semicolon.csv"
    with semi.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(table)
    frame = pd.DataFrame(table[1:], columns=table[0])
    hxl = {
        "Country": "#country+name",
        "Attack date": "#date",
        "Total health worker killed": "#affected+killed",
    }
    tags = pd.DataFrame([[hxl.get(c.strip(), "") for c in table[0]]], columns=table[0])
    xlsx = tmp_path / "shcc_2019.xlsx"
    pd.concat([tags, frame]).to_excel(xlsx, index=False, sheet_name="Incident Data")
    return {"gz": gz, "semicolon": semi, "xlsx": xlsx, "rows": raw_rows(source)}


@pytest.mark.parametrize("kind", ["gz", "semicolon", "xlsx"])
def test_variants_read_like_the_csv(variants, kind):
    rows = variants["rows"]
    frame = data.read(variants[kind], domain="health").frame
    assert len(frame) == len(rows)
    for house, raw in KINDS.items():
        assert frame[house].sum() == raw_sum(rows, raw), house
    assert frame["admin1_pcode"].notna().sum() == sum(
        r["State/Province/Division/Governorate/Department"] != "NoInformation" for r in rows
    )


# --- the yearly files as Insecurity Insight ships them now (issue 19 §4) ------------------------

NEWER = {  # the yearly files' names -> the newer releases' (formats README)
    "Attack date": "Date",
    "Total health worker killed": "Health Workers Killed",
    "Total health worker injured": "Health Workers Injured",
    "Total health worker kidnapped": "Health Workers Kidnapped",
    "Total health worker arrested": "Health Workers Arrested ",  # a trailing space, as shipped
    "Total number of attacks on facilities which reported destruction": (
        "Number of Attacks on Health Facilities Reporting Destruction"
    ),
    "Total number of attacks on facilities which reported damage": (
        "Number of Attacks on Health Facilities Reporting Damaged"
    ),
}
BOOK_HEADER = ["SiND Event ID", "Country", "Country ISO", *NEWER.values()]
# One release's tags, kidnapped and arrested swapped: the header is to be trusted.
BOOK_TAGS = [
    "#event+id",
    "#country+name",
    "#country+code",
    "#date",
    "#affected+killed",
    "#affected+injured",
    "#affected+arrested",
    "#affected+kidnapped",
    "#facility+destroyed",
    "#facility+damaged",
]
KILLED_BY_YEAR = {2018: 88, 2019: 41, 2020: 20, 2021: 13, 2022: 10}  # PROVENANCE.md


def newer_rows(path, year):
    """A yearly file's Syria rows in the newer layout: ids made unique, counts as given."""
    rows = raw_rows(path)
    for number, row in enumerate(rows):
        values = {c.strip(): v for c, v in row.items()}
        out = [f"{year}-{number}", "Syria", "SYR"]
        out += [values.get(old, "") for old in NEWER]
        yield out


@pytest.fixture
def multi_country(realdata, tmp_path):
    """A multi-country workbook made from the five yearly files plus made-up rows of other
    countries: one data sheet (its name with a trailing space) under an HXL row, and a notes
    sheet, as on HDX."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2016-2023 Incident Data "
    sheet.append(BOOK_HEADER)
    sheet.append(BOOK_TAGS)
    for name in FILES:
        year = int(name[:4])
        for row in newer_rows(realdata(FOLDER, name), year):
            sheet.append(row)
        for other, iso in (("Yemen", "YEM"), ("Ukraine", "UKR")):  # made up, never Syria's
            sheet.append([f"{iso}-{year}", other, iso, f"{year}-03-01", 7, 7, 7, 7, 7, 7])
    notes = book.create_sheet("MetaData&Notes")
    notes.append(["Country", "Note"])
    notes.append(["All", "Not comprehensive"])
    path = tmp_path / "2016-2023-attacks-on-health-care-incident-data.xlsx"
    book.save(path)
    return path


def test_multi_country_workbook_keeps_syria_and_every_yearly_total(realdata, multi_country):
    ds = data.read(multi_country, domain="health")
    assert ds.format.name == "shcc_health_attacks"
    frame = ds.frame
    years = frame["event_date"].dt.year
    for name in FILES:
        year = int(name[:4])
        rows = raw_rows(realdata(FOLDER, name))  # counted here with the csv module
        mine = frame[years == year]
        assert len(mine) == len(rows), year
        assert mine["health_workers_killed"].sum() == raw_sum(rows, KINDS["health_workers_killed"])
        assert mine["health_workers_killed"].sum() == KILLED_BY_YEAR[year]
        # the header, not the swapped tags, says which column is which
        for house in ("health_workers_kidnapped", "health_workers_arrested"):
            assert mine[house].sum() == raw_sum(rows, KINDS[house]), (year, house)
    assert len(ds.notes) == 2  # the two swapped tags, said by `sitrep data summary`


def test_multi_country_workbook_by_format_and_sheet(realdata, multi_country):
    by_format = data.read(multi_country, format="shcc_health_attacks").frame
    by_sheet = data.read(f"{multi_country}::2016-2023 Incident Data").frame  # the space dropped
    incidents = sum(len(raw_rows(realdata(FOLDER, name))) for name in FILES)
    assert len(by_format) == len(by_sheet) == incidents
    assert by_format["health_workers_killed"].sum() == sum(KILLED_BY_YEAR.values())
    assert by_sheet["health_workers_killed"].sum() == sum(KILLED_BY_YEAR.values())


@pytest.mark.parametrize("name", FILES)
def test_yearly_file_with_renamed_headers_and_an_hxl_row(realdata, tmp_path, name):
    source = realdata(FOLDER, name)
    with source.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    header = [NEWER.get(c.strip(), c) for c in table[0]]
    tags = [BOOK_TAGS[BOOK_HEADER.index(c)] if c in BOOK_HEADER else "" for c in header]
    renamed = tmp_path / f"renamed-{name}"
    with renamed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, tags, *table[1:]])
    rows = raw_rows(source)
    frame = data.read(renamed, domain="health").frame
    assert len(frame) == len(rows)
    for house, raw in KINDS.items():
        assert frame[house].sum() == raw_sum(rows, raw), house
