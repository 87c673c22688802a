/* The site's search ranking, loaded by search-worker.js on the reader's first query, with
   MiniSearch (docs/assets/vendor/minisearch/): it indexes search/documents.json (one record per
   page, scripts/dl_glossary/build/search_index.py) and turns a query into the result items
   Material renders. How a query is read:

   - question and filler words ("what", "why", "my", "the") are left out unless the query has
     nothing else;
   - the last word matches as a prefix while the reader types ("hallucin"; from two letters,
     or from one as the start of a name: "kv c" finds KV Cache);
   - words of five letters or more match with one edit ("temprature", "halucination");
   - British and American spellings, singular and plural, and inflections ("repeating",
     "repeated") are read as one word;
   - titles, aliases, questions and symptoms outrank summaries and prose; words that most
     pages use count for little; a page that is not a concept weighs less;
   - a query that is a concept's name, one typo away from it, or (while typed) its start puts
     that concept first;
   - the first hit, when it is a concept, is shown as a definition card with its summary. */
"use strict";

/* Field boosts: what people type first (names), then what they ask, then what the page says. */
const BOOST = { title: 4, aliases: 3, questions: 3, summary: 2, body: 1 };
const MAX_RESULTS = 30;
/* A page whose question or symptom covers the whole query (by weight) scores this much more:
   the reader asked what the page says it answers. The best hits are re-ranked so. */
const QUESTION_MATCH = 1;
const RERANKED = 100;
const FUZZY_FROM = 5;  /* letters: shorter words must match exactly (or as the typed prefix) */
const MAX_NAME_WORDS = 5;  /* longer queries are not compared with names letter by letter */

/* Question and filler words: they say how a reader asks, not what about. ("same", "out",
   "over", "off", "before", "after" and "until" are not among them: "the same answer", "out of
   memory", "over and over", "cut off", "slow after a few turns" are what a reader sees.) */
const STOP_WORDS = new Set((
  "a about also am an and any anything are as at be been being but by can could " +
  "did do does doing done even every for from get gets getting go goes got had has have having " +
  "here how i if in into is it its itself just keep keeps kept many me more most much my myself " +
  "need needs no not of on once only or other our own really should so some something still " +
  "such than that the their them then there these they thing things this those through to too " +
  "up very vs versus want was we were what when where whether which while who whom why " +
  "will with would you your yours yourself"
).split(" "));

/* Words readers use that the pages spell out: each also searches for the words it stands for. */
const SYNONYMS = new Map([
  ["vram", ["gpu", "memory"]], ["oom", ["out", "memory"]], ["gpus", ["gpu"]],
  ["llms", ["llm"]], ["repetitive", ["repeat"]], ["repetition", ["repeat"]],
]);

/* British spellings (and a few irregular ones) as American: applied to the index and to
   queries alike, so either spelling finds both. */
const SPELLINGS = new Map([
  ["licence", "license"], ["licences", "licenses"], ["licenced", "licensed"],
  ["defence", "defense"], ["offence", "offense"], ["programme", "program"],
  ["programmes", "programs"], ["artefact", "artifact"], ["artefacts", "artifacts"],
  ["grey", "gray"], ["judgement", "judgment"], ["aluminium", "aluminum"],
]);
const SPELLING_RULES = [
  [/^(.{3,})is(e|es|ed|er|ers|ing|ation|ations|ational)?$/, "$1iz$2"],  /* tokenise, -isation */
  [/^(.{2,})ys(e|es|ed|er|ers|ing)$/, "$1yz$2"],                         /* analyse */
  [/^(.{3,})our(s|ed|ing|al|able)?$/, "$1or$2"],                         /* behaviour, colour */
  [/^(.{2,})ell(ed|ing|er|ers)$/, "$1el$2"],                             /* modelling, labelled */
  [/^(.{2,}[^aeiou])tre(s)?$/, "$1ter$2"],                               /* centre, litre */
  [/^(.{3,})ogue(s)?$/, "$1og$2"],                                       /* dialogue, catalogue */
];

/* One word as the index stores it: lower case, American spelling, singular, uninflected. */
const normalised = new Map();
function normaliseWord(word) {
  let term = normalised.get(word);
  if (term === undefined) {
    term = normaliseNew(word);
    normalised.set(word, term);
  }
  return term;
}

