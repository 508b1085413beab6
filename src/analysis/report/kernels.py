"""Warm kernels for batch workers: started once, imports done once, reset between runs.

Starting a Python kernel and importing pandas, matplotlib, geopandas and the report code costs
over a second of CPU per run. A batch worker keeps one kernel and, before each run, resets it:
the user namespace is cleared (``%reset``), figures are closed, matplotlib's settings are
restored to the snapshot taken after warm-up, and the execution counter restarts at 1. A kernel
that died, timed out or failed to reset is shut down and replaced; ``isolate`` (one fresh kernel
per run) is there for notebooks that change global state in ways a reset cannot undo.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from typing import Any

from analysis.errors import RenderError

WARM_UP = "from analysis.report import kernels as _k\n_k.warm_up()\ndel _k\n"
RESET = "from analysis.report import kernels as _k\n_k.reset()\n"

_RC_SNAPSHOT: dict[str, Any] | None = None


# ------------------------------------------------------------------ run inside the kernel


def warm_up() -> None:
    """Import the report code (and with it pandas, matplotlib, geopandas) and snapshot rc.

    The cyclic garbage collector is off while the modules load (imports make many objects and
    few cycles: about 0.1 s less here), and what they made is then frozen, so later
    collections while a report runs do not walk every module's objects again.
    """
    global _RC_SNAPSHOT
    gc.disable()
    try:
        import matplotlib

        import analysis.sections.casualties
        import analysis.sections.control
        import analysis.sections.displacement
        import analysis.sections.situation  # noqa: F401

        _RC_SNAPSHOT = dict(matplotlib.rcParams)
    finally:
        gc.freeze()
        gc.enable()


def reset() -> None:
    """Return the kernel to its warmed-up state before the next run."""
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt
    from IPython import get_ipython

    plt.close("all")
    if _RC_SNAPSHOT is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(_RC_SNAPSHOT)
    shell = get_ipython()
    shell.reset(new_session=False, aggressive=False)
    shell.execution_count = 1  # the notebook after this cell counts from 1, as in a new kernel


# ------------------------------------------------------------------ run in the worker


class WarmKernel:
    """One kernel kept across runs by a batch worker.

    The reset runs as a hidden first cell of each run (see :func:`with_reset_cell`), in the
    same client session as the notebook, so a run costs no extra round trip to the kernel.
    """

    def __init__(self) -> None:
        self.km = None

    def _run(self, code: str, timeout: float = 120) -> None:
        async def go() -> None:
            kc = self.km.client()
            kc.start_channels()
            try:
                await kc.wait_for_ready(timeout=timeout)
                reply = await kc.execute_interactive(
                    code, timeout=timeout, store_history=False, output_hook=lambda msg: None
                )
                if reply["content"].get("status") != "ok":
                    raise RenderError(
                        f"kernel preparation failed: {reply['content'].get('evalue', '')}"
                    )
            finally:
                kc.stop_channels()

        asyncio.run(go())

    def ready(self):
        """A kernel manager holding a live, warmed-up kernel."""
        from analysis.report.execute import LocalKernelManager

        if self.km is not None:
            try:
                if asyncio.run(self.km.is_alive()):
                    return self.km
            except Exception:  # any failure here means: replace the kernel
                pass
            self.discard()
        self.km = LocalKernelManager(kernel_name="python3")
        asyncio.run(self.km.start_kernel())
        try:
            self._run(WARM_UP)
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


RESET_TAG = "sitrep-reset"


def with_reset_cell(nb):
    """A copy of ``nb`` whose first cell resets the warm kernel (tagged, removed afterwards)."""
    import copy

    from nbformat.v4 import new_code_cell

    nb = copy.deepcopy(nb)
    cell = new_code_cell(RESET, metadata={"tags": [RESET_TAG]})
    cell["id"] = RESET_TAG
    nb.cells.insert(0, cell)
    return nb


def without_reset_cell(nb):
    nb.cells = [c for c in nb.cells if RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    return nb
