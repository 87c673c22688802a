"""The checker's rules, one module each. A rule is `check(ctx: CheckContext) -> None`: it reads
the site through the context and reports through `ctx.add` (and `ctx.add_fix`)."""

from __future__ import annotations

from collections.abc import Callable

from dl_glossary.check.context import CheckContext
from dl_glossary.check.rules import (
    front_matter,
    indexes,
    links,
    mentions,
    names,
    paths,
    prerequisites,
    questions,
    sections,
    sources,
    tables,
    troubleshooting,
)

Rule = Callable[[CheckContext], None]

#: Every rule, in the order they run (the findings are sorted afterwards).
RULES: tuple[Rule, ...] = (
    front_matter.check,
    names.check,
    links.check,
    mentions.check,
    sections.check,
    sources.check,
    indexes.check,
    tables.check,
    prerequisites.check,
    paths.check,
    questions.check,
    troubleshooting.check,
)
