"""The manifest's journal: a run is one appended line; full writes are throttled, survive a
failed write whole, and remove the journal; reading merges both (journal wins, torn lines
ignored)."""

import errno
import json
import threading
import time
from pathlib import Path

import pytest

from analysis.report import manifest as manifest_module
from analysis.report.batch import Plan, Run
from analysis.report.manifest import JOURNAL, MANIFEST, Manifest, read_manifest
from analysis.report.records import RunRecord, RunStatus

RUNS = tuple(Run(f"r{i}", {"label": f"r{i}"}, {"label": f"r{i}"}) for i in range(3))
PLAN = Plan(Path("/b/batch.yaml"), Path("/b/report.ipynb"), ("html",), 60, RUNS)


def ok(run, deaths):
    return RunRecord(
        run.id,
        run.given,
        RunStatus.OK,
        figures={"deaths": {"label": "Deaths", "value": deaths, "text": str(deaths)}},
    )


def started(tmp_path, interval=3600.0):
    book = Manifest(PLAN, tmp_path, "sha", interval=interval)
    for run in RUNS:
        book.entries[run.id] = RunRecord(run.id, run.given)
    book.write()
    return book


def on_disk(out):
    return {e["id"]: e for e in json.loads((out / MANIFEST).read_text(encoding="utf-8"))["runs"]}


def test_a_run_is_one_journal_line_and_the_full_files_wait(tmp_path):
    book = started(tmp_path)
    assert not (tmp_path / JOURNAL).exists()
    book.record(RUNS[0], ok(RUNS[0], 5))
    book.record(RUNS[1], ok(RUNS[1], 7))
    lines = (tmp_path / JOURNAL).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["r0", "r1"]
    assert {e["status"] for e in on_disk(tmp_path).values()} == {"not run"}  # not rewritten
    merged = read_manifest(tmp_path)
    assert [merged[r.id].status for r in RUNS] == ["ok", "ok", "not run"]
    assert merged["r1"].figures["deaths"]["value"] == 7
    book.write()
    assert not (tmp_path / JOURNAL).exists()
    assert [on_disk(tmp_path)[r.id]["status"] for r in RUNS] == ["ok", "ok", "not run"]
    assert "r1" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "overview.csv").read_text(encoding="utf-8-sig").startswith("id,status")


def test_a_torn_last_line_is_ignored(tmp_path):
    book = started(tmp_path)
    book.record(RUNS[0], ok(RUNS[0], 5))
    whole = json.dumps(ok(RUNS[1], 7).to_json())
    with open(tmp_path / JOURNAL, "a", encoding="utf-8") as journal:
        journal.write(whole[: len(whole) // 2])  # killed while writing this line
    merged = read_manifest(tmp_path)
    assert merged["r0"].status == "ok" and merged["r1"].status == "not run"


def test_journal_alone_is_read_when_the_manifest_is_unreadable(tmp_path, capsys):
    book = started(tmp_path)
    book.record(RUNS[2], ok(RUNS[2], 1))
    (tmp_path / MANIFEST).write_text("{torn", encoding="utf-8")
    assert list(read_manifest(tmp_path)) == ["r2"]
    assert "unreadable" in capsys.readouterr().err


def test_a_failed_full_write_keeps_the_previous_files_and_the_journal(tmp_path, monkeypatch):
    book = started(tmp_path)
    book.record(RUNS[0], ok(RUNS[0], 5))
    before = (tmp_path / MANIFEST).read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(manifest_module, "write_atomic", full_disk)
    book.write()
    assert book.write_error.startswith("disk full (")  # named, with the space left
    assert book.write_error.endswith(" free); free space on that disk")
    assert (tmp_path / MANIFEST).read_bytes() == before
    assert read_manifest(tmp_path)["r0"].status == "ok"  # the journal still has it
    monkeypatch.undo()
    book.write()
    assert book.write_error is None and not (tmp_path / JOURNAL).exists()
    assert on_disk(tmp_path)["r0"]["status"] == "ok"


def test_full_files_follow_within_the_interval_without_another_run(tmp_path):
    book = started(tmp_path, interval=1.0)
    book.record(RUNS[0], ok(RUNS[0], 5))
    assert on_disk(tmp_path)["r0"]["status"] == "not run"  # written within the last second
    deadline = time.monotonic() + 10
    while (tmp_path / JOURNAL).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not (tmp_path / JOURNAL).exists()  # removed once the full files are written
    assert on_disk(tmp_path)["r0"]["status"] == "ok"
    assert '<td class="status">ok</td>' in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_annotate_replaces_the_entry(tmp_path):
    book = started(tmp_path)
    first = book.entries["r1"]
    book.annotate("r1", error="interrupted")
    assert book.entries["r1"].to_json() == {**first.to_json(), "error": "interrupted"}
    assert first.error is None


@pytest.mark.parametrize("runs", [1, 728])
def test_record_touches_only_the_journal(tmp_path, runs, monkeypatch):
    """Whatever the batch's size, recording a run writes one line and no full file."""
    plan = Plan(
        PLAN.source, PLAN.notebook, ("html",), 60, tuple(Run(f"r{i}", {}, {}) for i in range(runs))
    )
    book = Manifest(plan, tmp_path, "sha", interval=3600)
    book.write()
    calls = []
    monkeypatch.setattr(manifest_module, "write_atomic", lambda *a, **k: calls.append(a[0]))
    for run in plan.runs:
        book.record(run, RunRecord(run.id, {}, RunStatus.OK))
    assert calls == []
    assert len((tmp_path / JOURNAL).read_bytes().splitlines()) == runs


def test_recording_never_waits_for_a_full_write_and_keeps_its_journal_line(tmp_path, monkeypatch):
    book = started(tmp_path)
    book.record(RUNS[0], ok(RUNS[0], 5))
    inside, release = threading.Event(), threading.Event()
    real = manifest_module.frontpage.index_html

    def slow_page(*args, **kwargs):
        inside.set()
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(manifest_module.frontpage, "index_html", slow_page)
    writer = threading.Thread(target=book.write)
    writer.start()
    assert inside.wait(30)  # the full write of r0 is under way, and stays so
    recorder = threading.Thread(target=book.record, args=(RUNS[1], ok(RUNS[1], 7)))
    recorder.start()
    recorder.join(30)
    assert not recorder.is_alive() and writer.is_alive()  # recorded while the write went on
    release.set()
    writer.join(30)
    assert on_disk(tmp_path)["r0"]["status"] == "ok"
    assert on_disk(tmp_path)["r1"]["status"] == "not run"  # recorded after the snapshot...
    assert read_manifest(tmp_path)["r1"].status == "ok"  # ...so its journal line stays
    monkeypatch.undo()
    book.write()
    assert on_disk(tmp_path)["r1"]["status"] == "ok" and not (tmp_path / JOURNAL).exists()


def test_an_older_snapshot_never_overwrites_a_newer_one(tmp_path):
    book = started(tmp_path)
    with book._lock:
        old = book._snapshot()  # a timer's snapshot, slow to be written
    book.record(RUNS[0], ok(RUNS[0], 5))
    book.write()
    book._write(*old)
    assert on_disk(tmp_path)["r0"]["status"] == "ok"