function normaliseNew(word) {
  let term = word.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/['’]s$/, "");
  if (SPELLINGS.has(term)) {
    term = SPELLINGS.get(term);
  } else {
    const rule = SPELLING_RULES.find(([pattern]) => pattern.test(term));
    if (rule) term = term.replace(rule[0], rule[1]);
  }
  if (term.length > 4 && term.endsWith("ies")) term = term.slice(0, -3) + "y";
  else if (term.length >= 4 && term.endsWith("s") && !/(ss|us|is|ics)$/.test(term)) {
    term = term.slice(0, -1);
  }
  return stem(term);
}

/* Inflections folded, the same way in the index and in queries ("repeating", "repeated" ->
   "repeat"; "quantization", "quantized" -> "quantiz"), keeping at least four letters. */
const ENDINGS = [
  [/(.{4,})ization$/, "$1ize"], [/(.{4,})ation$/, "$1ate"], [/(.{4,})iz(ing|ed|er)$/, "$1ize"],
  [/(.{4,})ing$/, "$1"], [/(.{4,})ed$/, "$1"],
];
function stem(term) {
  if (/\d/.test(term)) return term;
  for (const [pattern, replacement] of ENDINGS) {
    if (pattern.test(term)) {
      term = term.replace(pattern, replacement);
      break;
    }
  }
  return term.length >= 5 && term.endsWith("e") ? term.slice(0, -1) : term;
}

const WORDS = /[\p{L}\p{N}]+/gu;
function words(text) {
  return String(text).match(WORDS) || [];
}

/* Stop words are kept in names and questions (so a query of only stop words still finds
   something) and left out of summaries and prose. */
function processTerm(term, field) {
  const lower = term.toLowerCase();
  if ((field === "summary" || field === "body") && STOP_WORDS.has(lower)) return null;
  return normaliseWord(lower);
}

/* The words of a query that count: its content words, or all of them when it has none. */
function queryWords(query) {
  const all = words(query).map((w) => w.toLowerCase());
  const content = all.filter((w) => !STOP_WORDS.has(w));
  const kept = content.length ? content : all;
  /* Still typing the last word: it ends the query and is short or no word of the site yet. */
  const lastWord = kept.length ? kept[kept.length - 1] : "";
  const typing = /[\p{L}\p{N}]$/u.test(query) && lastWord === all[all.length - 1] &&
    (lastWord.length <= 3 || !vocabulary.has(normaliseWord(lastWord)));
  const meant = kept.flatMap((w) => SYNONYMS.get(w) || []);
  return { all: [...meant, ...kept], typing };  /* the typed word stays last */
}

/* A name as a key: letters and digits only, singular ("Top-p", "top p", "TOP P" -> "topp"). */
function nameKey(text) {
  return words(text).map(normaliseWord).join("");
}

let engine = null;
let documents = [];
const names = new Map();  /* name key -> document indexes */
const frequency = new Map();  /* word -> how many pages use it */
const vocabulary = new Set();  /* every word of every field, as indexed */

/* Words that most pages use ("model", "training") count for little, wherever they match:
   1 for a word on at most one page in RARE, falling with the share of pages that use it. */
const RARE = 20;
function termWeight(term) {
  const pages = frequency.get(term);
  if (!pages) return 1;
  const weight = Math.log(documents.length / pages) / Math.log(RARE);
  return Math.min(1, Math.max(0.05, weight));
}

async function load(documentsUrl) {
  const response = await fetch(documentsUrl);
  const data = await response.json();
  documents = data.docs;
  const index = new self.MiniSearch({
    fields: ["title", "aliases", "questions", "summary", "body"],
    idField: "id",
    extractField: (doc, field) => {
      const value = {
        id: doc.id, title: doc.t, aliases: doc.a, questions: doc.q, summary: doc.s, body: doc.b,
      }[field];
      return Array.isArray(value) ? value.join(" \n ") : value;
    },
    tokenize: words,
    processTerm,
    searchOptions: {
      boost: BOOST,
      boostDocument: (id) => documents[id].w || 1,
      boostTerm: termWeight,
      processTerm: (term) => normaliseWord(term),
    },
  });
  documents.forEach((doc, id) => {
    doc.id = id;
    doc.qWords = (doc.q || []).map((q) => new Set(words(q).map(normaliseWord)));
    for (const text of [doc.t, doc.s, doc.b, ...(doc.a || []), ...(doc.q || [])]) {
      for (const word of words(text || "")) vocabulary.add(normaliseWord(word));
    }
  });
  index.addAll(documents);
  documents.forEach((doc, id) => {
    for (const word of new Set(words(doc.b || "").map(normaliseWord))) {
      frequency.set(word, (frequency.get(word) || 0) + 1);
    }
    for (const name of [doc.t, ...(doc.a || [])]) {
      const key = nameKey(name);
      if (!names.has(key)) names.set(key, []);
      names.get(key).push(id);
    }
  });
  engine = index;
}

/* Edits between two name keys, or limit + 1 once it is clear they differ by more. */
function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    previous = row;
  }
  return previous[b.length];
}

/* The concepts a query names: exactly ("kv cache", "KV-caches"), with a typo (one edit from
   five letters, two from twelve: "temprature", "retreival augmented generation"), or, while
   the last word is still being typed and is not a word of its own, as the start of a name
   ("mixture of exp"). */
