"""Markdown generated from front matter at build time: A-Z index, section lists, backlinks.

Links are written as the final relative URLs from the page they appear on (`from_url`, as
MkDocs' `page.url`), so the Markdown can be rendered apart from its page (see `generated`).
"""

from __future__ import annotations

import html
import posixpath
import re
import string
from collections.abc import Iterable

from dl_glossary.core.loader import Site
from dl_glossary.core.model import Term, relative_url


def _link(term: Term, from_url: str) -> str:
    """A Markdown link to a concept page from the page at from_url."""
    return f"[{term.title}]({relative_url(term.url, from_url)})"


def _entry(term: Term, from_url: str) -> str:
    """One definition-list entry: linked title, summary and aliases."""
    lines = [_link(term, from_url), f":   {term.summary}"]
    if term.aliases:
        lines[-1] += " *Also: " + ", ".join(term.aliases) + ".*"
    return "\n".join(lines)


def _sorted(terms: Iterable[Term]) -> list[Term]:
    return sorted(terms, key=lambda t: (t.title.lower(), t.slug))


def first_letter(term: Term) -> str:
    letter = term.title[:1].upper()
    return letter if letter in string.ascii_uppercase else "#"


def a_to_z(site: Site, from_url: str) -> str:
    """The A-Z index: letter jump links, then every term under its first letter."""
    groups: dict[str, list[Term]] = {}
    for term in _sorted(site.terms.values()):
        groups.setdefault(first_letter(term), []).append(term)
    letters = [*string.ascii_uppercase, "#"]
    jumps = " ".join(
        f"[{letter}](#letter-{'other' if letter == '#' else letter.lower()})"
        if letter in groups
        else f'<span class="az-empty" aria-hidden="true">{letter}</span>'
        for letter in letters
        if letter != "#" or "#" in groups
    )
    nav = f'<nav class="az-jump" aria-label="Letters" markdown>\n{jumps}\n</nav>'
    parts = [f"{len(site.terms)} terms.", "", nav, ""]
    for letter in letters:
        if letter not in groups:
            continue
        anchor = "other" if letter == "#" else letter.lower()
        parts.append(f"## {letter} {{ #letter-{anchor} }}\n")
        parts.extend(_entry(term, from_url) + "\n" for term in groups[letter])
    return "\n".join(parts)


def section_terms(site: Site, section: str, from_url: str) -> str:
    """Every term of one section with its summary."""
    terms = _sorted(t for t in site.terms.values() if t.section == section)
    return "\n\n".join(_entry(term, from_url) for term in terms) + "\n"


def also_known_as(term: Term) -> str:
    """A line under the H1 that names the aliases (also what makes them searchable)."""
    if not term.aliases:
        return ""
    return "*Also known as: " + ", ".join(term.aliases) + "*\n{ .aka }\n"


#: How many backlinks show before the rest fold into "and N more".
BACKLINKS_SHOWN = 8


def related_section_slugs(site: Site, term: Term) -> set[str]:
    """Slugs of the concept pages linked in a page's own `## Related` section."""
    by_src = {t.src: t.slug for t in site.terms.values()}
    base = posixpath.dirname(term.src)
    targets = (posixpath.normpath(posixpath.join(base, target.split("#", 1)[0]))
               for target in _MD_LINK_TARGET.findall(_section_text(site.pages[term.src].text,
                                                                     _RELATED_HEADING)))
    return {by_src[src] for src in targets if src in by_src}


def _backlink_groups(site: Site, sources: list[Term], page_url: str) -> str:
    """Backlinks as a definition list: each section's title, then its pages' links."""
    titles = site.section_titles()
    groups: dict[str, list[Term]] = {}
    for source in sources:
        groups.setdefault(source.section, []).append(source)
    items = "".join(
        f"<dt>{html.escape(titles.get(section, section))}</dt><dd>"
        + ", ".join(f'<a href="{relative_url(t.url, page_url)}">{html.escape(t.title)}</a>'
                    for t in terms)
        + "</dd>"
        for section, terms in groups.items()
    )
    return f'<dl class="dl-backlinks">{items}</dl>'


