"""Material's stylesheets trimmed by PurgeCSS: what goes, what stays, and that no page of the
built site looks any different for it (computed styles compared in Chromium)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from conftest import FORK_WARNING, MATERIAL_CSS, ROOT
from dl_glossary.postprocess import node_tool, purge_css
from dl_glossary.postprocess.purge_css import Purged, PurgeError, purge_site

SHEET = "main.0123abcd.min.css"


def small_site(root: Path) -> Path:
    """A built-site lookalike: one Material-named stylesheet, a page, a script, a redirect."""
    site = root / "site"
    (site / "assets/stylesheets").mkdir(parents=True)
    (site / "assets/javascripts").mkdir(parents=True)
    (site / "t/x").mkdir(parents=True)
    (site / "assets/stylesheets" / SHEET).write_text(
        ".used{color:red}.unused{color:blue}.added-by-script{color:green}"
        "[data-mode=dark] .used{color:white}[data-mode=sepia]{color:brown}"
        "@keyframes spin{to{transform:rotate(1turn)}}", encoding="utf-8")
    (site / "assets/stylesheets" / (SHEET + ".map")).write_text("{}", encoding="utf-8")
    (site / "assets/stylesheets/extra.css").write_text(".ours{color:red}", encoding="utf-8")
    (site / "index.html").write_text(
        f'<link rel="stylesheet" href="assets/stylesheets/{SHEET}">'
        '<body data-mode="dark"><p class="used">x</p></body>', encoding="utf-8")
    (site / "assets/javascripts/app.js").write_text(
        'el.classList.add("added-by-script")', encoding="utf-8")
    (site / "t/x/index.html").write_text('<meta http-equiv="refresh" content="0; url=../../">',
                                         encoding="utf-8")
    return site


def test_purge_keeps_used_rules_and_refingerprints(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    [done] = purge_site(site, tmp_path / "cache")
    css = (site / done.purged).read_text(encoding="utf-8")
    assert ".used{" in css and ".added-by-script{" in css and "[data-mode=dark] .used" in css
    assert ".unused" not in css and "sepia" not in css
    assert "@keyframes spin" in css  # PurgeCSS keeps keyframes unless told otherwise
    digest = hashlib.sha256(css.encode()).hexdigest()[:8]
    purged_name = f"assets/stylesheets/main.{digest}.min.css"
    assert done == Purged(f"assets/stylesheets/{SHEET}", purged_name, done.original_bytes,
                          len(css.encode()))
    assert done.purged_bytes < done.original_bytes
    assert not (site / "assets/stylesheets" / SHEET).exists()
    assert not (site / "assets/stylesheets" / (SHEET + ".map")).exists()
    assert (site / "assets/stylesheets/extra.css").read_text() == ".ours{color:red}"  # not ours
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{done.purged}"' in page and SHEET not in page


def test_pages_are_pointed_at_the_new_names_in_place(tmp_path: Path, monkeypatch) -> None:
    """Every occurrence changes, nothing else; a name as long as the old one is written over it
    (the file is not written again), a longer one makes a new file's bytes."""
    written: list[str] = []  # pages opened to be written from scratch, by any means
    real_open = open

    def watched_open(file, mode="r", *args, **kwargs):
        if "w" in mode or "a" in mode:
            written.append(Path(file).name)
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watched_open)
    monkeypatch.setattr("io.open", watched_open)  # what pathlib's write_text/write_bytes call
    page = tmp_path / "index.html"
    text = (f'<link href="a/{SHEET}"><link href="a/palette.89abcdef.min.css">é '
            f'<code>{SHEET}</code> {SHEET}{SHEET}\n')
    page.write_text(text, encoding="utf-8")
    written.clear()
    same = {SHEET: "main.ffff0000.min.css", "palette.89abcdef.min.css": "palette.11112222.min.css"}
    purge_css._point_pages_at([page], same)
    expected = text.replace(SHEET, same[SHEET]).replace("palette.89abcdef", "palette.11112222")
    assert page.read_text(encoding="utf-8") == expected
    assert written == []
    purge_css._point_pages_at([page], {same[SHEET]: "main.longer0000.min.css"})
    assert page.read_text(encoding="utf-8") == expected.replace(same[SHEET],
                                                                "main.longer0000.min.css")
    assert written == ["index.html"]


def test_second_purge_of_the_same_site_comes_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    first = purge_site(small_site(tmp_path / "a"), tmp_path / "cache")

    def no_node(*args, **kwargs):
        raise AssertionError("PurgeCSS ran again")

    monkeypatch.setattr(purge_css, "_run_purgecss", no_node)
    assert purge_site(small_site(tmp_path / "b"), tmp_path / "cache") == first


