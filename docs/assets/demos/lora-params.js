/* LoRA trainable parameters: each adapted d × k matrix gets B (d × r) and A (r × k), so r(d + k). */
import { count, frame, h, numberBox, percent, show, slider } from "./common.js";

/** Trainable values per adapted matrix. */
export function loraParams(d, k, r) {
  return r * (d + k);
}

export function mount(root) {
  const state = { d: 4096, k: 4096, r: 8, matrices: 64 };
  const ui = frame(root, "LoRA parameter calculator",
    "A frozen d × k weight matrix W₀ gets a trainable update BA, with B of size d × r and A of size r × k.");
  const grid = h("div", { class: "dl-grid" });
  const fields = [["d", "Rows d (output size)", 1, 1_000_000], ["k", "Columns k (input size)", 1, 1_000_000],
    ["matrices", "Adapted matrices", 1, 100_000]];
  for (const [field, label, min, max] of fields) {
    numberBox(grid, {
      name: field, label, min, max, step: 1, value: state[field],
      hint: field === "matrices" ? "e.g. query and value projections in 32 layers = 64" : undefined,
      onInput: (v) => { state[field] = v; render(); },
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
