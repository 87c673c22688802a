"""The real site: built once with --strict, then read as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from dl_glossary.check.checker import check_site
from dl_glossary.core.loader import load_site

#: The 42 concepts of the seed guide, by section, as (section, slug).
GUIDE_CONCEPTS = [
    *(("core", s) for s in ("neural-network", "parameters", "loss-function", "gradient-descent",
                            "backpropagation", "overfitting")),
    *(("transformer", s) for s in ("transformer", "self-attention", "multi-head-attention",
                                   "context-window", "positional-encoding",
                                   "feed-forward-network", "layer-normalization")),
    *(("training", s) for s in ("pre-training", "fine-tuning", "rlhf", "constitutional-ai",
                                "learning-rate", "batch-size")),
    *(("tokenization", s) for s in ("token", "tokenizer", "embedding", "vocabulary-size")),
    *(("scaling", s) for s in ("scaling-laws", "emergent-capabilities", "in-context-learning",
                               "mixture-of-experts")),
    *(("alignment", s) for s in ("alignment", "hallucination", "jailbreaking", "red-teaming")),
    *(("inference", s) for s in ("inference", "temperature", "top-p", "top-k-sampling", "logits",
                                 "quantization", "kv-cache")),
    *(("fine-tuning", s) for s in ("lora", "qlora", "instruction-tuning", "preference-tuning")),
]
SECTIONS = ["core", "transformer", "training", "tokenization", "scaling", "alignment",
            "evaluation", "inference", "building", "fine-tuning"]
DIAGRAMS = {
    "core/neural-network": "neural-network-layers",
    "transformer/transformer": "transformer-pipeline",
    "transformer/self-attention": "attention-it-cat",
    "training/pre-training": "training-pipeline",
    "fine-tuning/lora": "lora",
}


@pytest.fixture(scope="module")
def site_terms():
    """Terms loaded from the real sources."""
    return load_site(ROOT).terms


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize(("section", "slug"), GUIDE_CONCEPTS)
def test_guide_concept_page_exists(built_site: Path, section: str, slug: str) -> None:
    """Each of the 42 guide concepts has its page at /<section>/<slug>/."""
    page = built_site / section / slug / "index.html"
    assert page.is_file()
    assert soup(page).h1 is not None


def test_at_least_175_concept_pages(site_terms) -> None:
    """The glossary has at least 175 concept pages, in its ten sections."""
    assert len(site_terms) >= 175
    assert {t.section for t in site_terms.values()} == set(SECTIONS)


@pytest.mark.parametrize(("section", "minimum"), [("building", 22), ("evaluation", 12)])
def test_new_sections_are_full_and_on_the_home_page(built_site: Path, site_terms, section: str,
                                                    minimum: int) -> None:
    """Building with LLMs and Evaluation have their pages, and the home page links both."""
    assert sum(t.section == section for t in site_terms.values()) >= minimum
    home = soup(built_site / "index.html")
    assert home.select_one(f'.grid.cards a[href="{section}/"]') is not None


def test_sources_check_clean() -> None:
    """The site's own sources pass the glossary checker with zero findings."""
    findings = [f.format() for f in check_site(load_site(ROOT)).findings]
    assert findings == []


def test_front_matter_valid_on_every_concept(site_terms) -> None:
    """Required keys, one-sentence summaries within 200 characters, unique aliases, real related."""
    failures: list[str] = []
    owners: dict[str, str] = {}
    for slug, term in site_terms.items():
        if not term.title or not term.summary:
            failures.append(f"{slug}: title or summary missing")
        if len(term.summary) > 200:
            failures.append(f"{slug}: summary has {len(term.summary)} characters")
        if re.search(r"[.!?]\s+[A-Z]", term.summary):
            failures.append(f"{slug}: summary has more than one sentence")
        for name in term.names:
            key = " ".join(re.split(r"[\s\-/]+", name.lower()))
            if owners.setdefault(key, slug) != slug:
                failures.append(f"{slug}: {name!r} also belongs to {owners[key]}")
        failures.extend(f"{slug}: related {r!r} is no term" for r in term.related
                        if r not in site_terms)
    assert failures == []


