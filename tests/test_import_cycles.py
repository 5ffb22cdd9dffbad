"""No import circles (issue 25): the import graph of pipelines/, app/, bench/ and training/,
function-level imports included, has no cycle. A function-level import that only hid a cycle
would show up here as one."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
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


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges: dict[str, set[str]] = defaultdict(set, {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()})
    assert _cycles(edges) == [["a", "b", "c"]]


def test_no_import_cycles() -> None:
    grimp = pytest.importorskip("grimp", reason="grimp comes with import-linter (the dev extra)")
    sys.path.insert(0, str(ROOT))
    try:
        graph = grimp.build_graph(
            "pipelines", "app", "bench", "training",
            exclude_type_checking_imports=True, cache_dir=None,
        )  # fmt: skip
    finally:
        sys.path.remove(str(ROOT))
    edges: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        edges[module] |= set(graph.find_modules_directly_imported_by(module))
    assert _cycles(edges) == []
