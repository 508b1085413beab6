"""Load: the curated files beside the facts, each checked entry by entry on load.

- ``disagreements.yaml``: where sources disagree (rows named by exact published values, a note
  for each row, a paragraph for DISAGREEMENTS.md) and the gaps (figures not found or not used);
- ``toll_series.yaml``: which cumulative series a toll belongs to, from its scope (without a
  default, a scope no rule matches stops the build);
- ``metadata.yaml``: producer, as-of date, licence and access date of the compilation, and the
  title, description and (when it has its own) as-of date of each output file, written into
  the provenance sidecars.

The format of each file is described in the comment at its top.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from .checked_yaml import Entry, read_yaml
from .tables import SOURCES_FILE, TABLES, Table

DISAGREEMENTS_YAML = "disagreements.yaml"
TOLL_SERIES_YAML = "toll_series.yaml"
METADATA_YAML = "metadata.yaml"

SERIES = ("offensive", "partial", "context")  # see CASUALTY_TOLLS["series"] in the schema


@dataclass(frozen=True)
class SelectedRow:
    label: str  # {label} in texts and notes becomes the row's record_id
    note: str  # appended to the row's conflict_note
    where: tuple[tuple[str, str], ...]  # facts column -> exact published value
    address: str  # the file and entry it is written in, for error messages


@dataclass(frozen=True)
class Disagreement:
    table: Table
    title: str
    text: str
    rows: tuple[SelectedRow, ...]


@dataclass(frozen=True)
class SeriesRule:
    phrase: str  # matched ignoring case
    whole: bool  # True: the whole scope (`scope_is`); False: a phrase in it (`scope_contains`)
    series: str

    def matches(self, scope: str) -> bool:
        if self.whole:
            return scope.strip().lower() == self.phrase.strip().lower()
        return self.phrase.lower() in scope.lower()


@dataclass(frozen=True)
class FileMeta:
    title: str
    description: str
    as_of: str | None = None  # the file's own as-of date, when it differs from the dataset's


@dataclass(frozen=True)
class DatasetMeta:
    producer: str
    as_of: str
    licence: str
    accessed: str


@dataclass(frozen=True)
class Curated:
    disagreements: tuple[Disagreement, ...]
    gaps: tuple[str, ...]
    series_rules: tuple[SeriesRule, ...]
    series_default: str | None  # None: a scope no rule matches stops the build
    dataset: DatasetMeta
    files: dict[str, FileMeta]  # output file name -> its title and description

    def series_of(self, scope: str) -> str | None:
        """The series of the first rule matching ``scope``; else the default (None if none)."""
        for rule in self.series_rules:
            if rule.matches(scope):
                return rule.series
        return self.series_default


def load_curated(raw_dir: Path) -> Curated:
    disagreements, gaps = load_disagreements(raw_dir / DISAGREEMENTS_YAML)
    rules, default = load_toll_series(raw_dir / TOLL_SERIES_YAML)
    dataset, files = load_metadata(raw_dir / METADATA_YAML)
    return Curated(disagreements, gaps, rules, default, dataset, files)


def load_disagreements(path: Path) -> tuple[tuple[Disagreement, ...], tuple[str, ...]]:
    top = read_yaml(path)
    top.keys(("disagreements", "gaps"))
    tables = {table.facts_file: table for table in TABLES}
    disagreements = []
    selectors: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}  # label -> (file, where)
    texts: list[tuple[str, Entry]] = []  # every text and note, with where it is written
    for number, value in enumerate(top.children("disagreements"), start=1):
        entry = Entry(path, f"disagreement {number}", value)
        entry.keys(("file", "title", "text", "rows"))
        title = entry.text("title")
        entry.address = f"disagreement {number} ({title!r})"
        file = entry.text("file")
        if file not in tables:
            raise entry.fail(f"'file' is {file!r}; it should be one of {sorted(tables)}")
        table = tables[file]
        rows = []
        for row_number, row_value in enumerate(entry.children("rows"), start=1):
            row = Entry(path, f"{entry.address}, row {row_number}", row_value)
            row.keys(("label", "note", "where"))
            label = row.text("label")
            if not label.isidentifier():
                raise row.fail(f"the label {label!r} should be a name (letters, digits, _)")
            row.address = f"{entry.address}, row {row_number} ({label})"
            where = tuple(row.text_map("where").items())
            unknown = [column for column, _ in where if column not in table.facts_columns]
            if unknown:
                raise row.fail(
                    f"'where' names {unknown}, which are not columns of {file} "
                    f"({', '.join(table.facts_columns)})"
                )
            if selectors.setdefault(label, (file, where)) != (file, where):
                first_file, first_where = selectors[label]
                raise row.fail(
                    f"the label {label!r} is used before for another row ({first_file}, "
                    f"{dict(first_where)}); a label names one row: give each row its own"
                )
            rows.append(SelectedRow(label, row.text("note"), where, f"{path}, {row.address}"))
            texts.append((row.text("note"), row))
        disagreements.append(Disagreement(table, title, entry.text("text"), tuple(rows)))
        texts.append((entry.text("text"), entry))
    for text, entry in texts:  # every {label} used must be a row's label
        for name in _placeholders(text, entry):
            if name not in selectors:
                raise entry.fail(f"the text names {{{name}}}, but no row has the label {name!r}")
    return tuple(disagreements), tuple(top.texts("gaps"))


def load_toll_series(path: Path) -> tuple[tuple[SeriesRule, ...], str | None]:
    top = read_yaml(path)
    top.keys(("rules",), ("default",))
    rules = []
    for number, value in enumerate(top.children("rules"), start=1):
        entry = Entry(path, f"rule {number}", value)
        entry.keys(("series",), ("scope_contains", "scope_is"))
        given = [key for key in ("scope_contains", "scope_is") if key in entry.value]
        if len(given) != 1:
            raise entry.fail("should have either 'scope_contains' or 'scope_is' (one of them)")
        key = given[0]
        rules.append(SeriesRule(entry.text(key), key == "scope_is", _series(entry, "series")))
    default = _series(top, "default") if "default" in top.value else None
    return tuple(rules), default


def load_metadata(path: Path) -> tuple[DatasetMeta, dict[str, FileMeta]]:
    top = read_yaml(path)
    top.keys(("dataset", "files"))
    dataset = top.child("dataset", "dataset")
    dataset.keys(("producer", "as_of", "licence", "accessed"))
    meta = DatasetMeta(*(dataset.text(k) for k in ("producer", "as_of", "licence", "accessed")))
    files = top.child("files", "files")
    expected = (*(table.out_file for table in TABLES), SOURCES_FILE)
    files.keys(expected)
    out = {}
    for name in expected:
        entry = files.child(name, f"files > {name}")
        entry.keys(("title", "description"), ("as_of",))
        as_of = entry.text("as_of") if "as_of" in entry.value else None
        out[name] = FileMeta(entry.text("title"), entry.text("description"), as_of)
    return meta, out


def _series(entry: Entry, key: str) -> str:
    value = entry.text(key)
    if value not in SERIES:
        raise entry.fail(f"{key!r} is {value!r}; it should be one of {', '.join(SERIES)}")
    return value


def _placeholders(text: str, entry: Entry) -> list[str]:
    """The {label} names in ``text``."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise entry.fail(
            f"the text has a stray brace ({exc}); write a row's label as {{label}}"
        ) from None
