"""Vector layers as publishers ship them: GeoJSON, zipped shapefiles and GeoPackages.

One job: from a path, the layers it holds, their field names and their features, read with
pyogrio (GDAL) rather than by hand. :mod:`analysis.data.boundaries` then decides what the
features mean (which governorate or district each one is).

- GeoJSON (``.geojson``/``.json``): one layer. Its structure is checked first with the json
  module only to say precisely what is wrong with a broken file (not JSON, truncated, not a
  FeatureCollection, a feature without properties), which GDAL would not; the values are then
  read by pyogrio. A feature's place is ``features[3]``, as in the file.
- A zip of shapefiles (``.shp`` with ``.shx``, ``.dbf``, ``.prj``, ``.cpg``): each ``.shp`` is
  a layer, named by its file name without ``.shp`` (OCHA's ``..._SHP.zip`` holds one per
  administrative level). A feature's place is its record number in the layer.
- A GeoPackage (``.gpkg``): each table is a layer (OCHA's holds every level in one file).

Dates come back as pandas timestamps (GeoJSON, GeoPackage) or text (shapefile fields written as
text); :func:`as_date` reads both.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError

from analysis.data.csvio import check_file
from analysis.errors import DataValidationError

GEOJSON_SUFFIXES = (".geojson", ".json")
SUFFIXES = (*GEOJSON_SUFFIXES, ".zip", ".gpkg")
_SQLITE = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Layer:
    """One layer of a file: its features' fields (``frame``, one row per feature in the file's
    order, geometries as shapely objects) and how messages name a feature and a field."""

    path: Path
    name: str
    frame: gpd.GeoDataFrame
    geojson: bool

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c for c in self.frame.columns if c != "geometry")

    def feature(self, index: int) -> str:
        """``path: features[3]`` (GeoJSON) or ``path: layer 'adm2', feature 3``."""
        if self.geojson:
            return f"{self.path}: features[{index}]"
        return f"{self.path}: layer {self.name!r}, feature {index}"

    def field(self, index: int, name: str) -> str:
        """``path: features[3].properties.adm1_pcode`` or ``..., feature 3, field adm1_pcode``."""
        if self.geojson:
            return f"{self.feature(index)}.properties.{name}"
        return f"{self.feature(index)}, field {name}"

    def rows(self) -> list[tuple[int, dict, object]]:
        """(index, properties with missing values as None, geometry or None) per feature."""
        props = pd.DataFrame(self.frame.drop(columns="geometry")).astype(object)
        props = props.where(props.notna(), None)
        records = props.to_dict("records")
        geoms = list(self.frame.geometry)
        return [(i, records[i], geoms[i]) for i in range(len(records))]


def kind(path: Path) -> str:
    """``"geojson"``, ``"shapefile_zip"``, ``"geopackage"`` or ``""`` (not a vector layer file)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in GEOJSON_SUFFIXES:
        return "geojson"
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return ""
    if head.startswith(_SQLITE):
        return "geopackage" if suffix == ".gpkg" else ""
    if head.startswith(b"PK") and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n.lower() for n in archive.namelist()]
        return "shapefile_zip" if any(n.endswith(".shp") for n in names) else ""
    return ""


def layer_fields(path: Path) -> dict[str, frozenset[str]]:
    """Each layer's field names (for detection), without reading the features."""
    path = Path(path)
    stat = path.stat()
    return _layer_fields(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _layer_fields(path: str, mtime_ns: int, size: int) -> dict[str, frozenset[str]]:
    found: dict[str, frozenset[str]] = {}
    for name in layer_names(Path(path)):
        info = pyogrio.read_info(path, layer=name)
        found[name] = frozenset(str(f) for f in info["fields"])
    return found


def layer_names(path: Path) -> list[str]:
    """The layers of ``path`` that may hold areas (polygons, or geometries of mixed or unknown
    type, as a GeoJSON may have); line and point layers (OCHA's boundary lines) are left out."""
    try:
        listed = pyogrio.list_layers(str(path))
    except (DataSourceError, DataLayerError) as exc:
        raise DataValidationError(
            f"{path}: cannot be read as a {_what(path)} ({_short(exc)}). Download or export it "
            "again."
        ) from None
    return [
        str(name)
        for name, geometry in listed
        if geometry is None or ("Point" not in str(geometry) and "Line" not in str(geometry))
    ]


def read_layer(path: Path, name: str | None = None) -> Layer:
    """The features of layer ``name`` of ``path`` (its only or first area layer by default)."""
    path = Path(path)
    check_file(path)
    geojson = kind(path) == "geojson"
    if geojson:
        check_geojson(path)
    names = layer_names(path)
    if not names:
        raise DataValidationError(
            f"{path}: holds no layer of areas (only lines or points). Give the polygon layer "
            "of the administrative boundaries."
        )
    name = names[0] if name is None else name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pyogrio.read_dataframe(str(path), layer=name)
    except (DataSourceError, DataLayerError) as exc:
        raise DataValidationError(
            f"{path}: layer {name!r} cannot be read ({_short(exc)}). Download or export it again."
        ) from None
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    return Layer(path=path, name=name, frame=frame, geojson=geojson)


def as_date(value: object) -> dt.date | None:
    """A date from a field value (a timestamp, ``2020-12-17``, ``2020/12/17 00:00:00+00``);
    None when missing or unreadable. Null dates that GIS software writes as 1899-12-30 or
    1899-11-30 are missing too."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    try:
        stamp = pd.Timestamp(str(value).replace("/", "-")) if isinstance(value, str) else value
        stamp = pd.Timestamp(stamp)
    except (ValueError, TypeError):
        return None
    if pd.isna(stamp) or stamp.year < 1900:
        return None
    return stamp.date()


# ---------------------------------------------------------------------------------------------
# GeoJSON structure, checked before GDAL reads it (precise messages for broken files)


def check_geojson(path: Path) -> None:
    """Refuse, with a sentence, GeoJSON text that is not JSON, is truncated, is not a
    FeatureCollection, has no features, or has a feature without properties."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataValidationError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}), so not "
            "GeoJSON. Point to the .geojson file itself, a zipped shapefile or a GeoPackage."
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
            "level. Export the layer as a GeoJSON FeatureCollection (one feature per area)."
        )
    features = doc.get("features")
    if not isinstance(features, list):
        raise DataValidationError(
            f"{path}: the FeatureCollection has no 'features' list. Export the layer again."
        )
    if not features:
        raise DataValidationError(
            f"{path}: the FeatureCollection has no features (0 areas). Export the layer "
            "again or point to another file."
        )
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise DataValidationError(
                f"{path}: features[{index}] is not a GeoJSON Feature. Export the layer again."
            )
        if not isinstance(feature.get("properties"), Mapping):
            raise DataValidationError(
                f"{path}: features[{index}] has no properties, so its area is unknown. "
                "Export the layer with its attributes."
            )


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
    found = doc.get("type")
    if isinstance(found, str) and found in _GEOJSON_TYPES:
        return f"a GeoJSON {found}"
    return "a JSON object that is not GeoJSON (no FeatureCollection type)"


def _what(path: Path) -> str:
    return {
        "geojson": "GeoJSON file",
        "shapefile_zip": "zipped shapefile",
        "geopackage": "GeoPackage",
    }.get(kind(path), "vector layer file")


def _short(exc: Exception) -> str:
    """GDAL's message without the path it repeats."""
    return str(exc).splitlines()[0][:200]
