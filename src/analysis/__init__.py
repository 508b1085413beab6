"""syria-sitrep helper library: read, validate, measure and chart conflict data on Syria.

The import name is ``analysis``. Modules by concern:

- ``analysis.data``      readers for each source into one tidy schema per domain, and validation
- ``analysis.gazetteer`` governorate names from any source to OCHA P-codes (SY01..SY14)
- ``analysis.parameters`` what report parameters mean, checked the same way everywhere
- ``analysis.metrics``   every number a report states, as typed results, one module per domain
- ``analysis.charts``    matplotlib charts in the house style that only draw, each with its source
- ``analysis.sections``  report sections that only compose results, charts and sentences
- ``analysis.report``    papermill execution, nbconvert export to HTML and PDF, batches
- ``analysis.files``     one file hasher and one atomic write
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
