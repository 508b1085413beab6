"""Displacement numbers: the one home of every figure the displacement reports state.

Three kinds of data, each with its own rules and its own module:

- :mod:`.reported` and :mod:`.reported_frames`: **reported figures** (the bundled 2024 dataset,
  ``DISPLACEMENT_FIGURES``): counts published on a date by an organisation, kept as published
  (qualifier, range), never added. The national peak, the latest national figure and whether
  later figures are net of returns; the figures as frames for charts and tables.
- :mod:`.unhcr`: **UNHCR stocks** (``REFUGEE_STOCKS``): end-of-year stocks (refugees,
  asylum-seekers, IDPs) and yearly flows (returns during the year). A year belongs to a period
  when its 31 December falls in it. Stocks are summed over countries within one year, never
  across years.
- :mod:`.hnap`: **HNAP flows** (``IDP_FLOWS``): monthly IDP arrivals and spontaneous returns by
  governorate of arrival/return. A month belongs to a period when its last day falls in it, so
  the months of a year are split between its weeks without overlap: sub-period totals add up,
  and a weekly batch shows each month once (in the week holding its last day), as the figure
  for the whole month. Arrivals and returns are separate series and are never added together.
- :mod:`.idmc`: **IDMC IDPs** (``IDMC_IDPS``): IDPs in Syria at the end of each year (a stock),
  the last year's figure, its change from the year before and the highest.
- :mod:`.demographics`: **UNHCR demographics** (``REFUGEE_DEMOGRAPHICS``): the last year's
  people by sex and age (shares among those with a breakdown), by country, IDPs by governorate.
- :mod:`.solutions`: **UNHCR solutions** (``REFUGEE_SOLUTIONS``): returns, resettlement and
  naturalisation counted during each year, each its own series.
- :mod:`.arrivals`: **UNHCR flows** (``REFUGEE_ARRIVALS``): new refugees and new asylum
  applications during each year and by country, two series never added.
  These four follow the UNHCR rule for years (31 December in the period).
- :mod:`.common`: what they share (the first and last date of a file, the figures on either
  side of a period).

Functions take tidy frames and return tidy frames or :class:`~analysis.metrics.results.Result`.
Every public name is re-exported here: ``from analysis.metrics import displacement as metrics``
then ``metrics.reported_figures(...)``.
"""

from __future__ import annotations

from analysis.metrics.displacement.arrivals import (
    ARRIVALS,
    arrivals_by_country,
    arrivals_by_year,
    arrivals_results,
    main_country,
)
from analysis.metrics.displacement.common import series_years
from analysis.metrics.displacement.demographics import (
    breakdown_cover,
    demographics_by_country,
    demographics_by_governorate,
    demographics_last_year,
    demographics_results,
    governorate_results,
    sex_and_age,
)
from analysis.metrics.displacement.hnap import (
    FLOWS,
    HNAP,
    arrivals_grid,
    beyond_file,
    file_months,
    flow_months,
    has_fractional,
    hnap_results,
    last_month,
    month_end,
    month_label,
    monthly_totals,
    months_ending_in,
    months_period,
    nearest_months,
    same_months,
    totals_by_governorate,
)
from analysis.metrics.displacement.idmc import IDMC, idmc_by_year, idmc_results
from analysis.metrics.displacement.reported import (
    GOVERNORATE,
    LOWER_BOUND_QUALIFIERS,
    NATIONAL,
    SUB_AREA,
    FileDates,
    ReportedFigures,
    area_kind,
    counts_by_area,
    dated_in_period,
    figure_result,
    figure_value,
    file_dates,
    is_lower_bound,
    latest_row,
    lower_after_peak,
    mentions_returns,
    national_peak_row,
    origin_results,
    reported_figures,
    short_organisation,
    undated,
)
from analysis.metrics.displacement.reported_frames import (
    disagreements,
    figures_table,
    highest_national_by_day,
    latest_as_of,
    national_context,
    organisations,
    origin_bars,
    reported_points,
    weak_figures,
)
from analysis.metrics.displacement.solutions import (
    SOLUTIONS,
    returns_by_country,
    solutions_by_year,
    solutions_results,
)
from analysis.metrics.displacement.unhcr import (
    STOCK_COLUMNS,
    UNHCR,
    YEARLY_FLOWS,
    figures_by_year,
    file_years,
    leading_hosts,
    nearest_years,
    refugees_by_asylum,
    stocks_by_year,
    stocks_in_period,
    top_hosts,
    unhcr_peak,
    unhcr_peaks,
    unhcr_results,
    years_ending_in,
)

__all__ = [
    "ARRIVALS",
    "FLOWS",
    "GOVERNORATE",
    "HNAP",
    "IDMC",
    "LOWER_BOUND_QUALIFIERS",
    "NATIONAL",
    "SOLUTIONS",
    "STOCK_COLUMNS",
    "SUB_AREA",
    "UNHCR",
    "YEARLY_FLOWS",
    "FileDates",
    "ReportedFigures",
    "area_kind",
    "arrivals_by_country",
    "arrivals_by_year",
    "arrivals_grid",
    "arrivals_results",
    "beyond_file",
    "breakdown_cover",
    "counts_by_area",
    "dated_in_period",
    "demographics_by_country",
    "demographics_by_governorate",
    "demographics_last_year",
    "demographics_results",
    "disagreements",
    "figure_result",
    "figure_value",
    "figures_by_year",
    "figures_table",
    "file_dates",
    "file_months",
    "file_years",
    "flow_months",
    "governorate_results",
    "has_fractional",
    "highest_national_by_day",
    "hnap_results",
    "idmc_by_year",
    "idmc_results",
    "is_lower_bound",
    "last_month",
    "latest_as_of",
    "latest_row",
    "leading_hosts",
    "lower_after_peak",
    "main_country",
    "mentions_returns",
    "month_end",
    "month_label",
    "monthly_totals",
    "months_ending_in",
    "months_period",
    "national_context",
    "national_peak_row",
    "nearest_months",
    "nearest_years",
    "organisations",
    "origin_bars",
    "origin_results",
    "refugees_by_asylum",
    "reported_figures",
    "reported_points",
    "returns_by_country",
    "same_months",
    "series_years",
    "sex_and_age",
    "short_organisation",
    "solutions_by_year",
    "solutions_results",
    "stocks_by_year",
    "stocks_in_period",
    "top_hosts",
    "totals_by_governorate",
    "undated",
    "unhcr_peak",
    "unhcr_peaks",
    "unhcr_results",
    "weak_figures",
    "years_ending_in",
]
