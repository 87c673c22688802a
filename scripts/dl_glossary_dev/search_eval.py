"""Measure search engines on the query set (tests/search_queries.yaml): top-1 and top-3.

    python -m dl_glossary_dev.search_eval SITE [--engine worker|lunr-fuzzy|pagefind]

`worker` runs the built site's own search worker in Node (search_worker_run.js), exactly as the
browser would, minus the page; on a site built before this search (Material's lunr behind the
old shim) it measures that. `lunr-fuzzy` sends the same worker lunr's query syntax: content
words only, one edit of tolerance (`~1`) from five letters. `pagefind` indexes a copy of the
built pages with Pagefind's default settings (`python -m pagefind` from `pagefind[bin]`, in the
Python given by --pagefind-python) and asks its JavaScript API in Chromium. The browser test
(tests/test_search_queries.py) types the same queries into Material's search box.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from dl_glossary.build import material

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "tests" / "search_queries.yaml"
RUNNER = Path(__file__).with_name("search_worker_run.js")
KINDS = ("questions", "half_typed", "misspelled")


@dataclass(frozen=True)
class Query:
    """One query of the set, what kind it is, and the concept slugs that answer it."""

    text: str
    kind: str
    expect: tuple[str, ...]


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(str(row["q"]), kind, tuple(row["expect"]))
            for kind in KINDS for row in data[kind]]


def slug_of(location: str) -> str:
    """The concept slug of a result location ("inference/kv-cache/#x" -> "kv-cache")."""
    path = urlsplit(location).path.strip("/").removesuffix("/index.html")
    return path.rsplit("/", 1)[-1]


@dataclass
class Score:
    """How many queries found an expected page first, and in the top three."""

    total: int = 0
    top1: int = 0
    top3: int = 0

    def add(self, query: Query, slugs: list[str]) -> bool:
        self.total += 1
        first = bool(slugs[:1]) and slugs[0] in query.expect
        found = any(slug in query.expect for slug in slugs[:3])
        self.top1 += first
        self.top3 += found
        return found

    def line(self, name: str) -> str:
        return (f"{name:<12} top-1 {self.top1}/{self.total} ({self.top1 / self.total:.0%}), "
                f"top-3 {self.top3}/{self.total} ({self.top3 / self.total:.0%})")


def worker_url(site: Path) -> str:
    """The search worker URL that the built home page gives Material (with its query)."""
    url = material.search_worker_url((site / "index.html").read_text(encoding="utf-8"))
    if url is None:
        raise SystemExit(f"{site}/index.html: names no search worker")
    return "/" + url.lstrip("./")


def run_worker(site: Path, queries: list[Query], mode: str = "") -> list[list[str]]:
    """Result locations per query from the site's worker run in Node."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump([q.text for q in queries], handle)
    try:
        out = subprocess.run(["node", str(RUNNER), str(site), worker_url(site), handle.name,
                              mode], capture_output=True, text=True, check=True).stdout
    finally:
        Path(handle.name).unlink()
    return [json.loads(line) for line in out.splitlines()]


def run_pagefind(site: Path, queries: list[Query], python: str) -> list[list[str]]:
    """Result URLs per query from Pagefind (default settings) over a copy of the site, indexed
    by `python -m pagefind` (a Python with `pagefind[bin]` installed)."""
    from playwright.sync_api import sync_playwright

    from dl_glossary_dev.static_server import serve

    scratch = Path(tempfile.mkdtemp(prefix="pagefind-"))
    try:
        copy = scratch / "site"
        shutil.copytree(site, copy)
        subprocess.run([python, "-m", "pagefind", "--site", str(copy)], check=True,
                       capture_output=True)
        results = []
        with serve(copy) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(base)
            page.evaluate("async () => { window.pf = await import('/pagefind/pagefind.js');"
                          " await window.pf.init(); }")
            for query in queries:
                urls = page.evaluate("""async (q) => { const r = await window.pf.search(q);
                    const top = await Promise.all(r.results.slice(0, 3).map((x) => x.data()));
                    return top.map((d) => d.url); }""", query.text)
                results.append([urlsplit(u).path.lstrip("/") for u in urls])
            browser.close()
        return results
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def evaluate(results: list[list[str]], queries: list[Query], verbose: bool) -> dict[str, Score]:
    scores = {kind: Score() for kind in ("all", *KINDS)}
    for query, locations in zip(queries, results, strict=True):
        slugs = [slug_of(loc) for loc in locations]
        found = scores["all"].add(query, slugs)
        scores[query.kind].add(query, slugs)
        if verbose and not (slugs[:1] and slugs[0] in query.expect):
            mark = "  " if found else "XX"
            print(f"{mark} {query.text!r}: {slugs[:3]} (expected {list(query.expect)})")
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site")
    parser.add_argument("--engine", choices=("worker", "lunr-fuzzy", "pagefind"), default="worker")
    parser.add_argument("--pagefind-python", default=sys.executable,
                        help="a Python with pagefind[bin] installed (for --engine pagefind)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list the misses")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    queries = load_queries()
    if args.engine == "pagefind":
        results = run_pagefind(args.site, queries, args.pagefind_python)
    else:
        mode = "lunr-fuzzy" if args.engine == "lunr-fuzzy" else ""
        results = run_worker(args.site, queries, mode)
    scores = evaluate(results, queries, args.verbose)
    if args.json:
        print(json.dumps({k: vars(v) for k, v in scores.items()}))
    else:
        for name, score in scores.items():
            print(score.line(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())

