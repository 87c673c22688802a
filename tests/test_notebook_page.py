"""The rendered LoRA notebook page: no foreign requests, MathML, small HTML, clean search index."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from material.plugins.search.plugin import Parser

from dl_glossary.build import notebook_page as nbp
from dl_glossary.build.mathml import MathError
from dl_glossary.core.model import relative_url

PAGE = "notebooks/lora-fine-tuning/"
NOTEBOOK = "lora-fine-tuning.ipynb"
MAX_BYTES = 300_000
MAX_STYLE_BYTES = 4_096
#: Printed by the last code cell; must never reach the search index.
OUTPUT_MARKER = "RESULTS_JSON"
#: A sentence from a Markdown cell; must be searchable.
MARKDOWN_SENTENCE = "Both texts are written out here, so nothing is downloaded."
CONCEPT_LINKS = {
    "LoRA": "../../fine-tuning/lora/",
    "QLoRA": "../../fine-tuning/qlora/",
    "Fine-tuning": "../../training/fine-tuning/",
    "Quantization": "../../inference/quantization/",
}
FETCHED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
CSS_TEXT = re.compile(r"--jp-|--md-[a-z-]+:|\{[^}]*:[^}]*;|@media|\.jp-[A-Za-z]+\s*\{")
CDN = re.compile(r"cdn|jsdelivr|unpkg|mathjax|require\.?js|mermaid", re.IGNORECASE)


def _ignore(_: object) -> None:
    """Error callback for tests that expect no errors."""
    raise AssertionError(f"unexpected callback: {_}")


# -- unit tests on small HTML strings -----------------------------------------------------------

CODE_CELL = (
    '<div class="jp-Cell jp-CodeCell jp-Notebook-cell">'
    '<div class="jp-InputArea jp-Cell-inputArea">'
    '<div class="jp-InputPrompt jp-InputArea-prompt">In [1]:</div>'
    '<div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor" data-type="inline">'
    '<div class="CodeMirror cm-s-jupyter">'
    '<div class="zeroclipboard-container">\n<clipboard-copy for="cell-1"><div>'
    '<span class="notice" hidden="">Copied!</span><svg></svg></div></clipboard-copy>\n</div>\n'
    '<div class="highlight-ipynb hl-python"><pre><span></span><span class="n">budget</span>'
    '<span class="w"> </span><span class="o">=</span><span class="w"> </span>'
    '<span class="s2">"$5 and $6"</span>\n</pre></div>\n'
    '<div class="clipboard-copy-txt" id="cell-1">budget = "$5 and $6"</div>\n'
    "</div></div></div>"
    '<div class="jp-Cell-outputWrapper"><div class="jp-Collapser jp-OutputCollapser">\n</div>'
    '<div class="jp-OutputArea jp-Cell-outputArea"><div class="jp-OutputArea-child">'
    '<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>'
    '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0">'
    "<pre>RESULTS_JSON={} costs $x$ and $$y$$\n</pre></div></div></div></div></div>"
)
MARKDOWN_CELL = (
    '<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell">'
    '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" '
    'data-mime-type="text/markdown">\n'
    '<h2 id="merging">Merging<a class="anchor-link" href="#merging">¶</a></h2>'
    "<p>Only $A$ and $B$ train, so $a &lt; b$ costs $r(d + k)$.</p>\n"
    "<p>$$\nW = W_0 + BA\n$$</p>\n"
    "<p>Inline display $$x^2$$ in a sentence and <code>$not math$</code>.</p>\n"
    "<pre><code>$$ also not math $$</code></pre>\n"
    '<div class="note"><p>Nested $n$ div.</p></div>\n'
    '<p>See <a href="../fine-tuning/lora.md#how-it-works">LoRA</a> and '
    '<a href="https://arxiv.org/abs/2106.09685">the paper</a>.</p>\n'
    "</div></div>"
)
NOTEBOOK_HTML = (
    '<script src="https://cdnjs.cloudflare.com/mathjax.js"> </script>\n'
    "<!-- Load mathjax -->\n"
    '<script type="text/x-mathjax-config">init()</script>'
    '<script type="module">import("https://cdn.example/mermaid.mjs")</script>'
    '<style type="text/css">.jupyter-wrapper { --jp-cell-padding: 5px; }</style>'
    '<link rel="stylesheet" href="https://cdn.example/x.css">'
    f'<div class="jupyter-wrapper"><div class="jp-Notebook">{MARKDOWN_CELL}{CODE_CELL}</div></div>'
    "<style>pre { line-height: 125%; }</style>"
)
URLS = {"fine-tuning/lora.md": "fine-tuning/lora/", "index.md": ""}


@pytest.mark.parametrize(
    ("target", "page_url", "expected"),
    [
        ("assets/stylesheets/notebook.css", "notebooks/lora-fine-tuning/",
         "../../assets/stylesheets/notebook.css"),
        ("fine-tuning/lora/", "notebooks/lora-fine-tuning/", "../../fine-tuning/lora/"),
        ("fine-tuning/lora.html", "notebooks/lora-fine-tuning.html", "../fine-tuning/lora.html"),
        ("", "notebooks/lora-fine-tuning/", "../../"),
        ("notebooks/lora-fine-tuning/", "notebooks/lora-fine-tuning/", "./"),
        ("assets/x.css", "", "assets/x.css"),
    ],
)
def test_relative_url(target: str, page_url: str, expected: str) -> None:
    """Site-relative targets become URLs relative to the page, keeping directory slashes."""
    assert relative_url(target, page_url) == expected


def test_is_notebook() -> None:
    """Only .ipynb sources count as notebooks."""
    assert nbp.is_notebook("notebooks/lora-fine-tuning.ipynb")
    assert not nbp.is_notebook("fine-tuning/lora.md")


def test_strip_assets_removes_scripts_styles_links_comments() -> None:
    """Every script, style, link and comment goes; the notebook markup stays."""
    out = nbp.strip_assets(NOTEBOOK_HTML)
    assert not re.search(r"<script|<style|<link|<!--|cdn|mathjax", out, re.IGNORECASE)
    assert out.lstrip().startswith('<div class="jupyter-wrapper">')
    assert "Only $A$ and $B$" in out


def test_strip_clipboard_removes_widget_and_hidden_copy() -> None:
    """The clipboard widget, the hidden source copy and empty collapsers are removed."""
    out = nbp.strip_clipboard(CODE_CELL)
    assert "clipboard" not in out and "Copied!" not in out and "jp-Collapser" not in out
    assert '<span class="s2">"$5 and $6"</span>' in out


def test_mark_code_excludes_code_outputs_and_prompts() -> None:
    """Code <pre>, output <pre> and prompts carry data-search-exclude; Markdown <pre> does not."""
    out = nbp.mark_code(CODE_CELL + MARKDOWN_CELL)
    soup = BeautifulSoup(out, "html.parser")
    code_pre = soup.select_one(".highlight-ipynb pre")
    assert code_pre.has_attr("data-search-exclude")
    assert code_pre.contents[0].name == "code"
    assert soup.select_one(".jp-OutputArea-output pre").has_attr("data-search-exclude")
    assert all(p.has_attr("data-search-exclude") for p in soup.select(".jp-InputPrompt"))
    assert all(p.has_attr("data-search-exclude") for p in soup.select(".jp-OutputPrompt"))
    assert not soup.select_one(".jp-RenderedMarkdown pre").has_attr("data-search-exclude")


def test_mark_code_unwraps_plain_tokens_only() -> None:
    """Name, whitespace, operator and punctuation spans are unwrapped; others keep their spans."""
    out = nbp.mark_code(CODE_CELL)
    assert '<code>budget = <span class="s2">' in out
    assert not any(f'class="{kind}"' in out for kind in ("n", "w", "o", "p"))


def test_marked_code_is_invisible_to_material_search_parser() -> None:
    """Material's own search parser drops code and output text but keeps Markdown text."""
    parser = Parser()
    parser.feed(nbp.process_notebook(NOTEBOOK_HTML, "notebooks/nb.ipynb", "notebooks/nb/",
                                     URLS.get, _ignore, _ignore))
    parser.close()
    text = " ".join("".join(section.text) for section in parser.data)
    assert "Only" in text and "Nested" in text
    assert "budget" not in text and OUTPUT_MARKER not in text and "In [1]" not in text


