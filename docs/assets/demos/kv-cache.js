/* KV cache calculator: bytes = 2 (K and V) × layers × KV heads × head size × tokens × batch × bytes per value. */
import { blank, buttons, bytes, choice, frame, h, numberBox, show, validity } from "./common.js";

/** Bytes the KV cache holds. */
export function kvCacheBytes({ layers, kvHeads, headDim, context, batch, bytesPerValue }) {
  return 2 * layers * kvHeads * headDim * context * batch * bytesPerValue;
}

export const PRESETS = {
  "llama-3-8b": ["Llama 3 8B", { layers: 32, kvHeads: 8, headDim: 128 }],
  "llama-3-70b": ["Llama 3 70B", { layers: 80, kvHeads: 8, headDim: 128 }],
  "llama-2-7b": ["Llama 2 7B (no GQA)", { layers: 32, kvHeads: 32, headDim: 128 }],
};

export function mount(root) {
  const state = { layers: 80, kvHeads: 8, headDim: 128, context: 8192, batch: 1, bytesPerValue: 2 };
  const ui = frame(root, "KV cache calculator",
    "Memory for the keys and values of every past token, in every layer. Start from a real model's shape or type your own.");
  const inputs = {};
  const valid = validity();
  buttons(ui.controls, "Model presets", Object.entries(PRESETS).map(([key, [name]]) => [key, name]), (key) => {
    for (const [field, value] of Object.entries(PRESETS[key][1])) {
      inputs[field].value = String(value);
      inputs[field].dispatchEvent(new Event("input"));  // validated like typing, then drawn
    }
  });
  const fields = [
    ["layers", "Layers", 1, 1000], ["kvHeads", "KV heads", 1, 1024], ["headDim", "Head size", 1, 4096],
    ["context", "Context length (tokens)", 1, 10_000_000], ["batch", "Batch (sequences)", 1, 100_000],
  ];
  const grid = h("div", { class: "dl-grid" });
  for (const [field, label, min, max] of fields) {
    inputs[field] = numberBox(grid, {
      name: field, label, min, max, step: 1, value: state[field],
      ...valid.track(field, (v) => { state[field] = v; }, () => render()),
    });
  }
  ui.controls.append(grid);
  choice(ui.controls, {
    name: "bytes", label: "Precision of the cache", value: 2,
    options: [[4, "FP32 (4 bytes)"], [2, "FP16 / BF16 (2 bytes)"], [1, "FP8 / INT8 (1 byte)"], [0.5, "4-bit (0.5 bytes)"]],
    onInput: (v) => { state.bytesPerValue = Number(v); render(); },
  });

  const total = h("output", { class: "dl-kv-total dl-big" });
  const perToken = h("output", { class: "dl-kv-per-token" });
  const formula = h("p", { class: "dl-demo__formula" });
  ui.output.append(h("p", {}, "KV cache: ", total), h("p", {}, "Per token (all layers, one sequence): ", perToken), formula);

  function render() {
    if (!valid.ok()) {
      blank(total, perToken);
      formula.textContent = "";
      ui.status.textContent = "No result: fix the highlighted field.";
      return;
    }
    const result = kvCacheBytes(state);
    const oneToken = kvCacheBytes({ ...state, context: 1, batch: 1 });
    show(total, result, bytes(result));
    show(perToken, oneToken, bytes(oneToken));
    formula.textContent = `2 × ${state.layers} × ${state.kvHeads} × ${state.headDim} × ${state.context.toLocaleString("en-US")} × ${state.batch} × ${state.bytesPerValue} = ${result.toLocaleString("en-US")} bytes`;
    ui.status.textContent = `KV cache: ${bytes(result)}.`;
  }
  render();
}
