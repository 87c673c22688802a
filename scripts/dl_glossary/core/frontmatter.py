"""Split YAML front matter from Markdown and parse it with exact error positions."""

from __future__ import annotations

import re
from typing import Any

import yaml

from dl_glossary.core.model import Finding

try:  # the C loader is much faster; fall back to pure Python where it is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_OPEN = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def split(text: str) -> tuple[str | None, int, int]:
    """Return (yaml_text, body_start, yaml_first_line) or (None, 0, 0) without front matter."""
    opening = _OPEN.match(text)
    if not opening:
        return None, 0, 0
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        return None, 0, 0
    body_start = closing.end()
    if text.startswith("\n", body_start):
        body_start += 1
    elif text.startswith("\r\n", body_start):
        body_start += 2
    return text[opening.end() : closing.start()], body_start, 2


def parse(path: str, text: str) -> tuple[dict[str, Any], int, Finding | None, bool]:
    """Parse front matter: (meta, body_start, error, has_front_matter)."""
    raw, body_start, first_line = split(text)
    if raw is None:
        return {}, 0, None, False
    try:
        data = yaml.load(raw, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        col = (mark.column + 1) if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, body_start, Finding(path, line, col, "GL008", f"front matter: {problem}"), True
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, body_start, Finding(path, 1, 1, "GL009", "front matter is not a mapping"), True
    return data, body_start, None, True


Position = tuple[int, int]


def positions(text: str) -> dict[tuple[str | int, ...], Position]:
    """(line, column) of every value in a page's front matter, keyed by its path of keys and
    list indexes, e.g. ("steps", 2, "concept"); a list or mapping under a key is placed at its
    key. Empty when there is no readable front matter."""
    raw, _, first_line = split(text)
    if raw is None:
        return {}
    try:
        root = yaml.compose(raw, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    found: dict[tuple[str | int, ...], Position] = {}
    stack: list[tuple[tuple[str | int, ...], yaml.Node]] = [((), root)] if root else []
    while stack:
        path, node = stack.pop()
        if path:  # the front matter as a whole is placed at its first line, by the caller
            found.setdefault(path, (first_line + node.start_mark.line,
                                    node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(((*path, str(key.value)), value))
                if not isinstance(value, yaml.ScalarNode):
                    found[(*path, str(key.value))] = (first_line + key.start_mark.line,
                                                      key.start_mark.column + 1)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(((*path, i), item) for i, item in enumerate(node.value))
    return found
