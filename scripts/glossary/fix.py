"""`--fix`: turn unlinked first mentions into Markdown links, writing each file atomically."""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from pathlib import Path

from .model import Fix, relative_link


def apply_to_text(text: str, fixes: list[Fix]) -> str:
    """Wrap each fixed span in a link to its term's page, keeping the original wording."""
    out = text
    for fix in sorted(set(fixes), key=lambda f: f.start, reverse=True):
        words = out[fix.start : fix.end]
        link = relative_link(fix.src, fix.target_src)
        out = f"{out[: fix.start]}[{words}]({link}){out[fix.end :]}"
    return out


def write_atomically(path: Path, text: str) -> None:
    """Replace a file's content in one step: a crash leaves the old or the new file, never half."""
    mode = path.stat().st_mode & 0o7777
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def apply_fixes(docs_dir: Path, fixes: list[Fix], skip: set[str]) -> list[str]:
    """Rewrite every source with fixes except those in `skip`; return the rewritten sources."""
    by_src: dict[str, list[Fix]] = defaultdict(list)
    for fix in fixes:
        if fix.src not in skip:
            by_src[fix.src].append(fix)
    changed: list[str] = []
    for src in sorted(by_src):
        path = docs_dir / src
        original = path.read_text(encoding="utf-8")
        updated = apply_to_text(original, by_src[src])
        if updated != original:
            write_atomically(path, updated)
            changed.append(src)
    return changed
