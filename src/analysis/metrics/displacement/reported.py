"""Reported figures (the bundled 2024 dataset, ``DISPLACEMENT_FIGURES``): what each figure covers,
each figure as a result, and what the figures of a period say.

Counts published on a date by an organisation, kept as published (qualifier, range). Figures are
never added. The national peak, the latest national figure and whether later figures are net of
returns are found here; :mod:`.reported_frames` turns the figures into frames for charts and
tables.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from analysis.metrics.displacement.common import first_last, present
from analysis.metrics.results import Message, Period, Result
from analysis.metrics.weak_source import disclosed

LOWER_BOUND_QUALIFIERS = {"at least", "more than", "over"}
"""Qualifiers that make a published figure a lower bound: the file's ``qualifier`` column as
published (its vocabulary, read here, never shown from here)."""

NATIONAL = "national"
GOVERNORATE = "governorate"
SUB_AREA = "sub-area"
"""What a published figure covers (:func:`area_kind`; their words: the catalogue's term
``area_kind``)."""
# The area as published, or its Arabic in the Arabic edition (the bundled translations start a
# whole-of-Syria area with سوريا, and say العودة or العائدين where the English says returns).
_NATIONAL_AREA = re.compile(r"^\s*((the\s+)?(whole\s+of\s+)?syria\b|سوريا(\s|$))", re.IGNORECASE)
_RETURNS = re.compile(r"\breturn|العودة|العائد")


def _int_or_none(value: object) -> int | None:
    return int(value) if present(value) else None


def is_lower_bound(qualifiers: pd.Series) -> pd.Series:
    """True where the qualifier ("more than", "at least", "over") makes the figure a minimum."""
    text = qualifiers.astype("string").fillna("").str.strip().str.lower()
    return text.isin(LOWER_BOUND_QUALIFIERS).astype(bool)


def area_kind(figures: pd.DataFrame) -> pd.Series:
    """What each published figure covers, from its ``area`` and ``admin1_pcode``:
    ``"governorate"`` (a P-code: people who fled that governorate), ``"national"`` (the area as
    published starts with "Syria") or ``"sub-area"`` (one region, front or kind of movement)."""
    area = figures["area"].astype("string").fillna("")
    national = area.str.match(_NATIONAL_AREA.pattern, case=False).fillna(False).astype(bool)
    has_pcode = figures["admin1_pcode"].astype("string").str.strip().fillna("").ne("")
    kind = pd.Series(SUB_AREA, index=figures.index, dtype="string")
    kind[national] = NATIONAL
    kind[has_pcode] = GOVERNORATE
    return kind


def counts_by_area(figures: pd.DataFrame) -> dict[str, int]:
    """How many figures cover the whole country, one region and one governorate of origin."""
    kinds = area_kind(figures)
    return {kind: int((kinds == kind).sum()) for kind in (NATIONAL, SUB_AREA, GOVERNORATE)}


def figure_value(figures: pd.DataFrame) -> pd.Series:
    """The published point figure, or the top of the range where only a range was published."""
    return (
        figures["displaced_count"]
        .astype("Float64")
        .fillna(figures["displaced_high"].astype("Float64"))
    )


def short_organisation(name: object) -> str:
    """ "OCHA (via UN spokesman ...)" -> "OCHA", "OCHA / IDP Task Force" -> "OCHA"."""
    text = re.sub(r"\s*\(.*?\)\s*", " ", str(name)).strip()
    return text.split(" / ")[0].strip() or str(name)


def dated_in_period(figures: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Figures whose ``as_of_date`` falls in the period (undated figures cannot be placed)."""
    dates = figures["as_of_date"]
    return figures[dates.notna() & (dates >= period.start) & (dates < period.stop)]


def undated(figures: pd.DataFrame) -> pd.DataFrame:
    return figures[figures["as_of_date"].isna()]


@dataclasses.dataclass(frozen=True)
class FileDates:
    """The dates of a file's figures: the first and last as-of dates (None without a dated
    figure) and how many figures are undated (they cannot be placed in a period)."""

    first: pd.Timestamp | None
    last: pd.Timestamp | None
    undated: int


