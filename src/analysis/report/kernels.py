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
from typing import Any

from analysis.errors import RenderError

WARM_UP = "from analysis.report import kernels as _k\n_k.warm_up()\ndel _k\n"
RESET = "from analysis.report import kernels as _k\n_k.reset()\n"

_RC_SNAPSHOT: dict[str, Any] | None = None


# ------------------------------------------------------------------ run inside the kernel


def warm_up() -> None:
    """Import the report code (and with it pandas, matplotlib, geopandas) and snapshot rc."""
    global _RC_SNAPSHOT
    import matplotlib

    import analysis.sections.casualties
    import analysis.sections.control
    import analysis.sections.displacement
    import analysis.sections.situation  # noqa: F401

    _RC_SNAPSHOT = dict(matplotlib.rcParams)


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
    shell.execution_count = 1


# ------------------------------------------------------------------ run in the worker


class WarmKernel:
    """One kernel kept across runs by a batch worker."""

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
        """A kernel manager holding a warmed, reset kernel."""
        from analysis.report.execute import LocalKernelManager

        if self.km is not None:
            try:
                if asyncio.run(self.km.is_alive()):
                    self._run(RESET)
                    return self.km
            except Exception:  # any failure here means: replace the kernel
                pass
            self.discard()
        self.km = LocalKernelManager(kernel_name="python3")
        asyncio.run(self.km.start_kernel())
        try:
            self._run(WARM_UP)
            self._run(RESET)
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
