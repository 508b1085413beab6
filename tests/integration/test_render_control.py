"""The territorial control report through the real pipeline: papermill, a real kernel, nbconvert
and headless Chromium. Expected figures are counted here, with the csv module, from the input
files themselves; assertions are on what a reader sees: the PDF's text and the HTML."""

import base64
import csv
import datetime as dt
import math
import re
from pathlib import Path

import pytest

from analysis import factions
from tests.integration.reader import REPO, figures, pdf_text, sitrep
from tests.said import ANY, numbers_in, read, says

NOTEBOOK = REPO / "notebooks" / "territorial_control.ipynb"
CHANGES = REPO / "data" / "offensive_2024" / "control_changes.csv"
SHARES = REPO / "data" / "offensive_2024" / "territory_shares.csv"
ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
OCHA = ("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson")
TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}

pytestmark = pytest.mark.slow


def report_file(folder, stem, kind):
    """The report ``stem`` made from a data file (its name ends with the file's slug and hash)."""
    (found,) = Path(folder).glob(f"{stem}_*.{kind}")
    return found


def render(out, *params, to=None):
    args = ["render", NOTEBOOK, "--out", out]
    for name, value in params:
        args += ["-p", name, value]
    if to:
        args += ["--to", to]
    done = sitrep(*args)
    assert done.returncode == 0, done.stderr
    assert "Unable to parse" not in done.stderr  # papermill reads every parameter
    return done


def bundled_changes(start, end, pcode=None):
    with CHANGES.open(encoding="utf-8", newline="") as handle:
        return [
            r
            for r in csv.DictReader(handle)
            if start <= r["event_date"] <= end and (pcode is None or r["admin1_pcode"] == pcode)
        ]


def places(rows, name="place", governorate="admin1_pcode"):
    return len({(r[name], r[governorate]) for r in rows})


def shares(organisation, as_of):
    """The shares of territory ``organisation`` published for ``as_of`` (bundled file)."""
    with SHARES.open(encoding="utf-8", newline="") as handle:
        return [
            float(r["value"])
            for r in csv.DictReader(handle)
            if r["organisation"] == organisation and r["as_of_date"] == as_of and r["value"]
        ]


@pytest.fixture(scope="module")
def default_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("control")
    render(out)
    stem = "territorial_control_2024-11-27_2024-12-31"
    return {kind: out / f"{stem}.{kind}" for kind in ("ipynb", "html", "pdf")}


def test_default_report_counts_places_from_the_bundled_file(default_report):
    rows = bundled_changes("2024-11-27", "2024-12-31")
    assert len(rows) == 41 and places(rows) == 38  # the bundled data as shipped
    flat = pdf_text(default_report["pdf"])
    said = read(default_report["html"].read_text(encoding="utf-8"))
    assert "Territorial control: Syria" in flat
    assert "27 November to 31 December 2024" in flat
    # A count that includes changes resting on a single weak source carries a marker (a
    # superscript number, read as a digit after the word).
    assert re.search(rf"{places(rows)} places\d? changed hands in Syria", flat)
    assert re.search(rf"\({len(rows)} changes\d? of control recorded in", flat)
    assert "Single weak source (one page" in flat and "Latakia, 8 December 2024" in flat
    capitals = {"Aleppo", "Hama", "Homs", "Damascus", "Daraa", "Deir ez-Zor"}
    assert all(name in flat for name in capitals)
    assert "Changes of control" in flat and "Sources and method" in flat
    # Disagreements stay visible: Jusoor's Feb 2020 shares, Deir ez-Zor taken twice.
    (summed,) = said.all("control_share_sum")
    total = sum(shares("Jusoor for Studies", "2020-02-29"))
    assert "29 February 2020" in summed.text and round(total, 2) in summed.numbers
    assert round(total, 2) != 100 and f"{total:.2f}%" in flat
    assert "Deir ez-Zor (2 times)" in flat
    # One front: HTS's largest connected advance (gains linked within 50 km), whose farthest
    # place is counted here from its own rows only; Deir ez-Zor, 300 km east, is apart.
    hts = [r for r in rows if factions.role(r["faction_gaining"]) == "hts_moc" and r["latitude"]]
    point = {id(r): (float(r["latitude"]), float(r["longitude"])) for r in hts}
    advance, grew = [hts[0]], True
    while grew:
        grew = False
        for r in hts:
            if r not in advance and any(km(*point[id(r)], *point[id(a)]) <= 50 for a in advance):
                advance.append(r)
                grew = True
    assert len(advance) == len(hts) - 1  # all but Deir ez-Zor
    first = min(r["event_date"] for r in advance)
    start = [r for r in advance if r["event_date"] == first]
    lat = sum(point[id(r)][0] for r in start) / len(start)
    lon = sum(point[id(r)][1] for r in start) / len(start)
    far = max(advance, key=lambda r: km(lat, lon, *point[id(r)]))
    distance = round(km(lat, lon, *point[id(far)]))
    support = sum(km(*point[id(far)], *point[id(r)]) <= 25 for r in advance)
    assert f"The farthest place it gained was {far['place']}" in flat
    assert f"{distance} km from it" in flat
    front = said.sentence("control_front").text
    assert f"with {support} changes of control" in front  # within 25 km of the farthest
    assert "Deir ez-Zor (10 December 2024)" in front  # apart: not drawn
    assert "Abu Kamal, " not in flat  # the SDF's gain, 400 km away, is not on HTS's front
    # Shares: those dated in the period, and the latest before it as context.
    latest = said.sentence("control_shares_latest").text
    in_period, before = latest.split("Before the period")
    assert "27 November to 31 December 2024" in in_period
    assert "7 December 2024" in in_period and "31 May 2020" in before
    for value in shares("Jusoor for Studies", "2020-05-31"):  # the latest before, as context
        assert f"{value:g}%" in before
    # The table shows 25 rows, capitals first, and the annex lists every change.
    table = said.sentence("control_table_left_out")
    assert numbers_in(table.text)[:3] == [len(rows), 25, len(rows) - 25]  # all, shown, left out
    assert "Annex: every change of control" in flat
    assert re.search(r"Page 1 of \d+", flat)


