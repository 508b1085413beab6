"""OCHA COD-AB as published today: lower- and upper-case fields, GeoJSON, zipped shapefiles and
GeoPackages, admin1 and admin2, and the date the boundaries are valid on.

Files are written from the bundled map's governorates with pyogrio (tests/cod_ab.py); the admin2
layers are SYNTHETIC (each governorate cut into vertical strips, one per real district P-code),
since no real district boundaries are reachable here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from analysis import data, gazetteer, i18n
from analysis.data import boundaries
from analysis.data.boundaries import (
    map_boundaries,
    point_in_district,
    read_boundaries,
    read_districts,
    valid_on,
)
from analysis.data.schema import BOUNDARY_COLUMNS, DISTRICT_COLUMNS
from analysis.errors import DataValidationError, ParameterError, UnknownGovernorateError
from tests import cod_ab

PCODES = [f"SY{i:02d}" for i in range(1, 15)]
EQUAL_AREA = "EPSG:6933"


@pytest.fixture(scope="module")
def default():
    return boundaries.default_boundaries()


@pytest.fixture(scope="module")
def districts(default):
    return cod_ab.synthetic_districts(default)


@pytest.mark.parametrize("suffix", [".geojson", ".zip", ".gpkg"])
@pytest.mark.parametrize("upper", [False, True], ids=["current", "older"])
def test_admin1_in_each_container_and_case_reads_the_same(tmp_path, default, suffix, upper):
    path = cod_ab.write(
        tmp_path / f"syr_admbnda_adm1{suffix}",
        {"syr_admbnda_adm1": cod_ab.admin1_frame(default, upper=upper)},
    )
    assert data.detect(path).name == "ocha_cod_ab"
    frame = read_boundaries(path)
    assert list(frame.columns) == list(BOUNDARY_COLUMNS)
    assert frame["admin1_pcode"].tolist() == PCODES
    assert frame["admin1_name_ar"].tolist() == default["admin1_name_ar"].tolist()
    assert valid_on(frame) == dt.date(2020, 12, 17)
    ratio = frame.to_crs(EQUAL_AREA).area / default.to_crs(EQUAL_AREA).area
    assert ((ratio - 1).abs() < 1e-4).all()


@pytest.mark.parametrize("suffix", [".geojson", ".zip", ".gpkg"])
@pytest.mark.parametrize("upper", [False, True], ids=["current", "older"])
def test_admin2_gives_districts_and_dissolved_governorates(tmp_path, default, suffix, upper):
    layer = cod_ab.synthetic_districts(default, upper=upper)
    path = cod_ab.write(tmp_path / f"syr_admbnda_adm2{suffix}", {"syr_admbnda_adm2": layer})
    found = read_districts(path)
    assert list(found.columns) == list(DISTRICT_COLUMNS)
    assert len(found) == 62
    assert found["admin2_pcode"].tolist() == sorted(d.pcode for d in gazetteer.districts())
    assert (found["admin2_pcode"].str[:4] == found["admin1_pcode"]).all()
    assert found.set_index("admin2_pcode").loc["SY0204", "admin2_name"] == "A'zaz"
    assert str(found["admin2_pcode"].dtype) == "string"
    assert valid_on(found) == dt.date(2020, 12, 17)
    # Governorates from districts only: each the union of its districts, so the same area.
    governorates = read_boundaries(path)
    assert governorates["admin1_pcode"].tolist() == PCODES
    assert valid_on(governorates) == dt.date(2020, 12, 17)
    ratio = governorates.to_crs(EQUAL_AREA).area / default.to_crs(EQUAL_AREA).area
    assert ((ratio - 1).abs() < 1e-4).all()


def test_one_geopackage_with_both_levels(tmp_path, default, districts):
    path = cod_ab.write(
        tmp_path / "syr_adm_uncs_unocha.gpkg",
        {"syr_admbnda_adm1": cod_ab.admin1_frame(default), "syr_admbnda_adm2": districts},
    )
    assert len(read_boundaries(path)) == 14
    assert len(read_districts(path)) == 62
    assert boundaries.describe(path) == {"valid_on": "2020-12-17", "districts": 62}


def test_districts_arabic_names_come_from_the_file_when_the_gazetteer_has_none(tmp_path, default):
    layer = cod_ab.synthetic_districts(default, arabic={"SY0100": "دمشق"})
    path = cod_ab.write(tmp_path / "adm2.geojson", {"adm2": layer})
    names = read_districts(path).set_index("admin2_pcode")["admin2_name_ar"]
    assert names["SY0100"] == "دمشق"
    assert names["SY0204"] == ""


def test_point_in_district_places_each_district_point_in_it(tmp_path, default, districts):
    path = cod_ab.write(tmp_path / "adm2.gpkg", {"adm2": districts})
    found = read_districts(path)
    points = found.representative_point()
    assert point_in_district(points.y, points.x, found).tolist() == found["admin2_pcode"].tolist()
    outside = point_in_district([33.89, None], [35.50, 36.0], found)  # Beirut, no latitude
    assert outside.isna().all() and outside.name == "admin2_pcode"
    with pytest.raises(ParameterError, match="admin2_pcode"):
        point_in_district([36.2], [37.16], default)


def test_map_attribution_states_the_valid_on_date(tmp_path, default):
    path = cod_ab.write(tmp_path / "adm1.gpkg", {"adm1": cod_ab.admin1_frame(default)})
    _, shown = map_boundaries(path)
    assert shown == "OCHA COD-AB admin-1 boundaries, valid on 17 December 2020"
    assert map_boundaries(None)[1] == "Natural Earth admin-1 (bundled map)"  # no date known
    no_date = cod_ab.admin1_frame(default).drop(columns="valid_on")
    _, shown = map_boundaries(cod_ab.write(tmp_path / "nodate.gpkg", {"adm1": no_date}))
    assert shown == "OCHA COD-AB admin-1 boundaries"
    assert boundaries.attribution("X", dt.date(2020, 12, 17)).endswith("17 December 2020")
    with i18n.editing("ar"):
        assert "2020" in boundaries.attribution("X", dt.date(2020, 12, 17))


# ---------------------------------------------------------------------------------------------
# Refusals: one line naming the file, the layer and feature, the field, and what to do


def test_unknown_district_pcode_is_refused(tmp_path, default, districts):
    layer = districts.copy()
    layer.loc[3, "adm2_pcode"] = "SY0299"
    path = cod_ab.write(tmp_path / "bad.zip", {"adm2": layer})
    with pytest.raises(UnknownGovernorateError) as err:
        read_districts(path)
    message = str(err.value)
    assert "bad.zip: layer 'adm2', feature 3, field adm2_pcode is 'SY0299'" in message
    assert "districts.csv" in message and "\n" not in message


def test_district_in_the_wrong_governorate_is_refused(tmp_path, districts):
    layer = districts.copy()
    layer.loc[0, "adm1_pcode"] = "SY02"  # SY0100 Damascus lies in SY01
    path = cod_ab.write(tmp_path / "parent.geojson", {"adm2": layer})
    with pytest.raises(DataValidationError) as err:
        read_districts(path)
    assert "features[0].properties.adm1_pcode is 'SY02'" in str(err.value)
    assert "Damascus (SY01)" in str(err.value)


def test_district_code_and_name_that_disagree_are_refused(tmp_path, districts):
    layer = districts.copy()
    row = layer.index[layer["adm2_pcode"] == "SY0204"][0]
    layer.loc[row, "adm2_name"] = "Afrin"  # SY0203
    with pytest.raises(DataValidationError) as err:
        read_districts(cod_ab.write(tmp_path / "swap.gpkg", {"adm2": layer}))
    assert "is 'SY0204' (A'zaz) but adm2_name is 'Afrin' (Afrin, SY0203)" in str(err.value)


def test_missing_districts_need_allow_partial(tmp_path, districts):
    path = cod_ab.write(tmp_path / "part.geojson", {"adm2": districts.iloc[:60]})
    with pytest.raises(DataValidationError) as err:
        read_districts(path)
    assert "2 of 62 districts have no feature" in str(err.value)
    assert "Al Fiq (SY1402)" in str(err.value)
    assert len(read_districts(path, allow_partial=True)) == 60


def test_districts_from_a_governorate_file_are_refused(tmp_path, default):
    path = cod_ab.write(tmp_path / "adm1.zip", {"adm1": cod_ab.admin1_frame(default)})
    with pytest.raises(DataValidationError, match=r"has no district \(admin2\) layer"):
        read_districts(path)
    with pytest.raises(DataValidationError, match="governorates only"):
        read_districts(boundaries.bundled(*boundaries.DEFAULT_FILE))


def test_missing_pcode_field_names_the_field_of_the_current_specification(tmp_path, default):
    frame = cod_ab.admin1_frame(default)
    frame.loc[2, "adm1_pcode"] = None
    with pytest.raises(DataValidationError) as err:
        read_boundaries(cod_ab.write(tmp_path / "nocode.gpkg", {"adm1": frame}))
    assert "nocode.gpkg: layer 'adm1', feature 2, field adm1_pcode is missing" in str(err.value)


def test_a_zip_or_geopackage_of_no_known_layout_is_refused(tmp_path, default):
    other = default[["geometry"]].assign(name=default["admin1_name"])
    path = cod_ab.write(tmp_path / "other.zip", {"other": other})
    with pytest.raises(DataValidationError) as err:
        read_boundaries(path)
    assert "zipped shapefile or GeoPackage with no layer of a known layout" in str(err.value)


# ---------------------------------------------------------------------------------------------
# The gazetteer's districts


def test_gazetteer_has_62_districts_in_14_governorates():
    found = gazetteer.districts()
    assert len(found) == 62 and len({d.pcode for d in found}) == 62
    assert {d.admin1_pcode for d in found} == set(PCODES)
    by_gov = {p: sum(d.admin1_pcode == p for d in found) for p in PCODES}
    assert by_gov["SY02"] == 8 and by_gov["SY01"] == 1 and by_gov["SY14"] == 2


@pytest.mark.parametrize(
    ("name", "admin1", "pcode"),
    [
        ("A'zaz", None, "SY0204"),
        ("Azaz", "SY02", "SY0204"),  # ACLED's spelling
        ("Jisr Ash Shugur", None, "SY0704"),
        ("jisr-ash-shugur", "SY07", "SY0704"),
        ("sy1402", None, "SY1402"),
        ("Azaz", "SY03", None),  # not a district of Rural Damascus
        ("Nowhere", None, None),
    ],
)
def test_district_lookup(name, admin1, pcode):
    assert gazetteer.lookup_district(name, admin1) == pcode


def test_district_shown_name_falls_back_to_english_without_an_arabic_name():
    azaz = gazetteer.district_by_pcode()["SY0204"]
    with i18n.editing("ar"):
        assert azaz.shown == ("A'zaz" if not azaz.name_ar else azaz.name_ar)
    assert gazetteer.closest_districts("Azzaz")[0] == "A'zaz (SY0204)"