def test_missing_purgecss_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    with pytest.raises(PurgeError, match=r"npm ci"):
        purge_site(site, tmp_path / "cache", node_modules=tmp_path / "no_node_modules")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_failing_purgecss_is_reported_and_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    fake = tmp_path / "node_modules/purgecss"
    (fake / "bin").mkdir(parents=True)
    (fake / "package.json").write_text(json.dumps({"version": "0.0.0"}), encoding="utf-8")
    (fake / "bin/purgecss.js").write_text("console.error('boom'); process.exit(3)",
                                          encoding="utf-8")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    with pytest.raises(PurgeError, match=r"exit 3\): boom"):
        purge_site(site, tmp_path / "cache", node_modules=tmp_path / "node_modules")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not list((tmp_path / "cache").rglob("*.css"))  # nothing half-made is cached


def test_pages_hashed_as_written_are_not_read_for_the_cache_key(
        tmp_path: Path, monkeypatch) -> None:
    """The build hands over each page's hash as it writes it; the purge does not read it again."""
    [first] = purge_site(small_site(tmp_path / "a"), tmp_path / "cache")
    site = small_site(tmp_path / "b")
    hashes = {"index.html": node_tool.content_hash((site / "index.html").read_bytes())}
    opened = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: (opened.append(self.name),
                                                          original(self))[1])
    assert purge_site(site, tmp_path / "cache", page_hashes=hashes) == [first]
    assert "index.html" not in opened
    assert f'href="{first.purged}"' in (site / "index.html").read_text(encoding="utf-8")


def test_a_build_without_node_keeps_material_stylesheets(fixture_site) -> None:
    """Node is optional: no node_modules and no node on PATH is one info line, not a warning."""
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                           cwd=fixture_site.root, capture_output=True, text=True, check=False,
                           env=env, timeout=300)
    assert build.returncode == 0, build.stderr
    lines = [line for line in build.stderr.splitlines() if "PurgeCSS" in line or "esbuild" in line]
    assert lines == ["INFO    -  dl_glossary: PurgeCSS is not installed (`npm ci` or `make build` "
                     "installs it): Material's stylesheets are kept whole",
                     "INFO    -  dl_glossary: esbuild is not installed (`npm ci` or `make build` "
                     "installs it): the site's scripts are served as written"]
    # The one warning a fixture build gives is that its site_url is localhost (issue 16).
    warnings = [line for line in build.stderr.splitlines() if line.startswith("WARNING")]
    assert all("site_url is http://127.0.0.1:8000/" in line for line in warnings), warnings
    sheets = [p.name for p in (fixture_site.root / "site/assets/stylesheets").glob("*.css")]
    assert {p.name for p in MATERIAL_CSS.glob("*.min.css")} <= set(sheets)


def test_built_site_uses_purged_material_stylesheets(built_site: Path) -> None:
    folder = built_site / "assets/stylesheets"
    for name in ("main", "palette"):
        [original] = MATERIAL_CSS.glob(f"{name}.*.min.css")
        [purged] = folder.glob(f"{name}.*.min.css")
        assert not (folder / original.name).exists()
        css = purged.read_bytes()
        assert purged.name == f"{name}.{hashlib.sha256(css).hexdigest()[:8]}.min.css"
        assert len(css) < 0.8 * original.stat().st_size, (purged.name, len(css))
    shared = {p.name for p in folder.glob("*.css") if p.name not in PAGE_SHEETS}
    assert {p.name for p in folder.glob("*.css")} - shared == set(PAGE_SHEETS)
    for page, own in [("index.html", set()), ("404.html", {"notfound.css"}),
                      ("core/neural-network/index.html", set()), ("map/index.html", {"map.css"}),
                      ("paths/api-bill/index.html", {"paths.css"})]:
        html = (built_site / page).read_text("utf-8")
        links = re.findall(r'href="([^"]*assets/stylesheets/[^"]+)"', html)
        assert {Path(link).name for link in links} == shared | own, page


#: Stylesheets that only the pages needing them link (the rest is shared by every page).
PAGE_SHEETS = ("map.css", "notebook.css", "notfound.css", "paths.css")


#: What a reader sees of an element: enough to catch any rule the purge dropped by mistake.
PROPERTIES = ["display", "position", "visibility", "float", "box-sizing", "width", "height",
              "margin", "padding", "border", "border-radius", "color", "background-color",
              "background-image", "font-family", "font-size", "font-weight", "font-style",
              "line-height", "text-align", "text-decoration-line", "white-space", "overflow",
              "opacity", "transform", "box-shadow", "outline-style", "list-style-type",
              "z-index", "flex-direction", "grid-template-columns", "fill", "mask-image"]
COMPUTED_STYLES = """(props) => [...document.querySelectorAll('body *')].map((el, i) => {
    const style = getComputedStyle(el);
    return [i + ' ' + el.tagName.toLowerCase() + '.' + [...el.classList].join('.'),
            props.map((p) => p + ': ' + style.getPropertyValue(p)).join('; ')];
})"""
PAGES = ["", "core/neural-network/", "inference/temperature/", "glossary/", "quick-reference/",
         "notebooks/lora-fine-tuning/", "transformer/self-attention/"]


