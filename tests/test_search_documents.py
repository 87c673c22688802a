"""What search reads: search/documents.json, made once per build from front matter and Markdown
(plain words: no TeX, code, HTML, diagram labels, UI text or generated lists), and the MiniSearch
copy the worker imports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT
from dl_glossary.build import search_index
from dl_glossary.core.loader import load_site
from dl_glossary.core.practice import questions_of, rows_of

VENDOR = ROOT / "docs" / "assets" / "vendor" / "minisearch"

PAGE = """# Frob

A frob, written $f_\\theta(x) = \\mathrm{softmax}(x)$, costs $5 per call and the [Quux](q.md)
engine's `max_tokens` setting.

<figure class="diagram">
--8<-- "docs/diagrams/frob.svg"
<figcaption>How frobs flow.</figcaption>
</figure>

$$
\\frac{a}{b} = \\sum_i w_i
$$

```python
import numpy as np
```

!!! note "Careful with frobs"
    Frobs *bite*.

| Setting | Value |
|---|---|
| depth | 3 |

<div class="dl-demo" data-demo="frob"></div>

## Related

- [Quux Engine](quux.md): unrelated words zebra.

## Sources

- Someone (2020). *Frobs*. [arXiv:2001.00001](https://arxiv.org/abs/2001.00001).
"""


def test_plain_text_keeps_prose_words_only() -> None:
    """Prose, link text, inline code, captions, admonition titles and table cells stay; TeX,
    code blocks, HTML, snippet includes, Related and Sources go."""
    words = search_index.plain_text(PAGE).split()
    for kept in ("frob", "costs", "Quux", "max_tokens", "How", "flow", "Careful", "bite",
                 "depth"):
        assert kept in words, kept
    text = " ".join(words)
    for gone in ("theta", "mathrm", "frac", "sum_i", "numpy", "svg", "diagrams", "dl-demo",
                 "zebra", "Someone", "arXiv", "https", "figure", "Related", "Sources"):
        assert gone not in text, gone


def test_body_words_once_each_in_order() -> None:
    """Each word once (case-insensitively), in order of first use, up to the limit; bare
    numbers left out."""
    assert search_index.body_words("b 70B a 2024 B 0.79 c a d", limit=4) == "b 70B a c"


@pytest.fixture(scope="module")
def documents(built_site: Path) -> list[dict]:
    return json.loads((built_site / search_index.DOCUMENTS).read_text(encoding="utf-8"))["docs"]


def test_every_concept_is_a_record_with_its_front_matter(documents: list[dict]) -> None:
    """Each concept's record carries its title, aliases, summary, questions and symptoms."""
    site = load_site(ROOT)
    by_url = {d["u"]: d for d in documents}
    for term in site.terms.values():
        record = by_url[term.url]
        page = site.pages[term.src]
        asked = questions_of(page) + [row.symptom for row in rows_of(page)]
        assert (record["t"], record["s"], record.get("a", []), record.get("q", []), record["c"]) \
            == (term.title, term.summary, term.aliases, asked, 1), term.slug


def test_generated_lists_weigh_little(documents: list[dict]) -> None:
    """The A-Z index, Resources, the section overviews, the learning paths' index and the concept
    map are found by title, weighing 0.2; their generated lists are not in their words."""
    site = load_site(ROOT)
    light = {"glossary/", "resources/", "paths/", "map/", *(f"{s}/" for s in site.sections())}
    by_url = {d["u"]: d for d in documents}
    assert {u for u, d in by_url.items() if d.get("w") == search_index.LIST_PAGE_WEIGHT} == light
    a_z = set(by_url["glossary/"]["b"].lower().split())
    titles_in_a_z = [t.title for t in site.terms.values() if t.title.lower() in a_z]
    assert len(titles_in_a_z) < 5, titles_in_a_z


def test_documents_have_no_ui_text_or_diagram_labels(documents: list[dict]) -> None:
    """No page UI text, and no word that only a diagram's labels use."""
    text = json.dumps(documents)
    for ui in ("Copy link", "Short link", "/t/", "Referenced by", "Copied"):
        assert ui not in text, ui
    site = load_site(ROOT)
    by_url = {d["u"]: d for d in documents}
    for svg in sorted((ROOT / "docs" / "diagrams").glob("*.svg")):
        labels = set(re.findall(r"[a-z]{4,}", " ".join(
            re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8"))).lower()))
        for src, page in site.pages.items():
            if f"diagrams/{svg.name}" not in page.text or src not in {t.src for t in
                                                                        site.terms.values()}:
                continue
            prose = set(re.findall(r"[a-z]{4,}", page.text.replace(svg.name, "").lower()))
            only_in_diagram = labels - prose
            assert only_in_diagram, svg.name  # the check below has words to look for
            body = set(by_url[page.url]["b"].lower().split())
            assert not only_in_diagram & body, (src, only_in_diagram & body)


def test_documents_stay_under_1_mb(built_site: Path) -> None:
    """The documents search loads on the first query weigh less than 1 MB raw."""
    assert (built_site / search_index.DOCUMENTS).stat().st_size < 1_000_000


def _version(text: str) -> str:
    match = re.search(r"MiniSearch (\d+\.\d+\.\d+)", text)
    return match.group(1) if match else ""


def test_vendored_minisearch_matches_package_json_and_lock() -> None:
    """The copy's recorded version is the one package.json pins and package-lock resolves."""
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    recorded = _version((VENDOR / "README.txt").read_text(encoding="utf-8"))
    assert recorded == package["devDependencies"]["minisearch"]
    assert recorded == lock["packages"]["node_modules/minisearch"]["version"]
    assert (VENDOR / "LICENSE.txt").read_text(encoding="utf-8").startswith("Copyright")


def test_vendored_minisearch_is_the_packages_file() -> None:
    """The copy is byte for byte the package's UMD build (checked where `npm ci` has run)."""
    installed = ROOT / "node_modules" / "minisearch"
    if not (installed / "package.json").is_file():
        pytest.skip("node_modules has no minisearch: run `npm ci`")
    version = json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"]
    assert version == _version((VENDOR / "README.txt").read_text(encoding="utf-8"))
    assert (VENDOR / "index.js").read_bytes() == (installed / "dist/umd/index.js").read_bytes()
