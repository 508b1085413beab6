"""The report pipeline: notebook parameters, papermill execution, HTML and PDF export."""

from analysis.report._startup import skip_lab_only_imports

skip_lab_only_imports()
