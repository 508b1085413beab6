"""The in-process memo of the content cache: a worker's second read of a file parses, loads and
hashes nothing, an edited or replaced file misses, and the memo stays bounded."""

import csv
import os
import time

import pandas as pd
import pytest

from analysis import data
from analysis.data import cache
from tests.unit.test_event_files import UCDP_HEADER, ucdp_row, write


def deaths_in(path):
    """Sum of the ``best`` column, read with the csv module."""
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(int(row["best"]) for row in csv.DictReader(handle))


@pytest.fixture
def counted(monkeypatch):
    """Counts of file hashes and Arrow loads done by the cache; the memo starts empty and
    trusts files however recently they changed (the racy-file rule has its own test)."""
    cache.forget()
    monkeypatch.setattr(cache, "RACY_S", 0.0)
    counts = {"hashed": 0, "loaded": 0}
    hash_file, load = cache.sha256_file, cache._load

    def hashing(path):
        counts["hashed"] += 1
        return hash_file(path)

    def loading(target):
        counts["loaded"] += 1
        return load(target)

    monkeypatch.setattr(cache, "sha256_file", hashing)
    monkeypatch.setattr(cache, "_load", loading)
    yield counts
    cache.forget()


def counting_build(path, calls):
    def build():
        calls.append(path)
        return pd.DataFrame({"n": [len(path.read_bytes())]})

    return build


def test_second_read_hashes_loads_and_parses_nothing(tmp_path, counted):
    path = write(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(i) for i in range(6)])
    first = data.read(path).frame
    assert counted == {"hashed": 1, "loaded": 0}
    second = data.read(path).frame
    assert counted == {"hashed": 1, "loaded": 0}  # nothing read from disk at all
    assert second["deaths_best"].sum() == deaths_in(path) == first["deaths_best"].sum()
    assert second is not first  # each caller gets its own (shallow) copy


def test_a_fresh_process_loads_from_disk_once_then_from_memory(tmp_path, counted):
    path = write(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(i) for i in range(6)])
    data.read(path)
    cache.forget()  # as a new worker would start: the Arrow file exists, the memo is empty
    data.read(path)
    assert counted == {"hashed": 2, "loaded": 1}
    data.read(path)
    assert counted == {"hashed": 2, "loaded": 1}


def test_a_caller_changing_its_frame_does_not_change_the_next_read(tmp_path, counted):
    path = write(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(i) for i in range(6)])
    mine = data.read(path).frame
    mine["deaths_best"] = 0
    mine.loc[mine.index[0], "admin1_name"] = mine["admin1_name"].iloc[-1]
    mine["extra"] = 1
    theirs = data.read(path).frame
    assert theirs["deaths_best"].sum() == deaths_in(path) == 36
    assert "extra" not in theirs.columns


def test_edited_file_with_same_size_and_mtime_is_read_again(tmp_path, counted):
    path = write(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(i) for i in range(6)])
    before = data.read(path).frame["deaths_best"].sum()
    time.sleep(0.05)  # beyond the file system's timestamp granularity
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b",6,8,", b",7,8,", 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # mtime set back
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    after = data.read(path).frame["deaths_best"].sum()
    assert after == deaths_in(path) == before + 1
    assert counted["hashed"] == 2


def test_file_replaced_by_rename_is_read_again(tmp_path, counted):
    path = write(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(i) for i in range(6)])
    before = data.read(path).frame["deaths_best"].sum()
    stat = path.stat()
    time.sleep(0.05)
    other = write(
        tmp_path / "new.csv",
        UCDP_HEADER,
        [ucdp_row(i, best="7" if i == 2 else "6") for i in range(6)],
    )
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(other, path)
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    after = data.read(path).frame["deaths_best"].sum()
    assert after == deaths_in(path) == before + 1


