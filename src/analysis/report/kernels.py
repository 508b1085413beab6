"""Report kernels: started locally, and for batch workers kept warm between runs.

Starting a Python kernel and importing pandas, matplotlib, geopandas and the report code costs
over a second of CPU per run. A :class:`WarmKernel` is started once and, before its first run,
imports what the notebook imports (its import statements, read from its code cells, see
:func:`notebook_imports`). Before each run it is reset: the user namespace is cleared
(``%reset``), figures are closed, matplotlib's settings are restored to the snapshot taken after
warm-up, and the execution counter restarts at 1 (the code run inside the kernel is in
:mod:`analysis.report.in_kernel`). A kernel that died, timed out or failed to reset is shut down
and replaced; ``isolate`` (one fresh kernel per run) is there for notebooks that change global
state in ways a reset cannot undo.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import copy
import json
import os
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type, default

from analysis.errors import ParameterError, RenderError
from analysis.report import scratch
from analysis.report.lifetime import child_preexec

KERNEL = "python3"
RESET = "from analysis.report import in_kernel as _k\n_k.reset()\n"
RESET_TAG = "sitrep-reset"


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
    """Talks to the kernel over Unix sockets in this process's scratch folder.

    Report kernels are always local, so no TCP port is opened (and ipykernel has no reason to
    warn that traffic on one is unencrypted). They keep no input history. A kernel is killed
    when the process (thread) that started it dies, even by SIGKILL, so none outlives ``sitrep``;
    its connection file (with its key), its sockets and its temporary folder are in the
    scratch folder (:mod:`analysis.report.scratch`), which the janitor removes even then.
    """

    async def start_kernel(self, **kw) -> None:
        kw.setdefault("preexec_fn", child_preexec())
        kw["env"] = scratch.child_env(kw.get("env"))
        await super().start_kernel(**kw)

    client_class = DottedObjectName("analysis.report.kernels.QuickKernelClient")
    client_factory = Type(klass="analysis.report.kernels.QuickKernelClient")

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
        # A short name keeps the socket paths under the Unix limit of 107 bytes.
        return scratch.socket_prefix(f"k{uuid.uuid4().hex[:12]}")

    @default("connection_file")
    def _default_connection_file(self) -> str:
        # jupyter_client's default is a mkstemp file in /tmp, left there (with the kernel's
        # key) when the process is killed.
        return str(scratch.folder() / f"kernel-{uuid.uuid4().hex}.json")


def notebook_imports(notebook: Path) -> tuple[str, ...]:
    """The import statements at the top level of ``notebook``'s code cells, in order, each once.

    Read with the standard library alone (the notebook's JSON and each cell's ``ast``): a few
    milliseconds. Relative imports and cells that are not plain Python (IPython magics) are
    skipped; the notebook still runs them itself.
    """
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RenderError(f"{notebook}: not a readable notebook ({exc}).") from None
    statements: dict[str, None] = {}
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        try:
            tree = ast.parse(source if isinstance(source, str) else "".join(source))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import) or (
                isinstance(node, ast.ImportFrom) and node.level == 0 and node.module != "__future__"
            ):
                statements[ast.unparse(node)] = None
    return tuple(statements)


START_TIMEOUT_ENV = "SITREP_KERNEL_START_TIMEOUT"
DEFAULT_START_TIMEOUT = 120.0
"""Seconds a report kernel may take to answer once started, and again to warm up."""


def start_timeout(cell_timeout: float | None = None) -> float:
    """Seconds a kernel may take to start (and then to warm up): :data:`START_TIMEOUT_ENV`
    (default :data:`DEFAULT_START_TIMEOUT`), or ``cell_timeout`` when that is smaller."""
    raw = os.environ.get(START_TIMEOUT_ENV, "").strip()
    try:
        limit = float(raw) if raw else DEFAULT_START_TIMEOUT
    except ValueError:
        limit = -1.0
    if not limit > 0:  # also NaN
        raise ParameterError(
            f"{START_TIMEOUT_ENV}={raw[:60]!r} is not a number of seconds; set it to a number "
            f"above 0 such as {DEFAULT_START_TIMEOUT:g}, or unset it."
        )
    return min(limit, cell_timeout) if cell_timeout else limit


def _more_time() -> str:
    return (
        f"or allow more time: {START_TIMEOUT_ENV} (default {DEFAULT_START_TIMEOUT:g} s) or the "
        "cell timeout, the smaller applies"
    )


def start_error(exc: BaseException, timeout: float) -> RenderError:
    """The one line for a kernel that did not answer within ``timeout`` seconds of its start,
    or died first (``exc``: jupyter_client's ``RuntimeError``)."""
    startup = os.path.join(os.environ.get("IPYTHONDIR") or "~/.ipython", "profile_default")
    where = f"the IPython start-up files ({startup}/startup)"
    if "died" in str(exc):
        return RenderError(
            f"the Jupyter kernel died while starting; check {where} and that ipykernel works "
            f"in this environment ({exc})."
        )
    return RenderError(
        f"the Jupyter kernel did not start within {timeout:g} s and was stopped; check {where} "
        f"and the machine's load, {_more_time()}."
    )


class WarmKernel:
    """One kernel kept across runs, warmed up with the import statements ``imports``.

    The reset runs as a hidden first cell of each run (see :func:`with_reset_cell`), in the
    same client session as the notebook, so a run costs no extra round trip to the kernel.
    """

    def __init__(self, imports: Sequence[str] = ()) -> None:
        self.imports = list(imports)
        self.km: LocalKernelManager | None = None

    def _run(self, code: str, timeout: float = DEFAULT_START_TIMEOUT) -> None:
        """Run ``code`` (the warm-up) once the kernel answers: each within ``timeout`` s."""

        async def go() -> None:
            kc = self.km.client()
            kc.start_channels()
            try:
                try:
                    await kc.wait_for_ready(timeout=timeout)
                except RuntimeError as exc:  # no answer in time, or the kernel died
                    raise start_error(exc, timeout) from None
                try:
                    reply = await kc.execute_interactive(
                        code, timeout=timeout, store_history=False, output_hook=lambda msg: None
                    )
                except TimeoutError:
                    raise RenderError(
                        f"the Jupyter kernel started but did not finish importing the "
                        f"notebook's modules within {timeout:g} s and was stopped; check that "
                        f"its imports work in this environment, {_more_time()}."
                    ) from None
                if reply["content"].get("status") != "ok":
                    raise RenderError(
                        f"kernel preparation failed: {reply['content'].get('evalue', '')}"
                    )
            finally:
                kc.stop_channels()

        asyncio.run(go())

    def ready(self, timeout: float | None = None) -> LocalKernelManager:
        """A kernel manager holding a live, warmed-up kernel.

        A new kernel must answer within ``timeout`` seconds (default :func:`start_timeout`)
        and then finish its warm-up within as long again; else it is killed and
        :class:`RenderError` says so in one line (a hung IPython start-up file, an import that
        never returns). The next call starts a fresh kernel."""
        if self.km is not None:
            try:
                if asyncio.run(self.km.is_alive()):
                    return self.km
            except Exception:  # any failure here means: replace the kernel
                pass
            self.discard()
        limit = start_timeout() if timeout is None else timeout
        self.km = LocalKernelManager(kernel_name=KERNEL)
        try:
            try:
                asyncio.run(self.km.start_kernel())
            except Exception as exc:  # no python3 kernel, a kernel command that cannot run
                raise RenderError(
                    f"the Jupyter kernel could not be started ({type(exc).__name__}: {exc}); "
                    "check that ipykernel is installed in this environment."
                ) from None
            self._run(
                "from analysis.report import in_kernel as _k\n"
                f"_k.warm_up({self.imports!r})\n"
                "del _k\n",
                timeout=limit,
            )
        except BaseException:
            self.discard()
            raise
        return self.km

    def discard(self) -> None:
        if self.km is None:
            return
        km, self.km = self.km, None
        with contextlib.suppress(Exception):
            asyncio.run(km.shutdown_kernel(now=True))  # also removes its sockets


def with_reset_cell(nb):
    """A copy of ``nb`` whose first cell resets the warm kernel (tagged, removed afterwards)."""
    from nbformat.v4 import new_code_cell

    nb = copy.deepcopy(nb)
    cell = new_code_cell(RESET, metadata={"tags": [RESET_TAG]})
    cell["id"] = RESET_TAG
    nb.cells.insert(0, cell)
    return nb


def without_reset_cell(nb):
    nb.cells = [c for c in nb.cells if RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    return nb
