"""The bundled dataset on the 2024 offensive (27 Nov - 8 Dec 2024), ``data/offensive_2024/``.

Built by ``scripts/build_bundled_data.py`` (``make data``) from the compiled facts tables kept
in the repository under ``data/raw/offensive_2024``; every file has a provenance sidecar,
``sources.csv`` lists every page cited and ``DISAGREEMENTS.md`` explains where sources
disagree. Four formats:

- ``bundled_tolls`` (casualties, tolls): ``casualty_tolls.csv``, one row per published toll;
- ``bundled_displacement`` (displacement, figures): ``displacement_figures.csv``;
- ``bundled_control`` (control, changes): ``control_changes.csv``, one row per place changing hands;
- ``bundled_shares`` (control, shares): ``territory_shares.csv``.

Quirks handled here:
- each row is one published report, not an event: tolls and displacement figures are
  cumulative and overlap, so rows must never be summed (``Format.extra["cumulative"]``).
- qualifiers ("at least", "about", "more than", "between") are data, in ``qualifier``; the value
  is the number stated.
- reports that disagree are all kept. ``conflict_note`` says how a row conflicts with others and
  names their ``record_id`` (stable, in source order: ``tolls-001``...).
- ``weak_source`` names the one weak page (a mirror, an aggregator, an unverified claim) a row
  still rests on, as its notes say ("single weak source: wikisum.wiki"); empty for the others.
  The three columns follow the schema columns.
- a toll may have only a breakdown (total empty) and a displacement figure only a low..high range.
- ``admin1_pcode`` of a displacement figure is the governorate of origin, filled only when the
  figure is for one governorate.
- ``source`` of a change of control holds one or more URLs with short annotations ("(mirror
  http://...)"); the other files have exactly one URL in ``source_url``.
- a territory share keeps ``as_of_label`` as published ("2017-01" is a month, empty is undated);
  ``as_of_date`` is its first day and must agree with the label.
- the free text a reader sees (:data:`TRANSLATED`: scopes, areas, outlets, events, notes,
  conflict notes, the weak page a figure rests on) has an Arabic translation in
  ``translations_ar.csv`` beside the files; in the Arabic edition
  (:func:`analysis.i18n.edition`) the readers give it in place of the English.
  Codes, record ids, organisations, factions, qualifiers, dates and numbers never change.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import gazetteer, i18n, paths
from analysis.data import validate
from analysis.data.formats import FORMATS, Format, register
from analysis.data.schema import (
    CASUALTY_TOLLS,
    CONTROL_CHANGES,
    DISPLACEMENT_FIGURES,
    TERRITORY_SHARES,
    conform,
)
from analysis.data.tabular import DATE, FLOAT, INT, TEXT, read_columns
from analysis.errors import DataValidationError, ParameterError, UnknownGovernorateError

DATASET = "offensive_2024"
EXTRA_COLUMNS = ("record_id", "conflict_note", "weak_source")

TOLLS = "bundled_tolls"
DISPLACEMENT = "bundled_displacement"
CONTROL = "bundled_control"
SHARES = "bundled_shares"

FILES = {
    TOLLS: "casualty_tolls.csv",
    DISPLACEMENT: "displacement_figures.csv",
    CONTROL: "control_changes.csv",
    SHARES: "territory_shares.csv",
}

TRANSLATED: dict[str, tuple[str, ...]] = {
    FILES[TOLLS]: ("scope", "outlet", "conflict_note", "weak_source"),
    FILES[DISPLACEMENT]: ("area", "outlet", "conflict_note", "weak_source"),
    FILES[CONTROL]: ("event", "notes", "conflict_note", "weak_source"),
    FILES[SHARES]: ("scope", "conflict_note", "weak_source"),
}
"""The text columns of each file that reach a reader, translated in ``translations_<lang>.csv``."""
TRANSLATION_COLUMNS = ("file", "column", "en", "ar")
"""Header of ``translations_ar.csv``: a cell's file and column, its English text, its Arabic."""

TOLL_COUNTS = ("deaths_total", "deaths_rebels", "deaths_government_side", "deaths_civilians")
DISPLACEMENT_COUNTS = ("displaced_count", "displaced_low", "displaced_high")

