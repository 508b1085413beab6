"""Displacement charts, one module per kind of data:

- :mod:`.reported`: reported figures over time and by governorate of origin (bundled data);
- :mod:`.unhcr`: UNHCR end-of-year stocks, refugees by country of asylum, returns per year;
- :mod:`.hnap`: OCHA/HNAP monthly IDP arrivals and returns, by month and governorate;
- :mod:`.unhcr_tables`: the other UNHCR tables (IDMC IDPs per year, solutions and flows per
  year side by side, countries as bars, refugees by sex and age as a pyramid).

Every helper takes a tidy frame or results of :mod:`analysis.metrics.displacement` and a
footnote (source and as-of date), draws with the object-oriented API and returns the Axes.
Figures of different organisations, and arrivals and returns, are drawn apart, never added.
"""

from analysis.charts.displacement import common, hnap, reported, unhcr, unhcr_tables

__all__ = ["common", "hnap", "reported", "unhcr", "unhcr_tables"]
