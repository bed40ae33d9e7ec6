"""The shape of the code: arrows point one way, and no module grows too large.

Read from the source with `ast`, without importing anything, so a cycle is
reported by name instead of as an ImportError somewhere in a test run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("catalog", "notes_cms")
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(
    body: list[ast.stmt], *, in_functions: bool
) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements a module runs when it is imported.

    Imports under `if TYPE_CHECKING:` never run; with `in_functions`, those
    inside functions (which run later, when called) are included too.
    """
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if in_functions:
                yield from _imports(node.body, in_functions=True)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _imports(node.orelse, in_functions=in_functions)
        else:
            # Class bodies, if/try/with blocks at module level run on import.
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list) and inner:
                    if isinstance(inner[0], ast.ExceptHandler):
                        for handler in inner:
                            yield from _imports(handler.body, in_functions=in_functions)
                    elif isinstance(inner[0], ast.stmt):
                        yield from _imports(inner, in_functions=in_functions)


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The project's modules an import statement names."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in MODULES:
                yield alias.name
        return
    if node.level:
        base = module.split(".")
        if not MODULES[module].name == "__init__.py":
            base.pop()
        base = base[: len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    for alias in node.names:
        # `from catalog.services import workflow` names the submodule.
        submodule = f"{source}.{alias.name}"
        if submodule in MODULES:
            yield submodule
        elif source in MODULES:
            yield source


def import_graph(*, in_functions: bool = False) -> dict[str, set[str]]:
    """Each module of catalog/ and notes_cms/ → the project modules it imports.

    By default only the imports that run when the module is imported: those
    inside functions run when called, once every module is loaded, and those
    under TYPE_CHECKING never run, so neither can make an import cycle.
    Importing `catalog.services.workflow` also runs `catalog/services/__init__`,
    but an edge is drawn only to the module named: the package's re-exports
    import its submodules, which import each other by their full names.
    """
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[module] = {
            target
            for node in _imports(tree.body, in_functions=in_functions)
            for target in _targets(module, node)
            if target != module
        }
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle, as a path from a module back to itself, per tangle (SCC)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    tangles: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            tangle = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                tangle.add(member)
                if member == node:
                    break
            if len(tangle) > 1:
                tangles.append(tangle)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, tangle) for tangle in tangles]


def _cycle_in(graph: dict[str, set[str]], tangle: set[str]) -> list[str]:
    """A shortest path from the tangle's first module back to itself."""
    start = min(tangle)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & tangle):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(f"no cycle through {start}")  # a tangle always has one


def test_the_graph_sees_the_imports_it_should():
    graph = import_graph()
    assert "catalog.services.public" in graph["catalog.services"]
    assert "catalog.models" in graph["catalog.services.notes"]
    # Under TYPE_CHECKING only:
    assert "catalog.importers.listing" not in graph["catalog.services.imports"]
    # Inside CatalogConfig.ready() only:
    assert "notes_cms.logs" not in graph["catalog.apps"]
    assert "notes_cms.logs" in import_graph(in_functions=True)["catalog.apps"]


def test_find_cycles_names_the_modules_of_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_modules():
    cycles = find_cycles(import_graph())
    assert not cycles, "Import cycles:\n" + "\n".join(
        " → ".join(cycle) for cycle in cycles
    )


def _within(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(f"{p}.") for p in prefixes)


VIEWS = ("catalog.views", "catalog.preview")
ADMIN = ("catalog.admin",)

# (who, what it must not import, why). Imports inside functions count here:
# a deferred import is still a dependency, only a later one.
LAYERS = [
    (
        ("catalog.importers", "catalog.markup"),
        ("catalog.services", *VIEWS, *ADMIN),
        "parsers depend on no service, view or admin",
    ),
    (
        ("catalog.services",),
        (*VIEWS, *ADMIN, "catalog.management"),
        "services are called by views, the admin and commands, not the reverse",
    ),
    (
        ("catalog.selectors",),
        ("catalog.services", *VIEWS, *ADMIN, "catalog.management"),
        "reads depend on models, not on writes or pages",
    ),
    (
        ("catalog.notedata",),
        ("catalog",),
        "what a note holds is defined before anything that uses it",
    ),
]


@pytest.mark.parametrize(
    ("who", "forbidden", "why"), LAYERS, ids=[why for *_, why in LAYERS]
)
def test_layers_import_only_downwards(who, forbidden, why):
    graph = import_graph(in_functions=True)
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if _within(module, *who)
        for target in targets
        if _within(target, *forbidden)
    )
    assert not wrong, f"{why}:\n" + "\n".join(wrong)


def _sources() -> Iterator[Path]:
    for folder in (*PACKAGES, "tests", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def test_no_module_over_500_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _sources()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"Modules over {MAX_LINES} lines (split them): {long}"