def file_dates(figures: pd.DataFrame) -> FileDates:
    """The first and last as-of dates of ``figures`` and how many have none."""
    first, last = first_last(figures["as_of_date"])
    return FileDates(first, last, len(undated(figures)))


def figure_result(row: pd.Series, key: str = "figure", label: Message | None = None) -> Result:
    """One published figure as a :class:`Result`: value or range, qualifier, as-of date, the
    organisation as source and the area it covers in the notes; labelled by ``label``, else by
    its area as published."""
    count = _int_or_none(row.get("displaced_count"))
    low = _int_or_none(row.get("displaced_low"))
    high = _int_or_none(row.get("displaced_high"))
    qualifier = row.get("qualifier")
    qualifier = str(qualifier).strip() if present(qualifier) and str(qualifier).strip() else None
    if count is None and qualifier == "between":
        qualifier = None  # "between 800,000-1,000,000" reads badly: the range says it
    result = Result(
        key=key,
        label=label or Message.of("as_published", name=str(row["area"])),
        value=count,
        unit="people",
        source=short_organisation(row["organisation"]),
        qualifier=qualifier,
        low=low,
        high=high,
        as_of=row["as_of_date"] if present(row.get("as_of_date")) else None,
        notes=(Message.of("area_as_published", area=str(row["area"])),),
    )
    return disclosed(result, pd.DataFrame([row]), describe_figure)


def describe_figure(row: object) -> Message:
    """One published figure, for a note (catalogue ``weak_displaced``: "rights groups, more
    than 100,000 displaced, north-east Syria, 12 December 2024")."""
    qualifier = str(row.qualifier) if present(row.qualifier) and str(row.qualifier) else None
    return Message.of(
        "weak_displaced",
        organisation=short_organisation(row.organisation),
        qualifier=qualifier,
        count=_int_or_none(row.displaced_count),
        low=_int_or_none(row.displaced_low),
        high=_int_or_none(row.displaced_high),
        area=str(row.area),
        as_of=pd.Timestamp(row.as_of_date) if present(row.as_of_date) else None,
    )


def _ordered(rows: pd.DataFrame, by_value_first: bool) -> pd.DataFrame:
    rows = rows.assign(_value=figure_value(rows)).dropna(subset=["_value"])
    if by_value_first:
        return rows.sort_values(
            ["_value", "as_of_date", "report_date"], ascending=[False, True, True]
        )
    return rows.sort_values(["as_of_date", "report_date", "_value"])


def national_peak_row(figures: pd.DataFrame) -> pd.Series | None:
    """The highest dated whole-of-Syria figure (a range counts by its top), earliest on a tie."""
    national = figures[(area_kind(figures) == NATIONAL) & figures["as_of_date"].notna()]
    ordered = _ordered(national, by_value_first=True)
    return None if ordered.empty else ordered.iloc[0].drop(labels="_value")


def latest_row(figures: pd.DataFrame) -> pd.Series | None:
    """The figure with the latest as-of date (then report date, then the highest value)."""
    ordered = _ordered(figures[figures["as_of_date"].notna()], by_value_first=False)
    return None if ordered.empty else ordered.iloc[-1].drop(labels="_value")


def lower_after_peak(figures: pd.DataFrame, peak: pd.Series) -> pd.DataFrame:
    """Whole-of-Syria figures dated after ``peak`` and lower than it."""
    later = (area_kind(figures) == NATIONAL) & (figures["as_of_date"] > peak["as_of_date"])
    national = figures[later]
    top = figure_value(pd.DataFrame([peak])).iloc[0]
    return national[(figure_value(national) < top).fillna(False).astype(bool)]


def mentions_returns(rows: pd.DataFrame) -> bool:
    """True when the rows' notes say that returns were netted out (or returnees counted)."""
    columns = [c for c in ("notes", "breakdown_note", "conflict_note") if c in rows]
    if rows.empty or not columns:
        return False
    joined = rows[columns].astype("string").fillna("").agg(" ".join, axis=1)
    return bool(joined.str.contains(_RETURNS.pattern, case=False, regex=True).any())


