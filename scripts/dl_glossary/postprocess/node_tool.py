"""Running an npm-installed tool over site files, with its output cached between builds.

The build's Node steps (PurgeCSS, esbuild) are optional: `npm ci` installs them, and without
them the site is still built, only larger. Each step's output is kept in `.cache/<tool>/<key>`,
the key hashing the tool's version and every input's path and content, so a rebuild of
unchanged files does not start the tool again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

#: Installed by `npm ci` from package.json, next to scripts/.
NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"


class ToolError(Exception):
    """The tool is missing or failed; the message says what to do."""


def content_hash(text: str | bytes) -> bytes:
    """The hash of one input file as a cache key counts it."""
    data = text.encode("utf-8", "xmlcharrefreplace") if isinstance(text, str) else text  # as MkDocs
    return hashlib.sha256(data).digest()


def package_version(node_modules: Path, package: str, error: type[ToolError]) -> str:
    """An installed npm package's version, or `error` if `npm ci` has not installed it."""
    manifest = node_modules / package / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError) as exc:
        raise error(f"{manifest} not found or unreadable: run `npm ci` (or `make build`), "
                    f"which installs {package}") from exc


def cache_key(version: str, files: Mapping[str, bytes]) -> str:
    """Key over a tool's version and (site-relative path, content hash) of what it reads."""
    digest = hashlib.sha256(version.encode())
    for rel in sorted(files):
        digest.update(rel.encode() + b"\0" + files[rel])
    return digest.hexdigest()[:24]


def run(command: list[str], name: str, error: type[ToolError], timeout: float = 120) -> None:
    """Run a tool; `error` with its last output lines if it cannot start or fails."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False,
                                timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise error(f"could not run {name}: {exc}") from exc
    if result.returncode != 0:
        raise error(f"{name} failed (exit {result.returncode}): "
                    f"{(result.stderr or result.stdout).strip()[-500:]}")


def cached_output(cache_dir: Path, tool: str, key: str, expected: list[str],
                  make: Callable[[Path], None], error: type[ToolError]) -> Path:
    """The folder holding `expected` (relative paths) for `key`: from the cache, or made now.

    `make(folder)` writes them into an empty folder; only a complete result is cached, and
    only the latest result of each tool is kept.
    """
    cached = cache_dir / tool / key
    if all((cached / rel).is_file() for rel in expected):
        return cached
    cache_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=cache_dir))
    try:
        make(work)
        missing = [rel for rel in expected if not (work / rel).is_file()]
        if missing:
            raise error(f"{tool} wrote no {', '.join(missing)}")
        shutil.rmtree(cached.parent, ignore_errors=True)
        cached.parent.mkdir(parents=True)
        work.rename(cached)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return cached
