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

A name a reader sees is written by :func:`shown`: in the Arabic edition, the Arabic name of the
one table of published names (``names`` in ``factions.yaml``: the bundled data's factions, as
Syrian Arabic media and UN Arabic publications write them); a name the table does not list
(a user's file) stays as published. Roles are always matched on the published name.

The roles, their labels and the rules live in ``factions.yaml`` beside this module (curated
data, validated on import: an unknown role, a pattern that does not compile or an unknown key is
a :class:`~analysis.errors.DataValidationError` naming the file and the entry). Decisions, so
that a reader can disagree with them knowingly:

- ``government``: the Syrian Arab Army and every force ACLED files under "Military Forces of
  Syria" or "Police Forces of Syria" (UCDP: "Government of Syria"), the National Defence Forces
  and pro-government militias, and the government's allies (Russian and Iranian forces,
  Hezbollah, Iraqi Popular Mobilization Forces, Liwa al-Quds, the Palestine Liberation Army,
  Qalamoon Shield Forces, the Russian-trained "ISIS Hunters").
- ``hts_moc``: Hayat Tahrir al-Sham and its predecessors (Jabhat Fateh al-Sham, Jabhat
  al-Nusra), the HTS-led Military Operations Command of 2024 and "Al Fath al Mubeen".
- ``sna``: the Turkish-backed Syrian National Army, its 2024 operation "Dawn of Freedom", its
  member factions, Turkey's own forces (ACLED files Turkish-backed fighting under "Operation
  Euphrates Shield", "Olive Branch" and "Peace Spring", which mix Turkish and SNA units), and
  the factions that joined it: the National Liberation Front and its members (Ahrar al-Sham,
  Faylaq al-Sham, Nour al-Din al-Zenki, the Syrian Liberation Front...), Jaysh al-Islam and
  Faylaq al-Rahman. Names are matched, not dates: such a faction counts here for its whole
  history, including before it joined.
- ``sdf``: the Syrian Democratic Forces (QSD), the YPG/YPJ, the SDF's military councils and
  self-defence forces, Jaysh al-Thuwar, and the YPG's Afrin insurgency.
- ``southern``: the Southern Operations Room, southern rebels and local factions of Daraa and
  Suwayda (Druze factions, the Eighth Brigade, Dar'a Popular Resistance, Lions of the East).
- ``isis``: the Islamic State and its affiliate in the Yarmouk basin (Khalid ibn al-Walid Army).
  "Global Coalition Against Daesh" and "ISIS Hunters" are *not* ISIS.
- ``other``: everything else, including names that do not say which coalition they belong to
  ("Opposition", "Opposition Rebels (Syria)", "Free Syrian Army", unidentified armed groups,
  "Syrian insurgents"), jihadist groups outside HTS (Hurras al-Din, the Turkistan Islamic Party),
  the US-backed Syrian Free Army of al-Tanf, the US-led coalition, Israel, and an empty name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

import pandas as pd
import yaml

from analysis import i18n
from analysis.errors import DataValidationError

RULES_FILE = resources.files("analysis") / "factions.yaml"
OTHER = "other"


def _load(source: Traversable = RULES_FILE) -> tuple[dict[str, str], tuple]:
    """Roles (with labels, in legend order) and rules from the YAML file, checked."""
    where = str(source)
    try:
        spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataValidationError(f"{where}: not valid YAML ({exc}).") from None
    if not isinstance(spec, dict) or not {"roles", "rules"} <= set(spec) <= {
        "roles",
        "names",
        "rules",
    }:
        raise DataValidationError(
            f"{where}: needs the lists 'roles' and 'rules' (and an optional 'names'), nothing else."
        )
    labels: dict[str, str] = {}
    for number, entry in enumerate(spec["roles"] or [], start=1):
        if not isinstance(entry, dict) or set(entry) != {"role", "label"}:
            raise DataValidationError(
                f"{where}: roles entry {number} must have exactly 'role' and 'label'."
            )
        labels[str(entry["role"])] = str(entry["label"])
    if OTHER not in labels:
        raise DataValidationError(f"{where}: the roles must include {OTHER!r}.")
    rules = []
    for number, entry in enumerate(spec["rules"] or [], start=1):
        if (
            not isinstance(entry, dict)
            or not {"role", "pattern"} <= set(entry)
            or set(entry) - {"role", "pattern", "note"}
        ):
            raise DataValidationError(
                f"{where}: rules entry {number} must have 'role' and 'pattern' (and an "
                f"optional 'note'), found {entry!r}."
            )
        if entry["role"] not in labels:
            raise DataValidationError(
                f"{where}: rules entry {number} has role {entry['role']!r}, which is not one "
                f"of the roles ({', '.join(labels)})."
            )
        try:
            pattern = re.compile(str(entry["pattern"]), re.IGNORECASE)
        except re.error as exc:
            raise DataValidationError(
                f"{where}: rules entry {number} has a pattern that does not compile "
                f"({exc}): {entry['pattern']!r}."
            ) from None
        rules.append((str(entry["role"]), pattern))
    return labels, tuple(rules)


def _load_names(source: Traversable = RULES_FILE) -> dict[str, str]:
    """The table of published names with their Arabic names (``names`` of the YAML file),
    checked: each entry has exactly ``name`` and ``ar``, and no name is listed twice."""
    where = str(source)
    spec = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    names: dict[str, str] = {}
    for number, entry in enumerate(spec.get("names") or [], start=1):
        if not isinstance(entry, dict) or set(entry) != {"name", "ar"}:
            raise DataValidationError(
                f"{where}: names entry {number} must have exactly 'name' and 'ar', found {entry!r}."
            )
        name = str(entry["name"]).strip()
        if name in names:
            raise DataValidationError(f"{where}: names entry {number} lists {name!r} again.")
        names[name] = str(entry["ar"]).strip()
    return names


FACTION_LABELS, RULES = _load()
"""Display label of each role, in legend order; (role, pattern) rules in order."""
ROLES = tuple(FACTION_LABELS)
"""Palette roles, in legend order."""
ARABIC_NAMES = _load_names()
"""Published faction name -> its Arabic name (the ``names`` table of ``factions.yaml``)."""


def shown(name: object) -> str:
    """A faction's name as a reader of the report's edition sees it: as published in English;
    in Arabic, its name in :data:`ARABIC_NAMES`, else as published (a user's file). A missing
    name is ``""``."""
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return ""
    text = str(name)
    if i18n.edition().language == "ar":
        return ARABIC_NAMES.get(text.strip(), text)
    return text


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
    """Display label of a role in the report's language (the message catalogue's entry for
    the label of ``factions.yaml``, context ``faction``); the role itself for anything
    unknown."""
    if role_key not in FACTION_LABELS:
        return role_key
    return i18n.pgettext("faction", FACTION_LABELS[role_key])


def extract_labels(fileobj, keywords, comment_tags, options):
    """Babel extraction method for ``factions.yaml`` (``babel.cfg``): each role's label, a
    message in context ``faction``."""
    for number, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        found = re.match(r"\s+label:\s*(.+?)\s*$", line)
        if found:
            yield number, "pgettext", ("faction", found.group(1).strip("\"'")), []


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


__all__ = [
    "ARABIC_NAMES",
    "FACTION_LABELS",
    "OTHER",
    "ROLES",
    "RULES",
    "RULES_FILE",
    "in_legend_order",
    "label",
    "role",
    "roles",
    "shown",
]