def referenced_by(site: Site, term: Term, linking_slugs: Iterable[str]) -> str:
    """The generated backlinks section of a concept page: the pages that link here and are not
    in its Related list, grouped by section (its own first), past the first few folded away."""
    related = related_section_slugs(site, term)
    linking = [site.terms[slug] for slug in linking_slugs if slug in site.terms]
    if not linking:
        return ""
    order = {s: i for i, s in enumerate(dict.fromkeys([term.section, *site.sections()]))}
    sources = sorted((t for t in linking if t.slug not in related),
                     key=lambda t: (order.get(t.section, len(order)), t.title.lower(), t.slug))
    heading = "\n\n## Referenced by { #referenced-by data-search-exclude }\n\n"
    if not sources:
        return heading + "Every page that links here is listed under Related.\n"
    shown, rest = sources[:BACKLINKS_SHOWN], sources[BACKLINKS_SHOWN:]
    body = _backlink_groups(site, shown, term.url)
    if rest:
        body += (f'\n<details class="dl-backlinks-more"><summary>and {len(rest)} more</summary>'
                 f"{_backlink_groups(site, rest, term.url)}</details>")
    return heading + body + "\n"


def exclude_sources_from_search(markdown: str) -> str:
    """Keep a page's citations out of the search index (the Resources page lists them once)."""
    return _SOURCES_HEADING.sub("## Sources { data-search-exclude }", markdown, count=1)


_SOURCES_HEADING = re.compile(r"^##[ \t]+Sources[ \t]*$", re.MULTILINE)
_RELATED_HEADING = re.compile(r"^##[ \t]+Related[ \t]*$", re.MULTILINE)
_MD_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_NEXT_HEADING = re.compile(r"^#{1,2}[ \t]", re.MULTILINE)
_ARXIV = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5})", re.IGNORECASE)


def _section_text(text: str, heading_pattern: re.Pattern[str]) -> str:
    """The Markdown under the `##` heading that matches, up to the next heading ("" if none)."""
    heading = heading_pattern.search(text)
    if not heading:
        return ""
    following = _NEXT_HEADING.search(text, heading.end())
    return text[heading.end() : following.start() if following else len(text)]


def cited_sources(text: str) -> list[str]:
    """The bullet items of a page's `## Sources` section, each joined onto one line."""
    items: list[str] = []
    for line in _section_text(text, _SOURCES_HEADING).splitlines():
        bullet = re.match(r"^[-*+][ \t]+(.*)$", line)
        if bullet:
            items.append(bullet.group(1).strip())
        elif items and line.strip() and line[:1] in " \t":
            items[-1] += " " + line.strip()
    return items


def _source_key(item: str) -> str:
    arxiv = _ARXIV.search(item)
    return arxiv.group(1) if arxiv else re.sub(r"\W+", " ", item.lower()).strip()


def resources(site: Site, section_titles: dict[str, str], from_url: str) -> str:
    """Every source cited by a concept page, grouped by section, with the pages that cite it."""
    parts: list[str] = []
    for section, heading in section_titles.items():
        cited: dict[str, tuple[str, list[Term]]] = {}
        for term in _sorted(t for t in site.terms.values() if t.section == section):
            for item in cited_sources(site.pages[term.src].text):
                key = _source_key(item)
                cited.setdefault(key, (item, []))[1].append(term)
        if not cited:
            continue
        parts.append(f"## {heading}\n")
        for item, terms in sorted(cited.values(), key=lambda v: v[0].lower()):
            pages = ", ".join(_link(t, from_url) for t in terms)
            parts.append(f"- {item} Cited on: {pages}.")
        parts.append("")
    return "\n".join(parts)


#: The formats of the share menu: data-copy value and button label (glossary.js makes each).
SHARE_FORMATS = (("short", "Short link"), ("markdown", "Markdown link"),
                 ("apa", "APA citation"), ("bibtex", "BibTeX"))


def share_links(term: Term) -> str:
    """Copy link, a menu of other ways to share, and the short link, under a concept's title.

    The page holds no absolute URL: glossary.js builds each text when it is copied, from the
    address the reader sees, so a copied link names the host the site is served from. Without
    the Clipboard API the text is selected in the menu's field and copied with execCommand, or
    left selected for Ctrl+C; the status line announces which.
    """
    title = html.escape(term.title, quote=True)
    short = f"../../t/{term.slug}/"
    menu = "".join(f'<button type="button" class="md-button" data-copy="{kind}">{label}</button>'
                   for kind, label in SHARE_FORMATS)
    return (
        f'\n<div class="dl-share" data-title="{title}">\n'
        '<button type="button" class="md-button dl-copy-link" data-copy="link">Copy link</button>'
        '<button type="button" class="md-button dl-share-toggle" aria-expanded="false" '
        'aria-controls="dl-share-menu">Cite or share</button>'
        f'<span class="dl-short">Short link: <a href="{short}">/t/{term.slug}/</a></span>'
        f'<div class="dl-share-menu" id="dl-share-menu" role="group" aria-label="Share as" hidden>'
        f'{menu}<label class="dl-copy-field" hidden>Copied text'
        '<textarea readonly></textarea></label></div>'
        '<p class="dl-copy-status" role="status" aria-live="polite"></p>\n</div>\n'
    )
