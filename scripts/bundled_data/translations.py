"""Translations: the Arabic of every text cell a reader sees, checked against the built rows.

``translations_ar.csv`` (beside the facts) has one row per distinct English cell of a column
that reaches a reader (:data:`analysis.data.bundled.TRANSLATED`): ``file`` (the output file),
``column``, ``en`` (the cell exactly as built) and ``ar`` (its translation, by hand). The build
stops on a cell with no translation (a new or changed fact, or a changed note), on a
translation whose English no longer occurs (stale), on a repeated entry and on a translation
that does not state exactly the numbers of its English (both editions must give the same
figures). It is written, sorted, into the output folder, where the readers find it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from analysis.data.bundled import TRANSLATED, TRANSLATION_COLUMNS
from analysis.errors import DataValidationError

from .rows import Built

TRANSLATIONS_FILE = "translations_ar.csv"
_DIGITS = re.compile(r"\d+")


def numbers_in(text: str) -> list[str]:
    """The runs of digits of ``text``, sorted (word order differs between languages)."""
    return sorted(_DIGITS.findall(text))


def load_translations(raw_dir: Path) -> list[dict[str, str]]:
    """The entries of ``translations_ar.csv``, each checked on its own."""
    path = Path(raw_dir) / TRANSLATIONS_FILE
    if not path.exists():
        raise DataValidationError(
            f"{path}: missing. It holds the Arabic of every text cell a reader sees; see the "
            "README.md beside it."
        )
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != TRANSLATION_COLUMNS:
            raise DataValidationError(
                f"{path}: the header must be {','.join(TRANSLATION_COLUMNS)}, not "
                f"{','.join(reader.fieldnames or ())}."
            )
        entries = list(reader)
    seen: set[tuple[str, str, str]] = set()
    for line, entry in enumerate(entries, start=2):
        where = f"{path}, line {line}"
        file, column, english, arabic = (entry[c] for c in TRANSLATION_COLUMNS)
        if column not in TRANSLATED.get(file, ()):
            raise DataValidationError(
                f"{where}: {file} {column} is not a translated column; the translated columns "
                f"are {TRANSLATED}."
            )
        if not english.strip() or not arabic.strip():
            raise DataValidationError(f"{where}: 'en' and 'ar' must both be filled in.")
        if (file, column, english) in seen:
            raise DataValidationError(f"{where}: this English cell is translated twice.")
        seen.add((file, column, english))
        if numbers_in(english) != numbers_in(arabic):
            raise DataValidationError(
                f"{where}: the translation states the numbers {numbers_in(arabic)}, the English "
                f"{numbers_in(english)}; both editions must give the same figures."
            )
    return entries


def check_translations(built: dict[str, Built], entries: list[dict[str, str]]) -> None:
    """Every reader-visible cell has a translation, and every translation a cell."""
    cells = {
        (item.table.out_file, column, row[column])
        for item in built.values()
        for column in TRANSLATED.get(item.table.out_file, ())
        for row in item.rows
        if row[column].strip()
    }
    given = {(e["file"], e["column"], e["en"]) for e in entries}
    missing = sorted(cells - given)
    if missing:
        shown = "; ".join(f"{f} {c}: {en!r}" for f, c, en in missing[:5])
        raise DataValidationError(
            f"{TRANSLATIONS_FILE}: no Arabic translation for {len(missing)} text cell(s) ({shown}"
            f"{' ...' if len(missing) > 5 else ''}). Add a row for each (file, column, en, ar)."
        )
    stale = sorted(given - cells)
    if stale:
        shown = "; ".join(f"{f} {c}: {en!r}" for f, c, en in stale[:5])
        raise DataValidationError(
            f"{TRANSLATIONS_FILE}: {len(stale)} translation(s) of English no cell holds any more "
            f"({shown}). Translate the new text and remove these rows."
        )


def write_translations(entries: list[dict[str, str]], out_dir: Path) -> Path:
    """``translations_ar.csv`` in ``out_dir``, sorted by file, column and English."""
    path = Path(out_dir) / TRANSLATIONS_FILE
    rows = sorted(entries, key=lambda e: (e["file"], e["column"], e["en"]))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(TRANSLATION_COLUMNS)
        for entry in rows:
            writer.writerow([entry[c] for c in TRANSLATION_COLUMNS])
    return path
