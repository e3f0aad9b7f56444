"""The layers hold: the first-party import graph, read from the source with ``ast`` (nothing is imported).

- no import cycle among first-party modules (the cycle is named);
- ``data_access`` imports neither the dashboard, nor Streamlit, nor the benchmarks: it is the layer
  below them, usable from a CLI or a test without a UI;
- no function-level import of a first-party module in ``data_access/`` or ``dashboard/``: such an
  import is how a cycle hides (it runs after both modules are loaded), and how nobody can tell which
  layer is lower;
- the summaries' storage layer imports no module that computes a figure, and nothing that computes a
  figure imports the refresh job (the batch layer above them).

An edge is drawn to the module an import names: ``from a.b import c`` is an edge to ``a.b.c`` when that
is a module, else to ``a.b``. Imports under ``if TYPE_CHECKING:`` are left out (they never run).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_PARTY_PACKAGES = ("data_access", "dashboard", "sample_data", "benchmarks", "scripts", "app_store")
FIRST_PARTY_MODULES = ("streamlit_app", "serve")
EXCLUDED_DIRS = {"__pycache__", "build"}  # sample_data/build holds the built database, not code
NO_FUNCTION_IMPORTS = ("data_access", "dashboard", "app_store")

DATA_ACCESS_MAY_IMPORT_UI: frozenset[tuple[str, str]] = frozenset(
    {
        # ``settings.database_url`` reads ``.streamlit/secrets.toml`` through Streamlit when it runs
        # under Streamlit; the import is lazy and guarded, so data_access works where Streamlit is absent.
        ("data_access.settings", "streamlit"),
    }
)
"""(module, imported top-level name) pairs exempt from "data_access imports no UI"."""

STORAGE_LAYER = (
    "data_access.summaries",
    "data_access.summaries.store",
    "data_access.summaries.fingerprint",
    "data_access.summaries.lookup",
    "data_access.summaries.read_through",
)
STORAGE_MAY_IMPORT = frozenset(
    {
        *STORAGE_LAYER,
        "data_access.count_keys",
        "data_access.vocabulary",
        "data_access.db",
        "data_access.settings",
        "data_access.models",
        "data_access.expressions",
        "data_access.scope",
    }
)
"""What the storage layer stands on: key names, the engine, the contract's tables, SQL helpers, scopes."""
BATCH_LAYER = "data_access.summaries.refresh"
BATCH_IMPORTERS = ("data_access.summaries.refresh", "data_access.summaries.__main__")


@dataclass(frozen=True)
class Import:
    module: str
    """The importing module."""
    target: str
    """The imported module (first-party: the module named; else the top-level name)."""
    line: int
    function_level: bool


def _module_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    for package in FIRST_PARTY_PACKAGES:
        base = ROOT / package
        if not base.is_dir():
            continue
        for path in base.rglob("*.py"):
            if EXCLUDED_DIRS & set(path.relative_to(ROOT).parts[:-1]):
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = path
    for name in FIRST_PARTY_MODULES:
        if (ROOT / f"{name}.py").is_file():
            files[name] = ROOT / f"{name}.py"
    return files


MODULES = _module_files()
TOP_LEVEL = {name.split(".")[0] for name in MODULES}


def _resolve(name: str) -> str:
    """The first-party module ``name`` names, or its nearest enclosing module that exists."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports_of(module: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def names(node: ast.Import | ast.ImportFrom) -> Iterator[str]:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
            return
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base

    def visit(node: ast.AST, in_function: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                yield from (item for orelse in child.orelse for item in visit(orelse, in_function))
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                for name in names(child):
                    top = name.split(".")[0]
                    target = _resolve(name) if top in TOP_LEVEL else top
                    yield Import(module, target, child.lineno, in_function)
                continue
            nested = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            yield from visit(child, in_function or nested)

    yield from visit(tree, False)


IMPORTS: list[Import] = [item for module, path in sorted(MODULES.items()) for item in _imports_of(module, path)]


def _first_party(item: Import) -> bool:
    return item.target.split(".")[0] in TOP_LEVEL


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    """Every strongly connected component of more than one module (or with a self-edge): a cycle
    through it, and every module it holds (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[str] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    members = sorted(component)
                    cycle = " -> ".join(_cycle_in(members, graph))
                    components.append(f"{cycle}  (all {len(members)} modules of the cycle: {', '.join(members)})")
    return components


def _cycle_in(component: list[str], graph: dict[str, set[str]]) -> list[str]:
    """One concrete cycle through the component's first module (breadth-first, so a shortest one)."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for successor in sorted(graph.get(node, ())):
                if successor == start:
                    return [*paths[node], start]
                if successor in members and successor not in paths:
                    paths[successor] = [*paths[node], successor]
                    following.append(successor)
        frontier = following
    return component


def test_the_modules_are_found() -> None:
    assert "data_access.summaries.store" in MODULES
    assert "dashboard" in TOP_LEVEL
    assert len(IMPORTS) > 100


def test_no_import_cycle_among_first_party_modules() -> None:
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for item in IMPORTS:
        if _first_party(item) and item.target != item.module:
            graph[item.module].add(item.target)
    cycles = _cycles(graph)
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_data_access_imports_no_dashboard_streamlit_or_benchmarks() -> None:
    found = [
        f"{item.module}:{item.line} imports {item.target}"
        for item in IMPORTS
        if item.module.split(".")[0] == "data_access"
        and item.target.split(".")[0] in ("dashboard", "streamlit", "benchmarks")
        and (item.module, item.target.split(".")[0]) not in DATA_ACCESS_MAY_IMPORT_UI
    ]
    assert found == []


def test_no_function_level_first_party_import_in_data_access_or_dashboard() -> None:
    found = [
        f"{item.module}:{item.line} imports {item.target} inside a function"
        for item in IMPORTS
        if item.function_level and _first_party(item) and item.module.split(".")[0] in NO_FUNCTION_IMPORTS
    ]
    assert found == []


def test_the_summaries_storage_layer_imports_no_module_that_computes_a_figure() -> None:
    found = [
        f"{item.module}:{item.line} imports {item.target}"
        for item in IMPORTS
        if item.module in STORAGE_LAYER and _first_party(item) and item.target not in STORAGE_MAY_IMPORT
    ]
    assert found == []


def test_only_the_batch_layer_imports_the_refresh_job() -> None:
    found = [
        f"{item.module}:{item.line} imports {item.target}"
        for item in IMPORTS
        if (item.target == BATCH_LAYER or item.target.startswith(BATCH_LAYER + "."))
        and item.module.split(".")[0] == "data_access"
        and not item.module.startswith(BATCH_IMPORTERS)
    ]
    assert found == []
