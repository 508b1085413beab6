"""Build the gazetteer of Syria's 62 districts (admin level 2) from HDX HAPI and ACLED on HDX.

    python scripts/build_districts.py [--hapi FILE] [--acled FILE]

Writes ``data/gazetteer/districts.csv`` and its sidecar ``districts.provenance.yaml`` (read by
:mod:`analysis.gazetteer`). Rerunning it on the same files writes the same bytes.

How the table is derived
------------------------
1. ``--hapi``: an HDX HAPI ``conflict_event`` CSV with Syria's rows (UTF-8, BOM or not; the HXL
   row, if any, is skipped). Each admin2 row gives ``admin2_code`` (OCHA's P-code, SY0204),
   ``admin2_name`` (OCHA's English name, as HAPI takes it from the COD-AB: "A'zaz"),
   ``admin1_code`` (the governorate's P-code) and ``provider_admin2_name`` (ACLED's spelling,
   "Azaz").
2. ``--acled``: one of ACLED's monthly aggregates by admin2 on HDX (columns ``Admin2``,
   ``Admin2 Pcode``, ``Admin1 Pcode``): its ``Admin2`` spelling of each P-code.
3. One row per P-code, in P-code order: ``admin2_pcode``, ``admin2_name`` (OCHA's),
   ``admin1_pcode``, ``admin2_name_ar`` (empty: no public source this build can cite gives the
   districts' Arabic names; an OCHA COD-AB admin2 file gives them when a report reads one, in
   ``adm2_name1``/``ADM2_AR``), and ``aliases``, the other spellings (ACLED's, HAPI's provider
   names), semicolon-separated, without OCHA's own.
Both files must name the same 62 P-codes with the same governorates, else the build stops.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from analysis.data.provenance import Provenance, write_provenance
from analysis.errors import AnalysisError
from analysis.files import sha256_file

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "data" / "gazetteer" / "districts.csv"
REALDATA = REPO.parent / "shared" / "realdata" / "acled_hdx_aggregates_syria_2025_01"
HAPI = REALDATA / "hdx_hapi_conflict_event_SYR_2025-01.csv"
ACLED = (
    REALDATA / "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv"
)
COLUMNS = ("admin2_pcode", "admin2_name", "admin1_pcode", "admin2_name_ar", "aliases")
DISTRICTS = 62


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if not any(v.startswith("#") for v in r.values() if v)]


def build(hapi: Path, acled: Path) -> list[dict[str, str]]:
    districts: dict[str, dict] = {}
    for row in _rows(hapi):
        if row.get("location_code", "SYR") != "SYR" or not row.get("admin2_code"):
            continue
        entry = districts.setdefault(
            row["admin2_code"],
            {
                "admin2_pcode": row["admin2_code"],
                "admin2_name": row["admin2_name"],
                "admin1_pcode": row["admin1_code"],
                "spellings": [],
            },
        )
        if (entry["admin2_name"], entry["admin1_pcode"]) != (
            row["admin2_name"],
            row["admin1_code"],
        ):
            raise AnalysisError(f"{hapi}: {row['admin2_code']} is named or placed two ways.")
        entry["spellings"].append(row["provider_admin2_name"])
    for row in _rows(acled):
        pcode = row["Admin2 Pcode"]
        if pcode not in districts or districts[pcode]["admin1_pcode"] != row["Admin1 Pcode"]:
            raise AnalysisError(f"{acled}: {pcode} is not a district of HAPI's file.")
        districts[pcode]["spellings"].append(row["Admin2"])
    if len(districts) != DISTRICTS:
        raise AnalysisError(f"{hapi}: {len(districts)} districts, not {DISTRICTS}.")
    table = []
    for pcode in sorted(districts):
        entry = districts[pcode]
        aliases = [s for s in dict.fromkeys(entry["spellings"]) if s and s != entry["admin2_name"]]
        table.append(
            {
                "admin2_pcode": pcode,
                "admin2_name": entry["admin2_name"],
                "admin1_pcode": entry["admin1_pcode"],
                "admin2_name_ar": "",
                "aliases": ";".join(aliases),
            }
        )
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hapi", type=Path, default=HAPI)
    parser.add_argument("--acled", type=Path, default=ACLED)
    args = parser.parse_args(argv)
    table = build(args.hapi, args.acled)
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    meta = Provenance(
        title="Gazetteer of the 62 districts of Syria (admin level 2)",
        producer="syria-sitrep contributors",
        as_of="2025-01-31",
        urls=[
            "https://data.humdata.org/dataset/cod-ab-syr",
            "https://hapi.humdata.org/docs",
            "https://github.com/OCHA-DAP/hdx-scraper-acled",
        ],
        licence="CC BY 4.0 (compilation); the P-codes and names are OCHA's, CC BY 3.0 IGO",
        citation="OCHA/UNCS Syrian Arab Republic Subnational Administrative Boundaries (COD-AB), "
        "as used by HDX HAPI; ACLED's spellings from its admin2 aggregates on HDX; compiled by "
        "syria-sitrep.",
        sha256=sha256_file(OUTPUT),
        description=(
            "Built by scripts/build_districts.py from the HDX HAPI conflict_event file for Syria, "
            "January 2025 (hdx_hapi_conflict_event_SYR_2025-01.csv: admin2_code, admin2_name, "
            "admin1_code, provider_admin2_name) and ACLED's political violence aggregates by "
            "admin2 on HDX (as of 2025-01-10: Admin2, Admin2 Pcode), both copied from the test "
            "fixtures of OCHA-DAP/hdx-scraper-acled at commit "
            "e5dd3f64cf080e208f97ed565875e72cccd3f38c. admin2_name is OCHA's English name as "
            "HAPI gives it; aliases are ACLED's spellings where they differ. admin2_name_ar is "
            "empty: no public source this build could cite gave the districts' Arabic names; "
            "an OCHA COD-AB admin2 file read by a report gives its own (adm2_name1 or ADM2_AR)."
        ),
        districts=len(table),
        sources={
            "hapi": {"file": args.hapi.name, "sha256": sha256_file(args.hapi)},
            "acled_hdx": {"file": args.acled.name, "sha256": sha256_file(args.acled)},
        },
    )
    write_provenance(OUTPUT, meta)
    print(f"wrote {OUTPUT} ({len(table)} districts, sha256 {sha256_file(OUTPUT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
