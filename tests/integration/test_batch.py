"""`sitrep batch` through the real pipeline: faults are isolated, visible in the manifest, and
never cost a finished report. Runs use a small fixture notebook (tests/fixtures) that can raise,
kill its kernel, hang or sleep on request, so each fault is real and quick."""

import hashlib
import json
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.integration.test_signals import gone_within, start

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "fault_fixture.ipynb"

pytestmark = pytest.mark.slow


def batch_file(tmp_path, runs, *, formats="[html]", extra="", name="batch.yaml"):
    lines = [f"notebook: {FIXTURE}", f"formats: {formats}", extra, "runs:"]
    lines += [f"  - {json.dumps(run)}" for run in runs]
    path = tmp_path / name
    path.write_text("\n".join(line for line in lines if line) + "\n", encoding="utf-8")
    return path


def sitrep_batch(path, out, *args, wait=True):
    command = [
        sys.executable,
        "-m",
        "analysis.cli",
        "batch",
        str(path),
        "--out",
        str(out),
        "--quiet",
        *args,
    ]
    if not wait:
        return subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, check=False, timeout=300
    )


def manifest(out):
    return {r["id"]: r for r in json.loads((out / "manifest.json").read_text())["runs"]}


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_errors_in_the_batch_file_are_all_reported_and_nothing_runs(tmp_path):
    path = batch_file(
        tmp_path,
        [
            {"label": "fine"},
            {"lable": "typo"},
            {"mode": "ok", "seconds": "soon"},
            {"input_path": str(tmp_path / "missing.csv")},
        ],
    )
    done = sitrep_batch(path, tmp_path / "out")
    assert done.returncode == 2
    message = done.stderr
    assert "3 problem(s), nothing was run" in message
    assert "run 2 (lable-typo)" in message and "Did you mean 'label'?" in message
    assert "run 3" in message and "'seconds' must be a number" in message
    assert "run 4" in message and "missing.csv" in message
    assert not (tmp_path / "out").exists()


def test_matrix_with_unknown_governorate_names_the_run(tmp_path):
    path = tmp_path / "gov.yaml"
    path.write_text("notebook: casualties\nmatrix:\n  governorate: [Hama, Atlantis]\n")
    done = sitrep_batch(path, tmp_path / "out")
    assert done.returncode == 2
    assert "run 2 (governorate-atlantis)" in done.stderr and "closest" in done.stderr


def test_failures_are_isolated_recorded_and_summarised(tmp_path):
    path = batch_file(
        tmp_path,
        [
            {"label": "first"},
            {"mode": "raise", "label": "broken"},
            {"mode": "die", "label": "killed"},
            {"mode": "hang", "label": "stuck"},
            {"label": "last"},
        ],
        extra="timeout: 4",
    )
    out = tmp_path / "out"
    done = sitrep_batch(path, out, "--continue-on-error")
    assert done.returncode == 1
    runs = manifest(out)
    assert {k: v["status"] for k, v in runs.items()} == {
        "label-first": "ok",
        "label-broken__mode-raise": "failed",
        "label-killed__mode-die": "failed",
        "label-stuck__mode-hang": "failed",
        "label-last": "ok",
    }
    broken = runs["label-broken__mode-raise"]
    assert "ValueError: requested failure for broken" in broken["error"]
    assert broken["failing_cell"] is not None
    failed_nb = json.loads(Path(broken["failed_notebook"]).read_text())
    assert any("requested failure" in json.dumps(c.get("outputs", [])) for c in failed_nb["cells"])
    assert "kernel died" in runs["label-killed__mode-die"]["error"]
    assert "longer than 4 s" in runs["label-stuck__mode-hang"]["error"]
    for ok in ("label-first", "label-last"):
        html = runs[ok]["outputs"]["html"]
        assert (
            html["sha256"] == sha(html["path"])
            and html["bytes"] == Path(html["path"]).stat().st_size
        )
    summary = done.stderr.splitlines()
    assert sum(line.startswith("  failed: ") for line in summary) == 3
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.is_dir()]
    index = (out / "index.html").read_text()
    assert index.count("<tr class=") == 5 and 'href="label-first.html"' in index


