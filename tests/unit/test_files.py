"""Files written whole or not at all, and the one file hasher."""

import hashlib
import os
import stat

import pytest

from analysis.files import replacing, sha256_file, write_atomic


def test_sha256_file_is_the_sha256_of_the_bytes(tmp_path):
    path = tmp_path / "data.bin"
    data = bytes(range(256)) * 5000  # larger than one read buffer
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()
    assert sha256_file(str(path)) == sha256_file(path)


def test_write_atomic_text_and_bytes_replace_the_file_with_usual_permissions(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text("old", encoding="utf-8")
    write_atomic(path, "نص عربي")  # text is written in UTF-8
    assert path.read_bytes() == "نص عربي".encode()
    write_atomic(path, b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
    assert os.listdir(tmp_path) == ["manifest.json"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"good report")
    with pytest.raises(RuntimeError), replacing(path) as tmp:
        tmp.write_bytes(b"half a rep")
        raise RuntimeError("printer caught fire")
    assert path.read_bytes() == b"good report"
    assert os.listdir(tmp_path) == ["report.pdf"]
    with pytest.raises(TypeError):
        write_atomic(path, 42)  # neither text nor bytes: nothing written
    assert path.read_bytes() == b"good report"
    assert os.listdir(tmp_path) == ["report.pdf"]