def test_math_display_paragraph_becomes_block() -> None:
    """A paragraph that is only $$...$$ becomes div.math-block with display MathML."""
    out = nbp.render_markdown_math(MARKDOWN_CELL, _ignore)
    block = re.search(r'<div class="math-block"><math [^>]*display="block">.*?</math></div>', out)
    assert block and "<p><div" not in out


def test_math_inline_and_mid_paragraph_display() -> None:
    """$...$ becomes inline MathML, $$...$$ inside a sentence a block span; entities decoded."""
    out = nbp.render_markdown_math(MARKDOWN_CELL, _ignore)
    soup = BeautifulSoup(out, "html.parser")
    inline = soup.select("span.math-inline > math")
    assert len(inline) == 5
    assert all(m["display"] == "inline" for m in inline)
    assert soup.select("span.math-block > math[display=block]")
    assert "&lt;" in str(inline[2])  # a < b: the entity was decoded before conversion
    markdown_text = "".join(t for t in soup.find_all(string=True) if t.parent.name != "code")
    assert "$" not in markdown_text


def test_math_never_touches_code_or_outputs() -> None:
    """Dollars in Markdown <code>/<pre>, code cells and outputs are left as they are."""
    out = nbp.render_markdown_math(MARKDOWN_CELL + CODE_CELL, _ignore)
    assert "<code>$not math$</code>" in out
    assert "<pre><code>$$ also not math $$</code></pre>" in out
    assert '"$5 and $6"' in out
    assert "RESULTS_JSON={} costs $x$ and $$y$$" in out