def computed_styles(browser, site_server: str, path: str, scheme: str, originals: dict[str, Path]):
    """Every element's computed style on a page, served with the given stylesheet files."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    for url_name, file in originals.items():
        body = file.read_bytes()
        context.route(f"**/assets/{url_name}",
                      lambda route, _request, body=body: route.fulfill(body=body,
                                                                       content_type="text/css"))
    tab = context.new_page()
    try:
        tab.goto(site_server + path, wait_until="networkidle")
        tab.evaluate("document.getAnimations().forEach((a) => a.finish())")
        return tab.evaluate(COMPUTED_STYLES, PROPERTIES)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_purge_and_minify_change_no_computed_style(browser, site_server: str, built_site: Path,
                                        scheme: str) -> None:
    """Each page looks exactly the same with Material's full stylesheets and our unminified
    sources as with the purged and minified files the site serves."""
    folder = built_site / "assets/stylesheets"
    originals = {f"stylesheets/{purged.name}":
                 next(MATERIAL_CSS.glob(f"{purged.name.split('.')[0]}.*.min.css"))
                 for purged in folder.glob("*.min.css")}
    assert len(originals) == 2
    for rel in ("stylesheets/extra.css", "stylesheets/notebook.css", "demos/demos.css"):
        originals[rel] = ROOT / "docs/assets" / rel
    differences = []
    for path in PAGES:
        purged = computed_styles(browser, site_server, path, scheme, {})
        full = computed_styles(browser, site_server, path, scheme, originals)
        assert len(purged) == len(full) > 100, path
        differences += [f"/{path} {a[0]}:\n  purged {a[1]}\n  full   {b[1]}"
                        for a, b in zip(purged, full, strict=True) if a != b]
    assert not differences, "\n".join(differences[:20])



def stream_of(site: Path) -> purge_css.PurgeStream:
    sheets = purge_css.stylesheets(site, [f"assets/stylesheets/{SHEET}", "index.html"])
    assert sheets == [site / "assets/stylesheets" / SHEET]
    return purge_css.PurgeStream(node_tool.NODE_MODULES, sheets)


def test_purge_fed_page_by_page_writes_what_the_purgecss_command_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stream reads pages as the build writes them; the result is the command's, byte for
    byte, and the files it was not given are read at the end."""
    whole = purge_site(small_site(tmp_path / "a"), tmp_path / "cache-a")
    monkeypatch.setattr(purge_css, "_run_purgecss",
                        lambda *a: pytest.fail("the stream's result was not used"))
    site = small_site(tmp_path / "b")
    stream = stream_of(site)
    stream.add(site / "index.html")
    fed = purge_site(site, tmp_path / "cache-b", stream=stream)
    assert fed == whole and stream.process is None
    assert (site / fed[0].purged).read_bytes() == (tmp_path / "a/site" / whole[0].purged
                                                   ).read_bytes()
    assert stream.sent == {site / "index.html", site / "assets/javascripts/app.js"}


def feed_a_redirect_page(site: Path, stream: purge_css.PurgeStream) -> None:
    stream.add(site / "t/x/index.html")  # a redirect page, which PurgeCSS is not to read


def kill_node(site: Path, stream: purge_css.PurgeStream) -> None:
    """Node gone while pages are still being fed (killed, out of memory)."""
    assert stream.process is not None
    stream.process.kill()
    stream.process.wait()


@pytest.mark.parametrize("spoil", [feed_a_redirect_page, kill_node])
def test_a_stream_gone_wrong_leaves_the_work_to_the_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil) -> None:
    """No traceback and no error: the purge runs as a whole, as without a stream."""
    site = small_site(tmp_path)
    stream = stream_of(site)
    spoil(site, stream)
    ran: list[bool] = []
    real = purge_css._run_purgecss
    monkeypatch.setattr(purge_css, "_run_purgecss", lambda *a: ran.append(True) or real(*a))
    [done] = purge_site(site, tmp_path / "cache", stream=stream)
    assert ran == [True] and stream.process is None
    assert ".unused" not in (site / done.purged).read_text(encoding="utf-8")


def test_a_stream_is_stopped_when_the_cache_has_the_result(tmp_path: Path) -> None:
    first = purge_site(small_site(tmp_path / "a"), tmp_path / "cache")
    site = small_site(tmp_path / "b")
    stream = stream_of(site)
    process = stream.process
    assert purge_site(site, tmp_path / "cache", stream=stream) == first
    assert stream.process is None and process is not None and process.returncode is not None
    assert purge_css.looks_cold(tmp_path / "empty") and not purge_css.looks_cold(
        tmp_path / "cache")


@pytest.mark.filterwarnings(FORK_WARNING)
def test_a_build_with_the_glossary_plugin_off_starts_no_purgecss(
        fixture_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`DL_GLOSSARY=false` (the benchmark's baseline) runs none of the plugin's work."""
    monkeypatch.setattr(purge_css, "PurgeStream",
                        lambda *a: pytest.fail("PurgeCSS started by a disabled plugin"))
    config = load_config(str(fixture_site.root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    config.plugins["dl-glossary"].config["enabled"] = False
    mkdocs_build(config)
    assert (tmp_path / "out/index.html").is_file()
