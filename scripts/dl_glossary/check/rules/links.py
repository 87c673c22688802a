"""GL012-GL013: every internal link points to a page or file that exists, and to an anchor
that exists on its page."""

from __future__ import annotations

from dl_glossary.check.context import CheckContext

#: Files the build writes into the site: links to them are valid although no source exists.
GENERATED_FILES = frozenset({"glossary.json", "objects.inv", "llms.txt", "llms-full.txt"})


def check(ctx: CheckContext) -> None:
    site = ctx.site
    for page in ctx.readable_pages():
        for resolved in ctx.links_of(page):
            target, link = resolved.target, resolved.link
            if target is None:
                continue
            line, col = ctx.line_col(page, link.start)
            if target.endswith(".md"):
                if target not in site.pages:
                    ctx.add(page.src, line, col, "GL012", f"link to missing page {link.target!r}")
                elif resolved.anchor and resolved.anchor not in ctx.anchors.get(target, set()):
                    ctx.add(page.src, line, col, "GL013",
                            f"link to missing anchor #{resolved.anchor} in {target}")
            elif target not in site.files and target not in GENERATED_FILES:
                ctx.add(page.src, line, col, "GL012", f"link to missing file {link.target!r}")
