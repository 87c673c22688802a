"""Deploy headers: `_headers` is generated from the built pages, and its Content-Security-Policy
blocks nothing the site needs when the site is served with it in Chromium."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from dl_glossary.postprocess import headers
from dl_glossary_dev.static_server import serve

#: sha256 of the empty string, base64: a well-known value, not computed by the code under test.
EMPTY_SHA256 = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
WRITE_SCRIPT = "document.write('<b style=\"x\">')"
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""
PAGES = ["", "core/neural-network/", "glossary/", "quick-reference/",
         "notebooks/lora-fine-tuning/", "inference/temperature/", "tokenization/tokenizer/",
         "transformer/self-attention/", "404.html", "t/rlhf/"]


# -- the generator, on a tiny site ---------------------------------------------------------------

def tiny_site(root: Path) -> Path:
    (root / "a").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "index.html").write_text(
        "<!doctype html><html><head><script></script>"
        '<script type="application/ld+json">{"@type": "Thing"}</script>'
        '<script src="x.js"></script><style></style></head>\n'
        '<body>\n<p>one</p>\n<p style="color: red">two</p>\n'
        f"<script>{WRITE_SCRIPT}</script></body></html>",
        encoding="utf-8")
    (root / "a" / "index.html").write_text("<script></script>", encoding="utf-8")
    (root / "assets" / "bundle.0123abcd.min.js").write_text("", encoding="utf-8")
    (root / "assets" / "extra.js").write_text("", encoding="utf-8")
    (root / "search").mkdir()
    (root / "search" / "search_index.json").write_text("{}", encoding="utf-8")
    return root


def sha256_source(text: str) -> str:
    """The CSP hash source of text, computed here rather than by the code under test."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_hashes_cover_executed_inline_scripts_only(tmp_path: Path) -> None:
    site = tiny_site(tmp_path)
    script_hashes = headers.inline_script_hashes(site)
    assert sorted([EMPTY_SHA256, sha256_source(WRITE_SCRIPT)]) == script_hashes
    assert headers.inline_style_hashes(site) == [EMPTY_SHA256]


def test_inline_style_attributes_are_found_with_their_line(tmp_path: Path) -> None:
    site = tiny_site(tmp_path)
    assert headers.inline_style_attributes(site) == [headers.InlineStyle("index.html", 4)]


def test_style_attributes_only_inside_tags(tmp_path: Path) -> None:
    found = headers.InlineCode()
    found.add("p.html", '<p>style = "prose"</p>\n<div\n  class="a" style="x">y</div>'
                        '<p data-style="ok" mystyle="ok">z</p>')
    assert found.style_attributes == [headers.InlineStyle("p.html", 3)]


def test_style_inside_a_script_is_not_inline_style(tmp_path: Path) -> None:
    found = headers.InlineCode()
    found.add("p.html", '<script>x = "<style>a{}</style><b style=y>"</script><style></style>')
    assert found.style_hashes == {EMPTY_SHA256} and found.style_attributes == []


def test_pages_scanned_in_memory_are_not_read_again(tmp_path: Path) -> None:
    """The build scans each page as it writes it; the headers file reads only the others."""
    site = tiny_site(tmp_path)
    scanned = headers.InlineCode()
    scanned.add("index.html", "<script>in memory</script>")
    found = headers.scan_site(site, scanned)
    assert found.script_hashes == {sha256_source("in memory"), EMPTY_SHA256}  # a/index.html
    assert found.style_attributes == [] and found.pages == {"index.html", "a/index.html"}


