"""How change was measured, cited: ACLED Trendfinder's change levels, HDX Signals' alert rule,
and the counting rules of the data (date spans, events with no governorate, monthly counts),
with the thresholds this report used when they differ from the published ones."""

from __future__ import annotations

from analysis.parameters import TREND_DEFAULTS
from analysis.sections.blocks import Block, heading
from analysis.sections.common import sources_list
from analysis.sections.text import sentence
from analysis.sections.trends.report import AGGREGATES, NONE, TrendsReport

TRENDFINDER = "https://acleddata.com/trendfinder/"
HDX_SIGNALS = (
    "https://un-ocha-centre-for-humanitarian.gitbook.io/hdx-signals/datasets/armed-conflict"
)


def _changed(report: TrendsReport) -> list[str]:
    """The thresholds set away from their published defaults, as ``name = value`` texts."""
    bands, rule = report.trends.bands, report.trends.rule
    used = {
        "large_increase": bands.large_increase,
        "moderate_increase": bands.moderate_increase,
        "large_decrease": bands.large_decrease,
        "small_average": bands.guard_baseline,
        "small_latest": bands.guard_latest,
        "alert_window_days": rule.window_days,
        "alert_level1_days": rule.level1_days,
        "alert_level2_days": rule.level2_days,
        "alert_minimum": rule.minimum,
    }
    return [f"{k} = {v:g}" for k, v in used.items() if float(v) != float(TREND_DEFAULTS[k])]


def section(report: TrendsReport) -> list[Block]:
    if report.kind == NONE:  # the note in "What changed" says what file to give
        return []
    blocks = [heading("Sources and method")]
    blocks.append(
        sentence(
            "trends_method_levels",
            bands=report.trends.bands,
            baseline=report.baseline,
            monthly=report.kind == AGGREGATES,
        )
    )
    blocks.append(
        sentence("trends_method_alert", rule=report.trends.rule, monthly=report.kind == AGGREGATES)
    )
    blocks.append(
        sentence(
            "trends_method_counting",
            source=report.source,
            file=report.source_file,
            monthly=report.kind == AGGREGATES,
            coverage=report.trends.coverage,
            changed=_changed(report),
        )
    )
    blocks.append(
        sources_list(
            "Methods cited",
            [
                ("ACLED Trendfinder, change levels", TRENDFINDER),
                ("HDX Signals, armed conflict (ACLED)", HDX_SIGNALS),
            ],
        )
    )
    return blocks


__all__ = ["HDX_SIGNALS", "TRENDFINDER", "section"]
