"""The meaning of report parameters, checked the same way wherever a report runs.

``sitrep render`` and ``sitrep batch`` check parameters before any kernel starts
(:mod:`analysis.report.params`); a notebook run in JupyterLab checks them when its first cell
loads the data (:meth:`analysis.sections.common.Scope.from_parameters`). Both call these
functions, so a reversed period or an unknown governorate is the same error everywhere. The
command line checks before any kernel starts, so this module stays cheap to import (no pandas).
"""

from __future__ import annotations

import datetime as dt
import glob
import math
import os
from collections.abc import Sequence
from pathlib import Path

from analysis import gazetteer
from analysis.errors import ParameterError, UnknownGovernorateError
from analysis.gazetteer import Governorate

BUNDLED = "bundled"
"""Path parameter value meaning the bundled 2024 offensive dataset."""


PATH_DOMAINS = {
    "casualties_path": "casualties",
    "compare_path": "casualties",
    "displacement_path": "displacement",
    "control_path": "control",
    "boundaries_path": "boundaries",
    "health_attacks_path": "health",
    "data_path": "any",
}
"""The kind of data each ``*_path`` parameter takes (a ``domain`` of :mod:`analysis.data`;
``"any"``: a file of any kind the format registry knows, explore.ipynb's ``data_path``)."""


def is_bundled(path: object) -> bool:
    """Whether a ``*_path`` parameter means the bundled data ("bundled", empty or None)."""
    if isinstance(path, list | tuple):
        return not path
    return path is None or str(path).strip() in ("", BUNDLED)


DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".gz", ".zip", ".xlsx", ".xlsm", ".json", ".geojson")
"""The files of a folder that a ``*_path`` parameter reads (its provenance notes, READMEs and
hidden files are not data)."""
_GLOB = frozenset("*?[")


def is_set(value: object) -> bool:
    """Whether a ``*_path`` value names several files read as one source: a list, a folder or a
    glob pattern (``data/ged_*.csv``), not one file (nor ``archive.zip::member``)."""
    if isinstance(value, list | tuple):
        return True
    if is_bundled(value):
        return False
    text = os.path.expanduser(str(value).strip())
    if "::" in text:
        return False
    if os.path.isdir(text):
        return True
    return bool(_GLOB & set(text)) and not os.path.exists(text)


def members(value: object) -> tuple[str, ...]:
    """The files a ``*_path`` value names, in the order they are listed (a folder's and a
    pattern's by name): a file itself; a folder's regular, visible files with a data suffix
    (:data:`DATA_SUFFIXES`), not those in its sub-folders; a pattern's matching files; each item
    of a list so. The same file named twice is read once. Names only: nothing is opened."""
    items = value if isinstance(value, list | tuple) else [value]
    found: list[str] = []
    for item in items:
        text = os.path.expanduser(str(item).strip())
        if "::" not in text and os.path.isdir(text):
            names = sorted(os.listdir(text))
            found += [
                os.path.join(text, n)
                for n in names
                if not n.startswith(".")
                and Path(n).suffix.lower() in DATA_SUFFIXES
                and os.path.isfile(os.path.join(text, n))
            ]
        elif "::" not in text and _GLOB & set(text) and not os.path.exists(text):
            found += sorted(p for p in glob.glob(text) if os.path.isfile(p))
        else:
            found.append(text)
    unique: dict[str, str] = {}
    for path in found:
        file, sep, member = path.partition("::")
        unique.setdefault(os.path.realpath(file) + sep + member, path)
    return tuple(unique.values())


def shown_value(value: object) -> str:
    """A ``*_path`` value as a message names it: the text given, or a list's items joined."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(str(v) for v in value)
    return str(value)


def check_date(name: str, value: object) -> dt.date:
    """``value`` as a date; anything but a full ISO date (YYYY-MM-DD) is refused."""
    text = "" if value is None else str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ParameterError(
            f"parameter {name!r} must be an ISO date like 2024-12-08, got {shown!r}."
        ) from None


def check_period(start_date: object, end_date: object) -> tuple[dt.date, dt.date]:
    """The report's first and last day; the end date may not come before the start date."""
    start = check_date("start_date", start_date)
    end = check_date("end_date", end_date)
    if end < start:
        raise ParameterError(
            f"parameter 'end_date' ({end}) is before 'start_date' ({start}); swap them."
        )
    return start, end


def check_governorate(value: object) -> Governorate | None:
    """The governorate named by ``value`` (any name or P-code); None for "all"."""
    text = str(value).strip()
    if text.lower() == gazetteer.ALL:
        return None
    try:
        return gazetteer.resolve(text)
    except UnknownGovernorateError as exc:
        raise ParameterError(f"parameter 'governorate': {exc}") from None


