"""One small exception tree. Every message says what was wrong and what to do."""

from __future__ import annotations


class AnalysisError(Exception):
    """Base of every error raised on purpose by syria-sitrep."""


class DataValidationError(AnalysisError):
    """An input file is malformed, truncated, or breaks a rule of its schema."""


class UnknownGovernorateError(DataValidationError):
    """A governorate name or P-code matches nothing in the gazetteer."""


class MissingColumnsError(DataValidationError):
    """A file lacks columns its format requires; ``columns`` names them, in the format's order."""

    def __init__(self, message: str, columns: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.columns = columns

    def __reduce__(self):  # pickled whole (from a worker process), columns included
        return type(self), (str(self), self.columns)


class ParameterError(AnalysisError):
    """A notebook or command parameter is unknown, mistyped or out of range."""


class CacheError(AnalysisError):
    """The cache folder cannot take a file a read needs (full, not writable, not a folder)."""


class RenderError(AnalysisError):
    """Executing a notebook or exporting it to HTML/PDF failed."""


class MissingToolError(RenderError):
    """A system tool needed for export (the Chromium browser) is not installed."""
