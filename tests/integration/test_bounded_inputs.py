"""Bombs, kills and full disks through real processes: a gzip bomb is refused with bounded
memory, a conversion killed with SIGKILL leaves a temporary file that the next process removes
(while a live writer's is kept), Ctrl-C leaves nothing, a full cache or disk is named in one
line, and `sitrep cache clear` on a cache folder that is the user's home loses none of the
user's files.

Every process here gets this test's own cache folder and TMPDIR; bombs are made in the test (a
gigabyte inside, a megabyte on disk). The tmpfs tests mount a small file system, which needs
root: they skip when mount is not permitted, and always unmount."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.mounts import tmpfs
from tests.integration.reader import REPO, sitrep
from tests.unit.test_event_files import UCDP_HEADER, ucdp_row

MiB = 1 << 20


@pytest.fixture
def env(tmp_path):
    """The environment of this test's processes: its own cache folder and TMPDIR."""
    (tmp_path / "tmp").mkdir()
    return {
        **os.environ,
        "SITREP_CACHE_DIR": str(tmp_path / "cache"),
        "TMPDIR": str(tmp_path / "tmp"),
    }


def ucdp_text(rows: int, delimiter: str = ",", start: int = 0) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=UCDP_HEADER, delimiter=delimiter, lineterminator="\n")
    writer.writerows(ucdp_row(i) for i in range(start, start + rows))
    return out.getvalue().encode()


def header(delimiter: str = ",") -> bytes:
    return (delimiter.join(UCDP_HEADER) + "\n").encode()


def repeated_gz(head: bytes, block: bytes, times: int) -> bytes:
    """``head`` then ``block`` ``times`` times, as one gzip file of many members."""
    return gzip.compress(head) + gzip.compress(block, 9) * times


def left(cache: Path) -> list[str]:
    """What is in the cache folder but its CACHEDIR.TAG."""
    if not cache.exists():
        return []
    return sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.name != "CACHEDIR.TAG")


def temporaries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob(".*.tmp") if p.is_file())


def wait_for(condition, seconds: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.01)


# --------------------------------------------------------------------------- bounded memory

MEASURE = """
import json, resource, sys, time
from analysis import data  # the formats' signatures, as `sitrep data summary` has them
from analysis.data import containers
from analysis.errors import AnalysisError

def status(field):  # kB, from /proc/self/status
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith(field))

try:  # forget the peak of the imports (Linux: "5" resets VmHWM to the current RSS)
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
    before, peak = status("VmRSS:"), lambda: status("VmHWM:")
except OSError:
    before, peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, lambda: (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    )
start = time.perf_counter()
try:
    containers.open_source(sys.argv[1])
    message = None
except AnalysisError as exc:
    message = str(exc)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "growth_mib": (peak() - before) / 1024, "message": message}))
"""


def measure(path: Path, env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout)


def test_gzip_bombs_refused_quickly_with_bounded_memory(tmp_path, env, capsys):
    """Under the default limits: a gigabyte of newlines under a header, comma- or
    semicolon-separated (refused by the ratio once past a million lines), and one
    gigabyte-long field (refused at 16 MiB of one line)."""
    newlines = tmp_path / "newlines.csv.gz"
    newlines.write_bytes(repeated_gz(header(), b"\n" * (16 * MiB), 64))
    semicolon = tmp_path / "newlines_semicolon.csv.gz"
    semicolon.write_bytes(repeated_gz(header(";"), b"\n" * (16 * MiB), 64))
    field = tmp_path / "field.csv.gz"
    field.write_bytes(repeated_gz(header() + b"1,2017,", b"x" * (16 * MiB), 64))
    assert max(p.stat().st_size for p in (newlines, semicolon, field)) < 2 * MiB
    figures = {}
    for path, limit in (
        (newlines, "SITREP_MAX_RATIO=200"),
        (semicolon, "SITREP_MAX_RATIO=200"),
        (field, "SITREP_MAX_LINE=16M"),
    ):
        result = measure(path, env)
        assert result["message"].startswith(f"{path}: refused: ")
        assert limit in result["message"]
        # Generous bounds: inflating the whole gigabyte, or holding the line, would pass both.
        assert result["growth_mib"] < 128, result
        assert result["seconds"] < 20, result
        figures[path.name] = (round(result["seconds"], 2), round(result["growth_mib"], 1))
        assert left(tmp_path / "cache") == []
    with capsys.disabled():
        print(f"\n  bombs refused (seconds, peak RSS growth MiB): {figures}")


# ------------------------------------------------------------------- kills and interruptions

