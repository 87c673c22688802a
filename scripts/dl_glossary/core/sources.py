"""Markdown sources read as MkDocs reads them, without MkDocs (for processes that skip it)."""

from __future__ import annotations

import os
from pathlib import Path


def normalise_newlines(text: str) -> str:
    """Line endings as Python-Markdown (and so MkDocs) reads them: CRLF and CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def markdown_texts(docs_dir: Path) -> dict[str, str]:
    """Every Markdown page under docs_dir that MkDocs' default `exclude_docs` keeps (no dot
    folder or file, nothing under `templates/`), by source path, with LF line endings; a page
    that is not UTF-8 reads as empty, as `loader.load_page` gives it."""
    texts: dict[str, str] = {}
    for folder, dirs, names in os.walk(docs_dir):
        rel = Path(folder).relative_to(docs_dir)
        dirs[:] = [d for d in dirs if not d.startswith(".")
                   and not (rel == Path() and d == "templates")]
        for name in names:
            if name.endswith(".md") and not name.startswith("."):
                try:
                    text = (Path(folder) / name).read_bytes().decode("utf-8")
                except UnicodeDecodeError:
                    text = ""
                texts[(rel / name).as_posix()] = normalise_newlines(text)
    return texts
