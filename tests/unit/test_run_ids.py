"""Run ids and report file names: distinct and readable for any parameter values."""

import re
from pathlib import Path

import pytest

from analysis.errors import ParameterError
from analysis.report import batch, run_ids
from analysis.report.render import report_stem, slug

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "fault_fixture.ipynb"
CASUALTIES = REPO / "notebooks" / "casualties.ipynb"


def plan(tmp_path, text):
    path = tmp_path / "b.yaml"
    path.write_text(f"notebook: {FIXTURE}\nformats: [html]\n{text}", encoding="utf-8")
    return batch.load(path)


def test_arabic_values_keep_a_readable_form():
    assert slug("حلب") == "حلب"
    assert slug("Deir-ez-Zor / دير الزور") == "دير-الزور"  # a path-like value gives its last part
    assert slug("Ḥamāh") == "ḥamāh"
    assert slug("!!!").startswith("x")


def test_only_parameters_that_vary_are_named():
    ids = run_ids.run_ids(
        [
            {"casualties_path": "/very/long/shared/path/ged.csv", "governorate": "Hama"},
            {"casualties_path": "/very/long/shared/path/ged.csv", "governorate": "Homs"},
        ]
    )
    assert ids == ["governorate-hama", "governorate-homs"]
    assert run_ids.run_ids([{"label": "a", "mode": "ok"}]) == ["label-a__mode-ok"]
    assert run_ids.run_ids([{}]) == ["defaults"]


def test_arabic_labels_do_not_collide():
    ids = run_ids.run_ids([{"label": "حلب"}, {"label": "حماة"}, {"label": "حمص"}])
    assert ids == ["label-حلب", "label-حماة", "label-حمص"]


def test_two_files_of_one_name_in_different_folders():
    ids = run_ids.run_ids([{"data_path": "/a/data.csv"}, {"data_path": "/b/data.csv"}])
    assert len(set(ids)) == 2
    assert all(ident.startswith("data_path-data-csv-") for ident in ids)


def test_long_values_are_capped_with_a_hash():
    long_a = "/" + "x" * 200 + "/a" * 50
    ids = run_ids.run_ids([{"label": "a" * 300 + "1"}, {"label": "a" * 300 + "2"}])
    assert len(set(ids)) == 2
    assert all(len(ident.encode()) <= 120 for ident in ids)
    assert run_ids.run_ids([{"data_path": long_a}])[0] == "data_path-a"


def test_aliases_of_one_governorate_make_one_run(tmp_path):
    done = batch.load(
        _casualties_batch(tmp_path, "matrix: {governorate: [Aleppo, Halab, SY02, حلب, Hama]}\n")
    )
    assert [run.id for run in done.runs] == ["governorate-aleppo", "governorate-hama"]


def _casualties_batch(tmp_path, text):
    path = tmp_path / "c.yaml"
    path.write_text(f"notebook: {CASUALTIES}\nformats: [html]\n{text}", encoding="utf-8")
    return path


def test_an_id_template(tmp_path):
    done = batch.load(
        _casualties_batch(
            tmp_path,
            'id: "{governorate}-{start_date}"\nmatrix: {governorate: [Hama, Homs]}\n'
            "periods: {start: 2024-12-02, end: 2024-12-15, split: week}\n",
        )
    )
    assert [run.id for run in done.runs] == [
        "hama-2024-12-02",
        "hama-2024-12-09",
        "homs-2024-12-02",
        "homs-2024-12-09",
    ]


def test_an_id_template_that_collides_names_both_runs(tmp_path):
    path = _casualties_batch(
        tmp_path,
        'id: "{governorate}"\nruns:\n'
        "  - {governorate: Hama, start_date: 2024-12-01}\n"
        "  - {governorate: Hama, start_date: 2024-12-02}\n",
    )
    with pytest.raises(ParameterError) as caught:
        batch.load(path)
    assert "run 2 (hama) has the same id as run 1" in str(caught.value)


def test_an_id_template_naming_an_unknown_parameter(tmp_path):
    path = _casualties_batch(tmp_path, 'id: "{region}"\nmatrix: {governorate: [Hama, Homs]}\n')
    with pytest.raises(ParameterError, match=r"'region', not parameters of casualties\.ipynb"):
        batch.load(path)


def test_report_names_reflect_the_data_file(tmp_path):
    period = {"start_date": "2024-12-01", "end_date": "2024-12-08"}
    default = report_stem(CASUALTIES, {**period, "casualties_path": "bundled"})
    assert default == "casualties_2024-12-01_2024-12-08"
    one = report_stem(CASUALTIES, {**period, "casualties_path": "/a/ged.csv"})
    two = report_stem(CASUALTIES, {**period, "casualties_path": "/b/ged.csv"})
    assert one != two
    for stem in (one, two):  # the period, then one short hash for the data: no file names
        assert re.fullmatch(r"casualties_2024-12-01_2024-12-08_[0-9a-f]{6}", stem), stem
    three = report_stem(
        CASUALTIES,
        {
            **period,
            "governorate": "Dar'a",
            "casualties_path": "/home/analyst/downloads/ged_syria_652.1601.1911.csv",
            "compare_path": "/home/analyst/downloads/acled_syria_2017-01-01_2023-06-02.csv",
            "boundaries_path": "/home/analyst/maps/syr_admbnda_adm1_uncs_unocha_20201217.json",
        },
    )
    assert re.fullmatch(r"casualties_dara_2024-12-01_2024-12-08_[0-9a-f]{6}", three), three


def test_an_output_folder_too_deep_for_the_file_names_is_refused(tmp_path):
    done = plan(tmp_path, "runs:\n  - {label: a}\n")
    deep = tmp_path.joinpath(*["d" * 250] * 17)  # over 4,096 bytes: no file fits below it
    with pytest.raises(ParameterError, match="file names would be too long"):
        batch.check_outputs(done, deep)
    batch.check_outputs(done, tmp_path / "out")  # a folder still to be made is fine
    assert not (tmp_path / "out").exists()


def test_the_arabic_edition_is_named_beside_the_english_one():
    period = {"start_date": "2024-12-01", "end_date": "2024-12-08", "governorate": "Aleppo"}
    english = report_stem(CASUALTIES, {**period, "language": "en", "digits": "latin"})
    arabic = report_stem(CASUALTIES, {**period, "language": "ar"})
    indic = report_stem(CASUALTIES, {**period, "language": "ar", "digits": "arabic"})
    assert english == "casualties_aleppo_2024-12-01_2024-12-08"  # as before the Arabic edition
    assert (arabic, indic) == (f"{english}_ar", f"{english}_ar_arabic-digits")
    named = report_stem(CASUALTIES, {**period, "governorate": "حلب", "language": "ar"})
    assert named == arabic  # Aleppo named in Arabic: the same report, the same file
