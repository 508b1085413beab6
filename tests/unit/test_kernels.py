"""What a warm kernel imports before its first run: the notebook's own import statements."""

import gc
import json
import sys

from analysis.paths import notebooks_dir
from analysis.report import in_kernel
from analysis.report.kernels import notebook_imports


def notebook(tmp_path, *sources, cell_type="code"):
    path = tmp_path / "report.ipynb"
    cells = [{"cell_type": cell_type, "metadata": {}, "source": s} for s in sources]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}), encoding="utf-8")
    return path


def test_notebook_imports_are_its_top_level_absolute_imports_in_order_once(tmp_path):
    path = notebook(
        tmp_path,
        "start_date = '2024-11-27'  # parameters",
        ["import os\n", "from IPython.display import display\n", "x = 1\n"],
        "%matplotlib inline\nimport ignored_in_a_magic_cell\n",
        "from . import relative\nfrom __future__ import annotations\nimport os\n"
        "if x:\n    import inside_a_block\n"
        "from analysis.sections import casualties as section",
    )
    assert notebook_imports(path) == (
        "import os",
        "from IPython.display import display",
        "from analysis.sections import casualties as section",
    )


def test_bundled_notebooks_warm_their_own_section():
    found = notebook_imports(notebooks_dir() / "casualties.ipynb")
    assert "from analysis.sections import casualties as section" in found


def test_warm_up_imports_and_leaves_failing_imports_to_the_notebook(monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    try:
        in_kernel.warm_up(["import colorsys", "import no_such_module_for_sitrep"])
    finally:
        gc.unfreeze()
    assert "colorsys" in sys.modules
    assert "no_such_module_for_sitrep" not in sys.modules
    assert in_kernel._RC_SNAPSHOT is not None
