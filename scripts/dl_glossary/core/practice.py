"""What practitioners ask: a concept's `questions` and `troubleshooting` rows, from front matter.

Both are read leniently here (what is malformed is left out); the checker's rules GL040-GL045
report the malformed entries with their place in the front matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dl_glossary.core.model import Page

#: Where docs/troubleshooting.md wants the generated rows.
TROUBLESHOOTING_MARKER = "<!-- glossary:troubleshooting -->"
#: Troubleshooting groups, in page order, with their headings.
GROUPS: dict[str, str] = {
    "output": "Output quality",
    "cost": "Cost",
    "speed": "Speed",
    "memory": "Memory",
    "training": "Training and fine-tuning",
    "safety": "Safety",
}
#: The fields every troubleshooting row must have (`see` is optional).
ROW_FIELDS = ("symptom", "cause", "fix", "group")
MIN_QUESTIONS, MAX_QUESTIONS = 3, 6


@dataclass(frozen=True)
class Row:
    """One troubleshooting row of a concept page."""

    symptom: str
    cause: str
    fix: str
    group: str
    see: list[str] = field(default_factory=list)


def questions_of(page: Page) -> list[str]:
    """The page's questions, each on one line (non-strings and blanks left out)."""
    value = page.meta.get("questions")
    if not isinstance(value, list):
        return []
    return [" ".join(q.split()) for q in value if isinstance(q, str) and q.strip()]


def rows_of(page: Page) -> list[Row]:
    """The page's well-formed troubleshooting rows, in order."""
    value = page.meta.get("troubleshooting")
    if not isinstance(value, list):
        return []
    rows = []
    for item in value:
        if not isinstance(item, dict):
            continue
        texts = [item.get(key) for key in ROW_FIELDS]
        if not all(isinstance(t, str) and t.strip() for t in texts):
            continue
        see = item.get("see") or []
        see = [see] if isinstance(see, str) else see
        symptom, cause, fix, group = (" ".join(str(t).split()) for t in texts)
        rows.append(Row(symptom, cause, fix, group,
                        [str(s) for s in see] if isinstance(see, list) else []))
    return rows


def question_key(question: str) -> str:
    """Comparison key for questions: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", question.lower()).split())
