"""The whole build: load -> process -> save, into a scratch folder moved in on success."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .conflicts import add_conflict_notes, resolve_labels
from .curated import load_curated
from .facts import load_facts
from .outputs import check_readback, save
from .rows import build_rows
from .tables import TABLES
from .translations import check_translations, load_translations, write_translations
from .weak_sources import add_weak_sources


def build(raw_dir: Path, out_dir: Path) -> list[Path]:
    """Build ``out_dir`` from the facts and curated files in ``raw_dir``; the paths written.

    Every file is written into a scratch folder beside ``out_dir`` and read back before it is
    moved in: a build that fails leaves ``out_dir`` as it was.
    """
    # load
    curated = load_curated(raw_dir)
    translations = load_translations(raw_dir)
    facts = {table.key: load_facts(raw_dir, table) for table in TABLES}
    # process
    built = {table.key: build_rows(table, facts[table.key], curated) for table in TABLES}
    labels = resolve_labels(built, curated.disagreements)
    add_conflict_notes(built, curated.disagreements, labels)
    add_weak_sources(built)
    check_translations(built, translations)
    # save
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        written = save(built, curated, labels, scratch)
        written.append(write_translations(translations, scratch))
        check_readback(built, scratch)
        out_dir.mkdir(exist_ok=True)
        for path in written:
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [out_dir / path.name for path in written]
