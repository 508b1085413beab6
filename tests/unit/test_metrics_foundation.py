"""The metrics layer's shared pieces: periods, results, time bins, sentences, parameter checks."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.metrics import time as tbins
from analysis.metrics.results import Message, Period, Result
from analysis.parameters import check_date, check_governorate, check_period
from analysis.sections import text
from analysis.sections.common import Scope


def test_period_labels_and_bounds():
    assert Period.of("2024-12-08", "2024-12-08").label == "8 December 2024"
    assert Period.of("2024-12-01", "2024-12-08").label == "1 to 8 December 2024"
    assert Period.of("2024-11-27", "2024-12-31").label == "27 November to 31 December 2024"
    assert Period.of("2023-12-28", "2024-01-03").label == "28 December 2023 to 3 January 2024"
    week = Period.of("2024-12-02", "2024-12-08")
    assert week.days == 7
    assert week.stop == pd.Timestamp("2024-12-09")
    assert week.before() == Period.of("2024-11-25", "2024-12-01")
    assert week.before(4).days == 28
    with pytest.raises(ValueError):
        Period.of("2024-12-08", "2024-12-01")


def test_result_text_keeps_qualifier_and_range():
    x = Message.of("as_published", name="x")
    deaths = Result("deaths", x, 910, "people", "SOHR", qualifier="at least")
    assert deaths.text == "at least 910"
    ranged = Result("d", x, 1234.4, "deaths", "UCDP", low=1000, high=1500.6)
    assert ranged.text == "1,234 (1,000–1,501)"
    only_range = Result("d", x, None, "people", "OCHA", low=800_000, high=900_000)
    assert only_range.text == "800,000–900,000"
    stock = Message.of("end_of_year_stock")
    dated = Result("d", x, 1, "people", "s", as_of="2024-12-08", notes=(stock,))
    assert text.detail(dated) == f"{text.when(dated)}; {text.note(stock)}"
    assert text.when(dated) == "as of 8 December 2024"
    spanned = Result("d", x, 1, "events", "s", period=Period.of("2024-12-01", "2024-12-08"))
    assert text.detail(spanned) == "1 to 8 December 2024"
    with pytest.raises(ValueError, match="unknown unit"):
        Result("d", x, 1, "parsecs", "s")


@pytest.mark.parametrize(
    ("start", "end", "resolution", "expected"),
    [
        ("2024-12-08", "2024-12-08", "D", "D"),
        ("2024-12-01", "2024-12-31", "D", "D"),
        ("2024-01-01", "2024-12-31", "D", "W"),
        ("2016-01-01", "2019-12-31", "D", "M"),
        ("2011-01-01", "2024-12-31", "D", "Y"),
        ("2024-12-01", "2024-12-07", "M", "M"),
        ("2016-01-01", "2019-12-31", "W", "M"),
    ],
)
def test_granularity_follows_period_and_resolution(start, end, resolution, expected):
    assert tbins.granularity(Period.of(start, end), resolution) == expected


def test_totals_by_bin_cover_every_bin_and_only_the_period():
    frame = pd.DataFrame(
        {
            "event_date": pd.to_datetime(["2024-11-30", "2024-12-02", "2024-12-03", "2024-12-20"]),
            "deaths_best": [100, 1, 2, 5],
        }
    )
    period = Period.of("2024-12-01", "2024-12-31")
    weekly = tbins.totals_by_bin(frame, "event_date", ["deaths_best"], period, "W")
    # Weeks starting on the Mondays 25 Nov (holds 1 Dec) to 30 Dec; 30 Nov is outside.
    assert list(weekly["bin_start"].dt.strftime("%m-%d")) == [
        "11-25", "12-02", "12-09", "12-16", "12-23", "12-30"
    ]  # fmt: skip
    assert list(weekly["deaths_best"]) == [0, 3, 0, 5, 0, 0]
    assert weekly["deaths_best"].sum() == 8


def test_bin_labels_and_spans():
    assert tbins.bin_label(pd.Timestamp("2024-12-02"), "W") == "week of 2 December 2024"
    assert tbins.bin_label(pd.Timestamp("2024-12-01"), "M") == "December 2024"
    period = Period.of("2024-12-04", "2024-12-31")
    assert tbins.bin_span(pd.Timestamp("2024-12-02"), "W", period) == Period.of(
        "2024-12-04", "2024-12-08"
    )
    assert tbins.bin_last_day(pd.Timestamp("2024-02-01"), "M") == pd.Timestamp("2024-02-29")


def test_sentences_escape_data_text():
    block = text.sentence(
        "scope", where="<b>Hama</b>", period=Period.of("2024-12-01", "2024-12-08")
    )
    assert "&lt;b&gt;Hama&lt;/b&gt;" in block.data
    shown = repr(block)  # the plain form: the data's text as written, never escaped twice
    assert "<b>Hama</b>" in shown and "&lt;" not in shown and "1 to 8 December 2024" in shown
    assert text.listed([f"p{i}" for i in range(15)]).endswith("p11 and 3 more")
    assert text.plural(1, "place") == "1 place"
    assert text.plural(1200, "country") == "1,200 countries"


@pytest.mark.parametrize("value", ["", "2024-12", "2024-1-5", "12/08/2024", None, "x" * 500])
def test_partial_or_empty_dates_are_refused(value):
    with pytest.raises(ParameterError, match="must be an ISO date"):
        check_date("start_date", value)


def test_scope_checks_parameters_like_the_command_line():
    with pytest.raises(ParameterError, match="is before 'start_date'"):
        Scope.from_parameters("2024-12-31", "2024-11-27", "all")
    with pytest.raises(ParameterError, match="parameter 'governorate'"):
        Scope.from_parameters("2024-11-27", "2024-12-31", "Atlantis")
    scope = Scope.from_parameters("2024-12-01", "2024-12-08", "SY05")
    assert scope.where == "Hama governorate (SY05)"
    assert (scope.start.date(), scope.end.date()) == check_period("2024-12-01", "2024-12-08")
    assert check_governorate("all") is None


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2024-12-08", "2024-12-08"),
        ("2024-12-01", "2024-12-08"),
        ("2024-11-27", "2024-12-31"),
        ("2019-01-01", "2019-12-31"),
        ("2016-01-01", "2019-11-30"),
        ("2011-01-01", "2024-12-31"),
    ],
)
def test_time_axis_stays_inside_the_period(start, end):
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from analysis.charts.style import time_axis

    period = Period.of(start, end)
    fig, ax = plt.subplots()
    time_axis(ax, period)
    low, high = (pd.Timestamp(mdates.num2date(v)).tz_localize(None) for v in ax.get_xlim())
    assert (low, high) == (period.start, period.stop)
    ticks = [pd.Timestamp(mdates.num2date(t)).tz_localize(None) for t in ax.get_xticks()]
    assert ticks and all(period.start <= t < period.stop for t in ticks)
    labels = [ax.xaxis.get_major_formatter()(t) for t in ax.get_xticks()]
    assert not any("." in label for label in labels)  # never 2023.78
    plt.close(fig)
