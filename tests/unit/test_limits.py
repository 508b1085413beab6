"""The limits' environment variables: units, defaults, and a bad value as one line."""

from __future__ import annotations

import gzip

import pytest

from analysis.cli import main
from analysis.data import limits
from analysis.errors import ParameterError


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("4G", 4 << 30),
        ("4g", 4 << 30),
        ("4GiB", 4 << 30),
        ("4 GB", 4 << 30),
        ("500M", 500 << 20),
        ("1.5G", 3 << 29),
        ("64k", 64 << 10),
        ("2T", 2 << 40),
        ("123", 123),
        ("0", 0),
    ],
)
def test_sizes_take_binary_units(text, size):
    assert limits.parse_size(text) == size


@pytest.mark.parametrize("text", ["", "G", "4X", "-1G", "4 G B", "four", "1e9", "4,5G"])
def test_what_is_not_a_size(text):
    assert limits.parse_size(text) is None


def test_defaults_fit_real_publisher_files(monkeypatch):
    for limit in limits.ALL:
        monkeypatch.delenv(limit.variable, raising=False)
    # A global UCDP GED or ACLED export inflates to 0.3-3 GB; CSV text compresses 5-20 times.
    assert limits.MAX_INFLATED.value() == 4 << 30 > 3 * 10**9
    assert limits.MAX_RATIO.value() == 200 > 20
    assert limits.MAX_LINE.value() == 16 << 20
    assert limits.CACHE_MAX.value() == 8 << 30
    assert limits.MAX_INFLATED.setting() == "SITREP_MAX_INFLATED=4G"
    assert limits.MAX_INFLATED.source == "default"


def test_values_from_the_environment(monkeypatch):
    monkeypatch.setenv("SITREP_MAX_INFLATED", "6G")
    monkeypatch.setenv("SITREP_MAX_RATIO", "500:1")
    monkeypatch.setenv("SITREP_CACHE_MAX", "0")  # nothing kept
    assert limits.MAX_INFLATED.value() == 6 << 30
    assert limits.MAX_INFLATED.source == "SITREP_MAX_INFLATED"
    assert limits.MAX_INFLATED.raise_to() == "SITREP_MAX_INFLATED=12G"
    assert limits.MAX_RATIO.value() == 500 and limits.MAX_RATIO.shown() == "500:1"
    assert limits.CACHE_MAX.value() == 0


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SITREP_MAX_INFLATED", "4X"),
        ("SITREP_MAX_INFLATED", "0"),
        ("SITREP_MAX_RATIO", "lots"),
        ("SITREP_MAX_RATIO", "0"),
        ("SITREP_MAX_LINE", "16 megabytes"),
        ("SITREP_RATIO_FLOOR", "-1"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(
    tmp_path, monkeypatch, capsys, variable, value
):
    monkeypatch.setenv(variable, value)
    path = tmp_path / "data.csv.gz"
    path.write_bytes(gzip.compress(b"year;coo_iso;total\n2023;SYR;1\n"))
    assert main(["data", "summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"sitrep: error: {variable}={value!r} is not a ")
    assert err.count("\n") == 1 and f"e.g. {variable}=" in err


def test_a_bad_cache_bound_is_one_line(monkeypatch, capsys):
    monkeypatch.setenv("SITREP_CACHE_MAX", "big")
    with pytest.raises(ParameterError, match=r"^SITREP_CACHE_MAX='big' is not a size: .*8G\.$"):
        limits.CACHE_MAX.value()
    assert main(["cache", "info"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SITREP_CACHE_MAX='big'" in err


def test_human_sizes():
    assert limits.human(4 << 30) == "4 GiB"
    assert limits.human(3 << 29) == "1.5 GiB"
    assert limits.human((8 << 20) + 19) == "8 MiB"
    assert limits.human(150 << 20) == "150 MiB"
    assert limits.human(900) == "900 bytes"
