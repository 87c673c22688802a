"""GL009-GL011: a concept page has front matter with a title and a one-sentence summary."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from dl_glossary.check.context import CheckContext

MAX_SUMMARY = 200
_SENTENCE_BREAK = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def check(ctx: CheckContext) -> None:
    sections = set(ctx.site.sections())
    for page in ctx.readable_pages():
        parts = PurePosixPath(page.src).parts
        if len(parts) != 2 or parts[0] not in sections or parts[1] == "index.md":
            continue
        lines = ctx.front_matter(page)
        if not page.has_front_matter:
            ctx.add(page.src, 1, 1, "GL009", "concept page has no front matter")
            continue
        for key in ("title", "summary"):
            value = page.meta.get(key)
            if not isinstance(value, str) or not value.strip():
                line, col = lines.key(key) if key in page.meta else (1, 1)
                ctx.add(page.src, line, col, "GL009", f"front matter has no `{key}`")
        summary = page.meta.get("summary")
        if isinstance(summary, str) and summary.strip():
            text = " ".join(summary.split())
            line, col = lines.key("summary")
            if len(text) > MAX_SUMMARY:
                ctx.add(page.src, line, col, "GL010",
                        f"summary is {len(text)} characters (at most {MAX_SUMMARY})")
            sentences = len(_SENTENCE_BREAK.split(text))
            if sentences > 1:
                ctx.add(page.src, line, col, "GL011",
                        f"summary has {sentences} sentences (exactly one expected)")
