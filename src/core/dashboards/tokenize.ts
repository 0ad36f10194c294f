/**
 * Tokenizer for titles, descriptions, metric names and queries: splits camelCase, snake_case,
 * dotted and slashed names into lower-case words, and matches vocabulary terms (word sequences)
 * against them, also when the words are glued together ("CodeWhisperer", "pagerduty").
 */

// "PRs", "APIs": a plural acronym stays one word.
const WORD = /[A-Z]{2,}s(?![a-z])|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g;

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) out.push(m[0].toLowerCase());
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
 * All vocabulary terms compiled into one map keyed by their glued form ("active users" →
 * "activeusers"), so a text is matched in one pass over its words without building every n-gram:
 * at each word, glue it with the next 0..3 words and look the result up. A glued hit is also a
 * spaced hit, so "active users", "ActiveUsers" and "active_users" all match "active users".
 */
export class TermMatcher {
  private readonly byGlued = new Map<string, string[]>();
  /** Proper prefixes of glued terms: extend a glued run only while it can still match ("code" → "codewhisperer"). */
  private readonly prefixes = new Set<string>();
  private readonly maxWords: number;
  private readonly maxLength: number;

  constructor(terms: Iterable<string>) {
    let maxWords = 1;
    let maxLength = 0;
    for (const term of terms) {
      const words = tokenize(term);
      if (words.length === 0) continue;
      const glued = words.join("");
      const normalized = words.join(" ");
      const list = this.byGlued.get(glued) ?? [];
      if (!list.includes(normalized)) list.push(normalized);
      this.byGlued.set(glued, list);
      for (let end = 1; end < glued.length; end++) this.prefixes.add(glued.slice(0, end));
      maxWords = Math.max(maxWords, words.length);
      maxLength = Math.max(maxLength, glued.length);
    }
    this.maxWords = Math.min(MAX_GRAM, maxWords);
    this.maxLength = maxLength;
  }

  /** Normalized terms found in any of the texts. */
  match(texts: readonly string[], found: Set<string> = new Set()): Set<string> {
    for (const text of texts) {
      if (text === "") continue;
      const tokens = tokenize(text);
      for (let i = 0; i < tokens.length; i++) {
        let glued = "";
        for (let n = 0; n < this.maxWords && i + n < tokens.length; n++) {
          glued += tokens[i + n] as string;
          if (glued.length > this.maxLength) break;
          const hits = this.byGlued.get(glued);
          if (hits) for (const h of hits) found.add(h);
          if (!this.prefixes.has(glued)) break;
        }
      }
    }
    return found;
  }
}
