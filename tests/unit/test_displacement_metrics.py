"""Displacement metrics on small frames, each checked against a computation written here."""

# ruff: noqa: E501

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data.schema import DISPLACEMENT_FIGURES, IDP_FLOWS, REFUGEE_STOCKS, conform
from analysis.metrics import displacement as m
from analysis.metrics.results import Message, Period


def figures_frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows: (as_of, organisation, qualifier, count, low, high, area, pcode, name, notes)."""
    columns = [
        "as_of_date",
        "organisation",
        "qualifier",
        "displaced_count",
        "displaced_low",
        "displaced_high",
        "area",
        "admin1_pcode",
        "admin1_name",
        "notes",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["as_of_date"] = pd.to_datetime(frame["as_of_date"])
    frame["report_date"] = frame["as_of_date"]
    frame["outlet"] = "outlet"
    frame["source_url"] = "https://example.org"
    out = conform(frame, DISPLACEMENT_FIGURES)
    out["record_id"] = [f"displacement-{i:03d}" for i in range(1, len(out) + 1)]
    out["conflict_note"] = pd.Series([pd.NA] * len(out), dtype="string")
    return out


FIGURES = figures_frame(
    [
        ("2024-11-28", "OCHA / IDP Task Force", "more than", 14_000, None, None, "Idleb", None, None, ""),
        ("2024-12-05", "UNHCR and NGOs", None, None, 60_000, 80_000, "arrivals in north-east Syria", None, None, ""),
        ("2024-12-06", "WFP (Samer)", "around", 280_000, None, None, "Syria (since 27 Nov)", None, None, ""),
        ("2024-12-06", "OCHA (via UN spokesman)", "at least", 370_000, None, None, "Syria (since 27 Nov)", None, None, ""),
        ("2024-12-09", "UNHCR", "between", None, 800_000, 1_000_000, "Syria (since 27 Nov)", None, None, ""),
        ("2024-12-12", "OCHA", "over", 1_100_000, None, None, "Syria (since 27 Nov)", None, None, ""),
        ("2024-12-12", "OCHA", "nearly", 640_000, None, None, "fled Aleppo governorate", "SY02", "Aleppo", ""),
        ("2024-12-16", "OCHA", "more than", 880_000, None, None, "Syria (since escalation)", None, None, "net figure after returns"),
        ("2024-12-27", "OCHA", "over", 664_000, None, None, "Syria (newly displaced)", None, None, "486,000 returned"),
        (None, "IFRC", "approximately", 500_000, None, None, "Aleppo, Idlib and Hama", None, None, ""),
    ]
)  # fmt: skip
WHOLE = Period.of("2024-11-27", "2024-12-31")


def test_area_kind_from_area_and_pcode():
    kinds = m.area_kind(FIGURES).tolist()
    assert kinds[:3] == ["sub-area", "sub-area", "national"]
    assert kinds[6] == "governorate"  # a P-code wins over the area text


def test_figure_result_keeps_qualifier_and_range():
    point = m.figure_result(FIGURES.iloc[3])
    assert (point.text, point.source, point.as_of) == (
        "at least 370,000",
        "OCHA",
        pd.Timestamp("2024-12-06"),
    )
    ranged = m.figure_result(FIGURES.iloc[4])
    assert ranged.value is None and (ranged.low, ranged.high) == (800_000, 1_000_000)
    assert ranged.text == "800,000–1,000,000"  # "between" is said by the range itself


def test_peak_latest_and_headline_when_later_figures_are_net_of_returns():
    found = m.reported_figures(FIGURES, WHOLE, source="test")
    national = FIGURES[m.area_kind(FIGURES) == "national"].dropna(subset=["as_of_date"])
    values = national["displaced_count"].astype("Float64").fillna(national["displaced_high"])
    assert found.peak.value == int(values.max()) == 1_100_000
    assert found.peak.as_of == pd.Timestamp("2024-12-12")
    assert found.latest.value == 664_000 and found.latest.as_of == national["as_of_date"].max()
    assert found.fall and found.net_of_returns
    assert found.headline.key == "displaced" and found.headline.value == found.peak.value
    peak = found.headline.notes[-1]
    assert (peak.key, peak["netted"], peak["latest"]) == ("peak_of_period", True, found.latest)
    assert found.latest.text == "over 664,000"
    dated = FIGURES["as_of_date"].notna()
    assert found.published.value == int(dated.sum())  # undated figures are not in a period


def test_headline_is_the_latest_figure_when_nothing_fell():
    found = m.reported_figures(FIGURES, Period.of("2024-12-01", "2024-12-10"), source="test")
    assert not found.fall
    assert found.headline.high == 1_000_000 and found.headline.as_of == pd.Timestamp("2024-12-09")
    assert found.headline.label == Message.of("displaced_latest_figure")


def test_headline_without_a_national_figure_is_one_region_said_so():
    found = m.reported_figures(FIGURES, Period.of("2024-11-27", "2024-12-05"), source="test")
    assert found.peak is None
    assert found.headline.key == "displaced"
    assert found.headline.low == 60_000 and found.headline.label.key == "displaced_one_region"


def test_no_figure_in_the_period():
    found = m.reported_figures(FIGURES, Period.of("2025-01-01", "2025-01-31"), source="test")
    assert found.headline is None and found.published.value == 0


def test_origin_results_and_national_context():
    results = m.origin_results(FIGURES, "SY02")
    assert [r.text for r in results] == ["nearly 640,000"]
    context = m.national_context(FIGURES, FIGURES)
    assert context.value == 1_100_000  # same organisation and day as the Aleppo figure


def test_points_and_daily_line_leave_out_governorate_and_undated_figures():
    points = m.reported_points(FIGURES)
    assert len(points) == int(
        (FIGURES["as_of_date"].notna() & FIGURES["admin1_pcode"].isna()).sum()
    )
    daily = m.highest_national_by_day(FIGURES)
    assert daily.set_index("as_of_date")["value"][pd.Timestamp("2024-12-06")] == 370_000


# --- UNHCR ------------------------------------------------------------------------------


def stocks_frame() -> pd.DataFrame:
    rows = [
        # year, origin, asylum, asylum name, refugees, asylum_seekers, ret_ref, idps, ret_idps
        (2023, "SYR", "TUR", "Türkiye", 3_800_000, 1_000, 30_000, 0, 0),
        (2023, "SYR", "DEU", "Germany", 700_000, 50_000, 0, 0, 0),
        (2023, "SYR", "SYR", "Syria", 0, 0, 0, 7_248_188, 155_325),
        (2024, "SYR", "TUR", "Türkiye", 2_900_000, 1_200, 159_439, 0, 0),
        (2024, "SYR", "DEU", "Germany", 720_000, 60_000, 0, 0, 0),
        (2024, "SYR", "LBN", "Lebanon", 750_000, None, 200_000, 0, 0),
        (2024, "SYR", "SYR", "Syria", 0, 0, 0, 7_408_909, 513_896),
        (2024, "IRQ", "SYR", "Syria", 9_000, 300, 0, 0, 0),  # Iraqis in Syria: not Syrians
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "year",
            "origin_iso3",
            "asylum_iso3",
            "asylum_name",
            "refugees",
            "asylum_seekers",
            "returned_refugees",
            "idps_count",
            "returned_idps",
        ],
    )
    return conform(frame, REFUGEE_STOCKS)


def test_years_ending_in_the_period():
    assert m.years_ending_in(Period.of("2024-01-01", "2024-12-31")) == [2024]
    assert m.years_ending_in(Period.of("2011-01-01", "2024-12-31")) == list(range(2011, 2025))
    assert m.years_ending_in(Period.of("2024-03-01", "2024-03-31")) == []
    assert m.years_ending_in(Period.of("2024-12-31", "2024-12-31")) == [2024]


def test_stocks_by_year_sums_within_a_year_and_keeps_idps():
    stocks = stocks_frame()
    table = m.stocks_by_year(stocks).set_index("year")
    syrians = stocks[stocks["origin_iso3"] == "SYR"]
    abroad = syrians[syrians["asylum_iso3"] != "SYR"]
    for year in (2023, 2024):
        rows = abroad[abroad["year"] == year]
        assert table.loc[year, "refugees"] == rows["refugees"].sum()
        home = syrians[(syrians["year"] == year) & (syrians["asylum_iso3"] == "SYR")]
        assert table.loc[year, "idps_count"] == home["idps_count"].iloc[0]
        assert table.loc[year, "returned_idps"] == home["returned_idps"].iloc[0]
        returned = syrians.loc[syrians["year"] == year, "returned_refugees"].sum()
        assert table.loc[year, "returned_refugees"] == returned
    assert table.loc[2024, "asylum_seekers"] == 1_200 + 60_000  # an empty cell is not a zero


def test_unhcr_results_are_the_last_year_never_summed_across_years():
    stocks = stocks_frame()
    results = {r.key: r for r in m.unhcr_results(stocks)}
    assert results["displaced"].value == 2_900_000 + 720_000 + 750_000
    assert results["displaced"].as_of == pd.Timestamp("2024-12-31")
    assert results["idps"].value == 7_408_909
    assert results["refugee_returns"].value == 159_439 + 200_000
    assert results["refugee_returns"].period == Period.of("2024-01-01", "2024-12-31")
    assert results["idp_returns"].value == 513_896
    assert results["largest_host"].value == 2_900_000
    assert results["largest_host"].label["country"] == "Türkiye"
    peak = m.unhcr_peak(stocks, "refugees")
    assert (peak.value, peak.as_of.year) == (3_800_000 + 700_000, 2023)


def test_refugees_by_asylum_and_top_hosts():
    stocks = stocks_frame()
    table = m.refugees_by_asylum(stocks)
    assert table[table["year"] == 2024]["asylum_iso3"].tolist() == ["TUR", "LBN", "DEU"]
    hosts = m.top_hosts(stocks, top=2)
    last = hosts[hosts["year"] == 2024].set_index("group")["refugees"]
    assert last.to_dict() == {"TUR": 2_900_000, "LBN": 750_000, "__other__": 720_000}
    assert hosts.groupby("year")["refugees"].sum().to_dict() == {
        2023: 4_500_000,
        2024: 2_900_000 + 720_000 + 750_000,
    }


# --- HNAP -------------------------------------------------------------------------------


def flows_frame() -> pd.DataFrame:
    rows = [
        ("2018-11-01", "SY07", "Idleb", "idp_arrivals", 1_000.5),
        ("2018-11-01", "SY02", "Aleppo", "idp_arrivals", 300.0),
        ("2018-11-01", "SY07", "Idleb", "idp_returns", 40.0),
        ("2018-12-01", "SY07", "Idleb", "idp_arrivals", 2_000.0),
        ("2018-12-01", "SY02", "Aleppo", "idp_arrivals", 700.0),
        ("2018-12-01", "SY02", "Aleppo", "idp_returns", 90.0),
        ("2019-01-01", "SY07", "Idleb", "idp_arrivals", 500.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["month", "admin1_pcode", "admin1_name", "flow", "people_count"]
    )
    frame["month"] = pd.to_datetime(frame["month"])
    return conform(frame, IDP_FLOWS)


def test_a_month_belongs_to_the_period_holding_its_last_day():
    flows = flows_frame()
    week = m.months_ending_in(flows, Period.of("2018-12-03", "2018-12-09"))
    assert week.empty
    last_week = m.months_ending_in(flows, Period.of("2018-12-25", "2018-12-31"))
    assert set(last_week["month"]) == {pd.Timestamp("2018-12-01")}
    weeks = [
        Period.of(s, s + pd.Timedelta(days=6))
        for s in pd.date_range("2018-10-29", "2019-01-28", freq="7D")
    ]
    counted = pd.concat([m.months_ending_in(flows, w) for w in weeks])
    assert len(counted) == len(flows)  # every month in exactly one week


def test_hnap_results_keep_arrivals_and_returns_apart():
    flows = flows_frame()
    period = Period.of("2018-11-01", "2018-12-31")
    inside = m.months_ending_in(flows, period)
    results = {r.key: r for r in m.hnap_results(inside, period, "Syria")}
    arrivals = inside[inside["flow"] == "idp_arrivals"]["people_count"].sum()
    returns = inside[inside["flow"] == "idp_returns"]["people_count"].sum()
    assert results["idp_arrivals"].value == pytest.approx(float(arrivals))
    assert results["idp_returns"].value == pytest.approx(float(returns))
    assert results["displaced"].value == results["idp_arrivals"].value  # arrivals, not + returns
    assert results["idp_arrivals"].number == f"{int(float(arrivals) + 0.5):,}"  # half up
    assert results["idp_arrivals"].period == Period.of("2018-11-01", "2018-12-31")
    assert results["idp_arrivals_peak_month"].value == 2_700
    assert results["idp_arrivals_top_governorate"].label["governorate"] == "Idleb"


def test_a_month_starting_before_the_period_is_said_to_be_the_whole_month():
    flows = flows_frame()
    period = Period.of("2018-12-25", "2019-01-03")
    results = {r.key: r for r in m.hnap_results(m.months_ending_in(flows, period), period, "Syria")}
    assert results["idp_arrivals"].period == Period.of("2018-12-01", "2018-12-31")
    assert Message.of("whole_month_figure", month=pd.Timestamp("2018-12-01")) in (
        results["idp_arrivals"].notes
    )


def test_monthly_and_governorate_totals():
    flows = flows_frame()
    monthly = m.monthly_totals(flows).set_index("month")
    for (month, flow), value in flows.groupby(["month", "flow"])["people_count"].sum().items():
        assert monthly.loc[month, flow] == pytest.approx(value)
    assert pd.isna(monthly.loc[pd.Timestamp("2019-01-01"), "idp_returns"])  # no figure, not 0
    by_gov = m.totals_by_governorate(flows)
    assert by_gov["admin1_pcode"].tolist() == ["SY07", "SY02"]
    assert by_gov.set_index("admin1_pcode").loc["SY07", "idp_arrivals"] == pytest.approx(3_500.5)
    assert m.nearest_months(flows, Period.of("2018-12-03", "2018-12-09")) == (
        pd.Timestamp("2018-11-01"),
        pd.Timestamp("2018-12-01"),
    )


def test_counts_by_area_and_fractional_figures():
    dated = FIGURES[FIGURES["as_of_date"].notna()]
    counts = m.counts_by_area(dated)
    assert counts == {
        "national": int(dated["area"].str.startswith("Syria").sum()),
        "sub-area": int(
            (~dated["area"].str.startswith("Syria") & dated["admin1_pcode"].isna()).sum()
        ),
        "governorate": int(dated["admin1_pcode"].notna().sum()),
    }
    assert m.has_fractional(flows_frame())  # Idleb, November 2018: 1,000.5
    assert not m.has_fractional(flows_frame().iloc[1:])


# --- what a file covers, and what a chart shows -------------------------------------------


def test_file_dates_latest_as_of_and_organisations():
    dates = m.file_dates(FIGURES)
    dated = FIGURES["as_of_date"].dropna()
    assert (dates.first, dates.last, dates.undated) == (dated.min(), dated.max(), 1)
    origin = FIGURES["admin1_pcode"].notna()
    assert m.latest_as_of(FIGURES, m.GOVERNORATE) == pd.Timestamp("2024-12-12")
    assert m.latest_as_of(FIGURES) == FIGURES.loc[~origin, "as_of_date"].max()
    assert m.latest_as_of(FIGURES.iloc[:0]) is None
    assert m.organisations(FIGURES, m.GOVERNORATE) == ["OCHA"]
    assert m.organisations(FIGURES) == ["OCHA", "UNHCR and NGOs", "WFP", "UNHCR", "IFRC"]


def test_years_of_the_file_leading_hosts_and_peaks():
    stocks = stocks_frame()
    assert m.file_years(stocks) == (2023, 2024) and m.file_years(stocks.iloc[:0]) == (None, None)
    assert m.nearest_years(stocks, Period.of("2024-03-01", "2024-03-31")) == (2023, 2024)
    assert m.nearest_years(stocks, Period.of("2025-01-01", "2025-12-31")) == (2024, None)
    assert m.figures_by_year(stocks)["year"].tolist() == [2023, 2024]
    hosts = m.leading_hosts(stocks, 2024, top=2)
    assert hosts["asylum_iso3"].tolist() == ["TUR", "LBN"]
    assert [p.key for p in m.unhcr_peaks(stocks)] == ["refugees_peak", "idps_count_peak"]
    assert m.unhcr_peaks(stocks[stocks["year"] == 2024]) == []  # one year: no peak


def test_months_of_the_file_and_of_a_report():
    flows = flows_frame()
    assert m.file_months(flows) == (pd.Timestamp("2018-11-01"), pd.Timestamp("2019-01-01"))
    assert m.last_month(flows) == flows["month"].max() and m.last_month(flows.iloc[:0]) is None
    last, first = pd.Timestamp("2019-01-01"), pd.Timestamp("2018-11-01")
    assert m.flow_months(flows) == {
        "idp_arrivals": (first, last),
        "idp_returns": (first, pd.Timestamp("2018-12-01")),
    }
    assert m.beyond_file(last, pd.Timestamp("2019-02-01"), after=True) == last
    assert m.beyond_file(last, pd.Timestamp("2019-01-31"), after=True) is None
    assert m.beyond_file(first, pd.Timestamp("2018-10-31"), after=False) == first
    assert m.beyond_file(None, pd.Timestamp("2018-10-31"), after=False) is None
