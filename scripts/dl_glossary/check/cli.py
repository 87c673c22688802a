"""Command line: `dl-glossary-check [--fix] [--format json] [--root DIR]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from dl_glossary.check.checker import check_site
from dl_glossary.check.codes import codes_help
from dl_glossary.check.fix import apply_fixes
from dl_glossary.core.loader import ConfigError, load_site

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a one-line message on bad usage (its default too)."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dl-glossary-check",
        description="Check that every concept is linked, defined once, indexed and that the "
        "quick-reference tables are complete. Findings read 'path:line:col: CODE message'.",
        epilog="Exit status: 0 clean, 1 findings, 2 usage or configuration error.\n\nCodes:\n"
        + codes_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="project folder that holds mkdocs.yml (default: current folder)")
    parser.add_argument("--config", default="mkdocs.yml",
                        help="MkDocs config file, relative to --root (default: mkdocs.yml)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")
    parser.add_argument("--fix", action="store_true",
                        help="link unlinked first mentions in place, then report what remains")
    return parser


def summary_line(count: int, files: int) -> str:
    if count == 0:
        return "glossary check: no findings"
    findings = f"{count} finding{'s' * (count != 1)}"
    return f"glossary check: {findings} in {files} file{'s' * (files != 1)}"


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    root: Path = args.root
    try:
        site = load_site(root, args.config)
        report = check_site(site)
        fixed: list[str] = []
        if args.fix and report.fixes:
            fixed = apply_fixes(site.docs_dir, report.fixes, report.unfixable, site.pages)
            site = load_site(root, args.config)
            report = check_site(site)
    except ConfigError as exc:
        print(exc.finding.format(), file=sys.stderr)
        return EXIT_USAGE
    findings = report.findings
    files = len({f.path for f in findings})
    if args.format == "json":
        payload = {
            "findings": [f.as_dict() for f in findings],
            "summary": {"findings": len(findings), "files": files, "fixed": fixed},
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False), file=out)
    else:
        for src in fixed:
            print(f"fixed {site.path_of(src)}", file=out)
        for finding in findings:
            print(finding.format(), file=out)
        print(summary_line(len(findings), files), file=out)
    return EXIT_FINDINGS if findings else EXIT_CLEAN
