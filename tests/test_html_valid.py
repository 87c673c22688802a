"""The Nu HTML Checker (vnu-jar from npm, run on the local JVM) over every page of the built
site: no errors except the documented allow-list in tests/vnu_allowed.txt."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import content_pages

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWED = ROOT / "tests" / "vnu_allowed.txt"


def allowed_patterns() -> list[re.Pattern[str]]:
    """The allow-list: each non-comment line is `regex  # reason`; a reason is required."""
    patterns = []
    for number, line in enumerate(ALLOWED.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        pattern, sep, reason = line.partition("  # ")
        assert sep and reason.strip(), f"{ALLOWED.name}:{number}: give a reason after '  # '"
        patterns.append(re.compile(pattern.strip()))
    return patterns


def validate(files: list[Path]) -> list[dict]:
    """Error messages of vnu for the files (one JVM for all of them)."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html",
         *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    assert result.stderr.startswith("{"), f"vnu did not run: {result.stderr[-2000:]}"
    return json.loads(result.stderr)["messages"]


def test_every_page_is_valid_html(built_site: Path) -> None:
    files = [built_site / (path + "index.html" if path.endswith("/") or not path else path)
             for path in content_pages(built_site)]
    short_link = next((built_site / "t").glob("*/index.html"))
    patterns = allowed_patterns()
    problems, used = [], set()
    for message in validate([*files, short_link]):
        hit = next((p for p in patterns if p.search(message["message"])), None)
        if hit is not None:
            used.add(hit.pattern)
            continue
        where = message["url"].split(built_site.as_posix(), 1)[-1]
        problems.append(f"{where}:{message.get('lastLine', '?')}: {message['message']}")
    assert not problems, "\n".join(problems)
    unused = {p.pattern for p in patterns} - used
    assert not unused, f"allow-list entries no longer needed, remove them: {unused}"


def test_validator_reports_errors(tmp_path: Path) -> None:
    """The harness can fail: a page with an unclosed element and a bad attribute is reported."""
    page = tmp_path / "bad.html"
    page.write_text("<!doctype html><html lang=en><head><title>x</title></head>"
                    "<body><p><div foo=bar></p></body></html>", encoding="utf-8")
    messages = [m["message"] for m in validate([page])]
    assert any("foo" in m for m in messages), messages
