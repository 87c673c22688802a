#!/usr/bin/env python3
"""Benchmarks of the built site (`make bench`): build time (cold and warm cache), page weight,
search index size and keystroke-to-results time, the concept map, Lighthouse scores and the
checker. Writes bench-results/latest.json and prints a table. The cold builds empty the
project's `.cache` folder first; the warm ones refill it.

Numbers are measured, not asserted: compare them with the targets in the README.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from dl_glossary_dev.static_server import serve

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results" / "latest.json"
CACHE = ".cache"  # the plugin's cache_dir (mkdocs.yml default) and mkdocs-jupyter's cache
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_PAGES = {
    "home": "",
    "concept": "core/neural-network/",
    "a-z": "glossary/",
    "quick reference": "quick-reference/",
    "notebook": "notebooks/lora-fine-tuning/",
    "demo": "inference/temperature/",
}
WEIGHT_PAGE = "core/neural-network/"
MAP_PAGE = "map/"
#: Times the concept map's layout from a fresh interpreter (networkx imported, as on a cold
#: build) and its rendering from the cached layout (as on every warm build).
MAP_TIMING = """
import json, sys, tempfile, time
from pathlib import Path
from dl_glossary.core.loader import load_site
from dl_glossary.build import concept_map
site = load_site(Path(sys.argv[1]))
spec = concept_map.graph_spec(site)
start = time.perf_counter()
placed = concept_map.compute_layout(spec)
layout_s = time.perf_counter() - start
with tempfile.TemporaryDirectory() as cache:
    concept_map.layout(spec, Path(cache))
    start = time.perf_counter()
    concept_map.render(site, "map/", Path(cache), "")
    render_s = time.perf_counter() - start
print(json.dumps({"layout_s": layout_s, "render_cached_s": render_s, "nodes": len(spec["nodes"]),
                  "edges": len(spec["edges"]), "width": placed["width"],
                  "height": placed["height"]}))