def test_math_error_is_reported_and_kept() -> None:
    """A formula that does not convert is reported once and left in the text."""
    errors: list[MathError] = []
    cell = MARKDOWN_CELL.replace("$A$", "$x^$")
    out = nbp.render_markdown_math(cell, errors.append)
    assert [e.tex for e in errors] == ["x^"]
    assert "$x^$" in out


def test_markdown_cells_spans_nested_divs() -> None:
    """A Markdown cell's span ends at its own closing div, past nested divs."""
    [(start, end)] = nbp.markdown_cells(MARKDOWN_CELL)
    assert MARKDOWN_CELL[start:end].rstrip().endswith("the paper</a>.</p>")


def test_rewrite_doc_links() -> None:
    """Links to .md sources point at built pages; external links stay; missing ones are reported."""
    missing: list[str] = []
    html = MARKDOWN_CELL + '<a href="../core/nope.md">x</a><a href="#merging">y</a>'
    out = nbp.rewrite_doc_links(html, "notebooks/nb.ipynb", "notebooks/nb/", URLS.get,
                                missing.append)
    assert '<a href="../../fine-tuning/lora/#how-it-works">LoRA</a>' in out
    assert 'href="https://arxiv.org/abs/2106.09685"' in out
    assert '<a href="#merging">y</a>' in out
    assert missing == ["../core/nope.md"]


def test_process_notebook_adds_stylesheet_and_download_first() -> None:
    """The result starts with our stylesheet link and a download button for the .ipynb."""
    out = nbp.process_notebook(NOTEBOOK_HTML, "notebooks/nb.ipynb", "notebooks/nb/", URLS.get,
                               _ignore, _ignore)
    soup = BeautifulSoup(out, "html.parser")
    links = soup.find_all("link")
    assert [link["href"] for link in links] == ["../../assets/stylesheets/notebook.css"]
    assert out.index("<link") < out.index("jupyter-wrapper")
    assert soup.select_one("a[download]")["href"] == "nb.ipynb"
    assert not soup.find("script") and not soup.find("style")
    assert 'class="headerlink"' in out and "anchor-link" not in out


