"""The cache folder's bound and ownership: least recently used out, what is in use kept, a copy
that cannot fit named in one line, a frame that cannot fit not stored, others' files untouched.

Time passing is simulated by setting an entry's access time back (``os.utime``), which is how
sitrep itself records a use."""

from __future__ import annotations

import gzip
import os
import random
import re
import time
import zipfile

import pytest

from analysis import data
from analysis.data import cache as frames_cache
from analysis.data import cachedir, cachewrite, containers
from analysis.errors import CacheError
from tests.unit.test_event_files import UCDP_HEADER, ucdp_row, write

HEADER = ["year", "coo_iso", "total"]
KiB = 1 << 10


@pytest.fixture(autouse=True)
def _signature(monkeypatch):
    monkeypatch.setattr(containers, "_signatures", lambda: [frozenset(HEADER)])
    containers._cache.clear()
    containers._handed.clear()
    frames_cache.forget()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SITREP_CACHE_DIR", str(folder))
    return folder


def gz_table(path, size: int, seed: int):
    """A gzip CSV of about ``size`` bytes of rows that compress little (no ratio limit near)."""
    rng = random.Random(seed)
    rows, length = ["year,coo_iso,total\n"], 0
    while length < size:
        rows.append(f"{rng.randrange(1900, 2100)},{rng.randrange(10**9):09d},{rng.random()}\n")
        length += len(rows[-1])
    path.write_bytes(gzip.compress("".join(rows).encode()))
    return path


def set_used(path, seconds_ago: float) -> None:
    """Record the entry holding ``path`` as last used ``seconds_ago`` (its written time kept)."""
    info = path.stat()
    os.utime(path, ns=(time.time_ns() - int(seconds_ago * 1e9), info.st_mtime_ns))


def copies(cache) -> dict[str, int]:
    """The plain copies in the cache: file name -> size."""
    return {p.name: p.stat().st_size for p in (cache / "plain").glob("*/*") if p.name[0] != "."}


def test_the_folder_sitrep_creates_is_tagged_and_only_that_one(tmp_path, cache, monkeypatch):
    source = containers.open_source(gz_table(tmp_path / "a.csv.gz", 2 * KiB, 1))
    assert source.local.parent.parent == cache / "plain"
    tag = (cache / "CACHEDIR.TAG").read_text(encoding="utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55\n")

    mine = tmp_path / "mine"  # a folder of the user's, given as the cache folder
    mine.mkdir()
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("SITREP_CACHE_DIR", str(mine))
    containers._cache.clear()
    containers.open_source(tmp_path / "a.csv.gz")
    assert not (mine / "CACHEDIR.TAG").exists()  # backup tools must still save the user's folder
    assert (mine / "plain" / "CACHEDIR.TAG").exists()  # the subfolder sitrep made is tagged


def test_least_recently_used_copies_go_first_and_the_bound_holds(tmp_path, cache, monkeypatch):
    files = {
        name: gz_table(tmp_path / f"{name}.csv.gz", 100 * KiB, n) for n, name in enumerate("abcde")
    }
    for name in "abc":
        containers.open_source(files[name])
    sizes = copies(cache)
    assert sorted(sizes) == ["a.csv", "b.csv", "c.csv"]
    bound = sum(sizes.values()) + 50 * KiB  # room for three copies, not four
    monkeypatch.setenv("SITREP_CACHE_MAX", str(bound))
    local = {name: containers.open_source(files[name]).local for name in "abc"}
    containers._handed.clear()  # this process holds nothing now
    set_used(local["a"], 300)
    set_used(local["b"], 200)
    set_used(local["c"], 100)
    written = local["a"].stat().st_mtime_ns

    containers.open_source(files["a"])  # a hit: "a", the oldest written, is now the newest used
    assert local["a"].stat().st_atime_ns > time.time_ns() - 5e9
    assert local["a"].stat().st_mtime_ns == written  # marked, not rewritten
    containers._handed.clear()

    containers.open_source(files["d"])
    assert sorted(copies(cache)) == ["a.csv", "c.csv", "d.csv"]  # "b" was the least recent
    assert not local["b"].parent.exists()  # its folder went with it
    containers._handed.clear()
    containers.open_source(files["e"])
    assert sorted(copies(cache)) == ["a.csv", "d.csv", "e.csv"]  # then "c"
    assert sum(e.size for e in cachedir.entries()) <= bound


def test_what_is_in_use_is_never_evicted(tmp_path, cache, monkeypatch):
    files = {
        name: gz_table(tmp_path / f"{name}.csv.gz", 100 * KiB, n) for n, name in enumerate("abc")
    }
    held = containers.open_source(files["a"])  # this process holds "a" (its source)
    containers.open_source(files["b"])
    monkeypatch.setenv("SITREP_CACHE_MAX", str(150 * KiB))  # room for one copy
    set_used(held.local, 300)  # used long ago, but held by this process right now
    containers.open_source(files["c"])  # "b" was used a moment ago (by anyone): kept too
    assert sorted(copies(cache)) == ["a.csv", "b.csv", "c.csv"]  # over the bound, for now
    set_used(containers.open_source(files["b"]).local, 300)
    containers._handed.clear()
    set_used(held.local, 300)
    containers.open_source(files["c"])  # a hit writes nothing; the next write trims
    cachedir.trim()
    assert sorted(copies(cache)) == ["c.csv"]


