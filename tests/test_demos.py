"""In-page demos in Chromium: every control changes the output, the numbers shown equal
independent Python reference implementations of the same formulas, and each demo agrees with
the worked example on its page (read from the page's Markdown source)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from dl_glossary.build import bpe

ROOT = Path(__file__).resolve().parents[1]
DEMO_PAGES = {
    "sampling": ["inference/temperature/", "inference/top-p/", "inference/top-k-sampling/"],
    "tokenizer": [
        "tokenization/token/", "tokenization/tokenizer/", "tokenization/byte-pair-encoding/",
    ],
    "attention": ["transformer/self-attention/"],
    "kv-cache": ["inference/kv-cache/"],
    "weight-memory": ["inference/quantization/"],
    "lora-params": ["fine-tuning/lora/"],
    "chinchilla": ["scaling/scaling-laws/"],
}
MAX_SCRIPT_BYTES = 30 * 1024
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def open_demo(page, site_server: str, path: str):
    """Load a page, scroll to its demo (demos mount near the viewport) and wait until it is
    mounted; returns the demo element."""
    page.goto(site_server + path)
    demo = page.locator(".dl-demo").first
    demo.scroll_into_view_if_needed()
    page.wait_for_selector(".dl-demo[data-mounted='ready'], .dl-demo[data-mounted='failed']")
    assert demo.get_attribute("data-mounted") == "ready", demo.inner_text()
    return demo


def module(page, site_server: str, name: str, export: str):
    """An exported constant of a demo module, read in the page (the test's input data)."""
    return page.evaluate("([url, key]) => import(url).then((m) => m[key])",
                         [f"{site_server}assets/demos/{name}.js", export])


def values(demo, selector: str) -> list[float]:
    """data-value of every element matching selector, as floats."""
    return [float(v) for v in demo.locator(selector).evaluate_all(
        "els => els.map(e => e.dataset.value)")]


def value(demo, selector: str) -> float:
    return float(demo.locator(selector).first.get_attribute("data-value"))


def assert_clean(page) -> None:
    watch = page.watch
    assert not watch.console_errors, watch.console_errors
    assert not watch.failed_requests, watch.failed_requests
    assert not watch.foreign_requests, watch.foreign_requests


def example(md: str) -> str:
    """The "## Example" section of a page's Markdown source, TeX digit groups (`8{,}192`)
    written as plain numbers (`8,192`)."""
    text = (ROOT / "docs" / md).read_text(encoding="utf-8")
    section = text.split("\n## Example\n", 1)[1].split("\n## ", 1)[0]
    return section.replace("{,}", ",")


def md_table(section: str, header_word: str) -> list[list[str]]:
    """Rows (cells stripped) of the first Markdown table whose header row contains header_word,
    the header row first."""
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|") and header_word in line)
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not all(set(c) <= set("-: ") for c in cells):
            rows.append(cells)
    return rows


# -- every demo page ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "path"), [(n, p) for n, ps in DEMO_PAGES.items() for p in ps])
def test_demo_mounts_light_and_without_errors(page, site_server: str, built_site: Path,
                                              name: str, path: str) -> None:
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    demo = open_demo(page, site_server, path)
    assert demo.get_attribute("data-demo") == name
    demo_scripts = sorted({u.split(site_server, 1)[1] for u in scripts if "/assets/demos/" in u})
    assert f"assets/demos/{name}.js" in demo_scripts
    size = sum((built_site / u).stat().st_size for u in demo_scripts)
    assert size <= MAX_SCRIPT_BYTES, (demo_scripts, size)
    for control in demo.locator("input, select, textarea, button").all():
        label = control.evaluate(
            "el => el.labels?.[0]?.textContent || el.getAttribute('aria-label') || el.textContent")
        assert label and label.strip(), control.evaluate("el => el.outerHTML")
    assert demo.locator("[aria-live]").count() >= 1
    assert_clean(page)


def test_demo_page_without_demo_loads_no_demo_module(page, site_server: str) -> None:
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url))
    page.goto(site_server + "core/neural-network/")
    page.wait_for_load_state("networkidle")
    loaded = [u.rsplit("/", 1)[1] for u in scripts if "/assets/demos/" in u]
    assert loaded == ["loader.js"]  # neither a demo module nor demos.css
    assert_clean(page)


