"""Executing a notebook with papermill in a real Jupyter kernel."""

from __future__ import annotations

import functools
import os
import tempfile
import time
import uuid
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type, default

from analysis.errors import RenderError
from analysis.report._startup import import_papermill

KERNEL = "python3"


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


class QuickKernelClient(AsyncKernelClient):
    """jupyter_client's client, minus a fixed wait at connection.

    Before its first request a client checks that the kernel's broadcast channel (IOPub) is
    connected, waiting 0.2 s for a status message; a freshly connected subscriber usually
    misses the first one, so every connection paid 0.2 s. This client asks again after 20 ms.
    """

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else 60)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                msg = None
            if msg is not None and msg["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.02)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(msg)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
        # Drain what is left on IOPub from these requests.
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0.005)
            except Empty:
                break

    wait_for_ready = _async_wait_for_ready


KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]


class LocalKernelManager(AsyncKernelManager):
    """Talks to the kernel over Unix sockets in Jupyter's private runtime folder.

    Report kernels are always local, so no TCP port is opened (and ipykernel has no reason to
    warn that traffic on one is unencrypted). They keep no input history.
    """

    client_class = DottedObjectName("analysis.report.execute.QuickKernelClient")
    client_factory = Type(klass="analysis.report.execute.QuickKernelClient")

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        # No input history: a report kernel has no use for it, and parallel kernels would
        # otherwise all write to (and wait on the lock of) one history.sqlite.
        return super().format_kernel_cmd([*(extra_arguments or []), *KERNEL_ARGUMENTS])

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
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    papermill = import_papermill()
    _register_engine()
    source: Any = str(notebook)
    if km is not None:
        from analysis.report.kernels import with_reset_cell

        source = with_reset_cell(nbformat.read(notebook, as_version=4))
    sink: dict[str, Any] = {}

    def keep(nb: Any) -> Any:
        """Write the executed notebook once, without the warm kernel's reset cell."""
        from analysis.report.kernels import without_reset_cell

        nb = without_reset_cell(nb)
        nbformat.write(nb, output)
        return nb

    try:
        nb = papermill.execute_notebook(
            source,
            None,  # written once below: papermill would write (and validate) it again
            parameters=parameters,
            kernel_name=KERNEL,
            cwd=str(cwd or notebook.parent),
            execution_timeout=cell_timeout,
            progress_bar=progress,
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


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
