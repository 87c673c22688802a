"""Material's stylesheets without the rules no page of the built site can use (PurgeCSS).

Material ships one stylesheet for every feature it has (blog, tabs, banners, annotations, …);
a page here uses about 60% of it. PurgeCSS (npm) keeps each rule whose class names, ids or
attribute values occur in the built pages or in any script that may add them at run time, and
drops the rest. The result gets a name fingerprinted by its own content, and every page is
pointed at it, so a host can still cache it for a year. Results are cached in `.cache/` by a
hash of everything PurgeCSS reads, so a rebuild of unchanged pages does not start Node again.

PurgeCSS is optional: without `node_modules` (a Python-only machine) the build keeps Material's
stylesheets as they ship and says so in one info line.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dl_glossary.postprocess import node_tool
from dl_glossary.postprocess.site_files import html_files, list_files

#: Material's fingerprinted stylesheets: `main.<hash>.min.css` and `palette.<hash>.min.css`.
STYLESHEET = re.compile(r"^(main|palette)\.[0-9a-f]{8}\.min\.css$")
STYLESHEETS_DIR = Path("assets") / "stylesheets"


class PurgeError(node_tool.ToolError):
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
    return node_tool.package_version(node_modules, "purgecss", PurgeError)


def _pages(files: list[str]) -> list[str]:
    """The site's rendered pages (the short-link redirects under t/ load no stylesheet)."""
    return [rel for rel in html_files(files) if not rel.startswith("t/")]


def scripts(files: list[str]) -> list[str]:
    """Every script of the site: they may add class names at run time."""
    return [rel for rel in files if rel.startswith("assets/") and rel.endswith(".js")]


def stylesheets(site_dir: Path, uris: Iterable[str]) -> list[Path]:
    """Material's fingerprinted stylesheets among the site paths uris, as `purge_site` lists
    them in site_dir."""
    return sorted(site_dir / uri for uri in uris
                  if PurePosixPath(uri).parent == PurePosixPath(STYLESHEETS_DIR.as_posix())
                  and STYLESHEET.match(PurePosixPath(uri).name))


def purged_name(original: str, css: bytes) -> str:
    """`main.<hash of the purged css>.min.css` for Material's `main.<hash>.min.css`."""
    return f"{original.split('.')[0]}.{hashlib.sha256(css).hexdigest()[:8]}.min.css"


def _run_purgecss(node_modules: Path, sheets: list[Path], content: list[Path],
                  out_dir: Path) -> None:
    cli = node_modules / "purgecss" / "bin" / "purgecss.js"
    node_tool.run(["node", str(cli), "--css", *map(str, sheets), "--content", *map(str, content),
                   "--output", str(out_dir)], "PurgeCSS", PurgeError)


