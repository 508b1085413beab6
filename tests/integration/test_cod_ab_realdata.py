"""OCHA COD-AB variants built from the real admin1 file (../shared/realdata/ocha_cod_ab_syr):
the current specification's lower-case fields, a zipped shapefile and a GeoPackage, written with
pyogrio; a SYNTHETIC admin2 layer (each real governorate polygon cut into vertical strips, one
per real district P-code: no real district boundaries are reachable here); and the gazetteer's
districts against HDX HAPI and ACLED's aggregates (../shared/realdata/acled_hdx_aggregates_...),
read independently with the csv module. Tests skip without the files (fail under CI).
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from analysis import data, gazetteer
from analysis.data.boundaries import (
    map_boundaries,
    point_in_district,
    point_in_governorate,
    read_boundaries,
    read_districts,
    valid_on,
)
from tests import cod_ab

pytestmark = pytest.mark.realdata

EQUAL_AREA = "EPSG:6933"
PCODES = [f"SY{i:02d}" for i in range(1, 15)]


@pytest.fixture
def ocha_path(realdata):
    return realdata("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson")


@pytest.fixture
def real(ocha_path):
    return read_boundaries(ocha_path)


def test_the_real_file_is_valid_on_17_december_2020(ocha_path, real):
    raw = json.loads(ocha_path.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["validOn"][:10] for f in raw} == {"2020-12-17"}
    assert valid_on(real) == dt.date(2020, 12, 17)
    shapes, attribution = map_boundaries(ocha_path)
    assert attribution == "OCHA COD-AB admin-1 boundaries, valid on 17 December 2020"
    assert len(shapes) == 14


@pytest.mark.parametrize("suffix", [".geojson", ".zip", ".gpkg"])
def test_current_specification_variants_read_like_the_real_file(tmp_path, real, suffix):
    layer = cod_ab.admin1_frame(real)
    path = cod_ab.write(tmp_path / f"syr_admbnda_adm1_uncs_unocha{suffix}", {"adm1": layer})
    assert data.detect(path).name == "ocha_cod_ab"
    frame = read_boundaries(path)
    assert frame["admin1_pcode"].tolist() == PCODES
    assert frame["admin1_name"].tolist() == real["admin1_name"].tolist()
    assert valid_on(frame) == dt.date(2020, 12, 17)
    # Same shapes (a shapefile may reverse rings, a GeoPackage hold them as MultiPolygons).
    for ours, theirs in zip(frame.geometry, real.geometry, strict=True):
        assert ours.symmetric_difference(theirs).area / theirs.area < 1e-9


def test_synthetic_districts_of_the_real_governorates(tmp_path, real):
    """SYNTHETIC admin2 (strips of the real governorates labelled with real district P-codes):
    a zipped shapefile of districts gives 62 districts and, dissolved, the real governorates."""
    path = cod_ab.write(
        tmp_path / "syr_admbnda_adm2.zip", {"adm2": cod_ab.synthetic_districts(real)}
    )
    districts = read_districts(path)
    assert len(districts) == 62
    assert districts.groupby("admin1_pcode").size().sum() == 62
    governorates = read_boundaries(path).to_crs(EQUAL_AREA).set_index("admin1_pcode")
    expected = real.to_crs(EQUAL_AREA).set_index("admin1_pcode")
    ratio = governorates.area / expected.area
    assert ((ratio - 1).abs() < 1e-4).all(), ratio
    # A point is in a district of the governorate that holds it.
    points = districts.representative_point()
    in_district = point_in_district(points.y, points.x, districts)
    in_governorate = point_in_governorate(points.y, points.x, real)
    assert in_district.tolist() == districts["admin2_pcode"].tolist()
    assert in_district.str[:4].tolist() == in_governorate.tolist()


def test_gazetteer_districts_are_hapis_and_acleds(realdata):
    """Every district P-code, name and governorate as HDX HAPI gives them; ACLED's spellings of
    its aggregates on HDX are known aliases of the same P-code."""
    folder = "acled_hdx_aggregates_syria_2025_01"
    hapi = realdata(folder, "hdx_hapi_conflict_event_SYR_2025-01.csv")
    with hapi.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["admin2_code"]: r for r in csv.DictReader(handle)}
    known = gazetteer.district_by_pcode()
    assert sorted(rows) == sorted(known)
    for pcode, row in rows.items():
        assert (known[pcode].name, known[pcode].admin1_pcode) == (
            row["admin2_name"],
            row["admin1_code"],
        )
        assert gazetteer.lookup_district(row["provider_admin2_name"], row["admin1_code"]) == pcode
    acled = realdata(
        folder,
        "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv",
    )
    with acled.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            assert (
                gazetteer.lookup_district(row["Admin2"], row["Admin1 Pcode"]) == row["Admin2 Pcode"]
            )


def test_districts_csv_matches_its_provenance():
    from analysis.data.provenance import read_provenance
    from analysis.files import sha256_file
    from analysis.paths import bundled

    path = bundled("gazetteer", "districts.csv")
    meta = read_provenance(path)
    assert meta.sha256 == sha256_file(path)
    assert meta.model_extra["districts"] == 62
