"""`sitrep check` over a sweep of reports (issue 16, section 6): the five notebooks on the real
files in ../shared/realdata and on the bundled data, for a day, a week, a month, a year and
several years, for the country and single governorates (CASES: 98 reports).

The sweep is built in-process: each notebook's own code cells run in the test process with the
run's parameters in one namespace (as papermill injects them after the parameters cell), every
displayed object becomes the output a kernel makes of it (advice for the operator and the batch
front page's figures included, which the export leaves out), what a cell prints becomes its
stdout, and the report's HTML is made by the real export (:func:`analysis.report.export.to_html`,
the one ``sitrep render`` uses). Figures are not drawn: each becomes an SVG holding the lines of
the figure's texts (titles, labels, legends, annotations, the source line; not tick labels),
which is what the check reads of a chart. :func:`analysis.report.check.check` then runs its HTML
rules on it. A handful of the same reports are also rendered for real (``sitrep batch``, HTML
and PDF, in a thread while the in-process sweep runs): the page rules (nearly blank pages,
ranges split across lines) run on their PDFs, and their HTML must hold what the in-process build
held (the same rules, sections and offending texts).

BASELINE: reports are not all publishable yet. What the check finds today is listed in KNOWN
(notebook -> (rule, text in the finding's line)) and KNOWN_PAGES (what only the PDFs show); each
entry is a real finding that the other parts of issue 16 are fixing. The tests fail on a finding
that no entry covers (a new problem, or a rule gone wrong) and on an entry that no finding
matches any more (it was fixed: remove it). When issue 16 is done both are empty and the check
finds nothing over the sweep.

    .venv/bin/python -m tests.integration.test_check_sweep [NOTEBOOK ...]

prints the findings table of the in-process sweep without pytest: a line per KNOWN entry and per
new finding, ready to paste into KNOWN, with how many reports hold it and an example. The tests
print it too (``pytest -s``), and on failure.
"""

from __future__ import annotations

import contextlib
import html
import io
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest
import yaml

from analysis.report.check import Finding, check
from tests.conftest import REALDATA, REPO, _need
from tests.integration.reader import sitrep

pytestmark = pytest.mark.realdata

NOTEBOOKS = REPO / "notebooks"

FILES = {
    "UCDP": ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv"),
    "ACLED": ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv"),
    "HAPI": ("acled_hdx_aggregates_syria_2025_01", "hdx_hapi_conflict_event_SYR_2025-01.csv"),
    "HDX": (
        "acled_hdx_aggregates_syria_2025_01",
        "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv",
    ),
    "SHCC": ("shcc_health_attacks_syria_2018_2022", "2019-shcc-incident-data_syria.csv"),
    "UNHCR": ("unhcr_refugees_rpkg", "unhcr_population_syr.csv"),
    "IDMC": ("unhcr_refugees_rpkg", "unhcr_idmc_syr.csv"),
    "SOLUTIONS": ("unhcr_refugees_rpkg", "unhcr_solutions_syr.csv"),
    "FLOWS": ("unhcr_refugees_rpkg", "unhcr_flows_syr.csv"),
    "DEMOGRAPHICS": ("unhcr_refugees_rpkg", "unhcr_demographics_syr.csv"),
    "HNAP": ("hnap_idp_movements_2019_01", "idp_movements_summary_and_dec2018.xlsx"),
    "OCHA": ("ocha_cod_ab_syr", "syr_admbnda_adm1_uncs_unocha.geojson"),
}
"""Real files, by a short name used in the cases below."""

