"""The territorial control report: the last known holder of each place, how fast places changed
hands, how far one faction's front reached, reported shares of territory (bundled data only)
and every change of control.

One module per kind of content: :mod:`.report` (what is read), :mod:`.summary` (title,
headlines, key figures), :mod:`.map`, :mod:`.pace` (pace and front), :mod:`.shares`,
:mod:`.changes` (table and annex) and :mod:`.sources`. Every number comes from
:mod:`analysis.metrics.control`; definitions (place, change of control, last known holder,
provincial capital, front) are documented there.
"""

from analysis.sections.control.changes import (
    BODY_ROWS,
    changes_annex_section,
    changes_table_section,
)
from analysis.sections.control.map import map_figure, map_section
from analysis.sections.control.pace import front_section, timeline_section
from analysis.sections.control.report import Control, load
from analysis.sections.control.shares import shares_section
from analysis.sections.control.sources import left_out, roles_table, sources_section
from analysis.sections.control.summary import (
    header,
    headlines,
    key_figures,
    key_figures_section,
)

__all__ = [
    "BODY_ROWS",
    "Control",
    "changes_annex_section",
    "changes_table_section",
    "front_section",
    "header",
    "headlines",
    "key_figures",
    "key_figures_section",
    "left_out",
    "load",
    "map_figure",
    "map_section",
    "roles_table",
    "shares_section",
    "sources_section",
    "timeline_section",
]