# -- the built site -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_path(built_site: Path) -> Path:
    """The built notebook page."""
    return built_site / PAGE / "index.html"


@pytest.fixture(scope="module")
def page_soup(page_path: Path) -> BeautifulSoup:
    """The built notebook page, parsed."""
    return BeautifulSoup(page_path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def index_entries(built_site: Path) -> list[dict]:
    """Search documents that belong to the notebook page."""
    path = built_site / "search" / "documents.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    return [doc for doc in index["docs"] if doc["u"].startswith(PAGE)]


def _is_foreign(url: str) -> bool:
    """An absolute or protocol-relative URL (the site itself only uses relative ones)."""
    return bool(urlparse(url).netloc) or url.startswith("//")


def test_page_requests_nothing_from_other_hosts(page_soup: BeautifulSoup) -> None:
    """No script, fetched link, img, iframe or media source points to another host."""
    refs = [s.get("src", "") for s in page_soup.find_all(["script", "img", "iframe", "source",
                                                          "video", "audio", "embed"])]
    refs += [link.get("href", "") for link in page_soup.find_all("link")
             if FETCHED_LINK_RELS & set(link.get("rel", []))]
    assert [ref for ref in refs if _is_foreign(ref)] == []
    for script in page_soup.find_all("script"):
        assert not CDN.search(script.get("src", "") + script.get_text()), str(script)[:200]
        assert not re.search(r"https?://", script.get_text()), str(script)[:200]


def test_page_has_no_large_inline_style(page_soup: BeautifulSoup) -> None:
    """No <style> element larger than a few KB (the Jupyter CSS is gone)."""
    sizes = [len(style.get_text().encode()) for style in page_soup.find_all("style")]
    assert all(size <= MAX_STYLE_BYTES for size in sizes), sizes


def test_page_loads_notebook_css_only_here(built_site: Path, page_soup: BeautifulSoup) -> None:
    """notebook.css exists, is linked from the notebook page and not from a concept page."""
    hrefs = [link["href"] for link in page_soup.find_all("link", rel="stylesheet")]
    assert "../../assets/stylesheets/notebook.css" in hrefs
    assert (built_site / "assets" / "stylesheets" / "notebook.css").is_file()
    concept = (built_site / "fine-tuning" / "lora" / "index.html").read_text(encoding="utf-8")
    assert "notebook.css" not in concept


def test_page_is_at_most_300_kb(page_path: Path) -> None:
    """The built notebook page weighs at most 300 KB of HTML."""
    assert page_path.stat().st_size <= MAX_BYTES, page_path.stat().st_size


def test_markdown_cells_have_mathml_and_no_raw_tex(page_soup: BeautifulSoup) -> None:
    """Markdown cells carry MathML (inline and display) and no $ or $$ delimiters."""
    cells = page_soup.select(".jp-RenderedMarkdown")
    assert cells
    assert len(page_soup.select(".jp-RenderedMarkdown math[display=inline]")) >= 50
    assert page_soup.select(".jp-RenderedMarkdown div.math-block > math[display=block]")
    for cell in cells:
        text = "".join(t for t in cell.find_all(string=True) if t.parent.name not in ("code",))
        assert "$" not in text, text[:200]
    assert not page_soup.select(".highlight-ipynb math, .jp-OutputArea-output math")


def test_search_index_has_markdown_but_no_css_code_or_output(index_entries: list[dict]) -> None:
    """Notebook search entries hold Markdown prose, not CSS, code, prompts or printed output."""
    assert index_entries
    text = " ".join(f"{entry['t']} {entry['s']} {entry['b']}" for entry in index_entries)
    words = set(text.lower().split())
    assert set(re.findall(r"\w+", MARKDOWN_SENTENCE.lower())) <= words
    assert OUTPUT_MARKER not in text
    assert "def init_lora" not in text and "import numpy" not in text
    assert "In [" not in text and "Copied!" not in text
    assert not CSS_TEXT.search(text), CSS_TEXT.search(text)


def test_download_link_resolves_to_built_notebook(built_site: Path,
                                                  page_soup: BeautifulSoup) -> None:
    """The download button points at the .ipynb copied into the built site."""
    link = page_soup.select_one("a[download]")
    assert link is not None and link["href"].endswith(".ipynb")
    target = (built_site / PAGE / link["href"]).resolve()
    assert target == (built_site / PAGE / NOTEBOOK).resolve()
    assert json.loads(target.read_text(encoding="utf-8"))["cells"]


def test_concept_links_point_at_built_pages(built_site: Path, page_soup: BeautifulSoup) -> None:
    """The notebook's links to concept pages are directory URLs of pages that exist."""
    links = {a.get_text(): a["href"] for a in page_soup.select(".jp-RenderedMarkdown a[href]")}
    for text, href in CONCEPT_LINKS.items():
        assert links.get(text) == href
        assert (built_site / PAGE / href / "index.html").resolve().is_file()
    assert not [h for h in links.values() if h.endswith((".md", ".ipynb"))]


# -- in Chromium ---------------------------------------------------------------------------------


def test_browser_page_loads_clean(page, site_server: str) -> None:
    """The page loads with no console errors, failed or foreign requests; our CSS applies."""
    page.goto(urljoin(site_server, PAGE), wait_until="networkidle")
    assert page.locator(".jupyter-wrapper math").count() >= 50
    display = page.eval_on_selector(".jp-CodeCell .jp-InputArea",
                                    "el => getComputedStyle(el).display")
    assert display == "flex"
    width = page.eval_on_selector(".jp-RenderedImage img",
                                  "el => el.getBoundingClientRect().width")
    column = page.eval_on_selector(".md-content", "el => el.getBoundingClientRect().width")
    assert 0 < width <= column
    watch = page.watch
    assert watch.console_errors == []
    assert watch.failed_requests == []
    assert watch.foreign_requests == []


def test_browser_concept_links_and_download_work(page, site_server: str) -> None:
    """Each concept link opens its page; the download link serves the notebook JSON."""
    url = urljoin(site_server, PAGE)
    page.goto(url, wait_until="networkidle")
    download = page.get_attribute("a[download]", "href")
    response = page.request.get(urljoin(url, download))
    assert response.ok and json.loads(response.body())["nbformat"] == 4
    for href in CONCEPT_LINKS.values():
        assert page.request.get(urljoin(url, href)).ok, href
    page.locator(".jp-RenderedMarkdown a", has_text=re.compile(r"^LoRA$")).click()
    page.wait_for_url(urljoin(url, CONCEPT_LINKS["LoRA"]))
    assert page.locator("h1").first.inner_text().strip().rstrip("¶") == "LoRA"
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []


def test_browser_instant_navigation_loads_notebook_css(page, site_server: str) -> None:
    """Arriving by Material's instant navigation still loads notebook.css and the MathML."""
    page.goto(urljoin(site_server, "fine-tuning/lora/"), wait_until="networkidle")
    page.evaluate(
        """href => { const a = document.createElement("a"); a.href = href;
                     document.querySelector(".md-content").append(a); a.click(); }""",
        urljoin(site_server, PAGE),
    )
    page.wait_for_url(urljoin(site_server, PAGE))
    page.wait_for_selector(".jp-CodeCell .jp-InputArea")
    page.wait_for_function(
        """() => getComputedStyle(document.querySelector('.jp-CodeCell .jp-InputArea'))
                 .display === 'flex'"""
    )
    assert page.locator(".jupyter-wrapper math").count() >= 50
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []
    assert page.watch.failed_requests == []


def test_image_alts_from_cell_metadata() -> None:
    """Alt texts come from each code cell's image_alt metadata, one per image output."""
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "x", "metadata": {}},
        {"cell_type": "code", "metadata": {"image_alt": ["first"]},
         "outputs": [{"data": {"image/png": "A"}}, {"data": {"image/png": "B"}}]},
        {"cell_type": "code", "metadata": {}, "outputs": [{"data": {"text/plain": "1"}}]},
    ]}
    alts = nbp.image_alts(json.dumps(notebook))
    assert alts == ["first", None]
    html = f'<img {nbp.GENERIC_ALT} src="a"><img {nbp.GENERIC_ALT} src="b">'
    expected = f'<img alt="first" src="a"><img {nbp.GENERIC_ALT} src="b">'
    assert nbp.set_image_alts(html, alts) == expected


