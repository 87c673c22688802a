"""Warnings that every build shows and no `--strict` build counts: advice, not faults of the site.

MkDocs counts the WARNING records of the `mkdocs` logger and aborts a `--strict` build on any of
them. Some things a build should say are not faults of the site: links that will name this
machine (`site_url`), or a helper process that failed while the build made its files itself
(`cold_assets`). Those go through this module's logger, outside the `mkdocs` hierarchy, printed
in MkDocs' own format unless MkDocs' warnings are silenced (`--quiet`).
"""

from __future__ import annotations

import logging

log = logging.getLogger("dl_glossary.advice")


def warn(text: str) -> bool:
    """Print text as a warning that --strict does not count; False when warnings are silenced."""
    if not logging.getLogger("mkdocs").isEnabledFor(logging.WARNING):
        return False
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        log.addHandler(handler)
        log.propagate = False  # printed once, by this handler alone
    log.warning(text)
    return True