class PurgeStream:
    """PurgeCSS started before the pages are written (`purge_stream.cjs`), reading each one as
    soon as it is on disk, so that at the end of the build only the stylesheets are left to
    purge (0.2 s here instead of 0.6 s on a cold cache). The result is the `purgecss`
    command's, byte for byte (tests/test_purge_css.py)."""

    def __init__(self, node_modules: Path, sheets: list[Path]) -> None:
        self.sheets = sheets
        self.sent: set[Path] = set()
        try:
            self.process: subprocess.Popen[str] | None = subprocess.Popen(
                ["node", str(_STREAM_SCRIPT), str(node_modules / "purgecss"), *map(str, sheets)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                text=True, encoding="utf-8")
        except OSError:
            self.process = None  # `finish` reports it; the purge then runs as a whole

    def add(self, path: Path) -> None:
        """A content file, now complete on disk."""
        if self.process is None or self.process.stdin is None or path in self.sent:
            return
        try:
            self.process.stdin.write(f"{path}\n")
            self.process.stdin.flush()
            self.sent.add(path)
        except (OSError, ValueError):  # node has exited (broken pipe, or stdin closed)
            self.cancel()

    def finish(self, content: list[Path], out_dir: Path) -> None:
        """Read the rest of content, write the purged stylesheets into out_dir; PurgeError if
        PurgeCSS failed or has read a file that is not in content."""
        process = self.process
        if process is None or process.stdin is None:
            raise PurgeError("PurgeCSS could not be started or stopped early")
        if not self.sent <= set(content):
            self.cancel()
            raise PurgeError("PurgeCSS was given a file that is not the site's content")
        for path in content:
            self.add(path)
        if self.process is None or process.stdin is None:
            raise PurgeError("PurgeCSS stopped while it was reading the pages")
        try:
            stdin, process.stdin = process.stdin, None  # closed here, not by communicate
            stdin.write(f">{out_dir}\n")
            stdin.close()
            _, err = process.communicate(timeout=120)
        except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
            self.cancel()
            raise PurgeError(f"PurgeCSS did not finish: {exc}") from exc
        if process.returncode != 0:
            raise PurgeError(f"PurgeCSS failed (exit {process.returncode}): {err.strip()[-500:]}")

    def cancel(self) -> None:
        """Stop PurgeCSS without output (the cache had the result, or the build stopped)."""
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            if process.stdin is not None and process.stdin.closed:
                process.stdin = None
            process.communicate()


_STREAM_SCRIPT = Path(__file__).with_name("purge_stream.cjs")


def looks_cold(cache_dir: Path) -> bool:
    """True when the cache holds no purged stylesheets (a fresh clone): worth a `PurgeStream`."""
    return not any((cache_dir / "purgecss").glob("*/*.css"))


def _purged_copies(site_dir: Path, sheets: list[Path], files: list[str], cache_dir: Path,
                   node_modules: Path, page_hashes: Mapping[str, bytes],
                   stream: PurgeStream | None) -> Path:
    """The folder holding the purged stylesheets (from the cache, or made now)."""
    read = _pages(files) + scripts(files)
    digest = node_tool.content_hash
    hashes = {(STYLESHEETS_DIR / sheet.name).as_posix(): digest(sheet.read_bytes())
              for sheet in sheets}
    for rel in read:
        known = page_hashes.get(rel)
        hashes[rel] = known if known is not None else digest((site_dir / rel).read_bytes())
    content = [site_dir / rel for rel in read]
    key = node_tool.cache_key(purgecss_version(node_modules), hashes)

    def make(out: Path) -> None:
        if stream is not None and stream.sheets == sheets:
            try:
                stream.finish(content, out)
                return
            except PurgeError:
                pass  # PurgeCSS as a whole, below, reports its own failure
        _run_purgecss(node_modules, sheets, content, out)

    try:
        return node_tool.cached_output(cache_dir, "purgecss", key,
                                       [sheet.name for sheet in sheets], make, PurgeError)
    finally:
        if stream is not None:
            stream.cancel()


def purgecss_available(node_modules: Path) -> bool:
    """True when `npm ci` has installed PurgeCSS and `node` is on PATH."""
    return (node_modules / "purgecss" / "package.json").is_file() and bool(shutil.which("node"))


def purge_site(site_dir: Path, cache_dir: Path, node_modules: Path = node_tool.NODE_MODULES,
               page_hashes: Mapping[str, bytes] | None = None,
               files: list[str] | None = None, stream: PurgeStream | None = None
               ) -> list[Purged]:
    """Replace Material's stylesheets in the built site by purged, re-fingerprinted copies.

    page_hashes: `content_hash` of pages (site-relative path) as the build wrote them; those
    pages are not read again for the cache key. files: the site's files
    (`site_files.list_files`), if listed already. stream: a `PurgeStream` started for this
    build, used if the cache lacks the result. Raises PurgeError when PurgeCSS is missing or
    fails, with the site as it was.
    """
    page_hashes = page_hashes or {}
    folder = site_dir / STYLESHEETS_DIR
    sheets = stylesheets(site_dir, [p.relative_to(site_dir).as_posix()
                                    for p in folder.glob("*.min.css")])
    if not sheets:
        if stream is not None:
            stream.cancel()
        return []
    files = list_files(site_dir) if files is None else files
    copies = _purged_copies(site_dir, sheets, files, cache_dir, node_modules, page_hashes,
                            stream)
    done: list[Purged] = []
    for sheet in sheets:
        css = (copies / sheet.name).read_bytes()
        name = purged_name(sheet.name, css)
        (folder / name).write_bytes(css)
        done.append(Purged((STYLESHEETS_DIR / sheet.name).as_posix(),
                           (STYLESHEETS_DIR / name).as_posix(),
                           sheet.stat().st_size, len(css)))
        sheet.unlink()
        sheet.with_name(sheet.name + ".map").unlink(missing_ok=True)  # maps the unpurged file
    names = {Path(p.original).name: Path(p.purged).name for p in done}
    _point_pages_at([site_dir / rel for rel in _pages(files)], names)
    return done


def files_after(files: list[str], purged: list[Purged]) -> list[str]:
    """The site's file list once the purge has replaced the stylesheets (and their maps)."""
    gone = {p.original for p in purged} | {p.original + ".map" for p in purged}
    return sorted({rel for rel in files if rel not in gone} | {p.purged for p in purged})


def _point_pages_at(pages: list[Path], names: Mapping[str, str]) -> None:
    """Rewrite each page's references by names (old stylesheet name -> new). A new name as long
    as the old (Material's and ours both carry 8 hex digits) is written over the old one in
    place: the pages are read, not written again (0.05 s of the build's process, 0.13 s while
    the cards are drawn beside it)."""
    if not names:
        return
    swaps = [(old.encode("ascii"), new.encode("ascii")) for old, new in names.items()]
    in_place = all(len(old) == len(new) for old, new in swaps)
    for page in pages:
        with open(page, "r+b") as file:  # one open to read and, where it can, to write
            data = file.read()
            spots = [(at, new) for old, new in swaps for at in _occurrences(data, old)]
            if in_place:
                for at, new in spots:
                    file.seek(at)
                    file.write(new)
        if spots and not in_place:
            for old, new in swaps:
                data = data.replace(old, new)
            page.write_bytes(data)


def _occurrences(data: bytes, needle: bytes) -> list[int]:
    """Offsets of needle in data, left to right, not overlapping (as `bytes.replace` sees them)."""
    found: list[int] = []
    at = data.find(needle)
    while at >= 0:
        found.append(at)
        at = data.find(needle, at + len(needle))
    return found
