"""A batch's front page through the real pipeline: `sitrep batch` on the casualties notebook and
the real ACLED file, then the numbers on the page, in the manifest, in each report's HTML and in
overview.csv, all equal to a count made here with the csv module; skipped and failed runs shown;
markup escaped; sorting and filtering run by headless Chromium; a batch killed with SIGKILL
resumes from its journal."""

import csv
import datetime as dt
import json
import re
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from analysis.report.export import CHROMIUM_FLAGS, find_browser
from analysis.report.fingerprint import code_sha256
from analysis.report.manifest import read_manifest
from tests.integration.test_batch import batch_file, manifest, sitrep_batch
from tests.integration.test_signals import gone_within, start
from tests.unit.test_frontpage import parse

REPO = Path(__file__).resolve().parents[2]
CASUALTIES = REPO / "notebooks" / "casualties.ipynb"
ACLED = ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv")
WEEKS = [("2019-05-06", "2019-05-12"), ("2019-05-13", "2019-05-19")]

pytestmark = pytest.mark.slow


def acled_counts(path, governorate, start, end):
    """Events and fatalities in ``governorate`` between two days, counted with the csv module."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    events = deaths = 0
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            day = dt.datetime.strptime(row["event_date"], "%d %B %Y").date()
            if row["admin1"] == governorate and first <= day <= last:
                events += 1
                deaths += int(row["fatalities"])
    return events, deaths


def casualties_batch(tmp_path, acled, governorates, name="weekly.yaml"):
    path = tmp_path / name
    path.write_text(
        f"notebook: {CASUALTIES}\nformats: [html, pdf]\n"
        f"parameters:\n  casualties_path: {acled}\n"
        f"matrix:\n  governorate: {json.dumps(governorates)}\n"
        f"periods:\n  start: {WEEKS[0][0]}\n  end: {WEEKS[-1][1]}\n  split: week\n",
        encoding="utf-8",
    )
    return path


def key_figures_of_report(html_file):
    """Label -> value as the report's key-figure boxes show them."""
    page = Path(html_file).read_text(encoding="utf-8")
    found = re.findall(
        r'sitrep-kf-label">([^<]*)</div><div class="sitrep-kf-value">(.*?)</div>', page
    )
    # the value's own text, without the markers of its disclosures
    marks = re.compile(r'<sup class="sitrep-mark">.*?</sup>')
    return {label: re.sub(r"<[^>]+>", "", marks.sub("", value)) for label, value in found}


def page_rows(out):
    table = parse((out / "index.html").read_text(encoding="utf-8"))
    return table.heads, {
        row["cells"][0]["text"]: dict(zip(table.heads, row["cells"], strict=True))
        for row in table.rows
    }


