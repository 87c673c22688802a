"""GL043-GL045: troubleshooting rows are well formed, in a known group, and `see` names concepts."""

from __future__ import annotations

from dl_glossary.check.context import CheckContext, FrontMatterLines
from dl_glossary.core.practice import GROUPS, ROW_FIELDS

_GROUP_NAMES = ", ".join(GROUPS)


def _find(lines: FrontMatterLines, start: int, end: int, text: str) -> tuple[int, int]:
    """Line and column of `text` between two lines of the front matter (start if absent)."""
    for number in range(start, min(end, len(lines.lines)) + 1):
        col = lines.lines[number - 1].find(text)
        if col >= 0:
            return number, col + 1
    return start, 1


def check(ctx: CheckContext) -> None:
    for term in sorted(ctx.site.terms.values(), key=lambda t: t.src):
        page = ctx.site.pages[term.src]
        if "troubleshooting" not in page.meta:
            continue
        lines = ctx.front_matter(page)
        value = page.meta["troubleshooting"]
        key_line, key_col = lines.key("troubleshooting")
        if not isinstance(value, list) or not value:
            ctx.add(term.src, key_line, key_col, "GL043",
                    "`troubleshooting` is not a list of rows (symptom, cause, fix, group)")
            continue
        places = lines.items("troubleshooting")
        for number, row in enumerate(value, start=1):
            line, col = places[number - 1] if number <= len(places) else (key_line, key_col)
            end = places[number][0] - 1 if number < len(places) else len(lines.lines)
            if not isinstance(row, dict):
                ctx.add(term.src, line, col, "GL043", f"troubleshooting row {number} is not a "
                        "mapping with `symptom`, `cause`, `fix` and `group`")
                continue
            missing = [f for f in ROW_FIELDS
                       if not isinstance(row.get(f), str) or not row[f].strip()]
            if missing:
                names = ", ".join(f"`{f}`" for f in missing)
                ctx.add(term.src, line, col, "GL043",
                        f"troubleshooting row {number} has no {names} (non-empty text)")
            group = row.get("group")
            if isinstance(group, str) and group.strip() and group not in GROUPS:
                ctx.add(term.src, *_find(lines, line, end, f"group: {group}"), "GL044",
                        f"troubleshooting group {group!r} is not one of {_GROUP_NAMES}")
            see = row.get("see", [])
            see = [see] if isinstance(see, str) else see
            if not isinstance(see, list) or not all(isinstance(s, str) for s in see):
                ctx.add(term.src, *_find(lines, line, end, "see:"), "GL043",
                        f"troubleshooting row {number}: `see` is not a list of concept slugs")
                continue
            for slug in see:
                if slug not in ctx.site.terms:
                    see_line, _ = _find(lines, line, end, "see:")
                    ctx.add(term.src, *_find(lines, see_line, end, slug), "GL045",
                            f"troubleshooting `see` entry {slug!r} names no concept")
