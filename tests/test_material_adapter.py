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


def test_the_index_is_deferred_behind_a_stub(tmp_path: Path) -> None:
    """The page's index keeps Material's config and no documents; the shim reads the full one."""
    import json

    (tmp_path / "search").mkdir()
    index = {"config": {"lang": ["en"], "separator": "[\\s]+"}, "docs": [{"location": "a/"}]}
    (tmp_path / material.INDEX).write_text(json.dumps(index), encoding="utf-8")
    assert material.defer_search_index(tmp_path) is True
    stub = json.loads((tmp_path / material.INDEX).read_text(encoding="utf-8"))
    assert stub == {"config": index["config"], "docs": []}
    assert json.loads((tmp_path / material.FULL_INDEX).read_text(encoding="utf-8")) == index
    assert material.defer_search_index(tmp_path / "nothing") is False


def test_built_site_serves_a_stub_and_the_full_index(built_site: Path) -> None:
    import json

    stub = json.loads((built_site / material.INDEX).read_text(encoding="utf-8"))
    full = json.loads((built_site / material.FULL_INDEX).read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"] == full["config"] and len(full["docs"]) > 1000