def test_demo_far_below_the_fold_waits_until_the_reader_scrolls(page, site_server: str) -> None:
    """A reader who never reaches "Try it" downloads no demo; scrolling towards it mounts it."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_server + "inference/temperature/")
    page.wait_for_load_state("networkidle")
    demo = page.locator(".dl-demo")
    assert demo.get_attribute("data-mounted") == "waiting"
    assert [u for u in requests if "/assets/demos/" in u and "loader.js" not in u] == []
    demo.scroll_into_view_if_needed()
    page.wait_for_selector(".dl-demo[data-mounted='ready']")
    assert any(u.endswith("/assets/demos/sampling.js") for u in requests)
    assert_clean(page)


def test_demo_mounts_after_instant_navigation(page, site_server: str) -> None:
    page.goto(site_server + "inference/")
    page.locator("article a[href$='temperature/']").first.click()
    page.wait_for_url("**/inference/temperature/")
    page.locator(".dl-demo").scroll_into_view_if_needed()
    page.wait_for_selector(".dl-demo[data-mounted='ready']")
    # The demos' stylesheet came with the demo: its rules apply to the mounted controls.
    assert page.evaluate("""() => [...document.styleSheets]
        .some((sheet) => (sheet.href || '').endsWith('/assets/demos/demos.css'))""")
    assert page.locator(".dl-demo .dl-field").first.evaluate(
        "el => getComputedStyle(el).display") == "flex"
    assert_clean(page)


# -- sampling -------------------------------------------------------------------------------------

def reference_sampling(logits: np.ndarray, temperature: float, top_k: int, top_p: float):
    """Temperature softmax, then top-k, then top-p on the renormalised survivors."""
    if temperature == 0:
        probs = np.zeros_like(logits)
        probs[int(np.argmax(logits))] = 1.0
    else:
        z = logits / temperature
        probs = np.exp(z - z.max())
        probs /= probs.sum()
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))[:top_k]
    kept_mass = sum(probs[i] for i in order)
    keep, cumulative = [], 0.0
    for i in order:
        if keep and cumulative >= top_p:
            break
        keep.append(i)
        cumulative += probs[i] / kept_mass
    final = np.zeros_like(probs)
    final[keep] = probs[keep] / probs[keep].sum()
    nz = final[final > 0]
    return probs, final, float(-(nz * np.log2(nz)).sum()), len(keep)


SAMPLING_SETTINGS = [(1.0, 4, 1.0), (0.5, 4, 1.0), (1.5, 3, 1.0), (1.0, 4, 0.8), (0.7, 2, 0.9),
                     (0.0, 4, 1.0), (2.0, 3, 0.5), (0.25, 4, 0.95), (0.05, 4, 1.0)]


def set_sampling(demo, temperature: float, top_k: int, top_p: float) -> None:
    demo.locator("input[name=temperature]").fill(str(temperature))
    demo.locator("input[name=top-k]").fill(str(top_k))
    demo.locator("input[name=top-p]").fill(str(top_p))


def test_sampling_matches_reference(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "inference/temperature/")
    table = module(page, site_server, "sampling", "LOGITS")
    logits = np.array([z for _, z in table], dtype=float)
    for temperature, top_k, top_p in SAMPLING_SETTINGS:
        set_sampling(demo, temperature, top_k, top_p)
        _, final, bits, kept = reference_sampling(logits, temperature, top_k, top_p)
        shown = values(demo, ".dl-chart__value")
        setting = str((temperature, top_k, top_p))
        np.testing.assert_allclose(shown, final, atol=1e-12, err_msg=setting)
        np.testing.assert_allclose(values(demo, "td.dl-prob"), final, atol=1e-12)
        assert value(demo, ".dl-entropy") == pytest.approx(bits, abs=1e-12)
        assert value(demo, ".dl-kept") == kept
    assert_clean(page)


def page_logits(md: str) -> tuple[list[str], np.ndarray]:
    """Tokens and logits of the example as the Top-p and Top-k pages write it in prose:
    'logits 2.0, 1.0, 0.5 and -1.0 for " mat", " floor", " sofa" and " moon"'."""
    found = re.search(r"logits(?:\]\(logits\.md\))? ([-\d., and]+?) for "
                      r"((?:\"[^\"]+\"(?:, | and )?)+)", example(md))
    logits = [float(x) for x in found.group(1).replace(" and ", ", ").split(", ")]
    return re.findall(r'"([^"]+)"', found.group(2)), np.array(logits)


def test_sampling_uses_the_example_of_the_temperature_page(page, site_server: str) -> None:
    """Same prompt, same tokens, same logits; the page's table of probabilities at T = 0.5, 1
    and 2 is what an independent softmax gives and what the demo shows."""
    demo = open_demo(page, site_server, "inference/temperature/")
    section = example("inference/temperature.md")
    header, *rows = md_table(section, "Logit")
    temperatures = [float(re.search(r"T = ([\d.]+)", h).group(1)) for h in header[2:]]
    tokens = [r[0].strip('"') for r in rows]
    logits = np.array([float(r[1]) for r in rows])
    pairs = [[t, z] for t, z in zip(tokens, logits.tolist(), strict=True)]
    assert module(page, site_server, "sampling", "LOGITS") == pairs
    assert module(page, site_server, "sampling", "PROMPT") in section
    for col, temperature in enumerate(temperatures):
        stated = np.array([float(r[2 + col]) for r in rows])
        probs, *_ = reference_sampling(logits, temperature, len(tokens), 1.0)
        np.testing.assert_allclose(np.round(probs, 3), stated, err_msg=f"page, T={temperature}")
        set_sampling(demo, temperature, len(tokens), 1.0)
        shown = np.array(values(demo, "td.dl-prob-before"))
        np.testing.assert_allclose(np.round(shown, 3), stated, err_msg=f"demo, T={temperature}")
    set_sampling(demo, 1, len(tokens), 1.0)
    assert demo.locator(".dl-chart__value").first.inner_text() == "60.9%"  # the "mat 0.609"


def test_sampling_agrees_with_the_top_p_table(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "inference/top-p/")
    section = example("inference/top-p.md")
    tokens, logits = page_logits("inference/top-p.md")
    assert [t for t, _ in module(page, site_server, "sampling", "LOGITS")] == tokens
    for temperature, _probs, nucleus in md_table(section, "Nucleus")[1:]:
        count, kept = re.fullmatch(r"(\d+) tokens \(([\d., ]+)\)", nucleus).groups()
        stated = [float(x) for x in kept.split(", ")]
        _, final, _, n = reference_sampling(logits, float(temperature), len(tokens), 0.9)
        assert n == int(count) and list(np.round(final[:n], 3)) == stated, temperature
        set_sampling(demo, float(temperature), len(tokens), 0.9)
        assert value(demo, ".dl-kept") == int(count)
        shown = values(demo, ".dl-chart__value")[: int(count)]
        assert [round(v, 3) for v in shown] == stated, temperature


TOP_K_CLAIMS = [((1.0, 2), ["0.731", "0.269"]), ((2.0, 2), ["0.622", "0.378"])]


def test_sampling_agrees_with_the_top_k_example(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "inference/top-k-sampling/")
    section = example("inference/top-k-sampling.md")
    tokens, logits = page_logits("inference/top-k-sampling.md")
    assert [t for t, _ in module(page, site_server, "sampling", "LOGITS")] == tokens
    for (temperature, k), claims in TOP_K_CLAIMS:
        assert f"$k = {k}$" in section and all(c in section for c in claims)
        _, final, _, _ = reference_sampling(logits, temperature, k, 1.0)
        assert [f"{p:.3f}" for p in final[:k]] == claims
        set_sampling(demo, temperature, k, 1.0)
        assert [f"{v:.3f}" for v in values(demo, ".dl-chart__value")[:k]] == claims


def test_each_sampling_control_changes_the_output(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "inference/top-p/")
    for name, new in (("temperature", "0.4"), ("top-k", "3"), ("top-p", "0.5")):
        before = values(demo, ".dl-chart__value")
        demo.locator(f"input[name={name}]").fill(new)
        assert values(demo, ".dl-chart__value") != before, name


def test_sampled_tokens_clear_when_a_slider_moves(page, site_server: str) -> None:
    """Draws from the old distribution are not left on screen next to the new one."""
    demo = open_demo(page, site_server, "inference/temperature/")
    samples = demo.locator(".dl-samples")
    for name, new in (("temperature", "0.3"), ("top-k", "2"), ("top-p", "0.6")):
        demo.get_by_role("button", name="Sample 10").click()
        assert len(samples.get_attribute("data-value").split(",")) == 10
        assert "mat" in samples.inner_text()
        demo.locator(f"input[name={name}]").fill(new)
        assert samples.get_attribute("data-value") == "", name
        assert samples.inner_text() == "", name


def test_sampling_is_keyboard_operable_and_samples_only_survivors(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "inference/top-k-sampling/")
    k = demo.locator("input[name=top-k]")
    k.focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    assert k.input_value() == "1"
    assert value(demo, ".dl-kept") == 1
    demo.get_by_role("button", name="Sample 10").click()
    samples = demo.locator(".dl-samples").get_attribute("data-value").split(",")
    assert samples == ["mat"] * 10
    k.fill("4")
    demo.locator("input[name=temperature]").fill("2")
    for _ in range(3):
        demo.get_by_role("button", name="Sample 10").click()
    drawn = demo.locator(".dl-samples").get_attribute("data-value").split(",")
    assert len(drawn) == 20 and len(set(drawn)) > 1


def test_tiny_probabilities_read_below_a_hundredth_of_a_percent(page, site_server: str) -> None:
    """At T = 0.1 " moon" has e^-30 of the mass: shown as "<0.01%", never in exponent form."""
    demo = open_demo(page, site_server, "inference/temperature/")
    set_sampling(demo, 0.1, 4, 1.0)
    moon = demo.locator(".dl-chart__value[data-label='moon']")
    assert 0 < float(moon.get_attribute("data-value")) < 1e-4
    assert moon.inner_text() == "<0.01%"
    assert demo.locator("tr[data-token=' moon'] td.dl-prob-before").text_content() == "<0.01%"
    assert demo.locator(".dl-chart__value").first.inner_text() == ">99.99%"
    assert not re.search(r"\de-?\d", demo.inner_text())
    formats = page.evaluate(f"""import('{site_server}assets/demos/common.js').then((m) =>
        [0.35e-6, 0.99999, 1e-4, 0.0123, 0, 1].map(m.percent))""")
    assert formats == ["<0.01%", ">99.99%", "0.01%", "1.23%", "0%", "100%"]


# -- dark palette and the numbers table ----------------------------------------------------------

@pytest.fixture
def dark_page(browser, site_server: str):
    """A page in the dark palette (Material's slate scheme), at desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    tab = context.new_page()
    yield tab
    context.close()


def luminance(rgb: str) -> float:
    """Relative brightness 0..255 of a computed `rgb(...)` colour."""
    r, g, b = (float(x) for x in re.findall(r"[\d.]+", rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_sliders_and_tables_follow_the_dark_palette(dark_page, site_server: str) -> None:
    """In slate the slider track is drawn dark (no near-white pixel), and the numbers table
    has the page's dark background and light text."""
    from io import BytesIO

    from PIL import Image

    tab = dark_page
    tab.goto(site_server + "inference/temperature/")
    assert tab.evaluate("document.body.dataset.mdColorScheme") == "slate"
    demo = tab.locator(".dl-demo")
    demo.scroll_into_view_if_needed()
    tab.wait_for_selector(".dl-demo[data-mounted='ready']")
    assert demo.evaluate("el => getComputedStyle(el).colorScheme") == "dark"
    for name in ("temperature", "top-k", "top-p"):
        shot = Image.open(BytesIO(demo.locator(f"input[name={name}]").screenshot())).convert("L")
        assert shot.getextrema()[1] < 200, name  # Chromium's default track is white (255)
    demo.locator("summary", has_text="Show the numbers").click()
    table = demo.locator("table.dl-table")
    assert luminance(table.evaluate("el => getComputedStyle(el).backgroundColor")) < 60
    assert luminance(table.locator("td").first.evaluate("el => getComputedStyle(el).color")) > 180


def test_show_the_numbers_opens_a_styled_table(page, site_server: str) -> None:
    """The disclosure is a plain one (no admonition pencil) and the table has padded cells,
    rules between rows, bold headings, right-aligned numbers and text of at least 13 px."""
    demo = open_demo(page, site_server, "inference/top-p/")
    summary = demo.locator("summary", has_text="Show the numbers")
    assert summary.evaluate("el => getComputedStyle(el, '::before').display") == "none"
    summary.click()
    table = demo.locator("table.dl-table")
    table.wait_for()
    style = table.evaluate("""(t) => {
        const td = t.querySelector('tbody td'), th = t.querySelector('thead th');
        const s = (el) => getComputedStyle(el);
        return {collapse: s(t).borderCollapse, pad: parseFloat(s(td).paddingLeft),
                rule: parseFloat(s(td).borderBottomWidth), weight: Number(s(th).fontWeight),
                align: s(td).textAlign, size: parseFloat(s(td).fontSize)};
    }""")
    assert style["collapse"] == "collapse" and style["pad"] >= 8 and style["rule"] >= 1
    assert style["weight"] >= 600 and style["align"] == "right" and style["size"] >= 13, style
    assert table.locator("caption").inner_text()
    assert table.locator("tbody tr").count() == 4


# -- tokenizer (the site-trained teaching view; real encodings in test_tokenizer_demo.py) -----

TOKENIZER_TEXTS = [
    "The attention mechanism lets each token attend to earlier tokens.",
    "def f(x):\n    return x ** 2  # square\n\n\tprint(f(3))",
    "Die Aufmerksamkeit erlaubt jedem Token, zurückzublicken. Ça coûte plus cher !",
    "注意機構により、各トークンは前のすべてのトークンを参照できます。",
    "Numbers: 3.14159, 1,000,000 and 2024-11-28; emoji 🙂👍🏽 and ümlauts",
    "   leading spaces, trailing spaces   \n\n\nand newlines\n",  # a textarea drops \r
    "it's we'll they've I'm you're don't",
]


@pytest.fixture(scope="module")
def merges(built_site: Path) -> list[tuple[int, int]]:
    data = json.loads((built_site / "assets/demos/bpe.json").read_text(encoding="utf-8"))
    assert data["pattern"] == bpe.PATTERN
    return [(a, b) for a, b in data["merges"]]


def test_tokenizer_matches_python_bpe(page, site_server: str, merges) -> None:
    demo = open_demo(page, site_server, "tokenization/tokenizer/")
    assert demo.locator("select[name=tokenizer]").input_value() == "site"
    box = demo.locator("textarea")
    for text in TOKENIZER_TEXTS:
        box.fill(text)
        ids = [int(i) for i in demo.locator(".dl-tokens").get_attribute("data-ids").split(",")]
        assert ids == bpe.encode(text, merges), text
        assert bpe.decode(ids, merges) == text.encode("utf-8")
        assert value(demo, ".dl-token-count") == len(ids)
        assert value(demo, ".dl-char-count") == len(text)
        assert value(demo, ".dl-chars-per-token") == pytest.approx(len(text) / len(ids))
        assert demo.locator(".dl-tok").count() == len(ids)
    assert_clean(page)


def test_code_and_other_languages_cost_more_tokens(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "tokenization/tokenizer/")
    ratio = {}
    for key in ("english", "code", "german", "japanese"):
        demo.locator(f"button[data-pick={key}]").click()
        ratio[key] = value(demo, ".dl-chars-per-token")
    assert ratio["english"] > 3.5, ratio
    for other in ("code", "german", "japanese"):
        assert ratio[other] < ratio["english"], ratio
    assert ratio["japanese"] < 1, ratio


def test_bpe_page_demo_replays_the_worked_example_merges(page, site_server: str) -> None:
    """The Byte Pair Encoding page's demo starts with the page's four merges on its words and
    splits them as the page says (byte fallback for "m"), exactly as bpe.py encodes."""
    section = example("tokenization/byte-pair-encoding.md")
    demo = open_demo(page, site_server, "tokenization/byte-pair-encoding/")
    assert demo.locator("select[name=tokenizer]").input_value() == "page"
    text = demo.locator("textarea").input_value()
    assert text == "hugs bugs mug"
    table = md_table(section, "Merge")[1:]
    pairs = [row[2].replace(" ", "").split("+") for row in table]
    ids: dict[str, int] = {}
    merges_ = []
    for i, (a, b) in enumerate(pairs):
        merges_.append((ids[a] if a in ids else ord(a), ids[b] if b in ids else ord(b)))
        ids[a + b] = 256 + i
    expected = bpe.encode(text, merges_)
    shown = [int(i) for i in demo.locator(".dl-tokens").get_attribute("data-ids").split(",")]
    assert shown == expected
    assert [t.inner_text() for t in demo.locator(".dl-tok").all()] == [
        "hug", "s", "·", "b", "ug", "s", "·", "m", "ug"]
    assert "`hug` `s`" in section and "`b` `ug` `s`" in section


# -- attention ------------------------------------------------------------------------------------

def reference_attention(q: np.ndarray, k: np.ndarray, causal: bool) -> np.ndarray:
    scores = q @ k.T / math.sqrt(q.shape[1])
    if causal:
        scores = np.where(np.tril(np.ones_like(scores)) > 0, scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True)


def test_attention_starts_with_the_pages_worked_example(page, site_server: str) -> None:
    """Query (1, 2) against keys (2, 1), (0, 1), (1, -1): the page's weights 0.79, 0.19, 0.02
    and output (0.80, 0.20), from the page, an independent softmax and the demo alike."""
    section = example("transformer/self-attention.md")
    assert "weights 0.79, 0.19 and 0.02" in section and r"\approx (0.80, 0.20)" in section
    q, k = np.array([[1, 2]]), np.array([[2, 1], [0, 1], [1, -1]])
    v = np.array([[1, 0], [0, 1], [0.5, 0.5]])
    weights = reference_attention(q, k, causal=False)[0]
    assert [f"{w:.2f}" for w in weights] == ["0.79", "0.19", "0.02"]
    assert [f"{x:.2f}" for x in weights @ v] == ["0.80", "0.20"]
    demo = open_demo(page, site_server, "transformer/self-attention/")
    assert demo.locator("[aria-label='Query token'] button[aria-pressed=true]").inner_text() == "It"
    np.testing.assert_allclose(values(demo, ".dl-chart__value"), weights, atol=1e-12)
    assert demo.locator(".dl-attention-output").inner_text() == "(0.80, 0.20)"


def test_attention_rows_match_reference(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "transformer/self-attention/")
    examples = module(page, site_server, "attention", "EXAMPLES")
    for key in ("worked", "sentence"):
        demo.locator("select[name=example]").select_option(key)
        ex = examples[key]
        q, k = np.array(ex["Q"], dtype=float), np.array(ex["K"], dtype=float)
        tokens = ex["tokens"]
        buttons = demo.locator("[role=group][aria-label='Query token'] button")
        assert buttons.count() == len(tokens)
        it = tokens.index("It")
        assert buttons.nth(it).get_attribute("aria-pressed") == "true"
        mask = demo.get_by_label("Causal mask", exact=False)
        for causal in (True, False):
            mask.set_checked(causal)
            matrix = reference_attention(q, k, causal)
            for row in sorted({0, len(tokens) // 2, it, len(tokens) - 1}):
                buttons.nth(row).click()
                assert buttons.nth(row).get_attribute("aria-pressed") == "true"
                shown = values(demo, ".dl-chart__value")
                np.testing.assert_allclose(shown, matrix[row], atol=1e-12)
        buttons.nth(it).click()
        assert "cat" in demo.locator(".dl-demo__status").inner_text()
        assert demo.locator(".dl-heatmap rect.dl-heat").count() == len(tokens) ** 2
    assert_clean(page)


def test_attention_diagram_shows_the_demos_sentence_weights(page, site_server: str) -> None:
    """The page's diagram (both layouts) writes the weights the explorer computes for "It"."""
    demo = open_demo(page, site_server, "transformer/self-attention/")
    demo.locator("select[name=example]").select_option("sentence")
    weights = [f"{w:.2f}" for w in values(demo, ".dl-chart__value")[:8]]
    for name in ("attention-it-cat.svg", "attention-it-cat-narrow.svg"):
        svg = (ROOT / "docs" / "diagrams" / name).read_text(encoding="utf-8")
        shown = re.findall(r">(0\.\d\d)(?: \(itself\))?</text>", svg)
        assert shown == weights, name


# -- calculators ----------------------------------------------------------------------------------

def fill(demo, fields: dict[str, object]) -> None:
    for name, val in fields.items():
        control = demo.locator(f"[name='{name}']")
        if control.evaluate("el => el.tagName") == "SELECT":
            control.select_option(str(val))
        else:
            control.fill(str(val))


def assert_cleared(demo, field: str, outputs: list[str]) -> None:
    """Bad input in `field`: flagged, an announced message next to it, every result blanked."""
    box = demo.locator(f"[name='{field}']")
    assert box.get_attribute("aria-invalid") is not None
    hint = demo.locator(f"#{box.get_attribute('aria-describedby')}")
    assert hint.get_attribute("aria-live") == "polite"
    assert re.fullmatch(r"Enter a number from [\d.,]+ to [\d.,]+\.", hint.inner_text())
    for selector in outputs:
        for out in demo.locator(selector).all():
            assert out.get_attribute("data-value") is None, selector
            assert out.inner_text() == "–", selector


KV_CASES = [
    dict(layers=80, kvHeads=8, headDim=128, context=8192, batch=1, bytes=2),
    dict(layers=32, kvHeads=32, headDim=128, context=4096, batch=8, bytes=2),
    dict(layers=61, kvHeads=1, headDim=64, context=131072, batch=3, bytes=0.5),
    dict(layers=1, kvHeads=1, headDim=1, context=1, batch=1, bytes=4),
]


def test_kv_cache_matches_formula(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "inference/kv-cache/")
    for case in KV_CASES:
        before = value(demo, ".dl-kv-total")
        fill(demo, case)
        expected = (2 * case["layers"] * case["kvHeads"] * case["headDim"] * case["context"]
                    * case["batch"] * case["bytes"])
        assert value(demo, ".dl-kv-total") == expected
        assert value(demo, ".dl-kv-total") != before or case is KV_CASES[0]
    assert_clean(page)


def test_kv_cache_agrees_with_the_page_and_clears_on_bad_input(page, site_server: str) -> None:
    """Llama 3 70B: 327,680 bytes (320 KiB) a token, 2.5 GiB at 8,192 tokens (the demo's start),
    40 GiB at 131,072; a bad field blanks the result until it is fixed."""
    section = example("inference/kv-cache.md")
    for claim in ("327,680", "320", "2.5 GiB", "131,072 tokens", "40 GiB"):
        assert claim in section, claim
    demo = open_demo(page, site_server, "inference/kv-cache/")
    assert value(demo, ".dl-kv-per-token") == 2 * 80 * 8 * 128 * 2 == 320 * 1024
    assert value(demo, ".dl-kv-total") == 8192 * 320 * 1024 == 2.5 * 2**30
    assert demo.locator(".dl-kv-total").inner_text().startswith("2.5 GiB")
    demo.get_by_role("button", name="Llama 3 70B").click()
    fill(demo, {"context": 131072, "batch": 1, "bytes": 2})
    assert value(demo, ".dl-kv-total") == 40 * 2**30
    assert "40 GiB" in demo.locator(".dl-kv-total").inner_text()
    demo.locator("[name=layers]").fill("-3")
    assert_cleared(demo, "layers", [".dl-kv-total", ".dl-kv-per-token"])
    assert demo.locator(".dl-demo__formula").inner_text() == ""
    demo.get_by_role("button", name="Llama 3 8B").click()  # a preset fixes the bad field
    assert demo.locator("[name=layers]").get_attribute("aria-invalid") is None
    assert value(demo, ".dl-kv-total") == 2 * 32 * 8 * 128 * 131072 * 2
    assert_clean(page)


WEIGHT_CASES = [(70, 16, 24), (70, 4.5, 48), (8, 16, 24), (405, 8, 80), (7, 32, 16), (1.5, 4, 8)]


def test_weight_memory_matches_formula(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "inference/quantization/")
    for billions, bits, gpu in WEIGHT_CASES:
        fill(demo, {"params": billions, "gpu": gpu, "bits": bits})
        need = billions * 1e9 * bits / 8
        assert value(demo, ".dl-weights-total") == pytest.approx(need, rel=1e-12)
        fits = demo.locator(".dl-fits").get_attribute("data-value")
        assert fits == ("yes" if need <= gpu * 1e9 else "no"), (billions, bits, gpu)
        gpus = int(demo.locator(".dl-fits").get_attribute("data-gpus"))
        assert gpus == math.ceil(need / (gpu * 1e9))
        for row in demo.locator("tr[data-bits]").all():
            row_bits = float(row.get_attribute("data-bits"))
            shown = float(row.locator("td.dl-weights").get_attribute("data-value"))
            assert shown == pytest.approx(billions * 1e9 * row_bits / 8, rel=1e-12)
    assert_clean(page)


def test_weight_memory_agrees_with_the_page_table(page, site_server: str) -> None:
    section = example("inference/quantization.md")
    demo = open_demo(page, site_server, "inference/quantization/")
    assert "70B parameters" in section and value(demo, ".dl-weights-total") == 70e9 * 16 / 8
    for _fmt, bits, weights in md_table(section, "Bits per weight")[1:]:
        stated = re.search(r"(\d+) GB$", weights).group(1)
        assert 70 * int(bits) / 8 == int(stated)  # the page's arithmetic
        cell = demo.locator(f"tr[data-bits='{bits}'] td.dl-weights")
        assert cell.inner_text() == f"{stated} GB"


def test_weight_memory_clears_its_result_on_bad_input(page, site_server: str) -> None:
    """The issue: the old result stayed on screen after bad input."""
    demo = open_demo(page, site_server, "inference/quantization/")
    outputs = [".dl-weights-total", ".dl-fits", "td.dl-weights", "td.dl-gpus"]
    for field, bad in (("params", "0"), ("params", ""), ("gpu", "-24"), ("gpu", "1e9")):
        fill(demo, {"params": 70, "gpu": 24})
        assert value(demo, ".dl-weights-total") == 140e9
        demo.locator(f"[name={field}]").fill(bad)
        assert_cleared(demo, field, outputs)
        assert demo.locator(".dl-fits").get_attribute("data-gpus") is None
    demo.locator("[name=gpu]").fill("80")
    assert value(demo, ".dl-weights-total") == 140e9
    assert demo.locator(".dl-fits").get_attribute("data-value") == "no"
    assert_clean(page)


LORA_CASES = [(4096, 4096, 8, 64), (4096, 11008, 16, 96), (8192, 1024, 1, 1), (512, 512, 256, 7)]


def test_lora_counts_match_formula(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "fine-tuning/lora/")
    for d, k, r, n in LORA_CASES:
        fill(demo, {"d": d, "k": k, "matrices": n, "rank": r})
        assert value(demo, ".dl-lora-per-matrix") == r * (d + k)
        assert value(demo, ".dl-lora-total") == n * r * (d + k)
        assert value(demo, ".dl-lora-full") == n * d * k
        assert value(demo, ".dl-lora-share") == pytest.approx(r * (d + k) / (d * k), rel=1e-12)
    assert_clean(page)


def test_lora_agrees_with_the_page_example_and_clears_on_bad_input(page, site_server: str) -> None:
    """Llama 3 8B, r = 16: 131,072 per query projection (0.78%), 81,920 per value projection,
    6,815,744 over the 32 layers' query and value projections."""
    section = example("fine-tuning/lora.md")
    for claim in ("= 131,072$ (0.78%)", "= 81,920$", "= 6,815,744$"):
        assert claim in section, claim
    demo = open_demo(page, site_server, "fine-tuning/lora/")
    assert value(demo, ".dl-lora-per-matrix") == 16 * (4096 + 4096) == 131_072
    assert demo.locator(".dl-lora-share").inner_text() == "0.781%"
    query = value(demo, ".dl-lora-total")
    demo.get_by_role("button", name="Llama 3 8B value projections").click()
    assert value(demo, ".dl-lora-per-matrix") == 16 * (1024 + 4096) == 81_920
    assert query + value(demo, ".dl-lora-total") == 6_815_744
    demo.locator("[name=k]").fill("0")
    outputs = [".dl-lora-per-matrix", ".dl-lora-total", ".dl-lora-full", ".dl-lora-share"]
    assert_cleared(demo, "k", outputs)
    demo.locator("[name=k]").fill("4096")
    assert value(demo, ".dl-lora-per-matrix") == 81_920
    assert_clean(page)


def test_chinchilla_matches_rule(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "scaling/scaling-laws/")
    for log10 in (18, 21.5, 23.76, 25, 27):
        demo.locator("input[name=flops]").fill(str(log10))
        flops = 10**log10
        params = math.sqrt(flops / 120)
        assert value(demo, ".dl-chin-params") == pytest.approx(params, rel=1e-9)
        assert value(demo, ".dl-chin-tokens") == pytest.approx(20 * params, rel=1e-9)
    assert_clean(page)


def tex_number(cell: str) -> float:
    """`$3.1 \\times 10^{23}$` or `$10^{21}$` as a float."""
    m = re.search(r"(?:([\d.]+) \\times )?10\^\{(\d+)\}", cell)
    return float(m.group(1) or 1) * 10 ** int(m.group(2))


def si(text: str) -> tuple[float, int]:
    """`2.9B` or `1.4T tokens` as a float, with its count of significant digits."""
    m = re.match(r"([\d.]+)([BT])", text)
    digits = len(m.group(1).replace(".", "").lstrip("0"))
    return float(m.group(1)) * {"B": 1e9, "T": 1e12}[m.group(2)], digits


def rounded(x: float, digits: int) -> float:
    return float(f"{x:.{digits}g}")


def test_chinchilla_buttons_are_the_page_table(page, site_server: str) -> None:
    """One button per row of the page's table; each gives the row's N and D (to the table's two
    significant figures), and the table itself follows N = sqrt(C / 120), D = 20 N."""
    rows = md_table(example("scaling/scaling-laws.md"), "Budget")[1:]
    demo = open_demo(page, site_server, "scaling/scaling-laws/")
    buttons = demo.locator("[aria-label='Example budgets'] button")
    assert buttons.count() == len(rows)
    for i, (budget, n_opt, d_opt) in enumerate(rows):
        flops = tex_number(budget)
        params = math.sqrt(flops / 120)
        (n_stated, n_digits), (d_stated, d_digits) = si(n_opt), si(d_opt)
        assert rounded(params, n_digits) == pytest.approx(n_stated, rel=1e-9), budget
        assert rounded(20 * params, d_digits) == pytest.approx(d_stated, rel=1e-9), budget
        buttons.nth(i).click()
        assert value(demo, ".dl-chin-params") == pytest.approx(params, rel=1e-6)
        tokens = rounded(value(demo, ".dl-chin-tokens"), d_digits)
        assert tokens == pytest.approx(d_stated, rel=1e-9)
    assert_clean(page)


# -- accessibility of the mounted demos, light and dark ------------------------------------------

@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_mounted_demos_pass_axe(browser, site_server: str, scheme: str) -> None:
    context = browser.new_context(color_scheme="dark" if scheme == "slate" else "light")
    tab = context.new_page()
    try:
        failures = []
        for path in [paths[0] for paths in DEMO_PAGES.values()]:
            tab.goto(site_server + path)
            tab.locator(".dl-demo").scroll_into_view_if_needed()
            tab.wait_for_selector(".dl-demo[data-mounted='ready']")
            tab.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            tab.evaluate("document.querySelectorAll('.dl-demo details')"
                         ".forEach((d) => { d.open = true; })")
            tab.add_script_tag(path=str(AXE))
            result = tab.evaluate(
                "() => axe.run('.dl-demo', {resultTypes: ['violations']})"
                ".then(r => r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))]))")
            failures += [(path, rule, nodes) for rule, nodes in result]
        assert not failures, failures
    finally:
        context.close()
