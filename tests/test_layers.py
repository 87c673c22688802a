"""The package's layers import downward only, with no cycles, and nothing edits sys.path.

core <- check <- build, and core <- postprocess <- build: an AST walk over every module of
`dl_glossary` (imports inside functions included) checks each import against that order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "dl_glossary"
#: Which layers each layer may import (its own included).
ALLOWED = {
    "core": {"core"},
    "check": {"core", "check"},
    "postprocess": {"core", "postprocess"},
    "build": {"core", "check", "postprocess", "build"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of dl_glossary code in a file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                raise AssertionError(f"{path}:{node.lineno}: relative import")
            names = [f"{node.module}.{a.name}" for a in node.names]
            found.extend((node.lineno, n) for n in [node.module, *names])
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names)
    return [(line, name) for line, name in found if name.split(".")[0].startswith("dl_glossary")]


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "dl_glossary" else None


def violations(modules: dict[str, Path], root: Path = ROOT) -> list[str]:
    """Every import that goes up a layer or leaves the shipped package."""
    found = []
    for name, path in modules.items():
        own = layer(name)
        for line, target in imports_of(path):
            where = f"{path.relative_to(root).as_posix()}:{line}"
            if target.startswith("dl_glossary_dev"):
                found.append(f"{where}: the shipped package imports dev tool {target}")
            elif own in ALLOWED and layer(target) not in ALLOWED[own] and layer(target):
                found.append(f"{where}: {own} may not import {target}")
    return found


def cycles(modules: dict[str, Path]) -> list[list[str]]:
    """Import cycles between modules (module-level and function-level imports alike)."""
    graph = {name: sorted({t for _, t in imports_of(path) if t in modules and t != name})
             for name, path in modules.items()}
    found, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for nxt in graph[node]:
            if state.get(nxt) == "open":
                found.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = "done"

    for name in graph:
        if name not in state:
            visit(name, [name])
    return found


def test_layers_import_downward_only() -> None:
    assert violations(MODULES) == []


def test_no_import_cycles() -> None:
    assert cycles(MODULES) == []


def test_rules_see_only_the_context() -> None:
    """A rule receives a CheckContext, never the checker's internals."""
    rules = {n: p for n, p in MODULES.items() if n.startswith("dl_glossary.check.rules.")}
    bad = [f"{n}: {t}" for n, p in rules.items() for _, t in imports_of(p)
           if t.startswith("dl_glossary.check.checker")]
    assert rules and bad == []


@pytest.mark.parametrize("source, expected", [
    ("from dl_glossary.build import plugin\n",
     ["x.py:1: core may not import dl_glossary.build",
      "x.py:1: core may not import dl_glossary.build.plugin"]),
    ("import dl_glossary_dev.crawl\n",
     ["x.py:1: the shipped package imports dev tool dl_glossary_dev.crawl"]),
])
def test_the_layer_check_catches_an_upward_import(tmp_path: Path, source: str,
                                                  expected: list[str]) -> None:
    """The check itself can fail: a core module importing build, or the package a dev tool."""
    path = tmp_path / "x.py"
    path.write_text(source, encoding="utf-8")
    assert violations({"dl_glossary.core.x": path}, tmp_path) == expected


def test_the_cycle_check_catches_a_cycle(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("from dl_glossary.core import b\n", encoding="utf-8")
    b.write_text("def f():\n    from dl_glossary.core import a\n", encoding="utf-8")
    found = cycles({"dl_glossary.core.a": a, "dl_glossary.core.b": b})
    assert found == [["dl_glossary.core.a", "dl_glossary.core.b", "dl_glossary.core.a"]]


def test_nothing_edits_sys_path() -> None:
    offenders = [p.relative_to(ROOT).as_posix()
                 for folder in ("scripts", "tests", "overrides")
                 for p in sorted((ROOT / folder).rglob("*.py"))
                 if "sys.path" in p.read_text(encoding="utf-8") and p.name != "test_layers.py"]
    assert offenders == []
