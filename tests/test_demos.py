"""In-page demos in Chromium: every control changes the output, and the numbers shown equal
independent Python reference implementations of the same formulas."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from dl_glossary.build import bpe

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
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"


def open_demo(page, site_server: str, path: str):
    """Load a page and wait until its demo is mounted; returns the demo element."""
    page.goto(site_server + path)
    page.wait_for_selector(".dl-demo[data-mounted='ready'], .dl-demo[data-mounted='failed']")
    demo = page.locator(".dl-demo").first
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


def test_demo_mounts_after_instant_navigation(page, site_server: str) -> None:
    page.goto(site_server + "inference/")
    page.locator("article a[href$='temperature/']").first.click()
    page.wait_for_url("**/inference/temperature/")
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
    return final, float(-(nz * np.log2(nz)).sum()), len(keep)


SAMPLING_SETTINGS = [(1.0, 12, 1.0), (0.5, 12, 1.0), (1.5, 5, 1.0), (1.0, 12, 0.8),
                     (0.7, 4, 0.9), (0.0, 12, 1.0), (2.0, 3, 0.5), (0.25, 12, 0.95)]


def test_sampling_matches_reference(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "inference/temperature/")
    table = module(page, site_server, "sampling", "LOGITS")
    logits = np.array([z for _, z in table], dtype=float)
    for temperature, top_k, top_p in SAMPLING_SETTINGS:
        demo.locator("input[name=temperature]").fill(str(temperature))
        demo.locator("input[name=top-k]").fill(str(top_k))
        demo.locator("input[name=top-p]").fill(str(top_p))
        final, bits, kept = reference_sampling(logits, temperature, top_k, top_p)
        shown = values(demo, ".dl-chart__value")
        setting = str((temperature, top_k, top_p))
        np.testing.assert_allclose(shown, final, atol=1e-12, err_msg=setting)
        np.testing.assert_allclose(values(demo, "td.dl-prob"), final, atol=1e-12)
        assert value(demo, ".dl-entropy") == pytest.approx(bits, abs=1e-12)
        assert value(demo, ".dl-kept") == kept
    assert_clean(page)


def test_each_sampling_control_changes_the_output(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "inference/top-p/")
    for name, new in (("temperature", "0.4"), ("top-k", "3"), ("top-p", "0.5")):
        before = values(demo, ".dl-chart__value")
        demo.locator(f"input[name={name}]").fill(new)
        assert values(demo, ".dl-chart__value") != before, name


def test_sampling_is_keyboard_operable_and_samples_only_survivors(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "inference/top-k-sampling/")
    k = demo.locator("input[name=top-k]")
    k.focus()
    for _ in range(11):
        page.keyboard.press("ArrowLeft")
    assert k.input_value() == "1"
    assert value(demo, ".dl-kept") == 1
    demo.get_by_role("button", name="Sample 10").click()
    samples = demo.locator(".dl-samples").get_attribute("data-value").split(",")
    assert samples == ["mat"] * 10
    k.fill("12")
    demo.locator("input[name=temperature]").fill("2")
    for _ in range(3):
        demo.get_by_role("button", name="Sample 10").click()
    drawn = demo.locator(".dl-samples").get_attribute("data-value").split(",")
    assert len(drawn) == 20 and len(set(drawn)) > 1


# -- tokenizer ------------------------------------------------------------------------------------

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
    demo = open_demo(page, site_server, "tokenization/byte-pair-encoding/")
    ratio = {}
    for key in ("english", "code", "german", "japanese"):
        demo.locator(f"button[data-pick={key}]").click()
        ratio[key] = value(demo, ".dl-chars-per-token")
    assert ratio["english"] > 3.5, ratio
    for other in ("code", "german", "japanese"):
        assert ratio[other] < ratio["english"], ratio
    assert ratio["japanese"] < 1, ratio


# -- attention ------------------------------------------------------------------------------------

def reference_attention(q: np.ndarray, k: np.ndarray, causal: bool) -> np.ndarray:
    scores = q @ k.T / math.sqrt(q.shape[1])
    if causal:
        scores = np.where(np.tril(np.ones_like(scores)) > 0, scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True)


def test_attention_rows_match_reference(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "transformer/self-attention/")
    example = module(page, site_server, "attention", "EXAMPLE")
    q, k = np.array(example["Q"], dtype=float), np.array(example["K"], dtype=float)
    tokens = example["tokens"]
    buttons = demo.locator("[role=group][aria-label='Query token'] button")
    assert buttons.count() == len(tokens)
    it = tokens.index("It")
    shown = values(demo, ".dl-chart__value")
    assert tokens[int(np.argmax(shown))] == "cat"
    for causal in (True, False):
        if not causal:
            demo.get_by_label("Causal mask", exact=False).uncheck()
        matrix = reference_attention(q, k, causal)
        for row in (0, 2, it, len(tokens) - 1):
            buttons.nth(row).click()
            assert buttons.nth(row).get_attribute("aria-pressed") == "true"
            np.testing.assert_allclose(values(demo, ".dl-chart__value"), matrix[row], atol=1e-12)
    buttons.nth(it).click()
    assert "cat" in demo.locator(".dl-demo__status").inner_text()
    assert_clean(page)


# -- calculators ----------------------------------------------------------------------------------

def fill(demo, fields: dict[str, object]) -> None:
    for name, val in fields.items():
        control = demo.locator(f"[name='{name}']")
        if control.evaluate("el => el.tagName") == "SELECT":
            control.select_option(str(val))
        else:
            control.fill(str(val))


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
    demo.get_by_role("button", name="Llama 3 70B").click()
    fill(demo, {"context": 131072, "batch": 1, "bytes": 2})
    assert value(demo, ".dl-kv-total") == 40 * 2**30  # the page's worked example: 40 GiB
    assert "40 GiB" in demo.locator(".dl-kv-total").inner_text()
    demo.locator("[name=layers]").fill("-3")
    assert demo.locator("[name=layers]").get_attribute("aria-invalid") is not None
    assert value(demo, ".dl-kv-total") == 40 * 2**30
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


def test_chinchilla_matches_rule(page, site_server: str) -> None:
    demo = open_demo(page, site_server, "scaling/scaling-laws/")
    for log10 in (18, 21.5, 23.76, 25, 27):
        demo.locator("input[name=flops]").fill(str(log10))
        flops = 10**log10
        params = math.sqrt(flops / 120)
        assert value(demo, ".dl-chin-params") == pytest.approx(params, rel=1e-9)
        assert value(demo, ".dl-chin-tokens") == pytest.approx(20 * params, rel=1e-9)
    demo.get_by_role("button", name="Chinchilla's budget", exact=False).click()
    assert value(demo, ".dl-chin-params") == pytest.approx(math.sqrt(5.76e23 / 120), rel=1e-9)
    assert value(demo, ".dl-chin-params") == pytest.approx(69.3e9, rel=0.01)  # Chinchilla: 70B
    assert value(demo, ".dl-chin-tokens") == pytest.approx(1.39e12, rel=0.01)  # 1.4T tokens
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
            tab.wait_for_selector(".dl-demo[data-mounted='ready']")
            tab.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            tab.add_script_tag(path=str(AXE))
            result = tab.evaluate(
                "() => axe.run('.dl-demo', {resultTypes: ['violations']})"
                ".then(r => r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))]))")
            failures += [(path, rule, nodes) for rule, nodes in result]
        assert not failures, failures
    finally:
        context.close()