def overview(out):
    with open(out / "overview.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def code_now():
    """The package's code checksum now (uncached), which every run's fingerprint includes."""
    return code_sha256.__wrapped__()


def skip_if_code_changed(before):
    """Skipped runs need unchanged report code: in a working tree that someone else edits
    during the test, every run is redone, rightly, and there is nothing to check."""
    if code_now() != before:
        pytest.skip("the analysis package's sources changed while this test ran")


def dump_dom(page, fragment):
    """The page's DOM after its script ran, loaded with ``#fragment`` (the view to restore)."""
    with tempfile.TemporaryDirectory(prefix="sitrep-test-chromium-") as profile:
        done = subprocess.run(
            [
                find_browser(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--dump-dom",
                f"{page.as_uri()}#{fragment}",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return parse(done.stdout)


def test_front_page_numbers_equal_the_manifest_the_reports_and_the_data(tmp_path, realdata):
    acled = realdata(*ACLED)
    out, code = tmp_path / "out", code_now()
    done = sitrep_batch(casualties_batch(tmp_path, acled, ["Hama", "Idleb"]), out, "--workers", "2")
    assert done.returncode == 0, done.stderr
    runs = manifest(out)
    assert len(runs) == 4 and {r["status"] for r in runs.values()} == {"ok"}
    heads, rows = page_rows(out)
    table = overview(out)
    assert heads[:5] == ["Run", "Status", "governorate", "start_date", "end_date"]
    for run_id, entry in runs.items():
        given = entry["parameters"]
        events, deaths = acled_counts(
            acled, given["governorate"], given["start_date"], given["end_date"]
        )
        figures = entry["figures"]
        assert (figures["events"]["value"], figures["deaths"]["value"]) == (events, deaths)
        report = key_figures_of_report(entry["outputs"]["html"]["path"])
        row, line = rows[run_id], table[run_id]
        for key, value in (("events", events), ("deaths", deaths)):
            label, text = figures[key]["label"], figures[key]["text"]
            assert report[label] == text == f"{value:,}"  # the report states the same number
            assert row[label]["text"] == text and row[label]["v"] == str(value)
            assert line[key] == str(value)
        assert row["Status"]["text"] == line["status"] == "ok"
        assert row["governorate"]["text"] == line["governorate"] == given["governorate"]
        assert line["html"] == Path(entry["outputs"]["html"]["path"]).name
        assert line["pdf"] == Path(entry["outputs"]["pdf"]["path"]).name
        assert "Key figures for the batch" not in Path(entry["outputs"]["html"]["path"]).read_text()
    assert deaths > 0  # the weeks hold real fighting, not only zeros

    # Sorted and filtered by the page's own script, as a reader clicking would
    dom = dump_dom(out / "index.html", "sort=-deaths")
    deaths_label = runs[run_id]["figures"]["deaths"]["label"]
    column = dom.heads.index(deaths_label)
    shown = [int(row["cells"][column]["v"]) for row in dom.rows]
    assert shown == sorted((r["figures"]["deaths"]["value"] for r in runs.values()), reverse=True)
    dom = dump_dom(out / "index.html", "sort=events&q=idleb")
    column = dom.heads.index(runs[run_id]["figures"]["events"]["label"])
    visible = [row for row in dom.rows if "hidden" not in row["attrs"]]
    assert {row["cells"][0]["text"] for row in visible} == {
        k for k, r in runs.items() if r["parameters"]["governorate"] == "Idleb"
    }
    assert [int(r["cells"][column]["v"]) for r in visible] == sorted(
        r["figures"]["events"]["value"] for r in runs.values()
        if r["parameters"]["governorate"] == "Idleb"
    )  # fmt: skip

    # A second call with one more governorate: the four runs are skipped and keep their numbers
    again = sitrep_batch(
        casualties_batch(tmp_path, acled, ["Hama", "Idleb", "Aleppo"]), out, "--workers", "2"
    )
    assert again.returncode == 0, again.stderr
    skip_if_code_changed(code)
    assert "2 ok, 0 failed, 4 skipped" in again.stderr
    after = manifest(out)
    _, rows = page_rows(out)
    table = overview(out)
    for run_id, entry in after.items():
        assert rows[run_id]["Status"]["text"] == table[run_id]["status"] == entry["status"]
        if run_id in runs:
            assert entry["status"] == "skipped" and entry["figures"] == runs[run_id]["figures"]
        given = entry["parameters"]
        events, deaths = acled_counts(
            acled, given["governorate"], given["start_date"], given["end_date"]
        )
        assert table[run_id]["deaths"] == str(deaths) and table[run_id]["events"] == str(events)
        assert rows[run_id][deaths_label]["v"] == str(deaths)
    dom = dump_dom(out / "index.html", "status=skipped")
    visible = [row["cells"][0]["text"] for row in dom.rows if "hidden" not in row["attrs"]]
    assert sorted(visible) == sorted(runs)
    assert not (out / "manifest.journal.jsonl").exists()


def test_failed_and_skipped_runs_are_shown_and_markup_is_escaped(tmp_path):
    runs = [{"label": "<script>alert('x')</script>"}, {"mode": "raise", "label": "boom"}]
    path = batch_file(tmp_path, runs)
    out, code = tmp_path / "out", code_now()
    first = sitrep_batch(path, out, "--continue-on-error")
    assert first.returncode == 1
    second = sitrep_batch(path, out, "--continue-on-error")  # the ok run is skipped now
    assert second.returncode == 1
    skip_if_code_changed(code)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)" in page
    _, rows = page_rows(out)
    by_label = {row["label"]["text"]: row for row in rows.values()}
    assert by_label["<script>alert('x')</script>"]["Status"]["text"] == "skipped"
    failed = by_label["boom"]
    assert failed["Status"]["text"] == "failed"
    assert "requested failure for boom" in failed["Error"]["text"]
    assert "failed notebook" in failed["Reports"]["text"]
    table = parse(page)
    classes = {row["cells"][2]["text"]: row["attrs"]["class"] for row in table.rows}
    assert classes == {"<script>alert('x')</script>": "skipped", "boom": "failed"}
    lines = overview(out)
    assert {line["label"]: line["status"] for line in lines.values()} == {
        "<script>alert('x')</script>": "skipped",
        "boom": "failed",
    }


def test_a_batch_killed_outright_resumes_from_its_journal(tmp_path):
    runs = [{"label": f"r{i}", "mode": "sleep", "seconds": 0.6} for i in range(8)]
    path, out, mark = batch_file(tmp_path, runs), tmp_path / "out", uuid.uuid4().hex
    code = code_now()
    process = start("batch", path, "--out", out, "--quiet", "--workers", "1", mark=mark)
    journal = out / "manifest.journal.jsonl"

    def journal_only():
        """Runs the journal holds as ok and the manifest does not (yet)."""
        try:
            lines = journal.read_text(encoding="utf-8").splitlines()
            listed = manifest(out)
        except (OSError, ValueError):
            return set()
        logged = {json.loads(line)["id"] for line in lines if line.strip()}
        return {i for i in logged if listed.get(i, {}).get("status") != "ok"}

    deadline = time.monotonic() + 120
    while not journal_only() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.kill()
    process.communicate(timeout=30)
    assert not gone_within(mark, 10)
    pending = journal_only()
    assert pending, "no run was in the journal alone when the batch was killed"
    finished = {k for k, r in manifest(out).items() if r["status"] == "ok"} | pending
    assert len(finished) < 8
    resumed_from = read_manifest(out)  # what the next call starts from: manifest and journal
    assert {k for k, r in resumed_from.items() if r.status == "ok"} == finished
    resumed = sitrep_batch(path, out)
    assert resumed.returncode == 0, resumed.stderr
    skip_if_code_changed(code)
    assert f"{8 - len(finished)} ok, 0 failed, {len(finished)} skipped" in resumed.stderr
    after = manifest(out)
    assert {k for k, r in after.items() if r["status"] == "skipped"} == finished
    assert not journal.exists()
