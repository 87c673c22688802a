"""GL015-GL016: every entry under a concept page's Sources links its source, and every arXiv id
is well formed and points to the abstract page. Links are checked for form, never fetched."""

from __future__ import annotations

import re

from dl_glossary.check.context import CheckContext
from dl_glossary.check.scanner import Citation
from dl_glossary.core.model import Fix, Page

_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<(https?://[^>\s]+)>")
#: arXiv identifiers: YYMM.NNNNN (2015 on) or YYMM.NNNN (2007-2014), with an optional version;
#: or the old archive/YYMMNNN form.
_ARXIV_ID = re.compile(
    r"(?:(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d{4,5})|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
)
_ARXIV_TEXT = re.compile(r"\barXiv:\s*(\S+?)(?=[\s,;)\]]|\.(?:\s|$)|$)")
_ARXIV_URL = re.compile(r"^https?://(?:www\.)?arxiv\.org/(abs|pdf|html)/(.+?)(?:\.pdf)?/?$")


def arxiv_id_problem(identifier: str) -> str | None:
    """Why an arXiv identifier is malformed, or None when it is well formed."""
    m = _ARXIV_ID.fullmatch(identifier)
    if m is None:
        return f"malformed arXiv id {identifier!r}"
    if m.group("mm") is not None:
        yy, mm, num = int(m.group("yy")), int(m.group("mm")), m.group("num")
        if not 1 <= mm <= 12:
            return f"malformed arXiv id {identifier!r} (month {mm:02d})"
        if (yy >= 15) != (len(num) == 5) or yy < 7:
            return f"malformed arXiv id {identifier!r} ({len(num)} digits after 20{yy:02d})"
    return None


def check(ctx: CheckContext) -> None:
    for page in ctx.readable_pages():
        if page.src not in ctx.src_to_slug:
            continue
        for citation in ctx.scan_of(page).citations:
            line, col = ctx.line_col(page, citation.start)
            urls = [a or b for a, b in _LINK.findall(citation.text)]
            if not any(url.startswith(("http://", "https://")) for url in urls):
                ctx.add(page.src, line, col, "GL015",
                        "Sources entry has no link (arXiv abstract page, DOI or official docs)")
                _offer_arxiv_link(ctx, page, citation)
            for url in urls:
                m = _ARXIV_URL.match(url)
                if m is None:
                    continue
                at = ctx.line_col(page, citation.start + citation.text.find(url))
                problem = arxiv_id_problem(m.group(2))
                if problem:
                    ctx.add(page.src, *at, "GL016", problem)
                elif m.group(1) != "abs":
                    ctx.add(page.src, *at, "GL016",
                            f"arXiv link to the {m.group(1).upper()} version: link "
                            f"https://arxiv.org/abs/{m.group(2)}")
            linked_ids = {m.group(2) for m in map(_ARXIV_URL.match, urls) if m}
            for m in _ARXIV_TEXT.finditer(citation.text):
                problem = arxiv_id_problem(m.group(1))
                if problem and m.group(1) not in linked_ids:
                    ctx.add(page.src, *ctx.line_col(page, citation.start + m.start(1)), "GL016",
                            problem)


def _offer_arxiv_link(ctx: CheckContext, page: Page, citation: Citation) -> None:
    """--fix links a well-formed plain `arXiv:<id>` to its abstract page."""
    for m in _ARXIV_TEXT.finditer(citation.text):
        if arxiv_id_problem(m.group(1)) is None:
            start = citation.start + m.start()
            ctx.add_fix(Fix(page.src, start, citation.start + m.end(1), "",
                            f"https://arxiv.org/abs/{m.group(1)}"))
            return