# A day, a week (Monday to Sunday), a month, a year and several years inside each source's span.
PERIODS = {
    "bundled": {
        "default": ("2024-11-27", "2024-12-31"),  # the notebooks' own (`make report`)
        "day": ("2024-12-08", "2024-12-08"),
        "week": ("2024-12-02", "2024-12-08"),
        "month": ("2024-12-01", "2024-12-31"),
        "year": ("2024-01-01", "2024-12-31"),
        "years": ("2023-01-01", "2025-12-31"),
    },
    "2018": {  # UCDP GED 2016-2019, HNAP 2016-2019, ACLED 2017-2023
        "day": ("2018-01-24", "2018-01-24"),
        "week": ("2018-01-22", "2018-01-28"),  # 27 events with 804 deaths cross it in Aleppo
        "month": ("2018-01-01", "2018-01-31"),
        "year": ("2018-01-01", "2018-12-31"),
        "years": ("2016-01-01", "2019-11-30"),
    },
    "2019": {  # ACLED battles 2017 to 2 June 2023, SHCC 2019
        "day": ("2019-01-09", "2019-01-09"),
        "week": ("2019-10-14", "2019-10-20"),
        "month": ("2019-05-01", "2019-05-31"),
        "year": ("2019-01-01", "2019-12-31"),
        "years": ("2017-01-01", "2023-06-02"),
    },
    "hdx": {  # ACLED monthly aggregates: January 2025 only, as of 10 January
        "day": ("2025-01-31", "2025-01-31"),
        "week": ("2025-01-27", "2025-02-02"),
        "month": ("2025-01-01", "2025-01-31"),
        "year": ("2025-01-01", "2025-12-31"),
        "years": ("2023-01-01", "2025-12-31"),
    },
    "unhcr": {  # yearly figures, end of year
        "day": ("2024-12-31", "2024-12-31"),
        "week": ("2024-12-25", "2024-12-31"),
        "month": ("2024-03-01", "2024-03-31"),  # no year ends in it
        "year": ("2024-01-01", "2024-12-31"),
        "years": ("2011-01-01", "2025-12-31"),
    },
    "hnap": {
        "day": ("2018-12-31", "2018-12-31"),
        "week": ("2018-12-03", "2018-12-09"),
        "month": ("2018-12-01", "2018-12-31"),
        "year": ("2018-01-01", "2018-12-31"),
        "years": ("2016-01-01", "2019-01-31"),
    },
}
COUNTRY = ("day", "week", "month", "year", "years")
"""The periods of each file's reports for the whole country ..."""
PLACE = ("week", "month")
"""... and for one governorate (a week leaves sections empty; a month's changes of control are
few enough to be listed in the body)."""
BUNDLED = ("default", *COUNTRY)
"""The bundled data's periods for the country: the notebooks' default too ..."""
BUNDLED_LONG = ("default", "day", "week", "years")
"""... or, for the reports that cost most, the default (its events are a year's and a month's)
and several years (with the shares of territory after 2024)."""
MONTHLY = ("month", "years")
"""ACLED's monthly aggregates hold January 2025 only: any period holding its end reads the same."""


@dataclass(frozen=True)
class Case:
    """One report of the sweep: a notebook and the parameters given to it (file names are short
    names of :data:`FILES`, resolved when the report is built)."""

    notebook: str
    data: str  # what it reads, for the label: "bundled", "UCDP", "UCDP+HNAP+ACLED", ...
    period: str  # day, week, month, year, years
    governorate: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        return f"{self.notebook} {self.data} {self.governorate} {self.period}"

    def parameters(self) -> dict[str, str]:
        return {name: resolve(value) for name, value in self.params}


def resolve(value: str) -> str:
    """A short name of :data:`FILES` as the file's path (skipped when absent), else ``value``."""
    return str(_need(REALDATA.joinpath(*FILES[value]))) if value in FILES else value


def _cases(notebook, data, periods, place, files=(), country=COUNTRY, local=PLACE) -> list[Case]:
    """``notebook`` on ``files`` ((parameter, file) pairs) for the periods ``country`` of
    ``PERIODS[periods]`` for the whole country and ``local`` for governorate ``place``."""
    made = []
    for governorate, chosen in (("all", country), (place, local)):
        for period in chosen:
            start, end = PERIODS[periods][period]
            given = (("start_date", start), ("end_date", end), ("governorate", governorate))
            made.append(Case(notebook, data, period, governorate, (*given, *files)))
    return made


