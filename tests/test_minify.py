"""Indentation stripped from the built pages, whitespace-keeping elements left as they were."""

from __future__ import annotations

import re
from pathlib import Path

from dl_glossary.postprocess.minify import strip_indentation


def test_strips_indentation_and_blank_lines_only_outside_kept_elements() -> None:
    page = ("<ul>\n    <li><a>x</a>\n\n      <a>y</a></li>\n</ul>\n"
            "<pre><code>def f():\n    return 1\n</code></pre>\n  <textarea>\n  a\n</textarea>\n"
            "<script>\n  const s = `\n    kept`;\n</script>\n"
            "<STYLE>\n  p { color: red }\n</STYLE>\n  <p>end</p>")
    assert strip_indentation(page) == (
        "<ul>\n<li><a>x</a>\n<a>y</a></li>\n</ul>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n<textarea>\n  a\n</textarea>\n"
        "<script>\n  const s = `\n    kept`;\n</script>\n<STYLE>\n  p { color: red }\n</STYLE>\n"
        "<p>end</p>")


def test_built_pages_keep_code_indentation(built_site: Path) -> None:
    page = (built_site / "notebooks/lora-fine-tuning/index.html").read_text(encoding="utf-8")
    outside = re.sub(r"<(pre|script|style|textarea)\b.*?</\1>", "", page, flags=re.S)
    assert not re.search(r"\n[ \t]", outside)
    indented_code = [block for block in re.findall(r"<pre\b.*?</pre>", page, flags=re.S)
                     if re.search(r"\n {4}\S", block)]
    assert indented_code  # Python's indentation survives in the notebook's code cells
