"""Material's stylesheets without the rules no page of the built site can use (PurgeCSS).

Material ships one stylesheet for every feature it has (blog, tabs, banners, annotations, …);
a page here uses about 60% of it. PurgeCSS (npm) keeps each rule whose class names, ids or
attribute values occur in the built pages or in any script that may add them at run time, and
drops the rest. The result gets a name fingerprinted by its own content, and every page is
pointed at it, so a host can still cache it for a year. Results are cached in `.cache/` by a
hash of everything PurgeCSS reads, so a rebuild of unchanged pages does not start Node again.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: Material's fingerprinted stylesheets: `main.<hash>.min.css` and `palette.<hash>.min.css`.
STYLESHEET = re.compile(r"^(main|palette)\.[0-9a-f]{8}\.min\.css$")
#: Installed by `npm ci` from package.json, next to scripts/.
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
STYLESHEETS_DIR = Path("assets") / "stylesheets"


class PurgeError(Exception):
    """PurgeCSS is missing or failed; the message says what to do."""


@dataclass(frozen=True)
class Purged:
    """One stylesheet replaced by its purged copy (paths relative to the site folder)."""

    original: str
    purged: str
    original_bytes: int
    purged_bytes: int


def purgecss_version(node_modules: Path) -> str:
    """The installed PurgeCSS version, or PurgeError if `npm ci` has not installed it."""
    manifest = node_modules / "purgecss" / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError) as exc:
        raise PurgeError(f"{manifest} not found or unreadable: run `npm ci` (or `make build`), "
                         "which installs PurgeCSS") from exc


def _pages(site_dir: Path) -> list[Path]:
    """The site's rendered pages (the short-link redirects under t/ load no stylesheet)."""
    return sorted(p for p in site_dir.rglob("*.html") if p.relative_to(site_dir).parts[0] != "t")


def _content_files(site_dir: Path) -> list[Path]:
    """Every page and script of the site: where PurgeCSS looks for the selectors in use."""
    return _pages(site_dir) + sorted((site_dir / "assets").rglob("*.js"))


def _cache_key(version: str, sheets: list[Path], content: list[Path], site_dir: Path) -> str:
    digest = hashlib.sha256(version.encode())
    for path in [*sheets, *content]:
        digest.update(str(path.relative_to(site_dir)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _run_purgecss(node_modules: Path, sheets: list[Path], content: list[Path],
                  out_dir: Path) -> None:
    cli = node_modules / "purgecss" / "bin" / "purgecss.js"
    command = ["node", str(cli), "--css", *map(str, sheets), "--content", *map(str, content),
               "--output", str(out_dir)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PurgeError(f"could not run PurgeCSS: {exc}") from exc
    if result.returncode != 0:
        raise PurgeError(f"PurgeCSS failed (exit {result.returncode}): "
                         f"{(result.stderr or result.stdout).strip()[-500:]}")


def _purged_copies(site_dir: Path, sheets: list[Path], cache_dir: Path,
                   node_modules: Path) -> Path:
    """The folder holding the purged stylesheets (from the cache, or made now)."""
    content = _content_files(site_dir)
    key = _cache_key(purgecss_version(node_modules), sheets, content, site_dir)
    cached = cache_dir / "purgecss" / key
    if all((cached / sheet.name).is_file() for sheet in sheets):
        return cached
    cache_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=cache_dir))
    try:
        _run_purgecss(node_modules, sheets, content, work)
        missing = [sheet.name for sheet in sheets if not (work / sheet.name).is_file()]
        if missing:
            raise PurgeError(f"PurgeCSS wrote no {', '.join(missing)}")
        shutil.rmtree(cached.parent, ignore_errors=True)  # keep only the latest result
        cached.parent.mkdir(parents=True)
        work.rename(cached)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return cached


def purge_site(site_dir: Path, cache_dir: Path, node_modules: Path = NODE_MODULES) -> list[Purged]:
    """Replace Material's stylesheets in the built site by purged, re-fingerprinted copies.

    Raises PurgeError (the site left as it was) when PurgeCSS is missing or fails.
    """
    folder = site_dir / STYLESHEETS_DIR
    sheets = sorted(p for p in folder.glob("*.min.css") if STYLESHEET.match(p.name))
    if not sheets:
        return []
    copies = _purged_copies(site_dir, sheets, cache_dir, node_modules)
    done: list[Purged] = []
    for sheet in sheets:
        css = (copies / sheet.name).read_bytes()
        name = f"{sheet.name.split('.')[0]}.{hashlib.sha256(css).hexdigest()[:8]}.min.css"
        (folder / name).write_bytes(css)
        done.append(Purged(str(STYLESHEETS_DIR / sheet.name), str(STYLESHEETS_DIR / name),
                           sheet.stat().st_size, len(css)))
        sheet.unlink()
        sheet.with_name(sheet.name + ".map").unlink(missing_ok=True)  # maps the unpurged file
    _point_pages_at(site_dir, done)
    return done


def _point_pages_at(site_dir: Path, purged: list[Purged]) -> None:
    """Rewrite each page's <link> to a purged stylesheet's new name."""
    names = {Path(p.original).name: Path(p.purged).name for p in purged}
    pattern = re.compile("|".join(re.escape(name) for name in names))
    for page in _pages(site_dir):
        text = page.read_text(encoding="utf-8")
        new = pattern.sub(lambda m: names[m.group(0)], text)
        if new != text:
            page.write_text(new, encoding="utf-8")
