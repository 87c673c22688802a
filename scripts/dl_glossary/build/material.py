"""The one adapter to Material for MkDocs' private internals.

Material's search runs in a web worker whose URL the page reads from the `__config` JSON in
the page, and which answers messages typed by number (setup 0, ready 1, query 2, result 3).
The page fetches `search/search_index.json` as it loads and hands it to the worker in the setup
message. Our worker shim (docs/assets/javascripts/search-worker.js) wraps that worker: it
normalises queries, puts a concept first when the query is one of its names, and loads
Material's worker and the full index only on the first query. So the build leaves a stub with
the index's config at `search/search_index.json` (`defer_search_index`), and the shim reads the
documents from `search/search_index.full.json`. This module writes the names the shim needs and
points `__config` at the shim. Nothing else in the project touches Material's internals;
`internals_problems()` says what changed when a Material upgrade breaks an assumption here
(tests/test_material_adapter.py runs it).
"""

from __future__ import annotations

import json
import posixpath
import re
from importlib import metadata
from pathlib import Path

from dl_glossary.check.matcher import variants
from dl_glossary.core.loader import Site

SHIM = "assets/javascripts/search-worker.js"
NAMES = "search/names.json"
INDEX = "search/search_index.json"
FULL_INDEX = "search/search_index.full.json"
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
        index = posixpath.relpath(FULL_INDEX, here)
        return (f"{match.group(1)}{prefix}{SHIM}?worker={worker}&names={names}&index={index}"
                f"{match.group(3)}")

    return _SEARCH_SETTING.sub(replace, page_html, count=1)


#: What search-worker.js assumes of Material's worker protocol: (message type, meaning).
MESSAGE_TYPES = {"setup": 0, "ready": 1, "query": 2, "result": 3}
#: Material's worker answers a query (type 2) with a result (type 3), minified as below.
_WORKER_PROTOCOL = re.compile(
    r"case 0:return yield \w+\(\w+\.data\.config\),\w+=new \w+\(\w+\.data\),\{type:1\};"
    r"case 2:let (\w+)=\w+\.data;try\{return\{type:3,data:"
)


def material_dir() -> Path:
    """The installed Material theme's template folder."""
    import material  # the theme package

    return Path(material.__file__).parent / "templates"


def internals_problems(templates: Path | None = None) -> list[str]:
    """What no longer holds of Material's internals that this adapter relies on (empty: all)."""
    templates = templates or material_dir()
    version = metadata.version("mkdocs-material")
    problems: list[str] = []
    base = (templates / "base.html").read_text(encoding="utf-8")
    if '<script id="__config"' not in base or '"search":' not in base:
        problems.append(f"mkdocs-material {version}: base.html no longer renders a __config "
                        "script with a \"search\" worker URL (route_through_shim)")
    workers = sorted((templates / "assets/javascripts/workers").glob("search.*.min.js"))
    if not workers:
        problems.append(f"mkdocs-material {version}: no assets/javascripts/workers/search.*.min.js")
    elif not _WORKER_PROTOCOL.search(workers[0].read_text(encoding="utf-8")):
        problems.append(f"mkdocs-material {version}: the search worker no longer answers setup "
                        "(type 0) with ready (1) and a query (2) with a result (3) "
                        "(search-worker.js SEARCH_SETUP/READY/QUERY/RESULT)")
    return problems


def defer_search_index(site_dir: Path) -> bool:
    """Move Material's index to FULL_INDEX and leave a stub (its config, no documents) at
    INDEX, which every page fetches as it loads; False when the site has no search index."""
    index = site_dir / INDEX
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    (site_dir / FULL_INDEX).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    stub = {"config": data.get("config", {}), "docs": []}
    index.write_text(json.dumps(stub, separators=(",", ":")), encoding="utf-8")
    return True
