"""Smaller files, same rendering: page indentation dropped, our stylesheets minified.

Drop the indentation Material's templates leave in every page, and nothing else.

A line break followed by spaces renders exactly like a line break alone (both collapse to one
space), except inside elements that keep whitespace: <pre>, <textarea>, and <script> and
<style>, whose text is also hashed by the Content-Security-Policy. Those are left untouched.
"""

from __future__ import annotations

import re

import rcssmin

_KEEP = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_INDENT = re.compile(r"\n\s+")


def strip_indentation(html: str) -> str:
    """The page without blank lines and leading blanks, outside whitespace-keeping tags."""
    out: list[str] = []
    start = 0
    for kept in _KEEP.finditer(html):
        out.append(_INDENT.sub("\n", html[start : kept.start()]))
        out.append(kept.group(0))
        start = kept.end()
    out.append(_INDENT.sub("\n", html[start:]))
    return "".join(out)


def is_own_stylesheet(src_uri: str) -> bool:
    """A stylesheet written for this site (not a vendored or already minified one)."""
    return (src_uri.endswith(".css") and not src_uri.endswith(".min.css")
            and not src_uri.startswith("assets/vendor/"))


def stylesheet(css: str) -> str:
    """The stylesheet without comments and needless whitespace; every rule is kept as written.

    rcssmin is a small, long-maintained CSS minifier (Apache-2.0, C speed-up with a pure-Python
    fallback) that only removes what cannot change how a rule applies.
    """
    return rcssmin.cssmin(css)
