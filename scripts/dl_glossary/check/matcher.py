"""Find mentions of every term in one pass over a text with an Aho-Corasick automaton.

Each title and alias is expanded into its surface variants (hyphen, space or solid between
words; singular and plural), lower-cased, and added to one automaton. Texts are normalised the
same way without changing their length (lower case; hyphens, slashes and white space become a
space), so an automaton hit maps straight back to source offsets. Acronyms written in capitals
(two or more capital letters, such as RLHF, MoE, LoRA) must match their case exactly.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

_SEPARATORS = re.compile(r"[\s\-/]+")
_NORMALISE = str.maketrans({"-": " ", "/": " ", "\t": " ", "\n": " ", "\r": " ", "\u2011": " "})
#: Above this many words only the spaced variant is generated (2**n would explode).
_MAX_SOLID_JOINS = 4


@dataclass(frozen=True)
class Mention:
    """A match of a term's name in a text."""

    start: int
    end: int
    slug: str


def is_acronym(word: str) -> bool:
    """Words with two or more capitals (RLHF, MoE, LoRA, KV) keep their case."""
    return sum(1 for ch in word if ch.isupper()) >= 2


def normalise(text: str) -> str:
    """Lower-case and turn separators into spaces, keeping every offset."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few Unicode capitals lower-case to two code points
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(_NORMALISE)


def _plural_forms(word: str) -> list[str]:
    lower = word.lower()
    if is_acronym(word) or word.isupper():
        return [word, word + "s"]
    if lower.endswith("ies") and len(lower) > 4:
        return [word, word[:-3] + "y"]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3:
        return [word, word[:-1]]
    if lower.endswith(("s", "x", "ch", "sh", "z")):
        return [word, word + "es"]
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in "aeiou":
        return [word, word[:-1] + "ies"]
    return [word, word + "s"]


def variants(phrase: str) -> set[str]:
    """Surface forms of a phrase, in original case: separators and plurals varied."""
    words = [w for w in _SEPARATORS.split(phrase.strip()) if w]
    if not words:
        return set()
    joins = ([" ", ""] if len(words) - 1 <= _MAX_SOLID_JOINS else [" "])
    forms: set[str] = set()
    for last in _plural_forms(words[-1]):
        seq = [*words[:-1], last]
        for seps in itertools.product(joins, repeat=len(seq) - 1):
            forms.add(seq[0] + "".join(sep + w for sep, w in zip(seps, seq[1:], strict=True)))
    return forms


def _case_mask(form: str, phrase_words: Iterable[str]) -> tuple[int, ...]:
    """Offsets within a variant whose character must match case exactly."""
    sensitive: list[int] = []
    acronyms = [w for w in phrase_words if is_acronym(w)]
    if not acronyms:
        return ()
    pos = 0
    for word in acronyms:
        found = form.find(word, pos)
        if found < 0:
            continue
        sensitive.extend(range(found, found + len(word)))
        pos = found + len(word)
    return tuple(sensitive)


class MentionIndex:
    """All names of all terms, matched leftmost-longest on word boundaries."""

    def __init__(self, names: Iterable[tuple[str, str | None]]) -> None:
        """`names` yields (phrase, slug); a slug of None marks a phrase that is not a mention."""
        self._automaton = ahocorasick.Automaton()
        seen: dict[str, tuple[str | None, str, tuple[int, ...]]] = {}
        for phrase, slug in names:
            words = [w for w in _SEPARATORS.split(phrase.strip()) if w]
            for form in variants(phrase):
                key = normalise(form)
                if not key.strip() or key in seen:
                    continue
                seen[key] = (slug, form, _case_mask(form, words))
        for key, value in seen.items():
            self._automaton.add_word(key, (len(key), *value))
        self._empty = not seen
        if seen:
            self._automaton.make_automaton()

    def find(self, text: str, normalised: str | None = None) -> list[Mention]:
        """Leftmost-longest mentions in `text` (NUL characters never match)."""
        if self._empty:
            return []
        norm = normalised if normalised is not None else normalise(text)
        candidates: list[tuple[int, int, str | None]] = []
        size = len(text)
        for end_index, (length, slug, form, sensitive) in self._automaton.iter(norm):
            start = end_index - length + 1
            end = end_index + 1
            if start > 0:
                before = text[start - 1]
                if before.isalnum() or before in "_-":
                    continue
            if end < size:
                after = text[end]
                if after.isalnum() or after == "_":
                    continue
            if sensitive and any(text[start + i] != form[i] for i in sensitive):
                continue
            candidates.append((start, end, slug))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        mentions: list[Mention] = []
        last_end = -1
        for start, end, slug in candidates:
            if start < last_end:
                continue
            last_end = end
            if slug is not None:
                mentions.append(Mention(start, end, slug))
        return mentions
