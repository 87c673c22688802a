"""Drive Material's search box in Chromium as a reader does: type a query key by key, read the
results once they have settled, and time a keystroke to the rendered results. Used by the
browser tests (tests/test_search_queries.py) and the benchmark (scripts/bench.py)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

RESULT_LINKS = "li.md-search-result__item > a"
BOX = "input.md-search__input"

#: Installed once per page: the time of every keydown in the search box and of every change
#: of the result list (Material re-renders the list for each result the worker sends).
_WATCH = """() => {
  if (window.__searchWatch) return;
  window.__searchWatch = true;
  window.__keyAt = 0;
  window.__firstKeyAt = 0;
  window.__renderAt = 0;
  document.querySelector('input.md-search__input').addEventListener('keydown', () => {
    window.__keyAt = performance.now();
    window.__firstKeyAt = window.__firstKeyAt || window.__keyAt;
  }, true);
  const list = document.querySelector('.md-search-result');
  new MutationObserver(() => { window.__renderAt = performance.now(); })
    .observe(list, {childList: true, subtree: true, characterData: true});
}"""

#: True once the results have been quiet for `quiet` ms after the last keystroke, and show
#: either results or Material's "no matching documents".
_SETTLED = """([quiet]) => {
  const now = performance.now();
  const meta = document.querySelector('.md-search-result__meta');
  const shown = document.querySelectorAll('li.md-search-result__item').length > 0 ||
    (meta && /No matching/.test(meta.textContent));
  return shown && window.__renderAt > window.__keyAt && now - window.__renderAt >= quiet
    && now - window.__keyAt >= quiet;
}"""


@dataclass(frozen=True)
class Typed:
    """What a typed query showed: the result paths in order; the time from its last keystroke
    and from its first keystroke to the last change of the results."""

    paths: list[str]
    latency_ms: float
    since_first_key_ms: float


def open_search(page) -> None:
    """Open the search dialog on the current page and watch its box and results."""
    page.keyboard.press("/")
    page.wait_for_selector(BOX)
    page.evaluate(_WATCH)


def type_query(page, query: str, quiet_ms: int = 150, timeout_ms: int = 15000) -> Typed:
    """Clear the box, type `query` key by key (Material reads it on keyup), and return the
    results once settled, with the time from the last keydown to the last re-render."""
    box = page.locator(BOX)
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.evaluate("window.__firstKeyAt = 0")
    page.keyboard.type(query)
    page.wait_for_function(_SETTLED, arg=[quiet_ms], timeout=timeout_ms, polling=25)
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    last, first = page.evaluate("[window.__renderAt - window.__keyAt,"
                                " window.__renderAt - window.__firstKeyAt]")
    return Typed([urlsplit(h).path for h in hrefs], last, first)
