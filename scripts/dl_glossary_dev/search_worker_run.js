/* Run a built site's search worker in Node, without a browser, for the search evaluation
   (search_eval.py): node search_worker_run.js <site dir> <worker URL path with query> <queries
   JSON file> [lunr-fuzzy]. Prints one JSON line per query: the result locations in order.

   The worker runs in its own VM context with what a browser gives a worker: `self`,
   `importScripts`, `fetch` and synchronous XMLHttpRequest, all reading files of the site. */
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [siteDir, workerPath, queriesFile, mode] = process.argv.slice(2);
const ORIGIN = "http://site.test/";

function fileOf(url) {
  const { pathname } = new URL(url, ORIGIN);
  return path.join(siteDir, decodeURIComponent(pathname));
}

const target = new EventTarget();
const answers = [];
const context = {
  console, URL, URLSearchParams, MessageEvent, EventTarget, Event, Promise, Map, Set, JSON,
  setTimeout, clearTimeout, queueMicrotask,
  location: { href: new URL(workerPath, ORIGIN).href },
  addEventListener: target.addEventListener.bind(target),
  removeEventListener: target.removeEventListener.bind(target),
  dispatchEvent: target.dispatchEvent.bind(target),
  postMessage: (message) => answers.push(message),
  fetch: async (url) => {
    const text = fs.readFileSync(fileOf(new URL(url, context.location.href)), "utf8");
    return { ok: true, status: 200, json: async () => JSON.parse(text), text: async () => text };
  },
  XMLHttpRequest: class {
    open(method, url) { this.url = new URL(url, context.location.href); }
    send() {
      try {
        this.responseText = fs.readFileSync(fileOf(this.url), "utf8");
        this.status = 200;
      } catch (error) {
        this.status = 404;
      }
    }
  },
};
context.self = context;
context.globalThis = context;
context.importScripts = (...urls) => {
  for (const url of urls) {
    const file = fileOf(new URL(url, context.location.href));
    vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  }
};
vm.createContext(context);
const workerFile = fileOf(context.location.href);
vm.runInContext(fs.readFileSync(workerFile, "utf8"), context, { filename: workerFile });

const STOP = new Set(("a an and are as at be by can do does for from how i in is it its my " +
  "of on or should the to what when where which who why with you your").split(" "));

/* lunr's own query syntax: content words only, fuzzy (~1) from five letters, the last word a
   prefix as well (Material appends * to every word without a modifier). */
function lunrFuzzy(query) {
  const words = query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || [];
  const content = words.filter((w) => !STOP.has(w));
  const kept = content.length ? content : words;
  return kept.map((w, i) => {
    if (w.length < 5) return w;
    return i < kept.length - 1 ? `${w}~1` : `${w} ${w}~1`;  /* the last word: prefix or fuzzy */
  }).join(" ");
}

function settle() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function main() {
  const index = JSON.parse(fs.readFileSync(path.join(siteDir, "search/search_index.json"), "utf8"));
  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
  const send = (data) => target.dispatchEvent(new MessageEvent("message", { data }));
  send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
  await settle();
  for (const query of queries) {
    answers.length = 0;
    send({ type: 2, data: mode === "lunr-fuzzy" ? lunrFuzzy(query) : query });
    for (let i = 0; i < 1000 && !answers.some((a) => a.type === 3); i++) await settle();
    const result = answers.find((a) => a.type === 3);
    const items = result ? result.data.items : [];
    process.stdout.write(JSON.stringify(items.map((group) => group[0].location)) + "\n");
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
