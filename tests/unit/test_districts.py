"""Events and deaths by district in a governorate's report (issue 19, section 2).

Districts are SYNTHETIC (tests/cod_ab.py: each governorate cut into vertical strips, one per
real district P-code; no real district boundaries are reachable here). Totals are checked
against independent counts: UCDP events placed with the csv module and shapely on the strips
read back from the file with the json module, HAPI's monthly counts summed from its rows.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box, shape

from analysis import data
from analysis.data import boundaries
from analysis.data.boundaries import district_boundaries, has_districts, read_districts
from analysis.errors import DataValidationError
from analysis.metrics.casualties import aggregates
from analysis.metrics.casualties import districts as metrics
from analysis.metrics.results import Period
from analysis.sections import casualties as section
from tests import cod_ab
from tests.said import read

UCDP = ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
HAPI = ("acled_hdx_aggregates_syria_2025_01", "hdx_hapi_conflict_event_SYR_2025-01.csv")
OCHA = ("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson")
Q1_2017 = Period.of("2017-01-01", "2017-03-31")


def _event(event_id, precision, lat, lon, deaths):
    return {
        "event_id": event_id,
        "date_earliest": pd.Timestamp("2024-12-02"),
        "date_latest": pd.Timestamp("2024-12-02"),
        "place_precision": precision,
        "latitude": lat,
        "longitude": lon,
        "deaths_best": deaths,
        "deaths_low": pd.NA,
        "deaths_high": pd.NA,
        "admin1_pcode": "SY05",
    }


def test_events_are_placed_by_their_points_and_the_rest_counted_apart():
    """Two square districts of Hama: points inside each, a coarse location, no coordinates and
    a point in neither; the districts and the parts set apart add up to the total."""
    shapes = gpd.GeoDataFrame(
        {
            "admin2_pcode": ["SY0500", "SY0501"],
            "admin2_name": ["Hama", "As-Salamiyeh"],
            "admin2_name_ar": ["", ""],
            "admin1_pcode": ["SY05", "SY05"],
        },
        geometry=[box(36.0, 35.0, 37.0, 36.0), box(37.0, 35.0, 38.0, 36.0)],
        crs="EPSG:4326",
    )
    events = pd.DataFrame(
        [
            _event("a", "exact place", 35.5, 36.5, 4),
            _event("b", "near a place", 35.5, 37.5, 3),
            _event("c", None, 35.2, 37.2, 1),  # a point, no precision given: placed
            _event("d", "district", 35.5, 36.5, 10),  # a district's centroid: apart
            _event("e", "exact place", None, None, 2),  # no coordinates: apart
            _event("f", "exact place", 34.0, 36.5, 7),  # in neither district: apart
        ]
    )
    found = metrics.events_by_district(
        events, shapes, "SY05", Period.of("2024-12-01", "2024-12-08"), "test"
    )
    rows = found.table.set_index("admin2_pcode")
    assert rows.loc["SY0500", ["events", "deaths_best"]].tolist() == [1, 4]
    assert rows.loc["SY0501", ["events", "deaths_best"]].tolist() == [2, 4]
    assert (found.placed.events.value, found.placed.deaths.value) == (3, 8)
    assert (found.imprecise.events.value, found.imprecise.deaths.value) == (2, 12)
    assert (found.outside.events.value, found.outside.deaths.value) == (1, 7)
    assert sum(p.deaths.value for p in found.parts) == events["deaths_best"].sum()
    assert found.imprecise.deaths.key == "deaths_imprecise_location"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Governorates and SYNTHETIC districts of the bundled map in one GeoPackage."""
    default = boundaries.default_boundaries()
    path = tmp_path_factory.mktemp("adm") / "syr_adm_synthetic.gpkg"
    return cod_ab.write(
        path,
        {"adm1": cod_ab.admin1_frame(default), "adm2": cod_ab.synthetic_districts(default)},
    )


def test_only_boundaries_with_districts_give_them(tmp_path, synthetic):
    admin1 = cod_ab.write(
        tmp_path / "adm1.geojson", {"adm1": cod_ab.admin1_frame(boundaries.default_boundaries())}
    )
    assert not has_districts("bundled") and not has_districts(admin1)
    assert district_boundaries(admin1, "SY02") is None
    shapes, drawn, attribution = district_boundaries(synthetic, "SY02")
    assert shapes["admin2_pcode"].str[:4].eq("SY02").all() and len(drawn) == len(shapes) == 8
    assert attribution == "OCHA COD-AB admin-2 boundaries, valid on 17 December 2020"


