"""Reading a curated YAML file entry by entry; every error names the file and the entry.

An :class:`Entry` is one mapping of the file with a readable address ("disagreement 3 ('2 Dec:
two splits of SOHR's 514'), row 2 (t_afp514)"); its getters check the type of each value.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import yaml

from analysis.errors import DataValidationError


class Entry:
    def __init__(self, path: Path, address: str, value: object):
        self.path = path
        self.address = address
        if not isinstance(value, dict):
            raise self.fail(f"should be a mapping of keys to values, not {_kind(value)}")
        self.value: dict[object, object] = value

    def fail(self, problem: str) -> DataValidationError:
        return DataValidationError(
            f"{self.path}, {self.address}: {problem}. Correct the file and run `make data` again."
        )

    def keys(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        missing = [k for k in required if k not in self.value]
        unknown = [k for k in self.value if k not in required + optional]
        if missing:
            raise self.fail(f"lacks {', '.join(map(repr, missing))}")
        if unknown:
            expected = ", ".join(map(repr, required + optional))
            raise self.fail(f"has unknown key(s) {unknown}; the keys are {expected}")

    def text(self, key: str) -> str:
        """A non-empty text."""
        value = self.value.get(key)
        if not isinstance(value, str):
            raise self.fail(f"{key!r} should be text, not {_kind(value)}{_quote_hint(value)}")
        if not value.strip():
            raise self.fail(f"{key!r} is empty")
        return value

    def texts(self, key: str) -> list[str]:
        values = self.value.get(key)
        if not isinstance(values, list) or not values:
            raise self.fail(f"{key!r} should be a non-empty list, not {_kind(values)}")
        for number, value in enumerate(values, start=1):
            if not isinstance(value, str) or not value.strip():
                raise self.fail(f"{key!r} item {number} should be text, not {_kind(value)}")
        return values

    def text_map(self, key: str) -> dict[str, str]:
        """A mapping whose values are texts as published ("" for an empty cell)."""
        values = self.value.get(key)
        if not isinstance(values, dict) or not values:
            raise self.fail(f"{key!r} should be a non-empty mapping, not {_kind(values)}")
        for name, value in values.items():
            if not isinstance(value, str):
                raise self.fail(
                    f"{key!r}: {name} is {_kind(value)} ({value}); values are compared as "
                    f"published text{_quote_hint(value)}"
                )
        return {str(name): value for name, value in values.items()}

    def child(self, key: str, address: str | None = None) -> Entry:
        return Entry(self.path, address or f"{self.address} > {key}", self.value.get(key))

    def children(self, key: str) -> list[object]:
        values = self.value.get(key)
        if not isinstance(values, list) or not values:
            raise self.fail(f"{key!r} should be a non-empty list, not {_kind(values)}")
        return values


def read_yaml(path: Path) -> Entry:
    """The whole file as an entry; a missing file or a YAML syntax error is a clear error."""
    if not path.is_file():
        raise DataValidationError(
            f"{path}: no such file. The build needs the curated files of data/raw/offensive_2024 "
            "(see the README.md there)."
        )
    try:
        value = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataValidationError(f"{path}: not valid YAML: {exc}") from None
    return Entry(path, "top level", value)


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
        date: "a date",
        datetime: "a date and time",
    }.get(type(value), type(value).__name__)


def _quote_hint(value: object) -> str:
    if isinstance(value, bool | int | float | date):  # datetime is a date too
        return '; put it in quotes ("...") so YAML keeps it as written'
    return ""
