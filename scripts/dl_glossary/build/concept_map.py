"""The concept map at /map/: every concept a node linking to its page, laid out at build time
and written into the page as inline SVG.

The layout is layered (each concept to the right of what it needs first): networkx orders the
graph, a few barycentre sweeps keep edges short. It depends only on the graph, so it is cached
under the plugin's cache folder by a hash of the graph and warm builds skip it (and networkx).
docs/assets/javascripts/map.js draws the prerequisite arrows between the placed nodes and adds
zoom, pan, the section filter, neighbour highlighting and the list view (the text alternative).
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path
from typing import Any

from dl_glossary.core.loader import Site
from dl_glossary.core.model import relative_url

#: Bump when the layout code changes, so that cached layouts are not reused.
LAYOUT_VERSION = 1
ROW = 24  # px between two nodes of a column
GAP = 46  # px between a column's longest label and the next column
CHAR = 6.6  # estimated px per character of a 12 px label
LABEL_DX = 9  # px from a node's centre to its label
MARGIN = 12
SWEEPS = 8

Spec = dict[str, Any]


def graph_spec(site: Site) -> Spec:
    """What the layout depends on: the concepts (slug, section, title) and prerequisite edges."""
    order = {section: i for i, section in enumerate(site.sections())}
    terms = sorted(site.terms.values(),
                   key=lambda t: (order.get(t.section, len(order)), t.title.lower(), t.slug))
    edges = sorted({(p, t.slug) for t in terms for p in t.prerequisites
                    if p in site.terms and p != t.slug})
    return {"version": LAYOUT_VERSION, "nodes": [[t.slug, t.section, t.title] for t in terms],
            "edges": [list(e) for e in edges]}


def spec_hash(spec: Spec) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()[:20]


def label_width(title: str) -> float:
    return LABEL_DX + CHAR * len(title)


def compute_layout(spec: Spec) -> dict[str, Any]:
    """Node positions {slug: [x, y]} and the drawing's size: layered, left to right."""
    import networkx as nx  # only when the layout is not cached

    slugs = [node[0] for node in spec["nodes"]]
    rank = {slug: i for i, slug in enumerate(slugs)}  # section, then title
    graph = nx.DiGraph()
    graph.add_nodes_from(slugs)
    graph.add_edges_from(tuple(edge) for edge in spec["edges"])
    dag = nx.condensation(graph)  # a cycle (a checker finding) shares one layer
    members = dag.graph["mapping"]
    order = list(nx.topological_sort(dag))
    layer: dict[int, int] = {}
    for node in order:  # longest path from the foundations
        layer[node] = max((layer[p] + 1 for p in dag.predecessors(node)), default=0)
    for node in reversed(order):  # then as close as possible to what builds on it
        following = [layer[s] for s in dag.successors(node)]
        if following:
            layer[node] = min(following) - 1
    columns: dict[int, list[str]] = {}
    for slug in slugs:
        columns.setdefault(layer[members[slug]], []).append(slug)
    y: dict[str, float] = {}

    def place(column: list[str]) -> None:
        for i, slug in enumerate(column):
            y[slug] = i - (len(column) - 1) / 2

    for column in columns.values():
        place(column)
    keys = sorted(columns)
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        for key in keys if forward else reversed(keys):
            column = columns[key]
            near = graph.predecessors if forward else graph.successors

            def centre(slug: str, near: Any = near) -> tuple[float, int]:
                ys = [y[n] for n in near(slug)]
                return (sum(ys) / len(ys) if ys else y[slug], rank[slug])

            column.sort(key=centre)
            place(column)
    tallest = max(len(c) for c in columns.values())
    titles = {node[0]: node[2] for node in spec["nodes"]}
    x, positions = float(MARGIN + 6), {}
    for key in keys:
        column = columns[key]
        for slug in column:
            positions[slug] = [round(x), round(MARGIN + ROW * (y[slug] + (tallest - 1) / 2) + 8)]
        x += max(label_width(titles[s]) for s in column) + GAP
    return {"positions": positions, "width": round(x - GAP + MARGIN),
            "height": round(ROW * (tallest - 1) + 2 * MARGIN + 16)}