def test_every_notebook_figure_is_described(page_soup: BeautifulSoup) -> None:
    """Each figure of the rendered notebook has a real description, not nbconvert's placeholder."""
    images = page_soup.select("img")
    assert len(images) >= 3
    assert all(len(img.get("alt", "")) > 40 and "No description" not in img["alt"]
               for img in images)


def test_embedded_png_gets_its_size_and_lazy_loading() -> None:
    import base64
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 37, 11, 8, 2, 0, 0, 0))
           + chunk(b"IEND", b""))
    src = base64.b64encode(png).decode()
    out = nbp.size_images(f'<img alt="a chart" class="" src="data:image/png;base64,{src}"/>')
    assert out == (f'<img alt="a chart" width="37" height="11" loading="lazy" decoding="async" '
                   f'src="data:image/png;base64,{src}"/>')
    not_png = '<img alt="x" src="data:image/png;base64,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"/>'
    assert nbp.size_images(not_png) == not_png


def test_embedded_png_keeps_the_size_the_notebook_set() -> None:
    """A figure the notebook shows at half its pixel size keeps that size, once; loads lazily."""
    src = "iVBORw0KGgoAAAANSUhEUgAAA8AAAAJQ"  # a PNG header: 960 x 592
    tag = f'<img alt="a chart" src="data:image/png;base64,{src}" width=480 height=296 class="">'
    out = nbp.size_images(tag)
    assert out == (f'<img alt="a chart" loading="lazy" decoding="async" '
                   f'src="data:image/png;base64,{src}" width=480 height=296 class="">')


