/* Deep Learning for LLMs: learning-path progress and the concept map's loader.
   Every page you open is remembered in this browser's localStorage (never sent anywhere); a
   path page marks the steps you have opened as done. On the map page, map.js is imported.
   Runs again after every instant navigation (Material's document$). */
const KEY = "dl-glossary-visited";
const MAX = 400;
const at = (url) => new URL(url, location.href).pathname.replace(/index\.html$/, "");

function load() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || "[]");
    return new Set(Array.isArray(list) ? list : []);
  } catch {
    return new Set();
  }
}

function save(seen) {
  try {
    localStorage.setItem(KEY, JSON.stringify([...seen].slice(-MAX)));
  } catch { /* storage off or full: progress is simply not kept */ }
}

function mark(list, seen) {
  const steps = [...list.querySelectorAll(".dl-step")];
  let done = 0;
  for (const step of steps) {
    const link = step.querySelector("a");
    const visited = seen.has(at(link.href));
    let tag = step.querySelector(".dl-step-done");
    if (visited && !tag) {
      tag = document.createElement("span");
      tag.className = "dl-step-done";
      tag.textContent = "done";
      link.after(" ", tag);
    } else if (!visited && tag) tag.remove();
    step.classList.toggle("dl-done", visited);
    done += visited;
  }
  const status = document.querySelector(".dl-path-progress");
  if (status) status.textContent = `${done} of ${steps.length} steps done (kept in this browser only).`;
  const clear = document.querySelector(".dl-path-clear");
  if (clear) {
    clear.hidden = done === 0;
    clear.querySelector("button").onclick = () => {
      const now = load();
      for (const step of steps) now.delete(at(step.querySelector("a").href));
      save(now);
      mark(list, now);
    };
  }
}

function run() {
  const seen = load();
  const here = at(location.href);
  seen.delete(here);
  seen.add(here);
  save(seen);
  const list = document.querySelector(".dl-path-steps");
  if (list) mark(list, seen);
  const map = document.querySelector(".dl-map:not([data-mounted])");
  if (map) {
    map.dataset.mounted = "loading";
    import(new URL("./map.js", import.meta.url).href)
      .then((mod) => { mod.mount(map); map.dataset.mounted = "ready"; })
      .catch((err) => { map.dataset.mounted = "failed"; console.warn("concept map:", err); });
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(run);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", run);
} else {
  run();
}
