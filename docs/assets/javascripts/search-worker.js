/* Search worker shim around Material's own search worker. It does three things:

   1. Normalises a query before Material sees it. Material's parser splits "top-p" and
      "top p" into "top" and a one-letter prefix "p*" that matches hundreds of words. Names
      ending in one letter are indexed joined with an underscore ("top_p"; see
      scripts/dl_glossary/build/meta.py), so the query is joined the same way.
   2. Puts the concept page first when the query is exactly a term's title or alias (or a
      plural, hyphen, space or solid variant of one). The names come from the build
      (search/names.json, generated from front matter).

   3. Loads Material's worker only when the reader first searches (see below).

   The build points Material at this file with ?worker=<Material's worker>, so nothing here
   depends on Material's file names; the message numbers are Material's, and
   scripts/dl_glossary/build/material.py (the adapter) checks them against the installed theme. */
"use strict";

const SEARCH_SETUP = 0;
const SEARCH_READY = 1;
const SEARCH_QUERY = 2;
const SEARCH_RESULT = 3;
const SINGLE_LETTER_TAIL = /([A-Za-z0-9])[\s-]+([b-hj-zB-HJ-Z])(?![\w-])/g;
const params = new URL(self.location.href).searchParams;
const workerUrl = params.get("worker");
const namesUrl = params.get("names");
const indexUrl = params.get("index");

function normaliseQuery(query) {
  return query.replace(SINGLE_LETTER_TAIL, "$1_$2");
}

function nameKey(text) {
  return text.toLowerCase().replace(/[\s\-_/]+/g, " ").trim();
}

let names = null;
function loadNames() {
  if (names !== null || !namesUrl) return names || {};
  names = {};
  try {
    const request = new XMLHttpRequest();
    request.open("GET", namesUrl, false);  /* synchronous is allowed, and harmless, in a worker */
    request.send(null);
    if (request.status === 200) names = JSON.parse(request.responseText);
  } catch (error) {
    names = {};
  }
  return names;
}

/* The page hands over a stub index (config only); the documents are read here, on demand. */
function loadFullIndex(stub) {
  if (!indexUrl || (stub.data && stub.data.docs && stub.data.docs.length)) return stub;
  try {
    const request = new XMLHttpRequest();
    request.open("GET", indexUrl, false);
    request.send(null);
    if (request.status === 200) {
      const full = JSON.parse(request.responseText);  /* keeps the page's options (suggest, ...) */
      return { type: stub.type, data: { ...stub.data, config: full.config, docs: full.docs } };
    }
  } catch (error) {
    /* fall through: search runs on the stub and finds nothing, as without an index */
  }
  return stub;
}

function isPage(location, target) {
  const path = new URL(location.split("#")[0], "https://x/").pathname;
  return path === "/" + target || path.endsWith("/" + target);
}

const post = self.postMessage.bind(self);

/* Material's worker (about 40 KB) and the full index are loaded on the first query, not with
   the page. Until then the shim answers the setup message itself and keeps it; the first query
   imports the worker, hands it the setup with the full index, and passes the waiting queries
   on once it reports ready. */
let loaded = false;
let ready = false;
let replaying = false;
let setup = null;
const pending = [];

function replay(message) {
  replaying = true;
  try {
    self.dispatchEvent(new MessageEvent("message", { data: message }));
  } finally {
    replaying = false;
  }
}

let lastQuery = "";
self.addEventListener("message", (event) => {
  const message = event.data;
  if (replaying) return;
  if (message && message.type === SEARCH_QUERY && typeof message.data === "string") {
    lastQuery = message.data;
    message.data = normaliseQuery(message.data);
  }
  if (ready) return;  /* Material's own listener, added after this one, handles it */
  event.stopImmediatePropagation();
  if (message && message.type === SEARCH_SETUP) {
    setup = message;
    post({ type: SEARCH_READY });
    return;
  }
  if (!loaded && message && message.type === SEARCH_QUERY && !String(message.data).trim()) {
    post({ type: SEARCH_RESULT, data: { items: [] } });  /* Material's answer to "" */
    return;
  }
  pending.push(message);
  if (!loaded && setup !== null) {
    loaded = true;
    importScripts(workerUrl);
    replay(loadFullIndex(setup));
  }
});

self.postMessage = (message, ...rest) => {
  if (message && message.type === SEARCH_READY) {
    if (!ready && loaded) {
      ready = true;
      while (pending.length) replay(pending.shift());
    }
    return undefined;  /* Material was told it is ready when the shim took the setup */
  }
  if (message && message.type === SEARCH_RESULT && message.data && Array.isArray(message.data.items)) {
    const target = loadNames()[nameKey(lastQuery)];
    const items = message.data.items;
    const index = target ? items.findIndex((group) => group.length && isPage(group[0].location, target)) : -1;
    if (index > 0) items.unshift(items.splice(index, 1)[0]);
  }
  return post(message, ...rest);
};