def layout(spec: Spec, cache_dir: Path | None) -> dict[str, Any]:
    """The layout of a graph, from the cache when this graph was laid out before."""
    path = cache_dir / "concept-map" / f"{spec_hash(spec)}.json" if cache_dir else None
    if path is not None and path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass
    result = compute_layout(spec)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob("*.json"):
                old.unlink()
            path.write_text(json.dumps(result, separators=(",", ":")), encoding="utf-8")
        except OSError:
            pass  # a read-only checkout builds without the cache
    return result


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render(site: Site, page_url: str, cache_dir: Path | None, stylesheet: str) -> str:
    """The map's HTML: help, controls (shown by map.js), legend and the SVG.

    Every byte counts (the page stays under 300 KB with the site's shared assets): a node is a
    link around its label, and `data-p` lists the nodes it needs first; map.js draws the dots
    (one path per section, left of each label) and the arrows between them. The links use
    `xlink:href`: Material's instant navigation rewrites every `[href]` of a page it loads by
    assigning `el.href`, which an SVG link does not allow; in single quotes, which the build's
    hover previews leave alone (the map shows names and neighbours itself).
    """
    spec = graph_spec(site)
    placed = layout(spec, cache_dir)
    pos = {slug: tuple(xy) for slug, xy in placed["positions"].items()}
    sections = [s for s in site.sections() if any(t.section == s for t in site.terms.values())]
    titles = site.section_titles()
    colour = {section: i for i, section in enumerate(sections)}
    slugs = [node[0] for node in spec["nodes"]]  # grouped by section: the nodes' DOM order
    index = {slug: i for i, slug in enumerate(slugs)}
    terms = site.terms
    needs: dict[str, list[str]] = {}
    for before, after in spec["edges"]:
        needs.setdefault(after, []).append(before)
    groups = []
    for section in sections:
        members = [s for s in slugs if terms[s].section == section]
        nodes = "".join(
            f"<a xlink:href='{relative_url(terms[s].url, page_url)}'"
            + (f' data-p="{" ".join(str(index[p]) for p in needs[s])}"' if s in needs else "")
            + f'><text x="{pos[s][0] + LABEL_DX}" y="{pos[s][1] + 4}">{_e(terms[s].title)}'
            "</text></a>"
            for s in members)
        groups.append(f'<g class="s{colour[section]}" data-s="{section}">{nodes}</g>')
    width, height = placed["width"], placed["height"]
    svg = (
        f'<svg class="dl-map-svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="group" aria-label="Concept map: {len(slugs)} concepts, '
        'an arrow from each concept to the ones that build on it">'
        f'{"".join(groups)}</svg>'
    )
    legend = "".join(f'<li data-s="{s}"><span class="dl-map-swatch s{colour[s]}"></span>'
                     f"{_e(titles[s])}</li>" for s in sections)
    controls = (
        '<div class="dl-map-bar" hidden>'
        '<button type="button" class="md-button" data-zoom="in" aria-label="Zoom in">+</button>'
        '<button type="button" class="md-button" data-zoom="out" aria-label="Zoom out">−</button>'
        '<button type="button" class="md-button" data-zoom="fit">Fit</button>'
        '<label>Section <select class="dl-map-filter"><option value="">All sections</option>'
        "</select></label>"  # map.js adds one option per legend entry
        '<button type="button" class="md-button dl-map-as-list" aria-pressed="false">'
        "List view</button></div>"
    )
    return (
        f'<div class="dl-map">{stylesheet}'
        '<p class="dl-map-help">Each dot is a concept, coloured by section; an arrow points to '
        "what builds on it. Drag, pinch, scroll or use the keys to move and zoom; hover, focus "
        "or tap a concept to light up its neighbours. The list view gives the same as text.</p>"
        f'{controls}<ul class="dl-map-legend" aria-label="Sections">{legend}</ul>'
        f'<div class="dl-map-view">{svg}</div>'
        '<p class="dl-map-status" role="status" aria-live="polite"></p></div>\n'
    )
