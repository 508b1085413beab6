"""A kernel that hangs while it starts (an IPython start-up file that sleeps) or while it warms
up (an import that never returns) is stopped after the start timeout (the smaller of the cell
timeout and SITREP_KERNEL_START_TIMEOUT), with one line; no process is left. In a batch the
run fails with that line, the hung kernel is killed and the next run gets a fresh one.

The test's kernels get the hang from a private IPYTHONDIR whose start-up file sleeps for the
first N kernel starts (counted in a file); processes are counted by the marker of
tests/integration/test_signals.py."""

import json
import time
import uuid

import pytest

from tests.integration.test_signals import FIXTURE, batch_file, gone_within, manifest, start

pytestmark = pytest.mark.slow

HANG = """\
import os, time
_starts = os.environ["SITREP_TEST_STARTS"]
with open(_starts, "a") as _f:
    _f.write("x")
if os.path.getsize(_starts) <= int(os.environ["SITREP_TEST_HANG_FIRST"]):
    time.sleep(3600)
"""


def hanging_kernels(tmp_path, first: int) -> dict:
    """Environment in which the first ``first`` kernels hang while they start."""
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-hang.py").write_text(HANG, encoding="utf-8")
    return {
        "IPYTHONDIR": str(tmp_path / "ipython"),
        "SITREP_TEST_STARTS": str(tmp_path / "starts"),
        "SITREP_TEST_HANG_FIRST": str(first),
    }


def starts(tmp_path) -> int:
    path = tmp_path / "starts"
    return path.stat().st_size if path.exists() else 0


def finish(process, mark):
    clock = time.monotonic()
    stdout, stderr = process.communicate(timeout=180)
    assert "Traceback" not in stderr
    assert not gone_within(mark, 10), "a process of this test was left running"
    return stdout, stderr, time.monotonic() - clock


@pytest.mark.parametrize(
    ("options", "variables", "limit"),
    [
        (["--timeout", "4"], {}, 4),  # the cell timeout, smaller than the default start timeout
        ([], {"SITREP_KERNEL_START_TIMEOUT": "3"}, 3),  # the start timeout, smaller than 600
    ],
)
def test_a_kernel_hanging_at_start_ends_the_render_with_one_line(
    tmp_path, options, variables, limit
):
    mark, out = uuid.uuid4().hex, tmp_path / "out"
    env = {**hanging_kernels(tmp_path, first=99), **variables}
    process = start("render", FIXTURE, "--to", "html", "--out", out, *options, mark=mark, env=env)
    _, stderr, seconds = finish(process, mark)
    assert process.returncode == 1, stderr
    assert stderr.strip() == (
        f"sitrep: error: the Jupyter kernel did not start within {limit} s and was stopped; "
        f"check the IPython start-up files ({tmp_path / 'ipython'}/profile_default/startup) "
        "and the machine's load, or allow more time: SITREP_KERNEL_START_TIMEOUT (default "
        "120 s) or the cell timeout, the smaller applies."
    )
    assert starts(tmp_path) == 1  # the kernel did start, and hung in its start-up file
    assert not out.exists() or not list(out.iterdir())
    print(f"render with a hung kernel ended {seconds:.1f} s after it started (limit {limit} s)")


def test_a_kernel_hanging_at_warm_up_ends_the_render_with_one_line(tmp_path):
    """The warm kernel imports the notebook's modules before the run: an import that never
    returns is stopped by the same limit."""
    (tmp_path / "sitrep_test_hangs_on_import.py").write_text(
        "import time\ntime.sleep(3600)\n", encoding="utf-8"
    )
    notebook = json.loads(FIXTURE.read_text(encoding="utf-8"))
    notebook["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "hangs",
            "metadata": {},
            "outputs": [],
            "source": "import sitrep_test_hangs_on_import",
        }
    )
    path = tmp_path / "hangs.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    mark = uuid.uuid4().hex
    env = {"PYTHONPATH": str(tmp_path), "SITREP_KERNEL_START_TIMEOUT": "5"}
    process = start("render", path, "--to", "html", "--out", tmp_path / "out", mark=mark, env=env)
    _, stderr, _ = finish(process, mark)
    assert process.returncode == 1, stderr
    assert stderr.strip() == (
        "sitrep: error: the Jupyter kernel started but did not finish importing the notebook's "
        "modules within 5 s and was stopped; check that its imports work in this environment, "
        "or allow more time: SITREP_KERNEL_START_TIMEOUT (default 120 s) or the cell timeout, "
        "the smaller applies."
    )


def test_a_malformed_start_timeout_is_refused_before_any_kernel(tmp_path):
    mark = uuid.uuid4().hex
    env = {**hanging_kernels(tmp_path, first=0), "SITREP_KERNEL_START_TIMEOUT": "soon"}
    process = start("render", FIXTURE, "--out", tmp_path / "out", mark=mark, env=env)
    _, stderr, _ = finish(process, mark)
    assert process.returncode == 2
    assert stderr.strip() == (
        "sitrep: error: SITREP_KERNEL_START_TIMEOUT='soon' is not a number of seconds; set it "
        "to a number above 0 such as 120, or unset it."
    )
    assert starts(tmp_path) == 0


def test_in_a_batch_the_hung_kernel_fails_its_run_and_the_next_run_gets_a_fresh_one(tmp_path):
    """One worker: its warm-up kernel (started before the first run) hangs and is stopped,
    the first run's kernel hangs too and fails that run; the second run's kernel starts."""
    path = batch_file(tmp_path, [{"label": "a"}, {"label": "b"}], formats="[html]")
    out, mark = tmp_path / "out", uuid.uuid4().hex
    env = {**hanging_kernels(tmp_path, first=2), "SITREP_KERNEL_START_TIMEOUT": "4"}
    process = start(
        "batch", path, "--out", out, "--quiet", "--workers", "1", "--continue-on-error",
        mark=mark, env=env,
    )  # fmt: skip
    _, stderr, _ = finish(process, mark)
    assert process.returncode == 1, stderr
    line = (
        "the Jupyter kernel did not start within 4 s and was stopped; check the IPython "
        f"start-up files ({tmp_path / 'ipython'}/profile_default/startup) and the machine's "
        "load, or allow more time: SITREP_KERNEL_START_TIMEOUT (default 120 s) or the cell "
        "timeout, the smaller applies."
    )
    runs = manifest(out)
    assert runs["label-a"]["status"] == "failed" and runs["label-a"]["error"] == line
    assert runs["label-b"]["status"] == "ok"
    summary = [x for x in stderr.splitlines() if x.startswith("  failed: ")]
    assert len(summary) == 1 and f"  failed: label-a: {line}".startswith(summary[0][:150])
    assert starts(tmp_path) == 3  # hung, hung, then a fresh kernel that served run b


def test_with_isolate_papermills_own_kernel_is_stopped_too(tmp_path):
    path = batch_file(tmp_path, [{"label": "a"}], formats="[html]")
    out, mark = tmp_path / "out", uuid.uuid4().hex
    env = {**hanging_kernels(tmp_path, first=99), "SITREP_KERNEL_START_TIMEOUT": "3"}
    process = start("batch", path, "--out", out, "--quiet", "--isolate", mark=mark, env=env)
    _, stderr, _ = finish(process, mark)
    assert process.returncode == 1, stderr
    error = manifest(out)["label-a"]["error"]
    assert error.startswith("the Jupyter kernel did not start within 3 s and was stopped; ")
    assert starts(tmp_path) == 1
