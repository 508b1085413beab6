"""Keep interactive-only and unused optional imports out of report runs.

With JupyterLab installed in the same environment, jsonschema (imported by nbformat in every
papermill and nbconvert run) also imports ``rfc3987_syntax``, which builds a parser at import
time: about 0.9 s per process start, measured here. Neither nbformat's schema nor anything in
syria-sitrep validates IRIs, so report processes mark that optional module as unavailable
before jsonschema loads. jsonschema treats it as not installed (it imports it inside
``contextlib.suppress(ImportError)``) and only its "iri" format check is skipped.

Papermill, at import, tries its optional HDFS backend (``pyarrow.fs``, and with it pyarrow and
numpy: about 0.1 s of the process that drives a report). sitrep hands papermill notebooks in
memory and local paths, never ``hdfs://``; :func:`import_papermill` loads papermill with that
backend switched off, for papermill only (the data readers import pyarrow as usual).
"""

from __future__ import annotations

import sys
from types import ModuleType

_OPTIONAL_ONLY_FOR_LAB = ("rfc3987_syntax",)


def skip_lab_only_imports() -> None:
    if "jsonschema" in sys.modules:
        return  # too late to matter, and never undo a choice the host process made
    for name in _OPTIONAL_ONLY_FOR_LAB:
        sys.modules.setdefault(name, None)  # type: ignore[assignment]


_PAPERMILL_UNUSED = ("pyarrow.fs",)


def import_papermill() -> ModuleType:
    """``papermill``, imported without its HDFS backend (see the module's docstring)."""
    if "papermill" in sys.modules:
        return sys.modules["papermill"]
    blocked = [name for name in _PAPERMILL_UNUSED if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  (papermill: ImportError, skipped)
    try:
        import papermill
    finally:
        for name in blocked:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
    return papermill
