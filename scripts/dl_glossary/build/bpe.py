"""Byte-level byte pair encoding (BPE), small enough to train on this site's own Markdown.

The tokenizer demo (`docs/assets/demos/tokenizer.js`) loads the merges this module learns and
must split text exactly as `encode` does here; `tests/test_demos.py` checks that it does.

- Pre-tokenisation follows GPT-2: contractions, runs of letters, runs of digits and runs of
  other symbols (each with at most one leading space), and whitespace. `PATTERN` is written in
  JavaScript syntax (`\\p{L}`, `\\p{N}`); Python's `re` has no Unicode properties, so
  `pretokenizer()` replaces them with explicit code-point ranges built from `unicodedata`.
  Whitespace is an explicit list of characters, the same in both languages.
- Training starts from the 256 byte values and repeatedly merges the most frequent adjacent
  pair inside pre-tokens (ties: the smallest pair of ids), keeping pair counts up to date
  incrementally, so only the words that contain the merged pair are revisited.
- Merge number i creates token id 256 + i. Encoding applies merges by rank within each
  pre-token: merge every occurrence, left to right, of the lowest-ranked pair present, repeat.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import itertools
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Bump when training or pre-tokenisation changes, so cached merges are not reused.
VERSION = 1
#: Number of merges learned by default (vocabulary = 256 bytes + merges).
NUM_MERGES = 1500

_WS = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: GPT-2's pre-tokenisation pattern in JavaScript syntax (use with the `gu` flags).
PATTERN = (
    r"'(?:[sdmt]|ll|ve|re)"
    r"| ?[\p{L}]+"
    r"| ?[\p{N}]+"
    rf"| ?[^{_WS}\p{{L}}\p{{N}}]+"
    rf"|[{_WS}]+(?![^{_WS}])"
    rf"|[{_WS}]+"
)

Pair = tuple[int, int]


def _ranges(prefix: str) -> str:
    """A regex character-class body for every code point whose category starts with prefix
    ("L" or "N").

    `str.isalpha` is true for exactly the L categories, and every N code point is
    `str.isnumeric` (tests/test_bpe.py checks both against a full category scan), so
    `unicodedata.category` is asked about a few thousand code points instead of all 1.1 million.
    """
    parts: list[str] = []
    start = prev = -2
    for cp in range(sys.maxunicode + 1):
        if _in_category(chr(cp), prefix):
            if cp != prev + 1:
                if start >= 0:
                    parts.append(_span(start, prev))
                start = cp
            prev = cp
    if start >= 0:
        parts.append(_span(start, prev))
    return "".join(parts)


def _in_category(char: str, prefix: str) -> bool:
    candidate = str.isalpha if prefix == "L" else str.isnumeric
    return candidate(char) and unicodedata.category(char).startswith(prefix)


def _span(lo: int, hi: int) -> str:
    return f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}"


@functools.cache
def pretokenizer() -> re.Pattern[str]:
    """PATTERN compiled for Python's `re`, with \\p{L} and \\p{N} spelled out as ranges."""
    pattern = PATTERN.replace(r"\p{L}", _ranges("L")).replace(r"\p{N}", _ranges("N"))
    return re.compile(pattern)


def pretokenize(text: str) -> list[str]:
    """Split text into pre-tokens; their concatenation is the text."""
    return _pretokenizer_for(frozenset(char for char in set(text) if char > "\x7f")).findall(text)


@functools.lru_cache(maxsize=32)
def _pretokenizer_for(chars: frozenset[str]) -> re.Pattern[str]:
    """PATTERN with \\p{L} and \\p{N} cut down to the ASCII letters and digits and those of chars.

    A regex only asks about the characters it meets, so on a text of ASCII and chars this splits
    exactly as `pretokenizer()` does (tests/test_bpe.py compares them), without scanning every
    code point for the full classes (0.12 s, on the build's critical path when the cache is cold).
    """
    def spelled(prefix: str, ascii_part: str) -> str:
        found = sorted(char for char in chars if _in_category(char, prefix))
        return ascii_part + "".join(_span(ord(char), ord(char)) for char in found)

    return re.compile(PATTERN.replace(r"\p{L}", spelled("L", "A-Za-z"))
                      .replace(r"\p{N}", spelled("N", "0-9")))


def _pairs(word: Sequence[int]) -> Iterable[Pair]:
    return itertools.pairwise(word)


def _merge(word: Sequence[int], pair: Pair, new_id: int) -> list[int]:
    """Replace every occurrence of pair in word, left to right, by new_id."""
    out: list[int] = []
    i, n = 0, len(word)
    first, second = pair
    while i < n:
        if i + 1 < n and word[i] == first and word[i + 1] == second:
            out.append(new_id)
            i += 2
        else:
            out.append(word[i])
            i += 1
    return out


