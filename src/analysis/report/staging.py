"""Staging folders: where a report's files wait until all of them can be moved into place.

- :func:`create` makes a hidden folder inside the output folder (same file system, so the final
  moves are atomic renames) and marks it as ours (:mod:`analysis.report.ownership`) before
  anything else is written into it.
- :func:`remove_stale` removes the staging folders that a killed render or batch left in an
  output folder: only folders marked as ours, only while this process holds the lock of that
  report (so no live writer uses it), and only when their owner and writer are provably gone
  (or, on another host or in another container, have not refreshed the marker for the lease).
  Nothing else is ever removed, whatever its name.
- :func:`replace_set` moves a report's new files over the old ones as a set: if any of them
  cannot be replaced (an immutable file, a folder in its place, a file system error), every
  file already moved is put back and the earlier report is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from analysis.report import ownership
from analysis.report.lock import ReportLock

PDF_FAILED = "pdf-failed"
"""The middle name of a run's HTML and notebook kept after its PDF failed
(``NAME.pdf-failed.html``)."""


def prefix(stem: str) -> str:
    """The start of the name of a staging folder of report ``stem`` (the rest: 8 random
    characters from :func:`tempfile.mkdtemp`)."""
    return f".{stem}."


def create(out: Path, stem: str, owner: ownership.Process | None = None) -> Path:
    """A new, marked staging folder for report ``stem`` in ``out`` (``.<stem>.<random>``).

    ``owner`` is the process that holds the report's lock and will move the files into place
    (a batch's main process); by default this one. The marker is refreshed while this process
    lives (:data:`ownership.heartbeat`) until :func:`release` or :func:`remove`."""
    folder = Path(tempfile.mkdtemp(prefix=prefix(stem), dir=out))
    try:
        marker = ownership.write_marker(folder, "staging", owner=owner, stem=stem)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    ownership.heartbeat.add(marker)
    return folder


def adopt(folder: Path) -> None:
    """Keep refreshing the marker of ``folder``, a staging folder this process will finish."""
    ownership.heartbeat.add(Path(folder) / ownership.MARKER)


def release(folder: Path) -> None:
    """Stop refreshing ``folder``'s marker (its files were handed to another process)."""
    ownership.heartbeat.discard(Path(folder) / ownership.MARKER)


def remove(folder: Path) -> None:
    """Remove a staging folder of this process's (whatever is in it)."""
    release(folder)
    shutil.rmtree(folder, ignore_errors=True)


def _marked_folders(out: Path) -> Iterator[tuple[Path, ownership.Marker]]:
    try:
        entries = list(os.scandir(out))
    except OSError:
        return
    for entry in entries:
        try:
            if not entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
                continue
        except OSError:
            continue
        marker = ownership.read_marker(entry.path, "staging")
        if marker is not None and marker.stem:
            yield Path(entry.path), marker


def remove_stale(out: str | Path, held: Sequence[ReportLock] = ()) -> list[Path]:
    """Remove the abandoned staging folders in ``out`` (see the module docstring). ``held``:
    report locks this process holds there (a render's own), which stand for themselves.
    Returns the folders removed."""
    out = Path(out)
    removed: list[Path] = []
    mine = {lock.stem: lock for lock in held if lock.fd is not None}
    now: float | None = None
    for folder, marker in _marked_folders(out):
        lock = mine.get(marker.stem) or ReportLock(out, marker.stem)
        try:
            if not lock.acquire():
                continue  # a live writer holds this report
        except OSError:
            continue
        try:
            if not lock.supported:
                continue  # no lock to prove that nobody writes it
            if now is None:
                now = lock.touch()
            if ownership.abandoned(marker, now):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        finally:
            if marker.stem not in mine:
                lock.release()
    return removed


def holder(out: Path, stem: str) -> str | None:
    """Who writes report ``stem`` in ``out``, as its newest staging folder says ("pid 4242 on
    host-a"), or None."""
    found = []
    for folder, marker in _marked_folders(out):
        if marker.stem == stem:
            with contextlib.suppress(OSError):  # removed meanwhile
                found.append((folder.stat().st_mtime, marker))
    if not found:
        return None
    return max(found, key=lambda item: item[0])[1].owner.describe()


def owned_by_me(out: Path, stem: str) -> list[Path]:
    """Staging folders of report ``stem`` in ``out`` that this process owns (for a batch to
    remove those of runs it stopped, while it holds their locks)."""
    here = ownership.me()
    return [
        folder
        for folder, marker in _marked_folders(out)
        if marker.stem == stem and marker.owner == here
    ]


def replace_set(moves: Sequence[tuple[Path, Path]], backups: Path) -> None:
    """Move each ``(new, target)`` of ``moves`` over its target, all or none.

    Each existing target is first hard-linked into ``backups`` (a folder on the same file
    system, the staging folder): a target that cannot be linked cannot be replaced either
    (an immutable or append-only file), and nothing has changed yet. Then each new file is
    renamed over its target; if one rename fails, the targets already replaced get their old
    file back (and new targets are removed), so the earlier report stays whole. Raises the
    first OSError, with ``filename`` set to the target that could not be replaced."""
    saved: list[tuple[Path, Path | None]] = []
    for number, (_, target) in enumerate(moves):
        backup = None
        if os.path.lexists(target):
            if os.path.isdir(target) and not os.path.islink(target):
                raise IsADirectoryError(errno.EISDIR, "a folder is in its place", str(target))
            backup = backups / f"previous-{number}{''.join(target.suffixes[-1:])}"
            try:
                os.link(target, backup, follow_symlinks=False)
            except OSError as exc:
                if exc.errno in (errno.EPERM, errno.EACCES, errno.EROFS):  # cannot be replaced
                    raise _named(exc, target) from None
                shutil.copy2(target, backup, follow_symlinks=False)  # no hard links here
        saved.append((target, backup))
    replaced: list[tuple[Path, Path | None]] = []
    try:
        for (new, target), (_, backup) in zip(moves, saved, strict=True):
            try:
                os.replace(new, target)
            except OSError as exc:
                raise _named(exc, target) from None
            replaced.append((target, backup))
    except BaseException:
        for target, backup in reversed(replaced):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    os.unlink(target)
        raise


def _named(exc: OSError, target: Path) -> OSError:
    """``exc`` naming ``target`` (OSError picks the subclass of its errno)."""
    return OSError(exc.errno, exc.strerror or str(exc), str(target))


__all__ = [
    "PDF_FAILED",
    "adopt",
    "create",
    "holder",
    "owned_by_me",
    "prefix",
    "release",
    "remove",
    "remove_stale",
    "replace_set",
]
