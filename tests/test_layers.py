"""Layers point one way: no import cycle among the package's modules, counting every
import statement wherever it stands (inside functions and ``TYPE_CHECKING`` blocks too).

An import inside a function still ties two modules together; it only delays the cost.
A cycle means a layer is missing, so the test names the modules in each cycle and the
imports that close it.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "suchenggraph"


def _modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` file under ``root`` (a package)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _known(name: str, modules) -> str | None:
    """The longest prefix of ``name`` that is one of ``modules``."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """module -> the package's modules it imports. An import of a module's own parent
    packages is left out: Python runs a package's ``__init__`` before any of its modules
    whichever way they point, so it is not a dependency of one on the other."""
    modules = _modules(root)
    graph = {}
    for name, path in modules.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(_known(alias.name, modules) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:  # `from . import x` imports the module x
                    targets.add(_known(f"{module}.{alias.name}", modules))
        ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        graph[name] = {t for t in targets if t and t != name and t not in ancestors}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm,
    iterative), each sorted, sorted by their first module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
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
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def _describe(component: list[str], graph) -> str:
    inside = set(component)
    return "\n".join(f"  {m} -> {', '.join(sorted(graph[m] & inside))}" for m in component)


@functools.cache
def _package_graph() -> dict[str, set[str]]:
    return import_graph()


def test_no_import_cycle_among_the_package_modules():
    graph = _package_graph()
    assert "suchenggraph.cli" in graph and "suchenggraph.engines.interface" in graph["suchenggraph.queries"]
    found = cycles(graph)
    assert not found, "import cycles (a layer is missing):\n" + "\n\n".join(
        _describe(c, graph) for c in found)


#: The engine layer (:mod:`suchenggraph.engines`), from the interface up: each module
#: imports only modules before it in this list (and helpers outside the layer); the
#: factory knows every engine, the named queries sit above and no engine imports them.
ENGINES = "suchenggraph.engines"
LAYER = [f"{ENGINES}.{name}" for name in ("interface", "oxigraph", "rdflibgraph", "bulk",
                                          "plans", "dataset", "persist", "endpoint",
                                          "factory")] + ["suchenggraph.queries",
                                                         "suchenggraph.answers",
                                                         "suchenggraph.crossplan"]
#: What speaks to a person or answers a question: never below an engine.
ABOVE = ("suchenggraph.cli", "suchenggraph.queries", "suchenggraph.answers",
         "suchenggraph.crossplan",
         "suchenggraph.analyses", "suchenggraph.viz", "suchenggraph.magic",
         "suchenggraph.server", "suchenggraph.report")


def _reach(graph, start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others."""
    seen, todo = set(), [start]
    while todo:
        for target in graph[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return seen


def test_every_engine_module_is_in_the_layer_list():
    assert {m for m in _package_graph() if m.startswith(ENGINES + ".")} == {
        m for m in LAYER if m.startswith(ENGINES + ".")}


def test_the_engine_interface_imports_nothing_of_the_package_but_its_errors():
    """The interface's one import of the package is the exception hierarchy (its
    ``QueryError``), a leaf that imports nothing: nothing else is reached from it."""
    graph = _package_graph()
    assert graph[f"{ENGINES}.interface"] == {"suchenggraph.errors"}
    assert _reach(graph, f"{ENGINES}.interface") == {"suchenggraph.errors"}


@pytest.mark.parametrize("position", range(len(LAYER)))
def test_the_engine_layer_points_one_way(position):
    graph = _package_graph()
    above = set(LAYER[position + 1:])
    assert not graph[LAYER[position]] & above, f"{LAYER[position]} imports a module above it"


@pytest.mark.parametrize("module", [m for m in LAYER if m.startswith(ENGINES + ".")])
def test_an_engine_imports_only_the_layer_below_and_helpers_that_know_no_engine(module):
    """An engine module imports engine modules below it, and helpers from outside the
    layer that reach no engine module and nothing above the engines (no CLI, named
    queries, analyses, graph page, ...)."""
    graph = _package_graph()
    below = set(LAYER[:LAYER.index(module)])
    for target in sorted(graph[module]):
        if target.startswith(ENGINES + "."):
            assert target in below, f"{module} imports {target}, not below it"
        else:
            reached = _reach(graph, target) | {target}
            engines = sorted(m for m in reached if m.startswith(ENGINES + "."))
            assert not engines, f"{module} imports {target}, which reaches {engines}"
    upward = sorted(m for m in _reach(graph, module) if m.startswith(ABOVE))
    assert not upward, f"{module} reaches {upward}, above the engines"


def test_the_engines_package_itself_imports_nothing():
    """Reaching one engine costs only that one (the command line's fast path)."""
    assert _package_graph()[ENGINES] == set()


@pytest.mark.parametrize(("graph", "expected"), [
    ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"e"}, "e": {"d"}}, [["a", "b", "c"], ["d", "e"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, []),
])
def test_cycles_finds_each_knot(graph, expected):
    assert cycles(graph) == expected


def test_imports_inside_functions_and_relative_imports_count(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("from . import a\n")
    (package / "a.py").write_text("def f():\n    from .sub import b\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "b.py").write_text("import pkg.sub\nfrom .. import a\nfrom ..a import f\n")
    graph = import_graph(package)
    assert graph == {"pkg": {"pkg.a"}, "pkg.a": {"pkg.sub.b"}, "pkg.sub": set(),
                     "pkg.sub.b": {"pkg.a"}}
    assert cycles(graph) == [["pkg.a", "pkg.sub.b"]]


# The command modules share cli_query's helpers, and the named queries ask readonly which
# texts ship: private names that stand for one module's insides shared on purpose.
SHARED_PRIVATE = {("cli_graph", "cli_progress", "_read_inputs"), ("queries", "readonly", "_SHIPPED")}
SHARED_PRIVATE |= {(m, "cli_query", n) for m in ("cli_lists", "cli_owner", "cli_progress",
                                                 "cli_scale", "cli_sparql")
                   for n in ("_ask", "_engine", "_localise", "_note", "_org_rows", "_place",
                             "_Scope", "_wrap")}


def test_no_module_imports_another_modules_private_names():
    """A name one module imports from another is part of that module's interface: it goes
    without the leading underscore (and into ``__all__``). The engine modules took
    ``_query_error``, the progress stages ``_select`` and ``_and``, across the line."""
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level and node.module:
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.add((path.stem, node.module.rpartition(".")[2], alias.name))
    assert found - SHARED_PRIVATE == set()