def test_without_continue_on_error_the_batch_stops_after_runs_in_flight(tmp_path):
    path = batch_file(
        tmp_path, [{"mode": "raise", "label": "a"}] + [{"label": f"later-{i}"} for i in range(4)]
    )
    out = tmp_path / "out"
    done = sitrep_batch(path, out, "--workers", "1")
    assert done.returncode == 1
    statuses = [r["status"] for r in manifest(out).values()]
    assert statuses[0] == "failed"
    assert statuses.count("not run") >= 3
    assert "not run" in done.stderr


def test_rerun_skips_unchanged_runs_and_redoes_changed_inputs(tmp_path):
    data = tmp_path / "numbers.txt"
    data.write_text("first version", encoding="utf-8")
    path = batch_file(
        tmp_path, [{"label": "a"}, {"label": "b", "input_path": str(data)}], formats="[html, pdf]"
    )
    out = tmp_path / "out"
    planned = sitrep_batch(path, out, "--dry-run")
    assert planned.returncode == 0 and not out.exists()
    assert [line.split()[:2] for line in planned.stdout.splitlines()] == [
        ["run", "label-a"],
        ["run", "input_path-numbers-txt__label-b"],
    ]
    assert "2 runs, 2 to run, 0 unchanged" in planned.stderr
    assert sitrep_batch(path, out).returncode == 0
    first = manifest(out)
    pdf = first["label-a"]["outputs"]["pdf"]["path"]
    assert "Label: a. Data: bundled." in " ".join(PdfReader(pdf).pages[0].extract_text().split())
    again = sitrep_batch(path, out)
    assert again.returncode == 0 and "0 ok, 0 failed, 2 skipped" in again.stderr
    data.write_text("second version", encoding="utf-8")
    before = (out / "manifest.json").read_bytes()
    planned = sitrep_batch(path, out, "--dry-run")
    assert [line.split()[0] for line in planned.stdout.splitlines()] == ["skip", "run"]
    assert (out / "manifest.json").read_bytes() == before  # a dry run writes nothing
    third = sitrep_batch(path, out)
    assert "1 ok, 0 failed, 1 skipped" in third.stderr
    redone = manifest(out)["input_path-numbers-txt__label-b"]
    assert redone["inputs_sha256"]["input_path"] == sha(data)
    assert "second version" in Path(redone["outputs"]["html"]["path"]).read_text()
    Path(pdf).write_bytes(b"tampered")  # an output that no longer matches the manifest
    fourth = sitrep_batch(path, out)
    assert "1 ok, 0 failed, 1 skipped" in fourth.stderr
    assert manifest(out)["label-a"]["outputs"]["pdf"]["sha256"] == sha(pdf)


def test_markup_in_parameters_is_escaped_in_html_and_shown_as_text_in_pdf(tmp_path):
    label = "<script>alert(1)</script><b>bold</b>"
    path = batch_file(tmp_path, [{"label": label}], formats="[html, pdf]")
    out = tmp_path / "out"
    assert sitrep_batch(path, out).returncode == 0
    entry = next(iter(manifest(out).values()))
    html = Path(entry["outputs"]["html"]["path"]).read_text()
    assert "<script>alert(1)" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    text = " ".join(PdfReader(entry["outputs"]["pdf"]["path"]).pages[0].extract_text().split())
    assert "<script>alert(1)</script><b>bold</b>" in text


def test_output_folder_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    path = batch_file(tmp_path, [{"label": "a"}])
    done = sitrep_batch(path, blocker / "out")
    assert done.returncode == 2  # refused before any run, like every bad input
    assert "cannot write in the output folder" in done.stderr
    assert "Traceback" not in done.stderr


