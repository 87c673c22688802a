"""Learning in order, rendered from front matter: "Before this" and "Leads to" on concept pages,
the body of each learning path and the paths index.

Everything here is plain string work over the loaded site (no Markdown pass): links are final
relative URLs from the page they appear on, as in `render`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from dl_glossary.core.loader import Site
from dl_glossary.core.model import Term, relative_url
from dl_glossary.core.paths import LearningPath, read_path

#: The stylesheets of the path pages (and their index) and of the concept map, each linked
#: from the pages that need it only: assets/stylesheets/<name>.css.
STYLESHEETS = ("paths", "map")
#: Reading speed for the estimates: technical prose, read with care.
WORDS_PER_MINUTE = 200
LEADS_TO_ID = "leads-to"

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_SOURCES = re.compile(r"^##[ \t]+Sources\b", re.MULTILINE)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _a(term: Term, from_url: str) -> str:
    """A link to a concept, its href in single quotes: the build's hover previews
    (`previews.add_previews`) annotate double-quoted hrefs only, and these links need none
    (their summary is on the page, or they are kept light)."""
    return f"<a href='{relative_url(term.url, from_url)}'>{_e(term.title)}</a>"


def dependents(site: Site) -> dict[str, list[Term]]:
    """Slug -> the concepts that list it as a prerequisite, by title."""
    found: dict[str, list[Term]] = {}
    for term in sorted(site.terms.values(), key=lambda t: (t.title.lower(), t.slug)):
        for slug in dict.fromkeys(term.prerequisites):
            if slug in site.terms and slug != term.slug:
                found.setdefault(slug, []).append(term)
    return found


def before_this(site: Site, term: Term, page_url: str) -> str:
    """The "Before this" block under a concept's title: each prerequisite with its summary
    (open, and collapsible; the summary is shown, so the link carries no hover preview)."""
    needed = [site.terms[s] for s in dict.fromkeys(term.prerequisites)
              if s in site.terms and s != term.slug]
    if not needed:
        return ""
    items = "".join(
        f"<li>{_a(t, page_url)}: {_e(t.summary)}</li>"
        for t in needed
    )
    return ('<details class="dl-before abstract" open data-search-exclude><summary>Before this'
            f"</summary><ul>{items}</ul></details>\n")


def leads_to(term: Term, following: list[Term]) -> tuple[str, list[dict[str, Any]]]:
    """The "Leads to" section (HTML) near a concept page's end, and its table-of-contents token:
    the titles only (no hover previews: the page stays light; each concept is one click away)."""
    if not following:
        return "", []
    items = " · ".join(_a(t, term.url) for t in following)
    heading = (f'<h2 id="{LEADS_TO_ID}">Leads to<a class="headerlink" href="#{LEADS_TO_ID}" '
               'title="Permanent link">&para;</a></h2>')
    text = f'{heading}\n<p class="dl-leads">{items}</p>\n'
    toc = {"level": 2, "id": LEADS_TO_ID, "name": "Leads to", "children": []}
    return text, [toc]


def word_count(markdown: str) -> int:
    """Words a reader reads on a page: its text without link targets and the Sources list."""
    sources = _SOURCES.search(markdown)
    body = markdown[: sources.start()] if sources else markdown
    return len(_LINK_TARGET.sub(" ", body).split())


def reading_minutes(site: Site, slugs: Iterable[str] | None = None) -> dict[str, int]:
    """Slug -> minutes to read the concept's page (at least 1), for `slugs` or every concept."""
    minutes = {}
    for slug in site.terms if slugs is None else slugs:
        page = site.pages[site.terms[slug].src]
        words = word_count(page.text[page.body_start:])
        minutes[slug] = max(1, round(words / WORDS_PER_MINUTE))
    return minutes


def path_of(site: Site, src: str) -> LearningPath | None:
    """The path defined by the page at src, with its known steps (None: unreadable page)."""
    page = site.pages.get(src)
    if page is None or page.meta_error is not None:
        return None
    path = read_path(page)
    path.steps = [step for step in path.steps if step.concept in site.terms]
    return path


def learning_paths(site: Site) -> list[LearningPath]:
    """Every path with its known steps, in nav order (then by file name)."""
    nav = {src: i for i, src in enumerate(site.nav_sources or [])}
    found = [path for page in site.path_pages if (path := path_of(site, page.src))]
    return sorted(found, key=lambda p: (nav.get(p.src, len(nav)), p.src))


def stylesheet(page_url: str, name: str = "paths") -> str:
    """A link to one of STYLESHEETS, placed in the page that needs it."""
    href = relative_url(f"assets/stylesheets/{name}.css", page_url)
    return f'<link rel="stylesheet" href="{href}">'


def _duration(minutes: int) -> str:
    return f"about {minutes} min"


def path_body(site: Site, path: LearningPath, markdown: str, page_url: str,
              minutes: Mapping[str, int]) -> str:
    """A path page's Markdown with its goal and reading time under the title, and the ordered
    steps (linked, each with why it matters here and its summary) after the page's own text."""
    total = sum(minutes[s.concept] for s in path.steps)
    count = len(path.steps)
    head = (f'<div class="dl-path-head">{stylesheet(page_url)}<p class="dl-path-goal">'
            f'<strong>Goal:</strong> {_e(path.goal)}</p><p class="dl-path-meta">{count} steps · '
            f'{_duration(total)} of reading. <span class="dl-path-progress" role="status">'
            "Steps you have opened are marked as done (kept in this browser only).</span></p>"
            "</div>\n")
    steps = []
    for number, step in enumerate(path.steps, start=1):
        term = site.terms[step.concept]
        steps.append(
            f'<li class="dl-step"><span class="dl-step-n" aria-hidden="true">{number}</span>'
            f'<div><p class="dl-step-title">{_a(term, page_url)} '
            f'<span class="dl-step-time">{minutes[step.concept]} min</span></p>'
            f'<p class="dl-step-why">{_e(step.why)}</p>'
            f'<p class="dl-step-summary">{_e(term.summary)}</p></div></li>'
        )
    body = ('\n\n## The steps { #steps }\n\n<ol class="dl-path dl-path-steps">'
            f'{"".join(steps)}</ol>\n'
            '<p class="dl-path-clear" hidden><button type="button" class="md-button">'
            "Clear my progress</button></p>\n")
    first, sep, rest = markdown.partition("\n")
    if first.startswith("# "):
        return f"{first}\n\n{head}{sep}{rest.rstrip()}{body}"
    return head + markdown.rstrip() + body


def paths_index(site: Site, from_url: str) -> str:
    """The paths index (Markdown): each path linked, with its summary, goal, number of steps,
    reading time and route."""
    paths = learning_paths(site)
    minutes = reading_minutes(site, {step.concept for path in paths for step in path.steps})
    parts = [f'<div class="dl-paths-head">{stylesheet(from_url)}</div>\n']
    for path in paths:
        total = sum(minutes[s.concept] for s in path.steps)
        route = " → ".join(site.terms[s.concept].title for s in path.steps)
        parts += [
            f"## [{path.title}]({relative_url(path.url, from_url)}) {{ #{path.slug} }}\n",
            f"{path.summary}\n",
            f"**Goal:** {path.goal}\n{{ .dl-path-goal }}\n",
            f"{len(path.steps)} steps · {_duration(total)} of reading: {route}\n"
            "{ .dl-path-meta }\n",
        ]
    return "\n".join(parts)
