"""Checksums and the re-run fingerprint: what makes a batch run "unchanged".

A run's fingerprint covers its notebook, parameter values, the SHA-256 of every input it reads,
its formats, the package version and the report code itself (:func:`code_sha256`). Several
files read as one source (a folder, a pattern, a list) are one input, whose checksum covers the
files it names when the batch runs, their names and their bytes: a file added to the folder,
removed or changed changes it, and the runs that read it are done again.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from analysis import __version__
from analysis.files import sha256_file
from analysis.parameters import is_bundled, is_set, members
from analysis.paths import data_dir
from analysis.report import params, prechecks
from analysis.report.batch import Run


class Inputs:
    """SHA-256 of every input a run reads: its data files, or the bundled data tree."""

    def __init__(self) -> None:
        self._cache: dict[object, str] = {}

    def digest(self, value: str | list | tuple) -> str:
        several = is_set(value)
        files = members(value) if several else ()
        key = ("set", files) if several else value
        if key not in self._cache:
            if several:
                digest = hashlib.sha256()
                for file in files:
                    digest.update(file.encode("utf-8", "surrogateescape") + b"\0")
                    digest.update(sha256_file(prechecks.container(file)).encode())
                self._cache[key] = "set:" + digest.hexdigest()
            elif is_bundled(value):
                digest = hashlib.sha256()
                for path in sorted(p for p in data_dir().rglob("*") if p.is_file()):
                    digest.update(path.relative_to(data_dir()).as_posix().encode())
                    digest.update(sha256_file(path).encode())
                self._cache[key] = "bundled:" + digest.hexdigest()
            else:
                self._cache[key] = sha256_file(prechecks.container(value))  # zip::member
        return self._cache[key]

    def of(self, values: dict[str, Any], declared: dict[str, params.Parameter]) -> dict[str, str]:
        merged = {name: values.get(name, p.default) for name, p in declared.items()}
        return {
            name: self.digest(value if isinstance(value, list | tuple) else str(value or ""))
            for name, value in merged.items()
            if name.endswith("_path")
        }


@functools.cache
def code_sha256(root: Path | None = None) -> str:
    """SHA-256 of the report code itself: every source, style and template file of the
    ``analysis`` package (``root``). A run whose charts or templates changed since its outputs
    were made is redone, even in an editable install where the version number stays the same."""
    root = root or Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(sha256_file(path).encode())
    return digest.hexdigest()


def fingerprint(notebook_sha: str, run: Run, inputs: dict[str, str], formats: tuple) -> str:
    blob = json.dumps(
        {
            "notebook": notebook_sha,
            "values": run.values,
            "inputs": inputs,
            "formats": list(formats),
            "version": __version__,
            "code": code_sha256(),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode()).hexdigest()
