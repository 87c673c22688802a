/* Pages you open, kept in localStorage only, for the paths' progress; loads path.js, map.js. */
const KEY = "dl-glossary-visited";
export const at = (u) => new URL(u, location.href).pathname.replace(/index\.html$/, "");
export const visited = () => {
  try { return new Set(JSON.parse(localStorage[KEY] || "[]")); } catch { return new Set(); }
};
export const remember = (s) => { try { localStorage[KEY] = JSON.stringify([...s].slice(-400)); } catch {} };
const run = () => {
  const seen = visited(), here = at(location.href);
  seen.delete(here);
  remember(seen.add(here));
  for (const name of ["path", "map"]) {
    const el = document.querySelector(`.dl-${name}:not([data-mounted])`);
    if (!el) continue;
    el.dataset.mounted = "loading";
    import(`./${name}.js`).then((m) => { m.mount(el); el.dataset.mounted = "ready"; });
  }
};
if (window.document$) window.document$.subscribe(run); else run();
