"""Casualty charts on the bundled tolls and small event frames."""

import matplotlib.pyplot as plt
import pandas as pd

from analysis import data
from analysis.charts import casualties as charts
from analysis.data import bundled


def _texts(fig):
    return [t.get_text() for t in fig.findobj(plt.Text)]


def test_reported_tolls_draws_the_offensive_series_and_names_sources():
    tolls = data.read(bundled.bundled_path("casualty_tolls.csv")).frame
    fig = charts.reported_tolls(tolls, as_of="2024-12-31")
    left, right = fig.axes
    totals = [line for line in left.lines if line.get_label() == "All deaths"]
    assert totals, "the cumulative total is drawn"
    offensive = tolls[(tolls["series"] == "offensive") & (tolls["organisation"] == "SOHR")]
    assert max(totals[0].get_ydata()) == offensive["deaths_total"].max() == 910
    # the Manbij-only toll (50 on 9 Dec) is not joined to the offensive line
    assert pd.Timestamp("2024-12-09") not in set(pd.to_datetime(totals[0].get_xdata()))
    assert {line.get_label() for line in right.lines} >= {"SOHR", "SNHR", "OCHA"}
    assert any(t.startswith("Source:") for t in _texts(fig))
    plt.close(fig)


def test_event_deaths_band_and_no_data():
    events = pd.DataFrame(
        {
            "event_date": pd.to_datetime(["2017-01-01", "2017-01-01", "2017-01-03"]),
            "deaths_best": pd.array([2, 3, 4], dtype="Int64"),
            "deaths_low": pd.array([1, 3, 2], dtype="Int64"),
            "deaths_high": pd.array([4, 5, 9], dtype="Int64"),
        }
    )
    ax = charts.event_deaths(events, source="UCDP GED")
    assert len(ax.collections) == 1  # the low-high band
    assert list(ax.lines[0].get_ydata()) == [5.0, 0.0, 4.0]  # a quiet day shows as zero
    assert any("UCDP GED" in t for t in _texts(ax.figure))
    plt.close(ax.figure)
    empty = charts.event_deaths(events.iloc[0:0], source="UCDP GED")
    assert "No events in this period" in _texts(empty.figure)
    plt.close(empty.figure)
