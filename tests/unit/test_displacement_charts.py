"""Displacement charts on small in-memory frames: what is drawn, the numbers shown, the source."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.charts import displacement as charts
from analysis.data.schema import DISPLACEMENT_FIGURES, IDP_FLOWS, REFUGEE_STOCKS, conform


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def figures_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in ("report_date", "as_of_date"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column])
    out = conform(frame, DISPLACEMENT_FIGURES)
    out["record_id"] = [f"displacement-{i:03d}" for i in range(1, len(out) + 1)]
    out["conflict_note"] = frame.get("conflict_note", pd.Series([pd.NA] * len(out)))
    return out


FIGURES = [
    # as_of, organisation, qualifier, count, low, high, area, pcode, name, notes
    (
        "2024-11-28",
        "OCHA / IDP Task Force",
        "more than",
        14_000,
        None,
        None,
        "Idleb",
        None,
        None,
        "",
    ),
    (
        "2024-12-05",
        "UNHCR and NGOs",
        None,
        None,
        60_000,
        80_000,
        "arrivals in north-east Syria",
        None,
        None,
        "",
    ),
    (
        "2024-12-06",
        "WFP (Samer AbdelJaber)",
        "around",
        280_000,
        None,
        None,
        "Syria (since 27 Nov)",
        None,
        None,
        "",
    ),
    (
        "2024-12-06",
        "OCHA (via UN spokesman)",
        "at least",
        370_000,
        None,
        None,
        "Syria (since 27 Nov)",
        None,
        None,
        "",
    ),
    (
        "2024-12-09",
        "UNHCR",
        "between",
        None,
        800_000,
        1_000_000,
        "Syria (since 27 Nov)",
        None,
        None,
        "",
    ),
    (
        "2024-12-12",
        "OCHA / IDP Task Force",
        "over",
        1_100_000,
        None,
        None,
        "Syria (since 27 Nov)",
        None,
        None,
        "",
    ),
    (
        "2024-12-12",
        "OCHA / IDP Task Force",
        "nearly",
        640_000,
        None,
        None,
        "fled Aleppo governorate",
        "SY02",
        "Aleppo",
        "",
    ),
    (
        "2024-12-12",
        "OCHA / IDP Task Force",
        None,
        334_000,
        None,
        None,
        "fled Idleb governorate",
        "SY07",
        "Idleb",
        "",
    ),
    (
        "2024-12-12",
        "rights groups",
        "more than",
        2_000_000,
        None,
        None,
        "north-east Syria (fighting)",
        None,
        None,
        "",
    ),
    (
        "2024-12-16",
        "OCHA",
        "more than",
        880_000,
        None,
        None,
        "Syria (since escalation)",
        None,
        None,
        "net figure after returns",
    ),
    (
        None,
        "IFRC / SARC",
        "approximately",
        500_000,
        None,
        None,
        "Aleppo, Idlib and Hama",
        None,
        None,
        "",
    ),
]


def bundled_like() -> pd.DataFrame:
    rows = [
        {
            "report_date": as_of,
            "as_of_date": as_of,
            "organisation": org,
            "qualifier": qualifier,
            "displaced_count": count,
            "displaced_low": low,
            "displaced_high": high,
            "area": area,
            "admin1_pcode": pcode,
            "admin1_name": name,
            "notes": notes,
            "source_url": "https://example.org/x",
            "outlet": "Example",
        }
        for as_of, org, qualifier, count, low, high, area, pcode, name, notes in FIGURES
    ]
    return figures_frame(rows)


def figure_texts(target: Axes | Figure) -> list[str]:
    fig = target if isinstance(target, Figure) else target.figure
    texts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        texts += [t.get_text() for t in ax.texts]
    return texts


def source_text(target: Axes | Figure) -> str:
    fig = target if isinstance(target, Figure) else target.figure
    sources = [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]
    assert len(sources) == 1, [t.get_text() for t in fig.texts]
    return sources[0]


def by_gid(ax: Axes, gid: str):
    found = [t for t in ax.texts if t.get_gid() == gid]
    return found[0] if found else None


# --- classification and helpers -------------------------------------------------------------


def test_area_kind_from_area_and_pcode():
    kinds = charts.area_kind(bundled_like()).tolist()
    assert kinds == [
        "sub-area",
        "sub-area",
        "national",
        "national",
        "national",
        "national",
        "governorate",
        "governorate",
        "sub-area",  # "north-east Syria" does not start with "Syria"
        "national",
        "sub-area",
    ]


def test_qualified_keeps_qualifier_and_range():
    frame = bundled_like()
    assert charts.qualified(frame.iloc[5]) == "over 1,100,000"
    assert charts.qualified(frame.iloc[4]) == "800,000–1,000,000"
    assert charts.qualified(frame.iloc[7]) == "334,000"


def test_short_organisation_drops_who_was_quoted():
    assert charts.short_organisation("OCHA (via UN spokesman Stephane Dujarric)") == "OCHA"
    assert charts.short_organisation("OCHA / IDP Task Force") == "OCHA"
    assert charts.short_organisation("WFP (Samer AbdelJaber)") == "WFP"
    assert charts.short_organisation("rights groups") == "rights groups"


# --- reported_displacement -------------------------------------------------------------------


def test_reported_displacement_returns_axes_with_source():
    ax = charts.reported_displacement(bundled_like(), as_of="31 December 2024")
    assert isinstance(ax, Axes)
    source = source_text(ax)
    assert "Data as of 31 December 2024" in source
    for org in ("OCHA", "WFP", "UNHCR", "rights groups"):
        assert org in source
    assert "2 figures for one governorate of origin" in source
    assert "1 undated figure left out" in source


def test_peak_annotation_is_the_highest_whole_syria_figure():
    frame = bundled_like()
    national = frame[frame["area"].str.startswith("Syria")]
    highest = int(
        national["displaced_count"].astype("Float64").fillna(national["displaced_high"]).max()
    )
    ax = charts.reported_displacement(frame)
    peak = by_gid(ax, "peak-annotation")
    assert peak is not None
    assert f"{highest:,}" in peak.get_text()
    assert peak.get_text().startswith("Peak: over 1,100,000")
    assert "12 Dec 2024" in peak.get_text()
    assert pd.Timestamp(mdates_num(peak.xy[0])) == pd.Timestamp("2024-12-12")
    assert peak.xy[1] == highest
    # the 2,000,000 of a sub-area is not the peak, and is never joined by the line
    assert "2,000,000" not in peak.get_text()


def mdates_num(value):
    import matplotlib.dates as mdates

    if isinstance(value, int | float | np.floating):
        return mdates.num2date(value).replace(tzinfo=None)
    return value


def test_line_joins_only_whole_syria_point_figures():
    ax = charts.reported_displacement(bundled_like())
    lines = [line for line in ax.get_lines() if line.get_label().startswith("Whole of Syria")]
    assert len(lines) == 1
    x, y = lines[0].get_data()
    days = [pd.Timestamp(mdates_num(v)).normalize() for v in x]
    assert days == [pd.Timestamp(d) for d in ("2024-12-06", "2024-12-12", "2024-12-16")]
    assert list(y) == [370_000, 1_100_000, 880_000]  # highest figure each day, never a sum


def test_text_says_later_figures_are_net_of_returns():
    ax = charts.reported_displacement(bundled_like())
    note = by_gid(ax, "returns-note")
    assert note is not None and "net of returns" in note.get_text()


def test_no_returns_text_without_a_fall_after_the_peak():
    frame = bundled_like()
    frame = frame[frame["as_of_date"] <= pd.Timestamp("2024-12-12")]
    ax = charts.reported_displacement(frame)
    assert by_gid(ax, "returns-note") is None
    assert by_gid(ax, "peak-annotation") is not None


def test_reported_displacement_empty_input_says_no_data():
    empty = bundled_like().iloc[0:0]
    ax = charts.reported_displacement(empty, as_of="31 December 2024")
    assert any("No dated displacement figure" in t for t in figure_texts(ax))
    assert source_text(ax).startswith("Source:")


def test_reported_displacement_draws_on_a_given_axes():
    _fig, ax = plt.subplots()
    assert charts.reported_displacement(bundled_like(), ax=ax) is ax


# --- displaced_by_origin ---------------------------------------------------------------------


def test_displaced_by_origin_bars_and_highlight():
    ax = charts.displaced_by_origin(bundled_like(), highlight="Aleppo")
    assert isinstance(ax, Axes)
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [334_000, 640_000]
    aleppo = max(ax.patches, key=lambda p: p.get_width())
    assert matplotlib.colors.to_hex(aleppo.get_facecolor()) == charts.HIGHLIGHT_COLOUR.lower()
    assert "nearly 640,000" in " ".join(figure_texts(ax))
    assert "of over 1,100,000 displaced in all of Syria" in ax.get_title(loc="left")
    assert "Source: OCHA" in source_text(ax)


def test_displaced_by_origin_without_governorate_rows():
    frame = bundled_like()
    ax = charts.displaced_by_origin(frame[frame["admin1_pcode"].isna()])
    assert any("No figure by governorate of origin" in t for t in figure_texts(ax))


# --- UNHCR -----------------------------------------------------------------------------------


def stocks_frame() -> pd.DataFrame:
    rows = []
    hosts = {
        "TUR": ("Türkiye", 100),
        "LBN": ("Lebanon", 50),
        "DEU": ("Germany", 30),
        "JOR": ("Jordan", 20),
        "IRQ": ("Iraq", 10),
    }
    for year in (2022, 2023, 2024):
        for iso, (name, base) in hosts.items():
            rows.append(
                {
                    "year": year,
                    "origin_iso3": "SYR",
                    "origin_name": "Syrian Arab Rep.",
                    "asylum_iso3": iso,
                    "asylum_name": name,
                    "refugees": base * 1000 + year,
                    "returned_refugees": 5 if iso == "TUR" else 0,
                }
            )
        rows.append(
            {
                "year": year,
                "origin_iso3": "SYR",
                "origin_name": "Syrian Arab Rep.",
                "asylum_iso3": "SYR",
                "asylum_name": "Syrian Arab Rep.",
                "refugees": 0,
                "idps_count": 6_000_000,
                "returned_idps": 1000 * (year - 2021),
            }
        )
        rows.append(
            {
                "year": year,
                "origin_iso3": "IRQ",
                "origin_name": "Iraq",
                "asylum_iso3": "SYR",
                "asylum_name": "Syrian Arab Rep.",
                "refugees": 9_999_999,
            }
        )
    frame = conform(pd.DataFrame(rows), REFUGEE_STOCKS)
    frame["source"] = "UNHCR Refugee Data Finder"
    return frame


def test_refugees_by_asylum_top_countries_and_other():
    stocks = stocks_frame()
    ax = charts.refugees_by_asylum(stocks, top=3)
    assert isinstance(ax, Axes)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Other countries", "Germany", "Lebanon", "Türkiye"]
    # the stacked areas reach the total of Syrian refugees abroad in each year
    top_edge = max(collection.get_paths()[0].vertices[:, 1].max() for collection in ax.collections)
    expected = stocks[(stocks["origin_iso3"] == "SYR") & (stocks["asylum_iso3"] != "SYR")]
    assert top_edge == expected.groupby("year")["refugees"].sum().max()
    assert "Iraq" not in labels  # hosted Iraqis in Syria are not Syrian refugees
    assert source_text(ax).startswith(
        "Source: UNHCR Refugee Data Finder. Data as of 31 December 2024"
    )


def test_refugees_by_asylum_single_year_is_one_stacked_bar():
    stocks = stocks_frame()
    ax = charts.refugees_by_asylum(stocks[stocks["year"] == 2024], top=2)
    heights = sum(p.get_height() for p in ax.patches)
    syrians = stocks[(stocks["year"] == 2024) & (stocks["origin_iso3"] == "SYR")]
    assert heights == syrians.loc[syrians["asylum_iso3"] != "SYR", "refugees"].sum()


def test_returns_per_year():
    stocks = stocks_frame()
    ax = charts.returns(stocks)
    by_label = {}
    for container in ax.containers:
        by_label[container.get_label()] = [p.get_height() for p in container.patches]
    assert by_label["Refugees returned from abroad"] == [5, 5, 5]
    assert by_label["IDPs returned home"] == [1000, 2000, 3000]
    assert "Source: UNHCR Refugee Data Finder" in source_text(ax)


def test_unhcr_charts_on_empty_input():
    empty = stocks_frame().iloc[0:0]
    for chart in (charts.refugees_by_asylum, charts.returns):
        ax = chart(empty)
        assert any(t.startswith("No ") for t in figure_texts(ax))
        assert source_text(ax).startswith("Source:")


# --- HNAP ------------------------------------------------------------------------------------


def flows_frame() -> pd.DataFrame:
    rows = []
    for month, aleppo, idleb in (
        ("2018-01-01", 100.5, 40),
        ("2018-02-01", 50, 60),
        ("2018-03-01", 25, None),
    ):
        rows.append(
            {
                "month": month,
                "admin1_pcode": "SY02",
                "admin1_name": "Aleppo",
                "flow": "idp_arrivals",
                "people_count": aleppo,
            }
        )
        if idleb is not None:
            rows.append(
                {
                    "month": month,
                    "admin1_pcode": "SY07",
                    "admin1_name": "Idleb",
                    "flow": "idp_arrivals",
                    "people_count": idleb,
                }
            )
    rows.append(
        {
            "month": "2018-03-01",
            "admin1_pcode": "SY07",
            "admin1_name": "Idleb",
            "flow": "idp_returns",
            "people_count": 7,
        }
    )
    frame = pd.DataFrame(rows)
    frame["month"] = pd.to_datetime(frame["month"])
    frame["source"] = "OCHA/HNAP IDP Task Force"
    return conform(frame, IDP_FLOWS)


def test_idp_flows_one_governorate_is_an_axes_of_its_months():
    ax = charts.idp_flows(flows_frame(), "Idleb")
    assert isinstance(ax, Axes)
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.get_lines()}
    assert lines == {"IDP arrivals": [40, 60], "IDP spontaneous returns": [7]}
    assert "Idleb" in ax.get_title(loc="left")
    assert source_text(ax) == (
        "Source: OCHA/HNAP IDP Task Force. Data as of March 2018. Governorate where people arrived."
    )


def test_idp_flows_all_governorates_is_a_figure_with_totals_and_heatmap():
    fig = charts.idp_flows(flows_frame())
    assert isinstance(fig, Figure)
    totals = fig.axes[0]
    arrivals = next(line for line in totals.get_lines() if line.get_label() == "IDP arrivals")
    assert list(arrivals.get_ydata()) == [140.5, 110, 25]  # one source: governorates summed
    heatmap = fig.axes[1]
    image = heatmap.get_images()[0].get_array()
    assert image.shape == (2, 3)
    assert np.ma.is_masked(image[1, 2])  # Idleb, March: no figure, not zero
    assert [t.get_text() for t in heatmap.get_yticklabels()] == ["Aleppo", "Idleb"]
    assert "Source: OCHA/HNAP IDP Task Force" in source_text(fig)


def test_idp_flows_empty_input_says_no_data():
    empty = flows_frame().iloc[0:0]
    fig = charts.idp_flows(empty)
    assert any("No IDP movements recorded" in t for t in figure_texts(fig))
    ax = charts.idp_flows(empty, "Hama")
    assert any("No IDP movements recorded for Hama" in t for t in figure_texts(ax))
    assert source_text(ax).startswith("Source:")
