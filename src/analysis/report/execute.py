"""Executing a notebook with papermill in a real Jupyter kernel."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from analysis.errors import RenderError

KERNEL = "python3"


ENGINE = "sitrep-warm"


def _register_engine() -> None:
    """A papermill engine that runs in a kernel the caller keeps (a batch worker's warm kernel)
    and, unlike nbclient's default for a given kernel manager, closes its client afterwards."""
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
            try:
                return client.execute()
            finally:
                if getattr(client, "kc", None) is not None:
                    client.kc.stop_channels()

    papermill_engines.register(ENGINE, WarmKernelEngine)


class CellError(RenderError):
    """A cell raised an exception; ``cell`` is its execution count."""

    def __init__(self, cell: int | None, message: str) -> None:
        super().__init__(message)
        self.cell = cell


class LocalKernelManager(AsyncKernelManager):
    """Talks to the kernel over Unix sockets in Jupyter's private runtime folder.

    Report kernels are always local, so no TCP port is opened (and ipykernel has no reason to
    warn that traffic on one is unencrypted).
    """

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("ip")
    def _default_ip(self) -> str:
        # One socket prefix per kernel: jupyter_client's own default can fall back to
        # "kernel-ipc" in the working folder, which two kernels started side by side would share.
        # A short folder keeps the socket paths under the Unix limit of 107 bytes.
        return os.path.join(tempfile.gettempdir(), f"sitrep-{uuid.uuid4().hex[:16]}")


DEFAULT_CELL_TIMEOUT = 600  # seconds one cell may run before the kernel is stopped


def execute(
    notebook: Path,
    output: Path,
    parameters: dict[str, Any],
    *,
    cwd: Path | None = None,
    cell_timeout: int = DEFAULT_CELL_TIMEOUT,
    progress: bool = False,
    km: Any = None,
) -> Any:
    """Run ``notebook`` with ``parameters`` injected; write the executed notebook to ``output``
    and return it.

    A failing cell, a kernel that dies (out of memory, crash) or a cell running longer than
    ``cell_timeout`` seconds raises :class:`RenderError`; the partly executed notebook is left at
    ``output`` for inspection.
    """
    import papermill

    if km is not None:
        _register_engine()
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    source: Any = str(notebook)
    if km is not None:
        import nbformat

        from analysis.report.kernels import with_reset_cell

        source = with_reset_cell(nbformat.read(notebook, as_version=4))
    try:
        nb = papermill.execute_notebook(
            source,
            str(output),
            parameters=parameters,
            kernel_name=KERNEL,
            cwd=str(cwd or notebook.parent),
            execution_timeout=cell_timeout,
            progress_bar=progress,
            log_output=False,
            report_mode=False,
            # One write at the end (or on error), not two per cell: each write serialises and
            # validates the whole notebook with its embedded figures.
            request_save_on_cell_execute=False,
            kernel_manager_class=LocalKernelManager,
            **({"engine_name": ENGINE, "km": km} if km is not None else {}),
        )
        if km is not None:
            nb = _strip_reset(nb, output)
        return nb
    except PapermillExecutionError as exc:
        if km is not None and output.exists():
            import nbformat

            _strip_reset(nbformat.read(output, as_version=4), output)
        last = exc.traceback[-1] if exc.traceback else ""
        raise CellError(
            exc.exec_count,
            f"{notebook.name}: cell {exc.exec_count} failed with {exc.ename}: {exc.evalue}"
            f"{_strip_ansi(last) if exc.ename not in str(last) else ''}. "
            f"The executed notebook with the error is at {output}.",
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
    except RuntimeError as exc:  # nbclient: kernel failed to start
        raise RenderError(f"{notebook.name}: could not run the Jupyter kernel: {exc}") from None


def _strip_reset(nb: Any, output: Path) -> Any:
    """Remove the warm kernel's reset cell from an executed notebook and its file."""
    import nbformat

    from analysis.report.kernels import without_reset_cell

    nb = without_reset_cell(nb)
    nbformat.write(nb, output)
    return nb


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
