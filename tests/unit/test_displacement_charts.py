"""Displacement charts on small frames from the metrics: what is drawn, where, and the source."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.charts.displacement import hnap, reported, unhcr
from analysis.metrics import displacement as m
from analysis.metrics.results import Period
from analysis.sections import text
from tests.unit.test_displacement_metrics import FIGURES, WHOLE, flows_frame, stocks_frame


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


SERIES = {c: text.term("unhcr_series", series=c) for c in (*m.STOCK_COLUMNS, *m.YEARLY_FLOWS)}
"""The names of UNHCR's series, as the sections give them to the charts."""
FLOWS = {f: text.term("flow", flow=f) for f in m.FLOWS}
OTHER = text.term("other_countries")


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.figure.findobj(matplotlib.text.Text)]


def x_dates(ax) -> tuple[pd.Timestamp, pd.Timestamp]:
    low, high = ax.get_xlim()
    return tuple(pd.Timestamp(mdates.num2date(v)).tz_localize(None) for v in (low, high))


def test_reported_displacement_is_bounded_to_the_period_with_the_peak_and_source():
    found = m.reported_figures(FIGURES, WHOLE, source="test")
    rows = m.dated_in_period(FIGURES, WHOLE)
    ax = reported.reported_displacement(
        m.reported_points(rows),
        m.highest_national_by_day(rows),
        period=WHOLE,
        footnote="Source: test. Data as of 27 December 2024.",
        peak=found.peak,
        fall=found.fall,
        net_of_returns=found.net_of_returns,
    )
    assert x_dates(ax) == (WHOLE.start, WHOLE.stop)
    shown = texts(ax)
    assert any(t.startswith("Peak: over 1,100,000") for t in shown)
    assert any("net of returns" in t for t in shown)
    assert sum("Source:" in t for t in shown) == 1


def test_reported_displacement_without_figures_says_so():
    ax = reported.reported_displacement(
        m.reported_points(FIGURES.iloc[0:0]),
        m.highest_national_by_day(FIGURES.iloc[0:0]),
        period=WHOLE,
        footnote="Source: test.",
    )
    assert any("No dated displacement figure" in t for t in texts(ax))
    assert not ax.collections and not ax.lines


def test_displaced_by_origin_labels_figures_as_published():
    bars = m.origin_bars(FIGURES)
    ax = reported.displaced_by_origin(
        bars,
        labels=list(bars["admin1_name"]),  # the section's words for each bar
        footnote="Source: test.",
        highlight="SY02",
        context=m.national_context(FIGURES, FIGURES),
    )
    assert any("nearly 640,000" in t for t in texts(ax))
    assert "over 1,100,000" in ax.get_title(loc="left") + ax.get_title()
    assert len(ax.patches) == 1


def test_stocks_over_years_draws_three_separate_lines_on_whole_years():
    table = m.stocks_by_year(stocks_frame())
    ax = unhcr.stocks_over_years(table, labels=SERIES, footnote="Source: UNHCR.")
    assert len(ax.lines) == 3  # refugees, asylum-seekers, IDPs: never stacked or added
    idps = next(line for line in ax.lines if line.get_label() == "IDPs in Syria")
    assert list(idps.get_ydata()) == [7_248_188, 7_408_909]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["2023", "2024"]  # never 2023.5


def test_one_year_is_drawn_as_bars_by_quantity_not_on_a_time_axis():
    row = m.stocks_by_year(stocks_frame()).iloc[-1]
    names = {
        c: text.term("unhcr_series_in_year", series=c, stock=c in m.STOCK_COLUMNS, year=2024)
        for c in SERIES
    }
    ax = unhcr.year_figures(row, labels=names, footnote="Source: UNHCR.")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "IDPs in Syria (end of 2024)" in labels
    assert f"{SERIES['returned_refugees']} (during 2024)" in labels  # counted in the year
    assert any(t.strip() == "7,408,909" for t in texts(ax))


def test_refugees_by_asylum_stacked_over_years_or_bars_for_one_year():
    stocks = stocks_frame()
    ax = unhcr.refugees_by_asylum(
        m.top_hosts(stocks, top=2), other=OTHER, footnote="Source: UNHCR."
    )
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        OTHER,
        "Lebanon",
        "Türkiye",
    ]
    plt.close("all")
    one = stocks[stocks["year"] == 2024]
    ax = unhcr.refugees_by_asylum(m.top_hosts(one, top=2), other=OTHER, footnote="Source: UNHCR.")
    ticks = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels()}
    assert sorted(ticks, key=ticks.get, reverse=True) == ["Türkiye", "Lebanon", OTHER]


def test_returns_per_year_on_whole_years():
    table = m.stocks_by_year(stocks_frame())
    ax = unhcr.returns(table, labels=SERIES, footnote="Source: UNHCR.")
    heights = sorted(p.get_height() for p in ax.patches)
    assert heights == sorted([30_000, 155_325, 159_439 + 200_000, 513_896])


def test_monthly_flows_marks_each_month_inside_the_period():
    period = Period.of("2018-11-01", "2019-01-31")
    monthly = m.monthly_totals(m.months_ending_in(flows_frame(), period))
    ax = hnap.monthly_flows(
        monthly, period=period, title="t", labels=FLOWS, footnote="Source: HNAP."
    )
    assert x_dates(ax) == (period.start, period.stop)
    arrivals = next(c for c in ax.containers if c.get_label() == "IDP arrivals")
    x, y = arrivals.lines[0].get_data()
    assert list(y) == [1_300.5, 2_700.0, 500.0]
    middle = pd.Timestamp(mdates.num2date(x[0])).tz_localize(None)
    assert middle == pd.Timestamp("2018-11-16")  # the middle of November, not its first day
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Nov 2018",
        "Dec 2018",
        "Jan 2019",
    ]


