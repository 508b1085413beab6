"""The content-keyed cache: a second read of unchanged bytes comes from the cache folder."""

import os
import stat

import pandas as pd

from analysis import data
from tests.unit.test_event_files import UCDP_HEADER, ucdp_row, write


def entries(cache):
    return sorted((cache / "frames").glob("*.arrow"))


def test_second_read_is_served_from_the_cache_and_edits_miss(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("SITREP_CACHE_DIR", str(cache))
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    path = write(inputs / "ged.csv", UCDP_HEADER, [ucdp_row(i) for i in range(6)])
    inputs.chmod(stat.S_IRUSR | stat.S_IXUSR)  # input folders may be read-only
    try:
        first = data.read(path).frame
        assert len(entries(cache)) == 1
        entry = entries(cache)[0]
        stamp = entry.stat().st_mtime_ns
        second = data.read(path).frame
        # Same values and column kinds; a category's label storage may differ after the trip.
        pd.testing.assert_frame_equal(first, second, check_categorical=False)
        assert list(first.dtypes.astype(str)) == list(second.dtypes.astype(str))
        assert entries(cache) == [entry] and entry.stat().st_mtime_ns == stamp
        assert sorted(os.listdir(inputs)) == ["ged.csv"]  # nothing written beside the input
    finally:
        inputs.chmod(stat.S_IRWXU)
    # Same size and time, different bytes: the content key still misses.
    text = path.read_text(encoding="utf-8").replace(",6,8,", ",7,8,", 1)
    mtime = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime, mtime))
    third = data.read(path).frame
    assert third["deaths_best"].sum() == first["deaths_best"].sum() + 1
    assert len(entries(cache)) == 2


def test_unwritable_cache_only_costs_speed(tmp_path, monkeypatch, capsys):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("SITREP_CACHE_DIR", str(blocked))
    path = write(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(1)])
    frame = data.read(path).frame
    assert frame["deaths_best"].sum() == 6
    assert capsys.readouterr().err == (
        f"sitrep: warning: could not write the cache at {blocked} (not a folder); continuing "
        "without it\n"
    )
