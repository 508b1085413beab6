"""`sitrep data summary --json` on the real files, checked against independent sums."""

import csv
import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.realdata


def summary(path, *extra):
    done = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "data", "summary", "--json", str(path), *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def column_sum(path, column):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return len(rows), sum(int(float(r[column])) for r in rows if r[column] != "")


def test_ucdp_ged_totals(realdata):
    path = realdata("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
    rows, best = column_sum(path, "best")
    assert (rows, best) == (16566, 112337)  # PROVENANCE.md
    result = summary(path)
    assert result["format"] == "ucdp_ged"
    assert result["rows"] == rows
    assert result["totals"]["deaths_best"] == best
    assert result["totals"]["deaths_low"] == column_sum(path, "low")[1]
    assert result["totals"]["deaths_high"] == column_sum(path, "high")[1]
    assert result["totals"]["deaths_civilians"] == column_sum(path, "deaths_civilians")[1]
    assert (result["date_min"], result["date_max"]) == ("2016-01-01", "2019-11-30")
    assert len(result["governorates"]) == 14


def test_acled_totals(realdata):
    path = realdata(
        "acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv"
    )
    rows, fatalities = column_sum(path, "fatalities")
    result = summary(path)
    assert result["format"] == "acled"
    assert (result["rows"], result["totals"]["deaths_best"]) == (rows, fatalities) == (23348, 61422)
    assert (result["date_min"], result["date_max"]) == ("2017-01-01", "2023-06-02")


def test_acled_changes_of_control(realdata):
    path = realdata(
        "acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv"
    )
    with open(path, encoding="utf-8", newline="") as handle:
        expected = sum(
            1
            for r in csv.DictReader(handle)
            if r["sub_event_type"]
            in ("Government regains territory", "Non-state actor overtakes territory")
        )
    result = summary(path, "--format", "acled_control")
    assert result["rows"] == expected == 1788 + 1794


def test_bad_file_exits_non_zero_with_a_short_message(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text("id,best,low,high,date_start,type_of_violence\n1,x", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "data", "summary", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("sitrep: error: ")
    assert "broken.csv" in done.stderr
    assert "Traceback" not in done.stderr


def test_ucdp_precision_counts_and_deaths(realdata):
    """Both precisions with counts and deaths; month- and year-dated events hold 28% of deaths."""
    path = realdata("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = summary(path)
    names = {"1": "day", "2": "days", "3": "week", "4": "month", "5": "year"}
    dates = {r["date_precision"]: r for r in result["precision"]["date_precision"]}
    for code, name in names.items():
        chosen = [r for r in rows if r["date_prec"] == code]
        assert dates[name]["events"] == len(chosen)
        assert dates[name]["deaths_best"] == sum(int(r["best"]) for r in chosen)
    coarse = dates["month"]["deaths_best"] + dates["year"]["deaths_best"]
    assert round(100 * coarse / result["totals"]["deaths_best"]) == 28
    places = {r["place_precision"]: r["events"] for r in result["precision"]["place_precision"]}
    assert places["country"] == sum(1 for r in rows if r["where_prec"] == "6")
    missing = [r for r in rows if not r["adm_1"]]
    assert result["no_governorate"] == {
        "events": len(missing),
        "deaths_best": sum(int(r["best"]) for r in missing),
    }
    assert result["duplicates_dropped"] == 0
    done = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "data", "summary", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "dated to    year: 51 events, 21,184 deaths (18.9% of deaths)" in done.stdout


def test_acled_precision_counts_and_duplicates(realdata, tmp_path):
    path = realdata(
        "acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv"
    )
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = summary(path)
    dates = {r["date_precision"]: r for r in result["precision"]["date_precision"]}
    for code, name in {"1": "day", "2": "week", "3": "month"}.items():
        chosen = [r for r in rows if r["time_precision"] == code]
        assert dates[name]["events"] == len(chosen)
        assert dates[name]["deaths_best"] == sum(int(r["fatalities"]) for r in chosen)
    # a copy with three rows repeated exactly: dropped and counted
    copy = tmp_path / "acled_dup.csv"
    with open(path, encoding="utf-8", newline="") as src, copy.open("w", encoding="utf-8") as dst:
        lines = src.readlines()
        dst.writelines([*lines, *lines[1:4]])
    doubled = summary(copy)
    assert doubled["duplicates_dropped"] == 3
    assert doubled["rows"] == result["rows"]
    assert "3 exact duplicate rows (same id, same values) were dropped" in doubled["notes"]


def test_unhcr_stocks_are_never_summed_across_years(realdata):
    path = realdata("unhcr_refugees_rpkg", "unhcr_population_syr.csv")
    result = summary(path)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    last = max(int(float(r["year"])) for r in rows)
    in_last = [r for r in rows if int(float(r["year"])) == last]
    assert result["totals_year"] == last
    for column, raw in (("refugees", "refugees"), ("idps_count", "idps")):
        expected = sum(int(float(r[raw] or 0)) for r in in_last)
        assert result["totals"][column] == expected
    every_year = sum(int(float(r["refugees"] or 0)) for r in rows)
    assert result["totals"]["refugees"] < every_year
    assert str(last) in result["totals_note"]


def test_hnap_arrivals_and_returns_are_never_added(realdata):
    path = realdata("hnap_idp_movements_2019_01", "idp_movements_summary_and_dec2018.xlsx")
    result = summary(path)
    assert "people_count" not in result["totals"]
    assert set(result["totals_by_flow"]) == {"idp_arrivals", "idp_returns"}
    assert "never added" in result["totals_note"]


def test_hapi_series_are_totalled_apart(realdata):
    path = realdata("acled_hdx_aggregates_syria_2025_01", "hdx_hapi_conflict_event_SYR_2025-01.csv")
    result = summary(path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if not r["location_code"].startswith("#")]
    for series in ("political_violence", "civilian_targeting", "demonstration"):
        events = sum(int(r["events"]) for r in rows if r["event_type"] == series)
        found = {k: v for k, v in result["totals_by_series"].items() if k.startswith(series)}
        assert [v["events"] for v in found.values()] == [events], series
    assert "never added" in result["totals_note"]
    assert not result["totals"]  # no sum over overlapping series


def test_unhcr_flows_totals_say_what_they_add_up(realdata):
    path = realdata("unhcr_refugees_rpkg", "unhcr_solutions_syr.csv")
    result = summary(path)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    resettled = sum(int(float(r["resettlement"])) for r in rows if r["resettlement"])
    assert result["totals"]["resettlement"] == resettled
    years = sorted({int(float(r["year"])) for r in rows})
    assert f"summed over {years[0]}-{years[-1]}" in result["totals_note"]
