"""The report's SVG writer: the same file matplotlib writes, with text measured once."""

from __future__ import annotations

import io
import re

import matplotlib.pyplot as plt
import pytest

from analysis.charts import style, svg

RC = {"svg.fonttype": "none", "svg.hashsalt": "test"}


def _figure():
    style.use_house_style()
    fig, (left, right) = plt.subplots(1, 2, layout="constrained")
    left.bar(["Aleppo", "Hama", "Homs"], [1200, 340, 56])
    left.set_title("Deaths by governorate")
    right.plot([1, 2, 3], [3, 1, 2], label="حلب (Aleppo)")
    right.set_xlabel("Cost in $ (not mathtext: \\$ escaped)")
    right.legend()
    style.add_source(fig, "Source: test data <b>not markup</b>")
    return fig


def _without_date(text: str) -> str:
    return re.sub(r"<dc:date>.*?</dc:date>", "", text)


def test_same_svg_as_matplotlib():
    with plt.rc_context(RC):
        fig = _figure()
        expected = io.BytesIO()
        fig.savefig(expected, format="svg", dpi=150)
        plt.close(fig)
        fig = _figure()
        ours = svg.to_svg(fig, 150)
        plt.close(fig)
    written = ours.decode()
    assert f"{svg.RLI}حلب (Aleppo){svg.PDI}" in written  # right to left, isolated: the one change
    assert _unmarked(written) == _without_date(expected.getvalue().decode())
    assert "Deaths by governorate" in written


def test_savefig_backend_option_writes_the_same_file():
    with plt.rc_context(RC):
        fig = _figure()
        expected = io.BytesIO()
        fig.savefig(expected, format="svg")
        via_backend = io.BytesIO()
        fig.savefig(via_backend, format="svg", backend=svg.BACKEND)
        plt.close(fig)
    assert _unmarked(via_backend.getvalue().decode()) == _without_date(expected.getvalue().decode())


def _unmarked(text: str) -> str:
    """Our SVG without its date and the isolates around right-to-left text: matplotlib's."""
    return _without_date(text).replace(svg.RLI, "").replace(svg.PDI, "")


def test_each_text_is_measured_once(monkeypatch):
    calls: list[str] = []
    measure = svg.backend_svg.RendererSVG.get_text_width_height_descent

    def counting(self, s, prop, ismath):
        calls.append(s)
        return measure(self, s, prop, ismath)

    monkeypatch.setattr(svg.backend_svg.RendererSVG, "get_text_width_height_descent", counting)
    svg._measured.clear()
    with plt.rc_context(RC):
        for _ in range(2):
            fig = _figure()
            svg.to_svg(fig)
            plt.close(fig)
    assert "Deaths by governorate" in calls
    assert len(calls) == len(set(calls)), "a text was measured more than once"


def test_measurements_follow_font_properties():
    from matplotlib.font_manager import FontProperties

    renderer = svg.RendererSVG(100, 100, io.StringIO())
    small = renderer.get_text_width_height_descent("Same text", FontProperties(size=8), False)
    large = renderer.get_text_width_height_descent("Same text", FontProperties(size=20), False)
    bold = renderer.get_text_width_height_descent(
        "Same text", FontProperties(size=20, weight="bold"), False
    )
    assert large[0] == pytest.approx(small[0] * 20 / 8, rel=0.05)
    assert bold[0] > large[0]


@pytest.fixture(autouse=True)
def _close_all():
    yield
    plt.close("all")
