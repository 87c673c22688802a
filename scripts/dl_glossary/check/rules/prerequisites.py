"""GL031-GL035: every concept page names its prerequisites; each is another existing concept,
linked from the page, and no chain of prerequisites comes back to where it started."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from dl_glossary.check.context import CheckContext
from dl_glossary.core.frontmatter import positions

KEY = "prerequisites"


def check(ctx: CheckContext) -> None:
    site = ctx.site
    graph: dict[str, list[str]] = {}
    for term in sorted(site.terms.values(), key=lambda t: t.src):
        page = site.pages[term.src]
        value = page.meta.get(KEY)
        where = _Positions(page.text)
        if KEY not in page.meta:
            ctx.add(term.src, 1, 1, "GL035", f"concept page has no `{KEY}` (a list of concept "
                    "slugs to read first; [] only for a foundation)")
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            line, col = ctx.front_matter(page).key(KEY)
            ctx.add(term.src, line, col, "GL035", f"`{KEY}` is not a list of concept slugs")
            continue
        linked = ctx.first_links.get(page.src, {})
        graph[term.slug] = []
        for i, slug in enumerate(term.prerequisites):
            line, col = where.of(KEY, i)
            if slug == term.slug:
                ctx.add(term.src, line, col, "GL032", f"the page lists itself ({slug!r}) as a "
                        "prerequisite")
            elif slug not in site.terms:
                ctx.add(term.src, line, col, "GL031", f"prerequisite {slug!r} names no concept")
            else:
                graph[term.slug].append(slug)
                if slug not in linked:
                    ctx.add(term.src, line, col, "GL034",
                            f"prerequisite {slug!r} is not linked from the page's text or "
                            f"Related list (link to {site.terms[slug].src})")
    for cycle in cycles(graph):
        term = site.terms[cycle[0]]
        line, col = _Positions(site.pages[term.src].text).of(
            KEY, term.prerequisites.index(cycle[1]))
        ctx.add(term.src, line, col, "GL033",
                "prerequisites form a cycle: " + " -> ".join(cycle))


class _Positions:
    """Where the values of one page's front matter are, read only when a finding needs it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[tuple[str | int, ...], tuple[int, int]] | None = None

    def of(self, *key: str | int) -> tuple[int, int]:
        if self.found is None:
            self.found = positions(self.text)
        return self.found.get(key, (1, 1))


def components(graph: Mapping[str, list[str]]) -> list[list[str]]:
    """Strongly connected components (Kosaraju, iterative), each sorted, in sorted order."""
    order: list[str] = []
    seen: set[str] = set()
    for start in sorted(graph):
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, iter(graph.get(start, ())))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                order.append(node)
                stack.pop()
            elif child not in seen:
                seen.add(child)
                stack.append((child, iter(graph.get(child, ()))))
    reverse: dict[str, list[str]] = {}
    for node, children in graph.items():
        for child in children:
            reverse.setdefault(child, []).append(node)
    assigned: set[str] = set()
    found: list[list[str]] = []
    for start in reversed(order):
        if start in assigned:
            continue
        assigned.add(start)
        group, todo = [], [start]
        while todo:
            node = todo.pop()
            group.append(node)
            for parent in reverse.get(node, ()):
                if parent not in assigned:
                    assigned.add(parent)
                    todo.append(parent)
        found.append(sorted(group))
    return sorted(found)


def cycles(graph: Mapping[str, list[str]]) -> list[list[str]]:
    """One shortest cycle through the first slug of each group of mutually dependent concepts,
    as a closed walk: ["a", "b", "a"]."""
    found = []
    for group in components(graph):
        if len(group) < 2:
            continue
        members, start = set(group), group[0]
        previous: dict[str, str] = {}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for child in graph.get(node, ()):
                if child == start:
                    walk = [node]
                    while walk[-1] != start:
                        walk.append(previous[walk[-1]])
                    found.append([*reversed(walk), start])
                    queue.clear()
                    break
                if child in members and child not in previous:
                    previous[child] = node
                    queue.append(child)
    return found