def train(text: str, num_merges: int = NUM_MERGES) -> list[Pair]:
    """Learn up to num_merges merges from text; deterministic for a given text."""
    counts = Counter(pretokenize(text))
    words = [list(word.encode("utf-8")) for word in sorted(counts)]
    freqs = [counts[word] for word in sorted(counts)]
    pair_counts: dict[Pair, int] = defaultdict(int)
    where: dict[Pair, set[int]] = defaultdict(set)
    for index, word in enumerate(words):
        for pair in _pairs(word):
            pair_counts[pair] += freqs[index]
            where[pair].add(index)
    heap = [(-count, pair) for pair, count in pair_counts.items()]
    heapq.heapify(heap)

    merges: list[Pair] = []
    while len(merges) < num_merges and heap:
        negative, pair = heapq.heappop(heap)
        if pair_counts.get(pair, 0) != -negative:
            continue  # stale entry: the count changed after it was pushed
        if -negative < 2:
            break
        new_id = 256 + len(merges)
        merges.append(pair)
        changed: set[Pair] = set()
        for index in sorted(where.pop(pair)):
            word, freq = words[index], freqs[index]
            merged = _merge(word, pair, new_id)
            if len(merged) == len(word):
                continue
            for old in _pairs(word):
                pair_counts[old] -= freq
                changed.add(old)
            for new in _pairs(merged):
                pair_counts[new] += freq
                where[new].add(index)
                changed.add(new)
            words[index] = merged
        pair_counts.pop(pair, None)
        for other in changed:
            count = pair_counts.get(other, 0)
            if other != pair and count > 0:
                heapq.heappush(heap, (-count, other))
    return merges


def ranks(merges: Sequence[Pair]) -> dict[Pair, int]:
    """Each merge pair and its rank (0 = learned first)."""
    return {(first, second): rank for rank, (first, second) in enumerate(merges)}


def encode_piece(piece: bytes, rank: dict[Pair, int]) -> list[int]:
    """Token ids for one pre-token's bytes: apply the lowest-ranked merge present until none."""
    ids = list(piece)
    while len(ids) > 1:
        best = min(_pairs(ids), key=lambda p: rank.get(p, len(rank)))
        if best not in rank:
            break
        ids = _merge(ids, best, 256 + rank[best])
    return ids


def encode(text: str, merges: Sequence[Pair]) -> list[int]:
    """Token ids for text."""
    rank = ranks(merges)
    cache: dict[str, list[int]] = {}
    out: list[int] = []
    for piece in pretokenize(text):
        if piece not in cache:
            cache[piece] = encode_piece(piece.encode("utf-8"), rank)
        out.extend(cache[piece])
    return out


def vocabulary(merges: Sequence[Pair]) -> list[bytes]:
    """The bytes of every token id: 256 single bytes, then one entry per merge."""
    vocab = [bytes([b]) for b in range(256)]
    for first, second in merges:
        vocab.append(vocab[first] + vocab[second])
    return vocab


def decode(ids: Iterable[int], merges: Sequence[Pair]) -> bytes:
    """The bytes that ids stand for."""
    vocab = vocabulary(merges)
    return b"".join(vocab[i] for i in ids)


def cache_key(text: str, num_merges: int = NUM_MERGES) -> str:
    """Hash of everything training depends on."""
    digest = hashlib.sha256(f"{VERSION}\n{num_merges}\n{PATTERN}\n".encode())
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()[:32]


def cache_path(text: str, cache_dir: Path, num_merges: int = NUM_MERGES) -> Path:
    """Where train_cached keeps the merges for text."""
    return cache_dir / f"bpe-{cache_key(text, num_merges)}.json"


@dataclass(frozen=True)
class Trained:
    """Merges learned from a text ahead of time, before it was known to be the one wanted."""

    text: str
    merges: list[Pair]
    num_merges: int = NUM_MERGES


def train_cached(text: str, cache_dir: Path, num_merges: int = NUM_MERGES,
                 ahead: Trained | None = None) -> list[Pair]:
    """train(), reusing merges stored under cache_dir, or learned ahead, for the same text and
    settings."""
    path = cache_path(text, cache_dir, num_merges)
    try:
        return [(a, b) for a, b in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        pass
    if ahead is not None and ahead.num_merges == num_merges and ahead.text == text:
        merges = ahead.merges
    else:
        merges = train(text, num_merges)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(merges, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)
    return merges
