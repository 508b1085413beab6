"""Colours named by role, from the Okabe-Ito palette (safe for the common colour-vision
deficiencies). The same faction or victim group has the same colour in every chart."""

from __future__ import annotations

from analysis.i18n import N_

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#8C8C8C",
}

FACTION_COLOURS = {
    "government": OKABE_ITO["vermillion"],  # SAA and allies
    "hts_moc": OKABE_ITO["bluish_green"],  # HTS-led Military Operations Command
    "sna": OKABE_ITO["sky_blue"],  # Syrian National Army (Turkish-backed)
    "sdf": OKABE_ITO["orange"],  # Syrian Democratic Forces
    "southern": OKABE_ITO["reddish_purple"],  # southern factions (Daraa, Suwayda)
    "isis": OKABE_ITO["black"],
    "other": OKABE_ITO["grey"],
}

# Casualty series of the reported tolls.
SIDE_COLOURS = {
    "deaths_total": "#333333",
    "deaths_rebels": FACTION_COLOURS["hts_moc"],
    "deaths_government_side": FACTION_COLOURS["government"],
    "deaths_civilians": OKABE_ITO["blue"],
}
SIDE_LABELS = {
    "deaths_total": N_("All deaths"),
    "deaths_rebels": N_("Rebel fighters"),
    "deaths_government_side": N_("Government side"),
    "deaths_civilians": N_("Civilians"),
}
"""A toll's parts in a chart's legend (marked for the catalogue: shown with ``gettext``)."""

# Reporting organisations: marker shapes (colour is kept for the quantity).
ORGANISATION_MARKERS = ["o", "s", "D", "P", "X", "v", "h", "*"]

UNCERTAINTY_ALPHA = 0.25
