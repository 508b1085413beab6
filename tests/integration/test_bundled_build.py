"""The bundled-data build (scripts/build_bundled_data.py) run as `make data` runs it.

It must rebuild data/offensive_2024 byte for byte from data/raw/offensive_2024 alone, read
nothing outside the repository, and refuse a fact or curated entry it cannot map with a sentence
naming the file and the line or entry, writing nothing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_bundled_data.py"
RAW = REPO / "data" / "raw" / "offensive_2024"
COMMITTED = REPO / "data" / "offensive_2024"

# Runs the build with an audit hook that records every file opened.
TRACED = """
import json, os, sys
opened = []
sys.addaudithook(
    lambda event, args: opened.append(os.fsdecode(args[0]))
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)) else None
)
sys.path.insert(0, {scripts!r})
from pathlib import Path
from bundled_data.build import build
build(Path({raw!r}), Path({out!r}))
print(json.dumps(opened))
"""


def _build(raw_dir: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(raw_dir), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )


def test_building_from_data_raw_reproduces_the_committed_files(tmp_path):
    result = _build(RAW, tmp_path)
    assert result.returncode == 0, result.stderr
    committed = sorted(p.name for p in COMMITTED.iterdir())
    rebuilt = sorted(p.name for p in tmp_path.iterdir())
    assert rebuilt == committed
    assert len(committed) == 12
    for name in committed:
        assert (tmp_path / name).read_bytes() == (COMMITTED / name).read_bytes(), name


def test_the_build_reads_nothing_outside_the_repository(tmp_path):
    code = TRACED.format(scripts=str(REPO / "scripts"), raw=str(RAW), out=str(tmp_path / "out"))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    opened = {Path(p).resolve() for p in json.loads(result.stdout.splitlines()[-1])}
    beside = [p for p in opened if p.is_relative_to(REPO.parent) and not p.is_relative_to(REPO)]
    assert beside == [], "the build read files beside the repository (../shared?)"
    data = {p for p in opened if p.suffix in {".csv", ".yaml", ".md", ".geojson"}}
    outside = [p for p in data if not (p.is_relative_to(REPO) or p.is_relative_to(tmp_path))]
    assert outside == []
    for name in ("casualties.csv", "displacement.csv", "control_events.csv", "disagreements.yaml"):
        assert RAW / name in opened, name


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "control_events.csv",
            ",Khanasir,Aleppo,",
            ",Khanasir,Atlantis,",
            ["control_events.csv line", "'governorate'", "Atlantis"],
        ),
        (
            "casualties.csv",
            ",514,268,156,92,",
            ",514,266,156,92,",
            ["disagreements.yaml, disagreement 4", "selector", "t_514_268", "casualties.csv"],
        ),
        (
            "displacement.csv",
            ",around,280000,",
            ",around,280k,",
            ["displacement.csv line", "'displaced'", "280k"],
        ),
        (
            "control_shares.csv",
            "/441/en,August 2018 map",
            "/441/en,August 2018 map,extra",
            ["control_shares.csv: line", "fields"],
        ),
        (
            "disagreements.yaml",
            'place: "Khan Shaykhun"',
            'plaice: "Khan Shaykhun"',
            ["disagreements.yaml, disagreement", "(x_khan)", "'plaice'", "control_events.csv"],
        ),
        (
            "toll_series.yaml",
            "series: context",
            "series: calendar",
            ["toll_series.yaml, rule 4", "'calendar'", "offensive, partial, context"],
        ),
        (  # a toll whose scope no rule of toll_series.yaml places (it has no default)
            "casualties.csv",
            ",Syria 27 Nov - 8 Dec,",
            ",Syria 27 Nov to 8 Dec,",
            ["casualties.csv line 16, column 'scope'", "Syria 27 Nov to 8 Dec", "toll_series.yaml"],
        ),
        (  # a row said to rest on a single weak source, without naming the page
            "displacement.csv",
            "not a UN figure. single weak source: news.mazzaltov.com",
            "not a UN figure. single weak source",
            ["displacement.csv line 18 (displacement-017)", "single weak source: <site"],
        ),
        (  # a translation that drops a number of its English
            "translations_ar.csv",
            "scope,past 7 days,آخر 7 أيام",
            "scope,past 7 days,آخر أيام",
            ["translations_ar.csv, line 63", "['7']"],
        ),
        (  # a text cell with no Arabic (its English changed in the translations file)
            "translations_ar.csv",
            "scope,Manbij clashes only,",
            "scope,Manbij clash only,",
            ["translations_ar.csv: no Arabic translation for 1", "'Manbij clashes only'"],
        ),
    ],
)
def test_the_build_fails_loudly_on_an_input_it_cannot_map(tmp_path, file, old, new, expected):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw, copy_function=shutil.copyfile)
    path = raw / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = _build(raw, tmp_path / "out")
    assert result.returncode == 1
    for part in expected:
        assert part in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["raw"]  # no scratch folder left