UCDP_HNAP_ACLED = (
    ("casualties_path", "UCDP"),
    ("displacement_path", "HNAP"),
    ("control_path", "ACLED"),
    ("boundaries_path", "OCHA"),
)
CASES = [
    # casualties: bundled tolls; UCDP GED; ACLED battles with the SHCC 2019 attacks on health
    # care and UCDP GED compared; the ACLED aggregates (HDX HAPI; the HDX file once)
    *_cases("casualties", "bundled", "bundled", "Aleppo", (), BUNDLED),
    *_cases("casualties", "UCDP", "2018", "Aleppo", (("casualties_path", "UCDP"),)),
    *_cases(
        "casualties",
        "ACLED+SHCC+UCDP",
        "2019",
        "Idleb",
        (("casualties_path", "ACLED"), ("health_attacks_path", "SHCC"), ("compare_path", "UCDP")),
    ),
    *_cases(
        "casualties", "HAPI", "hdx", "Homs", (("casualties_path", "HAPI"),), MONTHLY, ("month",)
    ),
    *_cases("casualties", "HDX", "hdx", "", (("casualties_path", "HDX"),), ("month",), ()),
    # trends: every event file; the bundled tolls (no events) once
    *_cases("trends", "bundled", "bundled", "", (), ("month",), ()),
    *_cases("trends", "UCDP", "2018", "Aleppo", (("casualties_path", "UCDP"),)),
    *_cases("trends", "ACLED", "2019", "Idleb", (("casualties_path", "ACLED"),)),
    *_cases("trends", "HAPI", "hdx", "Homs", (("casualties_path", "HAPI"),), MONTHLY, ("month",)),
    # displacement: bundled, each UNHCR table, HNAP
    *_cases("displacement", "bundled", "bundled", "Aleppo", (), BUNDLED),
    *_cases("displacement", "UNHCR", "unhcr", "Hama", (("displacement_path", "UNHCR"),)),
    *[
        case
        for table in ("IDMC", "SOLUTIONS", "FLOWS", "DEMOGRAPHICS")
        for case in _cases(
            "displacement", table, "unhcr", "", (("displacement_path", table),), ("years",), ()
        )
    ],
    *_cases("displacement", "HNAP", "hnap", "Idleb", (("displacement_path", "HNAP"),)),
    # territorial control: bundled; the ACLED export on OCHA's boundaries
    *_cases("territorial_control", "bundled", "bundled", "Aleppo", (), BUNDLED_LONG),
    *_cases(
        "territorial_control",
        "ACLED+OCHA",
        "2019",
        "Idleb",
        (("control_path", "ACLED"), ("boundaries_path", "OCHA")),
    ),
    # the situation report: bundled; UCDP GED, HNAP and the ACLED export on OCHA's boundaries;
    # ACLED battles, UNHCR and the ACLED export
    *_cases("situation_report", "bundled", "bundled", "Aleppo", (), BUNDLED_LONG),
    *_cases("situation_report", "UCDP+HNAP+ACLED", "2018", "Aleppo", UCDP_HNAP_ACLED),
    *_cases(
        "situation_report",
        "ACLED+UNHCR+ACLED",
        "2019",
        "Idleb",
        (("casualties_path", "ACLED"), ("displacement_path", "UNHCR"), ("control_path", "ACLED")),
        ("week",),
        ("year",),
    ),
]


# --------------------------------------------------------------------- the in-process build


class _Collector:
    """``IPython.display.display`` for the sweep: each object becomes the output a kernel makes
    of it (its MIME bundle, from IPython's own formatter); what a cell prints on stdout becomes
    a stream output in its place, as in a kernel (the export keeps stdout, drops stderr)."""

    def __init__(self):
        from IPython.core.formatters import DisplayFormatter

        self.formatter = DisplayFormatter()
        self.outputs: list = []
        self.printed = io.StringIO()

    def flush(self) -> None:
        from nbformat.v4 import new_output

        if self.printed.getvalue():
            self.outputs.append(new_output("stream", name="stdout", text=self.printed.getvalue()))
            self.printed.seek(0)
            self.printed.truncate()

    def __call__(self, *objects, **_):
        from nbformat.v4 import new_output

        self.flush()
        for obj in objects:
            data, metadata = self.formatter.format(obj)
            self.outputs.append(new_output("display_data", data=data, metadata=metadata))


