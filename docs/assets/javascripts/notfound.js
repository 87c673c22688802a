/* Deep Learning for LLMs: the 404 page (overrides/404.html), which static hosts send for any
   unknown path. A path whose last part names a concept in any case or spelling (/t/RLHF/,
   /t/Nucleus_Sampling/, /t/kv%20cache/, /t/top_p) goes to the concept with one
   location.replace; the page stays hidden until the lookup decides, so a known name never shows
   the error. Any other path gets the closest terms (prefix and edit distance), a search box
   filled with its words and the A-Z index. Names come from glossary.json; the site's base URL
   from this script's own URL, so it works under any host and sub-path. Loaded in <head>. */
(() => {
  "use strict";
  const base = new URL("../../", document.currentScript.src);
  const root = document.documentElement;
  root.hidden = true;
  const reveal = () => { root.hidden = false; };
  const giveUp = setTimeout(reveal, 3000);

  /* Lower case, accents dropped, every run of other characters one space: "Top_p" -> "top p". */
  const key = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  let rest = location.pathname.startsWith(base.pathname)
    ? location.pathname.slice(base.pathname.length) : location.pathname.slice(1);
  try { rest = decodeURIComponent(rest); } catch (error) { /* keep it as it came */ }
  const parts = rest.split("/").filter(Boolean);
  const last = (parts[parts.length - 1] || "").replace(/\.html?$/i, "");
  const name = last === "404" ? "" : last;
  const wanted = key(name);

  /* Every term with its site-relative path and the keys of its slug, title and aliases. */
  function terms(data) {
    const prefix = data.site_url || "";
    return data.terms.map((t) => ({
      title: t.title, summary: t.summary,
      path: (t.url.startsWith(prefix) ? t.url.slice(prefix.length) : new URL(t.url).pathname)
        .replace(/^\//, ""),
      keys: [t.slug, t.title, ...t.aliases].map(key),
    }));
  }

  /* The term a key names: slugs first, then titles, then aliases, then the same without spaces. */
  function lookup(list, wanted) {
    const solid = wanted.replace(/ /g, "");
    for (const form of [(k, i) => i === 0 && k === wanted, (k, i) => i === 1 && k === wanted,
                        (k) => k === wanted, (k) => k.replace(/ /g, "") === solid]) {
      const hit = list.find((t) => t.keys.some(form));
      if (hit) return hit;
    }
    return null;
  }

  function distance(a, b) {
    let row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) {
        next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      row = next;
    }
    return row[b.length];
  }

  /* Lower is closer: a name that starts with the words (or a word of it does), then a name
     within a few edits; Infinity for anything further. */
  function score(k) {
    if (k.startsWith(wanted)) return (k.length - wanted.length) / 100;
    if ((" " + k).includes(" " + wanted)) return 0.5 + k.length / 100;
    if (wanted.startsWith(k + " ")) return 0.8;
    const d = distance(wanted, k);
    return d <= Math.max(2, Math.floor(wanted.length / 3)) ? 1 + d : Infinity;
  }

  function suggest(list) {
    const box = document.querySelector(".dl-404-suggest");
    if (!box || wanted.length < 2) return;
    const ranked = list.map((t) => [Math.min(...t.keys.map(score)), t])
      .filter(([s]) => s < Infinity).sort((a, b) => a[0] - b[0] || a[1].title.localeCompare(b[1].title))
      .slice(0, 6);
    const ul = box.querySelector("ul");
    for (const [, t] of ranked) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = new URL(t.path, base).href;
      a.textContent = t.title;
      li.append(a, `: ${t.summary}`);
      ul.append(li);
    }
    box.hidden = ranked.length === 0;
  }

  function fillPage() {
    const index = new URL("glossary/", base).href;
    document.querySelectorAll(".dl-404-index").forEach((a) => { a.href = index; });
    const form = document.querySelector(".dl-404-search");
    if (form) {
      form.action = index;
      form.querySelector("input").value = name.replace(/[\s_\-+]+/g, " ").trim();
    }
    const shown = document.querySelector(".dl-404-path");
    if (shown) {
      const code = document.createElement("code");
      code.textContent = base.pathname + rest;
      shown.replaceChildren(code);
    }
  }

  const ready = new Promise((resolve) => {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve, { once: true });
    else resolve();
  });
  const glossary = wanted
    ? fetch(new URL("glossary.json", base)).then((r) => (r.ok ? r.json() : null)).catch(() => null)
    : Promise.resolve(null);
  glossary.then(async (data) => {
    const list = data && Array.isArray(data.terms) ? terms(data) : [];
    const hit = lookup(list, wanted);
    const target = hit && new URL(hit.path, base);
    if (target && target.pathname !== location.pathname) {
      location.replace(target.href + location.hash);
      return;
    }
    await ready;
    fillPage();
    suggest(list);
    clearTimeout(giveUp);
    reveal();
  });
})();
