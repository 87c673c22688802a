/* Shared pieces of the in-page demos: elements, labelled controls, number formats, bar charts. */
const SVG_NS = "http://www.w3.org/2000/svg";
let counter = 0;

/** A unique id for a label/control pair. */
export function uid(prefix) {
  counter += 1;
  return `dl-${prefix}-${counter}`;
}

/** An HTML element with attributes (`class`, `text`, data-*, aria-*, on*) and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  el.append(...children.filter((c) => c !== null && c !== undefined));
  return el;
}

/** An SVG element with attributes. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  el.append(...children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
}

/** The demo's frame: a labelled group with a title, a controls area and an output area. */
export function frame(root, title, intro) {
  const titleId = uid("title");
  const controls = h("div", { class: "dl-demo__controls" });
  const output = h("div", { class: "dl-demo__output" });
  const status = h("p", { class: "dl-demo__status", "aria-live": "polite" });
  root.replaceChildren(
    h("div", { class: "dl-demo__box", role: "group", "aria-labelledby": titleId },
      h("p", { class: "dl-demo__title", id: titleId, text: title }),
      intro ? h("p", { class: "dl-demo__intro", text: intro }) : null,
      controls, output, status),
  );
  return { controls, output, status };
}

/** Write a value into an element: full precision in data-value, `text` for people. */
export function show(el, value, text) {
  el.dataset.value = String(value);
  el.textContent = text;
}

function field(label, control, extra) {
  return h("div", { class: "dl-field" },
    h("label", { for: control.id, text: label }), control, extra);
}

/** A labelled range slider with a live readout; `onInput(value)` runs on every change.
    Returns the input and `set(value)`. */
export function slider(parent, { name, label, min, max, step, value, format, onInput }) {
  const input = h("input", { type: "range", id: uid(name), name, min, max, step, value });
  const readout = h("output", { for: input.id, class: "dl-field__readout" });
  const update = () => {
    const v = Number(input.value);
    show(readout, v, format ? format(v) : String(v));
    input.setAttribute("aria-valuetext", readout.textContent);
  };
  input.addEventListener("input", () => { update(); onInput(Number(input.value)); });
  update();
  parent.append(field(label, input, readout));
  /** Move the slider to v and report v itself, not the value snapped to the slider's step. */
  const set = (v) => {
    input.value = String(v);
    show(readout, v, format ? format(v) : String(v));
    input.setAttribute("aria-valuetext", readout.textContent);
    onInput(v);
  };
  return { input, set };
}

/** A labelled number box. A valid value goes to `onInput(value)`; an invalid one is flagged in
    an inline, announced message and reported to `onInvalid()`, so the demo can clear its result. */
export function numberBox(parent, { name, label, min, max, step, value, onInput, onInvalid, hint }) {
  const input = h("input", {
    type: "number", id: uid(name), name, min, max, step: step ?? "any", value, inputmode: "decimal",
  });
  const note = h("span", { class: "dl-field__hint", id: `${input.id}-hint`, text: hint ?? "", "aria-live": "polite" });
  input.setAttribute("aria-describedby", note.id);
  input.addEventListener("input", () => {
    const v = Number(input.value);
    const ok = input.value.trim() !== "" && Number.isFinite(v)
      && (min === undefined || v >= min) && (max === undefined || v <= max);
    input.toggleAttribute("aria-invalid", !ok);
    note.classList.toggle("dl-field__hint--error", !ok);
    note.textContent = ok ? (hint ?? "") : `Enter a number from ${fmt(min)} to ${fmt(max)}.`;
    if (ok) onInput(v);
    else onInvalid?.();
  });
  parent.append(field(label, input, note));
  return input;
}

const fmt = (n) => n.toLocaleString("en-US", { maximumFractionDigits: 6 });

/** Which of a demo's number boxes hold bad input; `ok()` is true when none does. */
export function validity() {
  const bad = new Set();
  return {
    ok: () => bad.size === 0,
    /** numberBox callbacks for the box `name`: a valid value goes to `onValid(value)`; either way
        `onChange()` runs next, to draw the result or clear it. */
    track(name, onValid, onChange) {
      return {
        onInput: (v) => { bad.delete(name); onValid(v); onChange(); },
        onInvalid: () => { bad.add(name); onChange(); },
      };
    },
  };
}