def test_a_copy_larger_than_the_bound_is_cache_full_in_one_line(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("SITREP_CACHE_MAX", "1M")
    path = gz_table(tmp_path / "big.csv.gz", 3 << 20, 7)
    with pytest.raises(CacheError) as err:
        containers.open_source(path)
    message = str(err.value)
    assert message.startswith(
        f"cache full: {path} is read through a plain copy in the cache at {cache}, which grows "
        "past the 1 MiB the cache may hold (SITREP_CACHE_MAX=1M). Raise the bound above the "
        "file's uncompressed size (e.g. SITREP_CACHE_MAX="
    )
    assert "\n" not in message
    assert re.search(r"e\.g\. SITREP_CACHE_MAX=\d+M\)", message)
    assert list(cache.rglob("*")) == [cache / "CACHEDIR.TAG"]

    archive = tmp_path / "big.zip"  # a zip member states its size: refused before inflating
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("big.csv", gzip.decompress(path.read_bytes()))
    size = zipfile.ZipFile(archive).getinfo("big.csv").file_size
    with pytest.raises(CacheError) as err:
        containers.open_source(archive)
    assert f"{archive}::big.csv is read through a plain copy" in str(err.value)
    assert f"which takes {data.limits.human(size)}, more than the 1 MiB" in str(err.value)
    assert "e.g. SITREP_CACHE_MAX=4M" in str(err.value)
    assert list(cache.rglob("*")) == [cache / "CACHEDIR.TAG"]


def test_a_frame_that_does_not_fit_is_not_stored_with_one_warning(
    tmp_path, cache, monkeypatch, capsys
):
    monkeypatch.setenv("SITREP_CACHE_MAX", "2K")
    paths = [
        write(tmp_path / f"ged{n}.csv", UCDP_HEADER, [ucdp_row(i) for i in range(40 + n)])
        for n in range(2)
    ]
    frames = [data.read(path).frame for path in paths]
    assert [len(f) for f in frames] == [40, 41]  # the reads are whole
    assert not list((cache / "frames").glob("*.arrow"))
    shown = capsys.readouterr().err.splitlines()
    assert len(shown) == 1
    assert shown[0].startswith(f"sitrep: warning: not caching the frame of {paths[0]} (")
    assert "SITREP_CACHE_MAX=2K" in shown[0]


def test_a_cache_folder_that_is_a_file_is_named(tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("SITREP_CACHE_DIR", str(blocked))
    path = gz_table(tmp_path / "a.csv.gz", 2 * KiB, 3)
    with pytest.raises(CacheError) as err:
        containers.open_source(path)
    assert str(err.value) == (
        f"not a folder: cannot write the cache for {path} at {blocked}. Set SITREP_CACHE_DIR to "
        "a folder (a file is in the way)."
    )
    assert blocked.read_text(encoding="utf-8").startswith("a file")


def test_a_subfolder_of_someone_elses_is_neither_written_nor_cleared(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    (home / "plain").mkdir(parents=True)
    (home / "frames").mkdir()  # empty, made ready by the user for files of their own
    theirs = home / "plain" / ("0" * 64 + "-whole-v1")
    theirs.mkdir()
    (theirs / "x.csv").write_text("theirs", encoding="utf-8")
    (home / "plain" / "todo.txt").write_text("theirs", encoding="utf-8")  # not a name of ours
    monkeypatch.setenv("SITREP_CACHE_DIR", str(home))
    path = gz_table(tmp_path / "a.csv.gz", 2 * KiB, 4)
    with pytest.raises(CacheError, match=r"plain is not sitrep's \(it was there before, wi"):
        containers.open_source(path)
    assert cachedir.entries() == []
    ged = write(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(i) for i in range(3)])
    assert len(data.read(ged).frame) == 3  # read; the frame is not kept in their folder
    assert capsys.readouterr().err == (
        f"sitrep: warning: could not write the cache: {home / 'frames'} is not sitrep's (it was "
        "there before, without sitrep's CACHEDIR.TAG); set SITREP_CACHE_DIR to a folder of its "
        "own; continuing without it\n"
    )
    cachedir.clear()
    assert (theirs / "x.csv").read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in (home / "plain").iterdir()) == [theirs.name, "todo.txt"]
    assert (home / "frames").is_dir() and not any((home / "frames").iterdir())


def test_errors_are_named_as_what_they_are():
    import errno

    cases = {
        errno.ENOSPC: "disk full",
        errno.EDQUOT: "disk quota exceeded",
        errno.EACCES: "permission denied",
        errno.EROFS: "read-only file system",
        errno.ENOENT: "no such folder",
        errno.ENOTDIR: "not a folder",
    }
    for code, words in cases.items():
        assert cachewrite.problem(OSError(code, os.strerror(code))) == words
    arrow = OSError("IOError: No space left on device. Detail: [errno 28]")  # Arrow's, no errno
    assert cachewrite.problem(arrow) == "disk full"
