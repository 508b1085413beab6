"""What a report notebook's outputs tell the pipeline, in one place.

Sections (:mod:`analysis.sections`) make display outputs; the pipeline (:mod:`analysis.report`)
reads them from the executed notebook. Neither imports the other: both read these names.

- :data:`FIGURES`: the MIME type of the output holding a run's key figures for its batch's
  front page (never in the published report);
- :data:`ADVICE`: the MIME type of advice for the operator (shown in JupyterLab, printed by
  ``sitrep render``, kept in a batch's manifest, never in the published report);
- :data:`SECTION`: the metadata key of a section's output: its ``key`` and the ``heading``
  (escaped markup) that the export puts before it, the notebook's markdown heading standing for
  it in JupyterLab.
"""

FIGURES = "application/vnd.sitrep.figures+json"
ADVICE = "application/vnd.sitrep.advice+json"
SECTION = "sitrep-section"

__all__ = ["ADVICE", "FIGURES", "SECTION"]
