/* Weight memory by precision: bytes = parameters × bits ÷ 8, compared with one GPU's memory. */
import { blank, bytes, choice, dataTable, frame, h, numberBox, show, sig, validity } from "./common.js";

export const PRECISIONS = [
  [32, "FP32 (32 bits)"], [16, "BF16 / FP16 (16 bits)"], [8, "INT8 / FP8 (8 bits)"],
  [4.5, "4-bit with group scales (≈4.5 bits)"], [4, "4-bit, ideal (4 bits)"], [2.5, "≈2.5 bits"],
];

/** Bytes for the weights alone. */
export function weightBytes(params, bits) {
  return (params * bits) / 8;
}

export function mount(root) {
  const state = { billions: 70, bits: 16, gpu: 24 };
  const ui = frame(root, "Weight memory calculator",
    "Weights only: the KV cache, activations and runtime buffers come on top.");
  const grid = h("div", { class: "dl-grid" });
  const valid = validity();
  numberBox(grid, {
    name: "params", label: "Parameters (billions)", min: 0.001, max: 100000, value: state.billions,
    ...valid.track("params", (v) => { state.billions = v; }, () => render()),
  });
  numberBox(grid, {
    name: "gpu", label: "GPU memory (GB)", min: 1, max: 100000, value: state.gpu,
    ...valid.track("gpu", (v) => { state.gpu = v; }, () => render()),
  });
  ui.controls.append(grid);
  choice(ui.controls, {
    name: "bits", label: "Precision", value: state.bits, options: PRECISIONS,
    onInput: (v) => { state.bits = Number(v); render(); },
  });

  const total = h("output", { class: "dl-weights-total dl-big" });
  const fits = h("output", { class: "dl-fits" });
  const rows = PRECISIONS.map(([bits, name]) => h("tr", { "data-bits": bits },
    h("th", { scope: "row", text: name }), h("td", { class: "dl-weights" }), h("td", { class: "dl-gpus" })));
  const table = dataTable("The same model at every precision", ["Precision", "Weights", "GPUs needed"], rows);
  ui.output.append(h("p", {}, "Weights: ", total), h("p", {}, fits), table);

  function render() {
    if (!valid.ok()) {
      blank(total, fits, ...rows.flatMap((row) => [...row.querySelectorAll("td")]));
      delete fits.dataset.gpus;
      ui.status.textContent = "No result: fix the highlighted field.";
      return;
    }
    const params = state.billions * 1e9;
    const need = weightBytes(params, state.bits);
    show(total, need, bytes(need));
    const ok = need <= state.gpu * 1e9;
    const cards = Math.ceil(need / (state.gpu * 1e9));
    show(fits, ok ? "yes" : "no", ok
      ? `Fits on one ${sig(state.gpu)} GB GPU, leaving ${sig((state.gpu * 1e9 - need) / 1e9)} GB for the KV cache and activations.`
      : `Does not fit on one ${sig(state.gpu)} GB GPU: the weights alone need ${cards} of them.`);
    fits.dataset.gpus = String(cards);
    rows.forEach((row, i) => {
      const b = weightBytes(params, PRECISIONS[i][0]);
      const [cell, gpus] = row.querySelectorAll("td");
      show(cell, b, `${sig(b / 1e9)} GB`);
      const n = Math.ceil(b / (state.gpu * 1e9));
      show(gpus, n, `${n} × ${sig(state.gpu)} GB`);
      row.classList.toggle("dl-row--current", PRECISIONS[i][0] === state.bits);
    });
    ui.status.textContent = `${sig(state.billions)}B parameters at ${state.bits} bits: ${sig(need / 1e9)} GB; ${ok ? "fits" : "does not fit"} on one ${sig(state.gpu)} GB GPU.`;
  }
  render();
}
