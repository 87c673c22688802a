#!/usr/bin/env python3
"""Benchmark the glossary checker on synthetic glossaries of N terms and N pages.

Prints one row per N (load, check and total seconds, and seconds per 1,000 pages) and the time
of the site's own check; `--json` prints the same numbers as JSON. Targets on a 2-core machine:
5,000 terms and pages in 10 s or less, growing no faster than linearly; the site under 1 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from dl_glossary.check.checker import check_site
from dl_glossary.core.loader import load_site

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("core", "transformer", "training", "inference")
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pra", "gel", "dor", "fen",
             "qui", "zan", "bex", "tor", "lum", "syn", "cra", "vel")
FILLER = [
    "the", "model", "uses", "this", "when", "it", "reads", "a", "prompt", "and", "the",
    "output", "changes", "with", "every", "token", "that", "follows", "so", "a", "practitioner",
    "should", "measure", "cost", "latency", "and", "quality", "before", "they", "choose", "a",
    "setting", "for", "production", "traffic", "in", "a", "real", "application",
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def make_terms(n: int, rng: random.Random) -> list[tuple[str, str, str, list[str]]]:
    """(section, slug, title, aliases) for n unique made-up terms."""
    seen: set[str] = set()
    terms = []
    while len(terms) < n:
        words = [_word(rng) for _ in range(rng.randint(1, 3))]
        title = " ".join(w.capitalize() for w in words)
        slug = "-".join(words)
        acronym = "".join(w[0] for w in words).upper() + str(len(terms))
        if slug in seen:
            continue
        seen.add(slug)
        terms.append((SECTIONS[len(terms) % len(SECTIONS)], slug, title, [acronym]))
    return terms


def make_page(index: int, terms: list, rng: random.Random) -> str:
    """A concept page of about 300 words that mentions a dozen other terms."""
    _section, _slug, title, aliases = terms[index]
    related = [terms[(index + k) % len(terms)] for k in (1, 2)]
    sentences = []
    for _ in range(12):
        other = rng.choice(terms)
        words = rng.sample(FILLER, 14)
        mention = other[2].lower() if rng.random() < 0.7 else other[3][0]
        words.insert(rng.randint(0, len(words)), mention)
        sentences.append(" ".join(words).capitalize() + ".")
    links = " ".join(f"See [{t[2]}](../{t[0]}/{t[1]}.md)." for t in related)
    prose = " ".join(sentences[:6]) + "\n\n" + " ".join(sentences[6:])
    return (
        f"---\ntitle: {title}\nsummary: A synthetic concept number {index} for the benchmark.\n"
        f"aliases: [{aliases[0]}]\nrelated: [{related[0][1]}, {related[1][1]}]\n---\n\n"
        f"# {title}\n\nA definition with a link first. {links}\n\n{prose}\n\n"
        "## Why it matters for LLMs\n\nIt matters `in code` and $x^2$ and https://example.org.\n\n"
        "## Example\n\n```python\nprint('no mentions here')\n```\n\n"
        "## Related\n\n" + "\n".join(f"- [{t[2]}](../{t[0]}/{t[1]}.md)" for t in related) +
        "\n\n## Sources\n\n- Someone (2020). *A paper*. arXiv:2001.00001.\n"
    )


def make_glossary(root: Path, n: int, seed: int = 7) -> None:
    """Write a synthetic site of n terms and n pages under root."""
    rng = random.Random(seed)
    terms = make_terms(n, rng)
    docs = root / "docs"
    for section in SECTIONS:
        (docs / section).mkdir(parents=True, exist_ok=True)
        (docs / section / "index.md").write_text(
            f"# {section}\n\n<!-- glossary:section-terms -->\n", encoding="utf-8")
    (docs / "glossary.md").write_text("# A-Z\n\n<!-- glossary:a-z -->\n", encoding="utf-8")
    for i, (section, slug, _, _) in enumerate(terms):
        (docs / section / f"{slug}.md").write_text(make_page(i, terms, rng), encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: bench\n", encoding="utf-8")


def time_check(root: Path) -> dict[str, float]:
    """Seconds to load and to check a site, and the number of findings."""
    start = time.perf_counter()
    site = load_site(root)
    loaded = time.perf_counter()
    report = check_site(site)
    done = time.perf_counter()
    return {"load_s": loaded - start, "check_s": done - loaded, "total_s": done - start,
            "pages": len(site.pages), "terms": len(site.terms), "findings": len(report.findings)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 1000, 2000, 5000])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-glossary-{n}-") as tmp:
            make_glossary(Path(tmp), n)
            rows.append({"n": n, **time_check(Path(tmp))})
    own = {"n": "site", **time_check(ROOT)}
    if args.json:
        print(json.dumps({"synthetic": rows, "site": own}, indent=2))
        return 0
    print(f"{'N':>6} {'pages':>6} {'load s':>8} {'check s':>8} {'total s':>8} {'s/1k pages':>10}")
    for row in [*rows, own]:
        per_k = row["total_s"] / max(row["pages"], 1) * 1000
        print(f"{row['n']!s:>6} {row['pages']:>6} {row['load_s']:>8.2f} {row['check_s']:>8.2f} "
              f"{row['total_s']:>8.2f} {per_k:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
