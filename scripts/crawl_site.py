"""Check every internal link of a built site: `python scripts/crawl_site.py site/`.

Prints `site/<page>:<line>: broken link <url> (<reason>)` for each, exits 1 if any, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dl_glossary_dev.crawl import crawl


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site folder (mkdocs build output)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: error: not a built site (no index.html)", file=sys.stderr)
        return 2
    broken = crawl(args.site)
    for link in broken:
        print(f"{args.site.as_posix().rstrip('/')}/{link}")
    pages = sum(1 for _ in args.site.rglob("*.html"))
    print(f"{len(broken)} broken link(s) on {pages} page(s)")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
