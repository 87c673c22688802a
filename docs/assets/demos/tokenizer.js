/* Tokenizer playground: byte-level BPE with merges learned at build time from this site's own
   text (bpe.json, written by scripts/glossary/demo_assets.py). Splitting matches
   scripts/glossary/bpe.py exactly: GPT-2 style pre-tokens, then merges applied by rank. */
import { buttons, frame, h, show, sig, uid } from "./common.js";

export const EXAMPLES = [
  ["english", "English", "Attention lets every token look back at the tokens before it and decide which ones matter."],
  ["code", "Python", "def softmax(xs):\n    m = max(xs)\n    es = [math.exp(x - m) for x in xs]\n    return [e / sum(es) for e in es]"],
  ["german", "German", "Die Aufmerksamkeit erlaubt jedem Token, auf alle früheren Token zurückzublicken."],
  ["japanese", "Japanese", "注意機構により、各トークンは前のすべてのトークンを参照できます。"],
  ["numbers", "Numbers", "In 2024, 3.14159 × 1,000,000 = 3141590 and 0x1F4 = 500."],
];

let vocabPromise = null;

/** The build-time vocabulary: {pattern, merges, pages, chars}. */
export function loadVocabulary() {
  vocabPromise ??= fetch(new URL("bpe.json", import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`bpe.json: HTTP ${r.status}`);
    return r.json();
  });
  return vocabPromise;
}

/** An encoder for the vocabulary: text → token ids, plus each id's bytes. */
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
  const utf8 = new TextEncoder();
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
  return { encode, pieces, size: pieces.length };
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

export async function mount(root) {
  const ui = frame(root, "Tokenizer playground",
    "Type or paste text. Each coloured chip is one token of a byte-level BPE vocabulary trained on this site's own pages when the site was built.");
  const vocab = await loadVocabulary();
  const bpe = encoder(vocab);
  const area = h("textarea", { id: uid("tok"), rows: 4, maxlength: 4000, spellcheck: "false", class: "dl-textarea" });
  ui.controls.append(h("div", { class: "dl-field dl-field--wide" },
    h("label", { for: area.id, text: "Text to tokenize" }), area));
  buttons(ui.controls, "Example texts", EXAMPLES.map(([key, name]) => [key, name]), (key) => {
    area.value = EXAMPLES.find(([k]) => k === key)[2];
    render();
  });

  const tokensOut = h("output", { class: "dl-tokens", for: area.id });
  const countOut = h("output", { class: "dl-token-count" });
  const charsOut = h("output", { class: "dl-char-count" });
  const ratioOut = h("output", { class: "dl-chars-per-token" });
  ui.output.append(
    h("p", { class: "dl-demo__stats" }, "Tokens: ", countOut, " · characters: ", charsOut, " · characters per token: ", ratioOut),
    tokensOut,
    h("p", { class: "dl-demo__note", text: `Vocabulary: ${bpe.size.toLocaleString("en-US")} tokens (256 bytes + ${vocab.merges.length.toLocaleString("en-US")} merges) learned from ${vocab.pages} pages. Production tokenizers have 30,000 to 200,000+ tokens, so they split less, but the pattern is the same: text unlike the training data costs more tokens.` }),
  );

  function render() {
    const text = area.value;
    const ids = bpe.encode(text);
    const chars = [...text].length;
    tokensOut.dataset.ids = ids.join(",");
    tokensOut.replaceChildren(...ids.map((id, i) => h("span", {
      class: `dl-tok dl-tok--${i % 5}`, title: `token ${id}`, text: label(bpe.pieces[id]),
    })));
    show(countOut, ids.length, ids.length.toLocaleString("en-US"));
    show(charsOut, chars, chars.toLocaleString("en-US"));
    const ratio = ids.length ? chars / ids.length : 0;
    show(ratioOut, ratio, ids.length ? sig(ratio) : "–");
    ui.status.textContent = `${ids.length} tokens for ${chars} characters.`;
  }
  area.addEventListener("input", render);
  area.value = EXAMPLES[0][2];
  render();
}
