/* Deep Learning for LLMs: load search when a reader reaches for it, not with every page.
   Material fetches search/search_index.json (about 750 KB) and starts its search worker (about
   40 KB of script) as soon as a page loads. This holds both until the search box is hovered,
   touched or focused, a search shortcut is pressed, or the page was opened from a search result
   (?h=). Nothing else changes: Material gets the same response and the same worker, only later.
   Loaded in <head>, before Material's bundle. */
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

  /* Material starts its search worker with `new Worker(url)` and talks to it through
     addEventListener("message") and postMessage: a stand-in queues both until armed. */
  const RealWorker = window.Worker;
  const SEARCH_WORKER = /search-worker\.js|\/workers\/search\./;
  class LazyWorker extends EventTarget {
    constructor(url, options) {
      super();
      this.queue = [];
      this.real = null;
      waiting.push(() => {
        this.real = new RealWorker(url, options);
        for (const type of ["message", "messageerror", "error"]) {
          this.real.addEventListener(type, (event) => this.dispatchEvent(
            type === "error" ? new Event("error") : new MessageEvent(type, { data: event.data })));
        }
        for (const args of this.queue) this.real.postMessage(...args);
        this.queue = [];
      });
    }

    postMessage(...args) {
      if (this.real) this.real.postMessage(...args);
      else this.queue.push(args);
    }

    terminate() {
      if (this.real) this.real.terminate();
      this.queue = [];
    }
  }
  if (RealWorker) {
    window.Worker = function Worker(url, options) {
      return armed || !SEARCH_WORKER.test(String(url))
        ? new RealWorker(url, options) : new LazyWorker(url, options);
    };
    window.Worker.prototype = RealWorker.prototype;
  }

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