function namedDocuments(query, typing) {
  const key = nameKey(query);
  if (names.has(key)) return names.get(key);
  const count = words(query).length;
  if (key.length >= 5 && count <= MAX_NAME_WORDS) {
    const limit = key.length >= 12 ? 2 : 1;
    let best = [];
    let bestDistance = limit + 1;
    for (const [name, ids] of names) {
      const distance = editDistance(key, name, limit);
      if (distance < bestDistance) {
        best = ids;
        bestDistance = distance;
      } else if (distance === bestDistance && distance <= limit) {
        best = best.concat(ids);
      }
    }
    if (best.length) return [...new Set(best)];
  }
  const last = normaliseWord(words(query).pop() || "");
  if (typing && key.length >= (count > 1 ? 3 : 4) && count <= MAX_NAME_WORDS &&
      !frequency.has(last)) {
    let shortest = null;
    for (const name of names.keys()) {
      if (name.startsWith(key) && (shortest === null || name.length < shortest.length)) {
        shortest = name;
      }
    }
    if (shortest !== null) return names.get(shortest);
  }
  return [];
}


function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => (
    { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]
  ));
}

/* Mark the query words (of two letters or more) where a word of the text starts with them. */
function highlight(text, terms) {
  const escaped = escapeHtml(text);
  const wanted = terms.filter((t) => t.length > 1).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!wanted.length) return escaped;
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])(${wanted.join("|")})`, "giu");
  return escaped.replace(pattern, '$1<mark data-md-highlight>$2</mark>');
}

/* The question or symptom of a concept that shares most words with the query (if any). */
/* The question or symptom of a page that shares the most with the query: the share of the
   query's weight (termWeight) its words cover, and the question itself. */
function questionMatch(doc, wanted, total) {
  let best = { share: 0, count: 0, question: null };
  (doc.q || []).forEach((question, i) => {
    let weight = 0;
    let count = 0;
    for (const [term, termWeightValue] of wanted) {
      if (doc.qWords[i].has(term)) {
        weight += termWeightValue;
        count += 1;
      }
    }
    if (weight / total > best.share) best = { share: weight / total, count, question };
  });
  return best;
}

function shorten(text, limit) {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  return cut.slice(0, Math.max(cut.lastIndexOf(" "), limit - 20)) + " …";
}

function item(doc, score, terms, first, question) {
  const isConcept = doc.c === 1;
  let text;
  if (isConcept) {
    const label = first ? '<span class="dl-search-card__label">Definition</span> ' : "";
    text = `<p class="dl-search-summary${first ? " dl-search-card" : ""}">${label}` +
      `${highlight(doc.s, terms)}</p>`;
    if (question) text += `<p class="dl-search-question">${highlight(question, terms)}</p>`;
  } else {
    text = doc.s ? `<p class="dl-search-summary">${highlight(shorten(doc.s, 180), terms)}</p>` : "";
  }
  const matched = {};
  for (const term of terms) matched[term] = true;
  return {
    location: doc.u,
    title: highlight(doc.t, terms),
    text,
    score,
    terms: matched,
  };
}

function search(query, suggest) {
  const { all: terms, typing } = queryWords(query);
  if (!terms.length) return { items: [] };
  const last = terms.length - 1;
  const hits = engine.search(terms.join(" "), {
    prefix: (term, i) => typing && i === last && term.length > 1,
    fuzzy: (term) => (term.length >= FUZZY_FROM ? 1 : 0),
  }).slice(0, RERANKED);
  const wanted = new Map(terms.map((t) => [normaliseWord(t), termWeight(normaliseWord(t))]));
  const total = [...wanted.values()].reduce((a, b) => a + b, 0);
  for (const hit of hits) {
    const match = questionMatch(documents[hit.id], wanted, total);
    if (wanted.size > 1) hit.score *= 1 + QUESTION_MATCH * match.share;
    if (match.count > 1) hit.question = match.question;
  }
  hits.sort((a, b) => b.score - a.score);
  hits.length = Math.min(hits.length, MAX_RESULTS);
  const named = namedDocuments(query, typing);
  if (named.length) {
    const top = hits.length ? hits[0].score : 0;
    for (const id of named) {
      const at = hits.findIndex((hit) => hit.id === id);
      const hit = at >= 0 ? hits.splice(at, 1)[0] : { id, score: 0 };
      hit.score = top + 1 + hit.score / 1000;
      hits.unshift(hit);
    }
    hits.sort((a, b) => b.score - a.score);
  }
  const items = hits.map((hit, i) => [item(documents[hit.id], hit.score, terms, i === 0,
    hit.question)]);
  const result = { items };
  if (suggest) {
    const typed = (words(query).pop() || "").toLowerCase();
    const title = hits.length ? words(documents[hits[0].id].t).map((w) => w.toLowerCase()) : [];
    const completion = typing && typed ? title.find((w) => w.startsWith(typed) && w !== typed) : undefined;
    result.suggest = completion ? [completion] : [];
  }
  return result;
}

self.siteSearch = { load, search };
