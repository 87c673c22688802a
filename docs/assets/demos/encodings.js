/* The real encodings of the tokenizer playground, imported only when a reader picks one:
   o200k_base and cl100k_base as OpenAI published them (rank files from npm's gpt-tokenizer, MIT,
   served from this site under assets/vendor/), split and merged as tiktoken does. */

/** Unicode White_Space, as Rust's and Python's `\s` read it (JavaScript's `\s` differs). */
const W = String.raw`\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
const CONTRACTIONS = "(?i:'s|'t|'re|'ve|'m|'ll|'d)";

/** The real encodings: tiktoken's published pre-tokenisation patterns in JavaScript syntax.
    Possessive quantifiers (cl100k_base) are dropped where they cannot change a match, and
    `\s++$` is `\s+$`. */
export const ENCODINGS = {
  o200k_base: {
    file: "../vendor/gpt-tokenizer/o200k_base.tiktoken",
    pattern: [
      String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+${CONTRACTIONS}?`,
      String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*${CONTRACTIONS}?`,
      String.raw`\p{N}{1,3}`,
      String.raw` ?[^${W}\p{L}\p{N}]+[\r\n/]*`,
      String.raw`[${W}]*[\r\n]+`,
      String.raw`[${W}]+(?![^${W}])`,
      String.raw`[${W}]+`,
    ].join("|"),
  },
  cl100k_base: {
    file: "../vendor/gpt-tokenizer/cl100k_base.tiktoken",
    pattern: [
      CONTRACTIONS,
      String.raw`[^\r\n\p{L}\p{N}]?\p{L}+`,
      String.raw`\p{N}{1,3}`,
      String.raw` ?[^${W}\p{L}\p{N}]+[\r\n]*`,
      String.raw`[${W}]+$`,
      String.raw`[${W}]*[\r\n]`,
      String.raw`[${W}]+(?![^${W}])`,
      String.raw`[${W}]`,
    ].join("|"),
  },
};

/** The pattern as a global Unicode RegExp; browsers without `(?i:…)` groups get each letter
    of those groups as a two-case class instead. */
export function compile(pattern) {
  try {
    return new RegExp(pattern, "gu");
  } catch {
    return new RegExp(pattern.replace(/\(\?i:([^)]*)\)/g,
      (_, body) => `(?:${body.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`)})`), "gu");
  }
}

const utf8 = new TextEncoder();

/** Text as a "binary string": one character per UTF-8 byte (how the rank table is keyed). */
function binary(text) {
  let out = "";
  for (const b of utf8.encode(text)) out += String.fromCharCode(b);
  return out;
}

/** tiktoken's encoder over a rank table: split by the pattern, then merge each piece's bytes,
    always joining the adjacent pair whose joined bytes have the lowest rank (leftmost on a tie). */
export function rankEncoder(text, pattern) {
  const ranks = new Map();
  const pieces = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    const [token, r] = line.split(" ");
    const bytes = atob(token);
    ranks.set(bytes, Number(r));
    pieces[Number(r)] = bytes;
  }
  const split = compile(pattern);
  const cache = new Map();

  function merge(piece) {
    const direct = ranks.get(piece);
    if (direct !== undefined) return [direct];
    const starts = Array.from({ length: piece.length + 1 }, (_, i) => i);
    const rankAt = (i) => (i + 2 < starts.length
      ? ranks.get(piece.slice(starts[i], starts[i + 2])) ?? Infinity : Infinity);
    const pair = starts.slice(0, -1).map((_, i) => rankAt(i));
    while (starts.length > 2) {
      let best = Infinity;
      let at = -1;
      for (let i = 0; i < pair.length; i += 1) if (pair[i] < best) { best = pair[i]; at = i; }
      if (at < 0) break;
      starts.splice(at + 1, 1);
      pair.splice(at + 1, 1);
      pair[at] = rankAt(at);
      if (at > 0) pair[at - 1] = rankAt(at - 1);
    }
    const out = [];
    for (let i = 0; i + 1 < starts.length; i += 1) out.push(ranks.get(piece.slice(starts[i], starts[i + 1])));
    return out;
  }

  function encode(input) {
    const out = [];
    for (const [piece] of input.matchAll(split)) {
      const key = binary(piece);
      if (!cache.has(key)) cache.set(key, merge(key));
      out.push(...cache.get(key));
    }
    return out;
  }
  return { encode, bytes: (id) => Uint8Array.from(pieces[id], (c) => c.charCodeAt(0)), size: ranks.size };
}

const loaded = new Map();

/** A real encoding, fetched from this site the first time it is picked. */
export function loadEncoding(key) {
  if (!loaded.has(key)) {
    const spec = ENCODINGS[key];
    loaded.set(key, fetch(new URL(spec.file, import.meta.url)).then((r) => {
      if (!r.ok) throw new Error(`${key}: HTTP ${r.status}`);
      return r.text();
    }).then((text) => rankEncoder(text, spec.pattern)).catch((err) => {
      loaded.delete(key);
      throw err;
    }));
  }
  return loaded.get(key);
}