def figure_texts(fig, image_dpi=None) -> bytes:
    """A figure as an SVG holding only its texts, without drawing it: one ``<text>`` per line
    of each visible text (titles, axis labels, legends, annotations, the source line), which is
    what the check reads of a chart. Tick labels (numbers, dates, names of places) are left out:
    they are made when a figure is drawn, and the real renders below read them."""
    from matplotlib.axis import Tick
    from matplotlib.text import Text

    ticks = {id(t) for tick in fig.findobj(Tick) for t in (tick.label1, tick.label2)}
    body = "".join(
        f"<text>{html.escape(line)}</text>"  # one per line, as the SVG backend writes them
        for t in fig.findobj(Text)
        if id(t) not in ticks and t.get_visible()
        for line in t.get_text().split("\n")
        if line.strip()
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg">{body}</svg>'.encode()


@contextlib.contextmanager
def in_process() -> Iterator[None]:
    """Figures made into their texts (see :func:`figure_texts`) while reports build."""
    from analysis.charts import svg

    drawn = svg.to_svg
    svg.to_svg = figure_texts
    try:
        yield
    finally:
        svg.to_svg = drawn


def build(notebook: str, given: dict[str, str]) -> str:
    """The report's HTML, from the notebook's own code run in this process with ``given``."""
    import IPython.display
    import matplotlib.pyplot as plt
    import nbformat

    from analysis.report.export import to_html
    from analysis.report.render import report_title

    path = NOTEBOOKS / f"{notebook}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in cells[0].metadata.get("tags", []), notebook
    namespace: dict = {"__name__": "__main__"}
    exec(compile(cells[0].source, f"{notebook}:parameters", "exec"), namespace)
    namespace.update(given)  # as papermill's injected cell does
    values = {k: v for k, v in namespace.items() if not k.startswith("__")}
    collect = _Collector()
    shown = IPython.display.display
    IPython.display.display = collect
    try:
        for number, cell in enumerate(cells[1:], start=1):
            collect.outputs = []
            with contextlib.redirect_stdout(collect.printed):
                exec(compile(cell.source, f"{notebook}:cell {number}", "exec"), namespace)
            collect.flush()
            cell.outputs = collect.outputs
    finally:
        IPython.display.display = shown
        plt.close("all")
    return to_html(nb, report_title(path, values))


@dataclass
class Sweep:
    """Findings by notebook, each with the label of its report, and the seconds it took."""

    found: dict[str, list[tuple[str, Finding]]] = field(default_factory=lambda: defaultdict(list))
    by_label: dict[str, list[Finding]] = field(default_factory=dict)
    reports: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    cpu: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def timing(self, notebook: str) -> str:
        return (
            f"{self.reports[notebook]} {notebook} reports built and checked in "
            f"{self.seconds[notebook]:.1f} s ({self.cpu[notebook]:.1f} s of CPU)"
        )


def run_sweep(cases: list[Case], folder: Path) -> Sweep:
    """Build and check every case, in this process."""
    sweep = Sweep()
    with in_process():
        for index, case in enumerate(cases):
            start, cpu = time.perf_counter(), time.process_time()
            report = folder / f"{index:03d}_{case.notebook}.html"
            report.write_text(build(case.notebook, case.parameters()), encoding="utf-8")
            (checked,) = check([report])
            sweep.found[case.notebook] += [(case.label, f) for f in checked.findings]
            sweep.by_label[case.label] = checked.findings
            sweep.reports[case.notebook] += 1
            sweep.seconds[case.notebook] += time.perf_counter() - start
            sweep.cpu[case.notebook] += time.process_time() - cpu
    return sweep


# ------------------------------------------------------------------------ the real renders

RENDERS = {
    # notebook: reports of the sweep also rendered for real, by one `sitrep batch` (HTML, PDF)
    "situation_report": [
        "situation_report bundled all default",  # `make report`
        "situation_report bundled Aleppo week",  # a governorate's week: issue 16's 4 pages
        "situation_report UCDP+HNAP+ACLED all year",
    ],
    "casualties": ["casualties UCDP Aleppo week"],  # 27 events with 804 deaths cross it
    "trends": ["trends ACLED Idleb week"],
    "displacement": ["displacement HNAP all years"],
    "territorial_control": ["territorial_control ACLED+OCHA all year"],  # a long annex
}
"""A handful of real renders, for the rules that need pages (nearly blank pages, ranges split
across lines), and to see that the in-process build makes what ``sitrep render`` writes."""

BY_LABEL = {case.label: case for case in CASES}


class Renders:
    """The batches of :data:`RENDERS`, one after the other, in a thread of this process, so
    that they run while the in-process sweep builds its reports (kernels and Chromium are
    processes of their own: the two use two cores)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.done: dict[str, subprocess.CompletedProcess] = {}
        self.seconds = 0.0
        self.failed: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="sweep-renders", daemon=True)
        self.thread.start()

    def batch_file(self, notebook: str) -> Path:
        spec = {
            "notebook": notebook,
            "id": "{governorate}_{start_date}_{end_date}",
            "formats": ["html", "pdf"],
            "runs": [BY_LABEL[label].parameters() for label in RENDERS[notebook]],
        }
        path = self.folder / f"{notebook}.yaml"
        path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        return path

    def _run(self) -> None:
        start = time.perf_counter()
        try:
            for notebook in RENDERS:
                out = self.folder / notebook
                self.done[notebook] = sitrep(
                    "batch", self.batch_file(notebook), "--out", out, "--workers", "1", "--quiet"
                )
        except BaseException as exc:  # told by wait(), in the test that needs the renders
            self.failed = exc
        finally:
            self.seconds = time.perf_counter() - start

    def wait(self, notebook: str) -> dict[str, tuple[Path, Path]]:
        """The (HTML, PDF) of each report of ``notebook`` in RENDERS, by its label, once every
        batch has ended."""
        self.thread.join()
        if self.failed is not None:
            raise self.failed
        done = self.done[notebook]
        assert done.returncode == 0, f"{notebook}: {done.stderr}"
        made = {}
        for label in RENDERS[notebook]:
            given = BY_LABEL[label].parameters()
            stem = f"{given['governorate']}_{given['start_date']}_{given['end_date']}".lower()
            html_path = self.folder / notebook / f"{stem}.html"
            assert html_path.is_file(), f"{label}: no {html_path.name} in {html_path.parent}"
            made[label] = (html_path, html_path.with_suffix(".pdf"))
        return made


# ------------------------------------------------------------------------------- the baseline

KNOWN: dict[str, list[tuple[str, str]]] = {
    # notebook: the findings over the sweep, as (rule, text in the finding's line: rule, section
    # and what). Empty: the check finds nothing over the sweep (issue 16). A finding the check
    # makes on a new report is fixed in the report, not added here.
    "casualties": [],
    "trends": [],
    "displacement": [],
    "territorial_control": [],
    "situation_report": [],
}
KNOWN_PAGES: dict[str, list[tuple[str, str]]] = {
    # notebook: findings only a PDF shows (nearly blank pages, ranges split across lines), in the
    # real renders; the same BASELINE.
    "casualties": [],
    "trends": [],
    "displacement": [],
    "territorial_control": [],
    "situation_report": [],
}


def _line(f: Finding) -> str:
    return f'{f.rule}: section "{f.section}": {f.what}'


@dataclass
class Compared:
    new: dict[tuple[str, str], list[tuple[str, Finding]]]  # by (rule, offending text)
    hits: dict[tuple[str, str], list[tuple[str, Finding]]]  # by KNOWN entry

    @property
    def gone(self) -> list[tuple[str, str]]:
        return [entry for entry, found in self.hits.items() if not found]

    def table(self, notebook: str) -> str:
        """One line per KNOWN entry and new finding: how many reports hold it, an example."""
        rows = [(k, v, "known") for k, v in self.hits.items()]
        rows += [(k, v, "NEW") for k, v in self.new.items()]
        lines = [f"{notebook}: status reports  rule, text / an example"]
        for (rule, text), found, status in rows:
            reports = len({label for label, _ in found})
            lines.append(f"  {status:6} {reports:>7}  ({rule!r}, {text!r}),")
            if found:
                label, example = found[0]
                lines.append(f"{' ' * 18}e.g. {label}: {_line(example)}")
        return "\n".join(lines)


def compare(found: list[tuple[str, Finding]], known: list[tuple[str, str]]) -> Compared:
    """Each finding against the KNOWN entries: an entry covers a finding of its rule whose line
    holds its text."""
    result = Compared(defaultdict(list), {entry: [] for entry in known})
    for label, finding in found:
        line = _line(finding)
        matched = [k for k in known if k[0] == finding.rule and k[1] in line]
        for entry in matched:
            result.hits[entry].append((label, finding))
        if not matched:
            result.new[(finding.rule, finding.needle or finding.what[:60])].append((label, finding))
    return result


# ---------------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Iterator[str]:
    """The session's private cache (tests.conftest), set for this module's fixtures too: they
    are made before any test's own fixtures."""
    folder = str(tmp_path_factory.getbasetemp() / "cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITREP_CACHE_DIR", folder)
        yield folder


@pytest.fixture(scope="module")
def renders(cache, tmp_path_factory) -> Renders:
    return Renders(tmp_path_factory.mktemp("renders"))


@pytest.fixture(scope="module")
def sweep(request, cache, tmp_path_factory) -> Sweep:
    """The in-process sweep; the renders start first when a test of this module needs them."""
    module = request.node.nodeid
    if any(
        item.nodeid.startswith(module) and "renders" in getattr(item, "fixturenames", ())
        for item in request.session.items
    ):
        request.getfixturevalue("renders")
    return run_sweep(CASES, tmp_path_factory.mktemp("sweep"))


@pytest.mark.parametrize("notebook", list(KNOWN))
def test_the_check_finds_only_known_problems_over_the_sweep(sweep, notebook):
    """BASELINE, to become "finds nothing" when issue 16 lands (see KNOWN)."""
    assert sweep.reports[notebook], f"no {notebook} report in the sweep"
    compared = compare(sweep.found[notebook], KNOWN[notebook])
    table = compared.table(notebook)
    print(f"{table}\n{sweep.timing(notebook)}")
    assert not compared.new, f"{notebook}: findings no KNOWN entry covers:\n{table}"
    assert not compared.gone, (
        f"{notebook}: KNOWN entries no longer found (remove them): {compared.gone}\n{table}"
    )


def _said(findings: list[Finding]) -> list[tuple[str, str | None, str]]:
    """Each finding's rule, section and offending text (the words quoted around it may differ
    in a chart: a long source line is wrapped when the figure is drawn)."""
    return sorted((f.rule, f.section, " ".join(f.needle.split())) for f in findings)


@pytest.mark.slow
@pytest.mark.parametrize("notebook", list(RENDERS))
def test_the_check_of_real_renders_finds_only_known_problems(renders, sweep, notebook):
    """The renders' HTML and PDF checked together: every finding is known (KNOWN, or
    KNOWN_PAGES for what only pages show) and has its page; every KNOWN_PAGES entry is found.
    The render's HTML alone holds what the in-process build of the same report held (same
    rules, sections and offending texts)."""
    made = renders.wait(notebook)
    found = []
    for label, (html_path, pdf_path) in made.items():
        (checked,) = check([html_path, pdf_path])
        found += [(f"{label} (rendered)", f) for f in checked.findings]
        unplaced = [f.line() for f in checked.findings if f.page is None]
        assert not unplaced, f"{label}: findings on no page of the PDF: {unplaced}"
        (alone,) = check([html_path])
        rendered, built = _said(alone.findings), _said(sweep.by_label[label])
        assert rendered == built, (
            f"{label}: rendered, not built: {sorted(set(rendered) - set(built))}; built, not "
            f"rendered: {sorted(set(built) - set(rendered))}"
        )
    compared = compare(found, KNOWN[notebook] + KNOWN_PAGES[notebook])
    table = compared.table(notebook)
    print(f"{table}\n{len(made)} renders; the batches took {renders.seconds:.1f} s")
    assert not compared.new, f"{notebook}: findings no KNOWN entry covers:\n{table}"
    gone = [entry for entry in KNOWN_PAGES[notebook] if entry in compared.gone]
    assert not gone, f"{notebook}: KNOWN_PAGES entries no longer found (remove them): {gone}"


if __name__ == "__main__":
    import tempfile

    wanted = sys.argv[1:] or list(KNOWN)
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault("SITREP_CACHE_DIR", str(Path(scratch) / "cache"))
        started = time.perf_counter()
        done = run_sweep([c for c in CASES if c.notebook in wanted], Path(scratch))
        for name in wanted:
            print(compare(done.found[name], KNOWN[name]).table(name))
            print(f"  {done.timing(name)}\n")
        print(f"{time.perf_counter() - started:.1f} s in all")
