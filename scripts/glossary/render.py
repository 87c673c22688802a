"""Markdown generated from front matter at build time: A-Z index, section lists, backlinks."""

from __future__ import annotations

import string
from collections.abc import Iterable

from .loader import Site
from .model import Term, relative_link


def _entry(term: Term, from_src: str) -> str:
    """One definition-list entry: linked title, summary and aliases."""
    link = relative_link(from_src, term.src)
    lines = [f"[{term.title}]({link})", f":   {term.summary}"]
    if term.aliases:
        lines[-1] += " *Also: " + ", ".join(term.aliases) + ".*"
    return "\n".join(lines)


def _sorted(terms: Iterable[Term]) -> list[Term]:
    return sorted(terms, key=lambda t: (t.title.lower(), t.slug))


def first_letter(term: Term) -> str:
    letter = term.title[:1].upper()
    return letter if letter in string.ascii_uppercase else "#"


def a_to_z(site: Site, from_src: str) -> str:
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
    parts = [f"{len(site.terms)} terms.", "", f'<nav class="az-jump" aria-label="Letters" markdown>\n{jumps}\n</nav>', ""]
    for letter in letters:
        if letter not in groups:
            continue
        anchor = "other" if letter == "#" else letter.lower()
        parts.append(f"## {letter} {{ #letter-{anchor} }}\n")
        parts.extend(_entry(term, from_src) + "\n" for term in groups[letter])
    return "\n".join(parts)


def section_terms(site: Site, section: str, from_src: str) -> str:
    """Every term of one section with its summary."""
    terms = _sorted(t for t in site.terms.values() if t.section == section)
    return "\n\n".join(_entry(term, from_src) for term in terms) + "\n"


def also_known_as(term: Term) -> str:
    """A line under the H1 that names the aliases (also what makes them searchable)."""
    if not term.aliases:
        return ""
    return "*Also known as: " + ", ".join(term.aliases) + "*\n{ .aka }\n"


def referenced_by(site: Site, term: Term, linking_slugs: Iterable[str]) -> str:
    """The generated backlinks section of a concept page."""
    sources = _sorted(site.terms[slug] for slug in linking_slugs if slug in site.terms)
    if not sources:
        return ""
    items = "\n".join(f"- [{t.title}]({relative_link(term.src, t.src)})" for t in sources)
    return f"\n\n## Referenced by {{ #referenced-by }}\n\n{items}\n"
