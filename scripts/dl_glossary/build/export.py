"""Files written into the built site from the terms: inventories other docs can link to.

- `glossary.json`: every term as a JSON record (schema in the README).
- `objects.inv`: a Sphinx inventory (version 2), so intersphinx can resolve `:term:` to us.
- `llms.txt` and `llms-full.txt`: the concepts section by section, for language models.
- `t/<slug>/index.html`: short links for every term and alias, redirecting to the concept.
"""

from __future__ import annotations

import html
import json
import re
import zlib
from typing import Any

from dl_glossary.core.loader import Site
from dl_glossary.core.model import Term

#: The inventories, by their path in the built site.
EXPORT_FILES = ("glossary.json", "objects.inv", "llms.txt", "llms-full.txt")
#: The short links' folder in the built site: `t/<slug>/index.html`.
SHORT_LINKS_DIR = "t"

INVENTORY_HEADER = (
    "# Sphinx inventory version 2\n"
    "# Project: {project}\n"
    "# Version: {version}\n"
    "# The remainder of this file is compressed using zlib.\n"
)


def absolute_url(site_url: str, path: str) -> str:
    """site_url joined with a site-relative path."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def short_slug(name: str) -> str:
    """The /t/<slug>/ form of a title or alias: lower case, runs of other characters -> '-'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def short_links(site: Site) -> dict[str, Term]:
    """Every short slug and the term it leads to: term slugs first, then titles and aliases."""
    links: dict[str, Term] = {}
    terms = sorted(site.terms.values(), key=lambda t: t.src)
    for term in terms:
        links.setdefault(term.slug, term)
    for term in terms:
        for name in term.names:
            slug = short_slug(name)
            if slug:
                links.setdefault(slug, term)
    return links


def term_record(
    site: Site, term: Term, site_url: str, titles: dict[str, str] | None = None
) -> dict[str, Any]:
    """One term of glossary.json (titles: the site's section titles, if already known)."""
    titles = site.section_titles() if titles is None else titles
    return {
        "slug": term.slug,
        "title": term.title,
        "aliases": list(term.aliases),
        "summary": term.summary,
        "section": term.section,
        "section_title": titles.get(term.section, term.section),
        "related": list(term.related),
        "url": absolute_url(site_url, term.url),
        "short_url": absolute_url(site_url, f"t/{term.slug}/"),
    }


def _ordered_terms(site: Site) -> list[Term]:
    order = {section: i for i, section in enumerate(site.sections())}
    return sorted(site.terms.values(), key=lambda t: (order.get(t.section, 99), t.title.lower()))


def glossary_json(site: Site, site_url: str, project: str) -> str:
    """The whole glossary as JSON."""
    titles = site.section_titles()
    payload = {
        "version": 1,
        "project": project,
        "site_url": site_url,
        "sections": [
            {"slug": s, "title": title, "url": absolute_url(site_url, f"{s}/")}
            for s, title in titles.items()
        ],
        "terms": [term_record(site, term, site_url, titles) for term in _ordered_terms(site)],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def inventory_lines(site: Site) -> list[str]:
    """Lines of the Sphinx inventory: std:term for titles and aliases, std:doc for pages."""
    lines: list[str] = []
    seen: set[tuple[str, str]] = set()

    def add(name: str, role: str, uri: str, display: str) -> None:
        name = " ".join(name.split())
        if (name, role) in seen:
            return
        seen.add((name, role))
        lines.append(f"{name} std:{role} -1 {uri} {display if display != name else '-'}")

    for term in _ordered_terms(site):
        for name in term.names:
            add(name, "term", term.url, name)
            add(name.lower(), "term", term.url, name.lower())
    for src, page in sorted(site.pages.items()):
        docname = src.removesuffix(".md")
        title = str(page.meta.get("title") or docname)
        add(docname, "doc", page.url, title)
    return lines


def objects_inv(site: Site, project: str, version: str = "") -> bytes:
    """A Sphinx inventory, version 2."""
    header = INVENTORY_HEADER.format(project=project, version=version).encode("utf-8")
    body = ("\n".join(inventory_lines(site)) + "\n").encode("utf-8")
    return header + zlib.compress(body, 9)


def _body(site: Site, term: Term) -> str:
    page = site.pages[term.src]
    return page.text[page.body_start :].strip()


def llms_txt(site: Site, site_url: str, project: str, description: str, full: bool) -> str:
    """llms.txt: every concept with its summary and URL, section by section (full: with text)."""
    out = [f"# {project}", "", f"> {description}", ""]
    out.append(
        f"Each concept has its own page. Full text: {absolute_url(site_url, 'llms-full.txt')}. "
        f"Machine-readable index: {absolute_url(site_url, 'glossary.json')}."
    )
    by_section: dict[str, list[Term]] = {}
    for term in _ordered_terms(site):
        by_section.setdefault(term.section, []).append(term)
    for section, title in site.section_titles().items():
        out += ["", f"## {title}", ""]
        for term in by_section.get(section, []):
            url = absolute_url(site_url, term.url)
            if full:
                out += [f"### {term.title}", "", f"URL: {url}", "", _body(site, term), ""]
            else:
                out.append(f"- [{term.title}]({url}): {term.summary}")
    return "\n".join(out).rstrip() + "\n"


def redirect_page(target_rel: str, target_abs: str, title: str) -> str:
    """A static redirect that works without JavaScript (and under a strict CSP)."""
    rel, absolute, name = (html.escape(v, quote=True) for v in (target_rel, target_abs, title))
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{name}</title>\n"
        f"<link rel=\"canonical\" href=\"{absolute}\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={rel}\">\n"
        "</head>\n<body>\n"
        f"<p>Redirecting to <a href=\"{rel}\">{name}</a>.</p>\n"
        "</body>\n</html>\n"
    )


def short_link_uri(slug: str) -> str:
    """The site path of a short link's page."""
    return f"{SHORT_LINKS_DIR}/{slug}/index.html"


def redirects(site: Site, site_url: str) -> dict[str, bytes]:
    """`t/<slug>/index.html` for every term and alias, redirecting to its concept."""
    return {
        short_link_uri(slug): redirect_page(
            f"../../{term.url}", absolute_url(site_url, term.url), term.title
        ).encode("utf-8")
        for slug, term in short_links(site).items()
    }


def export_uris(site: Site) -> list[str]:
    """The site paths `exports` fills, known before any page renders."""
    return [*EXPORT_FILES, *(short_link_uri(slug) for slug in short_links(site))]


def exports(
    site: Site, site_url: str, project: str = "Deep Learning for LLMs", description: str = ""
) -> dict[str, bytes]:
    """Every export, by its path in the built site."""
    files = {
        "glossary.json": glossary_json(site, site_url, project).encode("utf-8"),
        "objects.inv": objects_inv(site, project),
    }
    for name, full in (("llms.txt", False), ("llms-full.txt", True)):
        files[name] = llms_txt(site, site_url, project, description, full).encode("utf-8")
    files.update(redirects(site, site_url))
    return files
