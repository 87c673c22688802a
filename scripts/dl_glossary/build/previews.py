"""Build-time hover previews: put each concept's summary on every link that points to it."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping

from dl_glossary.core.model import Term

_ANCHOR = re.compile(r'<a\s[^>]*?href="(?P<href>[^"#?]*)[^"]*"[^>]*>')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def resolve(page_url: str, href: str) -> str:
    """Site-relative directory URL that a relative href on a page points to."""
    if not href:
        return page_url
    joined = posixpath.normpath(posixpath.join(page_url or ".", href))
    return "" if joined == "." else joined.strip("/") + "/"


def add_previews(content: str, page_url: str, terms_by_url: Mapping[str, Term]) -> str:
    """Add data-preview (the summary) and data-preview-title to links to concept pages."""

    def annotate(match: re.Match[str]) -> str:
        whole = match.group(0)
        href = match.group("href")
        if "data-preview" in whole or _SCHEME.match(href) or href.startswith("/"):
            return whole
        term = terms_by_url.get(resolve(page_url, href))
        if term is None or 'class="headerlink"' in whole:
            return whole
        summary = html.escape(term.summary, quote=True)
        title = html.escape(term.title, quote=True)
        return f'{whole[:-1]} data-preview="{summary}" data-preview-title="{title}">'

    return _ANCHOR.sub(annotate, content)
