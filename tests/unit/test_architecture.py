"""The package's architecture, read from its source with ``ast`` (no module is imported).

Every ``import`` counts, at the top of a module or inside a function: a cycle hidden inside a
function is still a cycle, and still couples the two modules.

Layers: ``data``, ``metrics`` and ``charts`` read, compute and draw, and know nothing of the
report; ``sections`` compose a report's content; ``report`` runs notebooks and exports them,
whatever content they hold.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "analysis"

# (layer, layer it must never import, why)
FORBIDDEN = [
    ("analysis.data", "analysis.sections", "readers know nothing of report content"),
    ("analysis.data", "analysis.report", "readers know nothing of the pipeline"),
    ("analysis.metrics", "analysis.sections", "numbers know nothing of report content"),
    ("analysis.metrics", "analysis.report", "numbers know nothing of the pipeline"),
    ("analysis.charts", "analysis.sections", "charts know nothing of report content"),
    ("analysis.charts", "analysis.report", "charts know nothing of the pipeline"),
    ("analysis.report", "analysis.sections", "the pipeline runs any notebook's content"),
    ("analysis.sections", "analysis.report", "report content does not depend on the pipeline"),
]


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports, anywhere in its source.

    ``from a.b import c`` names the module ``a.b.c`` when there is one, else ``a.b``.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in known else source)
    return {target for target in found if target in known and target != name}


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    found = modules(root)
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def in_layer(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def violations(graph: dict[str, set[str]], layer: str, forbidden: str) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if in_layer(module, layer)
        for target in targets
        if in_layer(target, forbidden)
    )


# ------------------------------------------------------------------------ the checks' checks


def test_the_checks_see_imports_inside_functions_and_relative_imports(tmp_path):
    root = tmp_path / "analysis"
    (root / "report").mkdir(parents=True)
    (root / "sections").mkdir()
    for package in (root, root / "report", root / "sections"):
        (package / "__init__.py").write_text("")
    (root / "report" / "execute.py").write_text("from . import kernels\n")
    (root / "report" / "kernels.py").write_text(
        "def ready():\n    from analysis.report.execute import execute\n"
        "    import analysis.sections.situation\n"
    )
    (root / "sections" / "situation.py").write_text("from ..report import execute\n")
    graph = import_graph(root)
    assert graph["analysis.report.execute"] == {"analysis.report.kernels"}
    assert graph["analysis.report.kernels"] == {
        "analysis.report.execute",
        "analysis.sections.situation",
    }
    assert graph["analysis.sections.situation"] == {"analysis.report.execute"}
    assert cycles(graph) == [
        ["analysis.report.execute", "analysis.report.kernels", "analysis.sections.situation"]
    ]
    assert violations(graph, "analysis.report", "analysis.sections") == [
        "analysis.report.kernels imports analysis.sections.situation"
    ]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


# ------------------------------------------------------------------------ the package itself


@pytest.fixture(scope="module")
def graph():
    found = import_graph()
    assert len(found) > 30 and "analysis.report.runner" in found  # the real package was read
    return found


def test_no_import_cycles(graph):
    found = cycles(graph)
    assert not found, "modules that import each other (move the shared part to one of them): " + (
        "; ".join(" <-> ".join(group) for group in found)
    )


@pytest.mark.parametrize(("layer", "forbidden", "why"), FORBIDDEN)
def test_layers(graph, layer, forbidden, why):
    found = violations(graph, layer, forbidden)
    assert not found, f"{layer} must not import {forbidden} ({why}): " + "; ".join(found)


# ------------------------------------------------------------------ sections, domains, outputs

DOMAIN_MODULES = (
    "analysis.sections.casualties",
    "analysis.sections.displacement",
    "analysis.sections.control",
    "analysis.sections.trends",
    "analysis.sections.health",
    "analysis.sections.situation",
    "analysis.sections.brief",
)
"""The modules and packages that make one report's content."""

CORE = (
    "analysis.sections.section",
    "analysis.sections.blocks",
    "analysis.sections.domain",
    "analysis.outputs",
)
"""What every domain builds on: they know no domain (the registry is filled by the domains)."""


@pytest.mark.parametrize("core", CORE)
def test_the_core_of_sections_knows_no_domain(graph, core):
    found = sorted(
        target
        for target in graph[core]
        if any(in_layer(target, domain) for domain in DOMAIN_MODULES)
    )
    assert not found, f"{core} imports {', '.join(found)}"


def test_the_output_contract_is_a_leaf(graph):
    """Sections write the outputs the pipeline reads; neither imports the other, both read
    ``analysis.outputs``, which imports nothing of the package."""
    assert graph["analysis.outputs"] == set()
    assert "analysis.outputs" in graph["analysis.report.export"]
    assert "analysis.outputs" in graph["analysis.sections.section"]


REPORTS = {"report", "t", "r", "made"}
"""Names the sections give a report object."""


def kind_choices(path: Path) -> list[str]:
    """Where ``path`` chooses code by a report's kind of data outside the registry: comparing
    ``report.kind`` (or ``t.kind``...) with something, or looking code up by ``type(report)``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                if (
                    isinstance(side, ast.Attribute)
                    and side.attr == "kind"
                    and isinstance(side.value, ast.Attribute | ast.Name)
                    and getattr(side.value, "id", getattr(side.value, "attr", "")) in REPORTS
                ):
                    found.append(f"{path.name}:{node.lineno} compares {ast.unparse(side)}")
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") == "type"
            and node.args
            and getattr(node.args[0], "id", "") in REPORTS
        ):
            found.append(f"{path.name}:{node.lineno} looks up {ast.unparse(node)}")
    return found


def test_the_checks_see_a_choice_by_kind(tmp_path):
    made = tmp_path / "m.py"
    made.write_text(
        "def f(report, t):\n"
        "    if report.kind == 'events':\n        return 1\n"
        "    x = BY[type(report)]\n"
        "    return t.kind != NONE or block.kind == 'figure'\n"
    )
    assert [line.split(" ", 1)[1] for line in kind_choices(made)] == [
        "compares report.kind",
        "looks up type(report)",
        "compares t.kind",
    ]


def test_code_is_chosen_by_kind_of_data_only_through_the_registry():
    """One way to choose code by the kind of data a report holds: the domain's registered
    :class:`~analysis.sections.domain.View` (``domain.view(name, report)``)."""
    found = [
        choice
        for path in sorted((PACKAGE / "sections").rglob("*.py"))
        for choice in kind_choices(path)
    ]
    assert not found, "choose by the report's view instead: " + "; ".join(found)


def test_the_edition_is_read_by_every_layer_and_knows_none(graph):
    """Words, numbers and dates are written in the report's edition (``analysis.i18n``) by
    metrics, charts and sections alike: it imports nothing of the package but its errors."""
    assert graph["analysis.i18n"] <= {"analysis.errors"}
    assert "analysis.i18n" in graph["analysis.metrics.results"]
