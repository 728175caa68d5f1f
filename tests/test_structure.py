"""The shape of the code: no import cycle, no module reaching into another's private names,
the error tree in a module that imports nothing of riskkit.

These read the source with `ast` (nothing is imported), so they are quick and name the file
and line that break a rule.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import riskkit

PACKAGE = Path(riskkit.__file__).parent
SRC = PACKAGE.parent


def _modules() -> dict[str, Path]:
    """Every module of riskkit by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _top_level_imports(path: Path) -> list[tuple[int, str]]:
    """The riskkit modules a module imports when it is imported itself: the imports at its
    top level (``if TYPE_CHECKING:`` blocks and imports inside functions left out), each with
    its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import):
                found.extend((node.lineno, a.name) for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((node.lineno, node.module))
                # `from riskkit import report` imports the module riskkit.report
                found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names
                             if f"{node.module}.{a.name}" in MODULES)
            elif isinstance(node, ast.If) and not _is_type_checking(node):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(tree.body)
    return [(line, name) for line, name in found if name in MODULES and name != "riskkit"]


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        edges = {target for _, target in _top_level_imports(path)}
        # Importing a submodule imports its parent packages first.
        for target in list(edges):
            parts = target.split(".")
            edges.update(".".join(parts[:i]) for i in range(2, len(parts)))
        edges.discard(name)
        graph[name] = {e for e in edges if not name.startswith(e + ".")}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle():
    assert _cycle(_graph()) is None


def test_errors_imports_nothing_of_riskkit_when_imported():
    """The error tree is the leaf every module may import (the cycle errors <-> i18n was
    worked around with a module __getattr__ before)."""
    assert _top_level_imports(MODULES["riskkit.errors"]) == []
    code = ("import sys, riskkit.errors; "
            "print(sorted(m for m in sys.modules if m.startswith('riskkit.')))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    assert out.strip() == "['riskkit.errors']"


def _private_imports() -> list[str]:
    """``from riskkit.x import _name`` or ``x._name`` for a riskkit module x, outside x."""
    found = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}  # local name -> riskkit module
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for a in node.names:
                    target = f"{node.module}.{a.name}"
                    if target in MODULES:
                        aliases[a.asname or a.name] = target
                    elif (node.module in MODULES and a.name.startswith("_")
                          and not a.name.startswith("__") and node.module != name):
                        found.append(f"{path.relative_to(SRC)}:{node.lineno}: "
                                     f"from {node.module} import {a.name}")
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name in MODULES and a.asname:
                        aliases[a.asname] = a.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_")
                    and not node.attr.startswith("__") and aliases[node.value.id] != name):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}: "
                             f"{aliases[node.value.id]}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    """A name with a leading underscore is free to change with its module; a module that
    needs it from outside asks for a public function instead."""
    assert _private_imports() == []
