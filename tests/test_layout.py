"""The house plan, checked: imports form no cycle, and the floors only lean on lower ones.

Every import counts, wherever it stands (a function-level import is still an import), so
an import moved into a function can't hide a cycle. Read with the standard library's
`ast`: nothing is imported to check it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "intranet"
DOMAINS = {
    "accounts",
    "posting",
    "notifying",
    "mailin",
    "search",
    "clients",
    "recruiting",
    "analytics",
}
# What may stand beneath the domains: none of these imports a domain.
FOUNDATIONS = {"platform", "models", "text", "config", "extensions", "errors", "links"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The intranet modules an import statement loads (a name from a package is the
    package's own module unless it is a submodule)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in MODULES]
    if node.level:
        is_package = MODULES[module].name == "__init__.py"
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    found = []
    for alias in node.names:
        full = f"{target}.{alias.name}"
        found.append(full if full in MODULES else target)
    return [t for t in found if t in MODULES]


def _graph() -> dict[str, set[str]]:
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        targets = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                targets.update(_imported(module, node))
        graph[module] = targets - {module}
    return graph


GRAPH = _graph()


def _floor(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
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
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_checker_finds_a_cycle_and_reads_relative_imports():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    assert "intranet.platform.database" in GRAPH["intranet.platform.queue"]
    assert "intranet.posting.visibility" in GRAPH["intranet.search.searching"]


def test_no_module_imports_form_a_cycle():
    assert _cycles(GRAPH) == []


@pytest.mark.parametrize("floor", sorted(FOUNDATIONS))
def test_foundations_import_no_domain_nor_what_stands_on_them(floor):
    above = DOMAINS | {"web", "api", "cli", "demo", "tasks", "background", "app", "i18n"}
    wrong = sorted(
        f"{module} → {target}"
        for module, targets in GRAPH.items()
        if _floor(module) == floor
        for target in targets
        if _floor(target) in above
    )
    assert wrong == []


def test_the_api_never_imports_the_web_pages():
    wrong = [
        (m, t) for m, ts in GRAPH.items() if _floor(m) == "api" for t in ts if _floor(t) == "web"
    ]
    assert wrong == []


def test_only_the_background_start_up_imports_the_task_table():
    importers = sorted(m for m, ts in GRAPH.items() if "intranet.tasks" in ts)
    assert importers == ["intranet.background"]


def test_domains_never_import_the_pages_the_api_or_the_commands():
    wrong = sorted(
        f"{m} → {t}"
        for m, ts in GRAPH.items()
        if _floor(m) in DOMAINS
        for t in ts
        if _floor(t) in {"web", "api", "cli", "demo", "app", "background", "tasks"}
    )
    assert wrong == []


def test_kring_modules_are_imported_at_the_top_of_a_module():
    """Imports inside functions are for optional libraries (with a comment saying so); the
    one exception is the package itself, kept light for the Markdown worker processes."""
    inside = []
    for module, path in MODULES.items():
        for function in ast.walk(ast.parse(path.read_text())):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        inside += [(module, t) for t in _imported(module, node)]
    assert inside == [("intranet", "intranet.app")]
