"""How change was measured, cited: ACLED Trendfinder's change levels, HDX Signals' alert rule,
and the counting rules of the data (date spans, events with no governorate, monthly counts),
with the thresholds this report used when they differ from the published ones."""

from __future__ import annotations

from analysis.i18n import _
from analysis.parameters import TREND_DEFAULTS
from analysis.sections.blocks import Block, heading
from analysis.sections.common import data_files, sources_list
from analysis.sections.common import left_out as common_left_out
from analysis.sections.text import sentence
from analysis.sections.trends.incidents import incidents_table
from analysis.sections.trends.report import TrendsReport

TRENDFINDER = "https://acleddata.com/trendfinder/"
HDX_SIGNALS = (
    "https://un-ocha-centre-for-humanitarian.gitbook.io/hdx-signals/datasets/armed-conflict"
)


def _changed(report: TrendsReport) -> list[tuple[str, str, str]]:
    """The thresholds set away from their published defaults: (name, value, default), the
    template says each in words (never the parameter's name)."""
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
    return [
        (k, f"{v:g}", f"{float(TREND_DEFAULTS[k]):g}")
        for k, v in used.items()
        if float(v) != float(TREND_DEFAULTS[k])
    ]


def left_out(report: TrendsReport) -> list[dict[str, object]]:
    """The parts of the report left out for having nothing to show, with what says why."""
    said: dict[str, object] = {"source": report.source, "period": report.span}
    if report.outside:
        return [{"part": "trends_outside", **said}]
    if report.monthly:
        found = [{"part": "trends_monthly", **said}]
        if report.months == 0:
            found.insert(0, {"part": "trends_no_month", **said})
        return found
    if incidents_table(report) is None:
        return [{"part": "trends_no_incidents", **said}]
    return []


def tolls_left_out(report: TrendsReport) -> list[dict[str, object]]:
    """A file of reported tolls: every part is left out (no change can be computed)."""
    return [{"part": "trends_tolls", "source": report.source, "period": report.span}]


def tolls_section(report: TrendsReport) -> list[Block]:
    """Sources and method for a file of reported tolls ("What changed" says why nothing is
    compared)."""
    return [
        heading(_("Sources and method")),
        sentence("trends_method_tolls", source=report.source, file=report.source_file),
        *common_left_out(tolls_left_out(report)),
    ]


def section(report: TrendsReport) -> list[Block]:
    blocks = [heading(_("Sources and method"))]
    blocks.append(
        sentence(
            "trends_method_levels",
            bands=report.trends.bands,
            baseline=report.baseline,
            monthly=report.monthly,
        )
    )
    blocks.append(sentence("trends_method_alert", rule=report.trends.rule, monthly=report.monthly))
    blocks.append(
        sentence(
            "trends_method_counting",
            source=report.source,
            file=report.source_file,
            several=report.source_files is not None,
            monthly=report.monthly,
            coverage=report.trends.coverage,
            changed=_changed(report),
        )
    )
    blocks.extend(data_files(report.source_files))
    blocks.extend(common_left_out(left_out(report)))
    blocks.append(
        sources_list(
            _("Methods cited"),
            [
                (_("ACLED Trendfinder, change levels"), TRENDFINDER),
                (_("HDX Signals, armed conflict (ACLED)"), HDX_SIGNALS),
            ],
        )
    )
    return blocks


__all__ = ["HDX_SIGNALS", "TRENDFINDER", "left_out", "section", "tolls_left_out", "tolls_section"]
