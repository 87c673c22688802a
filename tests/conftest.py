"""Shared fixtures: the site built once per session, and small fixture glossaries under tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from dl_glossary.check.checker import Report, check_site
from dl_glossary.core.loader import load_site

ROOT = Path(__file__).resolve().parents[1]

#: Material's own stylesheets, as the theme ships them (before the build trims them).
MATERIAL_CSS = Path(__import__("material").__file__).parent / "templates" / "assets" / "stylesheets"
MKDOCS = [sys.executable, "-m", "mkdocs"]
#: Python 3.12+ warns when a process that runs threads forks; pytest may run some (the
#: session's local servers), and the worker tests fork on purpose. The build forks only without.
FORK_WARNING = "ignore:.*fork.*:DeprecationWarning"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with --strict."""
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DL_GLOSSARY": "true"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def concept(
    title: str,
    body: str = "",
    *,
    summary: str = "A made-up concept used by the checker's tests.",
    aliases: tuple[str, ...] = (),
    related: tuple[str, ...] = (),
    extra: str = "",
    prerequisites: tuple[str, ...] | None = (),
    questions: tuple[str, ...] | None = None,
) -> str:
    """A concept page with every required section; `body` goes after the definition.
    `prerequisites` (None leaves the key out) and, unless given (`()`: none), three questions
    of its own end the front matter, questions on the last line."""
    meta = [f"title: {title}", f"summary: {summary}"]
    if aliases:
        meta.append("aliases: [" + ", ".join(aliases) + "]")
    if related:
        meta.append("related: [" + ", ".join(related) + "]")
    if extra:
        meta.append(extra.strip())
    if prerequisites is not None:
        meta.append("prerequisites: [" + ", ".join(prerequisites) + "]")
    if questions is None:
        questions = (f"What is {title}", f"When does {title} matter", f"How is {title} used")
    if questions:
        meta.append("questions: [" + ", ".join(questions) + "]")
    return (
        "---\n" + "\n".join(meta) + "\n---\n\n"
        f"# {title}\n\nA definition in plain words.\n\n{body}\n\n"
        "## Why it matters for LLMs\n\nIt matters.\n\n"
        "## Example\n\nAn example.\n\n"
        "## Related\n\nSee the rest.\n\n"
        "## Sources\n\n- Someone (2020). *A paper*. "
        "[arXiv:2001.00001](https://arxiv.org/abs/2001.00001).\n"
    )


@dataclass
class FixtureSite:
    """A small glossary tree under tmp_path with its own mkdocs.yml."""

    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def write(self, src: str, text: str) -> Path:
        path = self.docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def write_config(self, nav: list[str] | None = None) -> None:
        pages = nav if nav is not None else sorted(
            p.relative_to(self.docs).as_posix() for p in self.docs.rglob("*.md")
        )
        lines = [
            "site_name: Fixture",
            "site_url: http://127.0.0.1:8000/",
            "strict: true",
            "theme: {name: material, font: false}",
            "validation: {omitted_files: warn, absolute_links: warn, "
            "unrecognized_links: warn, anchors: warn}",
            "plugins: [search, dl-glossary]",
            "markdown_extensions: [attr_list, def_list, md_in_html, toc, tables]",
            "nav:",
            *(f"  - '{page}'" for page in pages),
        ]
        (self.root / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def clean(self) -> FixtureSite:
        """Two terms that link each other, indexes with their markers, a complete nav."""
        self.write("index.md", "# Home\n\nWelcome.\n")
        self.write("glossary.md", "# A-Z\n\n<!-- glossary:a-z -->\n")
        self.write("core/index.md", "# Core\n\n<!-- glossary:section-terms -->\n")
        self.write(
            "core/quux-engine.md",
            concept("Quux Engine", "It feeds a [Frob Layer](frob-layer.md).",
                    aliases=("QE",), related=("frob-layer",)),
        )
        self.write(
            "core/frob-layer.md",
            concept("Frob Layer", "A frob layer sits under a [quux engine](quux-engine.md).",
                    aliases=("frobbing",), related=("quux-engine",)),
        )
        self.write_config()
        return self

    def check(self) -> Report:
        return check_site(load_site(self.root))

    def findings(self) -> list[tuple[str, int, int, str]]:
        return [(f.path, f.line, f.col, f.code) for f in self.check().findings]


@pytest.fixture
def fixture_site(tmp_path: Path) -> FixtureSite:
    """A clean two-term glossary to break in one way per test."""
    return FixtureSite(tmp_path).clean()


# -- browser fixtures: Playwright driving Debian's Chromium against the built site -------------
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
#: True once every in-page demo has finished mounting (or failing to); demos mount near the
#: viewport, so each waiting one is scrolled into view first. Without the loader none starts.
DEMOS_MOUNTED = """() => {
    // Demos mount near the viewport: bring each waiting one into view, then wait for all.
    document.querySelectorAll('.dl-demo[data-mounted="waiting"]')
        .forEach((el) => el.scrollIntoView());
    return ![...document.querySelectorAll('.dl-demo')]
        .some((el) => ['waiting', 'loading'].includes(el.dataset.mounted));
}"""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def content_pages(site: Path) -> list[str]:
    """URL paths of every real page of a built site: not the /t/ short-link redirect stubs."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel.startswith("t/"):
            continue
        paths.append(rel.removesuffix("index.html"))
    return paths


@pytest.fixture(scope="session")
def site_server(built_site: Path):
    """The built site served over HTTP on a free loopback port; yields the base URL."""
    from dl_glossary_dev.static_server import serve

    with serve(built_site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class PageWatch:
    """What a page did while a test drove it: console errors, failed and foreign requests."""

    console_errors: list[str]
    failed_requests: list[str]
    foreign_requests: list[str]


@pytest.fixture
def page(browser, site_server: str):
    """A fresh page that records console errors and blocks any request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    watch = PageWatch([], [], [])
    origin = site_server.rstrip("/")

    def route(route_obj) -> None:
        url = route_obj.request.url
        if url.startswith(origin) or url.startswith(("data:", "blob:")):
            route_obj.continue_()
        else:
            watch.foreign_requests.append(url)
            route_obj.abort()

    context.route("**/*", route)
    tab.on("console", lambda msg: watch.console_errors.append(msg.text)
           if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: watch.console_errors.append(str(exc)))
    tab.on("requestfailed", lambda req: watch.failed_requests.append(req.url))
    tab.watch = watch  # type: ignore[attr-defined]
    yield tab
    context.close()
