/* Deep Learning for LLMs: mounts the in-page demos.
   Each `<div class="dl-demo" data-demo="NAME">` gets the module `./NAME.js`, loaded only on pages
   that have one; the module's `mount(element)` builds the demo inside it. The demos' stylesheet
   is loaded with the first demo too, so other pages never fetch it. Runs again after every
   instant navigation (Material's `document$`). */
const NAME = /^[a-z][a-z0-9-]*$/;
let stylesheet = null;

/* demos.css, added to <head> once; resolves when it has loaded (or failed: demos still work). */
function loadStylesheet() {
  stylesheet ??= new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("./demos.css", import.meta.url).href;
    link.onload = link.onerror = resolve;
    document.head.append(link);
  });
  return stylesheet;
}

function mountAll() {
  for (const el of document.querySelectorAll(".dl-demo[data-demo]:not([data-mounted])")) {
    const name = el.dataset.demo;
    if (!NAME.test(name)) continue;
    el.dataset.mounted = "loading";
    Promise.all([import(new URL(`./${name}.js`, import.meta.url).href), loadStylesheet()])
      .then(([mod]) => mod.mount(el))
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
