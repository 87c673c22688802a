"""Route Material's search through our worker shim (docs/assets/javascripts/search-worker.js).

The shim normalises queries and puts a concept first when the query is one of its names; this
module writes the names it needs and points Material's __config at the shim.
"""

from __future__ import annotations

import json
import posixpath
import re

from dl_glossary.check.matcher import variants
from dl_glossary.core.loader import Site

SHIM = "assets/javascripts/search-worker.js"
NAMES = "search/names.json"
_SEARCH_SETTING = re.compile(r'("search":\s*")([^"]*assets/javascripts/workers/[^"]+)(")')


def name_key(text: str) -> str:
    """The shim's lookup key: lower case, runs of spaces, hyphens, underscores, slashes -> space."""
    return re.sub(r"[\s\-_/]+", " ", text.lower()).strip()


def search_names(site: Site) -> dict[str, str]:
    """Every surface form of every title and alias -> its concept's URL (ambiguous ones dropped)."""
    owners: dict[str, set[str]] = {}
    for term in site.terms.values():
        for name in term.names:
            for form in variants(name):
                owners.setdefault(name_key(form), set()).add(term.url)
    return {key: urls.pop() for key, urls in sorted(owners.items()) if len(urls) == 1}


def search_names_file(site: Site) -> dict[str, bytes]:
    """search/names.json for the shim, by its path in the built site."""
    return {NAMES: json.dumps(search_names(site), separators=(",", ":")).encode("utf-8")}


def route_through_shim(page_html: str) -> str:
    """Point the `search` worker URL of Material's __config at the shim, passing the original."""

    def replace(match: re.Match[str]) -> str:
        original = match.group(2)
        prefix = original.split("assets/javascripts/", 1)[0]
        here = posixpath.dirname(SHIM)
        worker = posixpath.relpath(original[len(prefix):], here)
        names = posixpath.relpath(NAMES, here)
        return f"{match.group(1)}{prefix}{SHIM}?worker={worker}&names={names}{match.group(3)}"

    return _SEARCH_SETTING.sub(replace, page_html, count=1)