# Syria's extent with a margin, to catch swapped or mistyped coordinates.
_LATITUDE = (32.0, 37.6)
_LONGITUDE = (35.5, 42.5)
_URL = re.compile(r"https?://\S+")
_SINGLE_URL = re.compile(r"^https?://\S+$")
_LABEL_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LABEL_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _spec(schema: dict[str, str]) -> dict[str, str]:
    kinds = {"datetime64[ns]": DATE, "Int64": INT, "float64": FLOAT, "Float64": FLOAT}
    spec = {column: kinds.get(dtype, TEXT) for column, dtype in schema.items()}
    spec.update({column: TEXT for column in EXTRA_COLUMNS})
    return spec


# ---------------------------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------------------------


def read_tolls(path: Path) -> pd.DataFrame:
    """Read ``casualty_tolls.csv`` into the CASUALTY_TOLLS schema (+ record_id, conflict_note)."""
    path = Path(path)
    raw = read_columns(path, _spec(CASUALTY_TOLLS), fmt=TOLLS)
    _check_common(raw, path)
    validate.require_values(raw, ["report_date", "as_of_date", "organisation"], path)
    _require_single_urls(raw, "source_url", path)
    validate.non_negative(raw, TOLL_COUNTS, path)
    _require_any(raw, TOLL_COUNTS, path, "a death count")
    return _in_edition(_finish(raw, CASUALTY_TOLLS), path)


def read_displacement(path: Path) -> pd.DataFrame:
    """Read ``displacement_figures.csv`` into the DISPLACEMENT_FIGURES schema (+ extras)."""
    path = Path(path)
    raw = read_columns(path, _spec(DISPLACEMENT_FIGURES), fmt=DISPLACEMENT)
    _check_common(raw, path)
    validate.require_values(raw, ["organisation", "area"], path)
    _require_single_urls(raw, "source_url", path)
    validate.non_negative(raw, DISPLACEMENT_COUNTS, path)
    _require_any(raw, DISPLACEMENT_COUNTS, path, "a figure or a low..high range")
    _require_pairs(raw, "displaced_low", "displaced_high", path)
    validate.ordered(
        raw, "displaced_low", "displaced_high", path, ("displaced_low", "displaced_high")
    )
    raw["admin1_pcode"], raw["admin1_name"] = _governorates(raw, path, required=False)
    return _in_edition(_finish(raw, DISPLACEMENT_FIGURES), path)


def read_control(path: Path) -> pd.DataFrame:
    """Read ``control_changes.csv`` into the CONTROL_CHANGES schema (+ extras)."""
    path = Path(path)
    raw = read_columns(path, _spec(CONTROL_CHANGES), fmt=CONTROL)
    _check_common(raw, path)
    validate.require_values(raw, ["event_date", "place", "event"], path)
    _require_urls(raw, "source", path)
    _require_pairs(raw, "latitude", "longitude", path)
    _within(raw, "latitude", _LATITUDE, path)
    _within(raw, "longitude", _LONGITUDE, path)
    raw["admin1_pcode"], raw["admin1_name"] = _governorates(raw, path, required=True)
    return _in_edition(_finish(raw, CONTROL_CHANGES), path)


def read_shares(path: Path) -> pd.DataFrame:
    """Read ``territory_shares.csv`` into the TERRITORY_SHARES schema (+ extras)."""
    path = Path(path)
    raw = read_columns(path, _spec(TERRITORY_SHARES), fmt=SHARES)
    _check_common(raw, path)
    validate.require_values(raw, ["organisation", "metric", "unit"], path)
    _require_single_urls(raw, "source_url", path)
    _check_labels(raw, path)
    negative = (raw["value"] < 0).fillna(False).to_numpy(dtype=bool)
    _refuse(
        negative,
        raw["value"],
        path,
        "value",
        "has negative values",
        "Shares, areas and counts cannot be negative: correct those cells.",
    )
    over = ((raw["unit"] == "percent") & (raw["value"] > 100)).fillna(False).to_numpy(dtype=bool)
    _refuse(
        over,
        raw["value"],
        path,
        "value",
        "has percentages above 100",
        "Correct those cells, or check the unit.",
    )
    return _in_edition(_finish(raw, TERRITORY_SHARES), path)


