"""GL040-GL042: every concept page lists 3 to 6 questions, and no question is on two pages."""

from __future__ import annotations

from dl_glossary.check.context import CheckContext
from dl_glossary.core.practice import MAX_QUESTIONS, MIN_QUESTIONS, question_key

_EXPECTED = f"{MIN_QUESTIONS} to {MAX_QUESTIONS}"


def check(ctx: CheckContext) -> None:
    first_asked: dict[str, str] = {}  # question key -> "path:line" of its first page
    for term in sorted(ctx.site.terms.values(), key=lambda t: t.src):
        page = ctx.site.pages[term.src]
        if "questions" not in page.meta:
            ctx.add(term.src, 1, 1, "GL040", f"no `questions`: add {_EXPECTED} questions or "
                    "symptoms a practitioner would type, in their words")
            continue
        lines = ctx.front_matter(page)
        value = page.meta["questions"]
        key_line, key_col = lines.key("questions")
        if not isinstance(value, list):
            kind = "empty" if value is None else f"a {type(value).__name__}"
            ctx.add(term.src, key_line, key_col, "GL041",
                    f"`questions` is {kind}, not a list of {_EXPECTED} questions")
            continue
        if not MIN_QUESTIONS <= len(value) <= MAX_QUESTIONS:
            ctx.add(term.src, key_line, key_col, "GL041",
                    f"`questions` has {len(value)} entries ({_EXPECTED} expected)")
        places = lines.items("questions")
        for number, question in enumerate(value, start=1):
            line, col = places[number - 1] if number <= len(places) else (key_line, key_col)
            if not isinstance(question, str) or not question.strip():
                ctx.add(term.src, line, col, "GL041",
                        f"`questions` entry {number} is not a question (a non-empty string)")
                continue
            if number > len(places):
                line, col = lines.value("questions", question)
            key = question_key(question)
            where = f"{ctx.site.path_of(term.src)}:{line}"
            if key in first_asked:
                ctx.add(term.src, line, col, "GL042", f"question {' '.join(question.split())!r} "
                        f"is also asked at {first_asked[key]}")
            else:
                first_asked[key] = where
