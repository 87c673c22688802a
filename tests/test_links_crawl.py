"""The link crawler: every internal href and src of the built site resolves, anchors included."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from dl_glossary_dev.crawl import BrokenLink, crawl

ROOT = Path(__file__).resolve().parents[1]


def test_built_site_has_no_broken_links(built_site: Path) -> None:
    broken = crawl(built_site)
    assert not broken, "\n".join(map(str, broken))


def test_crawler_sees_a_deleted_page_of_the_real_site(built_site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    shutil.rmtree(copy / "inference" / "temperature")
    broken = crawl(copy)
    pages = {b.page for b in broken}
    assert "inference/top-p/index.html" in pages  # it links to temperature
    assert "glossary/index.html" in pages
    assert all(b.reason == "no such file" and "temperature" in b.url for b in broken), broken[:5]


def write(root: Path, rel: str, body: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html>\n<html><body>\n{body}\n</body></html>\n", encoding="utf-8")


def test_crawler_reports_page_line_and_reason(tmp_path: Path) -> None:
    write(tmp_path, "index.html", "\n".join([  # the body starts on line 3
        '<a href="a/">ok dir</a>',
        '<a href="a/#here">ok anchor</a>',
        '<a href="missing/">broken page</a>',
        '<a href="a/#nowhere">broken anchor</a>',
        '<img src="img/x.png" alt="">',
        '<script src="https://cdn.example.com/x.js"></script>',
        '<a href="https://example.com/">external link, not fetched</a>',
        '<a href="mailto:x@example.com">mail</a>',
        '<a href="#top">own anchor</a><p id="top"></p>',
        '<link rel="canonical" href="https://glossary.example.org/">',
        '<link rel="preconnect" href="https://fonts.example.com">',
        '<img srcset="a/pic.png 1x, a/pic@2x.png 2x" alt="">',
        '<a href="a/#legacy">anchor by name</a>',
        '<iframe src="//player.example.net/embed" title="x"></iframe>',
        '<a href="a">dir without slash</a> <a href="data:text/plain,hi">data</a>',
        '<svg><use href="#icon"/><use href="#nosuch"/></svg><i id="icon"></i>',
    ]))
    write(tmp_path, "a/index.html", '<h2 id="here">Here</h2><a href="../index.html#top">up</a>'
                                    '<a name="legacy"></a>')
    (tmp_path / "a" / "pic.png").write_bytes(b"")
    assert crawl(tmp_path) == [
        BrokenLink("index.html", 5, "missing/", "no such file"),
        BrokenLink("index.html", 6, "a/#nowhere", "no anchor #nowhere"),
        BrokenLink("index.html", 7, "img/x.png", "no such file"),
        BrokenLink("index.html", 8, "https://cdn.example.com/x.js", "foreign asset"),
        BrokenLink("index.html", 13, "https://fonts.example.com", "foreign asset"),
        BrokenLink("index.html", 14, "a/pic@2x.png", "no such file"),
        BrokenLink("index.html", 16, "//player.example.net/embed", "foreign asset"),
        BrokenLink("index.html", 18, "#nosuch", "no anchor #nosuch"),
    ]


def test_crawler_finds_links_in_tags_spread_over_lines(tmp_path: Path) -> None:
    """The line is where the tag starts; each page of a folder is reported with its own path."""
    write(tmp_path, "index.html", '<p>x</p>\n<a class="x"\n   href="nope.html">x</a>')
    write(tmp_path, "sub/page.html", '<a href="../index.html#gone">x</a>')
    assert crawl(tmp_path) == [
        BrokenLink("index.html", 4, "nope.html", "no such file"),
        BrokenLink("sub/page.html", 3, "../index.html#gone", "no anchor #gone"),
    ]


def test_cli_lists_broken_links_and_exits_1(tmp_path: Path) -> None:
    write(tmp_path, "index.html", '<link rel="stylesheet" href="css/missing.css">')
    result = subprocess.run([sys.executable, "scripts/crawl_site.py", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path.as_posix()}/index.html:3: broken link css/missing.css (no such file)",
        "1 broken link(s) on 1 page(s)",
    ]
    usage = subprocess.run([sys.executable, "scripts/crawl_site.py", str(tmp_path / "nope")],
                           cwd=ROOT, capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "not a built site" in usage.stderr
