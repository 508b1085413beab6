"""The situation report: casualties, displacement and territorial control in one document,
opened by a key-figures box and a short narrative built from the same numbers."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.sections import casualties, control, displacement
from analysis.sections.blocks import Block, heading, paragraph
from analysis.sections.common import KeyFigure, Scope, key_figures_box, title


@dataclass
class Situation:
    scope: Scope
    casualties: casualties.Casualties
    displacement: object
    control: object


def load(
    start_date: str,
    end_date: str,
    governorate: str,
    casualties_path: str,
    displacement_path: str,
    control_path: str,
    boundaries_path: str,
) -> Situation:
    """Read and filter the three domains for one period and place."""
    return Situation(
        scope=Scope.from_parameters(start_date, end_date, governorate),
        casualties=casualties.load(casualties_path, start_date, end_date, governorate),
        displacement=displacement.load(displacement_path, start_date, end_date, governorate),
        control=control.load(control_path, boundaries_path, start_date, end_date, governorate),
    )


def header(report: Situation) -> Block:
    return title("Situation report", report.scope)


def figures(report: Situation) -> list[KeyFigure]:
    """Deaths and civilians (casualties), people displaced (displacement's first figure) and
    places that changed hands (control): the four numbers a reader looks for first."""
    moved = displacement.key_figures(report.displacement)[:1]
    control_figures = control.key_figures(report.control)
    changed = [f for f in control_figures if "changed hands" in f.label.lower()][:1]
    return [*casualties.headline_figures(report.casualties), *moved, *changed]


def key_figures_section(report: Situation) -> list[Block]:
    """The key-figures box and a narrative whose every number comes from the same figures."""
    found = figures(report)
    blocks = [heading("Key figures"), key_figures_box(found)]
    if not found:
        blocks.append(
            paragraph(
                "No data for {where}, {period} in any of the three domains.",
                where=report.scope.where,
                period=report.scope.period,
            )
        )
        return blocks
    sentences = [
        paragraph(
            "**{label}:** {value}, {detail} (source: {source}).",
            label=f.label,
            value=f.value,
            detail=f.detail,
            source=f.source,
        )
        for f in found
    ]
    blocks.append(
        paragraph(
            "This report covers {where} from {period}. The figures below are as published by each "
            "organisation; they are not adjusted or added across sources.",
            where=report.scope.where,
            period=report.scope.period,
        )
    )
    blocks.extend(sentences)
    return blocks


def casualties_section(report: Situation) -> list[Block]:
    return [
        *casualties.tolls_section(report.casualties),
        *casualties.events_section(report.casualties),
        *casualties.comparison_section(report.casualties),
    ]


def displacement_section(report: Situation) -> list[Block]:
    return [*displacement.charts_section(report.displacement)]


def control_section(report: Situation) -> list[Block]:
    return [
        *control.map_section(report.control),
        *control.timeline_section(report.control),
        *control.front_section(report.control),
        *control.shares_section(report.control),
        *control.changes_table_section(report.control),
    ]


def sources_section(report: Situation) -> list[Block]:
    """One sources and method section, with each domain's part under its own subheading."""
    return [
        heading("Sources and method"),
        heading("Casualties", level=3),
        *casualties.sources_section(report.casualties)[1:],
        heading("Displacement", level=3),
        *displacement.sources_section(report.displacement)[1:],
        heading("Territorial control", level=3),
        *control.sources_section(report.control)[1:],
    ]
