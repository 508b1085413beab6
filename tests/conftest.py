"""Shared fixtures. Third-party files live in ../shared/realdata, never in the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REALDATA = Path(os.environ.get("SITREP_REALDATA", REPO.parent / "shared" / "realdata"))
FACTS = REALDATA.parent / "facts" / "offensive_2024"


def _need(path: Path) -> Path:
    if path.exists():
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing; under CI the shared real data must be present")
    pytest.skip(f"{path} is not here (real third-party data lives in ../shared/realdata)")


@pytest.fixture
def realdata():
    """Function returning the path of a file in ../shared/realdata, skipping when absent."""
    return lambda *parts: _need(REALDATA.joinpath(*parts))


@pytest.fixture
def facts():
    return lambda *parts: _need(FACTS.joinpath(*parts))


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Each test session gets its own cache folder, so tests never see a developer's cache."""
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
