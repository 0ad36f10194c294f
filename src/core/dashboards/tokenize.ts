/**
 * Tokenizer for titles, descriptions, metric names and queries: splits camelCase, snake_case,
 * dotted and slashed names into lower-case words, and matches vocabulary terms (word sequences)
 * against them, also when the words are glued together ("CodeWhisperer", "pagerduty").
 *
 * Every query of every panel goes through here (issue 6: scan within 3x of read + parse), so
 * both work on bytes through lookup tables: no regex, no per-token strings while matching.
 */

/*
 * Words are what the regex /[A-Z]{2,}s(?![a-z])|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g finds (ASCII
 * only; "PRs", "APIs": a plural acronym stays one word). Scanner.scan reproduces it by hand on
 * the text's UTF-8 bytes, where every byte of a non-ASCII character is >= 0x80 and so, like the
 * character, separates words. The tests check it against that regex on arbitrary text.
 */

// Literal class numbers in the hot loops: 0 separates words.
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const CLASS = new Uint8Array(256);
/** Trie slot of a word byte: a-z (either case) 0..25, digits 26..35. */
const SLOT = new Uint8Array(256);
for (let c = 0; c < 26; c++) {
  CLASS[97 + c] = LOWER;
  CLASS[65 + c] = UPPER;
  SLOT[97 + c] = c;
  SLOT[65 + c] = c;
}
for (let c = 0; c < 10; c++) {
  CLASS[48 + c] = DIGIT;
  SLOT[48 + c] = 26 + c;
}
const SLOTS = 36;

const utf8 = new TextEncoder();

/** Buffers larger than this are dropped after use rather than kept for the next text. */
const KEEP_BYTES = 1 << 20;

/**
 * The bytes of the last text scanned and its words as [start, end) byte offsets. The text is
 * copied into bytes first (natively) because indexing strings of mixed representations (one-
 * and two-byte, concatenated, sliced) in one loop is several times slower than indexing bytes.
 */
class Scanner {
  bytes = new Uint8Array(4096);
  spans = new Int32Array(1024);

  /** Scans `text` and returns the number of words. */
  scan(text: string): number {
    const first = utf8.encodeInto(text, this.bytes);
    let written = first.written;
    if (first.read < text.length) {
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      this.bytes = new Uint8Array(3 * text.length);
      written = utf8.encodeInto(text, this.bytes).written;
    }
    const bytes = this.bytes;
    const len = written;
    let spans = this.spans;
    let count = 0;
    let i = 0;
    while (i < len) {
      const kind = CLASS[bytes[i] as number];
      if (kind === 0) {
        i++;
        continue;
      }
      let end = i + 1;
      if (kind === 2) {
        let run = i + 1;
        while (run < len && CLASS[bytes[run] as number] === 2) run++;
        const upper = run - i;
        const next = run < len ? (bytes[run] as number) : 0;
        if (upper >= 2 && next === 115 /* s */ && !(run + 1 < len && CLASS[bytes[run + 1] as number] === 1)) end = run + 1; // "PRs"
        else if (CLASS[next] !== 1) end = run; // "AWS"
        else if (upper >= 2) end = run - 1; // "HTTPServer": "HTTP", then "Server"
        else {
          end = run + 1; // "Weekly"
          while (end < len && CLASS[bytes[end] as number] === 1) end++;
        }
      } else while (end < len && CLASS[bytes[end] as number] === kind) end++; // a lower-case or digit run
      if (2 * count + 2 > spans.length) {
        const grown = new Int32Array(2 * spans.length);
        grown.set(spans);
        spans = this.spans = grown;
      }
      spans[2 * count] = i;
      spans[2 * count + 1] = end;
      count++;
      i = end;
    }
    return count;
  }

  /** Drops buffers a very long text made large. */
  release(): void {
    if (this.bytes.length > KEEP_BYTES) this.bytes = new Uint8Array(4096);
    if (4 * this.spans.length > KEEP_BYTES) this.spans = new Int32Array(1024);
  }
}

export function tokenize(text: string): string[] {
  const scanner = new Scanner();
  const count = scanner.scan(text);
  const { bytes, spans } = scanner;
  const out: string[] = [];
  for (let t = 0; t < count; t++) {
    let word = "";
    for (let i = spans[2 * t] as number; i < (spans[2 * t + 1] as number); i++) word += String.fromCharCode((bytes[i] as number) | 0x20); // ASCII lower case
    out.push(word);
  }
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

/**
 * All vocabulary terms compiled into one byte trie of their glued form ("active users" →
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
  private readonly scanner = new Scanner();

  constructor(terms: Iterable<string>) {
    for (const term of terms) {
      const words = tokenize(term);
      if (words.length === 0) continue;
      const glued = words.join("");
      const normalized = words.join(" ");
      let node = 0;
      for (let i = 0; i < glued.length; i++) node = this.child(node, SLOT[glued.charCodeAt(i)] as number);
      const list = (this.hits[node] ??= []);
      if (!list.includes(normalized)) list.push(normalized);
    }
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
    const count = this.scanner.scan(text);
    const { bytes, spans } = this.scanner;
    const { children, hits } = this;
    for (let t = 0; t < count; t++) {
      let node = 0;
      // Up to MAX_GRAM words whatever the longest term: spaced words can spell a glued term ("Code Whisperer").
      words: for (let n = 0; n < MAX_GRAM && t + n < count; n++) {
        const end = spans[2 * (t + n) + 1] as number;
        for (let i = spans[2 * (t + n)] as number; i < end; i++) {
          node = children[node * SLOTS + (SLOT[bytes[i] as number] as number)] as number;
          if (node === 0) break words;
        }
        const h = hits[node];
        if (h !== undefined) for (const term of h) found.add(term);
      }
    }
    this.scanner.release();
    return found;
  }
}
