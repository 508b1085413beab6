"""UNHCR demographics (``REFUGEE_DEMOGRAPHICS``): the people UNHCR counts at the end of a year by
sex and age group, by country of asylum, and Syria's IDPs by governorate.

End-of-year stocks: years are never added; a report uses the last year whose 31 December falls
in its period. Sex and age are known for part of the people only (``total`` exceeds
``female_total + male_total`` where a country reports no breakdown), so shares are stated among
the people with the breakdown, with how many those are. Syria's IDPs (at the end of the year) and
IDP returns (during it) are located by governorate: the one place in UNHCR's tables with
sub-national figures.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.schema import DEMOGRAPHIC_AGES
from analysis.metrics.displacement.unhcr import UNHCR
from analysis.metrics.results import Message, Period, Result

CHILD_AGES = ("0_4", "5_11", "12_17")
ADMIN1 = " [Admin 1]"


def _year_end(year: int) -> pd.Timestamp:
    return pd.Timestamp(year=int(year), month=12, day=31)


def _rows(frame: pd.DataFrame, year: int, pop_type: str, origin_iso3: str) -> pd.DataFrame:
    """Rows of ``pop_type`` from ``origin_iso3`` at the end of ``year``: abroad for refugees and
    asylum-seekers, in the country itself for IDPs and returns."""
    inside = frame["asylum_iso3"].eq(origin_iso3).fillna(False).astype(bool)
    where = inside if pop_type in ("IDP", "RDP", "RET", "HST") else ~inside
    keep = (
        frame["origin_iso3"].eq(origin_iso3).fillna(False).astype(bool)
        & frame["population_type"].eq(pop_type).fillna(False).astype(bool)
        & (frame["year"] == year).fillna(False).astype(bool)
        & where
    )
    return frame[keep]


def demographics_last_year(frame: pd.DataFrame) -> int | None:
    years = frame["year"].dropna()
    return None if years.empty else int(years.max())


def sex_and_age(
    frame: pd.DataFrame, year: int, pop_type: str = "REF", origin_iso3: str = "SYR"
) -> pd.DataFrame:
    """People by sex and age group at the end of ``year``: columns ``age`` (the age group's code,
    :data:`~analysis.data.schema.DEMOGRAPHIC_AGES`; its words: the catalogue's term
    ``age_group``), ``female``, ``male``, in the order of the age groups (``other``, age unknown,
    last). Only the people with a breakdown are in it (see :func:`breakdown_cover`)."""
    rows = _rows(frame, year, pop_type, origin_iso3)
    return pd.DataFrame(
        {
            "age": list(DEMOGRAPHIC_AGES),
            "female": [int(rows[f"female_{a}"].sum()) for a in DEMOGRAPHIC_AGES],
            "male": [int(rows[f"male_{a}"].sum()) for a in DEMOGRAPHIC_AGES],
        }
    )


def breakdown_cover(
    frame: pd.DataFrame, year: int, pop_type: str = "REF", origin_iso3: str = "SYR"
) -> dict[str, int]:
    """``total`` people, ``with_sex`` (female + male totals), ``with_age`` (those of a known age
    group), ``female``, ``male`` and ``children`` (under 18) at the end of ``year``."""
    rows = _rows(frame, year, pop_type, origin_iso3)
    female, male = int(rows["female_total"].sum()), int(rows["male_total"].sum())
    unknown_age = int(rows["female_other"].sum()) + int(rows["male_other"].sum())
    children = sum(int(rows[f"{s}_{a}"].sum()) for s in ("female", "male") for a in CHILD_AGES)
    return {
        "total": int(rows["total"].sum()),
        "with_sex": female + male,
        "with_age": female + male - unknown_age,
        "female": female,
        "male": male,
        "children": children,
    }


def demographics_by_country(
    frame: pd.DataFrame, year: int, top: int = 8, pop_type: str = "REF", origin_iso3: str = "SYR"
) -> pd.DataFrame:
    """People of ``pop_type`` from ``origin_iso3`` by country of asylum at the end of ``year``:
    ``asylum_name``, ``people``; the ``top`` countries largest first, then one row for every
    other country together, whose ``asylum_name`` is NA (no country: the rest)."""
    rows = _rows(frame, year, pop_type, origin_iso3)
    totals = rows.groupby("asylum_name")["total"].sum().sort_values(ascending=False)
    totals = totals[totals > 0]
    shown = totals.head(top)
    rest = totals.iloc[top:]
    table = shown.rename("people").reset_index()
    if not rest.empty:
        other = pd.DataFrame({"asylum_name": [None], "people": [int(rest.sum())]})
        table = pd.concat([table, other], ignore_index=True)
    return table.astype({"people": "int64"})


def demographics_by_governorate(
    frame: pd.DataFrame, year: int, country_iso3: str = "SYR"
) -> pd.DataFrame:
    """IDPs in the country at the end of ``year`` and IDPs returned during it, by governorate:
    ``governorate`` (OCHA's spelling, as UNHCR writes it), ``idps``, ``idp_returns`` (NA where
    UNHCR gives none), largest ``idps`` first. Rows not located in one governorate (camps,
    "Dispersed in the country") are left out."""
    columns = {}
    for pop_type, column in (("IDP", "idps"), ("RDP", "idp_returns")):
        rows = _rows(frame, year, pop_type, country_iso3)
        rows = rows[rows["location"].str.endswith(ADMIN1).fillna(False).astype(bool)]
        names = rows["location"].str.slice(stop=-len(ADMIN1)).rename("governorate")
        columns[column] = rows.groupby(names)["total"].sum()
    table = pd.concat(columns, axis=1).astype("Int64")
    table.index.name = "governorate"
    table = table.sort_values("idps", ascending=False, na_position="last")
    return table.reset_index()


def governorate_results(frame: pd.DataFrame, year: int, governorate: str) -> list[Result]:
    """For one governorate (its OCHA name): ``governorate_idps`` (IDPs located there at the
    end of ``year``) and ``governorate_idp_returns`` (IDPs who returned there during it), those
    UNHCR gives."""
    table = demographics_by_governorate(frame, year)
    row = table[table["governorate"] == governorate]
    if row.empty:
        return []
    row = row.iloc[0]
    results = []
    if not pd.isna(row["idps"]):
        results.append(
            Result(
                key="governorate_idps",
                label=Message.of("governorate_idps", governorate=governorate, year=year),
                value=int(row["idps"]),
                unit="people",
                source=UNHCR,
                as_of=_year_end(year),
                notes=(Message.of("end_of_year_stock"), Message.of("located_by_unhcr")),
            )
        )
    if not pd.isna(row["idp_returns"]):
        results.append(
            Result(
                key="governorate_idp_returns",
                label=Message.of("governorate_idp_returns", governorate=governorate, year=year),
                value=int(row["idp_returns"]),
                unit="people",
                source=UNHCR,
                period=Period(pd.Timestamp(year=year, month=1, day=1), _year_end(year)),
                notes=(
                    Message.of("during_whole_year", year=year),
                    Message.of("located_by_unhcr"),
                ),
            )
        )
    return results


def _share(part: int, whole: int) -> float | None:
    return None if whole <= 0 else round(100 * part / whole, 1)


def demographics_results(frame: pd.DataFrame, year: int, origin_iso3: str = "SYR") -> list:
    """At the end of ``year``: ``displaced`` (refugees from Syria abroad), ``female_share`` and
    ``children_share`` (among refugees whose sex, or age, was reported; the notes say how many
    those are), ``idps`` (IDPs in Syria)."""
    cover = breakdown_cover(frame, year, "REF", origin_iso3)
    end = _year_end(year)
    results = []
    if cover["total"] > 0:
        countries = int(_rows(frame, year, "REF", origin_iso3)["asylum_iso3"].nunique())
        results.append(
            Result(
                key="displaced",
                label=Message.of("refugees_abroad", year=year),
                value=cover["total"],
                unit="people",
                source=UNHCR,
                as_of=end,
                notes=(
                    Message.of("end_of_year_stock"),
                    Message.of("in_countries_of_asylum", countries=countries),
                    Message.of("asylum_seekers_not_included"),
                ),
            )
        )
    female = _share(cover["female"], cover["with_sex"])
    if female is not None:
        known = _share(cover["with_sex"], cover["total"])
        results.append(
            Result(
                key="female_share",
                label=Message.of("female_share", year=year),
                value=female,
                unit="percent",
                source=UNHCR,
                as_of=end,
                notes=(
                    Message.of("of_reported", what="sex", people=cover["with_sex"], share=known),
                ),
            )
        )
    children = _share(cover["children"], cover["with_age"])
    if children is not None:
        known = _share(cover["with_age"], cover["total"])
        results.append(
            Result(
                key="children_share",
                label=Message.of("children_share", year=year),
                value=children,
                unit="percent",
                source=UNHCR,
                as_of=end,
                notes=(
                    Message.of("of_reported", what="age", people=cover["with_age"], share=known),
                ),
            )
        )
    idps = _rows(frame, year, "IDP", origin_iso3)
    if not idps.empty:
        results.append(
            Result(
                key="idps",
                label=Message.of("idps_in_syria", year=year),
                value=int(idps["total"].sum()),
                unit="people",
                source=UNHCR,
                as_of=end,
                notes=(Message.of("end_of_year_stock"),),
            )
        )
    return results


__all__ = [
    "breakdown_cover",
    "demographics_by_country",
    "demographics_by_governorate",
    "demographics_last_year",
    "demographics_results",
    "governorate_results",
    "sex_and_age",
]
