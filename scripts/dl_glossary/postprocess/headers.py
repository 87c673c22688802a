"""Deploy headers for the built site: `_headers` in the format Netlify and Cloudflare Pages read.

- A Content-Security-Policy that allows only the site's own origin. The few inline scripts the
  theme writes into every page (palette, scope, anchor fix) are allowed by their SHA-256 hashes,
  computed from the built pages, so the policy always matches what the pages need.
- `X-Content-Type-Options: nosniff` and `Referrer-Policy: strict-origin-when-cross-origin`.
- A year-long immutable cache for fingerprinted assets (a content hash in the file name), each
  listed by its exact path, and a short cache for the HTML pages: `/`, the top-level `.html` files
  and every top-level folder that holds pages and no fingerprinted file (`/core/*`, `/t/*`, ...).
  Other files (our unfingerprinted CSS and JavaScript, the exports, the search index) keep the
  host's default (revalidate). No two rules set Cache-Control for the same path, because hosts
  join the values of every rule that matches a path, so `/*` must not set it.
- The file stays within Cloudflare Pages' limits (100 rules, 2,000 characters a line).

Inline `style` attributes would need 'unsafe-inline'; `inline_style_attributes` finds them so the
build can fail on them instead of weakening the policy.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from dl_glossary.postprocess.site_files import html_files, list_files

HEADERS_FILE = "_headers"
#: Script types a browser executes (an absent type means JavaScript).
_EXECUTED = {"", "text/javascript", "application/javascript", "module"}
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
#: `style=` anywhere (a literal start searches fast); `scan_page` keeps the attributes.
_STYLE_ATTR = re.compile(r"style\s*=")
#: name.<8+ hex digits>.min.js|css, as Material fingerprints its bundles.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$")
IMMUTABLE = "public, max-age=31536000, immutable"
#: HTML pages: five minutes, then ask again, so a deploy reaches readers within minutes.
HTML_CACHE = "public, max-age=300, must-revalidate"
#: Cloudflare Pages' documented limits for `_headers`.
MAX_RULES = 100
MAX_LINE = 2000


@dataclass(frozen=True)
class InlineStyle:
    """An inline style attribute the policy would block."""

    page: str
    line: int


def csp_hash(text: str) -> str:
    """The CSP source expression for an inline script or style body."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass
class InlineCode:
    """What the site's pages carry inline: script and style hashes, and style attributes."""

    script_hashes: set[str] = field(default_factory=set)
    style_hashes: set[str] = field(default_factory=set)
    style_attributes: list[InlineStyle] = field(default_factory=list)
    pages: set[str] = field(default_factory=set)  # the pages scanned so far

    def add(self, page: str, text: str) -> None:
        """Scan one page given in memory (site-relative path)."""
        scan_page(self, page, text)
        self.pages.add(page)

    def merge(self, other: InlineCode) -> None:
        """Add what another scan found (for example the worker's, of the generated pages)."""
        self.script_hashes |= other.script_hashes
        self.style_hashes |= other.style_hashes
        self.style_attributes.extend(other.style_attributes)
        self.pages |= other.pages


def _in_tag(text: str, offset: int) -> bool:
    """True when offset lies inside a start tag (`<name ...`), not in text or a comment."""
    start = text.rfind("<", 0, offset)
    return start > text.rfind(">", 0, offset) and text[start + 1 : start + 2].isalpha()


