/* Deep Learning for LLMs: load the search index when a reader reaches for search, not with
   every page. Material fetches search/search_index.json (about 750 KB) as soon as a page loads;
   this holds that one request until the search box is hovered, touched or focused, a search
   shortcut is pressed, or the page was opened from a search result (?h=). Nothing else changes:
   Material receives the same response, only later. Loaded in <head>, before Material's bundle. */
(() => {
  "use strict";
  const INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  const deferred = new WeakSet();
  let armed = new URLSearchParams(location.search).has("h");
  const waiting = [];

  function arm() {
    if (armed) return;
    armed = true;
    while (waiting.length) waiting.shift()();
  }

  /* Material requests the index with XMLHttpRequest: hold that request's send() until armed. */
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (INDEX.test(String(url))) deferred.add(this);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (armed || !deferred.has(this)) return send.call(this, body);
    waiting.push(() => send.call(this, body));
    return undefined;
  };

  const inSearch = (event) => event.target instanceof Element
    && event.target.closest(".md-search, label[for='__search'], [data-md-toggle='search']");
  for (const type of ["pointerover", "touchstart", "focusin", "click", "change"]) {
    document.addEventListener(type, (event) => { if (inSearch(event)) arm(); },
      { capture: true, passive: true });
  }
  document.addEventListener("keydown", (event) => {
    if (["/", "s", "f", "S", "F"].includes(event.key)) arm();
  }, { capture: true });
})();
