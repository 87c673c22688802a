/* Compute-optimal size from the Chinchilla rule of thumb: C ≈ 6ND and D ≈ 20N give
   N = √(C / 120) parameters and D = 20N tokens (Hoffmann et al., 2022, arXiv:2203.15556). */
import { buttons, count, frame, h, show, sig, slider } from "./common.js";

/** Compute-optimal parameters and tokens for a FLOP budget. */
export function chinchilla(flops) {
  const params = Math.sqrt(flops / 120);
  return { params, tokens: 20 * params };
}

/** The budgets in the Scaling Laws page's table, in its order. */
export const BUDGETS = [
  ["1e21", "10²¹"],
  ["3.1e23", "GPT-3's budget (3.1 × 10²³)"],
  ["5.76e23", "Gopher's budget (5.76 × 10²³)"],
  ["1e24", "10²⁴"],
  ["1e25", "10²⁵"],
];

/** 3.14e23 written as 3.14 × 10²³. */
function power(x) {
  const exp = Math.floor(Math.log10(x));
  const supers = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  const digits = String(exp).split("").map((c) => supers[Number(c)]).join("");
  return `${sig(x / 10 ** exp)} × 10${digits}`;
}

export function mount(root) {
  const state = { log10: Math.log10(5.76e23) };
  const ui = frame(root, "Compute-optimal model size",
    "Pick a training budget in FLOPs. The Chinchilla rule of thumb splits it into a model size and a token count.");
  const range = slider(ui.controls, {
    name: "flops", label: "Training compute (log₁₀ FLOPs)", min: 18, max: 27, step: 0.01, value: state.log10.toFixed(2),
    format: (v) => `${power(10 ** v)} FLOPs`,
    onInput: (v) => { state.log10 = v; render(); },
  });
  buttons(ui.controls, "Example budgets", BUDGETS, (value) => range.set(Math.log10(Number(value))));

  const params = h("output", { class: "dl-chin-params dl-big" });
  const tokens = h("output", { class: "dl-chin-tokens dl-big" });
  const ratio = h("p", { class: "dl-demo__formula" });
  ui.output.append(h("p", {}, "Parameters N: ", params), h("p", {}, "Training tokens D: ", tokens), ratio);

  function render() {
    const flops = 10 ** state.log10;
    const best = chinchilla(flops);
    show(params, best.params, count(best.params));
    show(tokens, best.tokens, `${count(best.tokens)} tokens`);
    params.dataset.flops = String(flops);
    ratio.textContent = `N = √(C / 120) = √(${power(flops)} / 120); D = 20 N. Check: 6 N D = ${power(6 * best.params * best.tokens)} FLOPs.`;
    ui.status.textContent = `${power(flops)} FLOPs: about ${count(best.params)} parameters on ${count(best.tokens)} tokens.`;
  }
  render();
}
