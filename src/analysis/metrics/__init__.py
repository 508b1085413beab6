"""The metrics layer: the one home of every number a report states.

Each domain has a module (``casualties``, ``displacement``, ``control``) whose functions take
tidy frames (see :mod:`analysis.data.schema`) and return tidy frames or typed
:class:`~analysis.metrics.results.Result` values; none reads files or draws. Charts draw what
they are given and sections compose results; neither recomputes a number.

- :mod:`analysis.metrics.results`: :class:`Period` and :class:`Result`
- :mod:`analysis.metrics.filters`: the rows a report covers (period, governorate)
- :mod:`analysis.metrics.time`: granularity and time bins
"""

from analysis.metrics.filters import as_day, in_governorate, in_period
from analysis.metrics.results import Period, Result

__all__ = ["Period", "Result", "as_day", "in_governorate", "in_period"]
