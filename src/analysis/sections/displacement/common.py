"""What the kinds of displacement report share: the report's scope and source, the
dataset citations, footnotes and the key-figures box."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analysis import data
from analysis.charts.style import source_line
from analysis.i18n import _, edition
from analysis.metrics import displacement as metrics
from analysis.metrics.results import Result
from analysis.sections.blocks import Block
from analysis.sections.common import Scope, key_figures_box, sources_list, title
from analysis.sections.text import sentence, term


@dataclass
class Base:
    """Scope and source of a displacement report, whatever its kind."""

    scope: Scope
    source: str  # the dataset named by what it is (its title), for captions and footnotes
    file_name: str  # the file's name: said once, in Sources and method
    format_name: str


def countries_in_edition(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its countries of asylum (``asylum_name``) named in the edition's language:
    UNHCR's English names in English, as published; in another language the country's name in
    CLDR (Babel's territory names, by the row's ISO3 code), UNHCR's name when CLDR has none."""
    if edition().language == "en" or not {"asylum_iso3", "asylum_name"} <= set(frame.columns):
        return frame
    from babel.core import Locale, get_global

    aliases = get_global("territory_aliases")
    names = Locale.parse(edition().locale).territories

    def shown(iso3: object, name: object) -> object:
        codes = aliases.get(str(iso3)) or []
        return names.get(codes[0], name) if codes else name

    named = [shown(i, n) for i, n in zip(frame["asylum_iso3"], frame["asylum_name"], strict=True)]
    return frame.assign(asylum_name=pd.Series(named, index=frame.index, dtype=object))


def header(report: Base) -> Block:
    return title(_("Displacement"), report.scope)


def footnote(report: Base, as_of: str | None, extra: str = "") -> str:
    """The one line under a chart: its source and the as-of date of what it shows."""
    return source_line([report.source], as_of) + (f" {extra}" if extra else "")


def key_figures(results: list[Result], marks=None) -> list[Block]:
    """The key-figures box of ``results`` (none when there is none); ``marks`` marks the
    figures that rest on a single weak source (its note is the caller's to place)."""
    return [key_figures_box(results, marks)] if results else []


def labels_with_years(table: pd.DataFrame, labels: Mapping[str, str]) -> dict[str, str]:
    """``labels`` (column -> series name), each with the years it has figures for when the
    series shown cover different years, so that no series is read over years it does not
    cover; unchanged when they cover the same years."""
    years = metrics.series_years(table, labels)
    if len(set(years.values())) <= 1:
        return dict(labels)
    spans = {c: term("years_span", first=first, last=last) for c, (first, last) in years.items()}
    return {
        c: term("with_span", label=label, span=spans[c]) if c in spans else label
        for c, label in labels.items()
    }


def dataset_sources(report: Base) -> list[Block]:
    fmt = data.FORMATS.get(report.format_name)  # its citation is said with its format
    label, url = (fmt.citation, fmt.home) if fmt and fmt.citation else (report.source, "")
    return [
        sentence("displacement_dataset", source=report.source, file=report.file_name),
        sources_list(_("Dataset"), [(label, url)]),
    ]
