"""What makes a batch run "unchanged": the code fingerprint follows the report code."""

from analysis.report import fingerprint


def test_code_fingerprint_follows_sources_styles_and_templates(tmp_path):
    package = tmp_path / "analysis"
    (package / "charts").mkdir(parents=True)
    (package / "charts" / "maps.py").write_text("EDGE = '#ffffff'\n")
    (package / "report.css").write_text("body { font-size: 10pt }\n")
    first = fingerprint.code_sha256.__wrapped__(package)

    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "maps.cpython-311.pyc").write_bytes(b"\x00compiled")
    assert fingerprint.code_sha256.__wrapped__(package) == first, "bytecode is not code"

    (package / "report.css").write_text("body { font-size: 11pt }\n")
    second = fingerprint.code_sha256.__wrapped__(package)
    assert second != first

    (package / "report.css").rename(package / "print.css")  # same bytes, another file
    assert fingerprint.code_sha256.__wrapped__(package) not in (first, second)


def test_the_installed_package_has_a_stable_fingerprint():
    assert fingerprint.code_sha256() == fingerprint.code_sha256.__wrapped__(None)
    assert len(fingerprint.code_sha256()) == 64
