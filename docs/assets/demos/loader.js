/* Deep Learning for LLMs: mounts the in-page demos.
   Each `<div class="dl-demo" data-demo="NAME">` gets the module `./NAME.js`, loaded only on pages
   that have one; the module's `mount(element)` builds the demo inside it. Runs again after
   every instant navigation (Material's `document$`). */
const NAME = /^[a-z][a-z0-9-]*$/;

function mountAll() {
  for (const el of document.querySelectorAll(".dl-demo[data-demo]:not([data-mounted])")) {
    const name = el.dataset.demo;
    if (!NAME.test(name)) continue;
    el.dataset.mounted = "loading";
    import(new URL(`./${name}.js`, import.meta.url).href)
      .then((mod) => mod.mount(el))
      .then(() => { el.dataset.mounted = "ready"; })
      .catch((err) => {
        el.dataset.mounted = "failed";
        el.textContent = "This demo could not load.";
        console.warn(`demo ${name}:`, err);
      });
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(mountAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountAll);
} else {
  mountAll();
}
