"""syria-sitrep helper library: read, validate, measure and chart conflict data on Syria.

The import name is ``analysis``. Modules by concern:

- ``analysis.data``      readers for each source into one tidy schema per domain, and validation
- ``analysis.gazetteer`` governorate names from any source to OCHA P-codes (SY01..SY14)
- ``analysis.metrics``   derived numbers (totals, daily deaths, latest tolls)
- ``analysis.charts``    matplotlib charts in the house style, each with its source
- ``analysis.report``    papermill execution, nbconvert export to HTML and PDF
- ``analysis.cli``       the ``sitrep`` command
"""

from analysis.errors import (
    AnalysisError,
    DataValidationError,
    ParameterError,
    RenderError,
    UnknownGovernorateError,
)

__version__ = "0.1.0"

__all__ = [
    "AnalysisError",
    "DataValidationError",
    "ParameterError",
    "RenderError",
    "UnknownGovernorateError",
    "__version__",
]
