"""ACLED monthly aggregates (HDX) and HDX HAPI conflict_event: readers on small files made here,
metrics on small frames, and the casualties report's aggregates section."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import data
from analysis.data import acled_hdx
from analysis.errors import DataValidationError
from analysis.metrics.casualties import aggregates as metrics
from analysis.metrics.results import Message, Period
from tests.said import read, words

AGG_HEADER = "Country,Admin1,Admin2,ISO3,Admin2 Pcode,Admin1 Pcode,Month,Year,Events,Fatalities"
HAPI_HEADER = (
    "location_code,has_hrp,in_gho,provider_admin1_name,provider_admin2_name,admin1_code,"
    "admin1_name,admin2_code,admin2_name,admin_level,event_type,events,fatalities,"
    "reference_period_start,reference_period_end,dataset_hdx_id,resource_hdx_id,warning,error"
)
PV_NAME = "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv"
CT_NAME = "syria_civilian_targeting_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv"


def write(folder, name, header, rows):
    path = folder / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


AGG_ROWS = [
    "Syria,Aleppo,Jebel Saman,SYR,SY0200,SY02,January,2025,13,19",
    "Syria,Aleppo,Menbij,SYR,SY0205,SY02,January,2025,34,63",
    "Syria,Idleb,Idleb,SYR,SY0700,SY07,December,2024,4,0",
    "Iraq,Ninewa,Mosul,IRQ,IQ1504,IQ15,January,2025,7,9",
]


def hapi_row(admin2, kind, events, fatalities, start="2025-01-01", end="2025-01-31", error=""):
    admin1 = admin2[:4]
    return (
        f"SYR,Y,Y,X,X,{admin1},X,{admin2},District {admin2},2,{kind},{events},{fatalities},"
        f"{start},{end},d,r,,{error}"
    )


def test_political_violence_file_named_as_published(tmp_path):
    path = write(tmp_path, PV_NAME, AGG_HEADER, AGG_ROWS)
    found = data.read(path, domain="casualties")
    frame = found.frame
    assert found.format.name == "acled_hdx" and found.kind == "aggregates"
    assert len(frame) == 3  # the Iraqi row of a global sheet is dropped
    assert set(frame["series"]) == {"political_violence"}
    assert frame["events"].sum() == 13 + 34 + 4 and frame["fatalities"].sum() == 19 + 63
    assert list(frame["month"]) == [pd.Timestamp("2025-01-01")] * 2 + [pd.Timestamp("2024-12-01")]
    assert list(frame["admin1_name"]) == ["Aleppo", "Aleppo", "Idleb"]
    assert list(frame["admin2_name"]) == ["Jebel Saman", "Menbij", "Idleb"]
    assert acled_hdx.as_of_in_name(path) == pd.Timestamp("2025-01-10")


def test_civilian_targeting_is_told_apart_by_name_only(tmp_path):
    pv = write(tmp_path, PV_NAME, AGG_HEADER, AGG_ROWS)
    ct = write(tmp_path, CT_NAME, AGG_HEADER, AGG_ROWS)  # same bytes, other file
    assert set(data.read(ct).frame["series"]) == {"civilian_targeting"}
    assert set(data.read(pv).frame["series"]) == {"political_violence"}  # cache keeps them apart


def test_renamed_file_is_refused_with_the_format_to_pass(tmp_path):
    path = write(tmp_path, "acled.csv", AGG_HEADER, AGG_ROWS)
    with pytest.raises(DataValidationError) as caught:
        data.read(path)
    message = str(caught.value)
    assert "--format acled_hdx_political_violence" in message
    assert "--format acled_hdx_civilian_targeting" in message
    assert "put 'political_violence' or 'civilian_targeting' in its name" in message
    chosen = data.read(path, format="acled_hdx_civilian_targeting")
    assert set(chosen.frame["series"]) == {"civilian_targeting"}
    assert chosen.frame["fatalities"].sum() == 82


def test_demonstrations_detected_from_columns_with_no_fatalities(tmp_path):
    header = AGG_HEADER.removesuffix(",Fatalities")
    rows = [r.rsplit(",", 1)[0] for r in AGG_ROWS]
    path = write(tmp_path, "whatever.csv", header, rows)
    found = data.read(path)
    assert found.format.name == "acled_hdx_demonstrations"
    assert set(found.frame["series"]) == {"demonstrations"}
    assert found.frame["fatalities"].isna().all() and found.frame["events"].sum() == 51


def test_month_names_must_be_english_months(tmp_path):
    rows = [*AGG_ROWS[:2], "Syria,Idleb,Idleb,SYR,SY0700,SY07,Janvier,2025,4,0"]
    path = write(tmp_path, PV_NAME, AGG_HEADER, rows)
    with pytest.raises(DataValidationError, match=r"English month name.*line 4 \('Janvier'\)"):
        data.read(path)


def test_a_district_twice_in_a_month_is_refused(tmp_path):
    path = write(tmp_path, PV_NAME, AGG_HEADER, [*AGG_ROWS, AGG_ROWS[0]])
    with pytest.raises(DataValidationError, match="more than once"):
        data.read(path)


def test_a_file_without_syria_is_refused(tmp_path):
    path = write(tmp_path, PV_NAME, AGG_HEADER, AGG_ROWS[3:])
    with pytest.raises(DataValidationError, match="no row is for Syria"):
        data.read(path)


def test_hapi_rows_become_series_with_demonstrations_without_fatalities(tmp_path):
    rows = [
        hapi_row("SY0200", "political_violence", 13, 19),
        hapi_row("SY0200", "civilian_targeting", 9, 6),
        hapi_row("SY0200", "demonstration", 1, ""),
        hapi_row("SY0700", "political_violence", 4, 4, "2024-12-01", "2024-12-31"),
        "IRQ,Y,Y,X,X,IQ15,X,IQ1504,Mosul,2,political_violence,7,9,2025-01-01,2025-01-31,d,r,,",
    ]
    found = data.read(write(tmp_path, "conflict_event.csv", HAPI_HEADER, rows))
    frame = found.frame
    assert found.format.name == "hdx_hapi_conflict_event"
    assert list(frame["series"]) == [
        "political_violence",
        "civilian_targeting",
        "demonstrations",
        "political_violence",
    ]
    assert frame["fatalities"].isna().tolist() == [False, False, True, False]
    assert list(frame["month"].dt.strftime("%Y-%m-%d")) == ["2025-01-01"] * 3 + ["2024-12-01"]
    assert list(frame["admin1_name"]) == ["Aleppo"] * 3 + ["Idleb"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            hapi_row("SY0200", "political_violence", 1, 1, "2025-01-01", "2025-03-31"),
            "one calendar",
        ),
        (hapi_row("SY0200", "political_violence", 1, 1, error="bad admin"), "marks rows as errors"),
        (hapi_row("SY0200", "riots", 1, 1), "event_type"),
        (hapi_row("SY0200", "political_violence", -1, 1), "negative"),
    ],
)
def test_hapi_refusals(tmp_path, row, expected):
    path = write(tmp_path, "conflict_event.csv", HAPI_HEADER, [row])
    with pytest.raises(DataValidationError, match=expected):
        data.read(path)


# --- metrics -------------------------------------------------------------------------------------


def frame(rows):
    return pd.DataFrame(
        rows,
        columns=[
            "month",
            "admin1_pcode",
            "admin1_name",
            "admin2_pcode",
            "series",
            "events",
            "fatalities",
        ],
    ).assign(
        month=lambda f: pd.to_datetime(f["month"]),
        admin2_name=lambda f: f["admin2_pcode"],
        fatalities=lambda f: f["fatalities"].astype("Int64"),
        events=lambda f: f["events"].astype("Int64"),
    )


SMALL = frame(
    [
        ("2024-11-01", "SY02", "Aleppo", "SY0200", "political_violence", 10, 20),
        ("2024-12-01", "SY02", "Aleppo", "SY0200", "political_violence", 30, 40),
        ("2024-12-01", "SY02", "Aleppo", "SY0205", "political_violence", 5, 7),
        ("2024-12-01", "SY02", "Aleppo", "SY0200", "civilian_targeting", 3, 4),
        ("2024-12-01", "SY07", "Idleb", "SY0700", "political_violence", 2, 50),
        ("2024-12-01", "SY07", "Idleb", "SY0700", "civilian_targeting", 1, 9),
        ("2024-12-01", "SY07", "Idleb", "SY0700", "demonstrations", 6, None),
    ]
)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2024-12-01", "2024-12-31", ["2024-12-01"]),
        ("2024-12-05", "2024-12-31", ["2024-12-01"]),  # holds the month's last day
        ("2024-12-01", "2024-12-30", []),  # misses it: the month belongs to the next period
        ("2024-11-27", "2024-12-08", ["2024-11-01"]),
        ("2024-11-01", "2025-01-31", ["2024-11-01", "2024-12-01"]),
    ],
)
def test_a_month_counts_when_its_last_day_is_in_the_period(start, end, months):
    chosen = metrics.months_ending_in(SMALL, Period.of(start, end))
    assert sorted(chosen["month"].dt.strftime("%Y-%m-%d").unique()) == months


def test_weekly_periods_show_each_month_once():
    weeks = [
        Period.of(d, d + pd.Timedelta(days=6))
        for d in pd.date_range("2024-11-04", "2025-01-05", freq="7D")
    ]
    seen = [m for w in weeks for m in metrics.months_ending_in(SMALL, w)["month"].unique()]
    assert sorted(pd.Timestamp(m) for m in set(seen)) == sorted(pd.Timestamp(m) for m in seen)
    whole = metrics.months_ending_in(SMALL, Period.of("2024-11-04", "2025-01-11"))
    assert sum(int(metrics.months_ending_in(SMALL, w)["events"].sum()) for w in weeks) == int(
        whole["events"].sum()
    )


def test_monthly_totals_keep_series_apart():
    monthly = metrics.monthly_totals(SMALL)
    december = monthly[monthly["month"] == "2024-12-01"].set_index("series")
    assert december.loc["political_violence", "events"] == 30 + 5 + 2
    assert december.loc["political_violence", "fatalities"] == 40 + 7 + 50
    assert december.loc["civilian_targeting", "fatalities"] == 4 + 9
    assert pd.isna(december.loc["demonstrations", "fatalities"])
    assert list(december.index) == ["political_violence", "civilian_targeting", "demonstrations"]


def test_by_area_has_a_column_pair_per_series_and_never_a_sum():
    december = SMALL[SMALL["month"] == "2024-12-01"]
    table = metrics.by_area(december, "admin1")
    assert list(table["admin1_name"]) == ["Idleb", "Aleppo"]  # most PV fatalities first
    aleppo = table.set_index("admin1_name").loc["Aleppo"]
    assert (
        aleppo["political_violence_events"] == 35 and aleppo["political_violence_fatalities"] == 47
    )
    assert aleppo["civilian_targeting_fatalities"] == 4
    assert "demonstrations_fatalities" not in table.columns
    assert not any("total" in c for c in table.columns)
    districts, left_out = metrics.top_districts(december, 2)
    assert list(districts["admin2_pcode"]) == ["SY0700", "SY0200"] and left_out == 1


def test_headlines_name_what_they_count():
    period = Period.of("2024-12-01", "2024-12-31")
    found = {
        r.key: r for r in metrics.headlines(metrics.months_ending_in(SMALL, period), period, "S")
    }
    assert list(found) == ["deaths", "civilian_deaths", "events"]
    assert found["deaths"].value == 97
    assert found["deaths"].label == Message.of("series_fatalities", series="political_violence")
    assert found["civilian_deaths"].value == 13
    assert found["civilian_deaths"].label == Message.of(
        "series_fatalities", series="civilian_targeting"
    )
    assert found["events"].value == 37 and found["events"].unit == "events"
    assert found["deaths"].period == Period.of("2024-12-01", "2024-12-31")


def test_a_month_begun_before_the_period_is_said_to_be_whole():
    period = Period.of("2024-12-10", "2024-12-31")
    rows = metrics.months_ending_in(SMALL, period)
    result = metrics.series_results(rows, period, "S")[0]
    assert result.period == Period.of("2024-12-01", "2024-12-31")
    said = result.disclosure("whole_month")
    assert said is not None and said["month"] == pd.Timestamp("2024-12-01")
    assert said["start"] == pd.Timestamp("2024-12-10")
    whole = metrics.series_results(rows, Period.of("2024-12-01", "2024-12-31"), "S")[0]
    assert whole.disclosure("whole_month") is None


def test_partial_month_from_the_as_of_date():
    rows = SMALL[SMALL["month"] == "2024-12-01"]
    period = Period.of("2024-12-01", "2024-12-31")

    def partial(**given):
        return metrics.series_results(rows, period, "S", **given)[0].disclosure("partial_month")

    cut = partial(as_of=pd.Timestamp("2024-12-10"))
    assert cut["month"] == pd.Timestamp("2024-12-01") and cut["as_of"] == pd.Timestamp("2024-12-10")
    assert (cut["days"], cut["month_days"]) == (10, 31)
    assert partial(as_of=pd.Timestamp("2024-12-31")) is None
    assert partial() is None
    # No as-of date (HAPI): the file's last month may be partial, and is said to be.
    maybe = partial(last_month=pd.Timestamp("2024-12-01"))
    assert maybe["as_of"] is None and maybe["month"] == pd.Timestamp("2024-12-01")
    assert partial(last_month=pd.Timestamp("2025-01-01")) is None


# --- the report ----------------------------------------------------------------------------------


def test_report_on_hapi_states_series_apart(tmp_path):
    from analysis.sections import casualties as section

    rows = [
        hapi_row("SY0200", "political_violence", 13, 19),
        hapi_row("SY0200", "civilian_targeting", 9, 6),
        hapi_row("SY0200", "demonstration", 1, ""),
        hapi_row("SY0700", "political_violence", 4, 4, "2024-12-01", "2024-12-31"),
    ]
    path = write(tmp_path, "conflict_event.csv", HAPI_HEADER, rows)
    report = section.load(
        casualties_path=str(path), start_date="2025-01-01", end_date="2025-01-31", governorate="all"
    )
    assert report.kind == "aggregates"
    said = read(section.key_figures(report))
    # each series as its rows give it, side by side (civilian targeting is part of political
    # violence: the template says so whenever both are stated)
    assert said.sentence("casualties_agg_total").values == {
        "political_violence_events": 13,
        "political_violence_fatalities": 19,
        "civilian_targeting_events": 9,
        "civilian_targeting_fatalities": 6,
        "demonstrations_events": 1,
    }
    assert said.says("casualties_agg_months")  # monthly counts, not daily data
    heads = {r.key: r.value for r in section.headlines(report)}
    assert heads == {"deaths": 19, "civilian_deaths": 6, "events": 13}
    body = "\n".join(repr(b) for b in section.deaths_section(report))
    assert "[figure:" in body and "no event file" not in body.lower()
    method = "\n".join(repr(b) for b in section.sources_section(report))
    assert "never added" in method and "Terms of Use" in method


def test_report_with_no_month_in_the_period_names_the_file_months(tmp_path):
    from analysis.sections import casualties as section

    path = write(tmp_path, PV_NAME, AGG_HEADER, AGG_ROWS)
    report = section.load(
        casualties_path=str(path), start_date="2025-01-01", end_date="2025-01-30", governorate="all"
    )
    said = read(section.key_figures(report)).sentence("casualties_agg_no_months")
    assert said.text == words(
        "casualties_agg_no_months",
        where="Syria",
        source=report.source,
        period=Period.of("2025-01-01", "2025-01-30"),
        first=pd.Timestamp("2024-12-01"),  # the file's first and last months (AGG_ROWS)
        last=pd.Timestamp("2025-01-01"),
    )
    assert section.headlines(report) == []


def test_totals_by_series_for_the_summary_never_add_series():
    found = metrics.totals_by_series(SMALL)
    assert found == {
        "political_violence": {"events": 47, "fatalities": 117},
        "civilian_targeting": {"events": 4, "fatalities": 13},
        "demonstrations": {"events": 6, "fatalities": None},
    }
    assert data.FORMATS["hdx_hapi_conflict_event"].count_columns == ()


def test_demonstrations_alone_rank_by_events():
    only = SMALL[SMALL["series"] == "demonstrations"]
    table = metrics.by_area(only, "admin1")
    assert list(table.columns) == ["admin1_pcode", "admin1_name", "demonstrations_events"]
    districts, _ = metrics.top_districts(only, 5)
    assert list(districts["demonstrations_events"]) == [6]
    assert metrics.headlines(only, Period.of("2024-12-01", "2024-12-31"), "S") == []
