/* Remembers the pages you open, in localStorage only (never sent), for the learning paths'
   progress; loads path.js or map.js on the pages that use them. */
const KEY = "dl-glossary-visited";
export const at = (url) => new URL(url, location.href).pathname.replace(/index\.html$/, "");
export const visited = () => {
  try { return new Set(JSON.parse(localStorage.getItem(KEY)) || []); } catch { return new Set(); }
};
export const remember = (seen) => {
  try { localStorage.setItem(KEY, JSON.stringify([...seen].slice(-400))); } catch { /* off */ }
};
const run = () => {
  const seen = visited(), here = at(location.href);
  seen.delete(here);
  remember(seen.add(here));
  for (const name of ["path", "map"]) {
    const el = document.querySelector(`.dl-${name}:not([data-mounted])`);
    if (!el) continue;
    el.dataset.mounted = "loading";
    import(`./${name}.js`).then((m) => { m.mount(el); el.dataset.mounted = "ready"; })
      .catch((e) => { el.dataset.mounted = "failed"; console.warn(name, e); });
  }
};
if (window.document$) window.document$.subscribe(run); else run();
