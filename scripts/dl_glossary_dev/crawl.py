"""Link crawler over a built site: every internal href and src, anchors included, must resolve.

Works on the files in `site/` as a static host would serve them (`dir/` → `dir/index.html`),
so it needs neither MkDocs nor a server. Links to other hosts are not followed; a *fetched*
resource (script, stylesheet, image, frame, media) on another host is reported as foreign.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

#: (tag, attribute) pairs whose URL the browser fetches by itself when the page loads.
FETCHED = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
           ("video", "src"), ("audio", "src"), ("track", "src"), ("embed", "src"),
           ("input", "src"), ("img", "srcset"), ("source", "srcset"), ("video", "poster"),
           ("object", "data"), ("image", "href"), ("image", "xlink:href"), ("use", "href"),
           ("use", "xlink:href")}
#: <link rel> values that name a page rather than load a resource: every other <link> (stylesheet,
#: icon, preload, preconnect, manifest, …) makes the browser contact the URL's host.
NAVIGATION_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "help",
                   "bookmark", "me", "search", "tag"}
LINK_ATTRS = {"href", "xlink:href", "src", "srcset", "poster", "data"}
SKIP_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "blob:", "about:")
BASE = "http://site.invalid/"


@dataclass(frozen=True, order=True)
class BrokenLink:
    """One link that does not resolve: the page (relative to the site), its line, URL, why."""

    page: str
    line: int
    url: str
    reason: str

    def __str__(self) -> str:
        """The CLI's line, without the site folder: `<page>:<line>: broken link <url> (<why>)`."""
        return f"{self.page}:{self.line}: broken link {self.url} ({self.reason})"


@dataclass(frozen=True)
class Link:
    """A URL found on a page, and whether the browser fetches it on load."""

    line: int
    url: str
    fetched: bool


class _PageParser(HTMLParser):
    """Collects the links of one page and the ids/names it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the tag's id (or an <a>'s name) and every URL in its link attributes."""
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "base" and "href" in values:
            self.base = values["href"]
            return
        rels = set(values.get("rel", "").lower().split())
        for name in LINK_ATTRS & values.keys():
            if name in {"poster", "data"} and (tag, name) not in FETCHED:
                continue  # a URL only on <video> and <object>
            fetched = (tag, name) in FETCHED or (
                tag == "link" and ("stylesheet" in rels or not rels & NAVIGATION_RELS))
            for url in _split_srcset(values[name]) if name == "srcset" else [values[name]]:
                if url.strip():
                    self.links.append(Link(line, url.strip(), fetched))

    handle_startendtag = handle_starttag


def _split_srcset(value: str) -> list[str]:
    """The URLs of a srcset, without their width or density descriptors."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


@functools.lru_cache(maxsize=4096)
def _parse(path: Path) -> _PageParser:
    """One page parsed once per crawl (pages are parsed again as anchor targets)."""
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def _target_file(site: Path, url_path: str) -> Path | None:
    """The file a static host serves for url_path, or None."""
    rel = unquote(url_path).lstrip("/")
    candidate = site / rel
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_page(site: Path, page: Path) -> list[BrokenLink]:
    """Broken and foreign links on one page of the built site."""
    rel_page = page.relative_to(site).as_posix()
    parsed = _parse(page)
    base = urljoin(BASE + rel_page, parsed.base) if parsed.base else BASE + rel_page
    found: list[BrokenLink] = []
    for link in parsed.links:
        if link.url.lower().startswith(SKIP_SCHEMES):
            continue
        absolute = urljoin(base, link.url)
        parts = urlsplit(absolute)
        if not absolute.startswith(BASE):
            if link.fetched:
                found.append(BrokenLink(rel_page, link.line, link.url, "foreign asset"))
            continue
        target = _target_file(site, parts.path[len(urlsplit(BASE).path):] or "/")
        if target is None:
            found.append(BrokenLink(rel_page, link.line, link.url, "no such file"))
            continue
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
            found.append(BrokenLink(rel_page, link.line, link.url, f"no anchor #{fragment}"))
    return found


def crawl(site: Path) -> list[BrokenLink]:
    """Every broken or foreign link of every HTML page under site, sorted by page and line."""
    _parse.cache_clear()
    found: list[BrokenLink] = []
    for page in sorted(site.rglob("*.html")):
        found.extend(check_page(site, page))
    return sorted(found)
