"""The site's own scripts minified by esbuild (npm), when `npm ci` has installed it.

esbuild is the minifier most JavaScript tooling builds on; it parses each file (modules,
nested template literals and all), so the minified script does exactly what the source does.
Each file is minified on its own, with no bundling: imports, `import.meta.url` and dynamic
`import()` of the demo modules stay as written. Material's scripts (`*.min.js`) and the
vendored ones (`assets/vendor/`) ship minified already and are left alone. Like PurgeCSS this
step is optional: without it the scripts are served as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dl_glossary.postprocess import node_tool


class MinifyError(node_tool.ToolError):
    """esbuild is missing or failed; the message says what to do."""


@dataclass(frozen=True)
class Minified:
    """One script of the site and its size before and after."""

    path: str
    original_bytes: int
    minified_bytes: int


def is_own_script(rel: str) -> bool:
    """A script written for this site, under assets/ (not Material's, not vendored)."""
    return (rel.startswith("assets/") and rel.endswith(".js") and not rel.endswith(".min.js")
            and not rel.startswith("assets/vendor/"))


def esbuild_command(node_modules: Path) -> list[str]:
    """How to start esbuild: its native binary, or its JavaScript launcher through node."""
    launcher = node_modules / "esbuild" / "bin" / "esbuild"
    with launcher.open("rb") as head:
        is_script = head.read(2) == b"#!"
    return ["node", str(launcher)] if is_script else [str(launcher)]


def esbuild_available(node_modules: Path) -> bool:
    """True when `npm ci` has installed esbuild."""
    return (node_modules / "esbuild" / "package.json").is_file() and (
        node_modules / "esbuild" / "bin" / "esbuild").is_file()


@dataclass(frozen=True)
class Copies:
    """Minified copies of the site's own scripts, made (or found) in the cache."""

    folder: Path
    scripts: list[str]  # site-relative paths, the same under folder
    original_bytes: dict[str, int]

    def write_back(self, site_dir: Path) -> list[Minified]:
        """Replace each script in site_dir by its minified copy."""
        done = []
        for rel in self.scripts:
            minified = (self.folder / rel).read_bytes()
            (site_dir / rel).write_bytes(minified)
            done.append(Minified(rel, self.original_bytes[rel], len(minified)))
        return done


def minified_copies(site_dir: Path, files: list[str], cache_dir: Path,
                    node_modules: Path = node_tool.NODE_MODULES) -> Copies:
    """Minify the site's own scripts into the cache, leaving the site as it is (so that a
    build can minify while PurgeCSS still reads the scripts). MinifyError when esbuild is
    missing or fails."""
    scripts = sorted(rel for rel in files if is_own_script(rel))
    if not scripts:
        return Copies(cache_dir, [], {})
    version = node_tool.package_version(node_modules, "esbuild", MinifyError)
    sources = {rel: (site_dir / rel).read_bytes() for rel in scripts}
    key = node_tool.cache_key(version, {rel: node_tool.content_hash(data)
                                        for rel, data in sources.items()})

    def make(out: Path) -> None:
        node_tool.run([*esbuild_command(node_modules), *(str(site_dir / rel) for rel in scripts),
                       "--minify", f"--outbase={site_dir}", f"--outdir={out}",
                       "--charset=utf8", "--log-level=error"], "esbuild", MinifyError)

    folder = node_tool.cached_output(cache_dir, "esbuild", key, scripts, make, MinifyError)
    return Copies(folder, scripts, {rel: len(data) for rel, data in sources.items()})


def minify_site(site_dir: Path, files: list[str], cache_dir: Path,
                node_modules: Path = node_tool.NODE_MODULES) -> list[Minified]:
    """Replace each of the site's own scripts by its minified copy, in place.

    Raises MinifyError when esbuild is missing or fails, with the site as it was.
    """
    return minified_copies(site_dir, files, cache_dir, node_modules).write_back(site_dir)
