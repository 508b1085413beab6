"""Executing a notebook with papermill in a real Jupyter kernel."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from analysis.errors import RenderError
from analysis.report._startup import import_papermill
from analysis.report.kernels import (
    KERNEL,
    LocalKernelManager,
    start_error,
    start_timeout,
    with_reset_cell,
    without_reset_cell,
)

ENGINE = "sitrep-warm"


@functools.cache
def _register_engine() -> None:
    """A papermill engine that can run in a kernel the caller keeps (a batch worker's warm
    kernel), closes that client afterwards (nbclient leaves it open), and hands the executed
    notebook back even when a cell fails, so it is written once, by us."""
    import_papermill()
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            sink = kwargs.pop("sink", {})
            if kwargs.get("km") is None:
                kwargs.pop("km", None)
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(
                kwargs,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client = PapermillNotebookClient(nb_man, **final)
            sink["nb"] = nb_man.nb  # the notebook as executed so far, kept even on failure
            try:
                return client.execute()
            finally:
                if not client.owns_km and getattr(client, "kc", None) is not None:
                    client.kc.stop_channels()

    papermill_engines.register(ENGINE, WarmKernelEngine)


class CellError(RenderError):
    """A cell raised an exception; ``cell`` is its execution count."""

    def __init__(self, cell: int | None, message: str) -> None:
        super().__init__(message)
        self.cell = cell


DEFAULT_CELL_TIMEOUT = 600  # seconds one cell may run before the kernel is stopped


def execute(
    notebook: Path,
    output: Path,
    parameters: dict[str, Any],
    *,
    cell_timeout: int = DEFAULT_CELL_TIMEOUT,
    km: Any = None,
) -> Any:
    """Run ``notebook`` with ``parameters`` injected, in its own folder; write the executed
    notebook to ``output`` and return it. ``km`` runs it in a kernel the caller keeps (a
    :class:`~analysis.report.kernels.WarmKernel`'s), reset first by a hidden cell.

    A failing cell, a kernel that dies (out of memory, crash) or a cell running longer than
    ``cell_timeout`` seconds raises :class:`RenderError`; the partly executed notebook is left at
    ``output`` for inspection. A kernel that does not answer within
    :func:`~analysis.report.kernels.start_timeout` seconds of its start (``cell_timeout`` or
    ``SITREP_KERNEL_START_TIMEOUT``, the smaller) is stopped, with one line saying so.
    """
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    papermill = import_papermill()
    _register_engine()
    limit = start_timeout(cell_timeout)  # a kernel of papermill's own, or the warm one
    source: Any = str(notebook)
    if km is not None:
        source = with_reset_cell(nbformat.read(notebook, as_version=4))
    sink: dict[str, Any] = {}

    def keep(nb: Any) -> Any:
        """Write the executed notebook once, without the warm kernel's reset cell. A file name
        that is not UTF-8 in it (a parameter's path) is written as a JSON escape (``\\udcff``),
        which reads back as that name."""
        nb = without_reset_cell(nb)
        text = nbformat.writes(nb)
        text += "" if text.endswith("\n") else "\n"  # as nbformat.write ends it
        output.write_bytes(text.encode("utf-8", "backslashreplace"))
        return nb

    try:
        nb = papermill.execute_notebook(
            source,
            None,  # written once below: papermill would write (and validate) it again
            parameters=parameters,
            kernel_name=KERNEL,
            start_timeout=limit,
            cwd=str(notebook.parent),
            execution_timeout=cell_timeout,
            progress_bar=False,
            log_output=False,
            report_mode=False,
            request_save_on_cell_execute=False,
            kernel_manager_class=LocalKernelManager,
            engine_name=ENGINE,
            km=km,
            sink=sink,
        )
        return keep(nb)
    except PapermillExecutionError as exc:
        if "nb" in sink:
            keep(sink["nb"])
        last = exc.traceback[-1] if exc.traceback else ""
        said = f"{exc.evalue}{_strip_ansi(last) if exc.ename not in str(last) else ''}"
        raise CellError(
            exc.exec_count,
            f"{notebook.name}: cell {exc.exec_count} failed with {exc.ename}: "
            f"{said.rstrip().rstrip('.')}. The executed notebook with the error is at {output}.",
        ) from None
    except DeadKernelError as exc:
        raise RenderError(
            f"{notebook.name}: the kernel died while running ({exc}). It may have run out of "
            "memory; try a shorter period or one governorate."
        ) from None
    except CellTimeoutError:
        raise RenderError(
            f"{notebook.name}: a cell ran longer than {cell_timeout} s and was stopped. "
            "Raise the timeout if the data is very large."
        ) from None
    except RuntimeError as exc:  # nbclient: the kernel did not answer in time, or died first
        if "respond" in str(exc) or "died" in str(exc):
            raise start_error(exc, limit) from None
        raise RenderError(f"{notebook.name}: could not run the Jupyter kernel: {exc}") from None


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
