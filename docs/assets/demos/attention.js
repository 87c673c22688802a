/* Attention explorer: one head's softmax(QKᵀ/√d) over a short sentence. The query and key
   vectors are set by hand (d = 4) to show the pattern a trained head can learn, where "It"
   looks back at "cat"; they are not read out of a real model. */
import { barChart, buttons, frame, h, percent, s, uid } from "./common.js";

export const EXAMPLE = {
  tokens: ["The", "cat", "sat", "on", "the", "mat", ".", "It", "was", "comfortable", "."],
  // Dimensions, loosely: animal, object, function word, recency.
  Q: [
    [0, 0, 1, 0], [0.5, 0, 0.8, 0], [2, 0.5, 0, 0], [0.5, 0.5, 0, 1], [0, 0, 1, 0], [0, 0.5, 1, 0],
    [0, 0, 0, 1], [2, 1.2, -0.5, 0.5], [1.5, 0.5, 0, 0.8], [1.5, 1, 0, 0.5], [0, 0, 0, 1],
  ],
  K: [
    [0, 0, 1, 0], [2.2, 0, 0, 0], [0.3, 0, 0, 0.5], [0, 0, 1, 0], [0, 0, 1, 0], [0, 1.6, 0, 0.3],
    [0, 0, 0.5, 0.2], [0.6, 0.4, 0, 0.8], [0.2, 0.1, 0.2, 0.8], [0.5, 0.3, 0, 0.6], [0, 0, 0.5, 0.2],
  ],
};

/** Row i of softmax(QKᵀ/√d); with a causal mask, keys after i get weight 0. */
export function attentionRow(Q, K, i, causal) {
  const d = Q[i].length;
  const scores = K.map((k, j) => (causal && j > i ? -Infinity
    : k.reduce((sum, kv, c) => sum + kv * Q[i][c], 0) / Math.sqrt(d)));
  const top = Math.max(...scores);
  const exps = scores.map((z) => (z === -Infinity ? 0 : Math.exp(z - top)));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

export function mount(root) {
  const { tokens, Q, K } = EXAMPLE;
  const state = { query: tokens.indexOf("It"), causal: true };
  const ui = frame(root, "Attention explorer",
    "Pick a token to see where it looks: its row of softmax(QKᵀ/√d). One head, hand-set vectors (d = 4), chosen to show the pattern “It” → “cat”.");

  const row = buttons(ui.controls, "Query token", tokens.map((t, i) => [String(i), t]), (value) => {
    state.query = Number(value);
    render();
  });
  const maskId = uid("mask");
  const mask = h("input", { type: "checkbox", id: maskId, checked: true });
  mask.addEventListener("change", () => { state.causal = mask.checked; render(); });
  ui.controls.append(h("div", { class: "dl-field dl-field--check" }, mask,
    h("label", { for: maskId, text: "Causal mask (a decoder-only model cannot look at later tokens)" })));

  const rowChart = h("div", { class: "dl-demo__chart" });
  const heat = h("div", { class: "dl-demo__heatmap" });
  ui.output.append(rowChart, heat);

  function heatmap() {
    const n = tokens.length;
    const cell = 26;
    const left = 92;
    const top = 92;
    const svg = s("svg", {
      class: "dl-heatmap", viewBox: `0 0 ${left + n * cell + 4} ${top + n * cell + 4}`, role: "img",
      "aria-label": "Full attention matrix: rows are queries, columns are keys; darker means more weight.",
    });
    tokens.forEach((t, j) => {
      svg.append(s("text", { class: "dl-chart__label", transform: `translate(${left + j * cell + 17} ${top - 6}) rotate(-60)` }, t));
    });
    tokens.forEach((t, i) => {
      const weights = attentionRow(Q, K, i, state.causal);
      svg.append(s("text", { class: "dl-chart__label", x: left - 6, y: top + i * cell + 17, "text-anchor": "end" }, t));
      weights.forEach((w, j) => {
        svg.append(s("rect", {
          class: "dl-heat", x: left + j * cell, y: top + i * cell, width: cell - 2, height: cell - 2,
          "fill-opacity": Math.max(w, 0.04).toFixed(3),
        }));
      });
      if (i === state.query) {
        svg.append(s("rect", { class: "dl-heat__focus", x: left - 1, y: top + i * cell - 1, width: n * cell, height: cell }));
      }
    });
    return svg;
  }

  function render() {
    const weights = attentionRow(Q, K, state.query, state.causal);
    for (const b of row.querySelectorAll("button")) {
      b.setAttribute("aria-pressed", String(Number(b.dataset.pick) === state.query));
    }
    const q = tokens[state.query];
    rowChart.replaceChildren(barChart(tokens.map((t, j) => ({
      label: `${t}${t === "." || t.toLowerCase() === "the" ? ` (${j + 1})` : ""}`,
      value: weights[j], text: percent(weights[j]), muted: weights[j] === 0,
    })), { title: `Attention weights from “${q}”` }));
    heat.replaceChildren(heatmap());
    const order = weights.map((w, j) => [w, j]).sort((a, b) => b[0] - a[0]);
    ui.status.textContent = `“${q}” (token ${state.query + 1}) attends most to “${tokens[order[0][1]]}” (${percent(order[0][0])}), then “${tokens[order[1][1]]}” (${percent(order[1][0])}).`;
  }
  render();
}
