"""Post-process mkdocs-jupyter's notebook HTML: no CDN scripts, our own CSS, MathML, clean search.

mkdocs-jupyter renders a notebook with nbconvert's lab template, which inlines ~575 KB of Jupyter
CSS and adds MathJax, mermaid and a clipboard script. The hook passes the rendered notebook body
(`page.content`, before Material indexes it for search) through `process_notebook`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import posixpath
import re
from collections.abc import Callable

from dl_glossary.build.mathml import MathError, to_mathml
from dl_glossary.core.model import relative_url

STYLESHEET = "assets/stylesheets/notebook.css"
SEARCH_EXCLUDE = "data-search-exclude"
DOWNLOAD_ICON = (  # Material Design Icons "download" (Apache 2.0), as in Material's own buttons
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7 7-7Z"/></svg>'
)

_ASSETS = re.compile(
    r"<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<link\b[^>]*>|<!--.*?-->",
    re.DOTALL | re.IGNORECASE,
)
_CLIPBOARD = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*'
    r'|<div (?:class="clipboard-copy-txt" id="cell-\d+"|id="cell-\d+" class="clipboard-copy-txt")>'
    r"[^<]*</div>\s*",
    re.DOTALL,
)
_COLLAPSER = re.compile(r'<div class="jp-Collapser[^"]*">\s*</div>\s*')
_CODE_INPUT = re.compile(
    r'(?P<open><div class="highlight-ipynb[^"]*">\s*<pre)>(?:<span></span>)?(?P<code>.*?)</pre>',
    re.DOTALL,
)
# Names and whitespace have no colour of their own (Material paints names in the code colour);
# punctuation and operators keep the code colour too: unwrapping them halves the page's element
# count (about 1,900 of its 4,300 elements), which is most of its style and layout time.
_PLAIN_TOKEN = re.compile(r'<span class="(?:n|w|p|o)">([^<]*)</span>')
_OUTPUT_PRE = re.compile(r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*"[^>]*>\s*<pre)\b')
#: A Markdown output (the notebook's tables of results), kept out of search like printed output.
_OUTPUT_MARKDOWN = re.compile(
    r'(<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*\bjp-OutputArea-output\b[^"]*")'
)
_PROMPT = re.compile(r'(<div class="jp-(?:Input|Output)Prompt\b[^"]*")')
_ANCHOR_LINK = re.compile(r'<a class="anchor-link" href=')
_MARKDOWN_CELL = re.compile(r'<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>')
_DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"(<[^>]*>)")
_RAW_TAGS = ("code", "pre", "kbd", "samp", "script", "style", "math", "svg")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_MATH = re.compile(
    r"\$\$(?P<display>.+?)\$\$|(?<![\\$])\$(?![\s$])(?P<inline>[^$]+?)(?<![\s\\])\$(?![$\d])",
    re.DOTALL,
)
_LINK = re.compile(r'(<a\b[^>]*?\bhref=")(?P<href>[^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_SOURCE_EXT = (".md", ".ipynb")


def is_notebook(src_uri: str) -> bool:
    """True for a page whose source is a Jupyter notebook."""
    return src_uri.endswith(".ipynb")


def strip_assets(page_html: str) -> str:
    """Remove every <script>, <style>, <link> and HTML comment (nbconvert's CDN loaders and CSS)."""
    return _ASSETS.sub("", page_html)


def strip_clipboard(page_html: str) -> str:
    """Remove the clipboard-copy widgets, their hidden source copies and the empty collapsers."""
    return _COLLAPSER.sub("", _CLIPBOARD.sub("", page_html))


def mark_code(page_html: str) -> str:
    """Wrap code inputs in <code> and exclude inputs, outputs and prompts from the search index."""

    def code(match: re.Match[str]) -> str:
        source = _PLAIN_TOKEN.sub(r"\1", match.group("code"))
        return f"{match.group('open')} {SEARCH_EXCLUDE}><code>{source}</code></pre>"

    page_html = _CODE_INPUT.sub(code, page_html)
    page_html = _OUTPUT_PRE.sub(rf"\1 {SEARCH_EXCLUDE}", page_html)
    page_html = _OUTPUT_MARKDOWN.sub(rf"\1 {SEARCH_EXCLUDE}", page_html)
    return _PROMPT.sub(rf"\1 {SEARCH_EXCLUDE}", page_html)


def use_headerlinks(page_html: str) -> str:
    """Give nbconvert's heading anchors Material's permalink class (styled, not indexed)."""
    return _ANCHOR_LINK.sub('<a class="headerlink" href=', page_html)


def markdown_cells(page_html: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the inside of every rendered Markdown cell."""
    spans = []
    for match in _MARKDOWN_CELL.finditer(page_html):
        depth = 1
        for tag in _DIV_TAG.finditer(page_html, match.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                spans.append((match.end(), tag.start()))
                break
    return spans


def _formula(tex: str, display: bool, on_error: Callable[[MathError], None]) -> str | None:
    """MathML for one formula, or None after reporting a formula that does not convert."""
    try:
        return to_mathml(html.unescape(tex), display)
    except MathError as error:
        on_error(error)
        return None


def _text_math(text: str, on_error: Callable[[MathError], None]) -> str:
    """Replace $$...$$ (display) and $...$ (inline) inside one text node with MathML."""

    def replace(match: re.Match[str]) -> str:
        display = match.group("display") is not None
        rendered = _formula(match.group("display" if display else "inline"), display, on_error)
        if rendered is None:
            return match.group(0)
        return f'<span class="{"math-block" if display else "math-inline"}">{rendered}</span>'

    return _MATH.sub(replace, text)


def _render_cell_math(cell_html: str, on_error: Callable[[MathError], None]) -> str:
    """Render the math of one Markdown cell, leaving code, pre and existing MathML alone."""
    tokens = _TAG.split(cell_html)
    raw: list[str] = []
    for i, token in enumerate(tokens):
        if token.startswith("<"):
            name = _TAG_NAME.match(token)
            if name and name.group(2).lower() in _RAW_TAGS and not token.endswith("/>"):
                if name.group(1):
                    if raw and raw[-1] == name.group(2).lower():
                        raw.pop()
                else:
                    raw.append(name.group(2).lower())
            continue
        if raw or "$" not in token:
            continue
        whole = _MATH.fullmatch(token.strip())
        alone = tokens[i - 1 : i] == ["<p>"] and tokens[i + 1 : i + 2] == ["</p>"]
        if whole and whole.group("display") is not None and alone:
            # A paragraph that is only a display formula becomes a block, like Arithmatex's.
            rendered = _formula(whole.group("display"), True, on_error)
            if rendered is not None:
                tokens[i - 1 : i + 2] = ["", f'<div class="math-block">{rendered}</div>', ""]
                continue
        tokens[i] = _text_math(token, on_error)
    return "".join(tokens)


def render_markdown_math(page_html: str, on_error: Callable[[MathError], None]) -> str:
    """Convert $...$ and $$...$$ in rendered Markdown cells to MathML (never in code or outputs)."""
    out, last = [], 0
    for start, end in markdown_cells(page_html):
        out += [page_html[last:start], _render_cell_math(page_html[start:end], on_error)]
        last = end
    return "".join([*out, page_html[last:]])


def rewrite_doc_links(
    page_html: str,
    src_uri: str,
    page_url: str,
    url_of: Callable[[str], str | None],
    on_missing: Callable[[str], None],
) -> str:
    """Point relative links to .md/.ipynb sources at their built pages, as MkDocs does."""

    def rewrite(match: re.Match[str]) -> str:
        href = html.unescape(match.group("href"))
        path, hash_, fragment = href.partition("#")
        if not path.endswith(_SOURCE_EXT) or _SCHEME.match(path) or path.startswith("/"):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        url = url_of(target)
        if url is None:
            on_missing(href)
            return match.group(0)
        new = relative_url(url, page_url) + hash_ + fragment
        return match.group(1) + html.escape(new, quote=True) + match.group(3)

    return _LINK.sub(rewrite, page_html)


def page_header(css_href: str, notebook_href: str) -> str:
    """The stylesheet link and the notebook's download link, on a line before the notebook."""
    return (
        f'<link rel="stylesheet" href="{html.escape(css_href, quote=True)}">\n'
        f'<p class="nb-download-bar"><a href="{html.escape(notebook_href, quote=True)}" download '
        f'class="md-button nb-download">{DOWNLOAD_ICON}Download the notebook (.ipynb)</a></p>\n'
    )


GENERIC_ALT = 'alt="No description has been provided for this image"'


def image_alts(notebook_json: str) -> list[str | None]:
    """Alt text for each image output, in order, from its code cell's `image_alt` metadata."""
    notebook = json.loads(notebook_json)
    alts: list[str | None] = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        given = cell.get("metadata", {}).get("image_alt") or []
        given = [given] if isinstance(given, str) else list(given)
        images = [o for o in cell.get("outputs", [])
                  if any(kind.startswith("image/") for kind in o.get("data", {}))]
        alts.extend(given[i] if i < len(given) else None for i in range(len(images)))
    return alts


def set_image_alts(page_html: str, alts: list[str | None]) -> str:
    """Replace nbconvert's placeholder alt text with the notebook's own descriptions."""
    remaining = iter(alts)

    def replace(match: re.Match[str]) -> str:
        alt = next(remaining, None)
        return f'alt="{html.escape(alt, quote=True)}"' if alt else match.group(0)

    return re.sub(re.escape(GENERIC_ALT), replace, page_html)


_PNG_IMG = re.compile(
    r'<img (?P<attrs>[^>]*?)src="data:image/png;base64,(?P<data>[A-Za-z0-9+/=]+)"(?P<rest>[^>]*)>'
)
_SIZE_ATTR = re.compile(r"(?:^|\s)(?:width|height)=")


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk, or None if data is not a PNG."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def size_images(page_html: str, save: Callable[[bytes], str] | None = None) -> str:
    """Give each embedded PNG a width and height (no layout shift) and lazy loading; a size the
    notebook set (a figure drawn at twice the size it is shown) is kept. With save, each PNG
    leaves the page for the file whose URL save(png) returns: the page's HTML then holds no
    image bytes, so it arrives (and paints) before the figures below the fold load."""

    def replace(match: re.Match[str]) -> str:
        attrs, rest = match.group("attrs").replace('class="" ', ""), match.group("rest")
        data = match.group("data")
        if _SIZE_ATTR.search(attrs + " " + rest):
            size = ""
        else:
            found = png_size(base64.b64decode(data[:32]))  # 32 characters = 24 bytes
            if found is None:
                return match.group(0)
            size = f'width="{found[0]}" height="{found[1]}" '
        src = f"data:image/png;base64,{data}"
        if save is not None:
            src = html.escape(save(base64.b64decode(data)), quote=True)
        return f'<img {attrs}{size}loading="lazy" decoding="async" src="{src}"{rest}>'

    return _PNG_IMG.sub(replace, page_html)


def image_name(png: bytes) -> str:
    """A figure's file name, from its content: a changed figure gets a new name."""
    return f"figure-{hashlib.sha256(png).hexdigest()[:12]}.png"


def process_notebook(
    page_html: str,
    src_uri: str,
    page_url: str,
    url_of: Callable[[str], str | None],
    on_math_error: Callable[[MathError], None],
    on_missing_link: Callable[[str], None],
    alts: list[str | None] | None = None,
    save_image: Callable[[bytes], str] | None = None,
) -> str:
    """All of the above for one rendered notebook page body."""
    page_html = set_image_alts(strip_clipboard(strip_assets(page_html)), alts or [])
    page_html = size_images(page_html, save_image)
    page_html = use_headerlinks(mark_code(page_html))
    page_html = render_markdown_math(page_html, on_math_error)
    page_html = rewrite_doc_links(page_html, src_uri, page_url, url_of, on_missing_link)
    # mkdocs-jupyter copies the .ipynb next to the page's index.html (include_source: true).
    header = page_header(relative_url(STYLESHEET, page_url), posixpath.basename(src_uri))
    return header + page_html.strip() + "\n"
