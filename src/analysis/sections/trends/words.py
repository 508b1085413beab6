"""How the trends report names its baselines, levels and alerts (words only, no numbers)."""

from __future__ import annotations

import pandas as pd

from analysis.gazetteer import by_pcode
from analysis.i18n import N_, _, digits, edition, gettext, ngettext, number, pgettext
from analysis.metrics.results import Period
from analysis.metrics.trends import blocks
from analysis.sections.blocks import esc
from analysis.sections.text import term

MEASURE_LABELS = {
    "events": N_("Events"),
    "deaths": N_("Deaths"),
    "civilian_deaths": N_("Civilian deaths"),
}
"""Each measure's label, marked for translation: shown with :func:`measure_label`."""


def measure_label(measure: str) -> str:
    """A measure's label in the report's edition: "Events", "Deaths", "Civilian deaths"."""
    return gettext(MEASURE_LABELS[measure])


def length(days: int) -> str:
    """``week``, ``2 weeks``, ``day``, ``10 days``: the period's length in words."""
    if days % 7 == 0:
        weeks = days // 7
        return ngettext("week", "%(shown)s weeks", weeks) % {"shown": number(weeks)}
    return ngettext("day", "%(shown)s days", days) % {"shown": number(days)}


def _monthly_text(baseline: str, months: int) -> str:
    shown = {"shown": number(months)}
    if baseline == "previous":
        return ngettext("the previous month", "the previous %(shown)s months", months) % shown
    if baseline == "previous_4":
        return (
            ngettext(
                "the average of the previous 4 months",
                "the average of the previous 4 periods of %(shown)s months",
                months,
            )
            % shown
        )
    if months == 1:
        return _("the average of the previous 12 months")
    return _("the average of the previous 12 months, times %(shown)s") % shown


def baseline_text(baseline: str, period: Period, monthly: bool, months: int = 1) -> str:
    """What a baseline is, for this period: "the previous week", "the average of the previous 4
    weeks", "the weekly average of the previous 52 weeks", and the monthly forms."""
    if monthly:
        return _monthly_text(baseline, months)
    days = period.days
    weekly = days % 7 == 0
    count = days // 7 if weekly else days
    unit = {"unit": length(days)}
    if baseline == "previous":
        return _("the previous %(unit)s") % unit
    if baseline == "previous_4":
        if count == 1 and weekly:
            return _("the average of the previous 4 weeks")
        if count == 1:
            return _("the average of the previous 4 days")
        return _("the average of the previous 4 periods of %(unit)s") % unit
    year_blocks = blocks("previous_year", days)
    if days == 7:
        return _("the weekly average of the previous 52 weeks")
    if days == 1:
        return _("the daily average of the previous %(days)s days") % {"days": number(year_blocks)}
    if days > 364:
        return (
            _("the previous %(unit)s (the period is longer than the 52 weeks of this baseline)")
            % unit
        )
    if year_blocks == 1:
        return _("the previous %(unit)s (the nearest to 52 weeks)") % unit
    return _("the average of the previous %(blocks)s periods of %(unit)s") % {
        "blocks": number(year_blocks),
        "unit": length(days),
    }


def area_name(area: str) -> str:
    """The name of a trends area: the country ("all", the catalogue's ``syria`` term) or a
    governorate (its pcode; the gazetteer's name in the edition's language)."""
    return term("syria") if area == "all" else by_pcode()[area].shown


def level_text(level: str | None) -> str:
    """A change level in words (the catalogue's ``change_level`` term): ``level`` is a code of
    :data:`~analysis.metrics.trends.LEVELS`, None for no level."""
    return term("change_level", level=level)


def level_chip(level: str | None) -> str:
    """A coloured label of a change level (escaped HTML): its CSS class from the code
    (``sitrep-level-large-increase``, ``sitrep-level-none``), its words from the catalogue."""
    css = "none" if level is None else level.replace("_", "-")
    return f'<span class="sitrep-level sitrep-level-{esc(css)}">{esc(level_text(level))}</span>'


def alert_text(level: int | None) -> str:
    """``level 1``, ``level 2``, ``none`` or ``not tested`` (data too short)."""
    if level is None:
        return pgettext("alert", "not tested")
    if level == 0:
        return pgettext("alert", "none")
    return pgettext("alert", "level %(level)s") % {"level": level}


def reference_text(value: float | None, current: int, pct: float | None) -> str:
    """A baseline average as precisely as the change computed from it: whole numbers as they
    are, others with the fewest decimals (1 to 3) from which the printed change follows
    ("6.25" beside a change computed on 6.25, never "6.2"); an empty string for none."""
    if value is None:
        return ""
    if float(value).is_integer():
        return _written(f"{value:,.0f}")
    for decimals in (1, 2, 3):
        shown = round(value, decimals)
        if pct is None or shown == 0:
            return _written(f"{value:,.{decimals}f}")
        if percent((current - shown) * 100 / shown) == percent(pct):
            return _written(f"{value:,.{decimals}f}")
    return _written(f"{value:,.3f}")


def _written(text: str) -> str:
    """A number Python wrote (``1,234.50``: its rounding, its decimals) with the edition's
    separators and digits, so that both editions state the same figure."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    current = edition()
    group = get_group_symbol(current.locale, numbering_system=current.numbering)
    decimal = get_decimal_symbol(current.locale, numbering_system=current.numbering)
    return digits(text.translate(str.maketrans({",": group, ".": decimal})))


def overlap(window: Period | None, period: Period) -> dict[str, object] | None:
    """How the days of ``window`` (an alert's, or those of the highest earlier total) lie
    against the report's ``period``: ``window``, ``inside`` (its days in the period),
    ``before`` (its days before the period), ``days`` (its length), ``holds`` (it holds the
    whole period) and ``within`` (it lies inside the period); None for no window."""
    if window is None:
        return None
    shared = period.clip(window)
    inside = 0 if shared is None else shared.days
    before = max(0, (min(window.end, period.start - pd.Timedelta(days=1)) - window.start).days + 1)
    return {
        "window": window,
        "inside": inside,
        "before": before,
        "days": window.days,
        "holds": window.start <= period.start and period.end <= window.end,
        "within": period.start <= window.start and window.end <= period.end,
    }


def percent(value: float | None) -> str:
    """``+35%``, ``-12%``, ``0%``; an empty string when there is no percentage."""
    if value is None:
        return ""
    shown = _written(f"{value:+.0f}" if round(value) != 0 else "0")
    written = pgettext("percent", "%(number)s%%") % {"number": shown}
    return written.replace("%", "\u066a") if edition().digits == "arabic" else written
