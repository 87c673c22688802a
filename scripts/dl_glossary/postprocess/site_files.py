"""The files of a built site, listed once for the steps that go over the whole site."""

from __future__ import annotations

import os
from pathlib import Path


def list_files(site_dir: Path) -> list[str]:
    """Every file under site_dir as a site-relative POSIX path, sorted."""
    found: list[str] = []
    for folder, _dirs, names in os.walk(site_dir):
        rel = Path(folder).relative_to(site_dir).as_posix()
        prefix = "" if rel == "." else rel + "/"
        found.extend(prefix + name for name in names)
    return sorted(found)


def html_files(files: list[str]) -> list[str]:
    """The HTML pages among files."""
    return [rel for rel in files if rel.endswith(".html")]