def test_a_month_starting_before_the_period_is_drawn_on_its_days_inside_only():
    period = Period.of("2018-12-17", "2019-01-31")
    monthly = m.monthly_totals(m.months_ending_in(flows_frame(), period))
    ax = hnap.monthly_flows(
        monthly, period=period, title="t", labels=FLOWS, footnote="Source: HNAP."
    )
    arrivals = next(c for c in ax.containers if c.get_label() == "IDP arrivals")
    x, _ = arrivals.lines[0].get_data()
    first = pd.Timestamp(mdates.num2date(x[0])).tz_localize(None)
    assert period.start <= first <= period.end


def test_by_governorate_has_arrivals_and_returns_apart():
    totals = m.totals_by_governorate(flows_frame())
    ax = hnap.by_governorate(totals, title="t", labels=FLOWS, footnote="Source: HNAP.")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["IDP arrivals", "IDP spontaneous returns"]
    widths = sorted(round(p.get_width(), 1) for p in ax.patches)
    assert widths == sorted([3_500.5, 1_000.0, 40.0, 90.0])


def test_heatmap_and_empty_inputs():
    ax = hnap.arrivals_heatmap(m.arrivals_grid(flows_frame()), footnote="Source: HNAP.")
    assert ax.images and ax.images[0].get_array().shape == (2, 3)
    plt.close("all")
    empty = flows_frame().iloc[0:0]
    ax = hnap.by_governorate(
        m.totals_by_governorate(empty), title="t", labels=FLOWS, footnote="Source: HNAP."
    )
    assert any("No IDP movements" in t for t in texts(ax)) and not ax.patches


def _zero_marks(ax) -> list:
    return [t for t in ax.texts if t.get_text().strip() == "0"]


def test_a_published_zero_is_labelled_and_a_missing_figure_is_not_drawn_as_one():
    # Idleb: arrivals published as 0, returns 40; Aleppo: arrivals 300, no return figure.
    flows = flows_frame()
    flows = flows[flows["month"] == pd.Timestamp("2018-11-01")].copy()
    flows.loc[
        flows["admin1_name"].eq("Idleb") & flows["flow"].eq("idp_arrivals"), "people_count"
    ] = 0
    totals = m.totals_by_governorate(flows)
    ax = hnap.by_governorate(totals, title="t", labels=FLOWS, footnote="Source: HNAP.")
    y_of = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels()}
    zeros = _zero_marks(ax)
    assert len(zeros) == 1 and abs(zeros[0].get_position()[1] - y_of["Idleb"]) < 0.5
    missing = [t for t in ax.texts if t.get_text().strip() == "no figure"]
    assert len(missing) == 1 and abs(missing[0].get_position()[1] - y_of["Aleppo"]) < 0.5
    plt.close("all")
    grid = m.arrivals_grid(flows_frame().assign(people_count=lambda f: f["people_count"] * 0))
    ax = hnap.arrivals_heatmap(grid, footnote="Source: HNAP.")
    cells = int((grid.to_numpy() == 0).sum())
    assert cells == 5 and len(_zero_marks(ax)) == cells  # every published zero is written


def test_returns_and_solutions_bars_label_a_published_zero():
    from analysis.charts.displacement import unhcr_tables

    table = m.stocks_by_year(stocks_frame())
    table.loc[table["year"] == 2023, "returned_idps"] = 0  # published as zero
    ax = unhcr.returns(table, labels=SERIES, footnote="Source: UNHCR.")
    zeros = int((table[["returned_refugees", "returned_idps"]] == 0).sum().sum())
    assert zeros == 1 and len(_zero_marks(ax)) == zeros
    plt.close("all")
    solutions = pd.DataFrame(
        {"year": [2022, 2023, 2024], "resettlement": [0, 5, None], "naturalisation": [3, 0, 0]}
    )
    ax = unhcr_tables.bars_over_years(
        solutions,
        {"resettlement": "Resettled", "naturalisation": "Naturalised"},
        title="t",
        ylabel="y",
        footnote="Source: UNHCR.",
    )
    assert len(_zero_marks(ax)) == 3  # 2022 resettled, 2023 and 2024 naturalised; 2024 none
    assert len(ax.patches) == 5  # no bar for the missing resettlement figure of 2024


def test_a_month_without_a_figure_breaks_the_monthly_line():
    # Idleb arrivals in November 2018 and January 2019, none in December: the line must not
    # join November to January across December.
    flows = flows_frame()
    flows = flows[~((flows["admin1_name"] == "Idleb") & (flows["month"] == "2018-12-01"))]
    flows = flows[flows["admin1_name"] == "Idleb"]
    period = Period.of("2018-11-01", "2019-01-31")
    monthly = m.monthly_totals(m.months_ending_in(flows, period))
    ax = hnap.monthly_flows(
        monthly, period=period, title="t", labels=FLOWS, footnote="Source: HNAP."
    )
    colour = ax.containers[0].lines[0].get_color()
    joined = [
        line
        for line in ax.lines
        if line.get_color() == colour and line.get_linewidth() > 0 and len(line.get_xdata()) > 1
    ]
    assert len(joined) == 1
    y = [float(v) for v in joined[0].get_ydata()]
    assert y[0] == 1_000.5 and y[2] == 500.0 and y[1] != y[1]  # December is NaN: a gap
