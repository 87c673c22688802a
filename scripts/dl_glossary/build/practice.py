"""What practitioners ask, rendered: a concept's "Questions this answers" block and the rows
of the generated troubleshooting page (docs/troubleshooting.md), from front matter."""

from __future__ import annotations

import html
import re

from dl_glossary.core.loader import Site
from dl_glossary.core.model import Term, relative_url
from dl_glossary.core.practice import GROUPS, Row, rows_of

QUESTIONS_HEADING = "Questions this answers"
QUESTIONS_ID = "questions-this-answers"


def questions_block(questions: list[str]) -> str:
    """The questions as an HTML block (raw HTML, so no Markdown extension is needed)."""
    if not questions:
        return ""
    items = "".join(f"<li>{html.escape(q, quote=False)}</li>" for q in questions)
    return (f'<section class="dl-questions" aria-labelledby="{QUESTIONS_ID}">'
            f'<h2 id="{QUESTIONS_ID}">{QUESTIONS_HEADING}</h2><ul>{items}</ul></section>\n')


_BLANK = re.compile(r"\n[ \t]*\n")


def after_definition(markdown: str, block: str) -> str:
    """Put `block` after the first paragraph under the H1 (the definition); unchanged when empty."""
    if not block:
        return markdown
    heading = re.search(r"^# .*$", markdown, re.MULTILINE)
    start = heading.end() if heading else 0
    text_start = re.compile(r"\S").search(markdown, start)
    if text_start is None:
        return markdown.rstrip("\n") + "\n\n" + block
    gap = _BLANK.search(markdown, text_start.start())
    cut = gap.start() if gap else len(markdown)
    return f"{markdown[:cut]}\n\n{block}{markdown[cut:]}"


_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def _inline(text: str) -> str:
    """Front-matter text as inline Markdown: code spans kept, `<` and `&` elsewhere escaped."""
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts.append(html.escape(text[last:span.start()], quote=False) + span.group(0))
        last = span.end()
    parts.append(html.escape(text[last:], quote=False))
    return "".join(parts)


def _link(term: Term, from_url: str) -> str:
    return f"[{term.title}]({relative_url(term.url, from_url)})"


def _row_markdown(site: Site, term: Term, row: Row, from_url: str) -> str:
    """One row as a definition-list entry: the symptom, then cause, change and concepts."""
    slugs = dict.fromkeys([term.slug, *(s for s in row.see if s in site.terms)])
    links = ", ".join(_link(site.terms[slug], from_url) for slug in slugs)
    return (f"{_inline(row.symptom)}\n"
            f":   **Likely cause:** {_inline(row.cause)}\n\n"
            f"    **What to change:** {_inline(row.fix)}\n\n"
            f"    **Read:** {links}\n")


def troubleshooting(site: Site, from_url: str) -> str:
    """Every concept's troubleshooting rows, grouped (a heading and a list per group)."""
    grouped: dict[str, list[tuple[str, str]]] = {group: [] for group in GROUPS}
    for term in sorted(site.terms.values(), key=lambda t: t.title.lower()):
        for row in rows_of(site.pages[term.src]):
            if row.group in grouped:
                grouped[row.group].append((row.symptom.lower(),
                                           _row_markdown(site, term, row, from_url)))
    total = sum(len(rows) for rows in grouped.values())
    parts = [f"{total} symptoms in {sum(1 for rows in grouped.values() if rows)} groups.", ""]
    for group, heading in GROUPS.items():
        rows = sorted(grouped[group])
        if not rows:
            continue
        parts.append(f"## {heading} {{ #{group} }}\n")
        parts.append('<div class="dl-trouble" markdown>\n')
        parts.extend(entry for _, entry in rows)
        parts.append("</div>\n")
    return "\n".join(parts)
