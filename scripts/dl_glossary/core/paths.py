"""Learning paths: docs/paths/<slug>.md, whose front matter orders concepts for one goal."""

from __future__ import annotations

from dataclasses import dataclass, field

from dl_glossary.core.model import Page

MIN_STEPS = 5
MAX_STEPS = 12


@dataclass(frozen=True)
class Step:
    """One concept on a path, with why it matters for the path's goal."""

    concept: str  # a concept slug
    why: str
    index: int = 0  # its place in the front matter's `steps` list (0-based)


@dataclass
class LearningPath:
    """A route through the guide for one practitioner goal."""

    src: str
    title: str
    summary: str
    goal: str
    steps: list[Step] = field(default_factory=list)
    #: What is wrong with the file: (key path of the value, message), for GL036.
    problems: list[tuple[tuple[str | int, ...], str]] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.src.rsplit("/", 1)[-1].removesuffix(".md")

    @property
    def url(self) -> str:
        return self.src.removesuffix(".md") + "/"


def _text(meta: dict, key: str, problems: list) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(((key,) if key in meta else (), f"path has no `{key}` (a string)"))
        return ""
    return " ".join(value.split())


def read_path(page: Page) -> LearningPath:
    """The path a page's front matter defines; what does not fit the schema goes in problems."""
    meta = page.meta if isinstance(page.meta, dict) else {}
    problems: list[tuple[tuple[str | int, ...], str]] = []
    if not page.has_front_matter:
        problems.append(((), "path page has no front matter"))
    path = LearningPath(page.src, _text(meta, "title", problems), _text(meta, "summary", problems),
                        _text(meta, "goal", problems), problems=problems)
    steps = meta.get("steps")
    if not isinstance(steps, list):
        problems.append(((("steps",) if "steps" in meta else ()),
                         "path has no `steps` (a list of {concept, why})"))
        return path
    for i, step in enumerate(steps):
        concept = step.get("concept") if isinstance(step, dict) else None
        why = step.get("why") if isinstance(step, dict) else None
        if not isinstance(concept, str) or not isinstance(why, str) or not why.strip():
            problems.append((("steps", i), f"step {i + 1} needs `concept` (a slug) and `why` "
                             "(one line)"))
            continue
        path.steps.append(Step(concept.strip(), " ".join(why.split()), i))
    if not MIN_STEPS <= len(steps) <= MAX_STEPS:
        problems.append((("steps",), f"path has {len(steps)} steps "
                         f"({MIN_STEPS} to {MAX_STEPS} expected)"))
    return path
