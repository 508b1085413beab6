"""Failed file operations named by what they are (analysis.oserrors): a full disk says "disk
full", a refused write "permission denied", and only a full disk is told to free space."""

import errno
import os

import pytest

from analysis import oserrors


def error(code):
    return OSError(code, os.strerror(code), "/some/folder/report.pdf")


@pytest.mark.parametrize(
    ("code", "named"),
    [
        (errno.ENOSPC, "disk full"),
        (errno.EDQUOT, "disk quota exceeded"),
        (errno.EACCES, "permission denied"),
        (errno.EPERM, "permission denied"),
        (errno.EROFS, "read-only file system"),
        (errno.ENOENT, "no such file or folder"),
        (errno.ENOTDIR, "not a folder"),
        (errno.ENAMETOOLONG, "file name too long"),
        (errno.EMFILE, "too many open files"),
        (errno.EIO, "input/output error"),
        (errno.EFBIG, "file too large"),
    ],
)
def test_each_failure_is_named_as_what_it_is(code, named):
    assert oserrors.name(error(code)) == named
    assert oserrors.describe(error(code)).startswith(named + "; ")


def test_only_a_full_disk_is_told_to_free_space():
    for code in errno.errorcode:
        text = oserrors.describe(error(code), "/tmp").lower()
        if code == errno.ENOSPC:
            assert "free space on that disk" in text
        else:
            assert "free" not in text and "disk space" not in text, (errno.errorcode[code], text)


def test_a_full_disk_says_how_much_is_left(tmp_path):
    disk = os.statvfs(tmp_path)
    left = oserrors.size(disk.f_bavail * disk.f_frsize)
    text = oserrors.describe(error(errno.ENOSPC), tmp_path / "not" / "made" / "yet")
    assert text.startswith(f"disk full ({left} free); free space on that disk, or choose")
    quota = oserrors.describe(error(errno.EDQUOT), tmp_path, instead="")
    assert quota == (  # the disk's free space says nothing of a quota
        "disk quota exceeded; remove files of yours from that disk or ask for a larger quota"
    )


def test_advice_to_choose_another_folder_only_where_it_helps():
    assert oserrors.describe(error(errno.EACCES)).endswith("or choose another folder with --out")
    assert oserrors.describe(error(errno.EROFS), instead="") == (
        "read-only file system; that disk is mounted read-only"
    )
    assert "another folder" not in oserrors.describe(error(errno.EMFILE))
    assert "ulimit -n" in oserrors.describe(error(errno.EMFILE))


def test_an_unlisted_errno_keeps_its_own_words_and_no_errno_its_text():
    assert oserrors.name(error(errno.ECONNRESET)) == "connection reset by peer"
    assert oserrors.name(OSError("template not found")) == "template not found"
    assert oserrors.describe(error(errno.EPIPE)).startswith("broken pipe; check the folder")


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (1024, "1.0 KB"),
        (1536, "1.5 KB"),
        (200 * 1024, "200 KB"),
        (10 * 1024**2, "10.0 MB"),
        (3 * 1024**3 + 1024**3 // 2, "3.5 GB"),
    ],
)
def test_sizes_read_as_df_h_shows_them(count, shown):
    assert oserrors.size(count) == shown


def test_free_bytes_of_a_folder_still_to_be_made(tmp_path):
    disk = os.statvfs(tmp_path)
    free = oserrors.free_bytes(tmp_path / "a" / "b")
    # the same disk: within what other processes wrote meanwhile
    assert abs(free - disk.f_bavail * disk.f_frsize) < 64 * 1024**2
