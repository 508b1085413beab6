"""The PDF finisher: prints staged runs with one long-lived Chromium and moves them into place.

It runs in one thread of the batch's main process, so PDF printing overlaps the workers' next
executions; a run it cannot finish is failed with its error, never lost.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from analysis.errors import AnalysisError, RenderError
from analysis.report.manifest import describe_outputs


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

    def finish(self, record: dict[str, Any]) -> dict[str, Any]:
        """Print and move into place the run a worker staged; ``record`` (the worker's) comes
        back ok, or failed with its error (and, when only the PDF failed, the run's HTML and
        notebook kept under ``kept``)."""
        from analysis.report import staging
        from analysis.report.render import PdfFailed, Staged, finalize

        if record.get("status") != "staged":
            return record
        info = record.pop("staged")
        clock = time.perf_counter()
        staged = Staged(
            notebook=Path(info["notebook"]),
            parameters=info["parameters"],
            out=Path(info["out"]),
            stem=info["stem"],
            formats=tuple(info["formats"]),
            staging=Path(info["staging"]),
            files={kind: Path(path) for kind, path in info["files"].items()},
        )
        try:
            result = finalize(staged, print_pdf=self.print_pdf)
            record["status"] = "ok"
            record["outputs"] = describe_outputs(
                {kind: str(path) for kind, path in result.outputs.items()}
            )
        except (AnalysisError, OSError) as exc:
            record["status"] = "failed"
            record["error"] = str(exc)
            record.pop("figures", None)  # no report states them
            if isinstance(exc, PdfFailed):
                record["kept"] = describe_outputs(
                    {kind: str(path) for kind, path in exc.kept.items()}
                )
        except Exception as exc:  # never lose a run to an unexpected error
            record["status"] = "failed"
            record["error"] = f"finishing failed: {type(exc).__name__}: {exc}"
            record.pop("figures", None)
        finally:
            staging.remove(staged.staging)
        record["duration_s"] = round(record.get("duration_s", 0) + time.perf_counter() - clock, 2)
        return record

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.browser = None
