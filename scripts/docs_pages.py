"""Run by mkdocs-gen-files while ``mkdocs build`` runs (see ``mkdocs.yml``): writes the
generated reference pages of :mod:`docs_reference` into the site. Nothing is written to disk
in the repository."""

from __future__ import annotations

import sys
from pathlib import Path

import mkdocs_gen_files

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docs_reference  # found through the path above

for page, write in docs_reference.PAGES.items():
    with mkdocs_gen_files.open(page, "w") as handle:
        handle.write(write())
    mkdocs_gen_files.set_edit_path(page, "scripts/docs_reference.py")