def test_interrupt_then_resume(tmp_path):
    path = batch_file(
        tmp_path, [{"label": f"r{i}", "mode": "sleep", "seconds": 1.5} for i in range(5)]
    )
    out, mark = tmp_path / "out", uuid.uuid4().hex
    # this batch's processes (and only those) carry the mark: workers, kernels, Chromium
    process = start("batch", path, "--out", out, "--quiet", "--workers", "1", mark=mark)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if (out / "manifest.json").exists() and any(
            r["status"] == "ok" for r in manifest(out).values()
        ):
            break
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "interrupted: run the same command again to resume" in stderr
    after = manifest(out)
    done_before = [k for k, r in after.items() if r["status"] == "ok"]
    assert 1 <= len(done_before) < 5
    assert all(r["status"] in ("ok", "not run") for r in after.values())
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.is_dir()]
    resumed = sitrep_batch(path, out)
    assert resumed.returncode == 0
    assert f"{5 - len(done_before)} ok, 0 failed, {len(done_before)} skipped" in resumed.stderr
    # no process of the interrupted batch (worker, kernel, browser) outlives it
    assert not gone_within(mark, 20)


def test_two_batches_cannot_write_one_folder_at_once(tmp_path):
    slow = batch_file(tmp_path, [{"label": "slow", "mode": "sleep", "seconds": 8}], name="a.yaml")
    other = batch_file(tmp_path, [{"label": "other"}], name="b.yaml")
    out = tmp_path / "out"
    first = sitrep_batch(slow, out, wait=False)
    deadline = time.monotonic() + 60
    while not (out / ".sitrep-batch.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    second = sitrep_batch(other, out)
    assert second.returncode == 2
    assert "in use by another batch" in second.stderr
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert list(manifest(out)) == ["label-slow__mode-sleep__seconds-8"]


def test_dask_local_cluster(tmp_path):
    import distributed  # noqa: F401  (the dask extra: `make setup` installs it)

    path = batch_file(tmp_path, [{"label": "one"}, {"label": "two"}], formats="[html, pdf]")
    out = tmp_path / "out"
    done = sitrep_batch(path, out, "--executor", "dask", "--workers", "2")
    assert done.returncode == 0, done.stderr
    runs = manifest(out)
    assert [r["status"] for r in runs.values()] == ["ok", "ok"]
    assert all(Path(r["outputs"]["pdf"]["path"]).exists() for r in runs.values())


def test_full_disk_fails_runs_cleanly(tmp_path, monkeypatch):
    # a report is assumed small, so the disk passes the check at the start and fills up later
    monkeypatch.setenv("SITREP_REPORT_FILE_MB", "0.05")
    mount = tmp_path / "tiny"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=700k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root): " + mounted.stderr.decode())
    try:
        path = batch_file(tmp_path, [{"label": f"r{i}"} for i in range(4)], formats="[ipynb, html]")
        done = sitrep_batch(path, mount / "out", "--continue-on-error")
        assert done.returncode == 1
        assert "disk full (" in done.stderr, done.stderr  # named as what it is
        assert "No space left" not in done.stderr and "Free some" not in done.stderr
        out = mount / "out"
        runs = manifest(out) if (out / "manifest.json").exists() else {}
        for entry in runs.values():
            if entry["status"] == "ok":
                for item in entry["outputs"].values():
                    assert sha(item["path"]) == item["sha256"]  # whole, never truncated
            else:
                assert entry["status"] in ("failed", "not run")
        leftovers = [
            p.name
            for p in out.iterdir()
            if p.name.startswith(".") and p.name != ".sitrep-batch.lock"
        ]
        assert leftovers == []
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_dry_run_reads_every_data_file_once_and_names_the_runs(tmp_path, realdata):
    """A broken file shared by three runs is read once and reported once, naming the runs;
    a file of another kind of data names what it is; nothing is listed, nothing written."""
    broken = tmp_path / "ged_cut.csv"
    broken.write_bytes(
        realdata("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv").read_bytes()[:3000]
    )
    unhcr = realdata("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
    path = tmp_path / "bad.yaml"
    path.write_text(
        "notebook: casualties\n"
        f"parameters: {{casualties_path: {broken}}}\n"
        "matrix: {governorate: [Aleppo, Hama, Homs]}\n"
        f"runs:\n  - {{governorate: all, casualties_path: {unhcr}}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = sitrep_batch(path, out, "--dry-run")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "2 problem(s), nothing was run" in done.stderr
    assert done.stderr.count("ged_cut.csv: ") == 1
    assert (
        "run 1 (casualties_path-ged-cut-csv__governorate-aleppo) and 2 other run(s): "
        "parameter 'casualties_path':" in done.stderr
    )
    assert (
        "run 4 (casualties_path-unhcr-population-syr-csv__governorate-all): parameter "
        "'casualties_path':" in done.stderr
    )
    assert "displacement data" in done.stderr
    assert "Traceback" not in done.stderr and "--format" not in done.stderr
    assert not out.exists()


def test_dry_run_refuses_empty_and_partial_dates(tmp_path):
    path = tmp_path / "dates.yaml"
    path.write_text(
        "notebook: casualties\nruns:\n"
        "  - {start_date: 2024-12}\n"
        "  - {start_date: }\n"
        "  - {start_date: 2024, end_date: 2024-12-08}\n",
        encoding="utf-8",
    )
    done = sitrep_batch(path, tmp_path / "out", "--dry-run")
    assert done.returncode == 2
    assert "3 problem(s)" in done.stderr
    for number, shown in ((1, "'2024-12'"), (2, "''"), (3, "'2024'")):
        line = next(x for x in done.stderr.splitlines() if x.startswith(f"  - run {number} "))
        assert f"parameter 'start_date' must be an ISO date like 2024-12-08, got {shown}" in line
    assert not (tmp_path / "out").exists()


def test_dry_run_refuses_paths_that_are_not_files_in_one_line_each(tmp_path):
    (tmp_path / "loop.csv").symlink_to(tmp_path / "loop.csv")
    long_name = tmp_path / ("y" * 300 + ".csv")
    path = tmp_path / "paths.yaml"
    path.write_text(
        "notebook: casualties\nruns:\n"
        f"  - {{casualties_path: {tmp_path}}}\n"
        f"  - {{casualties_path: {tmp_path / 'loop.csv'}}}\n"
        f"  - {{casualties_path: {long_name}}}\n",
        encoding="utf-8",
    )
    done = sitrep_batch(path, tmp_path / "out", "--dry-run")
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 4 and "3 problem(s)" in lines[0]
    assert "holds no data file" in lines[1]  # an empty folder
    assert "link loop" in lines[2]
    assert "too long for the file system" in lines[3] and "y" * 61 not in lines[3]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("notebook", ["z" * 400, "[]"])
def test_dry_run_notebook_that_is_not_one(tmp_path, notebook):
    if notebook == "[]":
        (tmp_path / "nb.ipynb").write_text("[]", encoding="utf-8")
        notebook = "nb.ipynb"
    path = tmp_path / "nb.yaml"
    path.write_text(f"notebook: {notebook}\n", encoding="utf-8")
    done = sitrep_batch(path, tmp_path / "out", "--dry-run")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert "z" * 61 not in done.stderr


def test_batch_files_that_cannot_be_read_are_one_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("notebook: [\n  a: b\n", encoding="utf-8")
    cases = {
        tmp_path / ("q" * 300 + ".yaml"): "File name too long",
        tmp_path: "cannot read the batch file",
        broken: "not valid YAML",
    }
    for path, expected in cases.items():
        done = sitrep_batch(path, tmp_path / "out", "--dry-run")
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1 and expected in done.stderr
        assert "q" * 61 not in done.stderr
