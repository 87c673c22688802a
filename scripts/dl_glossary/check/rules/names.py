"""GL005-GL007: related entries exist; every title and alias belongs to exactly one term."""

from __future__ import annotations

from dl_glossary.check.context import CheckContext, name_key


def check(ctx: CheckContext) -> None:
    site = ctx.site
    owners: dict[str, str] = {}  # name key -> slug
    titles = {name_key(t.title): t for t in site.terms.values()}
    for term in sorted(site.terms.values(), key=lambda t: t.src):
        lines = ctx.front_matter(site.pages[term.src])
        for related in term.related:
            if related not in site.terms:
                line, col = lines.value("related", related)
                ctx.add(term.src, line, col, "GL005", f"related entry {related!r} names no term")
        for index, name in enumerate(term.names):
            key = name_key(name)
            is_alias = index > 0
            line, col = lines.value("aliases", name) if is_alias else lines.key("title")
            other_title = titles.get(key)
            if is_alias and other_title is not None and other_title.slug != term.slug:
                ctx.add(term.src, line, col, "GL007",
                        f"alias {name!r} equals the title of {other_title.src}")
                continue
            owner = owners.get(key)
            if owner is not None and owner != term.slug:
                kind = "alias" if is_alias else "title"
                ctx.add(term.src, line, col, "GL006",
                        f"{kind} {name!r} is also claimed by {site.terms[owner].src}")
            elif owner is None:
                owners[key] = term.slug
