"""The byte-level BPE behind the tokenizer demo: training, encoding, round trips, the cache."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT
from dl_glossary.build import bpe, demo_assets
from dl_glossary.core.loader import load_site

TEXTS = [
    "hello world",
    "def f(x):\n    return x ** 2\n",
    "Ça coûte 3,50 € — naïve café",
    "注意機構により、各トークン",
    "emoji 🙂👍🏽 mixed\ttabs  and   spaces \r\n",
    "it's we'll they've",
    "",
]


def test_pretokens_cover_the_text_exactly() -> None:
    for text in TEXTS:
        assert "".join(bpe.pretokenize(text)) == text


def test_pretokens_are_those_of_the_full_unicode_classes() -> None:
    """`pretokenize` builds its letter and digit classes from the text's own characters; it
    must split as the pattern with every code point of \\p{L} and \\p{N} does."""
    full = bpe.pretokenizer()
    site_text = demo_assets.training_text(load_site(ROOT))
    for text in [*TEXTS, " ".join(TEXTS), "Ⅻ ½ ٣ x² ǅ", site_text]:
        assert bpe.pretokenize(text) == full.findall(text)


def test_pretokens_follow_gpt2_rules() -> None:
    assert bpe.pretokenize("it's 2024, hello  world!") == [
        "it", "'s", " 2024", ",", " hello", " ", " world", "!",
    ]


def test_first_merge_is_the_most_frequent_pair() -> None:
    merges = bpe.train("ab ab ab xa", num_merges=1)
    assert merges == [(ord("a"), ord("b"))]


def test_training_is_deterministic_and_stops_at_singletons() -> None:
    text = "low lower lowest newer newest wider " * 3
    first = bpe.train(text, num_merges=50)
    assert first == bpe.train(text, num_merges=50)
    assert 0 < len(first) < 50  # runs out of pairs seen at least twice


def test_encode_decode_round_trip_and_merging() -> None:
    merges = bpe.train(" ".join(TEXTS) * 4, num_merges=200)
    for text in TEXTS:
        ids = bpe.encode(text, merges)
        assert bpe.decode(ids, merges) == text.encode("utf-8")
        assert len(ids) <= len(text.encode("utf-8"))
    assert len(bpe.encode("hello world", merges)) < len(b"hello world")


def test_vocabulary_entries_join_their_parts() -> None:
    merges = bpe.train("banana bandana " * 5, num_merges=10)
    vocab = bpe.vocabulary(merges)
    assert len(vocab) == 256 + len(merges)
    for i, (a, b) in enumerate(merges):
        assert vocab[256 + i] == vocab[a] + vocab[b]


def test_cache_is_reused_and_a_corrupt_cache_retrains(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    text = "the cat sat on the mat " * 10
    merges = bpe.train_cached(text, tmp_path, num_merges=20)
    [cached] = list(tmp_path.glob("bpe-*.json"))
    assert json.loads(cached.read_text()) == [list(m) for m in merges]

    def fail(*_: object, **__: object) -> None:
        raise AssertionError("trained again despite a valid cache")

    monkeypatch.setattr(bpe, "train", fail)
    assert bpe.train_cached(text, tmp_path, num_merges=20) == merges
    monkeypatch.undo()
    cached.write_text("{not json", encoding="utf-8")
    assert bpe.train_cached(text, tmp_path, num_merges=20) == merges
    assert json.loads(cached.read_text()) == [list(m) for m in merges]


@pytest.mark.parametrize("prefix", ["L", "N"])
def test_category_ranges_match_a_full_scan(prefix: str) -> None:
    """The pre-tokeniser's \\p{L} and \\p{N} ranges name every code point of the category."""
    expected = [cp for cp in range(sys.maxunicode + 1)
                if unicodedata.category(chr(cp)).startswith(prefix)]
    ranges = re.compile(f"[{bpe._ranges(prefix)}]")
    found = [cp for cp in range(sys.maxunicode + 1) if ranges.fullmatch(chr(cp))]
    assert found == expected