def test_recently_changed_file_is_hashed_again_but_not_parsed(tmp_path, monkeypatch):
    cache.forget()
    path = tmp_path / "table.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    calls = []
    hashed = []
    hash_file = cache.sha256_file
    monkeypatch.setattr(cache, "sha256_file", lambda p: hashed.append(p) or hash_file(p))
    for _ in range(3):
        cache.cached_frame(path, "test", "1", counting_build(path, calls))
    assert len(calls) == 1  # the frame is kept by its content key
    assert len(hashed) == 3  # the file changed under RACY_S ago: its identity is not trusted
    cache.forget()


def test_memo_is_bounded_and_least_recently_used_goes_first(tmp_path, counted):
    paths = []
    for i in range(cache.MEMO_FRAMES + 2):
        path = tmp_path / f"t{i}.csv"
        path.write_text("a\n" + "1\n" * (i + 1), encoding="utf-8")
        paths.append(path)
    calls = []
    cache.cached_frame(paths[0], "test", "1", counting_build(paths[0], calls))
    for path in paths[1:]:
        cache.cached_frame(paths[0], "test", "1", counting_build(paths[0], calls))  # kept fresh
        cache.cached_frame(path, "test", "1", counting_build(path, calls))
    assert len(cache._frames) == cache.MEMO_FRAMES
    assert len(calls) == len(paths)  # each file built once
    loaded = counted["loaded"]
    cache.cached_frame(paths[0], "test", "1", counting_build(paths[0], calls))
    assert counted["loaded"] == loaded  # the most used file stayed in memory
    frame = cache.cached_frame(paths[1], "test", "1", counting_build(paths[1], calls))
    assert counted["loaded"] == loaded + 1  # the oldest other one had left: read from disk
    assert frame["n"].iloc[0] == len(paths[1].read_bytes())
    assert len(cache._frames) == cache.MEMO_FRAMES


def test_no_cache_setting_turns_the_memo_off(tmp_path, counted, monkeypatch):
    monkeypatch.setenv("SITREP_NO_CACHE", "1")
    path = tmp_path / "table.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    calls = []
    for _ in range(2):
        cache.cached_frame(path, "test", "1", counting_build(path, calls))
    assert len(calls) == 2 and not cache._frames


def test_a_pre_check_keeps_nothing_in_memory(tmp_path, counted):
    from analysis.report.prechecks import DataCheck

    path = write(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(i) for i in range(6)])
    assert DataCheck().problem(str(path), "casualties") is None
    assert not cache._frames and not cache._digests


def test_memo_keeps_frames_within_its_memory_budget(tmp_path, counted, monkeypatch):
    calls = []
    paths = []
    for i in range(3):
        path = tmp_path / f"t{i}.csv"
        path.write_text("a\n" + "1\n" * (i + 1), encoding="utf-8")
        paths.append(path)
    size = int(pd.DataFrame({"n": [1]}).memory_usage(deep=True).sum())
    monkeypatch.setattr(cache, "MEMO_BYTES", 2 * size)  # room for two of these frames
    for path in paths:
        cache.cached_frame(path, "test", "1", counting_build(path, calls))
    assert len(cache._frames) == 2
    monkeypatch.setattr(cache, "MEMO_BYTES", 1)  # too small for any: the newest still stays
    cache.cached_frame(paths[0], "test", "1", counting_build(paths[0], calls))
    assert len(cache._frames) == 1 and counted["loaded"] == 1  # paths[0] had been evicted


def test_a_frame_mapped_from_the_cache_file_can_be_changed_by_its_caller(tmp_path, counted):
    """Loaded from the memory-mapped Arrow file (read-only pages): a caller's edits still work,
    on its copy only, and neither the memo nor the file changes."""
    path = write(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(i) for i in range(6)])
    data.read(path)
    cache.forget()
    mine = data.read(path).frame
    assert counted["loaded"] == 1
    mine["deaths_best"] = mine["deaths_best"] * 2
    mine.loc[mine.index[0], "event_id"] = "changed"
    mine["admin1_name"] = mine["admin1_name"].astype("string").str.upper()
    theirs = data.read(path).frame
    assert theirs["deaths_best"].sum() == deaths_in(path) == 36
    assert "changed" not in set(theirs["event_id"])
    cache.forget()
    again = data.read(path).frame
    assert again["deaths_best"].sum() == 36 and "changed" not in set(again["event_id"])


