"""Charts of the other UNHCR tables on small frames: whole years on the axis, series side by
side (never stacked), no bar where there is no figure, the source once."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.charts.displacement import unhcr_tables as charts


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.figure.findobj(matplotlib.text.Text)]


def test_line_over_years_has_whole_years_and_one_source():
    table = pd.DataFrame(
        {"year": [2023, 2024, 2025], "idps_count": pd.array([7_248_000, 7_409_000, 5_964_000])}
    )
    ax = charts.line_over_years(
        table, "idps_count", label="IDPs", title="t", ylabel="y", footnote="Source: IDMC."
    )
    ax.figure.canvas.draw()

    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["2023", "2024", "2025"]
    assert sum("Source:" in t for t in texts(ax)) == 1
    assert "5,964,000" in texts(ax)


def test_bars_over_years_side_by_side_and_no_bar_for_no_figure():
    table = pd.DataFrame(
        {
            "year": [2024, 2025],
            "returned_refugees": pd.array([512_718, 1_341_148], dtype="Int64"),
            "returned_idps": pd.array([pd.NA, 1_964_201], dtype="Int64"),
        }
    )
    ax = charts.bars_over_years(
        table,
        {"returned_refugees": "Refugees returned", "returned_idps": "IDPs returned"},
        title="t",
        ylabel="y",
        footnote="Source: UNHCR.",
    )

    bars = ax.patches
    assert len(bars) == 3  # 2024 has no IDP figure: no bar, not a zero bar
    heights = sorted(b.get_height() for b in bars)
    assert heights == [512_718, 1_341_148, 1_964_201]  # each bar its own value, never stacked
    assert all(b.get_y() == 0 for b in bars)


def test_pyramid_puts_women_left_and_men_right():
    table = pd.DataFrame({"age": ["0_4", "5_11"], "female": [10, 20], "male": [30, 40]})
    ages = {"0_4": "under five", "5_11": "five to eleven"}  # the section's words for the codes
    ax = charts.sex_age_pyramid(table, ages=ages, title="t", footnote="Source: UNHCR.")

    widths = [b.get_width() for b in ax.patches]
    assert widths == [-10, -20, 30, 40]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["under five", "five to eleven"]
    assert sum("Source:" in t for t in texts(ax)) == 1


def test_country_bars_draw_two_series_apart():
    table = pd.DataFrame(
        {
            "asylum_name": ["Türkiye", "Germany"],
            "refugees": pd.array([65_157, 140], dtype="Int64"),
            "asylum_seekers": pd.array([pd.NA, 23_256], dtype="Int64"),
        }
    )
    ax = charts.country_bars(
        table,
        {"refugees": "New refugees", "asylum_seekers": "New applications"},
        title="t",
        xlabel="x",
        footnote="Source: UNHCR.",
    )

    assert sorted(b.get_width() for b in ax.patches) == [140, 23_256, 65_157]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Türkiye", "Germany"]


def test_country_bars_name_and_grey_the_rest_with_the_words_given():
    from analysis.charts.displacement.common import OTHER_COLOUR

    table = pd.DataFrame({"asylum_name": ["Türkiye", None], "people": [3_000, 500]})
    ax = charts.country_bars(
        table, {"people": "Refugees"}, title="t", xlabel="x", footnote="S", other="the rest"
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Türkiye", "the rest"]
    grey = [b for b in ax.patches if matplotlib.colors.same_color(b.get_facecolor(), OTHER_COLOUR)]
    assert [b.get_width() for b in grey] == [500]
    with pytest.raises(ValueError, match="other"):
        charts.country_bars(table, {"people": "Refugees"}, title="t", xlabel="x", footnote="S")