"""
#: A mid-size concept page to search from, and how many typed queries to time.
SEARCH_PAGE = "inference/kv-cache/"
SEARCH_QUERIES = 20
#: A demo page: its first load (demo not yet scrolled to) is held to the same budget.
DEMO_WEIGHT_PAGE = "tokenization/tokenizer/"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def build(site_dir: Path, hook: bool) -> float:
    """Seconds for one `mkdocs build --strict` into site_dir: a new folder, as a CI job or a
    deploy builds, or the previous build's folder, which MkDocs empties first."""
    # NO_MKDOCS_2_WARNING: Material's notice about MkDocs 2.0 (pinned out in pyproject.toml)
    # would otherwise fill the bench's output, once a build.
    env = {**os.environ, "DL_GLOSSARY": "true" if hook else "false", "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                    "--site-dir", str(site_dir)], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start


class Folders:
    """New output folders under scratch, and a place to move old ones to, deleted at the end.

    Nothing is deleted while builds are timed: on a disk without a journal (this machine's
    ext4), the kernel skips inodes freed in the last minutes when it allocates new ones, so a
    build that creates files right after ~1,500 were deleted pays for it (0.3-1 s here, in
    proportion to the files it creates, which the plugin multiplies by six).
    """

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.count = 0

    def new(self, name: str) -> Path:
        self.count += 1
        return self.scratch / f"{name}-{self.count}"

    def set_aside(self, path: Path) -> None:
        """Move path (a folder or nothing) out of the way, to be deleted by `empty`."""
        if path.exists():
            shutil.move(path, self.new("trash"))  # a rename where scratch is on the same disk

    def empty(self, keep: Path) -> None:
        """Delete every folder made here but keep (after the timing is done)."""
        for path in self.scratch.iterdir():
            if path != keep:
                shutil.rmtree(path, ignore_errors=True)


def build_times(runs: int, scratch: Path, cold_runs: int = 5) -> dict[str, object]:
    """Median build times with the glossary plugin on and off, and their ratio (runs
    interleaved): warm cache into a new folder (the headline), warm cache into the previous
    build's folder, and a cold cache (emptied before each build, as on a fresh clone). Leaves
    the last build with the plugin in scratch/"site"."""
    folders = Folders(scratch)
    cold_on, cold_off = [], []
    for _ in range(cold_runs):
        folders.set_aside(ROOT / CACHE)
        cold_off.append(build(folders.new("off"), hook=False))
        folders.set_aside(ROOT / CACHE)
        cold_on.append(build(folders.new("on"), hook=True))  # leaves the cache warm
    on, off = [], []
    for _ in range(runs):
        on.append(build(folders.new("on"), hook=True))
        off.append(build(folders.new("off"), hook=False))
    reused_on, reused_off = [], []
    site_on, site_off = folders.new("on"), folders.new("off")
    for _ in range(runs + 1):  # the first pair only makes the folders
        reused_on.append(build(site_on, hook=True))
        reused_off.append(build(site_off, hook=False))
    site = site_on.rename(scratch / "site")
    folders.empty(keep=site)
    return {**_medians(on, off), "reused": _medians(reused_on[1:], reused_off[1:]),
            "cold": _medians(cold_on, cold_off) if cold_runs else {"runs": 0}}


def _medians(on: list[float], off: list[float]) -> dict[str, object]:
    median_on, median_off = statistics.median(on), statistics.median(off)
    return {"runs": len(on), "hook_on_s": on, "hook_off_s": off, "median_on_s": median_on,
            "median_off_s": median_off, "ratio": median_on / median_off}


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def page_weight(site: Path, base_url: str, path: str) -> dict[str, object]:
    """Bytes a first visit to path fetches in Chromium, per resource: raw (the file), compressed
    (the gzip body as served) and transferred (compressed body plus response headers)."""
    from playwright.sync_api import sync_playwright

    resources: dict[str, tuple[int, int]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(base_url + path, wait_until="networkidle")
        for response in responses:
            sizes = response.request.sizes()
            resources[response.url] = (sizes["responseBodySize"],
                                       sizes["responseBodySize"] + sizes["responseHeadersSize"])
        browser.close()
    rows = []
    for url, (body, transferred) in resources.items():
        rel = urlsplit(url).path.lstrip("/")
        file = site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel
        rows.append({"url": "/" + rel, "raw": file.stat().st_size, "compressed": body,
                     "transferred": transferred})
    search = [r for r in rows if r["url"].startswith("/search/")]
    page_rows = [r for r in rows if r not in search]
    return {
        "page": "/" + path, "resources": rows,
        "raw": sum(r["raw"] for r in page_rows),
        "compressed": sum(r["compressed"] for r in page_rows),
        "transferred": sum(r["transferred"] for r in page_rows),
        "search_raw": sum(r["raw"] for r in search),
        "search_transferred": sum(r["transferred"] for r in search),
    }


def search_latency(base_url: str, runs: int = SEARCH_QUERIES) -> dict[str, object]:
    """Milliseconds from the last keystroke of a query typed into Material's search box to the
    last change of the rendered results, in Chromium: the median of `runs` queries from
    tests/search_queries.yaml, and for the first query of the visit (which loads MiniSearch and
    the documents) the time from its first keystroke."""
    from playwright.sync_api import sync_playwright

    from dl_glossary_dev.search_browser import open_search, type_query
    from dl_glossary_dev.search_eval import load_queries

    queries = [q.text for q in load_queries()]
    step = max(1, len(queries) // runs)
    chosen = queries[::step][:runs]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base_url + SEARCH_PAGE, wait_until="networkidle")
        open_search(page)
        first = type_query(page, "kv cache").since_first_key_ms
        times = [type_query(page, query).latency_ms for query in chosen]
        browser.close()
    return {"page": "/" + SEARCH_PAGE, "first_query_ms": first, "queries": chosen,
            "times_ms": times, "median_ms": statistics.median(times)}


def lighthouse(url: str, out: Path) -> dict[str, object]:
    """Lighthouse 12 mobile preset (its default) on url: category scores and audits below 0.9."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run([str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   env=env, check=True, cwd=ROOT)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    weak = sorted(
        f"{audit['id']} ({audit['score']})" for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in {"binary", "numeric", "metricSavings"}
    )
    metrics = {k: report["audits"][k]["numericValue"] for k in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "total-byte-weight")}
    return {"scores": scores, "weak_audits": weak, "metrics": metrics}


def map_timing() -> dict[str, object]:
    """The concept map's layout (cold, networkx included) and cached render, in seconds."""
    result = subprocess.run([sys.executable, "-c", MAP_TIMING, str(ROOT)], capture_output=True,
                            text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout)


def checker_bench() -> dict[str, object]:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_checker.py"), "--json",
                             "500", "5000"], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout)


def machine() -> dict[str, object]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = 0
    if Path("/proc/meminfo").exists():
        mem = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    versions = {name: metadata.version(name) for name in ("mkdocs", "mkdocs-material")}
    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gib": round(mem / 2**30, 1),
            "python": platform.python_version(), "system": platform.platform(), **versions}


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB"