LIVE_WRITER = """
import sys
from pathlib import Path
from analysis.data import cachewrite
target = Path(sys.argv[1])
with cachewrite.writing("plain", target, "a live writer", needed=True) as output:
    stream = output.binary()
    stream.write(b"year,total\\n")
    stream.flush()
    print(output.path, flush=True)
    sys.stdin.read()  # holds its lock until the test closes its stdin
"""


def slow_gz(tmp_path: Path) -> Path:
    """A semicolon gzip of about 400 MiB (a few MiB on disk): seconds of conversion."""
    path = tmp_path / "slow.csv.gz"
    block = ucdp_text(4000, ";")
    path.write_bytes(repeated_gz(header(";"), block, (400 * MiB) // len(block)))
    return path


def test_kill_9_leaves_a_temporary_file_that_the_next_process_removes(tmp_path, env):
    cache = tmp_path / "cache"
    env = {**env, "SITREP_MAX_RATIO": "100000"}
    live_target = cache / "plain" / ("b" * 64 + "-whole-v1") / "live.csv"
    live = subprocess.Popen(
        [sys.executable, "-c", LIVE_WRITER, str(live_target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        live_temporary = Path(live.stdout.readline().strip())
        assert live_temporary.exists()
        slow = slow_gz(tmp_path)
        killed = subprocess.Popen(
            [sys.executable, "-m", "analysis.cli", "data", "summary", str(slow)],
            env=env,
            cwd=REPO,
            stderr=subprocess.DEVNULL,
        )
        dead = []

        def writing() -> bool:
            dead[:] = [p for p in temporaries(cache) if p != live_temporary]
            return bool(dead) and dead[0].stat().st_size > 0

        try:
            wait_for(writing, what="the conversion's temporary file")
        finally:
            killed.send_signal(signal.SIGKILL)
            killed.wait()
        assert dead[0].exists()  # kill -9 leaves it: nothing in the process could remove it
        assert live_temporary.exists()  # the killed process's own sweep kept the live one

        done = sitrep("cache", "info", "--json", env=env)
        assert done.returncode == 0, done.stderr
        info = json.loads(done.stdout)
        assert info["swept"]["removed"] == 1 and info["swept"]["live"] == 1
        assert not dead[0].exists() and not dead[0].parent.exists()  # its folder went too
        assert live_temporary.exists()  # a live writer's file is never removed
        assert info["kinds"]["temporary"]["entries"] == 1

        done = sitrep("cache", "clear", env=env)  # clear keeps it too
        assert done.returncode == 0 and live_temporary.exists()
        assert "kept 1 entries" in done.stdout
        live.stdin.close()  # the live writer finishes its entry
        assert live.wait(timeout=60) == 0
        assert live_target.read_text(encoding="utf-8") == "year,total\n"
        assert temporaries(cache) == []
    finally:
        if live.poll() is None:
            live.kill()
            live.wait()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_conversion_leaves_nothing(tmp_path, env, signum):
    cache = tmp_path / "cache"
    env = {**env, "SITREP_MAX_RATIO": "100000"}
    slow = slow_gz(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis.cli", "data", "summary", str(slow)],
        env=env,
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: any(p.stat().st_size for p in temporaries(cache)), what="the conversion")
    finally:
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    if signum == signal.SIGINT:  # Ctrl-C: the conversion cleans up after itself, at once
        assert process.returncode == 130 and err.strip().endswith("sitrep: interrupted")
        assert left(cache) == []
    # SIGTERM: cleaned up at once where the command turns it into an interruption, or else
    # left to the next process's sweep; either way nothing stays.
    assert sitrep("cache", "info", env=env).returncode == 0
    assert left(cache) == []


# ---------------------------------------------------------------------- full disk, full cache


def rows_gz(path: Path, size: int) -> Path:
    """A gzip of UCDP rows, about ``size`` bytes inflated."""
    block = ucdp_text(1000)
    path.write_bytes(repeated_gz(header(), block, max(1, size // len(block))))
    return path


def test_disk_full_and_cache_full_are_named_in_one_line(tmp_path, env):
    data = rows_gz(tmp_path / "ged.csv.gz", 4 * MiB)
    with tmpfs(tmp_path / "small", "size=2m,mode=0755") as small:
        done = sitrep("data", "summary", data, env={**env, "SITREP_CACHE_DIR": str(small)})
        assert done.returncode == 1
        assert done.stderr.startswith(
            f"sitrep: error: disk full: {data} is read through a plain copy in the cache at "
            f"{small}, and its disk has "
        )
        assert "set SITREP_CACHE_DIR to a folder on a disk with room" in done.stderr
        assert done.stderr.count("\n") == 1
        assert left(small) == []

    done = sitrep("data", "summary", data, env={**env, "SITREP_CACHE_MAX": "1M"})
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"sitrep: error: cache full: {data} is read through a plain")
    assert "(SITREP_CACHE_MAX=1M)" in done.stderr and "free" not in done.stderr
    assert left(tmp_path / "cache") == []
    done = sitrep("data", "summary", data, env=env)  # under the default bound it reads
    assert done.returncode == 0, done.stderr


def test_a_read_only_cache_is_named_and_only_costs_speed_for_frames(tmp_path, env):
    data = rows_gz(tmp_path / "ged.csv.gz", 64 << 10)
    plain = tmp_path / "ged.csv"
    plain.write_bytes(gzip.decompress(data.read_bytes()))
    with tmpfs(tmp_path / "ro", "size=1m,ro") as readonly:
        ro = {**env, "SITREP_CACHE_DIR": str(readonly)}
        done = sitrep("data", "summary", data, env=ro)
        assert done.returncode == 1
        assert done.stderr == (
            f"sitrep: error: read-only file system: cannot write the cache for {data} at "
            f"{readonly / 'plain'}. Set SITREP_CACHE_DIR to a folder on a writable disk.\n"
        )
        done = sitrep("data", "summary", plain, env=ro)  # a plain CSV needs no copy
        assert done.returncode == 0, done.stderr
        assert "rows" in done.stdout or "ucdp" in done.stdout.lower()
        assert done.stderr == (
            f"sitrep: warning: could not write the cache at {readonly} (read-only file system); "
            "continuing without it\n"
        )


# ----------------------------------------------------------------- never touch what is not ours


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_cache_clear_in_a_home_folder_loses_nothing_of_the_users(tmp_path, env):
    home = tmp_path / "home"
    hexa, sha1 = "a" * 64, "b" * 40
    files = {
        ".bashrc": "export PATH",
        "notes.txt": "mine",
        f"{hexa}.arrow": "named like a frame, outside sitrep's folders",
        f"{sha1}.json": "named like an index entry",
        f".notes.txt.{'c' * 12}.tmp": "named like a temporary file",
        f"docs/frames/{hexa}.arrow": "deeper",
        f"docs/plain/{hexa}-whole-v1/x.csv": "deeper",
        f"index/{sha1}.json": "in a folder named like sitrep's, with the user's files",
        "index/README.md": "the user's",
        f"{hexa}-whole-v1/x.csv": "a folder named like a copy, outside plain/",
    }
    for name, text in files.items():
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        (home / name).write_text(text, encoding="utf-8")
    (home / "link").symlink_to(home / "notes.txt")
    (home / "empty" / "frames").mkdir(parents=True)
    before = snapshot(home)
    folders = sorted(p for p in home.rglob("*") if p.is_dir())
    env = {**env, "SITREP_CACHE_DIR": str(home)}

    gz = rows_gz(tmp_path / "ged.csv.gz", 64 << 10)
    plain = tmp_path / "ged.csv"
    plain.write_bytes(header() + ucdp_text(100, start=5000))
    for path in (gz, plain):  # a plain copy, frames; the index folder is not sitrep's
        done = sitrep("data", "summary", path, env=env)
        assert done.returncode == 0, done.stderr
    assert not (home / "CACHEDIR.TAG").exists()  # the user's home is not a cache
    assert (home / "plain" / "CACHEDIR.TAG").exists() and (
        home / "frames" / "CACHEDIR.TAG"
    ).exists()

    info = json.loads(sitrep("cache", "info", "--json", env=env).stdout)
    assert info["kinds"]["plain"]["entries"] == 1 and info["kinds"]["frames"]["entries"] == 2
    assert info["kinds"]["index"]["entries"] == 0
    assert info["not_ours"] == [str(home / "index")]

    done = sitrep("cache", "clear", env=env)  # everything of sitrep's was used just now
    assert done.returncode == 0 and "kept 3 entries" in done.stdout
    for ours in (*home.glob("plain/*/*"), *home.glob("frames/*")):
        stamp = ours.stat()
        os.utime(ours, ns=(stamp.st_atime_ns - 60 * 10**9, stamp.st_mtime_ns))  # a minute on
    done = sitrep("cache", "clear", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("freed ") and "(3 entries)" in done.stdout
    assert snapshot(home) == before  # every file of the user's, byte for byte, and nothing else
    assert (home / "link").is_symlink()
    assert sorted(p for p in home.rglob("*") if p.is_dir()) == folders  # empty ones too
