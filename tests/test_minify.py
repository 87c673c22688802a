"""Minified output: page indentation stripped (whitespace-keeping elements left as they were),
our own stylesheets (rcssmin, every build) and scripts (esbuild, when `npm ci` installed it);
without esbuild, or when it fails, the scripts stay as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT
from dl_glossary.postprocess import minify, minify_js, node_tool
from dl_glossary.postprocess.minify import strip_indentation
from dl_glossary.postprocess.minify_js import Minified, MinifyError, minify_site

NODE_MODULES = ROOT / "node_modules"
#: A module with what a naive minifier gets wrong: a nested template literal (its spaces are
#: text), a regular expression, `import.meta.url` and a dynamic import.
SCRIPT = """// A comment that goes.
const names = ["a b", "c"];
export const label = (x) => `Weights: ${names.map((n, i) => `${n} ${i + 1}`).join(", ")} / ${x}`;
export const pattern = /\\s+ {2}/g;
export const load = (name) => import(new URL(`./${name}.js`, import.meta.url).href);
"""


def small_site(root: Path) -> Path:
    site = root / "site"
    for folder in ("assets/javascripts", "assets/vendor/lib", "assets/demos"):
        (site / folder).mkdir(parents=True)
    (site / "assets/demos/demo.js").write_text(SCRIPT, encoding="utf-8")
    (site / "assets/javascripts/bundle.1234abcd.min.js").write_text("var  a = 1 ;\n")
    (site / "assets/vendor/lib/index.js").write_text("var  b = 2 ;\n")
    return site


def listing(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_only_our_scripts_and_stylesheets_are_minified() -> None:
    assert minify_js.is_own_script("assets/javascripts/glossary.js")
    assert minify_js.is_own_script("assets/demos/sampling.js")
    assert not minify_js.is_own_script("assets/javascripts/bundle.d7400e89.min.js")
    assert not minify_js.is_own_script("assets/vendor/minisearch/index.js")
    assert not minify_js.is_own_script("notebooks/x.js")
    assert minify.is_own_stylesheet("assets/stylesheets/extra.css")
    assert not minify.is_own_stylesheet("assets/vendor/x/style.css")
    assert not minify.is_own_stylesheet("assets/stylesheets/main.17cca3c3.min.css")


def test_stylesheet_loses_comments_and_blanks_and_keeps_its_rules() -> None:
    css = ("/* why */\n.a  >  .b {\n  color : red ;\n  margin: 0 auto;\n}\n"
           "@media (max-width: 30em) {\n  .c { display: none }\n}\n")
    assert minify.stylesheet(css) == (".a>.b{color:red;margin:0 auto}"
                                      "@media (max-width:30em){.c{display:none}}")


def test_scripts_are_minified_and_keep_their_literals(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    [done] = minify_site(site, listing(site), tmp_path / "cache", NODE_MODULES)
    js = (site / "assets/demos/demo.js").read_text(encoding="utf-8")
    assert done == Minified("assets/demos/demo.js", len(SCRIPT.encode()), len(js.encode()))
    assert done.minified_bytes < done.original_bytes and "A comment" not in js
    assert "${" in js and '" "' not in js and "} ${" in js  # the inner literal's space is text
    assert "/\\s+ {2}/g" in js and "import.meta.url" in js and "import(" in js
    assert (site / "assets/javascripts/bundle.1234abcd.min.js").read_text() == "var  a = 1 ;\n"
    assert (site / "assets/vendor/lib/index.js").read_text() == "var  b = 2 ;\n"


def test_second_minify_of_the_same_scripts_comes_from_the_cache(tmp_path: Path,
                                                                monkeypatch) -> None:
    first = minify_site(small_site(tmp_path / "a"), ["assets/demos/demo.js"],
                        tmp_path / "cache", NODE_MODULES)

    def no_esbuild(*args, **kwargs):
        raise AssertionError("esbuild ran again")

    monkeypatch.setattr(node_tool, "run", no_esbuild)
    assert minify_site(small_site(tmp_path / "b"), ["assets/demos/demo.js"],
                       tmp_path / "cache", NODE_MODULES) == first


def test_missing_esbuild_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert not minify_js.esbuild_available(tmp_path / "no_node_modules")
    with pytest.raises(MinifyError, match=r"npm ci"):
        minify_site(site, listing(site), tmp_path / "cache", tmp_path / "no_node_modules")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_failing_esbuild_is_reported_and_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    """A launcher script (as esbuild installs where it has no native binary) that fails."""
    site = small_site(tmp_path)
    fake = tmp_path / "node_modules/esbuild"
    (fake / "bin").mkdir(parents=True)
    (fake / "package.json").write_text(json.dumps({"version": "0.0.0"}), encoding="utf-8")
    (fake / "bin/esbuild").write_text("#!/usr/bin/env node\nconsole.error('boom'); "
                                      "process.exit(3)\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    with pytest.raises(MinifyError, match=r"esbuild failed \(exit 3\): boom"):
        minify_site(site, listing(site), tmp_path / "cache", tmp_path / "node_modules")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not list((tmp_path / "cache").rglob("*.js"))  # nothing half-made is cached


def test_built_site_serves_our_files_minified(built_site: Path) -> None:
    for rel in ("assets/stylesheets/extra.css", "assets/demos/demos.css"):
        source = (ROOT / "docs" / rel).read_text(encoding="utf-8")
        built = (built_site / rel).read_text(encoding="utf-8")
        assert "/*" in source and "/*" not in built, rel
        assert built == minify.stylesheet(source) and len(built) < 0.9 * len(source), rel
    for rel in ("assets/javascripts/glossary.js", "assets/demos/loader.js"):  # `make test` has
        source = (ROOT / "docs" / rel).read_bytes()                        # run `npm ci`
        built = (built_site / rel).read_bytes()
        assert len(built) < 0.75 * len(source), (rel, len(built), len(source))


def test_strips_indentation_and_blank_lines_only_outside_kept_elements() -> None:
    page = ("<ul>\n    <li><a>x</a>\n\n      <a>y</a></li>\n</ul>\n"
            "<pre><code>def f():\n    return 1\n</code></pre>\n  <textarea>\n  a\n</textarea>\n"
            "<script>\n  const s = `\n    kept`;\n</script>\n"
            "<STYLE>\n  p { color: red }\n</STYLE>\n  <p>end</p>")
    assert strip_indentation(page) == (
        "<ul>\n<li><a>x</a>\n<a>y</a></li>\n</ul>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n<textarea>\n  a\n</textarea>\n"
        "<script>\n  const s = `\n    kept`;\n</script>\n<STYLE>\n  p { color: red }\n</STYLE>\n"
        "<p>end</p>")


def test_built_pages_keep_code_indentation(built_site: Path) -> None:
    page = (built_site / "notebooks/lora-fine-tuning/index.html").read_text(encoding="utf-8")
    outside = re.sub(r"<(pre|script|style|textarea)\b.*?</\1>", "", page, flags=re.S)
    assert not re.search(r"\n[ \t]", outside)
    indented_code = [block for block in re.findall(r"<pre\b.*?</pre>", page, flags=re.S)
                     if re.search(r"\n {4}\S", block)]
    assert indented_code  # Python's indentation survives in the notebook's code cells
