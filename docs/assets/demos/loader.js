/* Deep Learning for LLMs: mounts the in-page demos.
   Each `<div class="dl-demo" data-demo="NAME">` gets the module `./NAME.js`, loaded only on pages
   that have one; the module's `mount(element)` builds the demo inside it. The demos' stylesheet
   is loaded with the first demo too, so other pages never fetch it. A demo mounts when it comes
   within MARGIN of the viewport (data-mounted="waiting" until then), so a reader who never
   scrolls to "Try it" does not download it. Runs again after every instant navigation
   (Material's `document$`). */
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

const MARGIN = "600px 0px";
const nearby = "IntersectionObserver" in window
  ? new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      nearby.unobserve(entry.target);
      mount(entry.target);
    }
  }, { rootMargin: MARGIN })
  : null;

function mountAll() {
  for (const el of document.querySelectorAll(".dl-demo[data-demo]:not([data-mounted])")) {
    if (!NAME.test(el.dataset.demo)) continue;
    el.dataset.mounted = "waiting";
    if (nearby) nearby.observe(el);
    else mount(el);
  }
}

/** Import the demo's module (and the stylesheet) and build the demo in el. */
function mount(el) {
  const name = el.dataset.demo;
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

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(mountAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountAll);
} else {
  mountAll();
}
