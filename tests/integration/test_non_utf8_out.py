"""An output folder whose name is not UTF-8 (a byte 0xFF, as a file system may hold) works in
`sitrep batch` as in `sitrep render`: files keep the names the OS gives them, the manifest,
journal, front page and overview are valid UTF-8 (the manifest's paths read back to the very
files), and printed lines carry the name's bytes, in the C locale too."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.report import batch, manifest
from analysis.report.records import Output, RunRecord, RunStatus
from tests.integration.test_signals import FIXTURE, REPO

pytestmark = pytest.mark.slow

ODD = b"r\xff"  # not UTF-8: Python holds it as "r\udcff" (PEP 383)


def sitrep(*args, locale=None):
    env = dict(os.environ)
    env.pop("PYTHONIOENCODING", None)
    env.pop("LC_ALL", None)
    env.update(locale or {})
    return subprocess.run(  # bytes: what the terminal would get
        [sys.executable, "-m", "analysis.cli", *map(os.fsencode, args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        check=False,
        timeout=300,
    )


LOCALES = [
    pytest.param({}, id="default"),
    pytest.param({"LC_ALL": "C"}, id="C"),
    pytest.param({"PYTHONIOENCODING": "utf-8:strict"}, id="strict"),  # as en_US.UTF-8 does
]


@pytest.mark.parametrize("locale", LOCALES)
def test_render_into_a_folder_whose_name_is_not_utf8(tmp_path, locale):
    out = os.fsencode(tmp_path) + b"/" + ODD
    done = sitrep("render", FIXTURE, "--to", "html", "--out", out, locale=locale)
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"html  " + out + b"/fault_fixture.html\n"
    assert os.path.isfile(out + b"/fault_fixture.html")


def read(name: bytes) -> bytes:
    return Path(os.fsdecode(name)).read_bytes()


def sha(name: bytes) -> str:
    return hashlib.sha256(read(name)).hexdigest()


@pytest.mark.parametrize("locale", LOCALES)
def test_batch_into_a_folder_whose_name_is_not_utf8(tmp_path, locale):
    out = os.fsencode(tmp_path) + b"/" + ODD
    data = out + b"/data \xfe.txt"  # a data file whose own name is not UTF-8 either
    os.makedirs(out)
    with open(data, "w", encoding="utf-8") as handle:
        handle.write("figures from a folder of odd names")
    runs = [
        {"label": "plain"},
        {"label": "data", "input_path": os.fsdecode(data)},
        {"label": "broken", "mode": "raise"},
    ]
    path = tmp_path / "batch.yaml"
    lines = [f"notebook: {FIXTURE}", "formats: [html, pdf]", "runs:"]
    lines += [f"  - {json.dumps(run)}" for run in runs]  # JSON escapes the odd name: "\udcff"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    done = sitrep("batch", path, "--out", out, "--quiet", "--continue-on-error", locale=locale)
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"Front page: " + out + b"/index.html; manifest: " + out + b"/manifest.json" in (
        done.stderr
    )
    assert b"  failed: " in done.stderr and b"requested failure for broken" in done.stderr

    raw = read(out + b"/manifest.json")
    listed = {r["id"]: r for r in json.loads(raw.decode("utf-8"))["runs"]}  # valid UTF-8
    by_label = {r["parameters"]["label"]: r["status"] for r in listed.values()}
    assert by_label == {"plain": "ok", "data": "ok", "broken": "failed"}
    for entry in listed.values():
        for item in (entry.get("outputs") or {}).values():
            name = os.fsencode(item["path"])  # the very name on disk
            assert name.startswith(out + b"/")
            assert sha(name) == item["sha256"]
    given = [r["parameters"].get("input_path") for r in listed.values()]
    assert os.fsdecode(data) in given  # the parameter as given, byte for byte
    failed = next(r for r in listed.values() if r["status"] == "failed")
    assert os.path.isfile(os.fsencode(failed["failed_notebook"]))

    page = read(out + b"/index.html").decode("utf-8")  # valid UTF-8
    assert page.count("<tr class=") == 3
    assert "r\\xff/data \\xfe.txt" in page  # the odd bytes shown as escapes
    assert 'href="label-plain.html"' in page and 'href="label-plain.pdf"' in page
    table = read(out + b"/overview.csv").decode("utf-8-sig")
    assert "r\\xff/data \\xfe.txt" in table

    again = sitrep("batch", path, "--out", out, "--quiet", "--continue-on-error", locale=locale)
    assert b"0 ok, 1 failed, 2 skipped" in again.stderr, again.stderr  # the outputs were found


def test_the_journal_keeps_an_odd_name_and_reads_it_back(tmp_path):
    out = tmp_path / os.fsdecode(ODD)
    out.mkdir()
    path = tmp_path / "batch.yaml"
    path.write_text(f"notebook: {FIXTURE}\nruns:\n  - {{label: a}}\n", encoding="utf-8")
    plan = batch.load(path)
    record = manifest.Manifest(plan, out, "0" * 64, interval=3600)
    name = str(out / "label-a.html")
    html = Output(name, 1, "0" * 64)
    record.record(plan.runs[0], RunRecord("label-a", {}, RunStatus.OK, outputs={"html": html}))
    raw = (out / manifest.JOURNAL).read_bytes()
    raw.decode("utf-8")  # valid UTF-8
    assert b"\\udcff" in raw  # the JSON escape of the odd byte
    assert manifest.read_journal(out / manifest.JOURNAL)["label-a"].outputs["html"].path == name
    record.write()
    assert manifest.read_manifest(out)["label-a"].outputs["html"].path == name
