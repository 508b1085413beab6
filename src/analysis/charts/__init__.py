"""Charts in one house style. One module per domain; every helper takes tidy data (and an
optional ``ax``), returns the Axes or Figure, and writes the source under the chart."""

from analysis.charts import casualties, control, displacement, maps
from analysis.charts.palettes import FACTION_COLOURS, SIDE_COLOURS
from analysis.charts.style import add_source, use_house_style

__all__ = [
    "FACTION_COLOURS",
    "SIDE_COLOURS",
    "add_source",
    "casualties",
    "control",
    "displacement",
    "maps",
    "use_house_style",
]
