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

/** A labelled number box; invalid input is flagged and not passed on. */
export function numberBox(parent, { name, label, min, max, step, value, onInput, hint }) {
  const input = h("input", {
    type: "number", id: uid(name), name, min, max, step: step ?? "any", value, inputmode: "decimal",
  });
  const note = h("span", { class: "dl-field__hint", id: `${input.id}-hint`, text: hint ?? "" });
  input.setAttribute("aria-describedby", note.id);
  input.addEventListener("input", () => {
    const v = Number(input.value);
    const ok = input.value.trim() !== "" && Number.isFinite(v)
      && (min === undefined || v >= min) && (max === undefined || v <= max);
    input.toggleAttribute("aria-invalid", !ok);
    note.textContent = ok ? (hint ?? "") : `Enter a number from ${min} to ${max}.`;
    if (ok) onInput(v);
  });
  parent.append(field(label, input, note));
  return input;
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

/** Percent with sensible precision. */
export function percent(p) {
  return `${sig(p * 100, p < 0.001 ? 2 : 3)}%`;
}

/** Horizontal bar chart in SVG: items are {label, value (0..1), text, muted}. */
export function barChart(items, { title, width = 560 } = {}) {
  const row = 26;
  const labelW = 120;
  const textW = 70;
  const barMax = width - labelW - textW - 8;
  const svg = s("svg", {
    class: "dl-chart", viewBox: `0 0 ${width} ${items.length * row + 4}`, role: "img",
    "aria-label": title,
  });
  items.forEach((item, i) => {
    const y = i * row + 2;
    const w = Math.max(item.value * barMax, item.value > 0 ? 1 : 0);
    const cls = item.muted ? "dl-bar dl-bar--muted" : "dl-bar";
    svg.append(
      s("text", { x: labelW - 8, y: y + 17, class: "dl-chart__label", "text-anchor": "end" }, item.label),
      s("rect", { x: labelW, y: y + 3, width: barMax, height: row - 8, class: "dl-bar__track", rx: 3 }),
      s("rect", { x: labelW, y: y + 3, width: w, height: row - 8, class: cls, rx: 3 }),
      s("text", { x: labelW + barMax + 8, y: y + 17, class: "dl-chart__value", "data-label": item.label, "data-value": item.value }, item.text),
    );
  });
  return svg;
}
