"""`--fix`: turn unlinked first mentions into Markdown links, writing each file atomically."""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from dl_glossary.core.model import Fix, Page, relative_link
from dl_glossary.core.sources import normalise_newlines


def apply_to_text(text: str, fixes: list[Fix]) -> str:
    """Wrap each fixed span in a link to its term's page, keeping the original wording."""
    out = text
    for fix in sorted(set(fixes), key=lambda f: f.start, reverse=True):
        words = out[fix.start : fix.end]
        link = fix.url or relative_link(fix.src, fix.target_src)
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


def apply_fixes(
    docs_dir: Path, fixes: list[Fix], skip: set[str], pages: Mapping[str, Page]
) -> list[str]:
    """Rewrite every source with fixes except those in `skip`; return the rewritten sources.

    Offsets refer to each page's text as checked (newlines normalised); a file keeps its own
    line endings, and one that changed on disk since it was read is left alone.
    """
    by_src: dict[str, list[Fix]] = defaultdict(list)
    for fix in fixes:
        if fix.src not in skip:
            by_src[fix.src].append(fix)
    changed: list[str] = []
    for src in sorted(by_src):
        page = pages[src]
        path = docs_dir / PurePosixPath(src)
        on_disk = path.read_bytes().decode("utf-8")
        if normalise_newlines(on_disk) != page.text:
            continue
        updated = apply_to_text(page.text, by_src[src])
        if updated != page.text:
            write_atomically(path, updated.replace("\n", page.newline))
            changed.append(src)
    return changed
