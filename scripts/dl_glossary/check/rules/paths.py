"""GL036: a learning path (docs/paths/<slug>.md) is well formed, its steps are concepts, and
every step comes after the steps it needs first."""

from __future__ import annotations

from dl_glossary.check.context import CheckContext
from dl_glossary.core.frontmatter import positions
from dl_glossary.core.paths import LearningPath, read_path


def check(ctx: CheckContext) -> None:
    for page in ctx.site.path_pages:
        if page.meta_error is not None:
            continue
        path = read_path(page)
        where = positions(page.text)
        for key, message in path.problems:
            ctx.add(page.src, *where.get(key, (1, 1)), "GL036", message)
        for step, message in _step_problems(ctx, path):
            ctx.add(page.src, *where.get(("steps", step, "concept"), (1, 1)), "GL036", message)


def _step_problems(ctx: CheckContext, path: LearningPath) -> list[tuple[int, str]]:
    """(index of the step in `steps`, message) for unknown, repeated and misplaced steps."""
    terms = ctx.site.terms
    problems: list[tuple[int, str]] = []
    place: dict[str, int] = {}  # slug -> its number on the path (1-based)
    for number, step in enumerate(path.steps, start=1):
        if step.concept not in terms:
            problems.append((step.index, f"step {number} names no concept: {step.concept!r}"))
        elif step.concept in place:
            problems.append((step.index, f"step {number} repeats {step.concept!r} "
                             f"(step {place[step.concept]})"))
        else:
            place[step.concept] = number
    for number, step in enumerate(path.steps, start=1):
        if place.get(step.concept) != number:
            continue
        for needed, through in _needs_on_path(ctx, step.concept, place):
            if place[needed] > number:
                via = f", through {through!r}" if through else ""
                problems.append((step.index, f"step {number} {step.concept!r} comes before "
                                 f"{needed!r} (step {place[needed]}), which it needs first{via}"))
    return problems


def _needs_on_path(ctx: CheckContext, slug: str, on_path: dict[str, int]) -> list[tuple[str, str]]:
    """The nearest prerequisites of slug that are on the path: (slug, the first concept off the
    path it is needed through, or "" when it is a direct prerequisite)."""
    terms = ctx.site.terms
    found: dict[str, str] = {}
    seen = {slug}
    todo = [(needed, "") for needed in terms[slug].prerequisites]
    while todo:
        needed, through = todo.pop(0)
        if needed in seen or needed not in terms:
            continue
        seen.add(needed)
        if needed in on_path:
            found.setdefault(needed, through)
        else:
            todo.extend((further, through or needed) for further in terms[needed].prerequisites)
    return sorted(found.items(), key=lambda item: on_path[item[0]])