def scan_page(found: InlineCode, page: str, text: str) -> None:
    """Add what one HTML page (site-relative path page) carries inline to found."""
    scripts = list(_SCRIPT.finditer(text)) if "<script" in text else []
    for match in scripts:
        attrs = match.group("attrs")
        kind = _TYPE.search(attrs)
        if not _SRC.search(attrs) and (not kind or kind.group(1).lower() in _EXECUTED):
            found.script_hashes.add(csp_hash(match.group("body")))
    starts = [match.start() for match in scripts]

    def in_script(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < scripts[i].end()

    found.style_hashes.update(csp_hash(m.group("body")) for m in _STYLE_ELEMENT.finditer(text)
                              if not in_script(m.start()))
    for match in _STYLE_ATTR.finditer(text):
        start = match.start()
        if start and text[start - 1].isspace() and _in_tag(text, start) and not in_script(start):
            found.style_attributes.append(InlineStyle(page, text.count("\n", 0, match.end()) + 1))


def scan_site(site_dir: Path, scanned: InlineCode | None = None,
              files: list[str] | None = None) -> InlineCode:
    """Every HTML page of the built site, scanned; pages already in `scanned` are not read.

    files: the site's files (`site_files.list_files`), when the caller has listed them.
    """
    found = scanned if scanned is not None else InlineCode()
    for page in html_files(list_files(site_dir) if files is None else files):
        if page not in found.pages:
            found.add(page, (site_dir / page).read_text(encoding="utf-8"))
    return found


def inline_script_hashes(site_dir: Path) -> list[str]:
    """Hashes of every executed inline script in the site, sorted."""
    return sorted(scan_site(site_dir).script_hashes)


def inline_style_hashes(site_dir: Path) -> list[str]:
    """Hashes of every `<style>` element in the site, sorted."""
    return sorted(scan_site(site_dir).style_hashes)


def inline_style_attributes(site_dir: Path) -> list[InlineStyle]:
    """Every `style="…"` attribute in the site's HTML (outside scripts), with its line."""
    return scan_site(site_dir).style_attributes


def content_security_policy(script_hashes: Iterable[str], style_hashes: Iterable[str]) -> str:
    """A policy that allows the site's own origin and the listed inline blocks, nothing else."""
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *script_hashes]),
        ("style-src", ["'self'", *style_hashes]),
        ("img-src", ["'self'", "data:"]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'"]),
        ("manifest-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("frame-ancestors", ["'none'"]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def headers_file(site_dir: Path, base_path: str = "/", inline: InlineCode | None = None,
                 files: list[str] | None = None) -> str:
    """The text of `_headers` for the built site deployed under base_path."""
    files = list_files(site_dir) if files is None else files
    inline = inline or scan_site(site_dir, files=files)
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    csp = content_security_policy(sorted(inline.script_hashes), sorted(inline.style_hashes))
    lines = [
        f"{base}*",
        f"  Content-Security-Policy: {csp}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
    ]
    fingerprinted = sorted(rel for rel in files if FINGERPRINTED.search(rel))
    for rel in fingerprinted:
        lines += [f"{base}{rel}", f"  Cache-Control: {IMMUTABLE}"]
    for pattern in html_patterns(files, {PurePosixPath(rel).parts[0] for rel in fingerprinted}):
        lines += [f"{base}{pattern}", f"  Cache-Control: {HTML_CACHE}"]
    return "\n".join(lines) + "\n"


def html_patterns(files: list[str], skip: set[str]) -> list[str]:
    """Path patterns (relative to the base) that cover the HTML pages and no fingerprinted file.

    `""` is the home page; top-level `.html` files by name; a top-level folder holding pages as
    `folder/*`, unless it is in skip (it holds fingerprinted files, which have their own rule).
    """
    pages = html_files(files)
    top_files = {page for page in pages if "/" not in page}
    top_dirs = {PurePosixPath(p).parts[0] for p in pages if len(PurePosixPath(p).parts) > 1}
    patterns = [""] if "index.html" in top_files else []
    for name in sorted(top_files | top_dirs):
        if name in top_files:
            patterns.append(name)
        elif name not in skip:
            patterns.append(f"{name}/*")
    return patterns


def limit_problems(text: str) -> list[str]:
    """Where a `_headers` text exceeds Cloudflare Pages' limits (rules, line length)."""
    problems = []
    if (count := len(parse_headers(text))) > MAX_RULES:
        problems.append(f"{count} rules, more than {MAX_RULES}")
    problems += [f"line {n}: {len(line)} characters, more than {MAX_LINE}"
                 for n, line in enumerate(text.splitlines(), 1) if len(line) > MAX_LINE]
    return problems


def write_headers(site_dir: Path, base_path: str = "/", scanned: InlineCode | None = None,
                  files: list[str] | None = None) -> list[InlineStyle]:
    """Write `_headers` into the built site; return the inline style attributes it cannot allow.

    Pages in `scanned` (given in memory while the build wrote them) are not read again.
    """
    files = list_files(site_dir) if files is None else files
    inline = scan_site(site_dir, scanned, files)
    path = site_dir / HEADERS_FILE
    path.write_text(headers_file(site_dir, base_path, inline, files), encoding="utf-8")
    return inline.style_attributes


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """`_headers` text as (path pattern, [(name, value), ...]) rules, in order."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules: list[tuple[str, list[tuple[str, str]]]], url_path: str) -> dict[str, str]:
    """The headers a host applies to url_path: every matching rule, values of one name joined."""
    out: dict[str, str] = {}
    for pattern, values in rules:
        regex = "^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$"
        if re.match(regex, url_path):
            for name, value in values:
                out[name] = f"{out[name]}, {value}" if name in out else value
    return out
