"""The documents search reads: one compact record per page, made once per build by the worker.

Search (docs/assets/javascripts/search-worker.js) indexes these records with MiniSearch when the
reader first searches. A concept's record holds what people type, field by field: its title,
aliases, questions and troubleshooting symptoms, summary, and its prose as plain words (no TeX,
code blocks, HTML, diagram labels, `Related` or `Sources` lists). Other pages (home, section
overviews, quick reference, troubleshooting, tutorials) get a lower weight; pages whose body is
a generated list (the A-Z index, Resources) are found by their title only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import PurePosixPath

from dl_glossary.core.loader import Site
from dl_glossary.core.practice import TROUBLESHOOTING_MARKER, questions_of, rows_of

#: Where the documents go in the built site.
DOCUMENTS = "search/documents.json"
#: Weight of a page that is not a concept (a concept page weighs 1).
PAGE_WEIGHT = 0.5
#: Pages that are mostly a generated list: found by their title, their words weigh little.
LIST_PAGE_WEIGHT = 0.2
#: Body words kept per page (in order of first use): enough to find a page by its prose; fewer
#: words make the index the reader's browser builds on the first query faster.
MAX_BODY_WORDS = 600

_DROPPED_SECTIONS = ("Related", "Sources", "Try it", "Referenced by")
_FENCE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]", re.DOTALL)
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?![\s$])((?:\\.|[^$\\\n])+?)(?<!\s)\$(?!\d)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SNIPPET = re.compile(r"^-{1,2}8<-{1,2}.*$", re.MULTILINE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ATTRS = re.compile(r"\{\s*[:#.][^}]*\}")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE)
_H2 = re.compile(r"^##[ \t]+(.+?)[ \t]*(?:\{[^}]*\})?[ \t]*$", re.MULTILINE)
_ADMONITION = re.compile(r'^[!?]{3}\+?[ \t]+\S+(?:[ \t]+"([^"]*)")?[ \t]*$', re.MULTILINE)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_@.+'’-]*[A-Za-z0-9+]|[A-Za-z0-9]")
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t]*$", re.MULTILINE)
_LETTER = re.compile(r"[^\W\d_]")


def _drop_sections(text: str, names: tuple[str, ...]) -> str:
    """Leave out the `## <name>` sections (heading to the next H2)."""
    heads = list(_H2.finditer(text))
    keep, last = [], 0
    for i, head in enumerate(heads):
        if head.group(1).strip() in names:
            keep.append(text[last:head.start()])
            last = heads[i + 1].start() if i + 1 < len(heads) else len(text)
    keep.append(text[last:])
    return "".join(keep)


def plain_text(markdown: str) -> str:
    """Markdown prose as plain words: no code blocks, maths, HTML, link targets or markup."""
    text = _drop_sections(markdown, _DROPPED_SECTIONS)
    text = _FENCE.sub(" ", text)
    text = _COMMENT.sub(" ", text)
    text = _SNIPPET.sub(" ", text)
    text = _DISPLAY_MATH.sub(" ", text)
    text = _INLINE_MATH.sub(" ", text)
    text = _ADMONITION.sub(lambda m: m.group(1) or " ", text)
    text = _TAG.sub(" ", text)
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _ATTRS.sub(" ", text)
    text = _HEADING.sub(r"\1", text)
    text = re.sub(r"^\s*\|?[\s:|-]*-[\s:|-]*$", " ", text, flags=re.MULTILINE)  # table rules
    return " ".join(_WORD.findall(text))


def body_words(text: str, limit: int = MAX_BODY_WORDS) -> str:
    """Each word with a letter once, in order of first use (case kept), at most `limit` words
    (bare numbers are left out: "70B" and "FP16" stay, "0.79" and "2024" go)."""
    seen: set[str] = set()
    words = []
    for word in text.split():
        key = word.lower()
        if key not in seen and _LETTER.search(word):
            seen.add(key)
            words.append(word)
            if len(words) >= limit:
                break
    return " ".join(words)


def _first_paragraph(markdown: str) -> str:
    """The first paragraph of prose after the H1, as plain text (a page's own description)."""
    for block in re.split(r"\n[ \t]*\n", markdown):
        block = block.strip()
        if block and not block.startswith(("#", "<", "|", "-", "*", "!", "?", "`", ">", "$")):
            return plain_text(block)
    return ""


def _notebook_markdown(site: Site, src: str) -> str:
    """A notebook's Markdown cells, joined."""
    try:
        cells = json.loads((site.docs_dir / PurePosixPath(src)).read_text("utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return "\n\n".join("".join(cell.get("source", "")) for cell in cells
                       if cell.get("cell_type") == "markdown")


def _concept_record(site: Site, slug: str, url: str) -> dict[str, object]:
    term = site.terms[slug]
    page = site.pages[term.src]
    symptoms = [row.symptom for row in rows_of(page)]
    body = body_words(plain_text(_H1.sub(" ", page.text[page.body_start:], count=1)))
    record: dict[str, object] = {"u": url, "t": term.title, "s": term.summary, "b": body, "c": 1}
    if term.aliases:
        record["a"] = list(term.aliases)
    questions = questions_of(page) + symptoms
    if questions:
        record["q"] = questions
    return record


def _page_record(title: str, url: str, markdown: str, weight: float,
                 extra: list[str]) -> dict[str, object]:
    body = _H1.sub(" ", markdown, count=1)
    words = body_words(" ".join([plain_text(body), *extra]))
    record: dict[str, object] = {"u": url, "t": title, "s": _first_paragraph(body), "b": words,
                                 "w": weight}
    return record


def documents(site: Site, page_urls: Mapping[str, str]) -> list[dict[str, object]]:
    """One search record per page of the site, concepts first."""
    by_src = {term.src: slug for slug, term in site.terms.items()}
    records: list[dict[str, object]] = []
    pages: list[dict[str, object]] = []
    symptoms = [row.symptom for p in site.concept_pages for row in rows_of(p)]
    urls = dict(page_urls)
    for src in site.nav_sources or []:  # notebooks become pages after this plugin's on_files
        if src.endswith(".ipynb") and src in site.files:
            urls.setdefault(src, src.removesuffix(".ipynb") + "/")
    for src, url in sorted(urls.items()):
        slug = by_src.get(src)
        if slug is not None:
            records.append(_concept_record(site, slug, url))
            continue
        if src.endswith(".ipynb"):
            markdown = _notebook_markdown(site, src)
            heading = _H1.search(markdown)
            title = heading.group(1).strip() if heading else PurePosixPath(src).stem
            pages.append(_page_record(title, url, markdown, PAGE_WEIGHT, []))
            continue
        page = site.pages.get(src)
        if page is None:
            continue
        markdown = page.text[page.body_start:]
        heading = _H1.search(markdown)
        title = str(page.meta.get("title") or (heading.group(1).strip() if heading else src))
        if TROUBLESHOOTING_MARKER in markdown:
            pages.append(_page_record(title, url, markdown, PAGE_WEIGHT, symptoms))
        else:
            is_list = "<!-- glossary:" in markdown
            pages.append(_page_record(title, url, markdown,
                                      LIST_PAGE_WEIGHT if is_list else PAGE_WEIGHT, []))
    return records + pages


def documents_file(site: Site, page_urls: Mapping[str, str]) -> dict[str, bytes]:
    """search/documents.json, by its path in the built site."""
    data = {"docs": documents(site, page_urls)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return {DOCUMENTS: text.encode("utf-8")}