def check_faction(value: object) -> str | None:
    """The faction role named by ``value``: a role key ("hts_moc"), a role label or any faction
    name as published ("Hayat Tahrir al-Sham"); None when empty. A name that matches no role is
    refused rather than drawn as "other"."""
    name = str(value or "").strip()
    if not name:
        return None
    from analysis import factions  # imported only when a faction is named: it needs pandas

    if name in factions.ROLES:
        return name
    by_label = {english.lower(): r for r, english in factions.FACTION_LABELS.items()}
    if name.lower() in by_label:
        return by_label[name.lower()]
    found = factions.role(name)
    if found == factions.OTHER and name.lower() != "other":
        shown = name if len(name) <= 40 else name[:37] + "..."
        raise ParameterError(
            f"parameter 'front_faction': {shown!r} is not a faction the report knows; give "
            f"one of {', '.join(factions.ROLES)} or a faction name such as 'HTS' or 'SDF', "
            "or leave it empty for the faction with the most gains."
        )
    return found


BASELINES = ("previous", "previous_4", "previous_year")
"""What a change is measured against: the same length of time just before the period, the
average of the 4 periods before it, or of the 52 weeks (monthly data: 12 months) before it."""
SCALES = ("shared", "free")
"""Y-scales of small multiples: one for every panel, or each panel its own."""
TREND_DEFAULTS: dict[str, float | int | str] = {
    "baseline": "previous_4",
    "scale": "shared",
    "large_increase": 25.0,
    "moderate_increase": 10.0,
    "large_decrease": -25.0,
    "small_average": 2.0,
    "small_latest": 5.0,
    "alert_window_days": 30,
    "alert_level1_days": 366,
    "alert_level2_days": 1096,
    "alert_minimum": 100,
}
"""Parameters of the trends report with their defaults: ACLED Trendfinder's change bands (in
percent) and small-numbers guard, and HDX Signals' alert rule for armed conflict."""


def check_trend_parameters(values: dict[str, object]) -> None:
    """Refuse, in one line naming the parameter, change bands out of order, a negative guard,
    an alert rule whose windows are not positive and increasing, an unknown baseline or scale.
    Only the names present in ``values`` are checked (a notebook may declare some of them)."""
    given = {name: values[name] for name in TREND_DEFAULTS if name in values}
    if "baseline" in given and given["baseline"] not in BASELINES:
        raise ParameterError(
            f"parameter 'baseline' must be one of {', '.join(BASELINES)}, "
            f"got {given['baseline']!r}."
        )
    if "scale" in given and given["scale"] not in SCALES:
        raise ParameterError(
            f"parameter 'scale' must be one of {', '.join(SCALES)}, got {given['scale']!r}."
        )
    numbers = {}
    for name, value in given.items():
        if name in ("baseline", "scale"):
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ParameterError(f"parameter {name!r} must be a finite number, got {value!r}.")
        numbers[name] = value
    merged = {**TREND_DEFAULTS, **numbers}
    if not merged["large_decrease"] < merged["moderate_increase"] < merged["large_increase"]:
        raise ParameterError(
            "change bands out of order: give large_decrease < moderate_increase < large_increase "
            f"(got {merged['large_decrease']}, {merged['moderate_increase']}, "
            f"{merged['large_increase']} percent)."
        )
    if merged["large_decrease"] <= -100:
        raise ParameterError(
            "parameter 'large_decrease' must be above -100 (percent: a count cannot fall by more "
            f"than all of it), got {merged['large_decrease']}."
        )
    for name in ("small_average", "small_latest", "alert_minimum"):
        if merged[name] < 0:
            raise ParameterError(f"parameter {name!r} cannot be negative, got {merged[name]}.")
    for name in ("alert_window_days", "alert_level1_days", "alert_level2_days"):
        if merged[name] < 1 or merged[name] != int(merged[name]):
            raise ParameterError(f"parameter {name!r} must be a whole number of days, at least 1.")
    if merged["alert_window_days"] >= merged["alert_level1_days"]:
        raise ParameterError(
            "parameter 'alert_window_days' must be shorter than 'alert_level1_days' (the window "
            f"is compared with those before it), got {merged['alert_window_days']} and "
            f"{merged['alert_level1_days']}."
        )
    if merged["alert_level2_days"] <= merged["alert_level1_days"]:
        raise ParameterError(
            "parameter 'alert_level2_days' must be longer than 'alert_level1_days' (level 2 looks "
            f"further back), got {merged['alert_level2_days']} and {merged['alert_level1_days']}."
        )
