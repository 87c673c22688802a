/* The site's search worker: Material for MkDocs' search box and result list, the site's own
   engine. Material runs its search in a web worker and lets a site name its own; the build
   points the `search` worker URL of Material's __config here (scripts/dl_glossary/build/
   material.py, the one adapter to Material's internals). This file speaks Material's message
   protocol: setup (0) is answered with ready (1) at once, each query (2) with a result (3).
   It is all that loads with the page: the first query imports MiniSearch and the ranking
   (search-ranking.js), which reads and indexes search/documents.json. */
"use strict";

const SEARCH_SETUP = 0;
const SEARCH_READY = 1;
const SEARCH_QUERY = 2;
const SEARCH_RESULT = 3;

const params = new URL(self.location.href).searchParams;
const DOCUMENTS_URL = params.get("docs");
const ENGINE_URL = params.get("engine");
const RANKING_URL = new URL("search-ranking.js", self.location.href).href;

let loading = null;
function ready() {
  if (loading === null) {
    importScripts(ENGINE_URL, RANKING_URL);
    loading = self.siteSearch.load(DOCUMENTS_URL);
  }
  return loading;
}

let suggestions = false;

/* Queries are answered one at a time, and only the latest: while the reader types faster than
   a search runs (or while the index loads), the queries typed in between are skipped. */
let waiting = null;
let running = false;

async function answer() {
  running = true;
  while (waiting !== null) {
    const query = waiting;
    waiting = null;
    let data = { items: [] };
    if (query.trim()) {
      try {
        await ready();
        if (waiting !== null) continue;  /* typed on while the index loaded */
        data = self.siteSearch.search(query, suggestions);
      } catch (error) {
        console.warn(`Search failed for ${JSON.stringify(query)}:`, error);
      }
    }
    self.postMessage({ type: SEARCH_RESULT, data });
    await new Promise((resolve) => setTimeout(resolve, 0));  /* let newer queries arrive */
  }
  running = false;
}

self.addEventListener("message", (event) => {
  const message = event.data;
  if (!message) return;
  if (message.type === SEARCH_SETUP) {
    suggestions = Boolean(message.data && message.data.options && message.data.options.suggest);
    self.postMessage({ type: SEARCH_READY });
    return;
  }
  if (message.type !== SEARCH_QUERY) return;
  waiting = String(message.data || "");
  if (!running) setTimeout(answer, 0);
});