def _strips_from_json(path):
    """District polygons of a GeoJSON, read with the json module and shapely only."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["adm2_pcode"]: shape(f["geometry"]) for f in features}


def test_ucdp_district_totals_match_an_independent_count(realdata, tmp_path):
    """Aleppo, January to March 2017: every event of the raw file counted as the report counts
    it (whole span inside the period, exact duplicates once), placed with shapely on the
    strips read back from a GeoJSON of the real governorates' SYNTHETIC districts."""
    events_path, ocha = realdata(*UCDP), realdata(*OCHA)
    layer = cod_ab.synthetic_districts(boundaries.read_boundaries(ocha))
    path = cod_ab.write(tmp_path / "syr_admbnda_adm2.geojson", {"adm2": layer})
    strips = {p: g for p, g in _strips_from_json(path).items() if p.startswith("SY02")}
    expected, apart = defaultdict(lambda: [0, 0]), Counter()
    seen = set()
    with events_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            start, end = row["date_start"][:10], row["date_end"][:10]
            if row["id"] in seen or not row["adm_1"].startswith("Aleppo"):
                continue
            if not (start >= "2017-01-01" and end <= "2017-03-31"):
                continue
            seen.add(row["id"])
            deaths = int(row["best"])
            if row["where_prec"] not in ("1", "2") or not row["latitude"]:
                apart["imprecise"] += deaths
                continue
            point = Point(float(row["longitude"]), float(row["latitude"]))
            hits = sorted(p for p, g in strips.items() if g.intersects(point))
            if not hits:
                apart["outside"] += deaths
                continue
            expected[hits[0]][0] += 1
            expected[hits[0]][1] += deaths
    given = data.read(events_path)
    events = given.frame[given.frame["admin1_pcode"] == "SY02"]
    found = metrics.events_by_district(
        events, read_districts(path), "SY02", Q1_2017, given.format.shown_title
    )
    table = found.table.set_index("admin2_pcode")
    assert len(table) == 8 and sum(v[1] for v in expected.values()) > 1000
    for pcode in table.index:
        assert table.loc[pcode, ["events", "deaths_best"]].tolist() == expected.get(pcode, [0, 0])
    assert found.imprecise.deaths.value == apart["imprecise"]
    assert found.outside.deaths.value == apart["outside"]
    assert found.placed.deaths.value == sum(v[1] for v in expected.values())


def test_hapi_district_values_are_the_files_rows_summed(realdata, synthetic):
    path = realdata(*HAPI)
    expected = Counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["event_type"] == "political_violence" and row["admin1_code"] == "SY02":
                expected[row["admin2_code"]] += int(row["fatalities"])
    frame = data.read(path).frame
    by_district = aggregates.by_area(frame[frame["admin1_pcode"] == "SY02"], "admin2")
    values = metrics.aggregate_values(
        by_district, read_districts(synthetic), "SY02", "political_violence_fatalities"
    )
    assert values.to_dict() == dict(expected) and len(values) == 8


def _hapi(tmp_path, realdata, change):
    """The real HAPI file with one cell changed (``change(row) -> row``), as written."""
    source = realdata(*HAPI)
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[1] = change(dict(rows[1]))
    out = tmp_path / "hdx_hapi_conflict_event_SYR_2025-01.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda r: {**r, "admin2_code": "SY0299"}, "not the P-code of one of Syria's 62"),
        (lambda r: {**r, "admin2_code": "SY0700"}, "a district of another governorate"),
    ],
    ids=["unknown", "other-governorate"],
)
def test_an_unknown_district_code_is_refused_in_one_line(tmp_path, realdata, change, said):
    with pytest.raises(DataValidationError) as caught:
        data.read(_hapi(tmp_path, realdata, change))
    message = str(caught.value)
    assert said in message and "line 3" in message and "\n" not in message


def test_governorate_report_with_districts_states_them(realdata, synthetic):
    """The report's section: a district map and the sentence's numbers, which add up with the
    events set apart to the governorate's total; without districts, no such part."""
    common = {
        "casualties_path": str(realdata(*UCDP)),
        "start_date": "2017-01-01",
        "end_date": "2017-03-31",
        "governorate": "Aleppo",
    }
    report = section.load(**common, boundaries_path=str(synthetic))
    made = section.deaths_section(report)
    assert "deaths_district_map" in made.figures
    said = read(made.blocks).sentence("casualties_districts").values
    total = {r.key: r.value for r in section.headlines(report)}["deaths"]
    parts = ("deaths_in_districts", "deaths_imprecise_location", "deaths_outside_districts")
    assert sum(said.get(k, 0) for k in parts) == total
    plain = section.deaths_section(section.load(**common))
    assert "deaths_district_map" not in plain.figures
    assert not read(plain.blocks).says("casualties_districts")
    assert shapely.equals(
        report.districts.shapes.union_all(),
        read_districts(synthetic).query("admin1_pcode == 'SY02'").union_all(),
    )