def test_every_concept_page_has_required_sections(built_site: Path, site_terms) -> None:
    """Each built concept page has its definition and every required section."""
    failures: list[str] = []
    for term in site_terms.values():
        page = soup(built_site / term.url / "index.html")
        content = page.select_one("article.md-content__inner")
        h2 = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in content.find_all("h2")]
        for name in ("Why it matters for LLMs", "Example", "Related", "Sources"):
            if name not in h2:
                failures.append(f"{term.src}: no '{name}'")
        if content.h1.get_text(strip=True).rstrip("¶") != term.title:
            failures.append(f"{term.src}: H1 differs from title")
        definition = content.h1.find_next_sibling("p")
        while definition is not None and {"aka", "dl-share"} & set(definition.get("class") or []):
            definition = definition.find_next_sibling("p")
        if definition is None or len(definition.get_text(strip=True)) < 40:
            failures.append(f"{term.src}: no definition paragraph")
    assert failures == []


def test_no_other_host_in_built_html(built_site: Path) -> None:
    """No script, link, img or iframe in the built site points to another host."""
    offenders: list[str] = []
    for page in html_pages(built_site):
        for tag in soup(page).find_all(["script", "link", "img", "iframe", "source"]):
            for attr in ("src", "href", "srcset"):
                value = tag.get(attr)
                if not value:
                    continue
                if tag.name == "link" and set(tag.get("rel") or []) & {"canonical", "alternate"}:
                    continue
                host = urlparse(value.strip()).netloc
                if host and host not in {"127.0.0.1:8000", "localhost:8000"}:
                    offenders.append(f"{page.relative_to(built_site)}: <{tag.name} {attr}={value}>")
    assert offenders == []


def test_no_font_or_cdn_in_css(built_site: Path) -> None:
    """No stylesheet imports fonts or files from another host."""
    offenders = [str(css.relative_to(built_site)) for css in built_site.rglob("*.css")
                 if re.search(r"url\(\s*['\"]?https?://|@import\s+url\(\s*['\"]?https?:",
                              css.read_text(encoding="utf-8"))]
    assert offenders == []


def test_attention_formula_is_mathml(built_site: Path) -> None:
    """softmax(QK^T/sqrt(d))V is rendered as MathML at build time on the self-attention page."""
    page = soup(built_site / "transformer" / "self-attention" / "index.html")
    formulas = page.select("div.math-block math[display=block]")
    attention = [m for m in formulas if m.find("mfrac") and m.find("msqrt")
                 and "softmax" in m.get_text()]
    assert attention, "no display formula with softmax, a fraction and a square root"
    assert not page.select(".arithmatex"), "formula left for a client-side renderer"


def test_search_documents_have_no_tex(built_site: Path) -> None:
    """Search reads a page's words, not the TeX source of its formulas."""
    path = built_site / "search" / "documents.json"
    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    [attention] = [d for d in docs if d["u"] == "transformer/self-attention/"]
    assert "softmax" in attention["b"].lower().split()
    text = json.dumps(docs)
    assert "\\frac" not in text and "\\mathrm" not in text and "$" not in text


def test_no_math_left_unrendered(built_site: Path) -> None:
    """Every formula on every page was converted to MathML."""
    leftovers = [str(p.relative_to(built_site)) for p in html_pages(built_site)
                 if 'class="arithmatex"' in p.read_text(encoding="utf-8")]
    assert leftovers == []


def _linked_paths(page: BeautifulSoup, selector: str) -> set[str]:
    return {a["href"] for a in page.select(f"{selector} a[href]")}


def test_a_to_z_lists_every_term(built_site: Path, site_terms) -> None:
    """The A-Z page links every term, with its summary."""
    page = soup(built_site / "glossary" / "index.html")
    hrefs = _linked_paths(page, "article dl")
    text = page.get_text(" ")
    missing = [t.slug for t in site_terms.values()
               if f"../{t.url}" not in hrefs or t.summary[:60] not in " ".join(text.split())]
    assert missing == []
    letters = page.select("nav.az-jump a[href^='#letter-']")
    assert letters and all(page.find(id=a["href"][1:]) for a in letters)


