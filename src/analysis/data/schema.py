"""The tidy schema of each domain: one name for one quantity, whatever the source.

Readers return frames with exactly these columns, in this order (extra source-specific columns
are dropped). Counts are people; dates are calendar days (``datetime64``, no time of day).
Event files can hold millions of rows, so their repeated texts (governorates, actors, event
types, places) are pandas categoricals: compare them with ``==`` or ``isin`` as usual.
"""

from __future__ import annotations

import pandas as pd

# Casualties, event level (UCDP GED, ACLED): one row per event.
# ``event_date`` is the date as published (UCDP ``date_start``); ``date_earliest``..``date_latest``
# is the span of days inside which the event happened, as the source's own precision code allows
# (UCDP ``date_start``..``date_end``; ACLED: the day, the week around it or its month). Reports
# count an event in a period only when its whole span lies inside the period.
CASUALTY_EVENTS = {
    "event_id": "string",
    "event_date": "datetime64[ns]",
    "event_date_end": "datetime64[ns]",
    "date_earliest": "datetime64[ns]",
    "date_latest": "datetime64[ns]",
    "date_precision": "category",  # one of DATE_PRECISIONS; empty when the file does not say
    "place_precision": "category",  # one of PLACE_PRECISIONS; empty when the file does not say
    "admin1_pcode": "category",
    "admin1_name": "category",
    "location": "category",
    "latitude": "float64",
    "longitude": "float64",
    "event_type": "category",
    "sub_event_type": "category",
    "side_a": "category",
    "side_b": "category",
    "civilian_targeting": "boolean",  # ACLED's civilian_targeting flag; empty for UCDP
    "deaths_best": "Int64",
    "deaths_low": "Int64",
    "deaths_high": "Int64",
    "deaths_side_a": "Int64",
    "deaths_side_b": "Int64",
    "deaths_civilians": "Int64",
    "deaths_unknown": "Int64",
    "recorded_date": "datetime64[ns]",  # when the source last recorded the row (ACLED timestamp)
    "copies_dropped": "Int64",  # exact duplicate rows of this event dropped when reading
    "provisional": "boolean",  # subject to revision (UCDP Candidate events); empty: not said
    "source": "category",
    "notes_text": "string",  # the source's own words: ACLED notes, UCDP source_headline
}

DATE_PRECISIONS = ("day", "days", "week", "month", "year")
"""How precisely an event is dated, finest first: the exact day; a span of 2-6 days (UCDP 2);
a week (UCDP 3, ACLED 2); up to a month (UCDP 4: a span of 8 to 30 or 31 days, which may be far
shorter than a month; ACLED 3: its calendar month); more than a month, up to a year (UCDP 5)."""

PLACE_PRECISIONS = (
    "exact place",
    "near a place",
    "district",
    "governorate",
    "region",
    "country",
    "air or sea",
)
"""How precisely an event is located, finest first (UCDP where_prec 1-7; ACLED geo_precision
1 exact place, 2 near a place, 3 a larger region)."""


# Casualties, reported cumulative tolls (the bundled 2024 figures): one row per published figure.
CASUALTY_TOLLS = {
    "report_date": "datetime64[ns]",
    "as_of_date": "datetime64[ns]",
    "organisation": "string",
    "qualifier": "string",
    "deaths_total": "Int64",
    "deaths_rebels": "Int64",
    "deaths_government_side": "Int64",
    "deaths_civilians": "Int64",
    "breakdown_note": "string",
    "scope": "string",
    "source_url": "string",
    "outlet": "string",
    "notes": "string",
    # Which cumulative series the figure belongs to, so charts never join unlike counts:
    # "offensive" (counted for the whole offensive since 27 Nov 2024), "partial" (one front or
    # clash only), "context" (a calendar period, e.g. all of December 2024).
    "series": "string",
}