def test_text_columns_are_kept_and_stored_in_one_chunk(tmp_path, counted):
    """A parse leaves text in many chunks; filtering such a column concatenates them each time.
    Built or loaded, the kept frame has one chunk per text column, with the same values."""
    import pyarrow as pa

    path = tmp_path / "table.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    words = [f"note {i}" for i in range(10)]
    chunked = pa.chunked_array([pa.array(words[:4]), pa.array(words[4:7]), pa.array(words[7:])])

    def build():
        text = pd.Series(pd.StringDtype("pyarrow").__from_arrow__(chunked))
        return pd.DataFrame({"notes": text, "n": range(10)})

    def chunks(frame):
        return frame["notes"].array.__arrow_array__().num_chunks

    assert chunks(build()) == 3
    first = cache.cached_frame(path, "chunks", "1", build)
    cache.forget()
    loaded = cache.cached_frame(path, "chunks", "1", build)
    assert counted["loaded"] == 1
    for frame in (first, loaded):
        assert chunks(frame) == 1
        assert list(frame["notes"]) == words and str(frame["notes"].dtype) == "string"
        assert list(frame.loc[frame["n"] % 3 == 0, "notes"]) == words[::3]


def test_file_digest_hashes_once_while_the_file_is_unchanged(tmp_path, counted):
    import hashlib

    path = tmp_path / "table.csv"
    path.write_bytes(b"a\n1\n")
    assert cache.file_digest(path) == hashlib.sha256(b"a\n1\n").hexdigest()
    assert cache.file_digest(str(path)) == hashlib.sha256(b"a\n1\n").hexdigest()
    assert counted["hashed"] == 1
    time.sleep(0.05)
    path.write_bytes(b"a\n2\n")
    assert cache.file_digest(path) == hashlib.sha256(b"a\n2\n").hexdigest()
    assert counted["hashed"] == 2


def test_another_cache_folder_gets_its_own_entry(tmp_path, counted, monkeypatch):
    path = write(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(i) for i in range(6)])
    data.read(path)
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert data.read(path).frame["deaths_best"].sum() == deaths_in(path)
    assert list((tmp_path / "elsewhere" / "frames").glob("*.arrow"))


def test_shared_frames_are_the_kept_object_and_no_report_section_changes_them(
    tmp_path, counted, monkeypatch
):
    """Batch kernels get the kept frame itself; every section of the casualties and trends
    reports then leaves it as read (compared with a fresh parse, the cache off)."""
    import matplotlib.pyplot as plt

    from analysis.sections import casualties, trends

    path = write(
        tmp_path / "ged.csv",
        UCDP_HEADER,
        [
            ucdp_row(i, adm_1="Hama Governorate" if i % 2 else "Aleppo Governorate")
            for i in range(9)
        ],
    )
    monkeypatch.setattr(cache, "_shared", False)
    cache.share_frames()
    kept = data.read(path).frame
    assert data.read(path).frame is kept
    dates = {"start_date": "2017-01-02", "end_date": "2017-01-08"}
    for governorate in ("all", "Aleppo"):
        report = casualties.load(casualties_path=str(path), governorate=governorate, **dates)
        casualties.key_figures(report)
        casualties.deaths_section(report)
        casualties.sources_section(report)
        report = trends.load(casualties_path=str(path), governorate=governorate, **dates)
        for name in dir(trends):
            if name.endswith("_section"):
                getattr(trends, name)(report)
        plt.close("all")
    monkeypatch.setenv("SITREP_NO_CACHE", "1")
    fresh = data.read(path).frame
    pd.testing.assert_frame_equal(kept, fresh, check_categorical=False)
    assert data.read(path).frame is not kept  # the cache is off: parsed again
