"""Run every rule over a loaded site: findings, fixes and the link graph in one Report."""

from __future__ import annotations

from dl_glossary.check.context import CheckContext, Report
from dl_glossary.check.rules import RULES
from dl_glossary.core.loader import Site

__all__ = ["Report", "check_site"]


def check_site(site: Site) -> Report:
    """Run every rule over a loaded site."""
    ctx = CheckContext(site)
    for page in site.pages.values():
        if page.meta_error is not None:
            ctx.report.findings.append(page.meta_error)
            ctx.report.unfixable.add(page.src)
    for rule in RULES:
        rule(ctx)
    ctx.report.incoming = ctx.incoming
    ctx.report.findings.sort()
    return ctx.report