def read_file(path: str | Path) -> pd.DataFrame:
    """Read any of the four bundled files, choosing the reader by the file's name."""
    path = Path(path)
    for name, file in FILES.items():
        if path.name == file:
            return FORMATS[name].reader(path)
    raise ParameterError(
        f"{path}: not a file of the bundled dataset; expected one of {', '.join(FILES.values())}."
    )


# ---------------------------------------------------------------------------------------------
# Public helpers
# ---------------------------------------------------------------------------------------------


def bundled_path(name: str) -> Path:
    """Path of a file of the bundled dataset.

    ``name`` is a file name ("casualty_tolls.csv", "DISAGREEMENTS.md"), a CSV's stem
    ("casualty_tolls") or a format name ("bundled_tolls").
    """
    file = FILES.get(name, name)
    if not Path(file).suffix:
        file = f"{file}.csv"
    path = paths.bundled(DATASET, file)
    if not path.exists():
        raise DataValidationError(
            f"{path}: no such file in the bundled dataset. Known files: "
            f"{', '.join(FILES.values())}, sources.csv, DISAGREEMENTS.md. If data/{DATASET} is "
            "empty, run `make data` (scripts/build_bundled_data.py)."
        )
    return path


def read_bundled(domain: str, kind: str) -> pd.DataFrame:
    """The validated bundled frame for ``domain`` and ``kind``, e.g. ("casualties", "tolls")."""
    for name in FILES:
        fmt = FORMATS[name]
        if (fmt.domain, fmt.kind) == (domain, kind):
            return fmt.reader(bundled_path(name))
    choices = ", ".join(f"({FORMATS[n].domain!r}, {FORMATS[n].kind!r})" for n in FILES)
    raise ParameterError(
        f"the bundled dataset has no {domain!r} {kind!r} table; choose one of {choices}."
    )


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


def _refuse(
    wrong: np.ndarray, values: pd.Series | None, path: Path, column: str, problem: str, todo: str
) -> None:
    if wrong.any():
        positions = np.flatnonzero(wrong)
        shown = None if values is None else values.iloc[positions[: validate.MAX_SHOWN]].tolist()
        raise DataValidationError(
            f"{path}: column {column!r} {problem} at {validate.show_lines(positions, shown)}. "
            + todo
        )


def _check_common(raw: pd.DataFrame, path: Path) -> None:
    validate.require_rows(raw, path)
    validate.require_values(raw, ["record_id"], path)
    repeated = raw["record_id"].duplicated(keep=False).to_numpy()
    _refuse(
        repeated,
        raw["record_id"],
        path,
        "record_id",
        "repeats ids",
        "Each row needs its own id; rebuild with scripts/build_bundled_data.py.",
    )


def _blank(series: pd.Series) -> np.ndarray:
    text = series.astype("string").str.strip()
    return (text.isna() | (text == "")).to_numpy(dtype=bool)


def _require_single_urls(raw: pd.DataFrame, column: str, path: Path) -> None:
    _refuse(
        _blank(raw[column]),
        None,
        path,
        column,
        "has no source URL",
        "Every figure must keep the URL of the page that published it: add it or remove the row.",
    )
    text = raw[column].astype("string").str.strip()
    not_url = (~text.str.match(_SINGLE_URL.pattern)).fillna(False).to_numpy(dtype=bool)
    _refuse(
        not_url,
        raw[column],
        path,
        column,
        "holds values that are not a single http(s) URL",
        "Put the URL of the page that published the figure there.",
    )


def _require_urls(raw: pd.DataFrame, column: str, path: Path) -> None:
    text = raw[column].astype("string")
    no_url = (~text.str.contains(_URL.pattern, regex=True)).fillna(True).to_numpy(dtype=bool)
    _refuse(
        no_url,
        raw[column],
        path,
        column,
        "has no source URL",
        "Every change of control must keep the URL of at least one page reporting it.",
    )


def _require_any(raw: pd.DataFrame, columns: tuple[str, ...], path: Path, what: str) -> None:
    empty = raw[list(columns)].isna().all(axis=1).to_numpy(dtype=bool)
    _refuse(
        empty,
        None,
        path,
        columns[0],
        f"and {', '.join(columns[1:])} are all empty",
        f"Each row needs {what}: fill it in or remove the row.",
    )