def test_embedded_png_can_leave_the_page_for_a_file() -> None:
    """With save, the PNG's bytes go to save and the image loads the URL it returns."""
    import base64

    src = "iVBORw0KGgoAAAANSUhEUgAAA8AAAAJQ"  # a PNG header: 960 x 592
    saved: list[bytes] = []

    def save(png: bytes) -> str:
        saved.append(png)
        return "fig&1.png"

    out = nbp.size_images(f'<img alt="a" class="" src="data:image/png;base64,{src}"/>', save)
    assert out == ('<img alt="a" width="960" height="592" loading="lazy" decoding="async" '
                   'src="fig&amp;1.png"/>')
    assert saved == [base64.b64decode(src)]
    assert nbp.image_name(b"png") == "figure-8f8cbb7dcf46.png"  # sha256(b"png")[:12]


def test_markdown_outputs_are_kept_out_of_search() -> None:
    """A table the notebook displays as Markdown is an output: excluded from the search index."""
    cell = ('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-OutputArea-output" '
            'data-mime-type="text/markdown" tabindex="0"><table><tr><td>RESULTS_JSON</td></tr>'
            "</table></div>")
    parser = Parser()
    parser.feed(nbp.mark_code(cell))
    parser.close()
    assert OUTPUT_MARKER not in " ".join("".join(section.text) for section in parser.data)


def test_notebook_images_have_intrinsic_sizes(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / PAGE / "index.html").read_text(encoding="utf-8"), "lxml")
    images = soup.select("article img")
    assert len(images) >= 3
    for img in images:
        assert int(img["width"]) > 0 and int(img["height"]) > 0 and img["loading"] == "lazy"
