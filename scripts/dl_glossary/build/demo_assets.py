"""Build-time files for the in-page demos, written into the built site after each build.

- `assets/demos/bpe.json`: byte-level BPE merges learned from this site's own Markdown, for the
  tokenizer demo. Training runs once per distinct text; the merges are cached in the plugin's
  cache folder (`.cache/`), keyed by a hash of the training text (see `bpe.train_cached`).

Format of bpe.json: `{"version": 1, "pattern": <pre-tokenisation regex, JavaScript syntax>,
"merges": [[a, b], ...], "pages": <pages trained on>, "chars": <characters trained on>}`.
Merge i joins tokens a and b into token 256 + i; tokens 0-255 are single bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from dl_glossary.build import bpe

if TYPE_CHECKING:  # not imported by the card job, which has no use for MkDocs
    from dl_glossary.core.loader import Site

BPE_JSON = "assets/demos/bpe.json"

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_HTML = re.compile(r"<[^>\n]+>")
_SNIPPET = re.compile(r"^--8<--.*$", re.M)


def training_text(site: Site) -> str:
    """The site's Markdown prose: every page in path order, without code, math, URLs or HTML."""
    return training_text_of({src: page.text for src, page in site.pages.items()})


def training_text_of(pages: Mapping[str, str]) -> str:
    """`training_text` of pages (source path -> text with LF line endings)."""
    chunks = []
    for src in sorted(pages):
        text = _FRONT.sub("", pages[src])
        for pattern, repl in ((_FENCE, ""), (_SNIPPET, ""), (_MATH, " "),
                              (_LINK_TARGET, "]"), (_HTML, " ")):
            text = pattern.sub(repl, text)
        chunks.append(text)
    return "\n".join(chunks)


def bpe_vocabulary(site: Site, cache_dir: Path) -> dict[str, object]:
    """The tokenizer demo's vocabulary, trained (or read from cache_dir) for the site."""
    text = training_text(site)
    merges = bpe.train_cached(text, cache_dir)
    return {
        "version": bpe.VERSION,
        "pattern": bpe.PATTERN,
        "merges": [list(pair) for pair in merges],
        "pages": len(site.pages),
        "chars": len(text),
    }


def demo_files(site: Site, cache_dir: Path) -> dict[str, bytes]:
    """Every build-time demo file, by its path in the built site."""
    vocabulary = bpe_vocabulary(site, cache_dir)
    return {BPE_JSON: json.dumps(vocabulary, separators=(",", ":")).encode("utf-8")}
