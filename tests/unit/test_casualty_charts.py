"""Casualty charts draw what they are given, inside the report's period."""

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from analysis import data
from analysis.charts import casualties as charts
from analysis.data import bundled
from analysis.metrics.results import Period


def _texts(fig):
    return [t.get_text() for t in fig.findobj(plt.Text)]


def _limits(ax):
    return tuple(pd.Timestamp(mdates.num2date(v)).tz_localize(None) for v in ax.get_xlim())


def test_reported_tolls_draws_the_offensive_series_and_names_sources():
    tolls = data.read(bundled.bundled_path("casualty_tolls.csv")).frame
    period = Period.of("2024-11-27", "2024-12-31")
    fig = charts.reported_tolls(tolls, as_of="31 December 2024", period=period)
    left, right = fig.axes
    totals = [line for line in left.lines if line.get_label() == "All deaths"]
    assert totals, "the cumulative total is drawn"
    offensive = tolls[(tolls["series"] == "offensive") & (tolls["organisation"] == "SOHR")]
    assert max(totals[0].get_ydata()) == offensive["deaths_total"].max() == 910
    # the Manbij-only toll (50 on 9 Dec) is not joined to the offensive line
    assert pd.Timestamp("2024-12-09") not in set(pd.to_datetime(totals[0].get_xdata()))
    assert {line.get_label() for line in right.lines} >= {"SOHR", "SNHR", "OCHA"}
    assert sum(t.startswith("Source:") for t in _texts(fig)) == 1
    assert _limits(left) == (period.start, period.stop)
    plt.close(fig)


def _bins(starts, values):
    return pd.DataFrame(
        {
            "bin_start": pd.to_datetime(starts),
            "events": [1] * len(values),
            "deaths_best": values,
            "deaths_low": [v - 1 for v in values],
            "deaths_high": [v + 2 for v in values],
        }
    )


def test_deaths_per_bin_bars_cover_their_days_and_spans_are_apart():
    period = Period.of("2017-03-06", "2017-03-12")
    binned = _bins(pd.date_range("2017-03-06", "2017-03-12"), [5, 0, 0, 0, 7, 0, 0])
    apart = pd.DataFrame(
        {
            "date_earliest": pd.to_datetime(["2017-03-07"]),
            "date_latest": pd.to_datetime(["2017-03-08"]),
            "date_precision": ["days"],
            "events": [1],
            "deaths_best": [3],
            "days": [2],
            "per_bin": [1.5],  # 3 deaths over 2 days: 1.5 a day
        }
    )
    fig = charts.deaths_per_bin(
        binned, apart, period=period, freq="D", ranged=True, source="UCDP GED", as_of="x"
    )
    top, low = fig.axes
    heights = [p.get_height() for p in top.patches]
    assert heights == [5, 0, 0, 0, 7, 0, 0]
    assert all(p.get_width() == 1 for p in top.patches)
    assert _limits(top) == _limits(low) == (period.start, period.stop)
    segment = low.collections[0].get_segments()[0]
    assert [pd.Timestamp(mdates.num2date(x)).tz_localize(None) for x, _ in segment] == [
        pd.Timestamp("2017-03-07"),
        pd.Timestamp("2017-03-09"),
    ]
    # The span is drawn at its average per day, on the bars' own scale (never its total of 3
    # on a taller scale of its own, which would read as 3 deaths a day), its total written.
    assert segment[0][1] == 1.5
    assert top.get_ylim() == low.get_ylim()
    assert "3 in all" in _texts(fig)
    assert sum(t.startswith("Source: UCDP GED") for t in _texts(fig)) == 1
    plt.close(fig)


def test_weekly_bars_are_cut_to_the_period():
    period = Period.of("2017-03-01", "2017-03-31")
    starts = pd.date_range("2017-02-27", "2017-03-27", freq="7D")
    fig = charts.deaths_per_bin(
        _bins(starts, [1, 2, 3, 4, 5]).drop(columns=["deaths_low", "deaths_high"]),
        pd.DataFrame(columns=["date_earliest", "date_latest", "deaths_best"]),
        period=period,
        freq="W",
        ranged=False,
        source="ACLED",
        as_of=None,
    )
    (ax,) = fig.axes
    widths = [p.get_width() for p in ax.patches]
    assert widths == [5, 7, 7, 7, 5]  # 1-5 March and 27-31 March are partial weeks
    assert "Low to high estimate" not in _texts(fig)
    plt.close(fig)


def test_deaths_by_category_in_given_order_with_role_colours():
    table = pd.DataFrame(
        {"side": ["Civilians", "Government of Syria"], "deaths": [9, 4], "role": ["", "government"]}
    )
    ax = charts.deaths_by_category(
        table,
        label_column="side",
        value_column="deaths",
        role_column="role",
        title="Deaths by side",
        xlabel="People killed",
        source="UCDP GED",
        as_of=None,
    )
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Government of Syria", "Civilians"]  # first row on top
    assert [p.get_width() for p in ax.patches] == [4, 9]
    plt.close(ax.figure)
