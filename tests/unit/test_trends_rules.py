"""Trendfinder's change bands, the small-numbers guard and the HDX Signals alert rule, checked
on numbers worked out by hand."""

import pytest

from analysis.errors import ParameterError
from analysis.metrics.trends import AlertRule, Bands
from analysis.metrics.trends.events import alert_levels

BANDS = Bands()


@pytest.mark.parametrize(
    ("current", "reference", "level", "pct"),
    [
        (50, 40, "moderate_increase", 25.0),  # exactly +25%: large needs more than 25%
        (51, 40, "large_increase", 27.5),
        (44, 40, "limited_change", 10.0),  # exactly +10%: moderate needs more than 10%
        (45, 40, "moderate_increase", 12.5),
        (40, 40, "limited_change", 0.0),
        (30, 40, "limited_change", -25.0),  # exactly -25%: large decrease needs less
        (29, 40, "large_decrease", -27.5),
        (0, 40, "large_decrease", -100.0),
    ],
)
def test_band_edges(current, reference, level, pct):
    assert BANDS.level(current, reference) == (level, pct, False)


def test_edges_with_fractions_are_exact():
    # 4 -> 5 is exactly 25% and 10 -> 11 exactly 10%, whatever the floating point.
    assert BANDS.level(5, 4) == ("moderate_increase", 25.0, False)
    assert BANDS.level(11, 10) == ("limited_change", 10.0, False)
    assert BANDS.level(3, 4) == ("limited_change", -25.0, False)
    # an average baseline: 13 against 10.4 is +25% (2.6 / 10.4), not over it
    assert BANDS.level(13, 10.4) == ("moderate_increase", 25.0, False)


def test_small_numbers_guard():
    # 1 -> 3 events is +200% but guarded: "limited_change"
    assert BANDS.level(3, 1) == ("limited_change", 200.0, True)
    # guard limits are inclusive: baseline 2, latest 5
    assert BANDS.level(5, 2) == ("limited_change", 150.0, True)
    # latest 6 is over the guard: a large increase
    assert BANDS.level(6, 2) == ("large_increase", 200.0, False)
    # baseline 2.25 (average of 4 periods: 2, 3, 2, 2) is over the guard
    assert BANDS.level(5, 2.25)[0:3:2] == ("large_increase", False)
    # a custom guard
    assert Bands(guard_baseline=0, guard_latest=0).level(3, 1)[0] == "large_increase"


def test_reference_zero():
    assert BANDS.level(0, 0) == ("limited_change", None, True)  # guarded: 0 <= 2 and 0 <= 5
    assert BANDS.level(4, 0) == ("limited_change", None, True)
    assert BANDS.level(6, 0) == ("large_increase", None, False)
    unguarded = Bands(guard_baseline=-1)
    assert unguarded.level(0, 0) == ("limited_change", None, False)
    assert unguarded.level(1, 0) == ("large_increase", None, False)


def test_custom_bands():
    bands = Bands(large_increase=50, moderate_increase=20, large_decrease=-50)
    assert bands.level(70, 40) == ("large_increase", 75.0, False)
    assert bands.level(61, 40)[0] == "large_increase"  # +52.5%
    assert bands.level(59, 40)[0] == "moderate_increase"  # +47.5%
    assert bands.level(21, 40)[0] == "limited_change"  # -47.5%
    assert bands.level(19, 40)[0] == "large_decrease"  # -52.5%


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (dict(large_increase=5.0), "ordered"),
        (dict(moderate_increase=-30.0), "ordered"),
        (dict(large_decrease=5.0, moderate_increase=8.0), "below 0%"),
        (dict(guard_baseline=-1.0), "must not be negative"),
        (dict(large_increase="25"), "must be a number"),
        (dict(large_increase=float("nan")), "must be a number"),
    ],
)
def test_bands_check_refuses(kwargs, words):
    with pytest.raises(ParameterError, match=words):
        Bands(**kwargs).check()


def test_defaults_pass_checks():
    Bands().check()
    AlertRule().check()
    assert (Bands().large_increase, Bands().moderate_increase, Bands().large_decrease) == (
        25.0,
        10.0,
        -25.0,
    )
    assert (AlertRule().window_days, AlertRule().level1_days, AlertRule().level2_days) == (
        30,
        366,
        1096,
    )
    assert AlertRule().minimum == 100


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (dict(window_days=0), "above 0"),
        (dict(level1_days=-3), "above 0"),
        (dict(minimum=-1), "must not be negative"),
        (dict(level2_days=366), "longer than level1_days"),
        (dict(window_days=7.5), "whole number"),
        (dict(minimum=True), "whole number"),
    ],
)
def test_alert_rule_check_refuses(kwargs, words):
    with pytest.raises(ParameterError, match=words):
        AlertRule(**kwargs).check()


def test_alert_levels():
    reasons = ("not covered", "no level 1", "no level 2")
    assert alert_levels(None, None, None, 100, reasons) == (None, "not covered")
    assert alert_levels(99, 10, 10, 100, reasons) == (0, None)  # under the minimum
    assert alert_levels(99, None, None, 100, reasons) == (0, None)  # known without history
    assert alert_levels(150, 150, 300, 100, reasons) == (1, None)  # at the maximum: level 1
    assert alert_levels(149, 150, 300, 100, reasons) == (0, None)
    assert alert_levels(300, 150, 300, 100, reasons) == (2, None)
    assert alert_levels(300, 150, None, 100, reasons) == (1, "no level 2")
    assert alert_levels(300, None, None, 100, reasons) == (None, "no level 1")
