"""The concept map's build-time layout: each concept right of what it needs first, no two nodes
on one spot, a cycle still laid out, and the layout cached by a hash of the graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dl_glossary.build import concept_map

#: (slug, section, title) and prerequisite edges (before, after) of a small made-up field.
NODES = [["atoms", "core", "Atoms"], ["bonds", "core", "Bonds"], ["cells", "bio", "Cells"],
         ["genes", "bio", "Genes"], ["loose", "bio", "Loose End"], ["tissue", "bio", "Tissue"]]
EDGES = [["atoms", "bonds"], ["bonds", "cells"], ["atoms", "cells"], ["cells", "tissue"],
         ["genes", "tissue"]]


def spec(edges: list[list[str]] = EDGES) -> dict:
    return {"version": concept_map.LAYOUT_VERSION, "nodes": NODES, "edges": edges}


def test_prerequisites_are_left_of_what_needs_them() -> None:
    """Every edge points right, past the label of its start; no two nodes share a place."""
    placed = concept_map.compute_layout(spec())
    pos = placed["positions"]
    assert sorted(pos) == sorted(n[0] for n in NODES)
    titles = {slug: title for slug, _, title in NODES}
    for before, after in EDGES:
        assert pos[before][0] + concept_map.label_width(titles[before]) < pos[after][0]
    assert len({tuple(p) for p in pos.values()}) == len(NODES)
    assert all(0 < x < placed["width"] and 0 < y < placed["height"] for x, y in pos.values())


def test_a_cycle_is_still_laid_out() -> None:
    """A cycle (a checker finding) puts its members in one column instead of failing."""
    pos = concept_map.compute_layout(spec([*EDGES, ["tissue", "atoms"]]))["positions"]
    assert len(pos) == len(NODES)


def test_layout_is_cached_by_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second build of the same graph reads the cache; a changed graph is laid out anew
    and replaces the old entry."""
    first = concept_map.layout(spec(), tmp_path)
    [cached] = (tmp_path / "concept-map").glob("*.json")
    assert json.loads(cached.read_text(encoding="utf-8")) == first

    def no_layout(_: dict) -> dict:
        raise AssertionError("laid out again")

    monkeypatch.setattr(concept_map, "compute_layout", no_layout)
    assert concept_map.layout(spec(), tmp_path) == first
    monkeypatch.undo()
    changed = concept_map.layout(spec(EDGES[:-1]), tmp_path)
    assert changed != first
    [entry] = (tmp_path / "concept-map").glob("*.json")
    assert entry.name != cached.name
