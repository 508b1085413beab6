"""Test variants of OCHA COD-AB boundary files, written with the reader's own library (pyogrio).

- :func:`admin1_frame`: governorate polygons with the current specification's lower-case fields
  (``adm1_pcode``, ``adm1_name``, ``adm1_name1``, ``valid_on``, ...) or the older upper-case ones
  (``ADM1_PCODE``, ``ADM1_EN``, ``ADM1_AR``, ``validOn``).
- :func:`synthetic_districts`: a SYNTHETIC admin2 layer. No real district boundaries of Syria
  could be reached from this machine, so each governorate polygon given is cut into as many
  vertical strips as the gazetteer lists districts for it, and each strip is labelled with one of
  those districts' real P-codes and OCHA names. The strips are not the districts' shapes; the
  union of a governorate's strips is exactly its polygon, which is what the tests rely on.
- :func:`write`: one frame (or several layers) as GeoJSON, a zip of shapefiles
  (.shp/.shx/.dbf/.prj/.cpg) or a GeoPackage.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from shapely.geometry import box

from analysis import gazetteer

VALID_ON = dt.date(2020, 12, 17)
UPPER = {"pcode": "PCODE", "name": "EN", "name1": "AR"}


def admin1_frame(governorates: gpd.GeoDataFrame, *, upper: bool = False) -> gpd.GeoDataFrame:
    """COD-AB admin1 fields for ``governorates`` (a frame with ``admin1_pcode`` and geometry)."""
    govs = gazetteer.by_pcode()
    pcodes = list(governorates["admin1_pcode"])
    columns = {
        "adm1_pcode": pcodes,
        "adm1_name": [govs[p].name for p in pcodes],
        "adm1_name1": [govs[p].name_ar for p in pcodes],
        "adm0_pcode": ["SY"] * len(pcodes),
        "valid_on": [VALID_ON] * len(pcodes),
        "version": ["v02"] * len(pcodes),
    }
    frame = gpd.GeoDataFrame(columns, geometry=list(governorates.geometry), crs="EPSG:4326")
    return _upper(frame) if upper else frame


def synthetic_districts(
    governorates: gpd.GeoDataFrame, *, upper: bool = False, arabic: dict | None = None
) -> gpd.GeoDataFrame:
    """SYNTHETIC districts: each governorate cut into vertical strips (see the module)."""
    rows = []
    for pcode, geom in zip(governorates["admin1_pcode"], governorates.geometry, strict=True):
        districts = [d for d in gazetteer.districts() if d.admin1_pcode == pcode]
        for district, strip in zip(districts, _strips(geom, len(districts)), strict=True):
            rows.append(
                {
                    "adm2_pcode": district.pcode,
                    "adm2_name": district.name,
                    "adm2_name1": (arabic or {}).get(district.pcode, ""),
                    "adm1_pcode": pcode,
                    "adm1_name": gazetteer.by_pcode()[pcode].name,
                    "adm0_pcode": "SY",
                    "valid_on": VALID_ON,
                    "geometry": strip,
                }
            )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return _upper(frame) if upper else frame


def _strips(geom, n: int) -> list:
    """``geom`` cut into ``n`` non-empty vertical strips whose union is ``geom``: equal-width
    strips of its largest part (connected, so each strip holds some of it), the other parts
    (islands, enclaves) joined to the first strip."""
    parts = sorted(shapely.get_parts(geom), key=lambda p: p.area, reverse=True)
    main, rest = parts[0], parts[1:]
    minx, miny, maxx, maxy = main.bounds
    width = (maxx - minx) / n
    strips = []
    for i in range(n):
        left = minx if i == 0 else minx + i * width
        right = maxx + 1 if i == n - 1 else minx + (i + 1) * width
        cell = box(left - (1 if i == 0 else 0), miny - 1, right, maxy + 1)
        strips.append(main.intersection(cell))
    if rest:
        strips[0] = shapely.union_all([strips[0], *rest])
    return [shapely.make_valid(s) for s in strips]


def _upper(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The older release's field names: ADM1_PCODE, ADM1_EN, ADM1_AR, validOn."""
    renamed = {}
    for column in frame.columns:
        if column.startswith("adm") and "_" in column:
            level, what = column.split("_", 1)
            renamed[column] = f"{level.upper()}_{UPPER.get(what, what.upper())}"
    renamed["valid_on"] = "validOn"
    return frame.rename(columns=renamed)


def write(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> Path:
    """``layers`` (name -> frame) as ``path``: .geojson (one layer), .gpkg, or .zip of
    shapefiles."""
    path = Path(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # dates written as text in a .dbf
        if path.suffix == ".geojson":
            ((_, frame),) = layers.items()
            frame = frame.assign(**_dates_as_text(frame))
            pyogrio.write_dataframe(frame, path, driver="GeoJSON")
        elif path.suffix == ".gpkg":
            for name, frame in layers.items():
                pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG", append=True)
        elif path.suffix == ".zip":
            folder = path.with_suffix("")
            folder.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(path, "w") as archive:
                for name, frame in layers.items():
                    shp = folder / f"{name}.shp"
                    pyogrio.write_dataframe(frame, shp, driver="ESRI Shapefile", encoding="UTF-8")
                    for part in sorted(folder.glob(f"{name}.*")):
                        archive.write(part, part.name)
        else:
            raise ValueError(path)
    return path


def _dates_as_text(frame: gpd.GeoDataFrame) -> dict:
    return {
        c: frame[c].map(lambda d: d.isoformat() if isinstance(d, dt.date) else d)
        for c in frame.columns
        if c in ("valid_on", "validOn")
    }
