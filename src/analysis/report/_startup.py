"""Keep interactive-only imports out of report runs.

With JupyterLab installed in the same environment, jsonschema (imported by nbformat in every
papermill and nbconvert run) also imports ``rfc3987_syntax``, which builds a parser at import
time: about 0.9 s per process start, measured here. Neither nbformat's schema nor anything in
syria-sitrep validates IRIs, so report processes mark that optional module as unavailable
before jsonschema loads. jsonschema treats it as not installed (it imports it inside
``contextlib.suppress(ImportError)``) and only its "iri" format check is skipped.
"""

from __future__ import annotations

import sys

_OPTIONAL_ONLY_FOR_LAB = ("rfc3987_syntax",)


def skip_lab_only_imports() -> None:
    if "jsonschema" in sys.modules:
        return  # too late to matter, and never undo a choice the host process made
    for name in _OPTIONAL_ONLY_FOR_LAB:
        sys.modules.setdefault(name, None)  # type: ignore[assignment]
