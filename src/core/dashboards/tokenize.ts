/**
 * Tokenizer for titles, descriptions, metric names and queries: splits camelCase, snake_case,
 * dotted and slashed names into lower-case words, and matches vocabulary terms (word sequences)
 * against them, also when the words are glued together ("CodeWhisperer", "pagerduty").
 *
 * Both run in one pass over character codes: every query of every panel goes through here, so
 * no regex, no per-token strings while matching (DESIGN.md: scan within 3x of read + parse).
 */

/*
 * Words are what the regex /[A-Z]{2,}s(?![a-z])|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g finds (ASCII
 * only; "PRs", "APIs": a plural acronym stays one word). tokenSpans reproduces it by hand; the
 * tests check it against that regex on arbitrary text.
 */

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Token boundaries of the last text scanned: reused buffers, [start, end) pairs. */
let spans = new Int32Array(256);

/** Scans `text` into `spans` and returns the number of tokens. */
function tokenSpans(text: string): number {
  const len = text.length;
  let count = 0;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    let end: number;
    if (isLower(c)) {
      end = i + 1;
      while (end < len && isLower(text.charCodeAt(end))) end++;
    } else if (isDigit(c)) {
      end = i + 1;
      while (end < len && isDigit(text.charCodeAt(end))) end++;
    } else if (isUpper(c)) {
      let run = i + 1;
      while (run < len && isUpper(text.charCodeAt(run))) run++;
      const upper = run - i;
      const next = run < len ? text.charCodeAt(run) : -1;
      if (upper >= 2 && next === 115 /* s */ && !(run + 1 < len && isLower(text.charCodeAt(run + 1)))) end = run + 1; // "PRs"
      else if (!isLower(next)) end = run; // "AWS"
      else if (upper >= 2) end = run - 1; // "HTTPServer": "HTTP", then "Server"
      else {
        end = run + 1; // "Weekly"
        while (end < len && isLower(text.charCodeAt(end))) end++;
      }
    } else {
      i++;
      continue;
    }
    if (2 * count + 2 > spans.length) {
      const grown = new Int32Array(spans.length * 2);
      grown.set(spans);
      spans = grown;
    }
    spans[2 * count] = i;
    spans[2 * count + 1] = end;
    count++;
    i = end;
  }
  return count;
}

export function tokenize(text: string): string[] {
  const out: string[] = [];
  const count = tokenSpans(text);
  for (let t = 0; t < count; t++) out.push(text.slice(spans[2 * t], spans[2 * t + 1]).toLowerCase());
  return out;
}

const MAX_GRAM = 4;

/** A vocabulary term in the form TermMatcher reports it ("Q Developer" → "q developer"). */
export function normalizeTerm(term: string): string {
  return tokenize(term).join(" ");
}

export function matchedTerms(found: ReadonlySet<string>, terms: readonly string[]): string[] {
  return terms.filter((t) => t !== "" && found.has(t));
}

export function anyMatched(found: ReadonlySet<string>, terms: readonly string[]): boolean {
  if (found.size === 0) return false;
  for (const t of terms) if (t !== "" && found.has(t)) return true;
  return false;
}

/** Trie slot of a token character: a-z (either case) 0..25, digits 26..35. */
function slot(c: number): number {
  if (isLower(c)) return c - 97;
  if (isUpper(c)) return c - 65;
  return 26 + c - 48;
}
const SLOTS = 36;

/**
 * All vocabulary terms compiled into one character trie of their glued form ("active users" →
 * "activeusers"), so a text is matched in one pass over its words without building n-grams: at
 * each word, walk the trie through it and the next words (up to 4) while the trie has a path; a
 * word boundary on a term's end is a hit. A glued hit is also a spaced hit, so "active users",
 * "ActiveUsers" and "active_users" all match "active users".
 */
export class TermMatcher {
  /** children[node * SLOTS + slot] = child node, 0 = none (the root is never a child). */
  private children = new Int32Array(SLOTS * 64);
  private nodes = 1;
  /** Normalized terms ending at a node. */
  private readonly hits: (string[] | undefined)[] = [];
  private readonly maxWords: number;

  constructor(terms: Iterable<string>) {
    let maxWords = 1;
    for (const term of terms) {
      const words = tokenize(term);
      if (words.length === 0) continue;
      const glued = words.join("");
      const normalized = words.join(" ");
      let node = 0;
      for (let i = 0; i < glued.length; i++) node = this.child(node, slot(glued.charCodeAt(i)));
      const list = (this.hits[node] ??= []);
      if (!list.includes(normalized)) list.push(normalized);
      maxWords = Math.max(maxWords, words.length);
    }
    this.maxWords = Math.min(MAX_GRAM, maxWords);
  }

  private child(node: number, s: number): number {
    const at = node * SLOTS + s;
    const existing = this.children[at] as number;
    if (existing !== 0) return existing;
    const created = this.nodes++;
    if ((created + 1) * SLOTS > this.children.length) {
      const grown = new Int32Array(this.children.length * 2);
      grown.set(this.children);
      this.children = grown;
    }
    this.children[at] = created;
    return created;
  }

  /** Normalized terms found in any of the texts (words are not glued across texts). */
  match(texts: readonly string[], found: Set<string> = new Set()): Set<string> {
    for (const text of texts) this.matchText(text, found);
    return found;
  }

  /** Adds the normalized terms found in one text to `found`. */
  matchText(text: string, found: Set<string>): Set<string> {
    if (text === "") return found;
    const count = tokenSpans(text);
    const { children, hits, maxWords } = this;
    for (let t = 0; t < count; t++) {
      let node = 0;
      words: for (let n = 0; n < maxWords && t + n < count; n++) {
        const end = spans[2 * (t + n) + 1] as number;
        for (let i = spans[2 * (t + n)] as number; i < end; i++) {
          node = children[node * SLOTS + slot(text.charCodeAt(i))] as number;
          if (node === 0) break words;
        }
        const h = hits[node];
        if (h) for (const term of h) found.add(term);
      }
    }
    return found;
  }
}