@pytest.mark.parametrize("section", SECTIONS)
def test_section_index_lists_its_terms(built_site: Path, site_terms, section: str) -> None:
    """Each section index lists every term of its folder."""
    page = soup(built_site / section / "index.html")
    hrefs = _linked_paths(page, "article dl")
    expected = {f"{t.slug}/" for t in site_terms.values() if t.section == section}
    assert expected and expected <= hrefs


def test_referenced_by_on_every_concept(built_site: Path, site_terms) -> None:
    """Every concept page ends with a generated Referenced-by list."""
    missing = [t.slug for t in site_terms.values()
               if not soup(built_site / t.url / "index.html").find(id="referenced-by")]
    assert missing == []


@pytest.mark.parametrize(("page", "diagram"), sorted(DIAGRAMS.items()))
def test_diagram_inline_with_text_alternative(built_site: Path, page: str, diagram: str) -> None:
    """Each diagram is inline SVG with a title and description, coloured by the palette."""
    html = soup(built_site / page / "index.html")
    svgs = html.select("figure.diagram svg[role=img]")
    assert svgs, f"no inline diagram on {page}"
    # The wide drawing, then its narrow variant for phones (class dg-narrow), in one figure.
    assert [" ".join(svg.get("class") or []) for svg in svgs] == ["", "dg-narrow"]
    for svg, name in zip(svgs, (diagram, f"{diagram}-narrow"), strict=True):
        labelled = (svg.get("aria-labelledby") or "").split()
        assert labelled and all(len(html.find_all(id=i)) == 1 for i in labelled)
        assert svg.find("title").get_text(strip=True) and svg.find("desc").get_text(strip=True)
        assert not svg.select("image, use[href^='http']")
        source = (ROOT / "docs" / "diagrams" / f"{name}.svg").read_text(encoding="utf-8")
        assert not re.search(r"fill=\"#|stroke=\"#", source), "hard-coded colours ignore dark mode"
        assert len(source.encode("utf-8")) < 8 * 1024, name


def _h2(page: BeautifulSoup, text: str):
    return page.find(lambda tag: tag.name == "h2" and text in tag.get_text())


def test_quick_reference_tables_link_their_terms(built_site: Path) -> None:
    """Every quick-reference table exists and links to concept pages."""
    page = soup(built_site / "quick-reference" / "index.html")
    tables = page.select("article table")
    assert len(tables) >= 6
    for heading in ("Model size and capability", "Inference parameters cheat sheet",
                    "Context windows of well-known models", "Parameter counts of well-known models",
                    "Fine-tuning methods compared", "Tokenizers compared"):
        assert _h2(page, heading), heading
    cheat = _h2(page, "cheat sheet").find_next("table")
    linked = {a["href"] for a in cheat.select("tbody tr td:first-child a")}
    for slug in ("temperature", "top-p", "top-k-sampling", "max-tokens", "stop-sequences",
                 "frequency-and-presence-penalties"):
        assert f"../inference/{slug}/" in linked, slug


@pytest.mark.parametrize(
    ("page", "target"),
    [
        ("transformer/positional-encoding", "../rotary-position-embedding/"),
        ("training/rlhf", "../proximal-policy-optimization/"),
        ("training/rlhf", "../reward-model/"),
        ("tokenization/tokenizer", "../byte-pair-encoding/"),
        ("inference/kv-cache", "../prefill/"),
    ],
)
def test_guide_pages_link_their_new_concepts(built_site: Path, page: str, target: str) -> None:
    """Guide pages link the concepts added beside them (RoPE, PPO, reward model, BPE, prefill)."""
    html = soup(built_site / page / "index.html")
    assert html.select_one(f'article a[href="{target}"]') is not None
