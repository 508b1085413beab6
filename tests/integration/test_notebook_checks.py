"""A notebook run as JupyterLab runs it (papermill straight into a kernel, without the checks
of ``sitrep render``) refuses the parameters the command line refuses, with the same message."""

import json

import pytest

from tests.integration.reader import REPO

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"start_date": "2024-12-31", "end_date": "2024-11-27"}, "is before 'start_date'"),
        ({"start_date": "2024-12"}, "must be an ISO date"),
        ({"governorate": "Atlantis"}, "parameter 'governorate'"),
    ],
)
def test_bad_parameters_stop_the_notebook_itself(tmp_path, parameters, message):
    import papermill

    out = tmp_path / "run.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as raised:
        papermill.execute_notebook(
            str(REPO / "notebooks" / "situation_report.ipynb"),
            str(out),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(REPO),
        )
    assert raised.value.ename == "ParameterError"
    assert message in raised.value.evalue
    executed = json.loads(out.read_text(encoding="utf-8"))
    shown = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("data")]
    assert not shown, "nothing of a report is shown for bad parameters"
