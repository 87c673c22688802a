"""GL002-GL004: every term is linked from another concept page, listed in the A-Z index and
its section index, and in the nav."""

from __future__ import annotations

from dl_glossary.check.context import CheckContext
from dl_glossary.core.loader import A_Z_MARKER, GLOSSARY_PAGE, SECTION_MARKER


def check(ctx: CheckContext) -> None:
    site = ctx.site
    glossary = site.pages.get(GLOSSARY_PAGE)
    a_z_ok = glossary is not None and A_Z_MARKER in glossary.text
    nav = set(site.nav_sources) if site.nav_sources is not None else None
    for slug, term in site.terms.items():
        line, col = ctx.front_matter(site.pages[term.src]).key("title")
        if not ctx.incoming.get(slug):
            ctx.add(term.src, line, col, "GL002",
                    f"orphan term {term.title!r}: no other concept page links to it")
        if not a_z_ok:
            ctx.add(term.src, line, col, "GL003",
                    f"{term.title!r} is missing from the A-Z index "
                    f"({GLOSSARY_PAGE} has no {A_Z_MARKER} marker)")
        index = site.pages.get(f"{term.section}/index.md")
        if index is not None and SECTION_MARKER not in index.text:
            ctx.add(term.src, line, col, "GL003",
                    f"{term.title!r} is missing from its section index "
                    f"({term.section}/index.md has no {SECTION_MARKER} marker)")
        if nav is not None and term.src not in nav:
            ctx.add(term.src, line, col, "GL004", f"{term.title!r} is missing from the nav")