def _require_pairs(raw: pd.DataFrame, first: str, second: str, path: Path) -> None:
    for present, missing in ((first, second), (second, first)):
        alone = (raw[present].notna() & raw[missing].isna()).to_numpy(dtype=bool)
        _refuse(
            alone,
            None,
            path,
            missing,
            f"is empty where {present!r} is given",
            f"Give both {first!r} and {second!r}, or neither.",
        )


def _within(raw: pd.DataFrame, column: str, bounds: tuple[float, float], path: Path) -> None:
    values = raw[column]
    outside = ((values < bounds[0]) | (values > bounds[1])).fillna(False).to_numpy(dtype=bool)
    _refuse(
        outside,
        values,
        path,
        column,
        f"is outside Syria ({bounds[0]}..{bounds[1]})",
        "Check for swapped latitude and longitude or a mistyped degree.",
    )


def _governorates(raw: pd.DataFrame, path: Path, *, required: bool) -> tuple[pd.Series, pd.Series]:
    """Validated P-codes and the gazetteer's names; a name must agree with its P-code."""
    if required:
        validate.require_values(raw, ["admin1_pcode", "admin1_name"], path)
    codes = raw["admin1_pcode"].astype("string").str.strip()
    names = raw["admin1_name"].astype("string").str.strip()
    known = set(gazetteer.by_pcode())
    unknown = (codes.notna() & ~codes.isin(known)).to_numpy(dtype=bool)
    if unknown.any():
        positions = np.flatnonzero(unknown)
        raise UnknownGovernorateError(
            f"{path}: column 'admin1_pcode' has codes that are not governorate P-codes at "
            f"{validate.show_lines(positions, codes.iloc[positions[:5]].tolist())}. Use SY01..SY14 "
            "as in data/gazetteer/governorates.csv."
        )
    looked_up = names.map(lambda n: gazetteer.lookup(n) if isinstance(n, str) else None)
    unmatched = (names.notna() & looked_up.isna()).to_numpy(dtype=bool)
    if unmatched.any():
        positions = np.flatnonzero(unmatched)
        raise UnknownGovernorateError(
            f"{path}: column 'admin1_name' has unknown governorate names at "
            f"{validate.show_lines(positions, names.iloc[positions[:5]].tolist())}. Use an OCHA "
            "name (" + ", ".join(gazetteer.known_names()) + ")."
        )
    _require_pairs(raw, "admin1_pcode", "admin1_name", path)
    both = codes.notna() & names.notna()
    differ = (both & (looked_up.astype("string") != codes).fillna(False)).to_numpy(dtype=bool)
    _refuse(
        differ,
        names,
        path,
        "admin1_name",
        "names another governorate than admin1_pcode",
        "Correct the name or the P-code so that both name the same governorate.",
    )
    return codes, gazetteer.names_for(codes)


def _check_labels(raw: pd.DataFrame, path: Path) -> None:
    """``as_of_date`` is the day of ``as_of_label`` (a month's first day); both empty or neither."""
    labels = raw["as_of_label"].astype("string").str.strip()
    expected = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    day = labels.str.match(_LABEL_DAY.pattern).fillna(False)
    month = labels.str.match(_LABEL_MONTH.pattern).fillna(False)
    expected[day] = pd.to_datetime(labels[day], format="%Y-%m-%d", errors="coerce")
    expected[month] = pd.to_datetime(labels[month], format="%Y-%m", errors="coerce")
    unreadable = (labels.notna() & expected.isna()).to_numpy(dtype=bool)
    _refuse(
        unreadable,
        labels,
        path,
        "as_of_label",
        "has labels that are not YYYY-MM-DD or YYYY-MM",
        "Keep the date as published, in one of those forms, or leave it empty if undated.",
    )
    dates = raw["as_of_date"]
    agree = (dates == expected) | (dates.isna() & expected.isna())
    _refuse(
        ~agree.to_numpy(dtype=bool),
        dates.dt.strftime("%Y-%m-%d"),
        path,
        "as_of_date",
        "disagrees with as_of_label",
        "as_of_date must be the label's day (or the first day of a labelled month), and empty "
        "when the label is empty.",
    )


