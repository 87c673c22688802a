"""Material's private internals are touched in one adapter, `dl_glossary.build.material`; these
tests fail with a message naming the Material version when an upgrade changes them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import ROOT
from dl_glossary.build import material

SHIM = ROOT / "docs" / "assets" / "javascripts" / "search-worker.js"


def test_installed_material_matches_the_adapter() -> None:
    """__config names the search worker, which answers setup (0) with ready (1), query (2)
    with result (3)."""
    assert material.internals_problems() == []


def test_a_changed_worker_protocol_is_reported(tmp_path: Path) -> None:
    """A copy of Material whose worker answers queries differently is named, with its version."""
    copy = tmp_path / "templates"
    shutil.copytree(material.material_dir(), copy)
    [worker] = (copy / "assets/javascripts/workers").glob("search.*.min.js")
    worker.write_text(worker.read_text(encoding="utf-8").replace("type:3,data:", "type:9,data:"),
                      encoding="utf-8")
    [problem] = material.internals_problems(copy)
    assert re.fullmatch(r"mkdocs-material [\d.]+: the search worker no longer answers setup "
                        r"\(type 0\) with ready \(1\) and a query \(2\) with a result \(3\) "
                        r"\(search-worker.js SEARCH_SETUP/READY/QUERY/RESULT\)", problem)


def test_the_shim_uses_the_adapters_message_types() -> None:
    """search-worker.js and the adapter agree on Material's message numbers."""
    shim = SHIM.read_text(encoding="utf-8")
    for name, number in material.MESSAGE_TYPES.items():
        assert f"const SEARCH_{name.upper()} = {number};" in shim


def test_nothing_else_touches_materials_internals() -> None:
    """Only the adapter names __config or Material's worker files."""
    offenders = []
    for path in sorted((ROOT / "scripts").rglob("*.py")) + sorted((ROOT / "overrides").rglob("*")):
        if path.is_file() and path.name != "material.py":
            text = path.read_text(encoding="utf-8")
            if "__config" in text or "javascripts/workers" in text:
                offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []


def test_the_index_is_reduced_to_a_stub(tmp_path: Path) -> None:
    """The page's index keeps Material's config (for highlighting) and no documents."""
    import json

    (tmp_path / "search").mkdir()
    index = {"config": {"lang": ["en"], "separator": "[\\s]+"}, "docs": [{"location": "a/"}]}
    (tmp_path / material.INDEX).write_text(json.dumps(index), encoding="utf-8")
    assert material.stub_search_index(tmp_path) is True
    stub = json.loads((tmp_path / material.INDEX).read_text(encoding="utf-8"))
    assert stub == {"config": index["config"], "docs": []}
    assert sorted(p.name for p in (tmp_path / "search").iterdir()) == ["search_index.json"]
    assert material.stub_search_index(tmp_path / "nothing") is False


def test_pages_are_left_out_of_materials_index() -> None:
    """Material's documented per-page `search: exclude` is set, keeping other search keys."""
    meta = {"title": "x", "search": {"boost": 2}}
    material.leave_out_of_materials_index(meta)
    assert meta == {"title": "x", "search": {"boost": 2, "exclude": True}}
    empty: dict = {}
    material.leave_out_of_materials_index(empty)
    assert empty == {"search": {"exclude": True}}


def test_built_pages_point_materials_search_at_the_site_worker(built_site: Path) -> None:
    """Every page's __config names the site's worker, the documents and MiniSearch, and those
    files exist where the worker will look for them."""
    import json
    from urllib.parse import parse_qs, urljoin, urlsplit

    stub = json.loads((built_site / material.INDEX).read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"]["lang"] == ["en"]
    for rel in ("index.html", "inference/kv-cache/index.html"):
        worker = material.search_worker_url((built_site / rel).read_text(encoding="utf-8"))
        worker_url = urljoin(f"http://site.test/{rel}", worker or "")
        assert urlsplit(worker_url).path == f"/{material.SHIM}"
        query = parse_qs(urlsplit(worker_url).query)
        for name, target in (("docs", "search/documents.json"), ("engine", material.ENGINE)):
            assert urlsplit(urljoin(worker_url, query[name][0])).path == f"/{target}"
            assert (built_site / target).is_file()
