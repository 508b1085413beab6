"""A batch file is bounded before anything is built from it: its size, its values with YAML aliases
expanded, its nesting, the runs it makes and its id template; and a refusal quotes nothing of a
file that is not a batch file."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from analysis.errors import ParameterError
from analysis.report import batch, prechecks

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "fault_fixture.ipynb"
CASUALTIES = REPO / "notebooks" / "casualties.ipynb"
SECRET = "hunter2-s3cr3t"


def write(tmp_path: Path, text: str, name: str = "b.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path, overrides=None) -> str:
    with pytest.raises(ParameterError) as caught:
        batch.load(path, overrides)
    message = str(caught.value)
    assert "\n" not in message, message
    shown = prechecks.short_path(path)  # the path as given, cut in the middle when long
    assert message.startswith(f"{shown}: ") or message.startswith("SITREP_"), message
    return message


def laughs(levels: int, anchors_at: str = "lol") -> str:
    """A billion laughs: each level an alias nine times to the level below (9 ** levels)."""
    lines = [f"notebook: {FIXTURE}", f'{anchors_at}0: &l0 ["lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"{anchors_at}{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    lines.append(f"parameters: {{label: *l{levels}}}")
    return "\n".join(lines) + "\n"


# --- the YAML's values ----------------------------------------------------------------------------


def test_a_billion_laughs_is_refused_before_it_is_built(tmp_path):
    path = write(tmp_path, laughs(9))  # 4 * 9 ** 9, about 1.5 billion values, in 500 bytes
    message = refusal(path)
    assert "more than 200,000 values once its aliases are expanded" in message
    assert "SITREP_MAX_BATCH_VALUES=200000" in message


def test_the_value_limit_counts_aliases_exactly(tmp_path, monkeypatch):
    # parameters: {label: *l2}: 1 mapping + 1 key + the aliased list (1 + 9 * (1 + 4) = 46).
    # lol0: 1 + 4 + 1 key = 6; lol1: 1 + 9 * 5 + 1 key = 47; lol2: 1 + 9 * 46 + 1 key = 416;
    # notebook: 2; the document's mapping: 1; "parameters" key + {label: *l2}: 1 + 1 + 1 + 415.
    total = 1 + 2 + 6 + 47 + 416 + (1 + 1 + 1 + 415)
    path = write(tmp_path, laughs(2))
    monkeypatch.setenv("SITREP_MAX_BATCH_VALUES", str(total - 1))
    assert "more than 889 values" in refusal(path)
    monkeypatch.setenv("SITREP_MAX_BATCH_VALUES", str(total))
    # Within the limit: the file is read, and refused for what it is (unknown keys lol0...).
    assert "lol0: Extra inputs are not permitted" in refusal(path)


def test_a_recursive_alias_is_refused(tmp_path):
    path = write(tmp_path, f"notebook: {FIXTURE}\nparameters: &p {{label: [1, *p]}}\n")
    message = refusal(path)
    assert "line 2: an alias inside the value it names (a recursive alias)" in message


def test_values_nested_too_deep_are_refused_even_through_an_alias(tmp_path):
    deep = "[" * 40 + "]" * 40
    message = refusal(write(tmp_path, f"notebook: {FIXTURE}\nparameters: {{label: {deep}}}\n"))
    assert "nested more than 32 levels deep" in message
    nested = "[" * 30 + "1" + "]" * 30  # 31 deep where it is written, 33 where it is used
    text = f"notebook: {FIXTURE}\nx: &deep {nested}\nparameters: {{label: [*deep]}}\n"
    assert "nested more than 32 levels deep" in refusal(write(tmp_path, text, "alias.yaml"))


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_MAX_BATCH_BYTES", "1000")
    path = write(tmp_path, f"notebook: {FIXTURE}\n# {'x' * 2000}\n")
    message = refusal(path)
    assert "the batch file is 2 KiB, more than the 1000 bytes a batch file may be" in message
    assert "SITREP_MAX_BATCH_BYTES=1000" in message and "x" * 20 not in message


@pytest.mark.parametrize("raw", ["abc", "0", "-5", "9" * 40])
def test_a_limit_that_is_not_a_number_is_one_line(tmp_path, monkeypatch, raw):
    monkeypatch.setenv("SITREP_MAX_RUNS", raw)
    path = write(tmp_path, f"notebook: {FIXTURE}\n")
    message = refusal(path)
    assert (
        message.startswith("SITREP_MAX_RUNS=") and "is not a whole number of at least 1" in message
    )


# --- runs -----------------------------------------------------------------------------------------


def test_runs_are_counted_from_the_dates_and_sizes_before_any_is_made(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_MAX_RUNS", "80")
    values = ", ".join(str(i) for i in range(10))
    path = write(
        tmp_path,
        f"notebook: {CASUALTIES}\nmatrix: {{governorate: [Hama, Homs], label: [{values}]}}\n"
        "periods: {start: 2024-12-02, end: 2024-12-29, split: week}\n"
        "runs:\n  - {governorate: Hama}\n",
    )
    message = refusal(path)
    assert "makes 81 runs (the matrix's 2 x 10 values times 4 weeks, plus 1 listed run)" in message
    assert "more than the 80 allowed" in message and "SITREP_MAX_RUNS=80" in message


def test_a_matrix_over_all_time_is_refused_without_counting_every_week(tmp_path):
    values = ", ".join(str(i) for i in range(1000))
    path = write(
        tmp_path,
        f"notebook: {CASUALTIES}\nmatrix: {{label: [{values}], x: [{values}]}}\n"
        "periods: {start: 0001-01-01, end: 9999-12-31, split: week}\n",
    )
    message = refusal(path)
    # 0001-01-01 is a Monday (ordinal 1); 9999-12-31 a Friday whose Monday is ordinal 3652055.
    weeks = (3652055 - 1) // 7 + 1
    assert "makes more than 20,000 runs" in message
    assert f"the matrix's 1,000 x 1,000 values times {weeks:,} weeks" in message


def test_exactly_the_limit_is_allowed(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_MAX_RUNS", "4")
    path = write(
        tmp_path,
        f"notebook: {FIXTURE}\nformats: [html]\nmatrix: {{label: [a, b]}}\n"
        "runs:\n  - {label: c}\n  - {label: d}\n",
    )
    assert [run.id for run in batch.load(path).runs] == ["label-a", "label-b", "label-c", "label-d"]
    monkeypatch.setenv("SITREP_MAX_RUNS", "3")
    assert "makes 4 runs (the matrix's 2 values, plus 2 listed runs)" in refusal(path)


def _days(start: dt.date, end: dt.date):
    return (dt.date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2024-12-02", "2024-12-02"),
        ("2024-12-01", "2024-12-02"),  # a Sunday then a Monday: two weeks
        ("2023-12-25", "2025-01-05"),
        ("2024-01-31", "2024-03-01"),
        ("0001-01-01", "0001-03-15"),
        ("9999-11-20", "9999-12-31"),  # the last day there is: no overflow
    ],
)
def test_periods_are_counted_without_being_made(start, end):
    start, end = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    weeks = {d.toordinal() - d.weekday() for d in _days(start, end)}  # the Mondays touched
    months = {(d.year, d.month) for d in _days(start, end)}
    for split, expected in (("week", len(weeks)), ("month", len(months)), ("none", 1)):
        periods = batch.Periods(start=start, end=end, split=split)
        assert batch.count_periods(periods) == expected
        pieces = batch.split_period(periods)
        assert len(pieces) == expected
        assert pieces[0][0] == start and pieces[-1][1] == end
        assert all(b == a[1] + dt.timedelta(days=1) for a, (b, _) in itertools.pairwise(pieces))


# --- the id template ------------------------------------------------------------------------------


def _templated(tmp_path, template: str) -> Path:
    return write(
        tmp_path,
        f"notebook: {CASUALTIES}\nformats: [html]\nid: '{template}'\n"
        "matrix: {governorate: [Hama, Homs]}\n",
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            "{governorate:>1000000000}",
            "field {governorate:>1000000000} asks for 1000000000 characters",
        ),
        ("{governorate:.1000000000}", "asks for 1000000000 characters"),
        (
            "{governorate:>201}",
            "asks for 201 characters; ids are cut to 120 bytes, so use at most 200",
        ),
        (
            "{governorate:d}",
            "field {governorate:d} is not a format for text (Unknown format code 'd'",
        ),
        ("{governorate:=10}", "is not a format for text ('=' alignment not allowed"),
        ("{governorate:,}", "is not a format for text (Cannot specify ',' with 's'.)"),
        ("{governorate:10>5}", "is not a format for text (Invalid format specifier)"),
        ("{governorate:{start_date}}", "nests a field in its format"),
        ("{governorate.upper}", "field {governorate.upper}: only a parameter's name may stand"),
        ("{governorate[0]}", "field {governorate[0]}: only a parameter's name"),
        ("{0}", "field {0}: only a parameter's name"),
        ("{}-x", "field {}: only a parameter's name"),
        ("{governorate!x}", "field {governorate!x}: write {governorate}."),
        ("{governorate", "expected '}' before end of string; write parameter names in braces"),
        ("{region}", "names 'region', not parameters of casualties.ipynb"),
        ("x" * 600, "600 characters; ids are cut to 120 bytes, so write at most 500"),
    ],
)
def test_an_id_template_is_checked_field_by_field(tmp_path, template, expected):
    message = refusal(_templated(tmp_path, template))
    assert ": id template '" in message and expected in message
    assert "x" * 61 not in message  # a long template is quoted cut


@pytest.mark.parametrize(
    ("template", "ids"),
    [
        ("{governorate:.3}", ["ham", "hom"]),
        ("{governorate:_>6}", ["__hama", "__homs"]),
        ("{governorate!r:^8}", ["hama", "homs"]),  # quotes and spaces become "-", then trimmed
        ("{governorate:>200}", None),  # the widest allowed: ids are then cut with a hash
    ],
)
def test_formats_for_text_are_kept(tmp_path, template, ids):
    found = [run.id for run in batch.load(_templated(tmp_path, template)).runs]
    if ids is not None:
        assert found == ids
    else:
        assert all(len(ident.encode()) <= 120 for ident in found) and len(set(found)) == 2


# --- files that are not batch files: named, never quoted ------------------------------------------


def test_a_secret_in_yaml_is_not_quoted(tmp_path):
    path = write(tmp_path, f"password: {SECRET}\napi_token: {SECRET}\n")
    message = refusal(path)
    assert "not a batch file: a YAML mapping with `notebook:`" in message
    assert "holds a mapping with none of those keys" in message
    assert SECRET not in message and "password" not in message and "api_token" not in message


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"{SECRET}: [\n  a: b\n", "line 3, column 1 (did not find expected ',' or ']')"),
        (f"token: *{SECRET}\n", "line 1, column 8 (found undefined alias)"),
        (f"token: !!python/object:{SECRET} x\n", "(could not determine a constructor for the tag)"),
        (f"token: &{SECRET} 1\nagain: &{SECRET} 2\n", "line 2, column 8 (found duplicate anchor)"),
        (f'token: "{SECRET}\\q"\n', "line 1, column"),
        (f"token: {SECRET}\n\t{SECRET}: x\n", "line 2, column 1"),
        (f"token: '{SECRET}\x07'\n", "(control characters are not allowed)"),
    ],
)
def test_yaml_that_cannot_be_read_is_placed_not_quoted(tmp_path, text, where):
    message = refusal(write(tmp_path, text))
    assert ": not valid YAML at " in message and where in message
    assert SECRET not in message and "<unicode string>" not in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe" + SECRET.encode("utf-16-le"), "not UTF-8 text (byte 0xff at position 1)"),
        (f"- {SECRET}\n- {SECRET}\n".encode(), "but it holds a list"),
        (f"{SECRET}\n".encode(), "but it holds a single value"),
        (b"", "but it holds nothing"),
        (b"# only a comment\n", "but it holds nothing"),
    ],
)
def test_files_that_are_not_batch_files_are_named_not_quoted(tmp_path, content, expected):
    path = tmp_path / "b.yaml"
    path.write_bytes(content)
    message = refusal(path)
    assert expected in message and SECRET not in message


def test_a_batch_files_own_problems_still_name_its_keys_cut(tmp_path):
    long_key = "k" * 60
    path = write(tmp_path, f"notebook: {FIXTURE}\nnotebok: x\n{long_key}: 1\ntimeout: soon\n")
    message = refusal(path)
    assert "notebok: Extra inputs are not permitted" in message
    assert "k" * 23 + "…: Extra inputs" in message and long_key not in message
    assert "timeout: Input should be a valid integer" in message


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    import os

    fifo = tmp_path / "b.yaml"
    os.mkfifo(fifo)
    assert "cannot read the batch file (it is a device, pipe or socket" in refusal(fifo)


def test_a_link_loop_is_one_line(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(ParameterError, match=r"'.*loop\.yaml' is a symbolic link that leads back"):
        batch.load(loop)
