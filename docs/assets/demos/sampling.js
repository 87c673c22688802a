/* Sampling playground: temperature, top-k and top-p applied to one next-token distribution.
   Order of operations, as in common inference libraries: divide the logits by the temperature,
   softmax, keep the k most likely tokens, keep the smallest top set whose probability reaches p,
   renormalise. Temperature 0 means greedy decoding (all probability on the top token). */
import { barChart, buttons, dataTable, frame, h, percent, show, sig, slider } from "./common.js";

export const PROMPT = "The cat sat on the";
/** The next-token logits of the worked example on the Temperature, Top-p and Top-k Sampling
    pages (illustrative, not from a real model); each token carries its leading space. */
export const LOGITS = [[" mat", 2.0], [" floor", 1.0], [" sofa", 0.5], [" moon", -1.0]];

/** Softmax of logits / temperature (greedy one-hot at temperature 0). */
export function softmax(logits, temperature) {
  if (temperature === 0) {
    const best = logits.indexOf(Math.max(...logits));
    return logits.map((_, i) => (i === best ? 1 : 0));
  }
  const scaled = logits.map((z) => z / temperature);
  const top = Math.max(...scaled);
  const exps = scaled.map((z) => Math.exp(z - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Which tokens survive top-k then top-p, and the renormalised distribution. */
export function filter(probs, topK, topP) {
  const order = probs.map((p, i) => [p, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const keep = new Set();
  const kept = order.slice(0, Math.max(1, topK));
  const keptTotal = kept.reduce((sum, [p]) => sum + p, 0);
  let cumulative = 0;
  for (const [p, i] of kept) {
    if (keep.size > 0 && cumulative >= topP) break;
    keep.add(i);
    cumulative += p / keptTotal;
  }
  const total = probs.reduce((sum, p, i) => sum + (keep.has(i) ? p : 0), 0);
  return { keep, final: probs.map((p, i) => (keep.has(i) ? p / total : 0)) };
}

/** Shannon entropy in bits. */
export function entropy(probs) {
  return probs.reduce((sum, p) => (p > 0 ? sum - p * Math.log2(p) : sum), 0);
}

/** A token as the demo shows it: without its leading space. */
const label = (token) => token.trim();

function randomUnit() {
  const word = new Uint32Array(1);
  crypto.getRandomValues(word);
  return word[0] / 2 ** 32;
}

export function mount(root) {
  const tokens = LOGITS.map(([t]) => t);
  const logits = LOGITS.map(([, z]) => z);
  const n = tokens.length;
  const state = { temperature: 1, topK: n, topP: 1, samples: [] };
  const ui = frame(root, `Sampling playground: “${PROMPT} …”`,
    "The four candidate tokens and logits of the example above. Move the sliders and watch the distribution the sampler draws from.");
  const sampled = h("output", { class: "dl-samples", "aria-live": "polite" });
  /** New settings make earlier draws stale: they came from another distribution. */
  const changed = (apply) => (v) => {
    apply(v);
    state.samples = [];
    show(sampled, "", "");
    render();
  };

  slider(ui.controls, {
    name: "temperature", label: "Temperature", min: 0, max: 2, step: 0.05, value: 1,
    format: (v) => (v === 0 ? "0 (greedy)" : v.toFixed(2)),
    onInput: changed((v) => { state.temperature = v; }),
  });
  slider(ui.controls, {
    name: "top-k", label: "Top-k", min: 1, max: n, step: 1, value: n,
    format: (v) => (v === n ? `${v} (off)` : String(v)),
    onInput: changed((v) => { state.topK = v; }),
  });
  slider(ui.controls, {
    name: "top-p", label: "Top-p", min: 0.05, max: 1, step: 0.05, value: 1,
    format: (v) => (v === 1 ? "1.00 (off)" : v.toFixed(2)),
    onInput: changed((v) => { state.topP = v; }),
  });

  const chart = h("div", { class: "dl-demo__chart" });
  const stats = h("p", { class: "dl-demo__stats" });
  const entropyOut = h("output", { class: "dl-entropy" });
  const keptOut = h("output", { class: "dl-kept" });
  stats.append("Entropy: ", entropyOut, " · tokens kept: ", keptOut);
  const rows = tokens.map((token, i) => {
    const cells = [h("td", { class: "dl-prob-before" }), h("td", { class: "dl-prob" })];
    return h("tr", { "data-token": token }, h("th", { scope: "row", text: label(token) }),
      h("td", { text: sig(logits[i]) }), ...cells);
  });
  const table = dataTable("Probabilities before and after the top-k and top-p filters",
    ["Token", "Logit", "After temperature", "Sampled from"], rows);
  const details = h("details", { class: "dl-demo__numbers" }, h("summary", { text: "Show the numbers" }), table);

  buttons(ui.output, "Sampling", [["1", "Sample a token"], ["10", "Sample 10"]], (count) => {
    for (let j = 0; j < Number(count); j += 1) state.samples.push(label(draw()));
    state.samples = state.samples.slice(-20);
    show(sampled, state.samples.join(","), `${PROMPT} … ${state.samples.slice(-10).join(", ")}`);
  });
  ui.output.append(sampled, chart, stats, details);

  let current = [];
  function draw() {
    let u = randomUnit();
    for (let i = 0; i < n; i += 1) {
      u -= current[i];
      if (u < 0 && current[i] > 0) return tokens[i];
    }
    return tokens[current.findIndex((p) => p > 0)];
  }

  function render() {
    const before = softmax(logits, state.temperature);
    const { keep, final } = filter(before, state.topK, state.topP);
    current = final;
    chart.replaceChildren(barChart(tokens.map((token, i) => ({
      label: label(token), value: final[i], text: keep.has(i) ? percent(final[i]) : "filtered", muted: !keep.has(i),
    })), { title: `Probabilities of the next token: ${tokens.map((t, i) => `${label(t)} ${keep.has(i) ? percent(final[i]) : "filtered"}`).join(", ")}` }));
    rows.forEach((row, i) => {
      const [beforeCell, finalCell] = row.querySelectorAll("td.dl-prob-before, td.dl-prob");
      show(beforeCell, before[i], percent(before[i]));
      show(finalCell, final[i], keep.has(i) ? percent(final[i]) : "filtered");
      row.classList.toggle("dl-row--muted", !keep.has(i));
    });
    const bits = entropy(final);
    show(entropyOut, bits, `${bits.toFixed(2)} bits`);
    show(keptOut, keep.size, `${keep.size} of ${n}`);
    ui.status.textContent = `Most likely: ${label(tokens[final.indexOf(Math.max(...final))])} at ${percent(Math.max(...final))}; ${keep.size} of ${n} tokens kept; entropy ${bits.toFixed(2)} bits.`;
  }
  render();
}
