/* LoRA trainable parameters: each adapted d × k matrix gets B (d × r) and A (r × k), so r(d + k). */
import { blank, buttons, count, frame, h, numberBox, percent, show, slider, validity } from "./common.js";

/** Trainable values per adapted matrix. */
export function loraParams(d, k, r) {
  return r * (d + k);
}

/** The worked example on the LoRA page: Llama 3 8B, rank 16, the query and value projections
    of its 32 layers (d × k = output × input size). */
export const PRESETS = {
  query: ["Llama 3 8B query projections", { d: 4096, k: 4096, matrices: 32 }],
  value: ["Llama 3 8B value projections", { d: 1024, k: 4096, matrices: 32 }],
};

export function mount(root) {
  const state = { ...PRESETS.query[1], r: 16 };
  const ui = frame(root, "LoRA parameter calculator",
    "A frozen d × k weight matrix W₀ gets a trainable update BA, with B of size d × r and A of size r × k.");
  const grid = h("div", { class: "dl-grid" });
  const fields = [["d", "Rows d (output size)", 1, 1_000_000], ["k", "Columns k (input size)", 1, 1_000_000],
    ["matrices", "Adapted matrices", 1, 100_000]];
  const valid = validity();
  const inputs = {};
  buttons(ui.controls, "Examples", Object.entries(PRESETS).map(([key, [name]]) => [key, name]), (key) => {
    for (const [field, value] of Object.entries(PRESETS[key][1])) {
      inputs[field].value = String(value);
      inputs[field].dispatchEvent(new Event("input"));
    }
  });
  for (const [field, label, min, max] of fields) {
    inputs[field] = numberBox(grid, {
      name: field, label, min, max, step: 1, value: state[field],
      hint: field === "matrices" ? "one per adapted layer: 32 for one projection in Llama 3 8B" : undefined,
      ...valid.track(field, (v) => { state[field] = v; }, () => render()),
    });
  }
  ui.controls.append(grid);
  slider(ui.controls, {
    name: "rank", label: "Rank r", min: 1, max: 256, step: 1, value: state.r,
    onInput: (v) => { state.r = v; render(); },
  });

  const perMatrix = h("output", { class: "dl-lora-per-matrix" });
  const total = h("output", { class: "dl-lora-total dl-big" });
  const full = h("output", { class: "dl-lora-full" });
  const share = h("output", { class: "dl-lora-share" });
  ui.output.append(
    h("p", {}, "Per matrix: ", perMatrix),
    h("p", {}, "LoRA trains: ", total),
    h("p", {}, "Full fine-tuning of the same matrices: ", full, " · LoRA share: ", share));

  function render() {
    if (!valid.ok()) {
      blank(perMatrix, total, full, share);
      ui.status.textContent = "No result: fix the highlighted field.";
      return;
    }
    const one = loraParams(state.d, state.k, state.r);
    const all = one * state.matrices;
    const dense = state.d * state.k * state.matrices;
    show(perMatrix, one, `${state.r} × (${state.d.toLocaleString("en-US")} + ${state.k.toLocaleString("en-US")}) = ${one.toLocaleString("en-US")}`);
    show(total, all, `${all.toLocaleString("en-US")} parameters (${count(all)})`);
    show(full, dense, `${dense.toLocaleString("en-US")} (${count(dense)})`);
    show(share, all / dense, percent(all / dense));
    ui.status.textContent = `Rank ${state.r}: ${count(all)} trainable parameters, ${percent(all / dense)} of full fine-tuning.`;
  }
  render();
}
