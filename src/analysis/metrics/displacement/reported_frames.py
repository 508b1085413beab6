"""Reported figures as frames and lines for charts and tables: the points of the reported
displacement chart, the figures by governorate of origin, the table of figures as published,
the organisations and latest as-of date of what a chart shows, and where sources disagree.

The figures are only selected, ordered and labelled here, never added (see :mod:`.reported`).
"""

from __future__ import annotations

import pandas as pd

from analysis.metrics.displacement.common import first_last
from analysis.metrics.displacement.reported import (
    GOVERNORATE,
    NATIONAL,
    area_kind,
    describe_figure,
    figure_result,
    figure_value,
    is_lower_bound,
    short_organisation,
)
from analysis.metrics.results import Disclosure, Message, Result
from analysis.metrics.weak_source import disclosure as weak_disclosure


def reported_points(figures: pd.DataFrame) -> pd.DataFrame:
    """The dated whole-of-Syria and regional figures as a tidy frame for a chart: ``as_of_date``,
    ``organisation`` (short name), ``kind``, ``value`` (point figure or NA), ``low``, ``high``
    (range or NA), ``lower_bound`` (qualifier "more than", "at least", "over"), ``weak_source``
    (the weak page a figure rests on, when the file says so)."""
    rows = figures[figures["as_of_date"].notna()]
    rows = rows[area_kind(rows) != GOVERNORATE]
    return pd.DataFrame(
        {
            "as_of_date": rows["as_of_date"],
            "organisation": rows["organisation"].map(short_organisation).astype("string"),
            "kind": area_kind(rows),
            "value": rows["displaced_count"].astype("Float64"),
            "low": rows["displaced_low"].astype("Float64"),
            "high": rows["displaced_high"].astype("Float64"),
            "lower_bound": is_lower_bound(rows["qualifier"]),
            "weak_source": rows.get("weak_source", pd.Series(pd.NA, index=rows.index)).astype(
                "string"
            ),
        }
    ).reset_index(drop=True)


def highest_national_by_day(figures: pd.DataFrame) -> pd.DataFrame:
    """The highest whole-of-Syria point figure of each day (``as_of_date``, ``value``)."""
    rows = figures[(area_kind(figures) == NATIONAL) & figures["as_of_date"].notna()]
    rows = rows.dropna(subset=["displaced_count"])
    daily = rows.groupby("as_of_date")["displaced_count"].max().sort_index()
    return pd.DataFrame({"as_of_date": daily.index, "value": daily.astype(float).to_numpy()})


def origin_bars(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures by governorate of origin for a bar chart, smallest first: ``admin1_pcode``,
    ``admin1_name``, ``organisation`` (short name), ``as_of_date`` (what a bar is named by),
    ``text`` (as published), ``base`` (point figure or low end of the range), ``low``,
    ``high``, ``value`` (point or top of the range)."""
    rows = figures[area_kind(figures) == GOVERNORATE]
    rows = rows.assign(_value=figure_value(rows).astype(float)).sort_values("_value")
    return pd.DataFrame(
        {
            "admin1_pcode": rows["admin1_pcode"].to_numpy(),
            "admin1_name": rows["admin1_name"].to_numpy(),
            "organisation": rows["organisation"].map(short_organisation).to_numpy(),
            "as_of_date": rows["as_of_date"].to_numpy(),
            "text": [figure_result(row).text for _, row in rows.iterrows()],
            "base": rows["displaced_count"]
            .astype("Float64")
            .fillna(rows["displaced_low"].astype("Float64"))
            .astype(float)
            .to_numpy(),
            "low": rows["displaced_low"].astype("Float64").astype(float).to_numpy(),
            "high": rows["displaced_high"].astype("Float64").astype(float).to_numpy(),
            "value": rows["_value"].to_numpy(),
        }
    )


def national_context(figures: pd.DataFrame, origin: pd.DataFrame) -> Result | None:
    """The whole-of-Syria figure of the same organisation and day as the governorate figures,
    when there is one (the governorate figures are parts of it)."""
    national = figures[area_kind(figures) == NATIONAL]
    rows = origin[area_kind(origin) == GOVERNORATE][["organisation", "as_of_date"]]
    same = national.merge(
        rows.drop_duplicates(), on=["organisation", "as_of_date"], how="inner", validate="m:1"
    )
    if same.empty:
        return None
    return figure_result(same.iloc[0], key="displaced_national_context", label=Message.of("syria"))


def figures_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Every figure as published, in date order, for a table: ``record_id``, ``as_of_date``,
    ``organisation``, ``figure`` (as published), ``area``, ``covers`` (:func:`area_kind`),
    ``outlet``, and
    ``result`` (the figure as a :class:`Result`, with its disclosures)."""
    rows = figures.sort_values(["as_of_date", "report_date", "organisation"])
    results = [figure_result(row) for _, row in rows.iterrows()]
    return pd.DataFrame(
        {
            "record_id": rows.get("record_id", pd.Series("", index=rows.index)),
            "as_of_date": rows["as_of_date"],
            "organisation": rows["organisation"],
            "figure": [r.text for r in results],
            "result": pd.Series(results, index=rows.index, dtype=object),
            "area": rows["area"],
            "covers": area_kind(rows),
            "outlet": rows["outlet"],
        }
    ).reset_index(drop=True)


def weak_figures(figures: pd.DataFrame) -> Disclosure | None:
    """The figures of ``figures`` that rest on a single weak source (None: none does)."""
    return weak_disclosure(figures, describe_figure)


def disagreements(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures that conflict with others, in date order: ``record_id``, ``organisation``
    (short name), ``as_of_date`` (NaT: undated), ``conflict_note`` (as the file says it)."""
    columns = ["record_id", "organisation", "as_of_date", "conflict_note"]
    if "conflict_note" not in figures:
        return pd.DataFrame(columns=columns)
    rows = figures.dropna(subset=["conflict_note"]).sort_values(["as_of_date", "report_date"])
    return rows.assign(organisation=rows["organisation"].map(short_organisation))[
        columns
    ].reset_index(drop=True)


def _of_kind(figures: pd.DataFrame, kind: str | None) -> pd.DataFrame:
    kinds = area_kind(figures)
    return figures[kinds == kind] if kind else figures[kinds != GOVERNORATE]


def latest_as_of(figures: pd.DataFrame, kind: str | None = None) -> pd.Timestamp | None:
    """The latest as-of date of the figures of one ``kind`` of area (``GOVERNORATE``: the
    figures by governorate of origin) or, with None, of all but those (whole of Syria and
    regions: the figures of the reported displacement chart); None without a dated figure."""
    return first_last(_of_kind(figures, kind)["as_of_date"])[1]


def organisations(figures: pd.DataFrame, kind: str | None = None) -> list[str]:
    """The organisations (short names, in the order of the rows) that published the figures of
    one ``kind`` of area or, with None, of all but those by governorate of origin."""
    return list(dict.fromkeys(_of_kind(figures, kind)["organisation"].map(short_organisation)))
