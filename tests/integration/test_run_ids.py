"""Run ids and report names through the real pipeline: Arabic values, data files of one name in
different folders and long shared paths give distinct, short file names; aliases of one
governorate make one run; `--dry-run` refuses an output folder that cannot hold the files; two
renders from different data files into one folder give two reports."""

import re
from pathlib import Path

import pytest

from tests.integration.reader import sitrep
from tests.integration.test_batch import FIXTURE, batch_file, manifest, sitrep_batch

pytestmark = pytest.mark.slow


def test_arabic_labels_give_distinct_readable_reports(tmp_path):
    labels = ["حلب", "حماة", "حمص"]
    path = batch_file(tmp_path, [{"label": label} for label in labels])
    out = tmp_path / "out"
    done = sitrep_batch(path, out)
    assert done.returncode == 0, done.stderr
    runs = manifest(out)
    assert list(runs) == [f"label-{label}" for label in labels]
    for label in labels:
        html = Path(runs[f"label-{label}"]["outputs"]["html"]["path"])
        assert html.name == f"label-{label}.html"
        assert f"Label: {label}." in html.read_text(encoding="utf-8")


def test_data_files_of_one_name_in_different_folders_and_long_shared_paths(tmp_path):
    deep = tmp_path
    for part in "abcde":  # a shared path of over 1,000 characters
        deep = deep / (part * 200)
    files = []
    for folder in ("first", "second"):
        (deep / folder).mkdir(parents=True)
        files.append(deep / folder / "numbers.txt")
        files[-1].write_text(f"from {folder}", encoding="utf-8")
    path = batch_file(
        tmp_path,
        [{"input_path": str(file), "label": "same"} for file in files],
        extra="parameters: {seconds: 0.1, mode: ok}",
    )
    out = tmp_path / "out"
    planned = sitrep_batch(path, out, "--dry-run")
    assert planned.returncode == 0, planned.stderr
    done = sitrep_batch(path, out)
    assert done.returncode == 0, done.stderr
    runs = manifest(out)
    assert len(runs) == 2
    for ident, file, folder in zip(runs, files, ("first", "second"), strict=True):
        assert ident.startswith("input_path-numbers-txt-") and len(ident) < 40
        assert "label" not in ident and "seconds" not in ident  # the same in every run
        html = Path(runs[ident]["outputs"]["html"]["path"])
        assert f"Data: from {folder}." in html.read_text(encoding="utf-8")
        assert runs[ident]["parameters"]["input_path"] == str(file)


def test_aliases_of_one_governorate_make_one_run(tmp_path):
    path = tmp_path / "gov.yaml"
    path.write_text(
        "notebook: casualties\nmatrix:\n  governorate: [Aleppo, Halab, SY02, حلب, Hama]\n",
        encoding="utf-8",
    )
    done = sitrep_batch(path, tmp_path / "out", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert [line.split()[:2] for line in done.stdout.splitlines()] == [
        ["run", "governorate-aleppo"],
        ["run", "governorate-hama"],
    ]
    assert "3 parameter set(s) name the same report as another" in done.stderr


def test_an_id_template_that_collides_is_refused_naming_both_runs(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        'notebook: casualties\nid: "{governorate}"\n'
        "matrix: {governorate: [Hama]}\n"
        "periods: {start: 2024-12-02, end: 2024-12-15, split: week}\n",
        encoding="utf-8",
    )
    done = sitrep_batch(path, tmp_path / "out", "--dry-run")
    assert done.returncode == 2
    assert "run 2 (hama) has the same id as run 1" in done.stderr
    assert not (tmp_path / "out").exists()


def test_dry_run_refuses_an_output_folder_that_is_a_file(tmp_path):
    path = batch_file(tmp_path, [{"label": "a"}])
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "out"):
        done = sitrep_batch(path, out, "--dry-run")
        assert done.returncode == 2
        assert done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "cannot write in the output folder" in lines[0]
        assert "not a folder" in lines[0] and "Traceback" not in done.stderr
    assert blocker.read_text() == "not a folder"


def test_two_renders_from_different_data_files_give_two_reports(tmp_path):
    out = tmp_path / "out"
    written = []
    for folder in ("first", "second"):
        data = tmp_path / folder / "numbers.txt"
        data.parent.mkdir()
        data.write_text(f"from {folder}", encoding="utf-8")
        done = sitrep("render", FIXTURE, "-p", "input_path", data, "--to", "html", "--out", out)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split()[0] == "html"
        written.append(Path(done.stdout.split()[1]))
    assert written[0] != written[1]
    assert all(re.fullmatch(r"fault_fixture_[0-9a-f]{6}\.html", p.name) for p in written)
    for path, folder in zip(written, ("first", "second"), strict=True):
        assert f"Data: from {folder}." in path.read_text(encoding="utf-8")
    done = sitrep("render", FIXTURE, "--to", "html", "--out", out)  # the bundled data: no suffix
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [written[0].name, written[1].name, "fault_fixture.html"]
    )


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_out_folder_name_too_long_is_one_line_before_anything_runs(tmp_path, dry_run):
    path = tmp_path / "b.yaml"
    path.write_text("notebook: casualties\nmatrix: {governorate: [Hama]}\n", encoding="utf-8")
    out = tmp_path / ("d" * 300)
    done = sitrep_batch(path, out, *(["--dry-run"] if dry_run else []))
    assert done.returncode == 2, done.stderr
    message = done.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert "longer than the file system allows" in message and "d" * 100 not in message
