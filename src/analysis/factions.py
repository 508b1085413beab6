"""Faction and actor names, as published, to the roles the palettes are named by.

Sources name the same forces in many ways: the bundled 2024 data writes "HTS-led MOC",
"MOC (HTS-led)" or "SNA (Dawn of Freedom)"; ACLED writes "HTS: Hayat Tahrir al Sham",
"QSD: Syrian Democratic Forces" or "Military Forces of Syria (2000-)"; territory shares write
"Syrian regime". Charts colour by *role*, one of :data:`ROLES`, so a faction has the same colour
in every chart and legend (``FACTION_COLOURS[role]`` in :mod:`analysis.charts.palettes`).

>>> role("MOC (HTS-led)"), role("QSD: Syrian Democratic Forces"), role("Military Forces of Turkey")
('hts_moc', 'sdf', 'sna')

The rules (:data:`RULES`) are regular expressions tried in order on the whole name; the role of
the rule that matches **earliest in the text** wins, so a name listing several forces takes the
first one it names ("Opposition (Southern Operations Room; MOC/HTS)" is ``southern``: southern
forces entered Damascus first). At the same position, the earlier rule wins. Nothing matched,
or an empty name: ``other``. Tables keep the name as published beside the role.

Decisions, so that a reader can disagree with them knowingly:

- ``government``: the Syrian Arab Army and every force ACLED files under "Military Forces of
  Syria" or "Police Forces of Syria", the National Defence Forces and pro-government militias,
  and the government's allies (Russian and Iranian forces, Hezbollah, Iraqi Popular
  Mobilization Forces, Liwa al-Quds, the Palestine Liberation Army, Qalamoon Shield Forces, the
  Russian-trained "ISIS Hunters").
- ``hts_moc``: Hayat Tahrir al-Sham and its predecessors (Jabhat Fateh al-Sham, Jabhat
  al-Nusra), the HTS-led Military Operations Command of 2024 and HTS's operations room
  "Al Fath al Mubeen".
- ``sna``: the Turkish-backed Syrian National Army, its 2024 operation "Dawn of Freedom", its
  member groups named by ACLED (Levant Front, Hamza Division, Sultan Murad) **and Turkey's own
  forces**: ACLED files Turkish-backed fighting under "Operation Euphrates Shield", "Operation
  Olive Branch" and "Operation Peace Spring", which mix Turkish and SNA units, so Turkey's forces
  are counted with the Syrian force they back and fight beside.
- ``sdf``: the Syrian Democratic Forces (QSD), the YPG/YPJ and the SDF's military councils
  (Manbij, Deir ez-Zor).
- ``southern``: the Southern Operations Room, southern rebels and local factions of Daraa and
  Suwayda (Druze factions such as Al-Jabal Brigade or Rijal al-Karama, the Eighth Brigade).
- ``isis``: the Islamic State and its affiliate in the Yarmouk basin (Khalid ibn al-Walid Army).
  "Global Coalition Against Daesh" and "ISIS Hunters" are *not* ISIS.
- ``other``: everything else, including names that do not say which coalition they belong to
  ("Opposition", "Opposition Rebels (Syria)", "Free Syrian Army", Ahrar al-Sham, the National
  Liberation Front, unidentified armed groups), the US-backed Syrian Free Army of al-Tanf
  (neither in the Southern Operations Room nor in the MOC), the US-led coalition, and an empty
  name (the source did not say who gained).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

ROLES = ("government", "hts_moc", "sna", "sdf", "southern", "isis", "other")
"""Palette roles, in legend order."""

OTHER = "other"

FACTION_LABELS = {
    "government": "Government (SAA) and allies",
    "hts_moc": "HTS / HTS-led MOC",
    "sna": "SNA and Turkish forces",
    "sdf": "SDF (incl. YPG)",
    "southern": "Southern factions",
    "isis": "ISIS",
    "other": "Other or not stated",
}
"""Display label of each role, for legends, tables and key figures."""


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Names that contain another role's keyword but are not that role come first.
    (OTHER, _rx(r"coalition against (daesh|isis|isil|the islamic state)")),
    ("government", _rx(r"\bisis hunters\b")),
    (OTHER, _rx(r"\bsyrian free army\b")),  # US-backed, al-Tanf: not the FSA, not southern
    # The government of Syria and its allies.
    ("government", _rx(r"(?-i:\bSAA\b)|(?<!free )\bsyrian (arab )?army\b")),
    ("government", _rx(r"(military|police|security) forces of syria")),
    ("government", _rx(r"\bassad\b|syrian (government|regime)|\bregime\b")),
    ("government", _rx(r"(?<!anti-)\bgovernment forces|pro-government")),
    ("government", _rx(r"(?-i:\b(NDF|QDW)\b)|national defen[cs]e forces")),
    ("government", _rx(r"republican guard|tiger (paramilitary )?forces|qawat al[- ]nimr")),
    ("government", _rx(r"military forces of (russia|iran)|\bwagner\b|revolutionary guard")),
    ("government", _rx(r"hezbollah|hizballah|popular mobili[sz]ation forces|fatemiyoun")),
    ("government", _rx(r"\bliwa al[- ]quds\b|\bquds brigade|palestine liberation army")),
    ("government", _rx(r"qalam[ou]o?n shield")),
    # HTS and the HTS-led Military Operations Command.
    ("hts_moc", _rx(r"(?-i:\bHTS\b)|hay'?at tahrir al[- ]sham")),
    ("hts_moc", _rx(r"(?-i:\bMOC\b)|military operations command|deterrence of aggression")),
    ("hts_moc", _rx(r"jabhat (fateh|fatah) al[- ]sham|jabhat al[- ]nusra|nusra front")),
    ("hts_moc", _rx(r"al[- ]fat(h|ah) al[- ]mub(ee|i)n")),
    # The Syrian National Army and Turkey.
    ("sna", _rx(r"(?-i:\b(SNA|JWS)\b)|syrian national army|dawn of freedom")),
    ("sna", _rx(r"euphrates shield|olive branch|peace spring")),
    ("sna", _rx(r"military forces of turkey|turkish (armed )?forces")),
    ("sna", _rx(r"levant front|al[- ]jabha al[- ]shamiya|hamza (division|brigade)|sultan murad")),
    # The Syrian Democratic Forces.
    ("sdf", _rx(r"(?-i:\b(SDF|QSD|YPG|YPJ)\b)|syrian democratic forces")),
    ("sdf", _rx(r"(people|women)'?s protection units|asayish")),
    ("sdf", _rx(r"(manbij|deir[- ]ez[- ]zor|raqqa) military council")),
    # Southern factions.
    ("southern", _rx(r"southern operations room|\bsouthern\b")),
    ("southern", _rx(r"\bdruze\b|al[- ]jabal brigade|rijal al[- ]karama|men of dignity")),
    ("southern", _rx(r"\b(8th|eighth) brigade\b")),
    # The Islamic State.
    ("isis", _rx(r"(?-i:\b(ISIS|ISIL|IS)\b)|islamic state|\bdaesh\b")),
    ("isis", _rx(r"khalid ibn al[- ]walid")),
)
"""(role, pattern) in order; see the module docstring for how a name is matched."""


@lru_cache(maxsize=4096)
def role(name: object) -> str:
    """The palette role of one faction or actor name as published (``other`` when unknown)."""
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return OTHER
    text = str(name).strip()
    if not text:
        return OTHER
    best: tuple[int, int, str] | None = None
    for order, (found_role, pattern) in enumerate(RULES):
        match = pattern.search(text)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, found_role)
    return best[2] if best else OTHER


def label(role_key: str) -> str:
    """Display label of a role (the role itself for anything unknown)."""
    return FACTION_LABELS.get(role_key, role_key)


def roles(names: Iterable[object]) -> pd.Series:
    """The role of every name (a Series of the same length and index, if ``names`` has one)."""
    index = names.index if isinstance(names, pd.Series) else None
    values = list(names)
    unique = {value if isinstance(value, str) else None for value in values}
    mapping = {value: role(value) for value in unique}
    out = [mapping[value if isinstance(value, str) else None] for value in values]
    return pd.Series(out, index=index, dtype="string")


def in_legend_order(present: Iterable[str]) -> list[str]:
    """The roles of ``present`` in :data:`ROLES` order (so legends list factions alike)."""
    wanted = set(present)
    return [r for r in ROLES if r in wanted]


__all__ = ["FACTION_LABELS", "OTHER", "ROLES", "RULES", "in_legend_order", "label", "role", "roles"]