def km(lat1, lon1, lat2, lon2, radius=6371.0088):
    """Great-circle distance by the spherical law of cosines (the code uses haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(
        math.radians(lon2 - lon1)
    )
    return radius * math.acos(min(1.0, c))


def test_default_html_has_four_sourced_figures_with_alt_text(default_report):
    html = default_report["html"].read_text(encoding="utf-8")
    found = figures(html)
    assert len(found) == html.count("<figure") == 4  # map, timeline, front distance, shares
    assert all(alt.strip() and caption.strip() for alt, caption in found)
    assert not any("Source:" in caption for _, caption in found)  # the source is in the figure
    assert "from analysis.sections" not in html and "control_path =" not in html


def test_acled_export_with_ocha_boundaries(realdata, tmp_path):
    acled, ocha = realdata(*ACLED), realdata(*OCHA)
    with acled.open(encoding="utf-8", newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["sub_event_type"] in TERRITORY
            and dt.datetime.strptime(r["event_date"], "%d %B %Y").year == 2019
        ]
    assert len(rows) > 100
    render(
        tmp_path,
        ("control_path", acled),
        ("boundaries_path", ocha),
        ("start_date", "2019-01-01"),
        ("end_date", "2019-12-31"),
    )
    stem = "territorial_control_2019-01-01_2019-12-31"
    flat = pdf_text(report_file(tmp_path, stem, "pdf"))
    assert "Territorial control: Syria" in flat and "1 January to 31 December 2019" in flat
    assert f"{places(rows, 'location', 'admin1'):,} places changed hands" in flat
    assert f"({len(rows):,} changes of control recorded in ACLED" in flat
    assert "OCHA COD-AB admin-1 boundaries" in flat
    assert "bundled" not in flat.lower()  # nothing about the bundled dataset
    html = report_file(tmp_path, stem, "html").read_text(encoding="utf-8")
    left_out = " ".join(s.text for s in read(html).all("left_out"))
    assert says(left_out, "left_out", items=[{"part": "shares_file", "source": ANY}])
    assert "not current control" in flat  # older last-known holders are not shown as current
    assert "ACLED codes territory changes" in flat
    html = report_file(tmp_path, stem, "html").read_text(encoding="utf-8")
    found = figures(html)
    assert len(found) == 3  # map, timeline, front distance; no shares for ACLED
    assert all(alt.strip() and caption.strip() for alt, caption in found)


def test_text_from_a_control_file_never_becomes_markup(tmp_path):
    hostile = tmp_path / "control.csv"
    with (
        CHANGES.open(encoding="utf-8", newline="") as src,
        hostile.open("w", encoding="utf-8", newline="") as dst,
    ):
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            if row["record_id"] == "control-010":  # in the annex
                row["place"] = "<b>x</b>"
                row["faction_gaining"] = "<i>SNA</i>"
            if row["record_id"] == "control-019":  # Hama: a capital, in the body with its notes
                row["notes"] = "<script>alert('x')</script>"
            writer.writerow(row)
    render(tmp_path / "out", ("control_path", hostile), ("front_faction", "SNA"), to="ipynb,html")
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "<b>x</b>" not in html and "<script>alert" not in html and "<i>SNA</i>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(" in html and "&lt;i&gt;SNA&lt;/i&gt;" in html


def test_the_arabic_report_names_factions_governorates_and_dates_in_arabic(tmp_path):
    """`-p language ar`: the tables' headers, the faction names of the bundled data (one table,
    factions.yaml) and the governorates (the gazetteer's Arabic names) are Arabic, and no chart
    writes an English month (strftime did)."""
    render(tmp_path, ("language", "ar"), to="html")
    html = (tmp_path / "territorial_control_2024-11-27_2024-12-31_ar.html").read_text(
        encoding="utf-8"
    )
    headers = {re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html)}
    assert {"المكان", "المحافظة", "سيطر عليه", "خسره", "الدور"} <= headers
    assert not {"Place", "Governorate", "Gained by", "Lost by", "Role"} & headers
    cells = {
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    }
    rows = bundled_changes("2024-11-27", "2024-12-31")
    gaining = {r["faction_gaining"] for r in rows if r["faction_gaining"]}
    assert {factions.ARABIC_NAMES[name] for name in gaining} <= cells
    assert not gaining & cells
    governorates = {r["admin1_name"] for r in rows}
    assert "Deir-ez-Zor" in governorates and "Deir-ez-Zor" not in cells
    assert {"دير الزور", "حلب", "حمص"} <= cells
    charts = " ".join(
        base64.b64decode(data).decode("utf-8")
        for data in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    )
    assert charts.count("كانون الأول") >= 3
    assert not re.search(r"\b(Nov|Dec|Jan|Feb|Aug|Sep)\b", re.sub(r"<[^>]+>", " ", charts))
