"""What a warm report kernel runs inside itself: the warm-up imports and the reset between runs.

This module is imported in the kernel, not in the process that drives it, so it imports nothing
of Jupyter's client side and nothing of the report content: the warm-up is handed the import
statements of the notebook about to run (see :func:`analysis.report.kernels.notebook_imports`).
"""

from __future__ import annotations

import gc
from typing import Any

_RC_SNAPSHOT: dict[str, Any] | None = None


def warm_up(statements: list[str]) -> None:
    """Run the notebook's import statements once (loading pandas, matplotlib, geopandas and the
    report code with them) and snapshot matplotlib's settings.

    Each statement runs in a namespace of its own, which is then dropped: the notebook's names
    are bound by the notebook itself, and only the loaded modules stay. A statement that fails
    to import is left for the notebook, whose cell then fails with its own number and traceback.

    The cyclic garbage collector is off while the modules load (imports make many objects and
    few cycles: about 0.1 s less here), and what they made is then frozen, so later collections
    while a report runs do not walk every module's objects again.
    """
    global _RC_SNAPSHOT
    gc.disable()
    try:
        import matplotlib

        for statement in statements:
            try:
                exec(statement, {})  # an import statement taken from the notebook's own cells
            except ImportError:
                continue  # raised again, in its cell, when the notebook runs
        _RC_SNAPSHOT = dict(matplotlib.rcParams)
        from analysis.data import cache

        cache.share_frames()  # each run gets the kept frame itself (report code only runs here)
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