def conform(frame: pd.DataFrame | dict[str, pd.Series], schema: dict[str, str]) -> pd.DataFrame:
    """Columns of ``schema`` in order, with its dtypes; absent columns are filled with NA.

    Accepts a frame or a mapping of column name to Series (saves building a frame twice).
    Columns already of the right dtype are not copied.
    """
    columns = dict(frame.items()) if isinstance(frame, pd.DataFrame) else dict(frame)
    length = len(next(iter(columns.values()))) if columns else 0
    out = {}
    for column, dtype in schema.items():
        if column in columns:
            values = columns[column]
            if not isinstance(values, pd.Series):
                values = pd.Series(values)
            values = values.reset_index(drop=True)
            out[column] = values if str(values.dtype) == dtype else values.astype(dtype)
        else:
            empty = {"datetime64[ns]": pd.NaT, "float64": float("nan")}.get(dtype, pd.NA)
            out[column] = pd.Series(empty, index=pd.RangeIndex(length), dtype=dtype)
    return pd.DataFrame(out, copy=False)


# Casualties, monthly counts by district (ACLED aggregates on HDX, HDX HAPI conflict_event): one
# row per admin2, month and series. Counts per month and district, never daily data. Series are
# ACLED's: "political_violence" (which already includes civilian targeting),
# "civilian_targeting" and "demonstrations" (no fatalities): never added together.
CASUALTY_AGGREGATES = {
    "month": "datetime64[ns]",  # first day of the month
    "admin1_pcode": "string",
    "admin1_name": "string",  # OCHA name, from the gazetteer
    "admin2_pcode": "string",
    "admin2_name": "string",  # as published
    "series": "string",  # one of AGGREGATE_SERIES
    "events": "Int64",
    "fatalities": "Int64",  # empty for demonstrations (the source counts none)
    "source": "string",  # e.g. "ACLED via HDX"
}

AGGREGATE_SERIES = ("political_violence", "civilian_targeting", "demonstrations")


# Displacement, reported figures (the bundled 2024 figures): a point value or a low..high range.
DISPLACEMENT_FIGURES = {
    "report_date": "datetime64[ns]",
    "as_of_date": "datetime64[ns]",
    "organisation": "string",
    "qualifier": "string",
    "displaced_count": "Int64",
    "displaced_low": "Int64",
    "displaced_high": "Int64",
    "area": "string",
    "admin1_pcode": "string",  # governorate of origin when the figure is for one governorate
    "admin1_name": "string",
    "breakdown_note": "string",
    "source_url": "string",
    "outlet": "string",
    "notes": "string",
}

# Displacement, UNHCR population statistics: end-of-year stocks by origin and asylum country.
REFUGEE_STOCKS = {
    "year": "Int64",
    "origin_iso3": "string",
    "origin_name": "string",
    "asylum_iso3": "string",
    "asylum_name": "string",
    "refugees": "Int64",
    "asylum_seekers": "Int64",
    "returned_refugees": "Int64",
    "idps_count": "Int64",
    "returned_idps": "Int64",
    "stateless": "Int64",
    "others_of_concern": "Int64",
    "other_in_need": "Int64",
    "host_community": "Int64",
    "source": "string",
}

# Displacement, the other UNHCR tables (UNHCR's R package ``refugees``). Every table: one row per
# year and pair of countries; "origin" is UNHCR's country of origin, "asylum" its country of
# asylum (for IDPs both are the country itself).
_UNHCR_PAIR = {
    "year": "Int64",
    "origin_iso3": "string",
    "origin_name": "string",
    "asylum_iso3": "string",
    "asylum_name": "string",
}

# IDMC's estimate of conflict IDPs at the end of each year (a stock; never summed across years).
IDMC_IDPS = {**_UNHCR_PAIR, "idps_count": "Int64", "source": "string"}

# Solutions, counted during the year: refugees returned (origin = the country returned to,
# asylum = the country returned from), refugees resettled to a third country, refugees
# naturalised by their country of asylum, IDPs returned home (origin = asylum).
REFUGEE_SOLUTIONS = {
    **_UNHCR_PAIR,
    "returned_refugees": "Int64",
    "resettlement": "Int64",
    "naturalisation": "Int64",
    "returned_idps": "Int64",
    "source": "string",
}