/** Clear stale results: no number, a dash on screen. */
export function blank(...els) {
  for (const el of els) {
    delete el.dataset.value;
    el.textContent = "–";
  }
}

/** A labelled drop-down of [value, text] options. */
export function choice(parent, { name, label, options, value, onInput }) {
  const select = h("select", { id: uid(name), name },
    ...options.map(([v, text]) => h("option", { value: v, text, selected: String(v) === String(value) })));
  select.addEventListener("change", () => onInput(select.value));
  parent.append(field(label, select));
  return select;
}

/** A row of buttons; `onPick(value, button)` runs on click. */
export function buttons(parent, label, items, onPick) {
  const row = h("div", { class: "dl-buttons", role: "group", "aria-label": label });
  for (const [value, text] of items) {
    row.append(h("button", {
      type: "button", class: "md-button dl-button", text, "data-pick": value,
      onclick: (event) => onPick(value, event.currentTarget),
    }));
  }
  parent.append(row);
  return row;
}

/** Number with a fixed count of significant digits, no exponent for everyday sizes. */
export function sig(x, digits = 3) {
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e15) return Number(x.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 12 });
  return x.toExponential(digits - 1);
}

const SCALE = [[1e12, "trillion"], [1e9, "billion"], [1e6, "million"], [1e3, "thousand"]];

/** A large count in words: 6.71 billion. */
export function count(n, digits = 3) {
  for (const [size, word] of SCALE) if (Math.abs(n) >= size) return `${sig(n / size, digits)} ${word}`;
  return sig(n, digits);
}

/** Bytes in binary and decimal units of the same size: "16 GiB (17.2 GB)". */
export function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i += 1; }
  const bin = `${sig(v)} ${units[i]}`;
  const decimal = ["B", "kB", "MB", "GB", "TB", "PB"][i];
  return i === 0 ? bin : `${bin} (${sig(n / 1000 ** i)} ${decimal})`;
}

/** Percent with sensible precision; tiny shares read "<0.01%", near-certain ones ">99.99%". */
export function percent(p) {
  if (p > 0 && p < 1e-4) return "<0.01%";
  if (p < 1 && p > 1 - 1e-4) return ">99.99%";
  return `${sig(p * 100, p < 0.001 ? 2 : 3)}%`;
}

/** A table with a caption, column headings and rows of cells (the first cell of a row is its
    heading), in a wrapper that scrolls sideways when the screen is too narrow for it; while it
    does, the wrapper is a labelled region that takes keyboard focus, so it can be scrolled. */
export function dataTable(caption, columns, rows) {
  const table = h("table", { class: "dl-table" },
    h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, ...columns.map((t) => h("th", { scope: "col", text: t })))),
    h("tbody", {}, ...rows));
  const wrap = h("div", { class: "dl-table-wrap" }, table);
  new ResizeObserver(() => {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    for (const [key, on] of [["tabindex", "0"], ["role", "region"], ["aria-label", `${caption} (scrolls sideways)`]]) {
      if (scrolls) wrap.setAttribute(key, on);
      else wrap.removeAttribute(key);
    }
  }).observe(wrap);
  return wrap;
}

/** Horizontal bar chart in HTML, so its text keeps the page's size on any screen: items are
    {label, value (0..1), text, muted}. Bars are coloured from the palette. */
export function barChart(items, { title } = {}) {
  const chart = h("div", { class: "dl-chart", role: "img", "aria-label": title });
  for (const item of items) {
    const bar = h("span", { class: item.muted ? "dl-bar dl-bar--muted" : "dl-bar" });
    bar.style.width = `${Math.min(1, Math.max(0, item.value)) * 100}%`;
    chart.append(h("div", { class: "dl-chart__row" },
      h("span", { class: "dl-chart__label", text: item.label }),
      h("span", { class: "dl-bar__track" }, bar),
      h("span", { class: "dl-chart__value", "data-label": item.label, "data-value": item.value, text: item.text })));
  }
  return chart;
}

/** Redraw an SVG whenever its container changes width: `draw(width)` returns an SVG drawn at
    one user unit per CSS pixel, so its text is as large on a phone as on a desk. */
export function fitted(container, draw) {
  let last = 0;
  const render = () => {
    const width = Math.round(container.clientWidth) || 560;
    last = width;
    container.replaceChildren(draw(width));
  };
  new ResizeObserver(() => {
    if (Math.round(container.clientWidth) !== last) render();
  }).observe(container);
  return render;
}
