"""Keep the glossary's own output folders across MkDocs' clean of the site folder.

`mkdocs build` empties the site folder before it builds. Two folders there are the glossary's
alone: `t/` (a short-link page per term and alias, a thousand folders) and `assets/cards/` (a
card per concept). Deleting them and making them again right away is the slow part of a build
into the previous output folder: on ext4 without a journal the kernel skips inodes freed in
the last minutes when it allocates new ones. So the plugin moves these folders into its cache
folder before the clean (`hold`, a rename where both are on one file system) and back after it
(`Held.restore`); files are then rewritten only where their bytes changed
(`write_if_changed`), and at the end of the build `prune` deletes every file there that this
build did not make. The site folder ends as a clean build leaves it; unchanged files keep their
modification times, which also spares a sync to the host.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: The hold's folder under the plugin's cache folder.
HOLD = "kept-output"
#: A hold older than this (seconds) belongs to no running build.
STALE_AFTER = 3600


@dataclass(frozen=True)
class Held:
    """Folders moved out of the site folder, to be moved back after MkDocs' clean."""

    site_dir: Path
    hold: Path
    folders: tuple[str, ...]  # site paths, e.g. "t", "assets/cards"

    def restore(self) -> None:
        """Move the held folders back into the site folder (MkDocs has cleaned it), and drop
        the hold. A folder that cannot go back is deleted: the build makes it again."""
        for folder in self.folders:
            target = self.site_dir / folder
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.rename(self.hold / folder, target)
            except OSError:
                pass  # e.g. the site folder is gone or something already sits there
        drop(self.hold)


def hold_folder(site_dir: Path, cache_dir: Path) -> Path:
    """The hold of one site folder: builds into other folders at the same time keep theirs."""
    key = hashlib.sha256(str(site_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir / HOLD / key


def hold(site_dir: Path, cache_dir: Path, folders: Iterable[str]) -> Held | None:
    """Move each of folders that the site folder holds into its hold under cache_dir; None when
    none could be moved (the site folder is new, or on another file system than the cache)."""
    hold_dir = hold_folder(site_dir, cache_dir)
    drop(hold_dir)  # left by a build into this folder that was stopped between hold and restore
    _drop_stale(hold_dir.parent)
    moved: list[str] = []
    for folder in folders:
        source = site_dir / folder
        if source.is_symlink() or not source.is_dir():
            continue
        try:
            (hold_dir / folder).parent.mkdir(parents=True, exist_ok=True)
            os.rename(source, hold_dir / folder)
        except OSError:  # EXDEV (another file system) or no permission: MkDocs deletes it
            continue
        moved.append(folder)
    if not moved:
        drop(hold_dir)
        return None
    return Held(site_dir, hold_dir, tuple(moved))


def _drop_stale(holds: Path) -> None:
    """Delete the holds of other site folders left for over STALE_AFTER seconds by stopped
    builds (`mkdocs serve` builds into a new temporary folder every time it starts)."""
    try:
        others = list(holds.iterdir())
    except OSError:
        return
    now = time.time()
    for other in others:
        with contextlib.suppress(OSError):
            if now - other.lstat().st_mtime > STALE_AFTER:
                drop(other)


def drop(hold_dir: Path) -> None:
    """Delete a hold folder, if there is one (and the folder of holds, if that leaves it empty)."""
    if hold_dir.exists() or hold_dir.is_symlink():
        shutil.rmtree(hold_dir, ignore_errors=True)
    with contextlib.suppress(OSError):
        hold_dir.parent.rmdir()


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write content to path unless the file holds exactly these bytes; True if written. A
    missing file (and folder) is made.

    A changed file is written to a temporary name and renamed over the old one, never rewritten
    in place: a hard-link copy of the last build (`cp -al`, `rsync --link-dest`) keeps its own
    bytes, and a server reading the folder meanwhile sees the old file or the new one, whole."""
    try:
        with open(path, "rb") as existing:
            if existing.read(len(content) + 1) == content:
                return False
    except FileNotFoundError:  # the usual case in a new folder: nothing to replace
        try:
            path.write_bytes(content)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return True
    except OSError:  # unreadable: replace it
        pass
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(content)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def prune(site_dir: Path, folders: Iterable[str], wanted: set[str], listed: Iterable[str],
          empty: Iterable[str] = ()) -> list[str]:
    """Delete the files under folders (site paths) that are listed (`site_files.walk`, which
    goes over the site once for every step) but not wanted, then the folders this leaves empty
    and those listed as empty; the deleted files' site paths, sorted."""
    prefixes = tuple(f"{folder}/" for folder in folders)
    deleted = sorted(rel for rel in listed if rel.startswith(prefixes) and rel not in wanted)
    emptied = {rel for rel in empty if f"{rel}/".startswith(prefixes)}
    for rel in deleted:
        with contextlib.suppress(FileNotFoundError):
            (site_dir / rel).unlink()
    for rel in [*deleted, *emptied]:
        parent = rel.rpartition("/")[0]
        while parent and parent not in emptied and f"{parent}/".startswith(prefixes):
            emptied.add(parent)
            parent = parent.rpartition("/")[0]
    for folder in sorted(emptied, key=lambda rel: rel.count("/"), reverse=True):
        with contextlib.suppress(OSError):  # not empty: it holds wanted files
            (site_dir / folder).rmdir()
    return deleted