# Flows: people newly recognised as refugees or newly applying for asylum during the year.
REFUGEE_ARRIVALS = {
    **_UNHCR_PAIR,
    "refugees": "Int64",
    "asylum_seekers": "Int64",
    "refugee_like": "Int64",
    "other_in_need": "Int64",
    "source": "string",
}

# Demographics at the end of the year, one row per year, pair of countries, population type
# (UNHCR's codes: REF, ASY, IDP, RDP returned IDPs, RET returned refugees, OOC, STA, HST, OIP)
# and location in the country of asylum. Sex and age as published (``female_0_4`` ...); ``total``
# can exceed ``female_total + male_total`` when part of the population has no breakdown.
DEMOGRAPHIC_AGES = ("0_4", "5_11", "12_17", "18_59", "60", "other")
REFUGEE_DEMOGRAPHICS = {
    **_UNHCR_PAIR,
    "population_type": "string",
    "location": "string",
    "location_type": "string",  # U urban, R rural, V various/unknown
    "accommodation_type": "string",  # C camp, I individual, P planned settlement, ...
    **{f"{sex}_{age}": "Int64" for sex in ("female", "male") for age in DEMOGRAPHIC_AGES},
    "female_total": "Int64",
    "male_total": "Int64",
    "total": "Int64",
    "source": "string",
}

# Displacement, OCHA/HNAP monthly movements by governorate.
IDP_FLOWS = {
    "month": "datetime64[ns]",  # first day of the month
    "admin1_pcode": "string",
    "admin1_name": "string",
    "flow": "string",  # "idp_arrivals" or "idp_returns"
    "people_count": "Float64",  # HNAP estimates can be fractional; kept as published
    "source": "string",
}

# Territorial control, changes of control: one row per place changing hands.
CONTROL_CHANGES = {
    "event_date": "datetime64[ns]",
    "place": "string",
    "admin1_pcode": "string",
    "admin1_name": "string",
    "latitude": "float64",
    "longitude": "float64",
    "coord_source": "string",
    "event": "string",
    "faction_gaining": "string",
    "faction_losing": "string",
    "source": "string",
    "notes": "string",
}

# Territorial control, reported shares of territory (and other reported control metrics).
TERRITORY_SHARES = {
    "as_of_date": "datetime64[ns]",
    "as_of_label": "string",  # as published: "2017-01", "2020-05-31", or empty
    "report_date": "datetime64[ns]",
    "organisation": "string",
    "scope": "string",
    "metric": "string",
    "faction": "string",
    "value": "Float64",
    "unit": "string",
    "qualifier": "string",
    "source_url": "string",
    "notes": "string",
}

# Boundaries (a GeoDataFrame in EPSG:4326): one row per governorate.
BOUNDARY_COLUMNS = ("admin1_pcode", "admin1_name", "admin1_name_ar", "geometry")
# District boundaries (admin level 2): one row per district, with its governorate's P-code.
DISTRICT_COLUMNS = ("admin2_pcode", "admin2_name", "admin2_name_ar", "admin1_pcode", "geometry")

# Attacks on health care (Insecurity Insight / SHCC incident files): one row per incident.
# ``event_date`` is the day of the attack, or the first day of its month when the file gives only
# the month (``date_precision`` "month"). Counts are health workers (not patients or other
# civilians) and attacks on facilities; a kind the file's layout has no column for is NA (never
# 0), a blank cell in a column the layout has is 0 (none reported).
HEALTH_ATTACKS = {
    "incident_id": "string",
    "event_date": "datetime64[ns]",
    "date_precision": "category",  # "day" or "month"
    "admin1_pcode": "category",  # empty when the file gives no governorate
    "admin1_name": "category",
    "latitude": "float64",
    "longitude": "float64",
    "perpetrator": "category",  # the publisher's category, as given
    "perpetrator_name": "category",  # the named perpetrator, where the layout has one
    "weapon": "category",
    "health_workers_killed": "Int64",
    "health_workers_injured": "Int64",
    "health_workers_kidnapped": "Int64",
    "health_workers_arrested": "Int64",
    "facilities_destroyed": "Int64",  # attacks on facilities that reported destruction
    "facilities_damaged": "Int64",  # attacks on facilities that reported damage
    "source": "category",
}
