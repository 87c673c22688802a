"""GL001: the first mention of a term on a page links to that term's page (and --fix links it)."""

from __future__ import annotations

from dl_glossary.check.context import CheckContext
from dl_glossary.core.loader import GLOSSARY_PAGE
from dl_glossary.core.model import Fix


def check(ctx: CheckContext) -> None:
    for page in ctx.readable_pages():
        if page.src == GLOSSARY_PAGE or page.meta.get("link_mentions") is False:
            continue
        own_slug = ctx.src_to_slug.get(page.src)
        first_link = ctx.first_links[page.src]
        seen: set[str] = set()
        for mention in ctx.index.find(ctx.scan_of(page).masked):
            slug = mention.slug
            if slug == own_slug or slug in seen:
                continue
            seen.add(slug)
            linked_at = first_link.get(slug)
            if linked_at is not None and linked_at <= mention.start:
                continue
            term = ctx.site.terms[slug]
            words = page.text[mention.start : mention.end]
            line, col = ctx.line_col(page, mention.start)
            ctx.add(page.src, line, col, "GL001",
                    f"first mention of {words!r} is not linked to {term.src}")
            ctx.add_fix(Fix(page.src, mention.start, mention.end, term.src))