def _finish(raw: pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    """Conform to the schema, then keep record_id and conflict_note after its columns."""
    frame = conform(raw, schema)
    for column in EXTRA_COLUMNS:
        frame[column] = raw[column].astype("string").reset_index(drop=True)
    return frame


def translations_file(folder: Path, language: str) -> Path:
    """The file of ``language``'s translations of the text cells of the files in ``folder``."""
    return Path(folder) / f"translations_{language}.csv"


def read_translations(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(file, column) -> {English cell: translation}, from a ``translations_<lang>.csv``."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found.setdefault((row["file"], row["column"]), {})[row["en"]] = row["ar"]
    return found


def _in_edition(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """``frame`` with its reader-visible text in the edition's language, when the file has
    translations beside it (the bundled files do; a cell with none stays as published)."""
    language = i18n.edition().language
    columns = TRANSLATED.get(path.name, ())
    table = translations_file(path.parent, language)
    if language == "en" or not columns or not table.exists():
        return frame
    found = read_translations(table)
    changed = {}
    for column in columns:
        mapping = found.get((path.name, column), {})
        cells = frame[column]
        changed[column] = cells.map(
            lambda v, m=mapping: i18n.digits_in_text(m.get(v, v)) if isinstance(v, str) else v
        )
        changed[column] = changed[column].astype(cells.dtype)
    return frame.assign(**changed)


# ---------------------------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------------------------

_ORIGIN = "bundled with syria-sitrep (data/offensive_2024, built from data/raw/offensive_2024)"

TOLLS_FORMAT = register(
    Format(
        name=TOLLS,
        domain="casualties",
        kind="tolls",
        title=i18n.N_(
            "syria-sitrep bundled tolls, 2024 offensive (SOHR, OCHA, SNHR, Civil Defence)"
        ),
        reader=read_tolls,
        origin=_ORIGIN,
        columns=tuple(_spec(CASUALTY_TOLLS)),
        date_column="as_of_date",
        count_columns=TOLL_COUNTS,
        signature=frozenset(
            {"organisation", "qualifier", "deaths_total", "deaths_civilians", "source_url"}
        ),
        extra={"cumulative": True, "file": FILES[TOLLS]},
    )
)

DISPLACEMENT_FORMAT = register(
    Format(
        name=DISPLACEMENT,
        domain="displacement",
        kind="figures",
        title=i18n.N_(
            "syria-sitrep bundled displacement figures, 2024 offensive (OCHA, UNHCR, WFP, IFRC)"
        ),
        reader=read_displacement,
        origin=_ORIGIN,
        columns=tuple(_spec(DISPLACEMENT_FIGURES)),
        date_column="as_of_date",
        count_columns=("displaced_count",),
        signature=frozenset(
            {
                "organisation",
                "qualifier",
                "displaced_count",
                "displaced_low",
                "displaced_high",
                "source_url",
            }
        ),
        extra={"cumulative": True, "file": FILES[DISPLACEMENT]},
    )
)

CONTROL_FORMAT = register(
    Format(
        name=CONTROL,
        domain="control",
        kind="changes",
        title=i18n.N_("syria-sitrep bundled changes of control, 2024 offensive"),
        reader=read_control,
        origin=_ORIGIN,
        columns=tuple(_spec(CONTROL_CHANGES)),
        date_column="event_date",
        count_columns=(),
        signature=frozenset(
            {"event_date", "place", "coord_source", "faction_gaining", "faction_losing", "source"}
        ),
        extra={"file": FILES[CONTROL]},
    )
)

SHARES_FORMAT = register(
    Format(
        name=SHARES,
        domain="control",
        kind="shares",
        title=i18n.N_(
            "syria-sitrep bundled territory shares (Jusoor, AFP, SOHR, Reuters) and metrics"
        ),
        reader=read_shares,
        origin=_ORIGIN,
        columns=tuple(_spec(TERRITORY_SHARES)),
        date_column="as_of_date",
        count_columns=(),
        signature=frozenset({"as_of_label", "metric", "faction", "value", "unit", "source_url"}),
        extra={"file": FILES[SHARES]},
    )
)

__all__ = [
    "CONTROL",
    "DISPLACEMENT",
    "FILES",
    "SHARES",
    "TOLLS",
    "TRANSLATED",
    "bundled_path",
    "read_bundled",
    "read_control",
    "read_displacement",
    "read_file",
    "read_shares",
    "read_tolls",
    "read_translations",
    "translations_file",
]
