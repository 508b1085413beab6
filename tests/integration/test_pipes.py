"""`sitrep ... | head -1`: when the reader of its output goes away, `sitrep` stops quietly, as
Unix tools do: no traceback, no "Exception ignored" message, exit status 141 (128 + SIGPIPE).
Through a real shell pipe. `| true` closes the pipe before `sitrep` writes (it takes longer
to start than `true` takes to exit), so the broken pipe is certain there; `| head -1` reads
the first line and may or may not leave the rest unread."""

import shlex
import shutil
import subprocess
import sys

import pytest

from tests.integration.test_signals import REPO

SITREP = f"{shlex.quote(sys.executable)} -m analysis.cli"


def pipe(command: str, reader: str, tmp_path) -> tuple[int, str, str]:
    """``sitrep COMMAND | READER`` in bash: sitrep's exit status, its stderr, the reader's
    output."""
    if shutil.which("bash") is None:
        pytest.skip("no bash here")
    err_file = tmp_path / "sitrep.err"
    err = shlex.quote(str(err_file))
    script = f'{SITREP} {command} 2>{err} | {reader}; echo "status=${{PIPESTATUS[0]}}"'
    done = subprocess.run(
        ["bash", "-c", script], cwd=REPO, capture_output=True, text=True, check=False, timeout=120
    )
    stderr = err_file.read_text(encoding="utf-8")
    *shown, last = done.stdout.splitlines()
    assert last.startswith("status="), done.stdout + done.stderr
    return int(last.removeprefix("status=")), stderr, "\n".join(shown)


@pytest.fixture
def commands(realdata):
    ged = realdata("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv")
    return {
        "formats": "data formats",
        "formats --json": "data formats --json",
        "params": "params casualties",
        "params --json": "params casualties --json",
        "summary --json": f"data summary {shlex.quote(str(ged))} --json",
    }


@pytest.mark.parametrize(
    "name", ["formats", "formats --json", "params", "params --json", "summary --json"]
)
def test_a_reader_that_has_gone_ends_sitrep_quietly(commands, name, tmp_path):
    command = commands[name]
    status, stderr, _ = pipe(command, "true", tmp_path)
    assert (status, stderr) == (141, "")
    status, stderr, shown = pipe(command, "head -1", tmp_path)
    assert status in (0, 141) and stderr == ""
    whole = subprocess.run(
        [sys.executable, "-m", "analysis.cli", *shlex.split(command)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown == whole.stdout.splitlines()[0]


def test_help_into_a_closed_pipe_is_quiet_too(tmp_path):
    status, stderr, _ = pipe("--help", "true", tmp_path)
    assert status in (0, 141) and stderr == ""
