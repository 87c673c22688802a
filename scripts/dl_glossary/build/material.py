"""The one adapter to Material for MkDocs' private internals.

Material's search runs in a web worker whose URL the page reads from the `__config` JSON in
the page, and which answers messages typed by number (setup 0, ready 1, query 2, result 3).
The page fetches `search/search_index.json` as it loads and hands it to the worker in the setup
message. The site's own worker (docs/assets/javascripts/search-worker.js) takes Material's
place: it speaks that protocol and searches with MiniSearch over `search/documents.json`
(built by `dl_glossary.build.search_index`), both loaded on the first query. So the build
points `__config` at that worker (`route_through_shim`), keeps every page out of Material's own
index with Material's documented `search: exclude` setting (`leave_out_of_materials_index`),
and leaves only the index's config at `search/search_index.json` (`stub_search_index`), which
Material still reads for highlighting search terms on the page a result opens. Nothing else in
the project touches Material's internals; `internals_problems()` says what changed when a
Material upgrade breaks an assumption here (tests/test_material_adapter.py runs it).
"""

from __future__ import annotations

import json
import posixpath
import re
from importlib import metadata
from pathlib import Path
from typing import Any

from dl_glossary.build.search_index import DOCUMENTS

SHIM = "assets/javascripts/search-worker.js"
#: MiniSearch, copied from the npm package (see docs/assets/vendor/minisearch/README.md).
ENGINE = "assets/vendor/minisearch/index.js"
INDEX = "search/search_index.json"
_SEARCH_SETTING = re.compile(r'("search":\s*")([^"]*assets/javascripts/workers/[^"]+)(")')


def route_through_shim(page_html: str) -> str:
    """Point the `search` worker URL of Material's __config at the site's search worker."""

    def replace(match: re.Match[str]) -> str:
        prefix = match.group(2).split("assets/javascripts/", 1)[0]
        here = posixpath.dirname(SHIM)
        docs = posixpath.relpath(DOCUMENTS, here)
        engine = posixpath.relpath(ENGINE, here)
        return f"{match.group(1)}{prefix}{SHIM}?docs={docs}&engine={engine}{match.group(3)}"

    return _SEARCH_SETTING.sub(replace, page_html, count=1)


def search_worker_url(page_html: str) -> str | None:
    """The search worker URL a built page gives Material (relative to the page), if any."""
    match = _WORKER_SETTING.search(page_html)
    return match.group(1) if match else None


_WORKER_SETTING = re.compile(r'"search":\s*"([^"]+)"')


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


def leave_out_of_materials_index(meta: dict[str, Any]) -> None:
    """Set Material's documented `search: {exclude: true}` on a page: Material's plugin then
    skips parsing it, since the site's search reads search/documents.json instead."""
    search = meta.get("search")
    meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}


def stub_search_index(site_dir: Path) -> bool:
    """Leave only the config of Material's index (its documents are not used) at INDEX, which
    every page fetches as it loads; False when the site has no search index."""
    index = site_dir / INDEX
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    stub = {"config": data.get("config", {}), "docs": []}
    index.write_text(json.dumps(stub, separators=(",", ":")), encoding="utf-8")
    return True
