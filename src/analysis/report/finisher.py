"""The PDF finisher: prints staged runs with one long-lived Chromium and moves them into place.

It runs in one thread of the batch's main process, so PDF printing overlaps the workers' next
executions; a run it cannot finish is failed with its error, never lost.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import AnalysisError, RenderError
from analysis.report.records import Output, RunRecord, RunStatus, describe_outputs

if TYPE_CHECKING:
    from analysis.report.render import Staged


def failed(record: RunRecord, error: str, kept: dict[str, Output] | None = None) -> RunRecord:
    """``record`` failed with ``error``: no report states its key figures."""
    return replace(record, status=RunStatus.FAILED, error=error, figures=None, kept=kept)


class Finisher:
    """Prints staged runs to PDF with one long-lived browser and moves their files into place.

    Runs in one thread of the batch's main process, so PDF printing overlaps the workers'
    next executions."""

    def __init__(self) -> None:
        self.browser = None

    def print_pdf(self, html_file: Path, pdf_file: Path) -> None:
        """Print with the browser; one that crashed, hung or failed to start is replaced by a
        fresh one and the PDF tried once more, and then the error is raised."""
        from analysis.report.browser import Browser

        for attempt in (1, 2):
            try:
                if self.browser is None or not self.browser.alive():
                    self.close()
                    self.browser = Browser()
                self.browser.print_pdf(html_file, pdf_file)
                return
            except RenderError:
                self.close()
                if attempt == 2:
                    raise

    def finish(self, record: RunRecord, staged: Staged) -> RunRecord:
        """Print and move into place the run a worker staged (``record``: what the worker said
        of it); the record comes back ok with its outputs, or failed with its error (and, when
        only the PDF failed, the run's HTML and notebook kept under ``kept``)."""
        from analysis.report import staging
        from analysis.report.render import PdfFailed, finalize

        clock = time.perf_counter()
        try:
            result = finalize(staged, print_pdf=self.print_pdf)
            done = replace(
                record, status=RunStatus.OK, outputs=describe_outputs(dict(result.outputs))
            )
        except (AnalysisError, OSError) as exc:
            kept = describe_outputs(dict(exc.kept)) if isinstance(exc, PdfFailed) else None
            done = failed(record, str(exc), kept=kept)
        except Exception as exc:  # never lose a run to an unexpected error
            done = failed(record, f"finishing failed: {type(exc).__name__}: {exc}")
        finally:
            staging.remove(staged.staging)
        took = (record.duration_s or 0) + time.perf_counter() - clock
        return replace(done, duration_s=round(took, 2))

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.browser = None
