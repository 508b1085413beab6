"""What a failed file operation was, in words, and what to do about it.

An :class:`OSError` carries an ``errno``; :func:`describe` turns it into the few words that name
it ("disk full", "permission denied", "read-only file system", "no such file or folder") and the
advice that fits that failure alone: only a full disk is told to free space on it, only a file
system mounted read-only to choose another one. Messages that report a failed write say
``could not write the report to DIR: <describe(exc, DIR)>``.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

ANOTHER_FOLDER = "choose another folder with --out"
"""The usual alternative, for a write into an output folder."""

# errno -> (name, what to do, whether another folder is a way out)
_KNOWN: dict[int, tuple[str, str, bool]] = {
    errno.ENOSPC: ("disk full", "free space on that disk", True),
    errno.EDQUOT: (
        "disk quota exceeded",
        "remove files of yours from that disk or ask for a larger quota",
        True,
    ),
    errno.EACCES: ("permission denied", "check the folder's permissions and owner", True),
    errno.EPERM: (
        "permission denied",
        "check the folder's permissions, owner and attributes (lsattr)",
        True,
    ),
    errno.EROFS: ("read-only file system", "that disk is mounted read-only", True),
    errno.ENOENT: (
        "no such file or folder",
        "it was removed or renamed meanwhile, or never made: check the path and run again",
        True,
    ),
    errno.ENOTDIR: ("not a folder", "a file stands where the path needs a folder", True),
    errno.EISDIR: ("is a folder", "a folder stands where a file is written; move it away", False),
    errno.ENAMETOOLONG: (
        "file name too long",
        "use a shorter folder path or shorter names (an id template in a batch file)",
        True,
    ),
    errno.ELOOP: ("symbolic link loop", "a link in the path leads back to itself", True),
    errno.EMFILE: (
        "too many open files",
        "raise the limit (ulimit -n) or use fewer --workers",
        False,
    ),
    errno.ENFILE: (
        "too many open files on this machine",
        "close other programs or use fewer --workers",
        False,
    ),
    errno.EFBIG: ("file too large", "that file system cannot hold a file this large", True),
    errno.EIO: (
        "input/output error",
        "the disk or network share failed; check it (dmesg) and run again",
        True,
    ),
    errno.ESTALE: (
        "stale network file handle",
        "the network share was remounted or the folder replaced; run again",
        True,
    ),
    errno.ENOMEM: ("out of memory", "close other programs or use fewer --workers", False),
    errno.EBUSY: (
        "device or resource busy",
        "wait for the program using it, then run again",
        False,
    ),
    errno.EEXIST: ("already exists", "remove or rename what is in the way", False),
    errno.ENOTEMPTY: ("folder not empty", "remove or rename what is in the way", False),
    errno.EXDEV: (
        "move across disks refused",
        "keep the output folder on one disk (no mount point inside it)",
        True,
    ),
    errno.EINVAL: (
        "invalid argument",
        "the file system may refuse such a name (a FAT or network disk); use plain names",
        True,
    ),
    errno.ETXTBSY: ("file busy", "a program has it open; close it and run again", False),
    errno.EAGAIN: ("resource temporarily unavailable", "run again in a moment", False),
}


def name(exc: BaseException) -> str:
    """The failure's name, e.g. ``"disk full"``; for an error without an errno, its text."""
    code = getattr(exc, "errno", None)
    if code in _KNOWN:
        return _KNOWN[code][0]
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def describe(
    exc: BaseException, folder: str | os.PathLike | None = None, instead: str = ANOTHER_FOLDER
) -> str:
    """``"disk full (12 KB free); free space on that disk, or choose another folder with
    --out"``: the failure's :func:`name`, for a full disk the space left in ``folder``, what to
    do, and ``instead`` (an alternative, or "" for none)."""
    code = getattr(exc, "errno", None)
    known = _KNOWN.get(code)
    what = name(exc)
    if code == errno.ENOSPC and folder is not None:  # (a quota is not the disk's free space)
        free = free_bytes(folder)
        if free is not None:
            what += f" ({size(free)} free)"
    advice, elsewhere = known[1:] if known else ("check the folder and run again", True)
    if instead and elsewhere:
        advice += f", or {instead}"
    return f"{what}; {advice}"


def free_bytes(folder: str | os.PathLike) -> int | None:
    """Bytes an unprivileged user may still write on ``folder``'s disk (from its nearest
    existing ancestor); None when it cannot be known."""
    path = Path(folder)
    for candidate in (path, *path.parents):
        try:
            info = os.statvfs(candidate)
        except (OSError, ValueError):
            continue
        return info.f_bavail * info.f_frsize
    return None


def size(count: float) -> str:
    """A byte count for a reader: ``512 bytes``, ``12 KB``, ``3.4 MB``, ``1.2 GB`` (powers of
    1,024, as ``df -h`` shows them)."""
    if count < 1024:
        return f"{int(count)} bytes"
    for unit in ("KB", "MB", "GB", "TB"):
        count /= 1024
        if count < 1024 or unit == "TB":
            return f"{count:.0f} {unit}" if count >= 100 else f"{count:.1f} {unit}"
    raise AssertionError("unreachable")


__all__ = ["ANOTHER_FOLDER", "describe", "free_bytes", "name", "size"]
