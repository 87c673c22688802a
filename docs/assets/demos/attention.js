/* Attention explorer: one head's softmax(QKᵀ/√d) over a short sequence. Two examples: the
   worked example of the Self-Attention page (three tokens, d = 2, with values, so the output
   vector can be shown) and a sentence with hand-set vectors (d = 4) where "It" looks back at
   "cat", as in the page's diagram. Neither is read out of a real model. */
import { barChart, buttons, choice, fitted, frame, h, percent, s, show, uid } from "./common.js";

export const EXAMPLES = {
  worked: {
    name: "Worked example: cat, sat, It (d = 2)",
    tokens: ["cat", "sat", "It"],
    // The query of "It", the keys and the values are the page's; the queries of "cat" and
    // "sat" are not given there and are set here only so that every row can be drawn.
    Q: [[1, 0], [1, 1], [1, 2]],
    K: [[2, 1], [0, 1], [1, -1]],
    V: [[1, 0], [0, 1], [0.5, 0.5]],
  },
  sentence: {
    name: "Longer sentence (d = 4)",
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
  },
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

/** The weighted sum of the value vectors. */
export function mix(weights, V) {
  return V[0].map((_, c) => weights.reduce((sum, w, j) => sum + w * V[j][c], 0));
}

/** Labels that tell repeated tokens apart: "the (5)", ". (7)". */
function labels(tokens) {
  return tokens.map((t, j) => (tokens.filter((u) => u.toLowerCase() === t.toLowerCase()).length > 1 ? `${t} (${j + 1})` : t));
}

export function mount(root) {
  const state = { example: "worked", query: 2, causal: true };
  const ui = frame(root, "Attention explorer",
    "Pick a token to see where it looks: its row of softmax(QKᵀ/√d). One head with hand-set vectors.");
  choice(ui.controls, {
    name: "example", label: "Example", value: state.example,
    options: Object.entries(EXAMPLES).map(([key, ex]) => [key, ex.name]),
    onInput: (v) => {
      state.example = v;
      state.query = EXAMPLES[v].tokens.indexOf("It");
      drawButtons();
      render();
    },
  });
  const picker = h("div");
  ui.controls.append(picker);
  let row = null;
  function drawButtons() {
    const { tokens } = EXAMPLES[state.example];
    picker.replaceChildren();
    row = buttons(picker, "Query token", tokens.map((t, i) => [String(i), t]), (value) => {
      state.query = Number(value);
      render();
    });
  }
  drawButtons();
  const maskId = uid("mask");
  const mask = h("input", { type: "checkbox", id: maskId, checked: true });
  mask.addEventListener("change", () => { state.causal = mask.checked; render(); });
  ui.controls.append(h("div", { class: "dl-field dl-field--check" }, mask,
    h("label", { for: maskId, text: "Causal mask (a decoder-only model cannot look at later tokens)" })));

  const rowChart = h("div", { class: "dl-demo__chart" });
  const output = h("output", { class: "dl-attention-output" });
  const outputLine = h("p", {}, "Output vector (weights × values): ", output);
  const heat = h("div", { class: "dl-demo__heatmap" });
  ui.output.append(rowChart, outputLine, heat);
  const drawHeat = fitted(heat, heatmap);

  /** The full matrix, drawn for `width` CSS pixels: cells shrink, the 13 px labels do not. */
  function heatmap(width) {
    const { tokens, Q, K } = EXAMPLES[state.example];
    const n = tokens.length;
    const longest = Math.max(...tokens.map((t) => t.length));
    const left = 14 + Math.ceil(longest * 7.5);  // 13 px labels, about 7.5 px a character
    const top = 14 + Math.ceil(longest * 6.5);  // the same labels turned 60 degrees
    const cell = Math.max(14, Math.min(40, Math.floor((Math.min(width, 460) - left - 4) / n)));
    const svg = s("svg", {
      class: "dl-heatmap", viewBox: `0 0 ${left + n * cell + 4} ${top + n * cell + 4}`,
      width: left + n * cell + 4, role: "img",
      "aria-label": "Full attention matrix: rows are queries, columns are keys; darker means more weight.",
    });
    tokens.forEach((t, j) => {
      svg.append(s("text", { class: "dl-chart__label", transform: `translate(${left + j * cell + cell / 2 + 4} ${top - 6}) rotate(-60)` }, t));
    });
    tokens.forEach((t, i) => {
      const weights = attentionRow(Q, K, i, state.causal);
      svg.append(s("text", { class: "dl-chart__label", x: left - 6, y: top + i * cell + cell / 2 + 4, "text-anchor": "end" }, t));
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
    const { tokens, Q, K, V } = EXAMPLES[state.example];
    const weights = attentionRow(Q, K, state.query, state.causal);
    for (const b of row.querySelectorAll("button")) {
      b.setAttribute("aria-pressed", String(Number(b.dataset.pick) === state.query));
    }
    const q = tokens[state.query];
    const names = labels(tokens);
    rowChart.replaceChildren(barChart(tokens.map((t, j) => ({
      label: names[j], value: weights[j], text: percent(weights[j]), muted: weights[j] === 0,
    })), { title: `Attention weights from “${q}”: ${tokens.map((t, j) => `${names[j]} ${percent(weights[j])}`).join(", ")}` }));
    outputLine.hidden = !V;
    if (V) {
      const out = mix(weights, V);
      show(output, out.join(","), `(${out.map((x) => x.toFixed(2)).join(", ")})`);
    }
    drawHeat();
    const order = weights.map((w, j) => [w, j]).sort((a, b) => b[0] - a[0]);
    ui.status.textContent = `“${q}” (token ${state.query + 1}) attends most to “${tokens[order[0][1]]}” (${percent(order[0][0])}), then “${tokens[order[1][1]]}” (${percent(order[1][0])}).`;
  }
  render();
}
