"""Imports point one way: the layers of ARCHITECTURE.md, read from its table, hold.

Every module of ``graph`` belongs to exactly one layer of the table; an import (at
module level or deferred inside a function; not one under ``TYPE_CHECKING``) may
reach its own layer or a lower-numbered one only; and no two modules import each
other, directly or round a longer cycle.
"""

from __future__ import annotations

import ast
import fnmatch
import functools
import re
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "graph"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _layers() -> list[tuple[int, list[str]]]:
    """The table of ARCHITECTURE.md: (layer number, module patterns) per row."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        match = re.match(r"\|\s*(\d+) [^|]*\|([^|]*)\|", line)
        if match:
            rows.append((int(match[1]), re.findall(r"`([^`]+)`", match[2])))
    return rows


LAYERS = _layers()


def layer_of(module: str) -> int | None:
    """The layer whose patterns name ``module`` (``graph.export.*`` names the package too)."""
    hits = {
        number
        for number, patterns in LAYERS
        for pattern in patterns
        if module == pattern
        or fnmatch.fnmatchcase(module, pattern)
        or (pattern.endswith(".*") and module == pattern[:-2])
    }
    assert len(hits) <= 1, f"{module} is in layers {sorted(hits)}"
    return hits.pop() if hits else None


def _annotation_only(tree: ast.Module) -> set[int]:
    """Ids of the nodes under ``if TYPE_CHECKING:`` blocks."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside |= {id(n) for n in ast.walk(node)}
    return inside


def imports_of(path: Path) -> set[str]:
    """The ``graph`` modules that ``path`` imports, at module level or deferred."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _annotation_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {m for m in found if m in MODULES}


@functools.cache
def import_graph() -> dict[str, set[str]]:
    """Each module's imports of ``graph`` modules (read when a test needs them, not when
    the tests are collected: parsing every module takes about a second)."""
    return {name: imports_of(path) for name, path in MODULES.items()}


def test_the_table_is_read() -> None:
    assert [n for n, _ in LAYERS] == list(range(7))
    assert layer_of("graph.vocab") == 0
    assert layer_of("graph.metrics.binding") == 4
    assert layer_of("graph.export") == 5
    assert layer_of("graph") == 6


def test_every_module_has_a_layer() -> None:
    missing = sorted(m for m in MODULES if layer_of(m) is None)
    assert not missing, f"add these to the table of ARCHITECTURE.md: {missing}"


def test_the_table_names_no_module_that_is_gone() -> None:
    for _number, patterns in LAYERS:
        for pattern in patterns:
            base = pattern[:-2] if pattern.endswith(".*") else pattern
            assert base in MODULES, f"ARCHITECTURE.md names {pattern}, which does not exist"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    own = layer_of(module)
    assert own is not None
    upward = {
        target: layer_of(target)
        for target in import_graph()[module]
        if target != module and (layer_of(target) or 0) > own
    }
    assert not upward, f"{module} (layer {own}) imports from higher layers: {upward}"


def test_no_import_cycle() -> None:
    edges = [(a, b) for a, targets in import_graph().items() for b in targets if a != b]
    cycles = list(nx.simple_cycles(nx.DiGraph(edges)))
    assert not cycles, f"import cycles: {cycles}"


def test_the_checker_sees_a_deferred_import_up_the_layers(tmp_path: Path) -> None:
    """A function-level import from a higher layer is found; an annotation-only one is not."""
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from graph.cli import app\n"
        "def f():\n"
        "    from graph.export import VIEWS\n"
        "    return VIEWS\n",
        encoding="utf-8",
    )
    assert imports_of(source) == {"graph.export"}