@dataclasses.dataclass(frozen=True)
class ReportedFigures:
    """What the reported figures of a period say.

    ``peak``: the highest whole-of-Syria figure; ``latest``: the latest whole-of-Syria figure
    (None when it is the peak itself); ``fall``: later whole-of-Syria figures are lower than the
    peak; ``net_of_returns``: their notes say returns were netted out; ``headline``: the figure
    the reports lead with (key ``"displaced"``); ``regional``: the latest figure for one region
    when there is no whole-of-Syria figure; ``published``: how many figures, by how many
    organisations.
    """

    peak: Result | None
    latest: Result | None
    fall: bool
    net_of_returns: bool
    headline: Result | None
    regional: Result | None
    published: Result
    organisations: int


def reported_figures(figures: pd.DataFrame, period: Period, source: str) -> ReportedFigures:
    """The peak, the latest figure and the headline of the dated figures in ``period``;
    ``source`` names the file of figures (the source of the count of figures published).

    The headline (key ``"displaced"``) is the latest whole-of-Syria figure; when later figures
    fell below an earlier peak (net of returns, or lower for another reason) the headline is the
    peak, the highest count of people displaced reported in the period, and its notes name the
    latest figure. Without a whole-of-Syria figure the headline is the latest figure for one
    region, labelled as such.
    """
    rows = dated_in_period(figures, period)
    kinds = area_kind(rows)
    national = rows[kinds == NATIONAL]
    organisations = int(rows["organisation"].map(short_organisation).nunique())
    published = Result(
        key="figures_published",
        label=Message.of("figures_published"),
        value=len(rows),
        unit="figures",
        source=source,
        period=period,
        notes=(Message.of("by_organisations", organisations=organisations),),
    )
    peak_row = national_peak_row(national)
    if peak_row is None:
        regional_row = latest_row(rows[kinds == SUB_AREA])
        regional = None
        if regional_row is not None:
            regional = figure_result(
                regional_row,
                key="displaced",
                label=Message.of("displaced_one_region", area=str(regional_row["area"])),
            ).with_notes(Message.of("no_national_figure"))
        return ReportedFigures(
            None, None, False, False, regional, regional, published, organisations
        )
    peak = figure_result(
        peak_row, key="displaced_peak", label=Message.of("displaced_national_highest")
    )
    later = lower_after_peak(national, peak_row)
    last_row = latest_row(national)
    is_peak = last_row is None or (
        last_row["as_of_date"] == peak_row["as_of_date"]
        and figure_value(pd.DataFrame([last_row])).iloc[0]
        == figure_value(pd.DataFrame([peak_row])).iloc[0]
    )
    latest = None
    if not is_peak:
        latest = figure_result(
            last_row, key="displaced_latest", label=Message.of("displaced_national_latest")
        )
    fall = not later.empty and latest is not None and last_row.name in later.index
    netted = fall and mentions_returns(later)
    if fall:
        headline = peak.relabelled(
            Message.of("displaced_peak_reported"),
            Message.of("peak_of_period", netted=netted, latest=latest),
            key="displaced",
        )
        peak = dataclasses.replace(peak, label=Message.of("displaced_national_peak"))
    else:
        chosen = latest or peak
        headline = chosen.relabelled(
            Message.of("displaced_latest_figure"),
            Message.of("latest_national_figure"),
            key="displaced",
        )
    return ReportedFigures(peak, latest, fall, netted, headline, None, published, organisations)


def origin_results(figures: pd.DataFrame, pcode: str) -> list[Result]:
    """Figures for people displaced from one governorate (``admin1_pcode`` = governorate of
    origin), in date order; key ``"displaced_from_governorate"``."""
    rows = figures[(area_kind(figures) == GOVERNORATE) & (figures["admin1_pcode"] == pcode)]
    rows = rows.sort_values(["as_of_date", "report_date"])
    return [
        figure_result(
            row,
            key="displaced_from_governorate",
            label=Message.of("displaced_from_governorate", governorate=str(row["admin1_name"])),
        )
        for _, row in rows.iterrows()
    ]
