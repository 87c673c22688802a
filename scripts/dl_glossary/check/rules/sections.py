"""GL014: a concept page has its H1 (the title), a definition and the required sections."""

from __future__ import annotations

from dl_glossary.check.context import CheckContext

REQUIRED_SECTIONS = ("Why it matters for LLMs", "Example", "Related", "Sources")


def check(ctx: CheckContext) -> None:
    for page in ctx.readable_pages():
        slug = ctx.src_to_slug.get(page.src)
        if slug is None or page.meta.get("link_mentions") is False:
            continue
        term = ctx.site.terms[slug]
        headings = ctx.scan_of(page).headings
        h1 = [h for h in headings if h.level == 1]
        if not h1:
            ctx.add(page.src, *ctx.line_col(page, page.body_start), "GL014",
                    f"no H1 heading (expected '# {term.title}')")
        elif h1[0].text != term.title:
            ctx.add(page.src, *ctx.line_col(page, h1[0].start), "GL014",
                    f"H1 {h1[0].text!r} differs from the title {term.title!r}")
        h2 = [h for h in headings if h.level == 2]
        if h1:
            end = h2[0].start if h2 else len(page.text)
            body = page.text[h1[0].start : end].split("\n", 1)[1:]
            if not body or not body[0].strip():
                ctx.add(page.src, *ctx.line_col(page, h1[0].start), "GL014",
                        "no definition paragraph under the H1")
        present = {h.text for h in h2}
        for name in REQUIRED_SECTIONS:
            if name not in present:
                line = ctx.line_col(page, len(page.text))[0]
                ctx.add(page.src, max(line - 1, 1), 1, "GL014", f"missing section '## {name}'")
