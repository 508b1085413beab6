"""Benchmark: read, validate and aggregate 1,000,000 events to daily deaths by governorate.

Compares, on the same generated file and in the same run, each in a fresh process:
  baseline  plain ``pandas.read_csv`` + date parsing + ``groupby([pd.Grouper(freq="D"), admin1])``
  cold      ``analysis.data.read`` (validation, governorate P-codes, content cache write) +
            ``analysis.metrics.time.totals_by_bin(..., "D", by="admin1_pcode")``
  warm      the same call again: served from the content-keyed cache

Peak memory is each process's maximum resident set size (VmHWM, Linux). Results are appended to
benchmarks/RESULTS.md with the machine they ran on. Run with ``make bench``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from machine import describe

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work"

ACLED_ADMIN1 = [
    "Aleppo",
    "Idleb",
    "Hama",
    "Homs",
    "Rural Damascus",
    "Damascus",
    "Dara",
    "Deir ez Zor",
    "Ar Raqqa",
    "Al Hasakeh",
    "Lattakia",
    "Tartous",
    "As Sweida",
    "Quneitra",
]
UCDP_ADM1 = [
    "Aleppo Governorate",
    "Idlib Governorate",
    "Hamah Governorate",
    "Homs Governorate",
    "Rif Dimashq Governorate",
    "Damascus Governorate",
    "Daraa Governorate",
    "Deir ez Zor Governorate",
    "Ar Raqqah Governorate",
    "Al Hasakah Governorate",
    "Latakia Governorate",
    "Tartus Governorate",
    "As Suwayda Governorate",
    "Quneitra Governorate",
]
WORDS = [
    "On",
    "this",
    "date,",
    "clashes",
    "took",
    "place",
    "between",
    "Syrian",
    "regime",
    "forces",
    "and",
    "opposition",
    "fighters",
    "near",
    "the",
    "village,",
    "with",
    "shelling",
    "reported",
    "on",
    "the",
    "outskirts",
    "and",
    "casualties",
    "among",
    "both",
    "sides",
    "according",
    "to",
    "local",
    "sources",
    "and",
    "the",
    "Syrian",
    "Observatory",
    "for",
    "Human",
    "Rights",
]


def _notes(rng: np.random.Generator, n: int, length: int) -> np.ndarray:
    vocab = np.array(WORDS)
    pool = [" ".join(rng.choice(vocab, size=length)) for _ in range(2000)]
    return np.array(pool)[rng.integers(0, len(pool), n)]


def generate(kind: str, rows: int, path: Path, seed: int = 7, span_days: int = 4000) -> None:
    """``rows`` random events of ``kind`` (acled, ucdp) over ``span_days`` days from 2012-01-01."""
    rng = np.random.default_rng(seed)
    days = np.array([dt.date(2012, 1, 1) + dt.timedelta(days=int(i)) for i in range(span_days)])
    pick = rng.integers(0, len(days), rows)
    deaths = rng.poisson(1.6, rows)
    lat = rng.uniform(32.5, 37.2, rows).round(4)
    lon = rng.uniform(35.8, 42.0, rows).round(4)
    gov = rng.integers(0, 14, rows)
    if kind == "acled":
        date_text = np.array([d.strftime("%d %B %Y") for d in days])[pick]
        table = pa.table(
            {
                "event_id_cnty": [f"SYR{i}" for i in range(rows)],
                "event_date": date_text,
                "year": np.array([d.year for d in days])[pick],
                "time_precision": rng.integers(1, 4, rows),
                "disorder_type": np.full(rows, "Political violence"),
                "event_type": np.full(rows, "Battles"),
                "sub_event_type": np.array(
                    [
                        "Armed clash",
                        "Government regains territory",
                        "Non-state actor overtakes territory",
                    ]
                )[rng.choice(3, rows, p=[0.86, 0.07, 0.07])],
                "actor1": np.array(
                    [
                        "Military Forces of Syria (2000-)",
                        "HTS: Hayat Tahrir al Sham",
                        "QSD: Syrian Democratic Forces",
                    ]
                )[rng.integers(0, 3, rows)],
                "assoc_actor_1": np.full(rows, ""),
                "inter1": rng.integers(1, 4, rows),
                "actor2": np.array(["Opposition Rebels (Syria)", "Islamic State (Syria)", ""])[
                    rng.integers(0, 3, rows)
                ],
                "assoc_actor_2": np.full(rows, ""),
                "inter2": rng.integers(1, 4, rows),
                "interaction": rng.integers(10, 40, rows),
                "civilian_targeting": np.full(rows, ""),
                "iso": np.full(rows, 760),
                "region": np.full(rows, "Middle East"),
                "country": np.full(rows, "Syria"),
                "admin1": np.array(ACLED_ADMIN1)[gov],
                "admin2": np.array(ACLED_ADMIN1)[gov],
                "admin3": np.full(rows, ""),
                "location": np.array(["Saraqab", "Al Bab", "Tadef", "Manbij", "Harasta"])[
                    rng.integers(0, 5, rows)
                ],
                "latitude": lat,
                "longitude": lon,
                "geo_precision": rng.integers(1, 4, rows),
                "source": np.array(["SOHR", "Liveuamap", "SANA", "Step News Agency"])[
                    rng.integers(0, 4, rows)
                ],
                "source_scale": np.full(rows, "Other"),
                "notes": _notes(rng, rows, 60),
                "fatalities": deaths,
                "tags": np.full(rows, ""),
                "timestamp": rng.integers(1_600_000_000, 1_690_000_000, rows),
            }
        )
    else:
        low = (deaths * rng.uniform(0.6, 1.0, rows)).astype(int)
        high = deaths + rng.poisson(0.8, rows)
        iso = np.array([d.isoformat() for d in days])[pick]
        table = pa.table(
            {
                "id": np.arange(rows),
                "year": np.array([d.year for d in days])[pick],
                "active_year": np.ones(rows, dtype=int),
                "type_of_violence": rng.integers(1, 4, rows),
                "conflict_new_id": np.full(rows, 299),
                "conflict_name": np.full(rows, "Syria: Government"),
                "dyad_new_id": np.full(rows, 1),
                "dyad_name": np.full(rows, "Government of Syria - Syrian insurgents"),
                "side_a_new_id": np.full(rows, 1),
                "side_a": np.full(rows, "Government of Syria"),
                "side_b_new_id": np.full(rows, 2),
                "gwnob": np.full(rows, ""),
                "side_b": np.full(rows, "Syrian insurgents"),
                "number_of_sources": rng.integers(1, 5, rows),
                "source_article": _notes(rng, rows, 20),
                "source_office": np.full(rows, "SOHR"),
                "source_date": iso,
                "source_headline": _notes(rng, rows, 10),
                "source_original": np.full(rows, "SOHR"),
                "where_prec": rng.integers(1, 6, rows),
                "where_coordinates": np.full(rows, "Aleppo town"),
                "adm_1": np.array(UCDP_ADM1)[gov],
                "adm_2": np.full(rows, ""),
                "latitude": lat,
                "longitude": lon,
                "geom_wkt": np.full(rows, "POINT (37.16 36.2)"),
                "priogrid_gid": rng.integers(1, 9999, rows),
                "country": np.full(rows, "Syria"),
                "country_id": np.full(rows, 652),
                "region": np.full(rows, "Middle East"),
                "event_clarity": np.ones(rows, dtype=int),
                "date_prec": np.ones(rows, dtype=int),
                "date_start": iso,
                "date_end": iso,
                "deaths_a": deaths // 3,
                "deaths_b": deaths // 3,
                "deaths_civilians": deaths - 2 * (deaths // 3),
                "deaths_unknown": np.zeros(rows, dtype=int),
                "low": np.minimum(low, deaths),
                "best": deaths,
                "high": high,
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    pacsv.write_csv(table, tmp)
    os.replace(tmp, path)


BASELINE = {
    "acled": (
        "import pandas as pd\n"
        "df = pd.read_csv(PATH)\n"
        "df['event_date'] = pd.to_datetime(df['event_date'], format='%d %B %Y')\n"
        "out = df.groupby([pd.Grouper(key='event_date', freq='D'), 'admin1'])['fatalities'].sum()\n"
    ),
    "ucdp": (
        "import pandas as pd\n"
        "df = pd.read_csv(PATH)\n"
        "df['event_date'] = pd.to_datetime(df['date_start'], format='%Y-%m-%d')\n"
        "out = df.groupby([pd.Grouper(key='event_date', freq='D'), 'adm_1'])"
        "[['best', 'low', 'high']].sum()\n"
    ),
}
OURS = (
    "from analysis import data\n"
    "from analysis.metrics import time as bins\n"
    "from analysis.metrics.results import Period\n"
    "ds = data.read(PATH)\n"
    "f = ds.frame\n"
    "period = Period(f['event_date'].min(), f['event_date'].max())\n"
    "out = bins.totals_by_bin(f, 'event_date', ['deaths_best', 'deaths_low', 'deaths_high'],"
    " period, 'D', by='admin1_pcode')\n"
)
PROBE = (
    "import json, sys, time\nPATH = sys.argv[1]\nt0 = time.perf_counter()\n{code}"
    "t = time.perf_counter() - t0\n"
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "print(json.dumps({{'seconds': t, 'groups': int(len(out)), 'peak_mib': int(hwm) / 1024}}))\n"
)


def measure(code: str, path: Path, env: dict[str, str]) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code), str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def machine() -> str:
    import pandas

    return f"{describe()}; pandas {pandas.__version__}, pyarrow {pa.__version__}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--kinds", default="acled,ucdp")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median is kept")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    args = parser.parse_args()
    lines = []
    for kind in args.kinds.split(","):
        path = WORK / f"{kind}_{args.rows}.csv"
        if not path.exists():
            print(f"generating {path} ...", flush=True)
            generate(kind, args.rows, path)
        size = path.stat().st_size / 2**20
        results = {"baseline": [], "cold": [], "warm": []}
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as cache:
                env = {**os.environ, "SITREP_CACHE_DIR": cache}
                results["baseline"].append(measure(BASELINE[kind], path, env))
                results["cold"].append(measure(OURS, path, env))
                results["warm"].append(measure(OURS, path, env))
        med = {k: sorted(v, key=lambda r: r["seconds"])[len(v) // 2] for k, v in results.items()}
        base = med["baseline"]["seconds"]
        line = (
            f"| {kind} | {args.rows:,} | {size:,.0f} MiB"
            f" | {base:.2f} s ({med['baseline']['peak_mib']:,.0f} MiB)"
            f" | {med['cold']['seconds']:.2f} s ({med['cold']['peak_mib']:,.0f} MiB)"
            f" | {med['warm']['seconds']:.2f} s ({med['warm']['peak_mib']:,.0f} MiB)"
            f" | {base / med['cold']['seconds']:.1f}x | {base / med['warm']['seconds']:.1f}x |"
        )
        print(line, flush=True)
        lines.append(line)
    if not args.no_record:
        header = (
            f"\n### {dt.date.today().isoformat()}: {machine()}\n\n"
            "| format | rows | file | pandas baseline (peak) | sitrep first read (peak) |"
            " sitrep cached read (peak) | speed-up first | speed-up cached |\n"
            "|---|---|---|---|---|---|---|---|\n"
        )
        with (HERE / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write(header + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
