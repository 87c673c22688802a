/* The concept map, laid out by the build (dl_glossary/build/concept_map.py): dots and arrows
   at the placed nodes (data-p: what a node needs first), zoom, pan, filter, highlight, list. */
const width = (t) => 9 + 6.6 * t.length; /* a label's estimated width, as the build's */
const curve = (a, b) => {
  const x = Math.round(a.x + width(a.t) + 2), dx = b.x - 9 - x, dy = b.y - a.y, c = Math.max(16, dx >> 1);
  return `M${x} ${a.y}c${c} 0 ${dx - c} ${dy} ${dx} ${dy}`;
};
const draw = (pairs) => pairs.map(([a, b]) => curve(a, b)).join("")
  + [...new Set(pairs.map((p) => p[1]))].map((b) => `M${b.x - 14} ${b.y - 4}l5 4-5 4`).join("");
const el = (tag, text) => Object.assign(document.createElement(tag), { textContent: text });

export function mount(root) {
  const svg = root.querySelector("svg"), bar = root.querySelector(".dl-map-bar");
  const status = root.querySelector(".dl-map-status"), filter = bar.querySelector("select");
  const { width: W, height: H } = svg.viewBox.baseVal;
  const nodes = [...svg.querySelectorAll("a")].map((a, i) => {
    const t = a.firstElementChild;
    return { a, i, t: t.textContent, s: a.parentNode.dataset.s, x: t.getAttribute("x") - 9,
      y: t.getAttribute("y") - 4, pre: (a.dataset.p || "").split(" ").filter(Boolean).map(Number), post: [] };
  });
  for (const n of nodes) for (const p of n.pre) nodes[p].post.push(n.i);
  const of = new Map(nodes.map((n) => [n.a, n]));
  const [hot, edges] = ["dl-map-hot", "dl-map-edges"].map((c) => { /* under the nodes */
    const p = svg.insertBefore(document.createElementNS(svg.namespaceURI, "path"), svg.firstChild);
    p.setAttribute("class", c);
    return p;
  });
  const pairs = (keep) => nodes.flatMap((n) => n.pre.map((p) => [nodes[p], n])).filter(keep);
  edges.setAttribute("d", draw(pairs(() => true)));
  for (const g of svg.querySelectorAll("g")) { /* a dot before each label, in its section's colour */
    const dots = g.insertBefore(document.createElementNS(svg.namespaceURI, "path"), g.firstChild);
    dots.setAttribute("class", "dl-map-dots");
    dots.setAttribute("d", nodes.filter((n) => n.s === g.dataset.s).map((n) => `M${n.x} ${n.y}h0`).join(""));
  }
  for (const li of root.querySelectorAll("li[data-s]")) filter.append(new Option(li.textContent, li.dataset.s));
  root.classList.add("js");
  bar.hidden = false;
  svg.setAttribute("tabindex", "0");
  svg.parentNode.style.setProperty("--ar", W / H); /* the view takes the map's shape */
  svg.removeAttribute("width");
  svg.removeAttribute("height");

  let box = [0, 0, W, H]; /* the viewBox: zoom and pan move it */
  const scale = () => Math.min(svg.clientWidth / box[2], svg.clientHeight / box[3]) || 1;
  const apply = () => {
    svg.setAttribute("viewBox", box.map((v) => v.toFixed(1)).join(" "));
    root.classList.toggle("far", scale() * 12 < 9); /* labels too small: the lit one grows */
    root.style.setProperty("--fs", `${(13 / scale()).toFixed(1)}px`);
  };
  const zoom = (f, cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2) => {
    const k = Math.min(Math.max(box[2] / f, 120), W * 1.5) / box[2];
    box = [cx - (cx - box[0]) * k, cy - (cy - box[1]) * k, box[2] * k, box[3] * k];
    apply();
  };
  const pan = (dx, dy) => { box[0] += dx; box[1] += dy; apply(); };
  const shown = () => nodes.filter((n) => !filter.value || n.s === filter.value);
  const fit = (on = shown()) => {
    const x0 = Math.min(...on.map((n) => n.x)) - 20, x1 = Math.max(...on.map((n) => n.x + width(n.t))) + 12;
    const y0 = Math.min(...on.map((n) => n.y)) - 20, y1 = Math.max(...on.map((n) => n.y)) + 20;
    const r = (svg.clientWidth || W) / (svg.clientHeight || H);
    const w = Math.min(Math.max(x1 - x0, (y1 - y0) * r), (svg.clientWidth || W) / 0.4); /* a phone: the start */
    box = [x1 - x0 > w ? x0 : (x0 + x1 - w) / 2, (y0 + y1 - w / r) / 2, w, w / r];
    apply();
  };
  const at = (x, y) => {
    const p = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM().inverse());
    return [p.x, p.y];
  };

  let pinned = null; /* the focused node, lit when the pointer leaves */
  const light = (n) => {
    for (const m of nodes) m.a.classList.remove("on", "me");
    root.classList.toggle("hl", !!n);
    hot.setAttribute("d", n ? draw([...n.pre.map((p) => [nodes[p], n]), ...n.post.map((q) => [n, nodes[q]])]) : "");
    if (!n) return void (status.textContent = "");
    for (const i of [...n.pre, ...n.post]) nodes[i].a.classList.add("on");
    n.a.classList.add("on", "me");
    const names = (l) => l.map((i) => nodes[i].t).join(", ") || "nothing here";
    status.textContent = `${n.t}: needs ${names(n.pre)}; leads to ${names(n.post)}.`;
  };
  const node = (e) => of.get(e.target.closest("a"));
  const near = (e) => { /* the node whose dot or label is within 24 px of a tap */
    const [x, y] = at(e.clientX, e.clientY);
    let best = null, least = 24 / scale();
    for (const n of nodes) {
      const d = Math.hypot(Math.max(n.x - 6 - x, 0, x - n.x - width(n.t)), y - n.y);
      if (d < least && !n.a.parentNode.classList.contains("off")) [best, least] = [n, d];
    }
    return best;
  };
  const on = (type, f, o) => svg.addEventListener(type, f, o);
  on("pointerover", (e) => { if (e.pointerType === "mouse") light(node(e) || pinned); });
  on("pointerleave", (e) => { if (e.pointerType === "mouse") light(pinned); });
  on("focusin", (e) => {
    const n = of.get(e.target);
    if (!n) return;
    pinned = n;
    if (n.x < box[0] || n.x > box[0] + box[2] || n.y < box[1] || n.y > box[1] + box[3]) {
      pan(n.x - box[0] - box[2] / 2, n.y - box[1] - box[3] / 2);
    }
    light(n);
  });
  on("focusout", () => light((pinned = null) || armed)); /* a tapped node stays lit */

  const down = new Map(); /* pointers: drag pans, two pinch-zoom, a first tap shows a node */
  let moved = false, armed = null, touch = false, tapped = null;
  on("pointerdown", (e) => {
    touch = e.pointerType !== "mouse";
    tapped = node(e) || (touch ? near(e) : null); /* small targets: the nearest label counts */
    down.set(e.pointerId, [e.clientX, e.clientY]);
    if (down.size === 1) moved = false;
  });
  on("pointermove", (e) => {
    const last = down.get(e.pointerId);
    if (!last) return;
    const dx = e.clientX - last[0], dy = e.clientY - last[1];
    if (down.size === 1) {
      if (!moved && Math.hypot(dx, dy) < 5) return;
      if (!moved) svg.setPointerCapture(e.pointerId);
      moved = true;
      pan(-dx / scale(), -dy / scale());
    } else {
      const o = [...down].find(([id]) => id !== e.pointerId)[1], was = Math.hypot(last[0] - o[0], last[1] - o[1]);
      moved = true;
      if (was) zoom(Math.hypot(e.clientX - o[0], e.clientY - o[1]) / was, ...at((e.clientX + o[0]) / 2, (e.clientY + o[1]) / 2));
    }
    down.set(e.pointerId, [e.clientX, e.clientY]);
  });
  for (const type of ["pointerup", "pointercancel"]) on(type, (e) => down.delete(e.pointerId));
  on("click", (e) => {
    const n = node(e) || (touch ? tapped : null);
    if (moved) { moved = false; e.preventDefault(); } else if (n && touch && armed !== n) {
      e.preventDefault(); /* a second tap opens the page */
      light(armed = n);
    } else if (n && !node(e)) location.assign(new URL(n.a.href.baseVal, location.href));
    else if (!n && touch) light(armed = null);
  });
  on("wheel", (e) => {
    e.preventDefault();
    zoom(Math.exp(-e.deltaY * (e.deltaMode ? 0.05 : 0.002)), ...at(e.clientX, e.clientY));
  }, { passive: false });
  on("keydown", (e) => {
    const s = box[2] / 8;
    const act = { "+": () => zoom(1.4), "=": () => zoom(1.4), "-": () => zoom(1 / 1.4), 0: () => fit(),
      ArrowLeft: () => pan(-s, 0), ArrowRight: () => pan(s, 0), ArrowUp: () => pan(0, -s), ArrowDown: () => pan(0, s) }[e.key];
    if (act && !e.altKey && !e.ctrlKey && !e.metaKey) { e.preventDefault(); act(); }
  });
  bar.addEventListener("click", (e) => {
    const b = e.target.closest("button"), z = b && b.dataset.zoom;
    if (z) z === "fit" ? fit() : zoom(z === "in" ? 1.4 : 1 / 1.4); else if (b) list(b);
  });
  filter.addEventListener("change", () => { /* one section, and the arrows within it */
    const s = filter.value;
    for (const g of svg.querySelectorAll("g")) g.classList.toggle("off", !!s && g.dataset.s !== s);
    edges.setAttribute("d", draw(pairs(([a, b]) => !s || (a.s === s && b.s === s))));
    light(null);
    fit();
    status.textContent = `Showing ${shown().length} concepts${s ? " of " + filter.selectedOptions[0].text : ""}.`;
  });

  let text = null; /* the list view: each concept and what it needs first, as text */
  const list = (b) => {
    if (!text) {
      text = Object.assign(el("div"), { className: "dl-map-listview" });
      for (const g of svg.querySelectorAll("g")) {
        const ul = el("ul");
        for (const a of g.querySelectorAll("a")) {
          const n = of.get(a), link = Object.assign(el("a", n.t), { href: a.href.baseVal });
          ul.append(el("li"));
          ul.lastChild.append(link, n.pre.length ? ` — after ${n.pre.map((p) => nodes[p].t).join(", ")}` : "");
        }
        text.append(el("h2", root.querySelector(`li[data-s="${g.dataset.s}"]`).textContent), ul);
      }
      svg.parentNode.after(text);
    }
    const show = b.getAttribute("aria-pressed") !== "true";
    b.setAttribute("aria-pressed", show);
    text.hidden = !show;
    svg.parentNode.hidden = show;
    for (const c of bar.querySelectorAll("[data-zoom], select")) c.disabled = show;
  };

  fit();
  new ResizeObserver(apply).observe(svg);
}
