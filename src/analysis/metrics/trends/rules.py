"""The published methods a trends report follows, as parameters with their defaults.

- :class:`Bands`: ACLED Trendfinder's change levels. The period's count is compared with a
  baseline (the average of earlier periods of the same length); the change in percent falls in
  one of four bands, each a code of :data:`LEVELS`: over +25% ``large_increase``, over +10% up
  to +25% ``moderate_increase``, -25% to +10% ``limited_change``, under -25%
  ``large_decrease``. Small numbers are guarded: when the baseline averages at most 2 and the
  period holds at most 5, the level is always ``limited_change`` (1 -> 3 events is not a large
  increase). A report names a level with the catalogue's ``change_level`` term.
- :class:`AlertRule`: HDX Signals' alert rule for armed conflict (ACLED): the 30-day sum of
  fatalities ending on the period's last day gives a level 1 alert when it is at or above the
  maximum of the 30-day sums over the previous 366 days, level 2 over the previous 1,096 days;
  no alert when the sum is under 100.

Every threshold is a field with the published default; :meth:`Bands.check` and
:meth:`AlertRule.check` refuse values that make no sense with one clear line.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from analysis.errors import ParameterError

MEASURES = ("events", "deaths", "civilian_deaths")
"""What a trends report counts in a period, in the order it states them."""

BASELINES = ("previous", "previous_4", "previous_year")
"""What a period is compared with: the period of the same length just before it; the average of
the 4 periods of the same length before it; the average of the periods of the same length in
the year before it (event data: the 52 weeks before a week; monthly data: the 12 months)."""

LEVELS = ("large_increase", "moderate_increase", "limited_change", "large_decrease")
"""Trendfinder's change levels, from the largest increase to the largest decrease, as codes (a
report names them with the catalogue's ``change_level`` term)."""

TRENDFINDER = "acled_trendfinder"
"""The code of the method :class:`Bands` follows: ACLED Trendfinder's change levels."""
HDX_SIGNALS = "hdx_signals_conflict"
"""The code of the method :class:`AlertRule` follows: HDX Signals' armed-conflict alert rule
(ACLED)."""


@dataclass(frozen=True)
class Bands:
    """Change bands in percent and the small-numbers guard (ACLED Trendfinder defaults).

    Band edges: change > ``large_increase`` is a large increase; ``moderate_increase`` <
    change <= ``large_increase`` a moderate increase; ``large_decrease`` <= change <=
    ``moderate_increase`` limited change; change < ``large_decrease`` a large decrease.
    """

    large_increase: float = 25.0
    moderate_increase: float = 10.0
    large_decrease: float = -25.0
    guard_baseline: float = 2.0
    guard_latest: float = 5.0

    def check(self) -> None:
        """Raise :class:`ParameterError` when the bands are not ordered or the guard is
        negative."""
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                raise ParameterError(f"band {item.name} must be a number, got {value!r}.")
        if not self.large_decrease < self.moderate_increase < self.large_increase:
            raise ParameterError(
                "change bands must be ordered large_decrease < moderate_increase < "
                f"large_increase, got {self.large_decrease:g} < {self.moderate_increase:g} < "
                f"{self.large_increase:g}."
            )
        if self.large_decrease >= 0 or self.large_increase <= 0:
            raise ParameterError(
                "change bands must have large_decrease below 0% and large_increase above 0%, "
                f"got {self.large_decrease:g} and {self.large_increase:g}."
            )
        if self.guard_baseline < 0 or self.guard_latest < 0:
            raise ParameterError(
                "the small-numbers guard must not be negative, got "
                f"guard_baseline={self.guard_baseline:g}, guard_latest={self.guard_latest:g}."
            )

    def level(self, current: float, reference: float) -> tuple[str, float | None, bool]:
        """``(level, change_pct, guarded)`` for ``current`` against ``reference``.

        ``change_pct`` is ``(current - reference) / reference`` in percent (rounded to 9
        decimals so that 4 -> 5 is exactly 25%), None when ``reference`` is 0. The guard comes
        first: ``reference <= guard_baseline`` and ``current <= guard_latest`` is
        ``limited_change``, guarded. Otherwise a zero reference gives ``large_increase`` when
        ``current`` is above 0 and ``limited_change`` when both are 0. ``level`` is a code of
        :data:`LEVELS`.
        """
        pct = None if reference == 0 else round((current - reference) * 100 / reference, 9)
        if reference <= self.guard_baseline and current <= self.guard_latest:
            return "limited_change", pct, True
        if pct is None:
            return ("large_increase" if current > 0 else "limited_change"), None, False
        if pct > self.large_increase:
            return "large_increase", pct, False
        if pct > self.moderate_increase:
            return "moderate_increase", pct, False
        if pct < self.large_decrease:
            return "large_decrease", pct, False
        return "limited_change", pct, False


@dataclass(frozen=True)
class AlertRule:
    """Rolling-sum alert rule (HDX Signals defaults for armed conflict).

    ``window_days``: the length of the rolling sum of fatalities; ``level1_days`` and
    ``level2_days``: how far back the maximum of earlier rolling sums is taken; ``minimum``: no
    alert when the sum is under it.
    """

    window_days: int = 30
    level1_days: int = 366
    level2_days: int = 1096
    minimum: int = 100

    def check(self) -> None:
        """Raise :class:`ParameterError` on non-whole or non-positive values, or when level 2
        does not look further back than level 1."""
        for item in fields(self):
            value = getattr(self, item.name)
            whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
            if isinstance(value, bool) or not whole:
                raise ParameterError(f"alert {item.name} must be a whole number, got {value!r}.")
            if value <= 0 and item.name != "minimum":
                raise ParameterError(f"alert {item.name} must be above 0, got {value!r}.")
            if value < 0:
                raise ParameterError(f"alert {item.name} must not be negative, got {value!r}.")
        if self.level2_days <= self.level1_days:
            raise ParameterError(
                "alert level2_days must be longer than level1_days, got "
                f"{self.level2_days} and {self.level1_days}."
            )
