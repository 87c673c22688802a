"""The files of a built site, listed once for the steps that go over the whole site."""

from __future__ import annotations

import os
from pathlib import Path


def list_files(site_dir: Path) -> list[str]:
    """Every file under site_dir as a site-relative POSIX path, sorted."""
    return walk(site_dir)[0]


def walk(site_dir: Path) -> tuple[list[str], list[str]]:
    """Every file under site_dir (sorted) and every empty folder, as site-relative POSIX paths."""
    found: list[str] = []
    empty: list[str] = []
    for folder, dirs, names in os.walk(site_dir):
        rel = Path(folder).relative_to(site_dir).as_posix()
        prefix = "" if rel == "." else rel + "/"
        found.extend(prefix + name for name in names)
        if not dirs and not names and prefix:
            empty.append(rel)
    return sorted(found), empty


def html_files(files: list[str]) -> list[str]:
    """The HTML pages among files."""
    return [rel for rel in files if rel.endswith(".html")]
