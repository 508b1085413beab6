"""A run's record is typed inside the batch and keeps the manifest's on-disk format at its JSON
boundary: entries as earlier versions wrote them read back and write out unchanged, statuses
are the manifest's four, and what a worker made of a run becomes the record the manifest keeps.
"""

from __future__ import annotations

import json

import pytest

from analysis.report import frontpage
from analysis.report.manifest import MANIFEST, read_manifest
from analysis.report.records import UNSET, Attempt, Output, RunRecord, RunStatus

# Manifest entries as `sitrep batch` wrote them before runs were typed (one of each kind).
OK = {
    "id": "governorate-hama",
    "parameters": {"governorate": "Hama"},
    "fingerprint": "f" * 64,
    "inputs_sha256": {"casualties_path": "bundled:" + "a" * 64},
    "started": "2026-01-05T10:00:00+00:00",
    "status": "ok",
    "figures": {"deaths": {"label": "Deaths", "value": 12, "text": "12"}},
    "advice": ["a note for the operator"],
    "duration_s": 4.21,
    "outputs": {"html": {"path": "/out/governorate-hama.html", "bytes": 5, "sha256": "b" * 64}},
}
SKIPPED = {**OK, "status": "skipped", "skipped_at": "2026-01-06T09:00:00+00:00"}
NOT_RUN = {key: OK[key] for key in ("id", "parameters", "fingerprint", "inputs_sha256")} | {
    "status": "not run",
    "error": "interrupted (Ctrl-C) while running; run the batch again to do it",
}
FAILED_IN_NOTEBOOK = {
    **{key: OK[key] for key in ("id", "parameters", "fingerprint", "inputs_sha256", "started")},
    "status": "failed",
    "error": "cell 3 raised",
    "failing_cell": 3,
    "failed_notebook": "/out/governorate-hama.failed.ipynb",
    "duration_s": 2.0,
}
FAILED_KERNEL = {**FAILED_IN_NOTEBOOK, "failing_cell": None}
del FAILED_KERNEL["failed_notebook"]
WORKER_LOST = {key: OK[key] for key in ("id", "parameters", "fingerprint", "inputs_sha256")} | {
    "status": "failed",
    "error": "worker lost: KilledWorker: ...",
    "duration_s": 0,
}
PDF_FAILED = {
    **{key: OK[key] for key in ("id", "parameters", "started", "advice", "duration_s")},
    "status": "failed",
    "error": "printing failed",
    "kept": {"html": {"path": "/out/h.pdf-failed.html", "bytes": 9, "sha256": "c" * 64}},
}
ENTRIES = [OK, SKIPPED, NOT_RUN, FAILED_IN_NOTEBOOK, FAILED_KERNEL, WORKER_LOST, PDF_FAILED]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e['status']}-{len(e)}")
def test_an_entry_reads_back_and_writes_out_unchanged(entry):
    record = RunRecord.from_json(json.loads(json.dumps(entry)))
    assert record.status == entry["status"]
    assert record.to_json() == entry
    assert json.loads(json.dumps(record.to_json())) == entry


def test_a_run_that_did_not_fail_in_its_notebook_has_no_failing_cell_key():
    assert RunRecord.from_json(WORKER_LOST).failing_cell is UNSET
    assert RunRecord.from_json(FAILED_KERNEL).failing_cell is None  # written as null
    assert "failing_cell" in RunRecord.from_json(FAILED_KERNEL).to_json()


def test_the_keys_of_an_ok_entry_keep_their_order():
    assert list(RunRecord.from_json(OK).to_json()) == list(OK)
    assert list(RunRecord.from_json(SKIPPED).to_json()) == list(SKIPPED)


def test_keys_of_another_version_are_kept_as_read():
    newer = {**OK, "host": "node-3", "retries": 2}
    record = RunRecord.from_json(newer)
    assert record.extra == {"host": "node-3", "retries": 2}
    assert record.to_json() == newer


@pytest.mark.parametrize(
    "entry",
    [
        {**OK, "status": "done"},
        {key: value for key, value in OK.items() if key != "id"},
        {**OK, "outputs": {"html": {"path": "/out/x.html"}}},
        ["not", "an", "entry"],
    ],
)
def test_an_entry_that_is_not_a_run_record_is_refused(entry):
    with pytest.raises(ValueError):
        RunRecord.from_json(entry)


def test_read_manifest_leaves_out_entries_that_are_not_records(tmp_path):
    document = {"runs": [OK, {**FAILED_KERNEL, "id": "b", "status": "exploded"}, {"x": 1}]}
    (tmp_path / MANIFEST).write_text(json.dumps(document), encoding="utf-8")
    found = read_manifest(tmp_path)
    assert list(found) == ["governorate-hama"]
    assert found["governorate-hama"].outputs["html"] == Output(
        "/out/governorate-hama.html", 5, "b" * 64
    )


def test_statuses_are_the_manifests_four_in_the_front_pages_order():
    assert [status.value for status in RunStatus] == ["ok", "failed", "skipped", "not run"]
    assert frontpage.STATUSES == ("ok", "failed", "skipped", "not run")
    assert [status for status in RunStatus if status.done] == [RunStatus.OK, RunStatus.SKIPPED]


def test_what_a_worker_made_of_a_run_becomes_its_record():
    planned = RunRecord(OK["id"], OK["parameters"])
    staged = planned.attempted(Attempt("2026-01-05T10:00:00+00:00", 3.5, figures={}))
    assert staged.status is RunStatus.NOT_RUN  # finished by the main process, then ok or failed
    assert staged.to_json() == {
        "id": OK["id"],
        "parameters": OK["parameters"],
        "started": "2026-01-05T10:00:00+00:00",
        "status": "not run",
        "figures": {},
        "duration_s": 3.5,
    }
    broken = planned.attempted(Attempt("t", 1.0, error="cell 2 raised", failing_cell=2))
    assert broken.status is RunStatus.FAILED
    assert (broken.error, broken.failing_cell) == ("cell 2 raised", 2)
    lost = planned.attempted(Attempt(None, 0, error="worker lost: x"))
    assert lost.to_json() == {
        "id": OK["id"],
        "parameters": OK["parameters"],
        "status": "failed",
        "duration_s": 0,
        "error": "worker lost: x",
    }


def test_outputs_are_intact_while_their_files_are_unchanged(tmp_path):
    report = tmp_path / "r.html"
    report.write_text("<p>report</p>", encoding="utf-8")
    record = RunRecord("r", {}, RunStatus.OK, outputs={"html": Output.of(report)})
    assert record.outputs["html"].size == len("<p>report</p>")
    assert record.outputs_intact()
    report.write_text("<p>other!</p>", encoding="utf-8")  # same size, other content
    assert not record.outputs_intact()
    report.unlink()
    assert not record.outputs_intact()
    assert not RunRecord("r", {}, RunStatus.OK).outputs_intact()  # no outputs: nothing to keep
