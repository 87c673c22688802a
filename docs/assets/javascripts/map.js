/* Deep Learning for LLMs: the concept map's controls. The build lays the map out and writes
   it as SVG (scripts/dl_glossary/build/concept_map.py); this adds zoom and pan (buttons, wheel,
   pinch, drag, keys), the section filter, neighbour highlighting on hover, focus and tap, and
   the list view. Edges are drawn with the same formula as the build's. */
const NS = "http://www.w3.org/2000/svg";
const FONT = 12; /* label size in map units, as in learn.css */
const labelWidth = (title) => 9 + 6.6 * title.length;

function edge(from, to) {
  const x1 = Math.round(from.x + labelWidth(from.title) + 2);
  const dx = to.x - 9 - x1;
  const dy = to.y - from.y;
  const bend = Math.max(16, Math.floor(dx / 2));
  return `M${x1} ${from.y}c${bend} 0 ${dx - bend} ${dy} ${dx} ${dy}`;
}
const head = (to) => `M${to.x - 14} ${to.y - 4}l5 4-5 4`;

function paths(nodes, pairs) {
  const ends = new Set(pairs.map(([, to]) => to));
  return pairs.map(([from, to]) => edge(from, to)).join("") + [...ends].map(head).join("");
}

export function mount(root) {
  const svg = root.querySelector(".dl-map-svg");
  const view = root.querySelector(".dl-map-view");
  const status = root.querySelector(".dl-map-status");
  const filter = root.querySelector(".dl-map-filter");
  const full = svg.viewBox.baseVal;
  const W = full.width;
  const H = full.height;
  const nodes = [...svg.querySelectorAll("a")].map((a, i) => {
    const text = a.querySelector("text");
    return {
      a, i, title: text.textContent, section: a.parentNode.dataset.s,
      x: +text.getAttribute("x") - 9, y: +text.getAttribute("y") - 4,
      needs: (a.dataset.p || "").split(" ").filter(Boolean).map(Number), leads: [],
    };
  });
  for (const n of nodes) for (const p of n.needs) nodes[p].leads.push(n.i);
  const byLink = new Map(nodes.map((n) => [n.a, n]));
  const layer = (cls) => {
    const el = document.createElementNS(NS, "path");
    el.setAttribute("class", cls);
    svg.insertBefore(el, svg.querySelector("g"));
    return el;
  };
  const shown = layer("dl-map-shown");
  const hot = layer("dl-map-hot");
  root.classList.add("js");
  root.querySelector(".dl-map-bar").hidden = false;
  svg.setAttribute("tabindex", "0");
  svg.removeAttribute("width");
  svg.removeAttribute("height");

  /* -- the view: zoom and pan change the viewBox ------------------------------------------- */
  let box = [0, 0, W, H];
  const scale = () => Math.min(svg.clientWidth / box[2], svg.clientHeight / box[3]) || 1;
  function apply() {
    svg.setAttribute("viewBox", box.map((v) => Math.round(v * 10) / 10).join(" "));
    root.classList.toggle("far", scale() * FONT < 9);
  }
  function zoom(factor, cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2) {
    const w = Math.min(Math.max(box[2] / factor, 120), W * 1.5);
    const f = w / box[2];
    const h = box[3] * f;
    box = [cx - (cx - box[0]) * f, cy - (cy - box[1]) * f, w, h];
    apply();
  }
  function fit(x0 = 0, y0 = 0, x1 = W, y1 = H) {
    const pad = 16;
    const ratio = (svg.clientWidth || W) / (svg.clientHeight || H);
    let w = x1 - x0 + 2 * pad;
    let h = y1 - y0 + 2 * pad;
    if (w / h < ratio) w = h * ratio; else h = w / ratio;
    box = [(x0 + x1) / 2 - w / 2, (y0 + y1) / 2 - h / 2, w, h];
    apply();
  }
  const toMap = (clientX, clientY) => {
    const p = new DOMPoint(clientX, clientY).matrixTransform(svg.getScreenCTM().inverse());
    return [p.x, p.y];
  };
  function pan(dx, dy) { box[0] += dx; box[1] += dy; apply(); }
  function show(n) {
    const inside = n.x > box[0] && n.x < box[0] + box[2] && n.y > box[1] && n.y < box[1] + box[3];
    if (!inside) pan(n.x - (box[0] + box[2] / 2), n.y - (box[1] + box[3] / 2));
  }

  /* -- highlighting a concept and its neighbours ---------------------------------------- */
  let pinned = null;
  function light(n) {
    for (const m of nodes) m.a.classList.remove("on", "me");
    root.classList.toggle("hl", !!n);
    if (!n) { hot.setAttribute("d", ""); return; }
    const pairs = [...n.needs.map((p) => [nodes[p], n]), ...n.leads.map((q) => [n, nodes[q]])];
    for (const m of [n, ...n.needs.map((p) => nodes[p]), ...n.leads.map((q) => nodes[q])]) {
      m.a.classList.add("on");
    }
    n.a.classList.add("me");
    hot.setAttribute("d", paths(nodes, pairs) + `M${n.x - 8} ${n.y}a8 8 0 1 0 16 0a8 8 0 1 0-16 0`);
    const names = (list) => list.map((i) => nodes[i].title).join(", ") || "nothing on this map";
    status.textContent = `${n.title}: needs ${names(n.needs)}; leads to ${names(n.leads)}.`;
  }
  svg.addEventListener("pointerover", (e) => {
    const n = byLink.get(e.target.closest && e.target.closest("a"));
    if (n && e.pointerType === "mouse") light(n);
  });
  svg.addEventListener("pointerout", (e) => {
    if (e.pointerType === "mouse" && !svg.contains(e.relatedTarget)) light(pinned);
  });
  svg.addEventListener("focusin", (e) => {
    const n = byLink.get(e.target);
    if (!n) return;
    pinned = n;
    show(n);
    light(n);
  });
  svg.addEventListener("focusout", () => { pinned = null; light(null); });

  /* -- pointers: drag to pan, pinch to zoom, a first tap on a concept shows its name -------- */
  const down = new Map();
  let moved = false;
  let armed = null;
  let lastType = "mouse";
  svg.addEventListener("pointerdown", (e) => {
    lastType = e.pointerType;
    down.set(e.pointerId, [e.clientX, e.clientY]);
    if (down.size === 1) moved = false;
  });
  svg.addEventListener("pointermove", (e) => {
    const last = down.get(e.pointerId);
    if (!last) return;
    if (down.size === 1) {
      const [dx, dy] = [e.clientX - last[0], e.clientY - last[1]];
      if (!moved && Math.hypot(dx, dy) < 5) return;
      if (!moved) svg.setPointerCapture(e.pointerId);
      moved = true;
      pan(-dx / scale(), -dy / scale());
    } else if (down.size === 2) {
      const [a, b] = [...down.values()];
      const other = a === last ? b : a;
      const before = Math.hypot(last[0] - other[0], last[1] - other[1]);
      const after = Math.hypot(e.clientX - other[0], e.clientY - other[1]);
      moved = true;
      if (before > 0) zoom(after / before, ...toMap((e.clientX + other[0]) / 2, (e.clientY + other[1]) / 2));
    }
    down.set(e.pointerId, [e.clientX, e.clientY]);
  });
  const up = (e) => down.delete(e.pointerId);
  svg.addEventListener("pointerup", up);
  svg.addEventListener("pointercancel", up);
  svg.addEventListener("click", (e) => {
    const n = byLink.get(e.target.closest && e.target.closest("a"));
    if (moved) { e.preventDefault(); moved = false; return; }
    if (n && lastType !== "mouse" && armed !== n) {
      e.preventDefault(); /* the first tap shows the name and the neighbours; a second opens */
      armed = n;
      light(n);
    }
  });
  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    zoom(Math.exp(-e.deltaY * (e.deltaMode ? 0.05 : 0.002)), ...toMap(e.clientX, e.clientY));
  }, { passive: false });

  /* -- keys and buttons ------------------------------------------------------------------- */
  root.addEventListener("keydown", (e) => {
    if (!svg.contains(e.target) && e.target !== svg) return;
    const step = box[2] / 8;
    const keys = {
      "+": () => zoom(1.4), "=": () => zoom(1.4), "-": () => zoom(1 / 1.4), "0": () => fit(),
      ArrowLeft: () => pan(-step, 0), ArrowRight: () => pan(step, 0),
      ArrowUp: () => pan(0, -step), ArrowDown: () => pan(0, step),
    };
    if (keys[e.key] && !e.altKey && !e.ctrlKey && !e.metaKey) { e.preventDefault(); keys[e.key](); }
  });
  root.querySelector(".dl-map-bar").addEventListener("click", (e) => {
    const button = e.target.closest("button");
    if (!button) return;
    const how = button.dataset.zoom;
    if (how === "in") zoom(1.4); else if (how === "out") zoom(1 / 1.4);
    else if (how === "fit") fitShown();
    else if (button.classList.contains("dl-map-as-list")) asList(button);
  });

  /* -- the section filter ------------------------------------------------------------------ */
  function fitShown() {
    const on = nodes.filter((n) => !filter.value || n.section === filter.value);
    fit(Math.min(...on.map((n) => n.x)) - 8, Math.min(...on.map((n) => n.y)) - 12,
      Math.max(...on.map((n) => n.x + labelWidth(n.title))), Math.max(...on.map((n) => n.y)) + 12);
  }
  filter.addEventListener("change", () => {
    const only = filter.value;
    for (const g of svg.querySelectorAll("g[data-s]")) g.classList.toggle("off", !!only && g.dataset.s !== only);
    root.classList.toggle("filtered", !!only);
    const pairs = [];
    if (only) {
      for (const n of nodes) {
        for (const p of n.needs) if (n.section === only && nodes[p].section === only) pairs.push([nodes[p], n]);
      }
    }
    shown.setAttribute("d", pairs.length ? paths(nodes, pairs) : "");
    light(null);
    fitShown();
    const count = nodes.filter((n) => !only || n.section === only).length;
    status.textContent = only ? `Showing ${count} concepts of ${filter.selectedOptions[0].text}.` : `Showing all ${count} concepts.`;
  });

  /* -- the list view: the same concepts and prerequisites as text --------------------------- */
  let list = null;
  function asList(button) {
    if (!list) {
      list = document.createElement("div");
      list.className = "dl-map-listview";
      for (const g of svg.querySelectorAll("g[data-s]")) {
        const heading = document.createElement("h2");
        heading.textContent = root.querySelector(`.dl-map-filter option[value="${g.dataset.s}"]`).text;
        const ul = document.createElement("ul");
        for (const a of g.querySelectorAll("a")) {
          const n = byLink.get(a);
          const li = document.createElement("li");
          const link = document.createElement("a");
          link.href = a.href.baseVal;
          link.textContent = n.title;
          li.append(link);
          if (n.needs.length) li.append(` — after ${n.needs.map((p) => nodes[p].title).join(", ")}`);
          ul.append(li);
        }
        list.append(heading, ul);
      }
      view.after(list);
    }
    const on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(on));
    list.hidden = !on;
    view.hidden = on;
    for (const b of root.querySelectorAll("[data-zoom], .dl-map-filter")) b.disabled = on;
  }

  fit();
  new ResizeObserver(() => apply()).observe(svg);
}
