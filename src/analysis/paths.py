"""Where the bundled data, the notebooks and the cache live.

In a wheel the bundled files sit inside the package (``analysis/_data``); in a source checkout
(editable install) they are read from the repository's ``data/`` and ``notebooks/`` folders.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = _PACKAGE_DIR.parent.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[-1]


def data_dir() -> Path:
    """Folder holding ``offensive_2024/``, ``gazetteer/`` and ``boundaries/``."""
    return _first_existing(_PACKAGE_DIR / "_data", _REPO_DIR / "data")


def notebooks_dir() -> Path:
    return _first_existing(_PACKAGE_DIR / "_notebooks", _REPO_DIR / "notebooks")


def bundled(*parts: str) -> Path:
    """Path of a bundled data file, e.g. ``bundled("offensive_2024", "casualty_tolls.csv")``."""
    return data_dir().joinpath(*parts)


def cache_dir() -> Path:
    """The cache folder: ``$SITREP_CACHE_DIR``, else ``$XDG_CACHE_HOME/syria-sitrep``.

    The cache never lives beside the input files, which may be on a read-only share. What
    sitrep keeps there, and how much, is :mod:`analysis.data.cachedir`'s.
    """
    explicit = os.environ.get("SITREP_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()  # "~/cache" set in a file, not by a shell
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "syria-sitrep"
