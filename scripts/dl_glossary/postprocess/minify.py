"""Drop the indentation Material's templates leave in every page, and nothing else.

A line break followed by spaces renders exactly like a line break alone (both collapse to one
space), except inside elements that keep whitespace: <pre>, <textarea>, and <script> and
<style>, whose text is also hashed by the Content-Security-Policy. Those are left untouched.
"""

from __future__ import annotations

import re

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