def print_table(results: dict) -> None:
    b = results["build"]
    w = results["page_weight"]
    s = results["search_index"]
    print(f"\nDeep Learning for LLMs benchmarks, {results['date']} on {results['machine']['cpus']} "
          f"× {results['machine']['cpu_model']}")
    def ratio_line(label: str, m: dict) -> None:
        print(f"  build --strict, {label} (median of {m['runs']}): {m['median_on_s']:.2f} s with "
              f"the plugin, {m['median_off_s']:.2f} s without, ratio {m['ratio']:.2f} "
              "(target ≤ 1.15)")

    ratio_line("warm cache, new output folder", b)
    ratio_line("warm cache, previous output folder", b["reused"])
    if b["cold"].get("runs"):
        ratio_line("cold cache, new output folder", b["cold"])
    print(f"  concept page {w['page']}: {kib(w['raw'])} raw, {kib(w['compressed'])} gzip, "
          f"{kib(w['transferred'])} transferred with headers "
          f"(target ≤ 300 KiB raw); search index fetched after load: {kib(w['search_raw'])} raw, "
          f"{kib(w['search_transferred'])} transferred")
    m = results["concept_map"]
    mw = m["page_weight"]
    print(f"  concept map: {m['nodes']} nodes, {m['edges']} edges, layout {m['layout_s']:.3f} s "
          f"(cold, cached by graph hash), render from the cache {m['render_cached_s']:.3f} s; "
          f"page {mw['page']}: {kib(mw['raw'])} raw with shared assets, "
          f"{kib(mw['compressed'])} gzip (target ≤ 300 KiB raw)")
    d = results["demo_page_weight"]
    print(f"  demo page {d['page']} (first load, demo below the fold): {kib(d['raw'])} raw, "
          f"{kib(d['compressed'])} gzip (target ≤ 300 KiB raw)")
    print(f"  search index: {kib(s['raw'])} raw, {kib(s['gzip'])} gzip (target < 1 MB)")
    t = results["search_latency"]
    print(f"  search on {t['page']}: keystroke to rendered results {t['median_ms']:.0f} ms "
          f"(median of {len(t['times_ms'])} typed queries); first query, loading the index, "
          f"{t['first_query_ms']:.0f} ms")
    print(f"  {'page':<16} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5}  audits below 0.9")
    for name, row in results["lighthouse"].items():
        sc = row["scores"]
        print(f"  {name:<16} {sc['performance']:>5} {sc['accessibility']:>5} "
              f"{sc['best-practices']:>5} {sc['seo']:>5}  {', '.join(row['weak_audits']) or '-'}")
    for row in results["checker"]["synthetic"]:
        print(f"  checker: {row['n']} terms / {row['pages']} pages in {row['total_s']:.2f} s")
    print(f"  checker: the site's own pages in {results['checker']['site']['total_s']:.2f} s")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="warm builds per variant (median)")
    parser.add_argument("--cold-runs", type=int, default=5,
                        help="builds per variant after emptying the caches (median)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    args = parser.parse_args(argv)
    if not args.skip_lighthouse and not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE}: not found; run `npm ci` first", file=sys.stderr)
        return 2
    results: dict[str, object] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
    }
    scratch = Path(tempfile.mkdtemp(prefix="dl-bench-"))
    try:
        results["build"] = build_times(args.runs, scratch, args.cold_runs)
        site = scratch / "site"
        index = site / "search" / "documents.json"  # what search loads on the first query
        results["search_index"] = {"raw": index.stat().st_size, "gzip": gzip_size(index)}
        lighthouse_rows: dict[str, object] = {}
        with serve(site, with_headers=True, compress=True) as base_url:
            results["page_weight"] = page_weight(site, base_url, WEIGHT_PAGE)
            results["concept_map"] = {**map_timing(),
                                      "page_weight": page_weight(site, base_url, MAP_PAGE)}
            results["search_latency"] = search_latency(base_url)
            results["demo_page_weight"] = page_weight(site, base_url, DEMO_WEIGHT_PAGE)
            if not args.skip_lighthouse:
                for name, path in LIGHTHOUSE_PAGES.items():
                    lighthouse_rows[name] = lighthouse(base_url + path, scratch / "lh.json")
        results["lighthouse"] = lighthouse_rows
        results["targets"] = TARGETS
        results["checker"] = checker_bench()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