def test_headers_file_rules(tmp_path: Path) -> None:
    site = tiny_site(tmp_path)
    rules = headers.parse_headers(headers.headers_file(site, "/docs/"))
    page = headers.headers_for(rules, "/docs/a/")
    csp = page["Content-Security-Policy"]
    assert csp.startswith("default-src 'self'; script-src 'self' ")
    assert EMPTY_SHA256 in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    short = "public, max-age=300, must-revalidate"
    for html in ("/docs/", "/docs/index.html", "/docs/a/", "/docs/a/index.html"):
        assert headers.headers_for(rules, html)["Cache-Control"] == short, html
    bundle = headers.headers_for(rules, "/docs/assets/bundle.0123abcd.min.js")
    assert bundle["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Cache-Control" not in headers.headers_for(rules, "/docs/assets/extra.js")
    assert "Cache-Control" not in headers.headers_for(rules, "/docs/search/search_index.json")
    assert headers.headers_for(rules, "/elsewhere/") == {}


def test_limit_problems() -> None:
    assert headers.limit_problems("/*\n  X-A: b\n") == []
    too_many = "".join(f"/p{n}\n  X-A: b\n" for n in range(101))
    assert headers.limit_problems(too_many) == ["101 rules, more than 100"]
    assert headers.limit_problems("/*\n  X-A: " + "b" * 2000 + "\n") == [
        "line 2: 2007 characters, more than 2000"]


def test_built_headers_give_each_file_one_cache_rule(built_site: Path) -> None:
    """Pages get the short cache, fingerprinted bundles the long one, nothing gets both."""
    text = (built_site / "_headers").read_text(encoding="utf-8")
    assert headers.limit_problems(text) == []
    rules = headers.parse_headers(text)
    immutable = 0
    for file in built_site.rglob("*"):
        if not file.is_file():
            continue
        url = "/" + file.relative_to(built_site).as_posix()
        cache = headers.headers_for(rules, url).get("Cache-Control")
        assert cache is None or cache.count("max-age") == 1, (url, cache)
        if file.suffix == ".html":
            assert cache == headers.HTML_CACHE, url
            if file.name == "index.html":
                assert headers.headers_for(rules, url.removesuffix("index.html")) == \
                    headers.headers_for(rules, url), url
        elif headers.FINGERPRINTED.search(url):
            assert cache == headers.IMMUTABLE, url
            immutable += 1
    assert immutable >= 3  # Material's bundle, stylesheet and palette at least


# -- the real site in Chromium, served with its headers ------------------------------------------

@pytest.fixture(scope="module")
def csp_server(built_site: Path):
    with serve(built_site, with_headers=True) as base_url:
        yield base_url


@pytest.fixture
def csp_page(browser, csp_server: str):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda m: tab.console_errors.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()


def violations(tab) -> list[str]:
    return tab.evaluate("window.__csp") + [e for e in tab.console_errors
                                           if "Content Security Policy" in e]


def test_served_pages_carry_the_policy(csp_page, csp_server: str) -> None:
    response = csp_page.goto(csp_server + "core/neural-network/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_no_page_trips_the_policy(csp_page, csp_server: str) -> None:
    found = []
    for path in PAGES:
        csp_page.goto(csp_server + path)
        if csp_page.locator(".dl-demo").count():
            csp_page.locator(".dl-demo").first.scroll_into_view_if_needed()  # mounts when near
            csp_page.wait_for_selector(".dl-demo[data-mounted='ready']")
            csp_page.locator(".dl-demo button").first.click()
        csp_page.wait_for_load_state("networkidle")
        found += [f"/{path}: {v}" for v in violations(csp_page)]
    assert not found, "\n".join(found)


def test_search_preview_and_instant_navigation_work_under_the_policy(csp_page,
                                                                    csp_server: str) -> None:
    csp_page.goto(csp_server + "inference/")
    csp_page.keyboard.press("/")
    csp_page.locator("input[data-md-component='search-query']").fill("kv cache")
    csp_page.keyboard.press("End")  # Material reads the query on keyup
    first = csp_page.locator(".md-search-result__item a").first
    first.wait_for()
    assert "kv-cache" in first.get_attribute("href")
    csp_page.keyboard.press("Escape")
    link = csp_page.locator("article a[href$='temperature/']").first
    link.hover()
    csp_page.wait_for_selector(".dl-preview:not([hidden])")
    link.click()
    csp_page.wait_for_url("**/inference/temperature/")
    csp_page.locator(".dl-demo").scroll_into_view_if_needed()
    csp_page.wait_for_selector(".dl-demo[data-mounted='ready']")
    assert not violations(csp_page)


def test_policy_blocks_an_injected_inline_script_and_style(csp_page, csp_server: str) -> None:
    """The harness can fail: inline code the build did not hash is blocked and reported."""
    csp_page.goto(csp_server)
    csp_page.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.__ran = true';
        document.body.append(s);
        document.body.insertAdjacentHTML('beforeend', '<p style="color: red">x</p>');
    }""")
    csp_page.wait_for_timeout(100)
    assert csp_page.evaluate("window.__ran") is None
    directives = " ".join(csp_page.evaluate("window.__csp"))
    assert "script-src" in directives and "style-src" in directives


def test_policy_blocks_an_inline_script_served_in_the_page(csp_page, csp_server: str) -> None:
    """A page whose HTML carries an inline script the build did not hash: blocked, reported."""

    def inject(route) -> None:
        response = route.fetch()
        body = response.text().replace("</body>", "<script>window.__ran = true</script></body>")
        route.fulfill(response=response, body=body)

    csp_page.route(csp_server + "core/neural-network/", inject)
    csp_page.goto(csp_server + "core/neural-network/")
    csp_page.wait_for_load_state("networkidle")
    assert csp_page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in violations(csp_page))
    assert any("Content Security Policy" in e for e in csp_page.console_errors)
